//! A path given to a TCP socket's `bind`: `Tcp` takes a `SocketAddr`; paths are for Unix kinds.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _socket = Socket::tcp_v4()?.bind("/tmp/x.sock")?;
    Ok(())
}
