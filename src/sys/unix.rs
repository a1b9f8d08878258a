//! The Unix platform layer: the syscalls socket2 does not make for us, and the kernel's units.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

use socket2::{Domain, SockAddr};

use crate::kind::Kind;
use crate::socket::Socket;
use crate::state::State;

/// The descriptor type: a file descriptor.
pub(crate) type RawDescriptor = RawFd;
/// An owned descriptor.
pub(crate) type OwnedDescriptor = OwnedFd;

/// `send(2)` flags for every send: a peer that has gone is `EPIPE` (`BrokenPipe`), never
/// `SIGPIPE`. Apple's kernels have no `MSG_NOSIGNAL`; there socket2 sets `SO_NOSIGPIPE` on
/// every socket it creates (and accepted sockets inherit it from their listener), as std does.
#[cfg(not(target_vendor = "apple"))]
pub(crate) const SEND_FLAGS: libc::c_int = libc::MSG_NOSIGNAL;
#[cfg(target_vendor = "apple")]
pub(crate) const SEND_FLAGS: libc::c_int = 0;

/// The resolution of `SO_RCVTIMEO` and `SO_SNDTIMEO` as the API carries them: a `timeval`,
/// microseconds. (Linux then rounds up to its clock tick, and reads back what it holds.)
pub(crate) const TIMEOUT_UNIT: Duration = Duration::from_micros(1);

/// The resolution of `SO_LINGER`: `l_linger` counts whole seconds, in a C `int`.
pub(crate) const LINGER_UNIT: Duration = Duration::from_secs(1);
/// The longest linger a `c_int` of seconds holds.
pub(crate) const LINGER_MAX: Duration = Duration::from_secs(libc::c_int::MAX as u64);

/// The largest buffer size `setsockopt` takes: a C `int`.
pub(crate) const BUFFER_SIZE_MAX: usize = libc::c_int::MAX as usize;

/// What the kernel holds for a buffer size of 1: Linux doubles `SO_RCVBUF` and `SO_SNDBUF`
/// "to allow space for bookkeeping overhead" ([`socket(7)`]) and reads back the doubled
/// value, in an `int`; the other systems hold the size asked for.
///
/// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const BUFFER_SIZE_FACTOR: usize = 2;
/// What the kernel holds for a buffer size of 1: the BSDs and Apple's systems hold the size
/// asked for.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) const BUFFER_SIZE_FACTOR: usize = 1;

/// Whether `error` says a connect is under way: `EINPROGRESS`.
pub(crate) fn is_in_progress(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::EINPROGRESS)
}

/// Whether `error` may mean "an address of the other family": `EINVAL` or `EAFNOSUPPORT`.
pub(crate) fn may_be_family_mismatch(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EINVAL | libc::EAFNOSUPPORT)
    )
}

/// Whether `error` says the option does not exist at this level for this socket:
/// `ENOPROTOOPT` (an IPv6 option on an IPv4 socket, for example).
pub(crate) fn is_no_such_option(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ENOPROTOOPT)
}

/// Whether `error` says the descriptor is not a socket: `ENOTSOCK`.
pub(crate) fn is_not_socket(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ENOTSOCK)
}

/// Whether `error` says the socket is not connected: `ENOTCONN`.
pub(crate) fn is_not_connected(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ENOTCONN)
}

/// Whether `getsockname`'s `error` means the socket is not bound: never on Unix, where an
/// unbound socket reports the unspecified address.
pub(crate) fn is_unbound(_error: &io::Error) -> bool {
    false
}

/// The socket's family, bound or not: the family of its local address (`getsockname(2)`),
/// which every Unix reports (`SO_DOMAIN` is Linux's only).
pub(crate) fn domain(socket: &socket2::Socket) -> io::Result<Domain> {
    Ok(socket.local_addr()?.domain())
}

/// `close(2)`, reporting what it reported. The descriptor is released either way.
pub(crate) fn close(fd: OwnedFd) -> io::Result<()> {
    let fd = fd.into_raw_fd();
    // SAFETY: `fd` was owned by the `OwnedFd`, which gave up ownership above; nothing else
    // closes it or uses it after this call.
    if unsafe { libc::close(fd) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Sets or clears `O_NONBLOCK` with one `ioctl(FIONBIO)`, as std does.
pub(crate) fn set_nonblocking(socket: &socket2::Socket, nonblocking: bool) -> io::Result<()> {
    let fd = socket.as_fd();
    let mut on = libc::c_int::from(nonblocking);
    // SAFETY: FIONBIO reads one int through the pointer, which is valid for the call; the
    // descriptor is open for the borrow's lifetime.
    if unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONBIO, &mut on) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Whether `O_NONBLOCK` is set: `fcntl(F_GETFL)`.
pub(crate) fn is_nonblocking(socket: &socket2::Socket) -> io::Result<bool> {
    let fd = socket.as_fd();
    // SAFETY: the descriptor is open for the borrow's lifetime; F_GETFL takes no argument.
    let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(flags & libc::O_NONBLOCK != 0)
}

/// Makes the descriptor close-on-exec, so no child process inherits it: `FD_CLOEXEC` (the
/// only descriptor flag), `fcntl(F_SETFD)`.
pub(crate) fn set_not_inherited(socket: &socket2::Socket) -> io::Result<()> {
    let fd = socket.as_fd();
    // SAFETY: the descriptor is open for the borrow's lifetime; F_SETFD takes an int.
    if unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `getsockopt(2)` of a plain value `T` (an `int`, a `ucred`, ...): `zero` is the storage
/// the kernel writes into.
pub(crate) fn getsockopt<T: Copy>(
    fd: BorrowedFd<'_>,
    level: libc::c_int,
    name: libc::c_int,
    zero: T,
) -> io::Result<T> {
    let mut value = zero;
    let mut len = size_of::<T>() as libc::socklen_t;
    // SAFETY: `value` and `len` are valid for writes for the call and `len` holds the size
    // of `value`; the descriptor is open for the borrow's lifetime.
    let r = unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&raw mut value).cast(),
            &mut len,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(value)
}

/// `setsockopt(2)` with a plain value `T` (for the options socket2 lacks, all Linux's).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn setsockopt<T: Copy>(
    fd: BorrowedFd<'_>,
    level: libc::c_int,
    name: libc::c_int,
    value: T,
) -> io::Result<()> {
    // SAFETY: the pointer and length describe `value`, valid for reads for the call; the
    // descriptor is open for the borrow's lifetime.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&raw const value).cast(),
            size_of::<T>() as libc::socklen_t,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Whether the socket listens: `getsockopt(SO_ACCEPTCONN)`.
pub(crate) fn is_listener(socket: &socket2::Socket) -> io::Result<bool> {
    getsockopt(
        socket.as_fd(),
        libc::SOL_SOCKET,
        libc::SO_ACCEPTCONN,
        0 as libc::c_int,
    )
    .map(|v| v != 0)
}

/// The address a connect in flight is going to, where the kernel tells it:
/// `getsockopt(SO_PEERNAME)` on Linux, which (unlike `getpeername`, which answers `ENOTCONN`
/// in `SYN_SENT` and after a refusal) reports the destination of a connect under way or
/// failed. The kernel answers `EINVAL` unless the buffer is exactly the address's size
/// (`net/core/sock.c`: `if (lv < len) return -EINVAL`), so the family is read first with
/// `getsockname(2)`. `None` elsewhere, and for a Unix socket (whose connect is never in
/// flight).
#[cold]
pub(crate) fn destination_in_flight(socket: &socket2::Socket) -> Option<SockAddr> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let size = match socket.local_addr().ok()?.domain() {
            socket2::Domain::IPV4 => size_of::<libc::sockaddr_in>(),
            socket2::Domain::IPV6 => size_of::<libc::sockaddr_in6>(),
            _ => return None,
        };
        // SAFETY: `try_init` hands a zeroed storage of `sockaddr_storage`'s size, which holds
        // `size` bytes; `getsockopt` writes at most `*len` bytes into it and updates `*len`.
        let result = unsafe {
            SockAddr::try_init(|storage, len| {
                *len = size as libc::socklen_t;
                if libc::getsockopt(
                    socket.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_PEERNAME,
                    storage.cast(),
                    len,
                ) < 0
                {
                    Err(io::Error::last_os_error())
                } else {
                    Ok(())
                }
            })
        };
        result.ok().map(|((), addr)| addr)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = socket;
        None
    }
}

/// An `AF_UNSPEC` address: `connect(2)` to it dissolves a datagram socket's association.
pub(crate) fn unspecified_address() -> SockAddr {
    // SAFETY: `try_init` hands a zeroed storage; writing its family and reporting the size
    // of a plain `sockaddr` describes an `AF_UNSPEC` address completely.
    let ((), addr) = unsafe {
        SockAddr::try_init(|storage, len| {
            (*storage.cast::<libc::sockaddr>()).sa_family = libc::AF_UNSPEC as libc::sa_family_t;
            *len = size_of::<libc::sockaddr>() as libc::socklen_t;
            Ok(())
        })
    }
    .expect("an infallible initialisation");
    addr
}

/// Whether `addr` is an unnamed Unix address (a socket that never bound).
pub(crate) fn is_unnamed(addr: &SockAddr) -> bool {
    addr.is_unnamed()
}

/// Whether `addr` is `AF_UNSPEC`, which is how an unconnected Unix socket's peer reads.
pub(crate) fn is_unspecified(addr: &SockAddr) -> bool {
    addr.family() == libc::AF_UNSPEC as libc::sa_family_t
}

/// What `poll(2)` reported for a socket that became writable.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Writable {
    hang_up: bool,
}

impl Writable {
    /// `POLLHUP`: the connection was closed.
    pub(crate) fn hang_up(self) -> bool {
        self.hang_up
    }
}

/// `poll(2)` for writability until `deadline` (forever for `None`; a single look for a
/// deadline already past). `Some` once writable, `None` if the deadline came first. A signal
/// that interrupts the wait resumes it for the time that is left.
pub(crate) fn poll_writable(
    socket: &socket2::Socket,
    deadline: Option<Instant>,
) -> io::Result<Option<Writable>> {
    let fd = socket.as_fd();
    let mut pollfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLOUT,
        revents: 0,
    };
    loop {
        let timeout_ms = match deadline {
            None => -1,
            // Round up: waking a fraction of a millisecond early would report a timeout
            // before the time asked for has passed.
            Some(deadline) => deadline
                .saturating_duration_since(Instant::now())
                .as_nanos()
                .div_ceil(1_000_000)
                .min(libc::c_int::MAX as u128) as libc::c_int,
        };
        // SAFETY: `pollfd` is a valid, exclusively borrowed pollfd array of length 1.
        let n = unsafe { libc::poll(&mut pollfd, 1, timeout_ms) };
        if n > 0 {
            return Ok(Some(Writable {
                hang_up: pollfd.revents & libc::POLLHUP != 0,
            }));
        }
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(None);
        }
    }
}

/// The longest name `sun_path` holds, with the terminating NUL a pathname needs: 108 bytes
/// on Linux, 104 on the BSDs and Apple's systems.
pub(crate) const SUN_PATH_LEN: usize = {
    // SAFETY: `sockaddr_un` is plain old data; all zeroes is a valid value of it.
    let addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    addr.sun_path.len()
};

/// `AsFd`, `AsRawFd`, `IntoRawFd` and `From<Socket> for OwnedFd`: a `Socket` is a file
/// descriptor.
impl<S: State, K: Kind> AsFd for Socket<S, K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner().as_fd()
    }
}

impl<S: State, K: Kind> AsRawFd for Socket<S, K> {
    fn as_raw_fd(&self) -> RawFd {
        self.inner().as_raw_fd()
    }
}

impl<S: State, K: Kind> IntoRawFd for Socket<S, K> {
    fn into_raw_fd(self) -> RawFd {
        self.into_inner().into_raw_fd()
    }
}

impl<S: State, K: Kind> From<Socket<S, K>> for OwnedFd {
    fn from(socket: Socket<S, K>) -> OwnedFd {
        socket.into_inner().into()
    }
}

/// The raw descriptor of an owned one, as messages show it.
pub(crate) fn raw_of(owned: &OwnedFd) -> RawDescriptor {
    owned.as_raw_fd()
}

/// The raw descriptor of a socket, as `Debug` shows it.
pub(crate) fn raw(socket: &socket2::Socket) -> RawDescriptor {
    socket.as_raw_fd()
}
