//! `set_read_timeout` on a `Listening` socket: only a socket that receives data has a read timeout.

use std::net::SocketAddr;
use std::time::Duration;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    listener.set_read_timeout(Some(Duration::from_secs(1)))?;
    Ok(())
}
