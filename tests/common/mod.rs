//! Helpers shared by the integration tests: loopback addresses, listeners, connected pairs,
//! a listener whose accept queue is full, temporary paths, Unix socket names and pairs, and
//! the process's descriptors. Only 127.0.0.1 and ::1 are ever used.

// Each test binary uses its own subset.
#![allow(dead_code)]

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
use typesock::UnixSeqpacket;
#[cfg(unix)]
use typesock::{Address, UnixAddr, UnixDatagram, UnixStream};
use typesock::{Connected, Listening, Socket};

/// 127.0.0.1 with port 0: the kernel picks the port.
pub fn loopback() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

/// ::1 with port 0.
pub fn loopback_v6() -> SocketAddr {
    SocketAddr::from((Ipv6Addr::LOCALHOST, 0))
}

/// ::1 with port 0 if `v6`, else 127.0.0.1 with port 0.
pub fn loopback_for(v6: bool) -> SocketAddr {
    if v6 { loopback_v6() } else { loopback() }
}

/// A TCP listener on `addr` (of either family) with the backlog given.
pub fn tcp_listener(addr: SocketAddr, backlog: i32) -> Socket<Listening> {
    Socket::tcp_for(addr)
        .unwrap()
        .bind(addr)
        .unwrap()
        .listen(backlog)
        .unwrap()
}

/// A TCP listener on `addr` (of either family), backlog 16.
pub fn listener_on(addr: SocketAddr) -> Socket<Listening> {
    tcp_listener(addr, 16)
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

/// The OS error number of a failed call; `None` for a success, or for an error of the crate's
/// own (one no syscall answered).
pub fn errno(result: io::Result<impl Sized>) -> Option<i32> {
    result.err().and_then(|e| e.raw_os_error())
}

/// The process's open descriptors, counted in `/proc/self/fd`.
#[cfg(target_os = "linux")]
pub fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Asserts that the process has as many descriptors open as `before`, after `rounds` rounds
/// of whatever might leak them.
#[cfg(target_os = "linux")]
#[track_caller]
pub fn assert_no_descriptor_leaked(before: usize, rounds: usize) {
    let after = open_descriptors();
    assert_eq!(
        after,
        before,
        "{} descriptors leaked over {rounds} rounds",
        after as isize - before as isize
    );
}

/// Held shared by every test of a binary whose descriptor counts must see no other test's
/// descriptors, and alone by the tests that count: the rest still run in parallel.
static DESCRIPTORS: RwLock<()> = RwLock::new(());

/// Holds [`DESCRIPTORS`] shared: this test opens descriptors, and counts none.
pub fn descriptors_shared() -> RwLockReadGuard<'static, ()> {
    DESCRIPTORS
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Holds [`DESCRIPTORS`] alone: no other test opens or closes a descriptor meanwhile.
pub fn descriptors_alone() -> RwLockWriteGuard<'static, ()> {
    DESCRIPTORS
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Raises the soft descriptor limit towards the hard one; returns the soft limit in force.
#[cfg(unix)]
pub fn raise_descriptor_limit(wanted: u64) -> u64 {
    // `rlim_t` is unsigned on Linux and macOS, signed on FreeBSD; limits are never negative.
    let wanted = wanted as libc::rlim_t;
    // SAFETY: getrlimit/setrlimit with a valid, exclusively borrowed rlimit.
    let soft = unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        }
        limit.rlim_cur
    };
    soft as u64
}

/// `typesock-<pid>-<n>-<tag>`: a name no other call in this process, and no other process,
/// makes. The tag comes last, so that an extension in it stays one.
fn unique_name(tag: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("typesock-{}-{n}-{tag}", std::process::id())
}

/// A path of its own under the temporary directory (a Unix socket's, a file's, a
/// directory's), unique to this process and call; whatever is there is removed when it is
/// dropped. It is removed when made too, in case an earlier process of the same id left it.
pub struct TempPath(PathBuf);

impl TempPath {
    /// A fresh path; nothing is made there.
    pub fn new(tag: &str) -> TempPath {
        let path = std::env::temp_dir().join(unique_name(tag));
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_dir_all(&path);
        TempPath(path)
    }

    /// A fresh path with an empty directory made there; dropped with all it holds.
    pub fn dir(tag: &str) -> TempPath {
        let dir = TempPath::new(tag);
        std::fs::create_dir(&dir.0).unwrap();
        dir
    }

    /// The path, for calls that take a `&Path`.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Deref for TempPath {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        if self.0.is_dir() {
            let _ = std::fs::remove_dir_all(&self.0);
        } else {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

/// A Linux abstract socket name, unique to this process and call: nothing on disk, and gone
/// with the last socket bound to it.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn abstract_name(tag: &str) -> UnixAddr {
    UnixAddr::from_abstract_name(unique_name(tag)).unwrap()
}

/// A Unix socket address of its own for one test: an abstract name on Linux and Android, a
/// [`TempPath`] elsewhere (removed when this is dropped: keep it while the socket is used).
#[cfg(unix)]
pub struct UnixName {
    addr: UnixAddr,
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    _path: TempPath,
}

#[cfg(unix)]
impl UnixName {
    pub fn new(tag: &str) -> UnixName {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            UnixName {
                addr: abstract_name(tag),
            }
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            let path = TempPath::new(tag);
            UnixName {
                addr: UnixAddr::from_pathname(&path).unwrap(),
                _path: path,
            }
        }
    }

    /// The address, to bind, connect or send to.
    pub fn addr(&self) -> UnixAddr {
        self.addr.clone()
    }
}

/// A Unix stream listener on `addr` (a path or a [`UnixAddr`]) with the backlog given.
#[cfg(unix)]
pub fn unix_listener(
    addr: impl Address<UnixStream>,
    backlog: i32,
) -> Socket<Listening, UnixStream> {
    Socket::unix_stream()
        .unwrap()
        .bind(addr)
        .unwrap()
        .listen(backlog)
        .unwrap()
}

/// A connected Unix stream pair (`socketpair(2)`).
#[cfg(unix)]
pub fn unix_stream_pair() -> (Socket<Connected, UnixStream>, Socket<Connected, UnixStream>) {
    Socket::unix_stream_pair().unwrap()
}

/// A connected Unix datagram pair (`socketpair(2)`).
#[cfg(unix)]
pub fn unix_datagram_pair() -> (
    Socket<Connected, UnixDatagram>,
    Socket<Connected, UnixDatagram>,
) {
    Socket::unix_datagram_pair().unwrap()
}

/// A connected Unix seqpacket pair (`socketpair(2)`), where the crate builds the kind.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub fn unix_seqpacket_pair() -> (
    Socket<Connected, UnixSeqpacket>,
    Socket<Connected, UnixSeqpacket>,
) {
    Socket::unix_seqpacket_pair().unwrap()
}

/// `wanted`, or the most a socket buffer may be set to on this machine if that is less
/// (Linux: `net.core.rmem_max` and `wmem_max`, the smaller): the setters refuse a size past
/// it, so a test that asks for a large buffer asks for one the machine allows.
#[allow(dead_code)]
pub fn buffer_size(wanted: usize) -> usize {
    #[cfg(target_os = "linux")]
    {
        let limit = |name: &str| {
            std::fs::read_to_string(format!("/proc/sys/net/core/{name}"))
                .ok()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or(usize::MAX)
        };
        wanted.min(limit("rmem_max")).min(limit("wmem_max"))
    }
    #[cfg(not(target_os = "linux"))]
    {
        wanted
    }
}
