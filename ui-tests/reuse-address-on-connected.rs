//! `set_reuse_address` on a `Connected` socket: `bind(2)` or `connect` has read `SO_REUSEADDR`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    client.set_reuse_address(true)?;
    Ok(())
}
