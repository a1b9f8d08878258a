//! `send` on a connected Unix stream socket: a byte stream has no messages; it writes.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (socket, _peer) = Socket::unix_stream_pair()?;
    socket.send(b"hello")?;
    Ok(())
}
