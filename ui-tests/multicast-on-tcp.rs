//! `join_multicast_v4` on a TCP socket: multicast groups are for UDP sockets.

use std::net::{Ipv4Addr, SocketAddr};
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.join_multicast_v4(&Ipv4Addr::new(239, 255, 0, 1), &Ipv4Addr::UNSPECIFIED)?;
    Ok(())
}
