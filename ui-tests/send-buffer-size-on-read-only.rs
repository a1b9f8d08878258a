//! `set_send_buffer_size` on a `ReadOnly` socket: it sends nothing any more.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let read_only = client.shutdown_write()?;
    read_only.set_send_buffer_size(1 << 20)?;
    Ok(())
}
