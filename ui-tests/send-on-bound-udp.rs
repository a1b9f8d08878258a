//! `send` on a `Bound` UDP socket: with no peer, a datagram needs an address (`send_to`).

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.send(b"hello")?;
    Ok(())
}
