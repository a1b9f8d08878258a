//! `disconnect` on a connected TCP socket: only a datagram socket dissolves its association.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let _ = client.disconnect()?;
    Ok(())
}
