//! A UDP echo server on tokio with segmentation offload both ways (feature `tokio`, Linux):
//! what a QUIC server does with quinn-udp, typed.
//!
//! The server is a `UdpGro` socket (`with_gro()`): the kernel hands it many datagrams of
//! one sender in one buffer, and `recv_segments_from` says the size of each. It echoes the
//! whole buffer back in one `send_segments_to` (`UDP_SEGMENT`) with the same size, so each
//! datagram goes back as it came. `recv_from` does not compile on it: a length alone would
//! read the coalesced datagrams as one.
//!
//! The client sends 64 datagrams of 1,200 bytes in two GSO sends and checks every
//! datagram of the echo. Run it with `cargo run --features tokio --example tokio_udp_gso`;
//! it exits 0 once every datagram came back.

#[cfg(target_os = "linux")]
mod linux {
    use std::net::SocketAddr;
    use std::time::Duration;

    use typesock::{AsyncSocket, Socket};

    const SEGMENT: usize = 1200;
    const DATAGRAMS: usize = 64;
    const PER_SEND: usize = 32;

    pub type Error = Box<dyn std::error::Error + Send + Sync>;

    #[tokio::main(flavor = "current_thread")]
    pub async fn main() -> Result<(), Error> {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));

        // The server: receive offload on, then bound; the type says GRO.
        let server = Socket::udp_v4()?.with_gro()?.bind(loopback)?;
        let server = AsyncSocket::new(server)?;
        let addr = server.local_addr()?;
        let echo = tokio::spawn(async move {
            let mut buf = vec![0; 65_535];
            let mut echoed = 0;
            while echoed < DATAGRAMS * SEGMENT {
                let got = server.recv_segments_from(&mut buf).await?;
                assert!(
                    !got.is_truncated(),
                    "a 64 KiB buffer holds what GRO coalesces"
                );
                let size = u16::try_from(got.segment_size())?;
                // The same datagrams back, in one syscall.
                server
                    .send_segments_to(&buf[..got.len()], size, got.addr())
                    .await?;
                echoed += got.len();
            }
            Ok::<_, Error>(echoed)
        });

        // The client: datagram `i` is 1,200 bytes of `i`; receive offload on for the echo.
        let client = Socket::udp_v4()?.with_gro()?.bind(loopback)?;
        let client = AsyncSocket::new(client)?;
        let data: Vec<u8> = (0..DATAGRAMS * SEGMENT)
            .map(|n| (n / SEGMENT) as u8)
            .collect();
        for chunk in data.chunks(PER_SEND * SEGMENT) {
            client.send_segments_to(chunk, SEGMENT as u16, addr).await?;
        }
        let mut back = Vec::with_capacity(data.len());
        let mut buf = vec![0; 65_535];
        let mut receives = 0;
        while back.len() < data.len() {
            let got =
                tokio::time::timeout(Duration::from_secs(5), client.recv_segments_from(&mut buf))
                    .await??;
            assert_eq!(got.segment_size(), SEGMENT, "each datagram is 1,200 bytes");
            back.extend_from_slice(&buf[..got.len()]);
            receives += 1;
        }
        assert_eq!(back, data, "every datagram came back, in order");
        let echoed = tokio::time::timeout(Duration::from_secs(5), echo).await???;
        println!(
            "{DATAGRAMS} datagrams of {SEGMENT} bytes echoed ({echoed} bytes), \
             received in {receives} coalesced buffers"
        );
        Ok(())
    }
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), linux::Error> {
    linux::main()
}

/// GSO and GRO are Linux's: elsewhere the example says so.
#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the tokio_udp_gso example needs Linux: UDP_SEGMENT and UDP_GRO are Linux's");
}
