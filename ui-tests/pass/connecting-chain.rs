//! The non-blocking connect: `connect_nonblocking` -> `Connecting` -> `wait` or `finish` ->
//! `Connected`, from `Unbound` and from `Bound`.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;
use typesock::{Connected, Connecting, FinishError, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let server = listener.local_addr()?;

    // From `Unbound`: wait for the connect in flight.
    let connecting: Socket<Connecting> = Socket::tcp_v4()?.connect_nonblocking(server)?;
    let local = connecting.local_addr()?;
    let mut client: Socket<Connected> = connecting.wait(Some(Duration::from_secs(5)))?;
    assert_eq!(client.local_addr()?, local);
    assert_eq!(client.peer_addr()?, server);

    // The connected socket is still non-blocking; make it blocking to read simply.
    client.set_nonblocking(false)?;
    let (mut conn, peer) = listener.accept()?;
    assert_eq!(peer, local);
    conn.write_all(b"ready")?;
    let mut buf = [0; 5];
    client.read_exact(&mut buf)?;
    assert_eq!(&buf, b"ready");

    // From `Bound`: `finish` without waiting, then `wait` if it is still in flight.
    let bound = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let local = bound.local_addr()?;
    let connecting = bound.connect_nonblocking(server)?;
    let pinned = match connecting.finish() {
        Ok(connected) => connected,
        Err(FinishError::InProgress(still)) => still.wait(Some(Duration::from_secs(5)))?,
        Err(e) => return Err(e.into()),
    };
    assert_eq!(pinned.local_addr()?, local);
    assert_eq!(pinned.peer_addr()?, server);
    let (_conn, peer) = listener.accept()?;
    assert_eq!(peer, local);
    Ok(())
}
