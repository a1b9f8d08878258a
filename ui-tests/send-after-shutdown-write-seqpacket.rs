//! `send` on a seqpacket socket after `shutdown_write`: its write half is gone.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (socket, _peer) = Socket::unix_seqpacket_pair()?;
    let socket = socket.shutdown_write()?;
    socket.send(b"hello")?;
    Ok(())
}
