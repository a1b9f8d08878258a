//! The Windows platform layer: the Winsock calls socket2 does not make for us, the kernel's
//! units, and the handle traits.

use std::io;
use std::os::windows::io::{
    AsRawSocket, AsSocket, BorrowedSocket, IntoRawSocket, OwnedSocket, RawSocket,
};
use std::time::{Duration, Instant};

use socket2::{Domain, SockAddr};
use windows_sys::Win32::Networking::WinSock as ws;

/// The socket handle type: `SOCKET`.
pub(crate) type RawDescriptor = RawSocket;
/// An owned socket handle.
pub(crate) type OwnedDescriptor = OwnedSocket;

/// `send` flags: Windows has no `SIGPIPE`, a peer that has gone is `WSAECONNRESET` or
/// `WSAESHUTDOWN`.
pub(crate) const SEND_FLAGS: i32 = 0;

/// The resolution of `SO_RCVTIMEO` and `SO_SNDTIMEO` on Windows: a `DWORD` of milliseconds,
/// where 0 means "forever".
pub(crate) const TIMEOUT_UNIT: Duration = Duration::from_millis(1);

/// The resolution of `SO_LINGER`: `l_linger` counts whole seconds...
pub(crate) const LINGER_UNIT: Duration = Duration::from_secs(1);
/// ... in a `u_short`.
pub(crate) const LINGER_MAX: Duration = Duration::from_secs(u16::MAX as u64);

/// The largest buffer size `setsockopt` takes: a C `int`.
pub(crate) const BUFFER_SIZE_MAX: usize = i32::MAX as usize;

/// What the kernel holds for a buffer size of 1: Windows holds the size asked for.
pub(crate) const BUFFER_SIZE_FACTOR: usize = 1;

fn is(error: &io::Error, code: i32) -> bool {
    error.raw_os_error() == Some(code)
}

fn last_error() -> io::Error {
    // SAFETY: no preconditions; reads the calling thread's last Winsock error.
    io::Error::from_raw_os_error(unsafe { ws::WSAGetLastError() })
}

/// Whether `error` says a connect is under way: a non-blocking `connect` answers
/// `WSAEWOULDBLOCK` on Windows (`WSAEINPROGRESS` is another error there).
pub(crate) fn is_in_progress(error: &io::Error) -> bool {
    is(error, ws::WSAEWOULDBLOCK)
}

/// Whether `error` may mean "an address of the other family": Winsock answers `WSAEFAULT`,
/// `WSAEAFNOSUPPORT` or `WSAEINVAL` (Wine: `WSAEOPNOTSUPP`). The caller compares the
/// families before it says so.
pub(crate) fn may_be_family_mismatch(error: &io::Error) -> bool {
    [
        ws::WSAEFAULT,
        ws::WSAEAFNOSUPPORT,
        ws::WSAEINVAL,
        ws::WSAEOPNOTSUPP,
    ]
    .into_iter()
    .any(|code| is(error, code))
}

/// Whether `error` says the option does not exist for this socket: `WSAENOPROTOOPT`.
pub(crate) fn is_no_such_option(error: &io::Error) -> bool {
    is(error, ws::WSAENOPROTOOPT)
}

/// Whether `error` says the handle is not a socket: `WSAENOTSOCK`.
pub(crate) fn is_not_socket(error: &io::Error) -> bool {
    is(error, ws::WSAENOTSOCK)
}

/// Whether `error` says the socket is not connected: `WSAENOTCONN`.
pub(crate) fn is_not_connected(error: &io::Error) -> bool {
    is(error, ws::WSAENOTCONN)
}

/// Whether an `accept` failed for want of a resource (`WSAEMFILE`, `WSAENOBUFS`).
pub(crate) fn is_out_of_resources(error: &io::Error) -> bool {
    is(error, ws::WSAEMFILE) || is(error, ws::WSAENOBUFS)
}

/// Whether `getsockname`'s `error` means the socket is not bound: `WSAEINVAL`.
pub(crate) fn is_unbound(error: &io::Error) -> bool {
    is(error, ws::WSAEINVAL)
}

/// `closesocket`, reporting what it reported.
pub(crate) fn close(socket: OwnedSocket) -> io::Result<()> {
    let raw = socket.into_raw_socket();
    // SAFETY: `raw` was owned by the `OwnedSocket`, which gave up ownership above; nothing
    // else closes it or uses it after this call.
    if unsafe { ws::closesocket(raw as ws::SOCKET) } == 0 {
        Ok(())
    } else {
        Err(last_error())
    }
}

/// Sets or clears non-blocking mode: `ioctlsocket(FIONBIO)`.
pub(crate) fn set_nonblocking(socket: &socket2::Socket, nonblocking: bool) -> io::Result<()> {
    let mut on = u32::from(nonblocking);
    // SAFETY: FIONBIO reads one u_long through the pointer, valid for the call; the socket is
    // open for the borrow's lifetime.
    if unsafe { ws::ioctlsocket(socket.as_raw_socket() as ws::SOCKET, ws::FIONBIO, &mut on) } != 0 {
        return Err(last_error());
    }
    Ok(())
}

/// Whether the socket is non-blocking. Winsock has no way to read the mode back, so this
/// answers "blocking", which a socket is unless `set_nonblocking(true)` made it otherwise:
/// the platform table says what follows for `connect_timeout`.
pub(crate) fn is_nonblocking(_socket: &socket2::Socket) -> io::Result<bool> {
    Ok(false)
}

/// Makes the handle not inheritable by child processes (`HANDLE_FLAG_INHERIT` cleared).
pub(crate) fn set_not_inherited(socket: &socket2::Socket) -> io::Result<()> {
    socket.set_no_inherit(true)
}

/// Reads an `int`-sized (or larger) socket option.
fn getsockopt<T: Copy>(
    socket: BorrowedSocket<'_>,
    level: i32,
    name: i32,
    zero: T,
) -> io::Result<T> {
    let mut value = zero;
    let mut len = size_of::<T>() as i32;
    // SAFETY: `value` and `len` are valid for writes for the call and `len` holds the size of
    // `value`; the socket is open for the borrow's lifetime.
    let r = unsafe {
        ws::getsockopt(
            socket.as_raw_socket() as ws::SOCKET,
            level,
            name,
            (&raw mut value).cast(),
            &mut len,
        )
    };
    if r != 0 {
        return Err(last_error());
    }
    Ok(value)
}

/// Sets an `int`-sized socket option.
fn setsockopt_int(socket: BorrowedSocket<'_>, level: i32, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: `value` is valid for reads of `size_of::<i32>()` bytes for the call; the socket
    // is open for the borrow's lifetime.
    let r = unsafe {
        ws::setsockopt(
            socket.as_raw_socket() as ws::SOCKET,
            level,
            name,
            (&raw const value).cast(),
            size_of::<i32>() as i32,
        )
    };
    if r != 0 {
        return Err(last_error());
    }
    Ok(())
}

/// `SO_EXCLUSIVEADDRUSE`: no other socket may bind the address this one binds, whatever
/// `SO_REUSEADDR` it sets.
pub(crate) fn set_exclusive_address_use(
    socket: &socket2::Socket,
    exclusive: bool,
) -> io::Result<()> {
    setsockopt_int(
        socket.as_socket(),
        ws::SOL_SOCKET,
        ws::SO_EXCLUSIVEADDRUSE,
        exclusive.into(),
    )
}

/// Whether `SO_EXCLUSIVEADDRUSE` is set.
pub(crate) fn exclusive_address_use(socket: &socket2::Socket) -> io::Result<bool> {
    getsockopt(
        socket.as_socket(),
        ws::SOL_SOCKET,
        ws::SO_EXCLUSIVEADDRUSE,
        0i32,
    )
    .map(|v| v != 0)
}

/// Whether the socket listens: `getsockopt(SO_ACCEPTCONN)`.
pub(crate) fn is_listener(socket: &socket2::Socket) -> io::Result<bool> {
    getsockopt(socket.as_socket(), ws::SOL_SOCKET, ws::SO_ACCEPTCONN, 0i32).map(|v| v != 0)
}

/// What `getsockopt(SO_PROTOCOL_INFOW)` reports of the socket.
fn protocol_info(socket: &socket2::Socket) -> io::Result<ws::WSAPROTOCOL_INFOW> {
    // SAFETY: all zeroes is a valid WSAPROTOCOL_INFOW (integers and arrays of them).
    let zero: ws::WSAPROTOCOL_INFOW = unsafe { std::mem::zeroed() };
    getsockopt(
        socket.as_socket(),
        ws::SOL_SOCKET,
        ws::SO_PROTOCOL_INFOW,
        zero,
    )
}

/// The socket's family, bound or not: `getsockopt(SO_PROTOCOL_INFOW)` (`getsockname` fails on
/// an unbound socket on Windows).
pub(crate) fn domain(socket: &socket2::Socket) -> io::Result<Domain> {
    Ok(Domain::from(protocol_info(socket)?.iAddressFamily))
}

/// The socket's protocol: `SO_PROTOCOL_INFOW`'s `iProtocol`.
pub(crate) fn protocol(socket: &socket2::Socket) -> io::Result<Option<i32>> {
    Ok(Some(protocol_info(socket)?.iProtocol))
}

/// The kernel's TCP state: not read on Windows (`SIO_TCP_INFO` needs Windows 10 1703 and
/// is not wired up), so adoption falls back to what `SO_ACCEPTCONN`, `getpeername` and
/// `getsockname` show.
pub(crate) fn tcp_state(_socket: &socket2::Socket) -> io::Result<Option<super::TcpState>> {
    Ok(None)
}

/// The shut-down halves `poll` would show: not read on Windows.
pub(crate) fn shut_halves(_socket: &socket2::Socket) -> io::Result<(bool, Option<bool>)> {
    Ok((false, None))
}

/// Whether the write half is shut: not read on Windows (only Unix streams ask).
pub(crate) fn write_shut(_socket: &socket2::Socket) -> io::Result<Option<bool>> {
    Ok(None)
}

/// Whether the kernel still holds the port: not probed on Windows.
pub(crate) fn port_held(_local: &SockAddr) -> Option<bool> {
    None
}

/// The name of an address family, as an error message shows it.
pub(crate) fn family_name(family: i32) -> Option<&'static str> {
    Some(match family {
        0 => "AF_UNSPEC",
        1 => "AF_UNIX",
        2 => "AF_INET",
        23 => "AF_INET6",
        32 => "AF_BTH",
        40 => "AF_HYPERV",
        _ => return None,
    })
}

/// The name of a protocol number, as an error message shows it.
pub(crate) fn protocol_name(protocol: i32) -> Option<&'static str> {
    Some(match protocol {
        0 => "protocol 0",
        1 => "IPPROTO_ICMP",
        6 => "IPPROTO_TCP",
        17 => "IPPROTO_UDP",
        58 => "IPPROTO_ICMPV6",
        113 => "IPPROTO_PGM",
        132 => "IPPROTO_SCTP",
        255 => "IPPROTO_RAW",
        _ => return None,
    })
}

/// Whether `addr` is an unnamed Unix address: the Unix kinds are not offered on Windows.
pub(crate) fn is_unnamed(_addr: &SockAddr) -> bool {
    false
}

/// Where a connect in flight is going: Winsock does not tell.
pub(crate) fn destination_in_flight(_socket: &socket2::Socket) -> Option<SockAddr> {
    None
}

/// `select` for writability (and, for a failed connect, the exception set) until `deadline`
/// (forever for `None`), as std's `connect_timeout` does on Windows.
pub(crate) fn poll_writable(
    socket: &socket2::Socket,
    deadline: Option<Instant>,
) -> io::Result<Option<super::Writable>> {
    let raw = socket.as_raw_socket() as ws::SOCKET;
    loop {
        // SAFETY: all zeroes is a valid, empty FD_SET.
        let mut write: ws::FD_SET = unsafe { std::mem::zeroed() };
        write.fd_count = 1;
        write.fd_array[0] = raw;
        let mut except = write;
        let timeout = deadline.map(|deadline| {
            let left = deadline.saturating_duration_since(Instant::now());
            let micros = left.as_micros().min(i32::MAX as u128 * 1_000_000);
            ws::TIMEVAL {
                tv_sec: (micros / 1_000_000) as i32,
                tv_usec: (micros % 1_000_000) as i32,
            }
        });
        let timeout_ptr = timeout
            .as_ref()
            .map_or(std::ptr::null(), |t| t as *const ws::TIMEVAL);
        // SAFETY: the sets and the timeout are valid for the call; `nfds` is ignored.
        let n = unsafe {
            ws::select(
                1,
                std::ptr::null_mut(),
                &mut write,
                &mut except,
                timeout_ptr,
            )
        };
        if n > 0 {
            return Ok(Some(super::Writable {
                hang_up: except.fd_count > 0,
            }));
        }
        if n < 0 {
            return Err(last_error());
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(None);
        }
    }
}

/// The raw handle of an owned one, as messages show it.
pub(crate) fn raw_of(owned: &OwnedSocket) -> RawDescriptor {
    owned.as_raw_socket()
}

/// The raw handle of a socket, as `Debug` shows it.
pub(crate) fn raw(socket: &socket2::Socket) -> RawDescriptor {
    socket.as_raw_socket()
}

/// The resolution of the keepalive time and interval on Windows: `SIO_KEEPALIVE_VALS` counts
/// milliseconds, in a `u_long`.
pub(crate) const KEEPALIVE_UNIT: Duration = Duration::from_millis(1);
/// The longest keepalive time and interval: a `u_long` of milliseconds.
pub(crate) const KEEPALIVE_MAX: Duration = Duration::from_millis(u32::MAX as u64);

/// `socket`: socket2's, which makes the handle non-inheritable in the same call
/// (`WSA_FLAG_NO_HANDLE_INHERIT`).
pub(crate) fn socket(domain: Domain, ty: socket2::Type) -> io::Result<socket2::Socket> {
    socket2::Socket::new(domain, ty, None)
}

/// One `connect` to an internet address.
pub(crate) fn connect_inet(
    socket: &socket2::Socket,
    addr: &std::net::SocketAddr,
) -> io::Result<()> {
    socket.connect(&SockAddr::from(*addr))
}

/// One `sendto` to an internet address.
pub(crate) fn send_to_inet(
    socket: &socket2::Socket,
    buf: &[u8],
    addr: &std::net::SocketAddr,
) -> io::Result<usize> {
    socket.send_to(buf, &SockAddr::from(*addr))
}

fn inet(addr: &SockAddr) -> io::Result<std::net::SocketAddr> {
    addr.as_socket().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the kernel returned an address that is not IPv4 or IPv6",
        )
    })
}

/// One `recvfrom` and the sender's internet address.
pub(crate) fn recv_from_inet(
    socket: &socket2::Socket,
    buf: &mut [u8],
) -> io::Result<(usize, std::net::SocketAddr)> {
    let (n, addr) = socket.recv_from(super::as_uninit(buf))?;
    Ok((n, inet(&addr)?))
}

/// One `accept` on an internet listener (the new socket non-blocking if `nonblocking`),
/// and the peer's address.
pub(crate) fn accept_inet(
    listener: &socket2::Socket,
    nonblocking: bool,
) -> io::Result<(socket2::Socket, std::net::SocketAddr)> {
    let (socket, addr) = listener.accept()?;
    if nonblocking {
        socket.set_nonblocking(true)?;
    }
    Ok((socket, inet(&addr)?))
}
