//! `Write` on a connected UDP socket: a datagram socket sends whole messages with `send`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut socket = Socket::udp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    socket.write_all(b"hello")?;
    Ok(())
}
