//! `accept` on a UDP socket: a datagram socket never listens, so it has nothing to accept. A
//! `Socket<Listening, Udp>` can only be named (here, adopting a descriptor), never used.

use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use typesock::{Listening, Socket, Udp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fd = OwnedFd::from(Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?);
    let socket = Socket::<Listening, Udp>::try_from(fd)?;
    let (_conn, _peer) = socket.accept()?;
    Ok(())
}
