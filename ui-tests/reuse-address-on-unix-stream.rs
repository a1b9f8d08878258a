//! `set_reuse_address` on a Unix stream socket: `SO_REUSEADDR` is an option of the internet kinds.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_stream()?;
    socket.set_reuse_address(true)?;
    Ok(())
}
