//! `recv_batch` (the connected socket's) on a bound UDP socket: without a peer, the senders
//! matter; `recv_batch_from` reports them.

use std::io::IoSliceMut;
use std::net::SocketAddr;
use typesock::{RecvMeta, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let mut buf = [0; 64];
    let mut meta = [RecvMeta::new()];
    socket.recv_batch(&mut [IoSliceMut::new(&mut buf)], &mut meta)?;
    Ok(())
}
