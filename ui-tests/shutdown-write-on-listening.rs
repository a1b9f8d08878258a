//! `shutdown_write` on a `Listening` socket: only a connection has a direction to shut down.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let _half = listener.shutdown_write()?;
    Ok(())
}
