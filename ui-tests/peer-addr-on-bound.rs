//! `peer_addr` on a `Bound` socket: only a connected socket has a peer.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    println!("{}", socket.peer_addr()?);
    Ok(())
}
