//! `listen` on an `Unbound` socket: `bind` comes first.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    let _listener = socket.listen(8)?;
    Ok(())
}
