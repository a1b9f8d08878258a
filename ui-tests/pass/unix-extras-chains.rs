//! The Unix extras: pairs, a seqpacket server with half-close, descriptors passed and adopted,
//! credentials and peek.

use std::io::{Read, Write};
use std::os::fd::AsFd;
use typesock::{FdBuf, Listening, Socket, UnixSeqpacket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("typesock-ui-extras-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);

    // A seqpacket server: the stream lifecycle, whole messages, half-close.
    let listener = Socket::unix_seqpacket()?.bind(&path)?.listen(8)?;
    let client = Socket::unix_seqpacket()?.connect(&path)?;
    let (server, _) = listener.accept()?;
    client.send(b"one")?;
    let mut buf = [0; 16];
    assert_eq!(server.peek(&mut buf)?, 3);
    assert_eq!(server.recv(&mut buf)?, 3);
    let client = client.shutdown_read()?;
    client.send(b"two")?;
    assert_eq!(server.recv(&mut buf)?, 3);
    assert_eq!(server.peer_credentials()?.pid(), Some(std::process::id()));

    // The listener itself, passed over a stream pair and adopted typed.
    let (mut a, b) = Socket::unix_stream_pair()?;
    a.send_with_fds(b"L", &[listener.as_fd()])?;
    let mut fds = FdBuf::<1>::new();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds)?, 1);
    let adopted = Socket::<Listening, UnixSeqpacket>::try_from(fds.take(0).ok_or("no fd")?)?;
    assert_eq!(adopted.local_addr()?, listener.local_addr()?);

    a.write_all(b"bytes")?;
    let mut b = b;
    let mut five = [0; 5];
    b.read_exact(&mut five)?;

    std::fs::remove_file(&path)?;
    Ok(())
}
