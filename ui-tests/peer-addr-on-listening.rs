//! `peer_addr` on a `Listening` socket: the peers are on the sockets `accept` returns.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    println!("{}", listener.peer_addr()?);
    Ok(())
}
