//! `try_clone` on a `Connecting` socket: the duplicate would stay `Connecting` after `finish`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let socket = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
    let _twin = socket.try_clone()?;
    Ok(())
}
