//! `set_passcred` on a TCP socket: a Unix-domain option.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    socket.set_passcred(true)?;
    Ok(())
}
