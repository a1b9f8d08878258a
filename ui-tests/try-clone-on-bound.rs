//! `try_clone` on a `Bound` socket: a socket that can still change state has one handle.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _twin = socket.try_clone()?;
    Ok(())
}
