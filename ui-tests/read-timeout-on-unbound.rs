//! `set_read_timeout` on an `Unbound` TCP socket: it receives no data until it is connected.

use std::time::Duration;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    socket.set_read_timeout(Some(Duration::from_secs(1)))?;
    Ok(())
}
