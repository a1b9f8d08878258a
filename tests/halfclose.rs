//! Half-close with a real peer: `shutdown_write` into `ReadOnly`, `shutdown_read` into
//! `WriteOnly`, over TCP on 127.0.0.1 and over a Unix socket pair.

use std::io::Read;
use std::os::unix::net as std_unix;
use std::time::Duration;

use typesock::{Connected, ReadOnly, Socket, WriteOnly};

mod common;
use common::{tcp_pair, unix_stream_pair};

/// The client sends a request, shuts its write half, and reads the whole reply; the server
/// reads to EOF before it answers (the HTTP/1.0 pattern).
fn request_then_read_reply<K>(mut client: Socket<Connected, K>, mut server: Socket<Connected, K>)
where
    K: typesock::kind::ByteStreamKind,
{
    client.write_all(b"request").unwrap();
    let mut client: Socket<ReadOnly, K> = client.shutdown_write().unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    assert!(client.peer_addr().is_ok() && client.local_addr().is_ok());

    server
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut request = Vec::new();
    server.read_to_end(&mut request).unwrap();
    assert_eq!(request, b"request", "the server sees EOF after the request");
    server.write_all(b"reply").unwrap();
    server.close().unwrap();

    let mut reply = Vec::new();
    client.read_to_end(&mut reply).unwrap();
    assert_eq!(reply, b"reply", "the read half still works");
    client.shutdown_read().unwrap();
}

/// The client shuts its read half and keeps writing; the server reads everything.
fn write_only_keeps_writing<K>(client: Socket<Connected, K>, mut server: Socket<Connected, K>)
where
    K: typesock::kind::ByteStreamKind,
{
    let mut client: Socket<WriteOnly, K> = client.shutdown_read().unwrap();
    client
        .set_write_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    client.write_all(b"still writing").unwrap();
    let mut buf = [0; 13];
    server
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"still writing");
    // Shutting the write half too: the server sees EOF.
    client.shutdown_write().unwrap();
    assert_eq!(server.read(&mut buf).unwrap(), 0);
}

#[test]
fn tcp_shutdown_write_then_read_the_reply() {
    let (client, server) = tcp_pair();
    request_then_read_reply(client, server);
}

#[test]
fn unix_shutdown_write_then_read_the_reply() {
    let (client, server) = unix_stream_pair();
    request_then_read_reply(client, server);
}

#[test]
fn tcp_shutdown_read_then_keep_writing() {
    let (client, server) = tcp_pair();
    write_only_keeps_writing(client, server);
}

#[test]
fn unix_shutdown_read_then_keep_writing() {
    let (client, server) = unix_stream_pair();
    write_only_keeps_writing(client, server);
}

#[test]
fn unix_peer_of_a_shut_read_half_gets_broken_pipe() {
    // Over a Unix stream socket the kernel tells the peer: its writes fail with BrokenPipe
    // (and MSG_NOSIGNAL keeps SIGPIPE away), and the shut side reads EOF at once.
    let (client, mut server) = unix_stream_pair();
    let client = client.shutdown_read().unwrap();
    let err = server.write_all(b"unwanted").unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    let mut raw = std_unix::UnixStream::from(std::os::fd::OwnedFd::from(client));
    assert_eq!(raw.read(&mut [0; 8]).unwrap(), 0);
}

/// Over TCP on Linux the peer of a shut read half is not told, and what it sends is not
/// discarded: it queues at the shut side, the window closes, and the peer's writes block
/// (measured: Recv-Q 128,000, the peer blocked after 4.2 MB). A non-blocking peer writes
/// until `WouldBlock`, within a cap.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn tcp_peer_of_a_shut_read_half_fills_the_queue_until_it_blocks() {
    const CAP: usize = 256 << 20;
    let (client, mut server) = tcp_pair();
    let _client: Socket<WriteOnly> = client.shutdown_read().unwrap();
    server.set_nonblocking(true).unwrap();
    let chunk = [0x5a; 64 << 10];
    let mut sent = 0;
    let blocked = loop {
        if sent >= CAP {
            break false;
        }
        match server.write(&chunk) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                // The queue may still be draining into the receive queue: a short pause,
                // then one more try, to tell a full window from a full send buffer.
                std::thread::sleep(Duration::from_millis(50));
                match server.write(&chunk) {
                    Ok(n) => sent += n,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break true,
                    Err(e) => panic!("after {sent} bytes: {e}"),
                }
            }
            Err(e) => panic!("after {sent} bytes: {e}"),
        }
    };
    assert!(
        blocked,
        "{CAP} bytes went to a shut read half: the kernel discarded them"
    );
    println!("the peer blocked after {sent} bytes");
}
