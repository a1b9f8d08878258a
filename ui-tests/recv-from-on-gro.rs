//! `recv_from` on a `UdpGro` socket: with `UDP_GRO` on, the kernel may hand ten 100-byte
//! datagrams to one receive as one 1000-byte buffer, and `recv_from` returns only a length:
//! it would read them as one datagram, and nothing would say so. A GRO socket receives with
//! `recv_segments_from` (or a batch), which gives the segment size.

use std::net::SocketAddr;

use typesock::Socket;

fn main() -> std::io::Result<()> {
    let local = SocketAddr::from(([127, 0, 0, 1], 0));
    let socket = Socket::udp_v4()?.with_gro()?.bind(local)?;
    let mut buf = [0u8; 65_535];
    let _ = socket.recv_from(&mut buf)?;
    Ok(())
}
