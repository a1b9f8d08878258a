//! A dropped `connect` result: the connected socket is returned, not kept in place.
#![deny(unused_must_use)]

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let socket = Socket::tcp_v4()?;
    socket.connect(listener.local_addr()?);
    Ok(())
}
