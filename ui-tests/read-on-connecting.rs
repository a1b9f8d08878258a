//! `Read` on a `Connecting` socket: `finish` or `wait` the connect into `Connected` first.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let mut socket = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
    let mut buf = [0; 64];
    let _n = socket.read(&mut buf)?;
    Ok(())
}
