//! `set_ip_transparent_v4` on a connected TCP socket: `bind` and `connect` read it already.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    socket.set_ip_transparent_v4(true)?;
    Ok(())
}
