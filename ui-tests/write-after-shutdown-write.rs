//! `Write` after `shutdown_write`: the `ReadOnly` socket it returns only reads.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let mut reader = client.shutdown_write()?;
    reader.write_all(b"more")?;
    Ok(())
}
