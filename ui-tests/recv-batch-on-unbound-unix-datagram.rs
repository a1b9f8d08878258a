//! `recv_batch_from` on an `Unbound` Unix datagram socket: a socket with no name receives
//! nothing.

use std::io::IoSliceMut;
use typesock::{RecvMeta, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_datagram()?;
    let mut buf = [0; 64];
    let mut meta = [RecvMeta::new()];
    socket.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)?;
    Ok(())
}
