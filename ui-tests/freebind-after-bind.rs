//! `set_freebind_v4` on a `Bound` socket: `bind` read it already.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.set_freebind_v4(true)?;
    Ok(())
}
