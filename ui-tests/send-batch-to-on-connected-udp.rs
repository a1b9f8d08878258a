//! `send_batch_to` on a connected UDP socket: it has one peer, and `send_batch`.

use std::io::IoSlice;
use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let to = SocketAddr::from(([127, 0, 0, 1], 9));
    let socket = Socket::udp_v4()?.connect(to)?;
    socket.send_batch_to(&[IoSlice::new(b"hello")], &[to])?;
    Ok(())
}
