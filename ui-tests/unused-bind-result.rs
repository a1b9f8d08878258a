//! A dropped `bind` result: the bound socket is returned, not kept in place.
#![deny(unused_must_use)]

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)));
    Ok(())
}
