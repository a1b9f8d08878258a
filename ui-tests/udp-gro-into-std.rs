//! A `UdpGro` socket into std's `UdpSocket`: std's `recv_from` returns only a length, so it
//! would read the datagrams the kernel coalesced as one. Only a `Udp` socket converts: turn
//! receive offload off first (`.without_gro()`).

use std::net::SocketAddr;

use typesock::Socket;

fn main() -> std::io::Result<()> {
    let local = SocketAddr::from(([127, 0, 0, 1], 0));
    let socket = Socket::udp_v4()?.with_gro()?.bind(local)?;
    let _ = std::net::UdpSocket::from(socket);
    Ok(())
}
