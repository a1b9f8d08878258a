//! `recv_batch_from` on an `Unbound` UDP socket: nothing can be sent to a socket with no
//! address, so there is no batch to receive.

use std::io::IoSliceMut;
use typesock::{RecvMeta, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    let mut buf = [0; 64];
    let mut meta = [RecvMeta::new()];
    socket.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)?;
    Ok(())
}
