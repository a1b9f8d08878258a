//! `try_clone` on a `ReadOnly` socket: duplicate the connection before shutting a direction down.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let reader = client.shutdown_write()?;
    let _twin = reader.try_clone()?;
    Ok(())
}
