//! `peek` on a listening socket: a listener receives connections, not data.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    let _n = listener.peek(&mut [0; 16])?;
    Ok(())
}
