//! `recv` on a `Bound` UDP socket: with no peer, a datagram's sender comes with `recv_from`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let mut buf = [0; 64];
    let _n = socket.recv(&mut buf)?;
    Ok(())
}
