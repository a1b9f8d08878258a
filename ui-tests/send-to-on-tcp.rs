//! `send_to` on a bound TCP socket: a stream socket has no datagrams, it connects and writes.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.send_to(b"hello", SocketAddr::from(([127, 0, 0, 1], 9)))?;
    Ok(())
}
