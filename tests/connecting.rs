//! The non-blocking connect as a typed state, against real listeners on 127.0.0.1 and a
//! Unix path.

use std::io;
use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

use typesock::{Connected, Connecting, FinishError, Socket, UnixStream};

mod common;
use common::{TempPath, loopback, tcp_listener, unix_listener};

/// Waits for writability with poll(2), as an event loop would, at most `timeout`.
fn poll_writable(fd: impl AsFd, timeout: Duration) {
    let mut pollfd = libc::pollfd {
        fd: fd.as_fd().as_raw_fd(),
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid, exclusively borrowed pollfd.
    unsafe { libc::poll(&mut pollfd, 1, timeout.as_millis() as i32) };
}

#[test]
fn finish_after_writability_gives_a_connected_socket() {
    let listener = tcp_listener(loopback(), 8);
    let addr = listener.local_addr().unwrap();
    let mut connecting: Socket<Connecting> =
        Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
    // A connecting socket has a local address already.
    assert_eq!(connecting.local_addr().unwrap().ip(), addr.ip());
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut client: Socket<Connected> = loop {
        poll_writable(&connecting, Duration::from_millis(100));
        match connecting.finish() {
            Ok(connected) => break connected,
            Err(FinishError::InProgress(still)) if Instant::now() < deadline => connecting = still,
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(client.peer_addr().unwrap(), addr);
    let (mut server, _) = listener.accept().unwrap();
    server.write_all(b"hi").unwrap();

    // Still non-blocking, as event loops want it: read until the bytes are there.
    let mut buf = [0; 2];
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match client.read(&mut buf) {
            Ok(2) => break,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                poll_readable(&client)
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(&buf, b"hi");
}

fn poll_readable(fd: impl AsFd) {
    let mut pollfd = libc::pollfd {
        fd: fd.as_fd().as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid, exclusively borrowed pollfd.
    unsafe { libc::poll(&mut pollfd, 1, 100) };
}

#[test]
fn wait_blocks_until_connected() {
    let listener = tcp_listener(loopback(), 8);
    let connecting = Socket::tcp_v4()
        .unwrap()
        .connect_nonblocking(listener.local_addr().unwrap())
        .unwrap();
    let client = connecting.wait(Some(Duration::from_secs(5))).unwrap();
    assert_eq!(client.peer_addr().unwrap(), listener.local_addr().unwrap());
}

#[test]
fn refused_connect_fails_at_finish() {
    // Held bound, never listening: refused, and never a client's own port (see tcp.rs).
    let unlistened = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let addr = unlistened.local_addr().unwrap();
    let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
    match connecting.wait(None) {
        Err(FinishError::Failed(e)) => {
            assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused);
            // The kernel still tells where the connect went (SO_PEERNAME).
            assert_eq!(e.addr(), Some(addr.to_string().as_str()));
            assert!(
                e.to_string()
                    .starts_with(&format!("connect to {addr} failed: ")),
                "{e}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn finish_too_early_hands_the_socket_back() {
    // A listener with a full queue drops the SYN: the connect stays in flight.
    let listener = tcp_listener(loopback(), 0);
    let addr = listener.local_addr().unwrap();
    let addr_string = addr.to_string();
    let mut held = Vec::new();
    let in_flight = loop {
        assert!(held.len() < 16, "the backlog never filled");
        let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
        match connecting.wait(Some(Duration::from_millis(200))) {
            Ok(connected) => held.push(connected),
            Err(FinishError::TimedOut { socket, addr, .. }) => {
                // The wait's timeout is `TimedOut`, and names where the connect goes.
                assert_eq!(addr.as_deref(), Some(addr_string.as_str()));
                break socket;
            }
            Err(e) => panic!("{e}"),
        }
    };
    let err = in_flight.finish().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    let io_err = io::Error::from(err);
    assert_eq!(io_err.kind(), io::ErrorKind::WouldBlock);
}

#[test]
fn unix_connect_nonblocking_finishes_at_once() {
    let path = TempPath::new("connecting.sock");
    let _listener = unix_listener(&path, 4);
    let connecting: Socket<Connecting, UnixStream> = Socket::unix_stream()
        .unwrap()
        .connect_nonblocking(&path)
        .unwrap();
    let client = connecting.finish().unwrap();
    assert_eq!(client.peer_addr().unwrap().as_pathname(), Some(path.path()));
}
