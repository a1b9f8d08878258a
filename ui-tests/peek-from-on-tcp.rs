//! `peek_from` on a bound TCP socket: only a bound datagram socket receives from any sender.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _peeked = socket.peek_from(&mut [0; 16])?;
    Ok(())
}
