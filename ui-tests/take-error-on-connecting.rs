//! `take_error` on a `Connecting` socket: it would take the outcome that `finish` reads.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let connecting = Socket::tcp_v4()?.connect_nonblocking(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    let _pending = connecting.take_error()?;
    Ok(())
}
