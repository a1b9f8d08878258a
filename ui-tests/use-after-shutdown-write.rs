//! The socket used after `shutdown_write` moved it: it returns a new `Socket<ReadOnly>`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let _reader = client.shutdown_write()?;
    client.write_all(b"more")?;
    Ok(())
}
