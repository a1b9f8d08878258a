//! `Write` on an `Unbound` socket: only a `Connected` socket moves data.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut socket = Socket::tcp_v4()?;
    socket.write_all(b"hello")?;
    Ok(())
}
