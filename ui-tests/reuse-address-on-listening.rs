//! `set_reuse_address` on a `Listening` socket: `bind(2)` has read `SO_REUSEADDR` already.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    listener.set_reuse_address(true)?;
    Ok(())
}
