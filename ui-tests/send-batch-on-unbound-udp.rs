//! `send_batch_to` on an `Unbound` UDP socket: a datagram socket sends once it is bound
//! (the kernel would bind it to a port of its choosing behind the type's back).

use std::io::IoSlice;
use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    let to = SocketAddr::from(([127, 0, 0, 1], 9));
    socket.send_batch_to(&[IoSlice::new(b"hello")], &[to])?;
    Ok(())
}
