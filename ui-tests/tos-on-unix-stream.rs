//! `set_tos_v4` on a Unix socket: it sends no IP packets.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_stream()?;
    socket.set_tos_v4(0x28)?;
    Ok(())
}
