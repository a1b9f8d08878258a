//! The socket used after `connect` moved it: `connect` returns a new `Socket<Connected>`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let socket = Socket::tcp_v4()?;
    let _client = socket.connect(listener.local_addr()?)?;
    socket.set_nodelay(true)?;
    Ok(())
}
