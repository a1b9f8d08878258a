//! A `SocketAddr` given to a Unix stream socket's `bind`: it takes a path or a `UnixAddr`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _socket = Socket::unix_stream()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    Ok(())
}
