//! `send_to` on a `Connected` UDP socket: a connected datagram socket sends with `send`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    socket.send_to(b"hello", SocketAddr::from(([127, 0, 0, 1], 10)))?;
    Ok(())
}
