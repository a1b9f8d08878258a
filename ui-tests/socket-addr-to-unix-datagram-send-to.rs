//! A `SocketAddr` given to a Unix datagram socket's `send_to`: it sends to a path or a `UnixAddr`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_datagram()?.bind("/tmp/typesock-ui.sock")?;
    socket.send_to(b"hello", SocketAddr::from(([127, 0, 0, 1], 9)))?;
    Ok(())
}
