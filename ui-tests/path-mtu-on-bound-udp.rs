//! `path_mtu_v4` on a UDP socket that is only bound: the path MTU is the route's to the
//! peer, and the kernel answers `ENOTCONN` until the socket connects.

use std::net::SocketAddr;

use typesock::Socket;

fn main() -> std::io::Result<()> {
    let socket = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _ = socket.path_mtu_v4()?;
    Ok(())
}
