//! The socket options socket2 does not offer: `TCP_FASTOPEN`, `TCP_FASTOPEN_CONNECT`,
//! `TCP_DEFER_ACCEPT`, `IP_BIND_ADDRESS_NO_PORT`, `IP_RECVERR`/`IPV6_RECVERR`, the path MTU options, and the kernel's
//! limits of the options whose values typesock checks before it sets them.

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
use std::io;
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
use std::os::fd::BorrowedFd;
use std::time::Duration;

/// The resolution of `TCP_USER_TIMEOUT`: milliseconds, in a C `int` (the kernel refuses a
/// negative value, so `u32::MAX` milliseconds, which socket2 would pass, is no use).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const USER_TIMEOUT_UNIT: Duration = Duration::from_millis(1);
/// The longest `TCP_USER_TIMEOUT`: `INT_MAX` milliseconds.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const USER_TIMEOUT_MAX: Duration = Duration::from_millis(libc::c_int::MAX as u64);

/// The resolution of `TCP_KEEPIDLE`, `TCP_KEEPINTVL` (and `TCP_DEFER_ACCEPT`): whole seconds.
pub(crate) const KEEPALIVE_UNIT: Duration = Duration::from_secs(1);
/// The longest keepalive time and interval: Linux refuses more than `MAX_TCP_KEEPIDLE` and
/// `MAX_TCP_KEEPINTVL`, 32767 seconds (`include/net/tcp.h`); the BSDs and Apple's systems take
/// a C `int` of seconds (or milliseconds, counted by the kernel), where 32767 s is as valid.
pub(crate) const KEEPALIVE_MAX: Duration = Duration::from_secs(32767);
/// The most keepalive probes: `MAX_TCP_KEEPCNT`, 127 on Linux (`include/net/tcp.h`).
pub(crate) const KEEPALIVE_RETRIES_MAX: u32 = 127;

/// The longest `TCP_DEFER_ACCEPT`: a C `int` of seconds (the kernel then caps it at the
/// retransmission count it can hold, 255).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const DEFER_ACCEPT_MAX: Duration = Duration::from_secs(libc::c_int::MAX as u64);

/// `setsockopt(2)` with a C `int` value.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
fn set_int(
    fd: BorrowedFd<'_>,
    level: libc::c_int,
    name: libc::c_int,
    value: libc::c_int,
) -> io::Result<()> {
    super::setsockopt(fd, level, name, value)
}

/// `getsockopt(2)` of a C `int` value.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
fn get_int(fd: BorrowedFd<'_>, level: libc::c_int, name: libc::c_int) -> io::Result<libc::c_int> {
    super::getsockopt(fd, level, name, 0)
}

/// The longest `TCP_FASTOPEN` queue `setsockopt` takes: a C `int` (the kernel then caps it at
/// `net.core.somaxconn`).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const FASTOPEN_MAX: u32 = libc::c_int::MAX as u32;

/// `TCP_FASTOPEN`: the length of the queue of connections whose SYN carried data, accepted
/// before their handshake completes (0 turns Fast Open off for this listener); at most
/// [`FASTOPEN_MAX`], checked by the caller.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn set_tcp_fastopen(fd: BorrowedFd<'_>, queue_len: u32) -> io::Result<()> {
    let len = libc::c_int::try_from(queue_len).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("TCP_FASTOPEN: {queue_len} is past INT_MAX"),
        )
    })?;
    set_int(fd, libc::IPPROTO_TCP, libc::TCP_FASTOPEN, len)
}

/// The `TCP_FASTOPEN` queue length the kernel holds.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn tcp_fastopen(fd: BorrowedFd<'_>) -> io::Result<u32> {
    get_int(fd, libc::IPPROTO_TCP, libc::TCP_FASTOPEN).map(|v| v.max(0) as u32)
}

/// `TCP_FASTOPEN_CONNECT`: `connect` returns at once and the first write goes in the SYN.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn set_tcp_fastopen_connect(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(fd, libc::IPPROTO_TCP, libc::TCP_FASTOPEN_CONNECT, on.into())
}

/// Whether `TCP_FASTOPEN_CONNECT` is set.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn tcp_fastopen_connect(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_int(fd, libc::IPPROTO_TCP, libc::TCP_FASTOPEN_CONNECT).map(|v| v != 0)
}

/// `TCP_DEFER_ACCEPT`, in whole seconds (checked against [`DEFER_ACCEPT_MAX`] by the
/// caller); 0 turns it off.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn set_tcp_defer_accept(fd: BorrowedFd<'_>, secs: u64) -> io::Result<()> {
    let secs = libc::c_int::try_from(secs).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("TCP_DEFER_ACCEPT: {secs} s is past INT_MAX"),
        )
    })?;
    set_int(fd, libc::IPPROTO_TCP, libc::TCP_DEFER_ACCEPT, secs)
}

/// The `TCP_DEFER_ACCEPT` the kernel holds, in seconds (it keeps a count of retransmissions,
/// so it reads back the time that count covers, which may be more than was set).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn tcp_defer_accept(fd: BorrowedFd<'_>) -> io::Result<u64> {
    get_int(fd, libc::IPPROTO_TCP, libc::TCP_DEFER_ACCEPT).map(|v| v.max(0) as u64)
}

/// `IP_BIND_ADDRESS_NO_PORT`: a `bind` to port 0 reserves no port; `connect` picks one that
/// is free for the 4-tuple.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn set_bind_address_no_port(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    set_int(
        fd,
        libc::IPPROTO_IP,
        libc::IP_BIND_ADDRESS_NO_PORT,
        on.into(),
    )
}

/// Whether `IP_BIND_ADDRESS_NO_PORT` is set.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn bind_address_no_port(fd: BorrowedFd<'_>) -> io::Result<bool> {
    get_int(fd, libc::IPPROTO_IP, libc::IP_BIND_ADDRESS_NO_PORT).map(|v| v != 0)
}

/// An option that is on or off (an `int` of 0 or 1): the error queue, the receive metadata,
/// don't-fragment. One setter and one getter serve them all, [`set_flag`] and [`flag`].
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
#[derive(Clone, Copy, Debug)]
pub(crate) enum Flag {
    /// `IP_RECVERR`: errors the kernel learns for the socket (an ICMP message, a local send
    /// failure) are queued on its error queue, `MSG_ERRQUEUE`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    RecvErrorV4,
    /// `IPV6_RECVERR`: the same for IPv6.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    RecvErrorV6,
    /// `IP_PKTINFO`: `in_pktinfo`, the destination and the interface (the BSDs:
    /// `IP_RECVDSTADDR`, the destination alone).
    DestinationV4,
    /// `IPV6_RECVPKTINFO`: `in6_pktinfo`.
    DestinationV6,
    /// `IP_RECVTOS`: the TOS byte.
    TrafficClassV4,
    /// `IPV6_RECVTCLASS`: the traffic class.
    TrafficClassV6,
    /// `SO_TIMESTAMPNS`: a `timespec` of the kernel's receive time (the BSDs:
    /// `SO_TIMESTAMP`, a `timeval`).
    Timestamps,
    /// `IP_DONTFRAG` (FreeBSD, Apple's systems; Linux has no IPv4 spelling:
    /// `IP_MTU_DISCOVER`).
    #[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
    DontFragmentV4,
    /// `IPV6_DONTFRAG`.
    DontFragmentV6,
}

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
impl Flag {
    fn level_and_name(self) -> (libc::c_int, libc::c_int) {
        match self {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Flag::RecvErrorV4 => (libc::IPPROTO_IP, libc::IP_RECVERR),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Flag::RecvErrorV6 => (libc::IPPROTO_IPV6, libc::IPV6_RECVERR),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Flag::DestinationV4 => (libc::IPPROTO_IP, libc::IP_PKTINFO),
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            Flag::DestinationV4 => (libc::IPPROTO_IP, libc::IP_RECVDSTADDR),
            Flag::DestinationV6 => (libc::IPPROTO_IPV6, libc::IPV6_RECVPKTINFO),
            Flag::TrafficClassV4 => (libc::IPPROTO_IP, libc::IP_RECVTOS),
            Flag::TrafficClassV6 => (libc::IPPROTO_IPV6, libc::IPV6_RECVTCLASS),
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Flag::Timestamps => (libc::SOL_SOCKET, libc::SO_TIMESTAMPNS),
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            Flag::Timestamps => (libc::SOL_SOCKET, libc::SO_TIMESTAMP),
            #[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
            Flag::DontFragmentV4 => (libc::IPPROTO_IP, libc::IP_DONTFRAG),
            Flag::DontFragmentV6 => (libc::IPPROTO_IPV6, libc::IPV6_DONTFRAG),
        }
    }
}

/// Sets a [`Flag`] on or off.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
pub(crate) fn set_flag(fd: BorrowedFd<'_>, flag: Flag, on: bool) -> io::Result<()> {
    let (level, name) = flag.level_and_name();
    set_int(fd, level, name, on.into())
}

/// Whether a [`Flag`] is on.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
pub(crate) fn flag(fd: BorrowedFd<'_>, flag: Flag) -> io::Result<bool> {
    let (level, name) = flag.level_and_name();
    get_int(fd, level, name).map(|v| v != 0)
}

/// `IP_MTU_DISCOVER` (`v6`: `IPV6_MTU_DISCOVER`): the path MTU discovery mode, one of the
/// `IP_PMTUDISC_*` values (the same numbers for IPv6).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn set_mtu_discover(fd: BorrowedFd<'_>, v6: bool, mode: libc::c_int) -> io::Result<()> {
    if v6 {
        set_int(fd, libc::IPPROTO_IPV6, libc::IPV6_MTU_DISCOVER, mode)
    } else {
        set_int(fd, libc::IPPROTO_IP, libc::IP_MTU_DISCOVER, mode)
    }
}

/// The `IP_MTU_DISCOVER` (`v6`: `IPV6_MTU_DISCOVER`) mode.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn mtu_discover(fd: BorrowedFd<'_>, v6: bool) -> io::Result<libc::c_int> {
    if v6 {
        get_int(fd, libc::IPPROTO_IPV6, libc::IPV6_MTU_DISCOVER)
    } else {
        get_int(fd, libc::IPPROTO_IP, libc::IP_MTU_DISCOVER)
    }
}

/// `IP_MTU` (`v6`: `IPV6_MTU`): the path MTU the kernel knows for a connected socket's route.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn path_mtu(fd: BorrowedFd<'_>, v6: bool) -> io::Result<u32> {
    let mtu = if v6 {
        get_int(fd, libc::IPPROTO_IPV6, libc::IPV6_MTU)?
    } else {
        get_int(fd, libc::IPPROTO_IP, libc::IP_MTU)?
    };
    u32::try_from(mtu).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a negative MTU"))
}

/// Whether `error` is the kernel's answer to an MPTCP socket where it has no MPTCP:
/// `EPROTONOSUPPORT` (built without it: `inet_create` finds no protocol 262, as on kernels
/// older than 5.6) or `ENOPROTOOPT` (`net.mptcp.enabled = 0`, `mptcp_init_sock`).
#[cfg(target_os = "linux")]
pub(crate) fn is_mptcp_unavailable(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EPROTONOSUPPORT | libc::ENOPROTOOPT)
    )
}

/// The largest `TCP_MAXSEG` Linux takes: `MAX_TCP_WINDOW`, 32767 (`net/ipv4/tcp.c`). The
/// other systems take an `int`, and cap it at the route's MTU; 32767 is valid there too.
pub(crate) const MSS_MAX: u32 = 32767;

/// The largest `SO_BUSY_POLL` the kernel takes: a C `int` of microseconds (negative values
/// are refused).
#[cfg(target_os = "linux")]
pub(crate) const BUSY_POLL_MAX: u32 = libc::c_int::MAX as u32;

/// The largest CPU number `SO_INCOMING_CPU` takes: a C `int`.
#[cfg(target_os = "linux")]
pub(crate) const CPU_MAX: usize = libc::c_int::MAX as usize;
