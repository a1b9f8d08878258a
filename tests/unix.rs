//! Unix stream and datagram sockets against the real kernel: filesystem paths in a private
//! temporary directory, and Linux abstract names.

use std::io::{self, Read, Write};
use std::os::unix::net as std_unix;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use typesock::{Connected, Listening, Socket, UnixAddr, UnixDatagram, UnixStream};

/// A fresh socket path, unique to this process and call; removed when dropped.
struct TempPath(PathBuf);

impl TempPath {
    fn new(tag: &str) -> TempPath {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("typesock-{}-{tag}-{n}.sock", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempPath(path)
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A Unix stream listener bound to `path`.
fn listening_on(path: &TempPath) -> Socket<Listening, UnixStream> {
    Socket::unix_stream()
        .unwrap()
        .bind(&path.0)
        .unwrap()
        .listen(8)
        .unwrap()
}

fn abstract_name(tag: &str) -> UnixAddr {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    UnixAddr::from_abstract_name(format!("typesock-{}-{tag}-{n}", std::process::id())).unwrap()
}

fn stream_round_trip(listener: Socket<Listening, UnixStream>, target: UnixAddr) {
    let mut client: Socket<Connected, UnixStream> = Socket::unix_stream()
        .unwrap()
        .connect(target.clone())
        .unwrap();
    let (mut server, peer) = listener.accept().unwrap();
    assert!(
        peer.is_unnamed(),
        "a client that never bound is unnamed: {peer:?}"
    );
    assert_eq!(client.peer_addr().unwrap(), target);
    assert_eq!(server.local_addr().unwrap(), target);

    client.write_all(b"over unix").unwrap();
    let mut buf = [0; 9];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"over unix");
    server.write_all(b"back").unwrap();
    client.read_exact(&mut buf[..4]).unwrap();
    assert_eq!(&buf[..4], b"back");
    drop(client);
    assert_eq!(server.read(&mut buf).unwrap(), 0);
}

#[test]
fn stream_lifecycle_on_a_path() {
    let path = TempPath::new("stream");
    let listener = listening_on(&path);
    assert!(path.0.exists(), "bind creates the socket file");
    let local = listener.local_addr().unwrap();
    assert_eq!(local.as_pathname(), Some(path.0.as_path()));
    assert_eq!(local.to_string(), path.0.display().to_string());
    stream_round_trip(listener, UnixAddr::from_pathname(&path.0).unwrap());
    // The kernel never removes the file: whoever bound it does.
    assert!(path.0.exists());
}

#[test]
fn stream_lifecycle_on_an_abstract_name() {
    let name = abstract_name("stream");
    let listener = Socket::unix_stream()
        .unwrap()
        .bind(name.clone())
        .unwrap()
        .listen(8)
        .unwrap();
    assert_eq!(listener.local_addr().unwrap(), name);
    assert!(
        listener
            .local_addr()
            .unwrap()
            .to_string()
            .starts_with("@typesock-")
    );
    stream_round_trip(listener, name);
}

#[test]
fn bound_client_is_named_at_the_server() {
    let server_path = TempPath::new("server");
    let client_path = TempPath::new("client");
    let listener = Socket::unix_stream()
        .unwrap()
        .bind(&server_path.0)
        .unwrap()
        .listen(8)
        .unwrap();
    let _client = Socket::unix_stream()
        .unwrap()
        .bind(&client_path.0)
        .unwrap()
        .connect(&server_path.0)
        .unwrap();
    let (_conn, peer) = listener.accept().unwrap();
    assert_eq!(peer.as_pathname(), Some(client_path.0.as_path()));
}

#[test]
fn a_path_too_long_is_refused_naming_the_limit() {
    let long = std::env::temp_dir().join("x".repeat(200));
    let err = Socket::unix_stream().unwrap().bind(&long).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("bind to {} failed: ", long.display())),
        "{message}"
    );
    assert!(
        message.contains("longer than the 107 bytes that sun_path holds"),
        "{message}"
    );
    assert!(!long.exists());

    // Connect and send_to refuse it the same way, before any syscall.
    let err = Socket::unix_stream().unwrap().connect(&long).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let path = TempPath::new("dgram-long");
    let socket = Socket::unix_datagram().unwrap().bind(&path.0).unwrap();
    let err = socket.send_to(b"x", &long).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);

    // 107 bytes is the longest path that fits.
    let dir = std::env::temp_dir();
    let fill = 107 - dir.as_os_str().len() - 1;
    let longest = dir.join("y".repeat(fill));
    assert_eq!(longest.as_os_str().len(), 107);
    assert!(UnixAddr::from_pathname(&longest).is_ok());
    assert!(UnixAddr::from_pathname(dir.join("y".repeat(fill + 1))).is_err());
}

#[test]
fn stale_socket_file_makes_bind_fail_until_removed() {
    let path = TempPath::new("stale");
    drop(Socket::unix_stream().unwrap().bind(&path.0).unwrap());
    let err = Socket::unix_stream().unwrap().bind(&path.0).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
    std::fs::remove_file(&path.0).unwrap();
    let _bound = err.into_socket().bind(&path.0).unwrap();
}

#[test]
fn datagrams_on_paths_both_ways() {
    let a_path = TempPath::new("dgram-a");
    let b_path = TempPath::new("dgram-b");
    let a = Socket::unix_datagram().unwrap().bind(&a_path.0).unwrap();
    let b = Socket::unix_datagram().unwrap().bind(&b_path.0).unwrap();
    b.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    a.send_to(b"dgram", &b_path.0).unwrap();
    let mut buf = [0; 16];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"dgram");
    assert_eq!(from.as_pathname(), Some(a_path.0.as_path()));
}

#[test]
fn connected_datagrams_on_an_abstract_name() {
    let name = abstract_name("dgram");
    let server = Socket::unix_datagram().unwrap().bind(name.clone()).unwrap();
    server
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let client = Socket::unix_datagram()
        .unwrap()
        .connect(name.clone())
        .unwrap();
    assert_eq!(client.peer_addr().unwrap(), name);
    client.send(b"one").unwrap();
    let mut buf = [0; 8];
    let (n, from) = server.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"one");
    assert!(from.is_unnamed());
}

#[test]
fn converts_to_and_from_std() {
    let path = TempPath::new("std");
    let listener = listening_on(&path);
    let std_listener = std_unix::UnixListener::from(listener);
    let mut std_client = std_unix::UnixStream::connect(&path.0).unwrap();
    let listener: Socket<Listening, UnixStream> = Socket::try_from(std_listener).unwrap();
    let (conn, _) = listener.accept().unwrap();
    let mut std_conn = std_unix::UnixStream::from(conn);
    std_conn.write_all(b"hi").unwrap();
    let mut buf = [0; 2];
    std_client.read_exact(&mut buf).unwrap();

    let (left, right) = std_unix::UnixStream::pair().unwrap();
    let mut left: Socket<Connected, UnixStream> = Socket::try_from(left).unwrap();
    let mut right: Socket<Connected, UnixStream> = Socket::try_from(right).unwrap();
    left.write_all(b"pair").unwrap();
    let mut buf = [0; 4];
    right.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"pair");

    let dgram_path = TempPath::new("std-dgram");
    let bound = Socket::unix_datagram()
        .unwrap()
        .bind(&dgram_path.0)
        .unwrap();
    let std_dgram: std_unix::UnixDatagram = bound.into();
    assert_eq!(
        std_dgram.local_addr().unwrap().as_pathname(),
        Some(dgram_path.0.as_path())
    );
    let _: Socket<Connected, UnixDatagram> = Socket::unix_datagram()
        .unwrap()
        .connect(&dgram_path.0)
        .unwrap();
}

#[test]
fn an_unnamed_address_cannot_be_connected_or_sent_to() {
    // What accept reports for a client that never bound: it names no socket.
    let name = abstract_name("unnamed");
    let listener = Socket::unix_stream()
        .unwrap()
        .bind(name.clone())
        .unwrap()
        .listen(4)
        .unwrap();
    let _client = Socket::unix_stream().unwrap().connect(name).unwrap();
    let (_conn, unnamed) = listener.accept().unwrap();
    assert!(unnamed.is_unnamed());
    let err = Socket::unix_stream()
        .unwrap()
        .connect(unnamed.clone())
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .contains("an unnamed Unix address names no socket"),
        "{err}"
    );

    let path = TempPath::new("unnamed-dgram");
    let socket = Socket::unix_datagram().unwrap().bind(&path.0).unwrap();
    let err = socket.send_to(b"x", unnamed).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}
