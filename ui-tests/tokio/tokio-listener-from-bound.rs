//! A `Bound` socket handed to tokio as a listener: it has not called `listen`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bound = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _listener = tokio::net::TcpListener::try_from(bound)?;
    Ok(())
}
