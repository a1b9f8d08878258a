//! `Read` on a connected UDP socket: a datagram socket receives whole messages with `recv`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut socket = Socket::udp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    let mut buf = [0; 64];
    let _n = socket.read(&mut buf)?;
    Ok(())
}
