//! `set_tcp_defer_accept` on a `Connected` socket: it is a listener's option.

use std::net::SocketAddr;
use std::time::Duration;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    socket.set_tcp_defer_accept(Some(Duration::from_secs(1)))?;
    Ok(())
}
