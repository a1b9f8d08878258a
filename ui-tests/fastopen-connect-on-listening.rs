//! `set_tcp_fastopen_connect` on a `Listening` socket: it is read by `connect`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    listener.set_tcp_fastopen_connect(true)?;
    Ok(())
}
