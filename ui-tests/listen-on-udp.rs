//! `listen` on a UDP socket: a datagram socket has no connections to listen for.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _listener = socket.listen(8)?;
    Ok(())
}
