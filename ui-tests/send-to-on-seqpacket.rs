//! `send_to` on a bound seqpacket socket: it is connection-oriented, it connects and sends.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_seqpacket()?.bind("/tmp/typesock-ui-seqpacket.sock")?;
    socket.send_to(b"hello", "/tmp/typesock-ui-other.sock")?;
    Ok(())
}
