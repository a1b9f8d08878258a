//! The Unix platform layer: the syscalls socket2 does not make for us, and the kernel's units.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

use socket2::{Domain, SockAddr};

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

/// Whether an `accept(2)` failed for want of a resource (`EMFILE`, `ENFILE`, `ENOBUFS`,
/// `ENOMEM`): the connection stays queued, and the next accept fails the same way until a
/// descriptor or memory is freed.
pub(crate) fn is_out_of_resources(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
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

/// `setsockopt(2)` with a plain value `T` (for the options socket2 lacks).
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
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

/// The socket's protocol, `getsockopt(SO_PROTOCOL)` (Linux, Android, FreeBSD); `None` where
/// the kernel has no such option (Apple's kernels, the other BSDs).
pub(crate) fn protocol(socket: &socket2::Socket) -> io::Result<Option<i32>> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    {
        Ok(socket.protocol()?.map(i32::from))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    {
        let _ = socket;
        Ok(None)
    }
}

/// The prefix of Linux's `struct tcp_info` (`include/uapi/linux/tcp.h`) up to `tcpi_segs_in`
/// (Linux 4.2): the kernel copies `min(len, sizeof)` bytes and reports how many it wrote.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Clone, Copy)]
#[repr(C)]
struct LinuxTcpInfo {
    state: u8,
    _bytes: [u8; 7],
    /// `tcpi_rto` to `tcpi_total_retrans`: see `TCPI_*` below for the ones read.
    u32s: [u32; 24],
    /// `tcpi_pacing_rate`, `tcpi_max_pacing_rate`, `tcpi_bytes_acked` (Linux 4.1),
    /// `tcpi_bytes_received` (4.1).
    u64s: [u64; 4],
    segs_out: u32,
    segs_in: u32,
    /// `tcpi_notsent_bytes`, `tcpi_min_rtt` (4.6), `tcpi_data_segs_in`, `tcpi_data_segs_out`.
    u32s_2: [u32; 4],
    /// `tcpi_delivery_rate` (Linux 4.9), bytes a second.
    delivery_rate: u64,
}

/// Indices into `LinuxTcpInfo::u32s` (`include/uapi/linux/tcp.h`).
#[cfg(any(target_os = "linux", target_os = "android"))]
const TCPI_SND_MSS: usize = 2;
#[cfg(any(target_os = "linux", target_os = "android"))]
const TCPI_RTT: usize = 15;
#[cfg(any(target_os = "linux", target_os = "android"))]
const TCPI_RTTVAR: usize = 16;
#[cfg(any(target_os = "linux", target_os = "android"))]
const TCPI_SND_CWND: usize = 18;
#[cfg(any(target_os = "linux", target_os = "android"))]
const TCPI_TOTAL_RETRANS: usize = 23;

/// What the kernel's TCP says of a socket, in one platform-neutral form: the state, and
/// the connection's numbers where the platform has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TcpSnapshot {
    pub(crate) state: super::TcpState,
    /// Smoothed round-trip time and its variance, microseconds.
    pub(crate) rtt_us: u32,
    pub(crate) rtt_var_us: u32,
    /// The sender's maximum segment size, bytes.
    pub(crate) mss: u32,
    /// The congestion window, bytes.
    pub(crate) cwnd_bytes: u64,
    /// Segments retransmitted over the connection's life (Apple's kernels count bytes).
    pub(crate) retransmits: Option<u64>,
    pub(crate) bytes_acked: Option<u64>,
    pub(crate) bytes_received: Option<u64>,
    pub(crate) delivery_rate: Option<u64>,
    pub(crate) min_rtt_us: Option<u32>,
}

/// The TCP state the kernel holds for `socket`: `Ok(None)` where it will not say (a protocol
/// without `TCP_INFO`, such as an MPTCP socket on an older kernel, or a platform without it).
pub(crate) fn tcp_state(socket: &socket2::Socket) -> io::Result<Option<super::TcpState>> {
    Ok(tcp_snapshot(socket)?.map(|snapshot| snapshot.state))
}

/// `TCP_INFO` (Linux, FreeBSD) or `TCP_CONNECTION_INFO` (Apple's systems) of `socket`:
/// `Ok(None)` where the kernel will not say.
pub(crate) fn tcp_snapshot(socket: &socket2::Socket) -> io::Result<Option<TcpSnapshot>> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use super::TcpState as T;
        // SAFETY: all zeroes is a valid `LinuxTcpInfo` (integers only).
        let mut info: LinuxTcpInfo = unsafe { std::mem::zeroed() };
        let mut len = size_of::<LinuxTcpInfo>() as libc::socklen_t;
        // SAFETY: `info` and `len` are valid for writes for the call and `len` holds the size
        // of `info`; the kernel writes at most `len` bytes and stores how many in `len`.
        let r = unsafe {
            libc::getsockopt(
                socket.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_INFO,
                (&raw mut info).cast(),
                &mut len,
            )
        };
        if r < 0 {
            let error = io::Error::last_os_error();
            return match error.raw_os_error() {
                Some(libc::ENOPROTOOPT | libc::EOPNOTSUPP) => Ok(None),
                _ => Err(error),
            };
        }
        let len = len as usize;
        // The kernel fills what it has (older kernels a shorter struct): a field past `len`
        // was not written, and reads as `None`.
        let has = |end: usize| len >= end;
        let counted = has(std::mem::offset_of!(LinuxTcpInfo, u32s_2));
        // `include/net/tcp_states.h`.
        let state = match info.state {
            1 => T::Established,
            2 => T::SynSent,
            3 | 12 => T::SynReceived,
            4 => T::FinWait1,
            5 => T::FinWait2,
            6 => T::TimeWait,
            8 => T::CloseWait,
            9 => T::LastAck,
            10 => T::Listen,
            11 => T::Closing,
            // 7, TCP_CLOSE, and 13, TCP_BOUND_INACTIVE (a socket bound with
            // IP_BIND_ADDRESS_NO_PORT): no connection.
            _ => T::Closed {
                used: counted.then_some(info.segs_out != 0 || info.segs_in != 0),
            },
        };
        let u64_end = |i: usize| std::mem::offset_of!(LinuxTcpInfo, u64s) + 8 * (i + 1);
        let min_rtt_end = std::mem::offset_of!(LinuxTcpInfo, u32s_2) + 8;
        Ok(Some(TcpSnapshot {
            state,
            rtt_us: info.u32s[TCPI_RTT],
            rtt_var_us: info.u32s[TCPI_RTTVAR],
            mss: info.u32s[TCPI_SND_MSS],
            // Linux counts the window in segments.
            cwnd_bytes: u64::from(info.u32s[TCPI_SND_CWND]) * u64::from(info.u32s[TCPI_SND_MSS]),
            retransmits: Some(u64::from(info.u32s[TCPI_TOTAL_RETRANS])),
            bytes_acked: has(u64_end(2)).then_some(info.u64s[2]),
            bytes_received: has(u64_end(3)).then_some(info.u64s[3]),
            delivery_rate: has(size_of::<LinuxTcpInfo>()).then_some(info.delivery_rate),
            min_rtt_us: has(min_rtt_end).then_some(info.u32s_2[1]),
        }))
    }
    #[cfg(target_vendor = "apple")]
    {
        // SAFETY: all zeroes is a valid `tcp_connection_info` (integers only).
        let zero: libc::tcp_connection_info = unsafe { std::mem::zeroed() };
        let info = match getsockopt(
            socket.as_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_CONNECTION_INFO,
            zero,
        ) {
            Ok(info) => info,
            Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => return Ok(None),
            Err(e) => return Err(e),
        };
        let state = bsd_state(
            info.tcpi_state,
            Some(info.tcpi_txpackets != 0 || info.tcpi_rxpackets != 0),
        );
        Ok(Some(TcpSnapshot {
            state,
            // Milliseconds here.
            rtt_us: info.tcpi_srtt.saturating_mul(1000),
            rtt_var_us: info.tcpi_rttvar.saturating_mul(1000),
            mss: info.tcpi_maxseg,
            cwnd_bytes: u64::from(info.tcpi_snd_cwnd),
            retransmits: None,
            bytes_acked: None,
            bytes_received: Some(info.tcpi_rxbytes),
            delivery_rate: None,
            min_rtt_us: None,
        }))
    }
    #[cfg(target_os = "freebsd")]
    {
        // SAFETY: all zeroes is a valid `tcp_info` (integers only).
        let zero: libc::tcp_info = unsafe { std::mem::zeroed() };
        let info = match getsockopt(socket.as_fd(), libc::IPPROTO_TCP, libc::TCP_INFO, zero) {
            Ok(info) => info,
            Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(TcpSnapshot {
            state: bsd_state(info.tcpi_state, None),
            rtt_us: info.tcpi_rtt,
            rtt_var_us: info.tcpi_rttvar,
            mss: info.tcpi_snd_mss,
            cwnd_bytes: u64::from(info.tcpi_snd_cwnd),
            retransmits: Some(u64::from(info.tcpi_snd_rexmitpack)),
            bytes_acked: None,
            bytes_received: None,
            delivery_rate: None,
            min_rtt_us: None,
        }))
    }
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_vendor = "apple",
        target_os = "freebsd"
    )))]
    {
        let _ = socket;
        Ok(None)
    }
}

/// The BSDs' `TCPS_*` numbering (`netinet/tcp_fsm.h`), shared by Apple's kernels and FreeBSD.
#[cfg(any(target_vendor = "apple", target_os = "freebsd"))]
fn bsd_state(state: u8, used: Option<bool>) -> super::TcpState {
    use super::TcpState as T;
    match state {
        1 => T::Listen,
        2 => T::SynSent,
        3 => T::SynReceived,
        4 => T::Established,
        5 => T::CloseWait,
        6 => T::FinWait1,
        7 => T::Closing,
        8 => T::LastAck,
        9 => T::FinWait2,
        10 => T::TimeWait,
        _ => T::Closed { used },
    }
}

/// What `poll(2)`, asked without waiting, shows of a socket's shut-down halves: `hung_up`
/// (`POLLHUP`: both halves shut, on a socket that has had a peer), and `read_shut`
/// (`POLLRDHUP`, Linux's and FreeBSD's: the read half shut, by `shutdown(SHUT_RD)` or by the
/// peer's end of stream), `None` where the kernel has no such flag.
pub(crate) fn shut_halves(socket: &socket2::Socket) -> io::Result<(bool, Option<bool>)> {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    const RDHUP: Option<libc::c_short> = Some(libc::POLLRDHUP);
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
    const RDHUP: Option<libc::c_short> = None;
    let mut pollfd = libc::pollfd {
        fd: socket.as_raw_fd(),
        events: libc::POLLIN | RDHUP.unwrap_or(0),
        revents: 0,
    };
    // SAFETY: `pollfd` is valid for reads and writes for the call, with `nfds` 1; a timeout
    // of 0 returns at once.
    if unsafe { libc::poll(&mut pollfd, 1, 0) } < 0 {
        return Err(io::Error::last_os_error());
    }
    let hung_up = pollfd.revents & libc::POLLHUP != 0;
    let read_shut = RDHUP.map(|rdhup| pollfd.revents & rdhup != 0);
    Ok((hung_up, read_shut))
}

/// Whether a connected stream socket's write half is shut (by `shutdown(SHUT_WR)`, or by
/// the peer's `shutdown(SHUT_RD)` on a Unix stream): a send of zero bytes, which moves no
/// data and wakes no one, answers `EPIPE` (`MSG_NOSIGNAL`: never `SIGPIPE`). Only for the
/// byte-stream kinds: on a message kind a zero-length send is a message. `None` on Apple's
/// kernels, which have no `MSG_NOSIGNAL` to keep an adopted socket from raising `SIGPIPE`.
pub(crate) fn write_shut(socket: &socket2::Socket) -> io::Result<Option<bool>> {
    #[cfg(not(target_vendor = "apple"))]
    {
        match socket.send_with_flags(&[], libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT) {
            Ok(_) => Ok(Some(false)),
            Err(e) if e.raw_os_error() == Some(libc::EPIPE) => Ok(Some(true)),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Some(false)),
            Err(e) => Err(e),
        }
    }
    #[cfg(target_vendor = "apple")]
    {
        let _ = socket;
        Ok(None)
    }
}

/// Whether the kernel still holds `local`'s port for the socket (a listener that was shut
/// down, or a connection that ended, gives its port back while `getsockname` still shows
/// it): a probe socket of the same family binds `local` without `SO_REUSEADDR`, and the
/// kernel answers `EADDRINUSE` if the port is held. `None` when the probe cannot tell (a
/// privileged port, say). Linux only, where it was measured; `None` elsewhere.
pub(crate) fn port_held(local: &SockAddr) -> Option<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let probe = socket2::Socket::new(local.domain(), socket2::Type::STREAM, None).ok()?;
        match probe.bind(local) {
            Ok(()) => Some(false),
            Err(e) if e.raw_os_error() == Some(libc::EADDRINUSE) => Some(true),
            Err(_) => None,
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = local;
        None
    }
}

/// The name of an address family, as an error message shows it.
pub(crate) fn family_name(family: i32) -> Option<&'static str> {
    if let Some(name) = match family {
        libc::AF_UNSPEC => Some("AF_UNSPEC"),
        libc::AF_INET => Some("AF_INET"),
        libc::AF_INET6 => Some("AF_INET6"),
        libc::AF_UNIX => Some("AF_UNIX"),
        _ => None,
    } {
        return Some(name);
    }
    // Linux's numbering, `include/linux/socket.h`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let name = match family {
        15 => "AF_KEY",
        16 => "AF_NETLINK",
        17 => "AF_PACKET",
        21 => "AF_RDS",
        26 => "AF_LLC",
        28 => "AF_MPLS",
        29 => "AF_CAN",
        30 => "AF_TIPC",
        31 => "AF_BLUETOOTH",
        38 => "AF_ALG",
        40 => "AF_VSOCK",
        42 => "AF_QIPCRTR",
        44 => "AF_XDP",
        45 => "AF_MCTP",
        _ => return None,
    };
    #[cfg(target_vendor = "apple")]
    let name = match family {
        libc::AF_ROUTE => "AF_ROUTE",
        libc::AF_LINK => "AF_LINK",
        libc::AF_SYSTEM => "AF_SYSTEM",
        libc::AF_VSOCK => "AF_VSOCK",
        27 => "AF_NDRV",
        _ => return None,
    };
    #[cfg(target_os = "freebsd")]
    let name = match family {
        libc::AF_ROUTE => "AF_ROUTE",
        libc::AF_LINK => "AF_LINK",
        libc::AF_BLUETOOTH => "AF_BLUETOOTH",
        _ => return None,
    };
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_vendor = "apple",
        target_os = "freebsd"
    )))]
    let name = return None;
    Some(name)
}

/// The name of a protocol number, as an error message shows it.
pub(crate) fn protocol_name(protocol: i32) -> Option<&'static str> {
    Some(match protocol {
        0 => "protocol 0",
        libc::IPPROTO_ICMP => "IPPROTO_ICMP",
        libc::IPPROTO_TCP => "IPPROTO_TCP",
        libc::IPPROTO_UDP => "IPPROTO_UDP",
        58 => "IPPROTO_ICMPV6",
        libc::IPPROTO_SCTP => "IPPROTO_SCTP",
        136 => "IPPROTO_UDPLITE",
        33 => "IPPROTO_DCCP",
        libc::IPPROTO_RAW => "IPPROTO_RAW",
        super::IPPROTO_MPTCP => "IPPROTO_MPTCP",
        _ => return None,
    })
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

/// `poll(2)` for writability until `deadline` (forever for `None`; a single look for a
/// deadline already past). `Some` once writable, `None` if the deadline came first. A signal
/// that interrupts the wait resumes it for the time that is left.
pub(crate) fn poll_writable(
    socket: &socket2::Socket,
    deadline: Option<Instant>,
) -> io::Result<Option<super::Writable>> {
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
            return Ok(Some(super::Writable {
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

/// The raw descriptor of an owned one, as messages show it.
pub(crate) fn raw_of(owned: &OwnedFd) -> RawDescriptor {
    owned.as_raw_fd()
}

/// The raw descriptor of a socket, as `Debug` shows it.
pub(crate) fn raw(socket: &socket2::Socket) -> RawDescriptor {
    socket.as_raw_fd()
}

/// The longest pathname a Unix address holds: on Linux the whole `sun_path` (the kernel
/// accepts a path with no room for its NUL, `unix(7)`), elsewhere one byte less.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const UNIX_PATH_MAX: usize = SUN_PATH_LEN;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) const UNIX_PATH_MAX: usize = SUN_PATH_LEN - 1;

/// The bytes of `sun_path` that the address's length covers (the leading NUL of an abstract
/// name and a pathname's trailing NUL included); empty for an address that is not `AF_UNIX`.
pub(crate) fn sun_path_bytes(addr: &SockAddr) -> &[u8] {
    if !addr.is_unix() {
        return &[];
    }
    let offset = std::mem::offset_of!(libc::sockaddr_un, sun_path);
    let len = (addr.len() as usize)
        .saturating_sub(offset)
        .min(SUN_PATH_LEN);
    // SAFETY: a `SockAddr` holds a whole `sockaddr_storage`, larger than a `sockaddr_un`,
    // initialised; an `AF_UNIX` one is laid out as a `sockaddr_un`, whose `sun_path` starts
    // at `offset` and holds `SUN_PATH_LEN` bytes, of which `len` are read. The slice borrows
    // `addr`.
    unsafe { std::slice::from_raw_parts(addr.as_ptr().cast::<u8>().add(offset), len) }
}

/// A Unix address as the kernel takes it back: the length `getsockname(2)` reports for a
/// pathname that fills `sun_path` counts a NUL past its end (`offsetof + 108 + 1`), which
/// `bind(2)` and `connect(2)` refuse with `EINVAL`; cut to `sizeof(sockaddr_un)`.
pub(crate) fn unix_kernel_form(mut addr: SockAddr) -> SockAddr {
    let max = size_of::<libc::sockaddr_un>() as libc::socklen_t;
    if addr.is_unix() && addr.len() > max {
        // SAFETY: the new length is shorter than the one the kernel reported, so it covers
        // only bytes the address holds.
        unsafe { addr.set_length(max) };
    }
    addr
}

/// The address of a socket file whose path (no NUL in it) fills `sun_path` exactly, which
/// socket2 does not make: `sizeof(sockaddr_un)` long, with no NUL after the path.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn unix_full_path(path: &[u8]) -> io::Result<SockAddr> {
    assert_eq!(path.len(), SUN_PATH_LEN);
    // SAFETY: `try_init` hands a zeroed `sockaddr_storage`, larger than a `sockaddr_un`;
    // the family and the `SUN_PATH_LEN` bytes of `sun_path` are written within it, and the
    // length reported is that of a `sockaddr_un`.
    let ((), addr) = unsafe {
        SockAddr::try_init(|storage, len| {
            let un = storage.cast::<libc::sockaddr_un>();
            (*un).sun_family = libc::AF_UNIX as libc::sa_family_t;
            std::ptr::copy_nonoverlapping(
                path.as_ptr(),
                (&raw mut (*un).sun_path).cast::<u8>(),
                SUN_PATH_LEN,
            );
            *len = size_of::<libc::sockaddr_un>() as libc::socklen_t;
            Ok(())
        })
    }?;
    Ok(addr)
}

/// The address `bind(2)` takes for an autobind (Linux, `unix(7)`): `sun_family` alone.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn unix_autobind_address() -> SockAddr {
    // SAFETY: `try_init` hands a zeroed storage; writing its family and reporting the size
    // of `sun_family` alone describes an unnamed `AF_UNIX` address completely.
    let ((), addr) = unsafe {
        SockAddr::try_init(|storage, len| {
            (*storage.cast::<libc::sockaddr_un>()).sun_family = libc::AF_UNIX as libc::sa_family_t;
            *len = std::mem::offset_of!(libc::sockaddr_un, sun_path) as libc::socklen_t;
            Ok(())
        })
    }
    .expect("an infallible initialisation");
    addr
}
