//! `set_bind_address_no_port` on a `Bound` socket: the port was reserved by `bind`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.set_bind_address_no_port(true)?;
    Ok(())
}
