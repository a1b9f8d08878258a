//! `peer_credentials` on a Unix datagram socket: only connection-oriented Unix sockets have them.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (socket, _peer) = Socket::unix_datagram_pair()?;
    let _cred = socket.peer_credentials()?;
    Ok(())
}
