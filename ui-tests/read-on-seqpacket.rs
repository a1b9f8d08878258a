//! `Read` on a connected seqpacket socket: it keeps message boundaries, and receives with `recv`.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut socket, _peer) = Socket::unix_seqpacket_pair()?;
    let mut buf = [0; 64];
    let _n = socket.read(&mut buf)?;
    Ok(())
}
