//! `finish` on a `Connected` socket: only a non-blocking connect in flight has one to finish.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let socket = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let _connected = socket.finish()?;
    Ok(())
}
