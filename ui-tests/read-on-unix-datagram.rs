//! `Read` on a connected Unix datagram socket: it receives whole messages with `recv`.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut socket = Socket::unix_datagram()?.connect("/tmp/typesock-ui.sock")?;
    let mut buf = [0; 64];
    let _n = socket.read(&mut buf)?;
    Ok(())
}
