//! `accept` on an `Unbound` socket: `bind` and `listen` come first.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    let (_conn, _peer) = socket.accept()?;
    Ok(())
}
