//! `Read` on a `Bound` socket: only a `Connected` socket moves data.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let mut buf = [0; 64];
    let _n = socket.read(&mut buf)?;
    Ok(())
}
