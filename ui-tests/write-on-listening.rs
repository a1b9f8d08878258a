//! `Write` on a `Listening` socket: data goes to the socket `accept` returns.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut socket = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    socket.write_all(b"hello")?;
    Ok(())
}
