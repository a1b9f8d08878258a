//! `bind` on a `Bound` socket: a socket binds once.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _again = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    Ok(())
}
