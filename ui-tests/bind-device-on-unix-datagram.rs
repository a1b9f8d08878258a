//! `bind_device` on a Unix socket: it has no network device.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_datagram()?;
    socket.bind_device(Some(b"lo"))?;
    Ok(())
}
