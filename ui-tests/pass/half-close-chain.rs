//! Half-close: `shutdown_write` then read to the end, and `shutdown_read` then write.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;
use typesock::{ReadOnly, Socket, WriteOnly};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;

    // Send the whole request, shut the write half, read the reply to its end.
    let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let (mut conn, peer) = listener.accept()?;
    client.write_all(b"request")?;
    let mut client: Socket<ReadOnly> = client.shutdown_write()?;
    client.set_read_timeout(Some(Duration::from_secs(5)))?;
    assert_eq!(client.local_addr()?, peer);
    assert_eq!(client.peer_addr()?, listener.local_addr()?);

    let mut request = Vec::new();
    conn.read_to_end(&mut request)?;
    assert_eq!(request, b"request");
    conn.write_all(b"reply")?;
    conn.close()?;

    let mut reply = Vec::new();
    client.read_to_end(&mut reply)?;
    assert_eq!(reply, b"reply");
    client.shutdown_read()?;

    // Shut the read half, then only write.
    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let (mut conn, _peer) = listener.accept()?;
    let mut client: Socket<WriteOnly> = client.shutdown_read()?;
    client.set_write_timeout(Some(Duration::from_secs(5)))?;
    assert_eq!(client.peer_addr()?, listener.local_addr()?);
    client.write_all(b"one way")?;
    client.shutdown_write()?;

    let mut received = Vec::new();
    conn.read_to_end(&mut received)?;
    assert_eq!(received, b"one way");
    Ok(())
}
