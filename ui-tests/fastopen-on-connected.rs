//! `set_tcp_fastopen` on a `Connected` socket: the kernel answers EINVAL.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    socket.set_tcp_fastopen(16)?;
    Ok(())
}
