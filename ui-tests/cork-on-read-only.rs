//! `set_tcp_cork` after `shutdown_write`: nothing more is sent.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    let read_only = socket.shutdown_write()?;
    read_only.set_tcp_cork(true)?;
    Ok(())
}
