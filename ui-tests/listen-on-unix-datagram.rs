//! `listen` on a Unix datagram socket: a datagram socket has no connections to listen for.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_datagram()?.bind("/tmp/typesock-ui.sock")?;
    let _listener = socket.listen(8)?;
    Ok(())
}
