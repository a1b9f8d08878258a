//! A `Listening` TCP socket converted into a `TcpStream`: only a `Connected` one becomes a stream.

use std::net::{SocketAddr, TcpStream};
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let _std = TcpStream::from(listener);
    Ok(())
}
