//! Waiting means waiting: a Unix `connect` to a listener whose queue is full waits for room,
//! on a non-blocking socket too, and `connect_timeout` waits up to its deadline and then
//! says `TimedOut`, naming the path. (Linux; the BSDs refuse at once.)
#![cfg(target_os = "linux")]

use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use typesock::{Connected, Listening, Socket, UnixStream};

mod common;
use common::{TempPath, unix_listener};

/// A listener with backlog 0 and its queue full, with the clients that fill it.
fn full(
    path: &Path,
) -> (
    Socket<Listening, UnixStream>,
    Vec<Socket<Connected, UnixStream>>,
) {
    let listener = unix_listener(path, 0);
    let mut queued = Vec::new();
    loop {
        assert!(queued.len() < 16, "the queue never filled");
        let socket = Socket::unix_stream().unwrap();
        socket.set_nonblocking(true).unwrap();
        match socket.connect_nonblocking(path) {
            Ok(connecting) => queued.push(connecting.finish().unwrap()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return (listener, queued),
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn a_nonblocking_connect_waits_for_room() {
    let path = TempPath::new("room.sock");
    let (listener, _queued) = full(&path);
    let accepter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let first = listener.accept().unwrap();
        (listener, first)
    });
    let socket = Socket::unix_stream().unwrap();
    socket.set_nonblocking(true).unwrap();
    let start = Instant::now();
    let client = socket.connect(&path).unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(250),
        "{:?}",
        start.elapsed()
    );
    // The mode the socket had is kept.
    let err = client.peek(&mut [0; 1]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    let _ = accepter.join().unwrap();
}

#[test]
fn connect_timeout_waits_up_to_its_deadline() {
    let path = TempPath::new("deadline.sock");
    let (listener, _queued) = full(&path);

    // Nobody accepts: the deadline passes, and the error says so.
    let start = Instant::now();
    let err = Socket::unix_stream()
        .unwrap()
        .connect_timeout(&path, Duration::from_millis(200))
        .unwrap_err();
    let waited = start.elapsed();
    assert_eq!(err.kind(), io::ErrorKind::TimedOut, "{err}");
    assert!(err.to_string().contains(&*path.to_string_lossy()), "{err}");
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");

    // Room made within the deadline: connected, and the socket's write timeout restored.
    let accepter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        let first = listener.accept().unwrap();
        (listener, first)
    });
    let socket = Socket::unix_stream().unwrap();
    let client = socket
        .connect_timeout(&path, Duration::from_secs(5))
        .unwrap();
    assert_eq!(client.write_timeout().unwrap(), None);
    let _ = accepter.join().unwrap();
}

/// A Unix connect is never in flight: `connect_nonblocking` returns once `connect(2)` has
/// connected, so `finish` and `wait` say `Connected` at once, also when the peer's queue is
/// full (the socket is then not writable, which a poll for writability took for a connect
/// still under way: `wait` said `TimedOut` while `getpeername` showed it connected).
#[test]
fn finish_and_wait_on_a_unix_datagram_socket_whose_peer_is_full() {
    let dir = TempPath::dir("dgram-full");
    let path = dir.join("peer.sock");
    let server = Socket::unix_datagram().unwrap().bind(&path).unwrap();
    let filler = Socket::unix_datagram().unwrap().connect(&path).unwrap();
    filler.set_nonblocking(true).unwrap();
    let mut sent = 0;
    loop {
        assert!(sent < 100_000, "the peer's queue never filled");
        match filler.send(b"fill") {
            Ok(_) => sent += 1,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
    }

    let connecting = Socket::unix_datagram()
        .unwrap()
        .connect_nonblocking(&path)
        .unwrap();
    let start = Instant::now();
    let connected = connecting
        .wait(Some(Duration::from_millis(500)))
        .unwrap_or_else(|e| panic!("wait on a connected Unix socket: {e}"));
    assert!(start.elapsed() < Duration::from_millis(400), "it waited");
    assert_eq!(connected.peer_addr().unwrap().as_pathname(), Some(&*path));

    let connecting = Socket::unix_datagram()
        .unwrap()
        .connect_nonblocking(&path)
        .unwrap();
    let connected = connecting
        .finish()
        .unwrap_or_else(|e| panic!("finish on a connected Unix socket: {e}"));
    assert_eq!(connected.peer_addr().unwrap().as_pathname(), Some(&*path));
    // Not writable: the peer's queue is full, which `send` reports, non-blocking.
    let err = connected.send(b"more").unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock, "{err}");
    drop(server);
}
