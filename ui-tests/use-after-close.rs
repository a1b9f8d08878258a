//! A socket used after `close` consumed it.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    listener.close()?;
    let (_conn, _peer) = listener.accept()?;
    Ok(())
}
