//! Unix stream and datagram sockets against the real kernel: filesystem paths in a private
//! temporary directory, and Linux abstract names.

use std::io::{self, Read, Write};
use std::os::unix::net as std_unix;
use std::time::Duration;

use typesock::{Connected, Listening, Socket, UnixAddr, UnixDatagram, UnixStream};

mod common;
#[cfg(any(target_os = "linux", target_os = "android"))]
use common::abstract_name;
use common::{TempPath, UnixName, unix_listener};

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
    let listener = unix_listener(&path, 8);
    assert!(path.exists(), "bind creates the socket file");
    let local = listener.local_addr().unwrap();
    assert_eq!(local.as_pathname(), Some(path.path()));
    assert_eq!(local.to_string(), path.display().to_string());
    stream_round_trip(listener, UnixAddr::from_pathname(&path).unwrap());
    // The kernel never removes the file: whoever bound it does.
    assert!(path.exists());
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn stream_lifecycle_on_an_abstract_name() {
    let name = abstract_name("stream");
    let listener = unix_listener(name.clone(), 8);
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
    let listener = unix_listener(&server_path, 8);
    let _client = Socket::unix_stream()
        .unwrap()
        .bind(&client_path)
        .unwrap()
        .connect(&server_path)
        .unwrap();
    let (_conn, peer) = listener.accept().unwrap();
    assert_eq!(peer.as_pathname(), Some(client_path.path()));
}

/// The longest path a Unix address holds: Linux takes one that fills `sun_path`, with no NUL.
#[cfg(any(target_os = "linux", target_os = "android"))]
const UNIX_PATH_MAX: usize = 108;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const UNIX_PATH_MAX: usize = 103;

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
        message.contains(&format!(
            "longer than the {UNIX_PATH_MAX} bytes that sun_path holds"
        )),
        "{message}"
    );
    assert!(!long.exists());

    // Connect and send_to refuse it the same way, before any syscall.
    let err = Socket::unix_stream().unwrap().connect(&long).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let path = TempPath::new("dgram-long");
    let socket = Socket::unix_datagram().unwrap().bind(&path).unwrap();
    let err = socket.send_to(b"x", &long).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);

    // The longest path that fits.
    let dir = std::env::temp_dir();
    let fill = UNIX_PATH_MAX - dir.as_os_str().len() - 1;
    let longest = dir.join("y".repeat(fill));
    assert_eq!(longest.as_os_str().len(), UNIX_PATH_MAX);
    assert!(UnixAddr::from_pathname(&longest).is_ok());
    assert!(UnixAddr::from_pathname(dir.join("y".repeat(fill + 1))).is_err());
}

#[test]
fn stale_socket_file_makes_bind_fail_until_removed() {
    let path = TempPath::new("stale");
    drop(Socket::unix_stream().unwrap().bind(&path).unwrap());
    let err = Socket::unix_stream().unwrap().bind(&path).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
    std::fs::remove_file(&path).unwrap();
    let _bound = err.into_socket().bind(&path).unwrap();
}

#[test]
fn datagrams_on_paths_both_ways() {
    let a_path = TempPath::new("dgram-a");
    let b_path = TempPath::new("dgram-b");
    let a = Socket::unix_datagram().unwrap().bind(&a_path).unwrap();
    let b = Socket::unix_datagram().unwrap().bind(&b_path).unwrap();
    b.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    a.send_to(b"dgram", &b_path).unwrap();
    let mut buf = [0; 16];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"dgram");
    assert_eq!(from.as_pathname(), Some(a_path.path()));
}

#[cfg(any(target_os = "linux", target_os = "android"))]
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
    let listener = unix_listener(&path, 8);
    let std_listener = std_unix::UnixListener::from(listener);
    let mut std_client = std_unix::UnixStream::connect(&path).unwrap();
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
    let bound = Socket::unix_datagram().unwrap().bind(&dgram_path).unwrap();
    let std_dgram: std_unix::UnixDatagram = bound.into();
    assert_eq!(
        std_dgram.local_addr().unwrap().as_pathname(),
        Some(dgram_path.path())
    );
    let _: Socket<Connected, UnixDatagram> = Socket::unix_datagram()
        .unwrap()
        .connect(&dgram_path)
        .unwrap();
}

#[test]
fn an_unnamed_address_cannot_be_connected_or_sent_to() {
    // What accept reports for a client that never bound: it names no socket.
    let name = UnixName::new("unnamed");
    let listener = unix_listener(name.addr(), 4);
    let _client = Socket::unix_stream().unwrap().connect(name.addr()).unwrap();
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
    let socket = Socket::unix_datagram().unwrap().bind(&path).unwrap();
    let err = socket.send_to(b"x", unnamed).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

/// Every distinct address prints distinctly, and escaped: a path that starts with `@` is not
/// the abstract name, two non-UTF-8 paths differ, and no control byte goes out raw.
#[test]
fn every_distinct_address_prints_distinctly_and_escaped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let path = |bytes: &[u8]| UnixAddr::from_pathname(OsStr::from_bytes(bytes)).unwrap();
    let shown = |addr: &UnixAddr| (addr.to_string(), format!("{addr:?}"));

    let mut addrs = vec![
        path(b"@foo"),
        path(b"(unnamed)"),
        path(b"/tmp/\xff.sock"),
        path(b"/tmp/\xfe.sock"),
        path(b"/tmp/\\xff.sock"),
        path(b"/tmp/a\nb"),
        path(b"/tmp/a\\nb"),
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    addrs.extend([
        UnixAddr::from_abstract_name(b"foo").unwrap(),
        UnixAddr::from_abstract_name(b"(unnamed)").unwrap(),
        UnixAddr::from_abstract_name(b"a\0b").unwrap(),
        UnixAddr::from_abstract_name(b"a\\0b").unwrap(),
        UnixAddr::from_abstract_name(b"").unwrap(),
    ]);
    let path_a = common::TempPath::new("unnamed-peer");
    let listener = unix_listener(&path_a, 8);
    let _client = Socket::unix_stream().unwrap().connect(&path_a).unwrap();
    let (_server, unnamed) = listener.accept().unwrap();
    assert!(unnamed.is_unnamed());
    addrs.push(unnamed);

    for (i, a) in addrs.iter().enumerate() {
        let (display, debug) = shown(a);
        for text in [&display, &debug] {
            assert!(
                !text.chars().any(char::is_control),
                "a control character printed raw: {text:?}"
            );
        }
        for b in &addrs[i + 1..] {
            assert_ne!(display, b.to_string(), "{a:?} and {b:?} print alike");
            assert_ne!(debug, format!("{b:?}"), "{a:?} and {b:?} print alike");
        }
    }
    assert_eq!(path(b"/run/app.sock").to_string(), "/run/app.sock");
    assert_eq!(format!("{:?}", path(b"/tmp/a\nb")), r"UnixAddr(/tmp/a\nb)");
    assert_eq!(path(b"/tmp/\xff").to_string(), r"/tmp/\xff");

    // A path the crate refuses is named escaped in the error too.
    let err = Socket::unix_stream()
        .unwrap()
        .bind(OsStr::from_bytes(b"/tmp/a\0b\n"))
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let message = err.to_string();
    assert!(
        !message.chars().any(char::is_control),
        "a control character printed raw: {message:?}"
    );
    assert!(message.contains(r"/tmp/a\0b\n"), "{message}");
}

/// A path that fills `sun_path` (108 bytes on Linux, no room for a NUL) binds, and the
/// address the kernel reports connects back to it.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_path_that_fills_sun_path_round_trips() {
    let dir = common::TempPath::dir("sunpath");
    let dir_len = dir.as_os_str().len();
    assert!(dir_len < 100, "the temporary directory's path is too long");
    let path = dir.join("x".repeat(108 - dir_len - 1));
    assert_eq!(path.as_os_str().len(), 108);

    let listener = unix_listener(&path, 8);
    let local = listener.local_addr().unwrap();
    assert_eq!(local.as_pathname(), Some(path.as_path()));
    assert_eq!(local, UnixAddr::from_pathname(&path).unwrap());
    assert_eq!(local.to_string(), path.display().to_string());
    let client = Socket::unix_stream().unwrap().connect(local.clone());
    let client = client.unwrap_or_else(|e| panic!("connect back to {local}: {e}"));
    assert_eq!(client.peer_addr().unwrap(), local);
    let (_server, _) = listener.accept().unwrap();
    drop(Socket::unix_stream().unwrap().connect(&path).unwrap());

    // A datagram sender at such a path: `recv_from` names it, and a reply reaches it.
    let sender_path = dir.join("y".repeat(108 - dir_len - 1));
    let sender = Socket::unix_datagram().unwrap().bind(&sender_path).unwrap();
    let receiver_path = dir.join("r");
    let receiver = Socket::unix_datagram()
        .unwrap()
        .bind(&receiver_path)
        .unwrap();
    sender.send_to(b"ping", &receiver_path).unwrap();
    let mut buf = [0; 4];
    let (n, from) = receiver.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"ping");
    assert_eq!(from.as_pathname(), Some(sender_path.as_path()));
    receiver.send_to(b"pong", from).unwrap();
    assert_eq!(sender.recv_from(&mut buf).unwrap().0, 4);

    // An abstract name that fills sun_path (107 bytes after its NUL) round-trips too.
    let mut name = format!("typesock-{}-full-sun-path-", std::process::id()).into_bytes();
    name.resize(107, b'z');
    let full = UnixAddr::from_abstract_name(&name).unwrap();
    let named = Socket::unix_datagram().unwrap().bind(full.clone()).unwrap();
    assert_eq!(named.local_addr().unwrap(), full);
    sender
        .send_to(b"abst", named.local_addr().unwrap())
        .unwrap();
    assert_eq!(named.recv_from(&mut buf).unwrap().0, 4);

    // One byte more is refused, naming the limit.
    let longer = dir.join("x".repeat(108 - dir_len));
    let err = UnixAddr::from_pathname(&longer).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("108 bytes"), "{err}");
}

/// `Debug` of a socket whose peer reset the connection says what the kernel answered for the
/// peer, never leaves the field out.
#[test]
fn debug_shows_the_kernels_refusal_of_the_peer() {
    let path = common::TempPath::new("debug-peer");
    let listener = unix_listener(&path, 8);
    let client = Socket::unix_stream().unwrap().connect(&path).unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("peer: "), "{shown}");
    drop(listener);

    // TCP: a reset leaves getpeername answering ENOTCONN.
    let (client, server) = common::tcp_pair();
    server.set_linger(Some(Duration::ZERO)).unwrap();
    drop(server);
    let mut buf = [0; 1];
    let mut client = client;
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let read = client.read(&mut buf);
    assert!(read.is_err(), "the reset reached the client: {read:?}");
    let shown = format!("{client:?}");
    assert!(shown.contains("peer: <error: "), "{shown}");
    assert!(shown.contains("local: 127.0.0.1:"), "{shown}");
}

/// What `Socket<Connected, UnixDatagram>` promises once its peer closes (Linux, measured):
/// the next `send` answers `ConnectionRefused` and the kernel dissolves the connection;
/// then `send` and `peer_addr` answer `NotConnected`, the send saying the peer closed, also
/// once another socket binds the peer's name; `recv` never says so, it waits.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_connected_datagram_socket_whose_peer_closed() {
    let name = abstract_name("dgram-peer-closed");
    let server = Socket::unix_datagram().unwrap().bind(name.clone()).unwrap();
    let client = Socket::unix_datagram()
        .unwrap()
        .connect(name.clone())
        .unwrap();
    client.set_nonblocking(true).unwrap();
    drop(server);

    // The kernel has not noticed yet.
    assert_eq!(client.peer_addr().unwrap(), name);
    let mut buf = [0; 8];
    let recv = client.recv(&mut buf).unwrap_err();
    assert_eq!(recv.kind(), io::ErrorKind::WouldBlock, "{recv}");

    let first = client.send(b"x").unwrap_err();
    assert_eq!(first.kind(), io::ErrorKind::ConnectionRefused, "{first}");
    let _rebound = Socket::unix_datagram().unwrap().bind(name.clone()).unwrap();
    for _ in 0..3 {
        let later = client.send(b"x").unwrap_err();
        assert_eq!(later.kind(), io::ErrorKind::NotConnected, "{later}");
        assert_eq!(typesock::os_error(&later), Some(libc::ENOTCONN));
        assert!(later.to_string().contains("the peer closed"), "{later}");
        let peer = client.peer_addr().unwrap_err();
        assert_eq!(peer.kind(), io::ErrorKind::NotConnected, "{peer}");
        let recv = client.recv(&mut buf).unwrap_err();
        assert_eq!(recv.kind(), io::ErrorKind::WouldBlock, "{recv}");
    }
}

/// `bind` to an unnamed address is refused before any syscall: the kernel would pick an
/// abstract name for it (autobind), which the address did not ask for.
#[test]
fn bind_refuses_an_unnamed_address() {
    let path = common::TempPath::new("unnamed-bind");
    let listener = unix_listener(&path, 8);
    let _client = Socket::unix_stream().unwrap().connect(&path).unwrap();
    let (_server, unnamed) = listener.accept().unwrap();
    assert!(unnamed.is_unnamed());

    let err = Socket::unix_datagram()
        .unwrap()
        .bind(unnamed.clone())
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("unnamed"), "{err}");
    // The socket comes back unbound, and binds to a name.
    let name = UnixName::new("after-unnamed");
    let bound = err.into_socket().bind(name.addr()).unwrap();
    assert_eq!(bound.local_addr().unwrap(), name.addr());
}

/// The kernel's choice of an abstract name is asked for by name: `bind_autobind` (Linux).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn bind_autobind_binds_to_an_abstract_name_the_kernel_picks() {
    let bound = Socket::unix_datagram().unwrap().bind_autobind().unwrap();
    let local = bound.local_addr().unwrap();
    let name = local.as_abstract_name().expect("an abstract name");
    assert_eq!(name.len(), 5, "{local}");
    assert!(name.iter().all(u8::is_ascii_hexdigit), "{local}");

    // Reachable at that name.
    let sender = Socket::unix_datagram().unwrap().bind_autobind().unwrap();
    sender.send_to(b"hi", local.clone()).unwrap();
    let mut buf = [0; 2];
    let (n, from) = bound.recv_from(&mut buf).unwrap();
    assert_eq!(
        (&buf[..n], from),
        (&b"hi"[..], sender.local_addr().unwrap())
    );

    let stream = Socket::unix_stream().unwrap().bind_autobind().unwrap();
    assert!(stream.local_addr().unwrap().as_abstract_name().is_some());
}
