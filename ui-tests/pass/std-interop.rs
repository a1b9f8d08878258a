//! A listener prepared here handed to std, and a std stream adopted back.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use typesock::{Connected, Listening, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    socket.set_reuse_address(true)?;
    let listener = socket
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;

    // Into std: the state is in the type, so the conversion is infallible.
    let std_listener = TcpListener::from(listener);
    let addr = std_listener.local_addr()?;

    let mut client = Socket::tcp_v4()?.connect(addr)?;
    let (std_stream, peer) = std_listener.accept()?;
    assert_eq!(peer, client.local_addr()?);

    // Back from std: checked with the kernel, since std builds its types from any
    // descriptor.
    let mut conn: Socket<Connected> = Socket::try_from(std_stream)?;
    assert_eq!(conn.peer_addr()?, peer);
    let listener: Socket<Listening> = Socket::try_from(std_listener)?;
    assert_eq!(listener.local_addr()?, addr);

    client.write_all(b"ping")?;
    let mut buf = [0; 4];
    conn.read_exact(&mut buf)?;
    assert_eq!(&buf, b"ping");

    // And a connected socket into a std stream.
    let mut std_client = TcpStream::from(client);
    conn.write_all(b"pong")?;
    std_client.read_exact(&mut buf)?;
    assert_eq!(&buf, b"pong");
    Ok(())
}
