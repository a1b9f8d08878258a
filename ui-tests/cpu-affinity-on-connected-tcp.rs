//! `set_cpu_affinity` on a connected TCP socket: each packet overwrites it.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    socket.set_cpu_affinity(0)?;
    Ok(())
}
