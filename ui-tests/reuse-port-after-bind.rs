//! `set_reuse_port` after `bind`: `bind(2)` has read `SO_REUSEPORT` already.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.set_reuse_port(true)?;
    Ok(())
}
