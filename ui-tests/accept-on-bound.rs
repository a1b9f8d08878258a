//! `accept` on a `Bound` socket: `listen` comes first.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let (_conn, _peer) = socket.accept()?;
    Ok(())
}
