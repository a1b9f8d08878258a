//! `connect_nonblocking` on a `Listening` socket: a listener accepts, it does not connect.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let addr = listener.local_addr()?;
    let _connecting = listener.connect_nonblocking(addr)?;
    Ok(())
}
