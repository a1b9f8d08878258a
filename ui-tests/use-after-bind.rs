//! The socket used after `bind` moved it: `bind` returns a new `Socket<Bound>`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    let bound = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.set_nodelay(true)?;
    let _listener = bound.listen(8)?;
    Ok(())
}
