//! `shutdown_read` on a connected UDP socket: a datagram socket has no stream to half-close.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    let _half = socket.shutdown_read()?;
    Ok(())
}
