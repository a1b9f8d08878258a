//! The Unix chains: a stream server on a path and on an abstract name, and datagrams sent to a
//! path.

use std::fs;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process;
use typesock::{Connected, Listening, Socket, UnixAddr, UnixStream};

/// A socket path of this process's own, removed first in case an earlier run left it.
fn socket_path(name: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("typesock-ui-{}-{name}.sock", process::id()));
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    Ok(path)
}

fn exchange(
    client: &mut Socket<Connected, UnixStream>,
    conn: &mut Socket<Connected, UnixStream>,
) -> Result<(), Box<dyn std::error::Error>> {
    client.write_all(b"ping")?;
    let mut buf = [0; 4];
    conn.read_exact(&mut buf)?;
    conn.write_all(&buf)?;
    client.read_exact(&mut buf)?;
    assert_eq!(&buf, b"ping");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A stream server on a path: bind creates the file, whoever binds removes it.
    let path = socket_path("stream")?;
    let listener: Socket<Listening, UnixStream> = Socket::unix_stream()?.bind(&path)?.listen(8)?;
    assert_eq!(listener.local_addr()?.as_pathname(), Some(path.as_path()));
    let mut client = Socket::unix_stream()?.connect(&path)?;
    let (mut conn, peer) = listener.accept()?;
    assert!(peer.is_unnamed());
    assert_eq!(client.peer_addr()?.as_pathname(), Some(path.as_path()));
    exchange(&mut client, &mut conn)?;
    client.close()?;
    conn.close()?;
    listener.close()?;
    fs::remove_file(&path)?;

    // The same on a Linux abstract name: no file to remove.
    let name = UnixAddr::from_abstract_name(format!("typesock-ui-{}", process::id()))?;
    let listener = Socket::unix_stream()?.bind(name.clone())?.listen(8)?;
    assert_eq!(listener.local_addr()?, name);
    let mut client = Socket::unix_stream()?.connect(name.clone())?;
    let (mut conn, _peer) = listener.accept()?;
    exchange(&mut client, &mut conn)?;

    // Datagrams: a bound Unix datagram socket sends to a path and learns the sender's.
    let server_path = socket_path("dgram-server")?;
    let client_path = socket_path("dgram-client")?;
    let server = Socket::unix_datagram()?.bind(&server_path)?;
    let client = Socket::unix_datagram()?.bind(&client_path)?;
    client.send_to(b"hello", &server_path)?;
    let mut buf = [0; 16];
    let (n, from) = server.recv_from(&mut buf)?;
    assert_eq!(&buf[..n], b"hello");
    assert_eq!(from.as_pathname(), Some(client_path.as_path()));
    server.send_to(b"back", from)?;
    let (n, _) = client.recv_from(&mut buf)?;
    assert_eq!(&buf[..n], b"back");

    // Connected to the server's path: `send` and `recv`.
    let connected = Socket::unix_datagram()?.connect(&server_path)?;
    connected.send(b"once")?;
    let (n, _) = server.recv_from(&mut buf)?;
    assert_eq!(&buf[..n], b"once");

    drop((server, client, connected));
    fs::remove_file(&server_path)?;
    fs::remove_file(&client_path)?;
    Ok(())
}
