//! `try_clone` on an `Unbound` socket: a socket that can still change state has one handle.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    let _twin = socket.try_clone()?;
    Ok(())
}
