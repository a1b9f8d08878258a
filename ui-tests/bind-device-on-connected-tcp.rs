//! `bind_device` on a connected TCP socket: its route was looked up at `connect`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    socket.bind_device(Some(b"lo"))?;
    Ok(())
}
