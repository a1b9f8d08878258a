//! A connected Unix stream socket converted into a `TcpStream`: the kinds differ.

use std::net::TcpStream;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_stream()?.connect("/tmp/typesock-ui.sock")?;
    let _std = TcpStream::from(socket);
    Ok(())
}
