//! The server's chain: `tcp_v4` -> `set_reuse_address` -> `bind` -> `listen` -> `accept`.

use std::io::{Read, Write};
use std::net::SocketAddr;
use typesock::{Connected, Listening, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    socket.set_reuse_address(true)?;
    let bound = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let listener: Socket<Listening> = bound.listen(8)?;

    let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    let (mut conn, peer): (Socket<Connected>, SocketAddr) = listener.accept()?;
    assert_eq!(peer, client.local_addr()?);
    assert_eq!(conn.peer_addr()?, peer);

    client.write_all(b"ping")?;
    let mut buf = [0; 4];
    conn.read_exact(&mut buf)?;
    conn.write_all(&buf)?;
    client.read_exact(&mut buf)?;
    assert_eq!(&buf, b"ping");

    client.close()?;
    conn.close()?;
    listener.close()?;
    Ok(())
}
