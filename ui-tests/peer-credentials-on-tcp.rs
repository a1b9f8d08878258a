//! `peer_credentials` on a TCP socket: the kernel knows who connected only over a Unix socket.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    let _cred = socket.peer_credentials()?;
    Ok(())
}
