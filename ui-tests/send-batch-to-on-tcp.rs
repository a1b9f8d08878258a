//! A batch of datagrams from a TCP socket: a stream has no datagrams, it connects and
//! writes.

use std::io::IoSlice;
use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let to = SocketAddr::from(([127, 0, 0, 1], 9));
    socket.send_batch_to(&[IoSlice::new(b"hello")], &[to])?;
    Ok(())
}
