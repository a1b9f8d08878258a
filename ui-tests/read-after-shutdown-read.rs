//! `Read` after `shutdown_read`: the `WriteOnly` socket it returns only writes.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let mut writer = client.shutdown_read()?;
    let mut buf = [0; 64];
    let _n = writer.read(&mut buf)?;
    Ok(())
}
