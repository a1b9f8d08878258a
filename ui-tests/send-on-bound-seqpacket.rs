//! `send` on a bound seqpacket socket: it has no peer before `connect` or `accept`.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_seqpacket()?.bind("/tmp/typesock-ui-seqpacket.sock")?;
    socket.send(b"hello")?;
    Ok(())
}
