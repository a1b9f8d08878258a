//! `peer_addr` on an `Unbound` socket: only a connected socket has a peer.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    println!("{}", socket.peer_addr()?);
    Ok(())
}
