//! A `Connected` TCP socket converted into a `TcpListener`: only a `Listening` one converts.

use std::net::{SocketAddr, TcpListener};
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let _std = TcpListener::from(client);
    Ok(())
}
