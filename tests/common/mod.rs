//! Helpers shared by the integration tests: loopback addresses, listeners, connected pairs,
//! and a listener whose accept queue is full. Only 127.0.0.1 and ::1 are ever used.

// Each test binary uses its own subset.
#![allow(dead_code)]

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use typesock::{Connected, Listening, Socket};

/// 127.0.0.1 with port 0: the kernel picks the port.
pub fn loopback() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

/// ::1 with port 0.
pub fn loopback_v6() -> SocketAddr {
    SocketAddr::from((Ipv6Addr::LOCALHOST, 0))
}

/// A TCP listener on `addr` (of either family), backlog 16.
pub fn listener_on(addr: SocketAddr) -> Socket<Listening> {
    Socket::tcp_for(addr)
        .unwrap()
        .bind(addr)
        .unwrap()
        .listen(16)
        .unwrap()
}

/// A TCP listener on 127.0.0.1.
pub fn listener() -> Socket<Listening> {
    listener_on(loopback())
}

/// Connects a client to `listener` and accepts it: (client, server side).
pub fn connected_pair(listener: &Socket<Listening>) -> (Socket<Connected>, Socket<Connected>) {
    let addr = listener.local_addr().unwrap();
    let client = Socket::tcp_for(addr).unwrap().connect(addr).unwrap();
    let (server, peer) = listener.accept().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
    (client, server)
}

/// A connected TCP pair on 127.0.0.1: (client, server side).
pub fn tcp_pair() -> (Socket<Connected>, Socket<Connected>) {
    connected_pair(&listener())
}

/// A listener with the smallest backlog and its queue full, with the connections that fill
/// it. The kernel drops further SYNs, so a connect to it waits until it times out (or until
/// the queue has room again and the SYN is sent again, a second later).
pub fn full_listener() -> (Socket<Listening>, Vec<Socket<Connected>>) {
    let listener = Socket::tcp_v4()
        .unwrap()
        .bind(loopback())
        .unwrap()
        .listen(0)
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    loop {
        assert!(queued.len() < 16, "the backlog never filled");
        match Socket::tcp_v4()
            .unwrap()
            .connect_timeout(addr, Duration::from_millis(200))
        {
            Ok(client) => queued.push(client),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return (listener, queued),
            Err(e) => panic!("{e}"),
        }
    }
}

/// A socket's descriptor (Unix) or handle (Windows), as a number.
#[cfg(unix)]
pub fn raw<T: std::os::fd::AsRawFd>(socket: &T) -> u64 {
    socket.as_raw_fd() as u64
}

/// A socket's descriptor (Unix) or handle (Windows), as a number.
#[cfg(windows)]
pub fn raw<T: std::os::windows::io::AsRawSocket>(socket: &T) -> u64 {
    socket.as_raw_socket()
}

/// What a receive that outlives its `SO_RCVTIMEO` reports: `WouldBlock` on Unix, `TimedOut` on
/// Windows (`WSAETIMEDOUT`), as std maps them.
pub const READ_TIMED_OUT: io::ErrorKind = if cfg!(windows) {
    io::ErrorKind::TimedOut
} else {
    io::ErrorKind::WouldBlock
};

/// The process's open descriptors, counted in `/proc/self/fd`.
#[cfg(target_os = "linux")]
pub fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Raises the soft descriptor limit towards the hard one; returns the soft limit in force.
#[cfg(unix)]
pub fn raise_descriptor_limit(wanted: u64) -> u64 {
    // SAFETY: getrlimit/setrlimit with a valid, exclusively borrowed rlimit.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        }
        limit.rlim_cur
    }
}
