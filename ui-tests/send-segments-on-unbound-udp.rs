//! `send_segments_to` on an `Unbound` UDP socket: as `send_to`, a datagram socket sends once
//! it is bound.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    socket.send_segments_to(&[0; 1000], 100, SocketAddr::from(([127, 0, 0, 1], 9)))?;
    Ok(())
}
