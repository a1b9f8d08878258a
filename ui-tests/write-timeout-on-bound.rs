//! `set_write_timeout` on a `Bound` TCP socket: it sends no data until it is connected.

use std::net::SocketAddr;
use std::time::Duration;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.set_write_timeout(Some(Duration::from_secs(1)))?;
    Ok(())
}
