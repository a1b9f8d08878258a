//! Adopting a descriptor the process did not create (inherited, socket-activated, passed over
//! a Unix socket): `TryFrom<OwnedFd>` asks the kernel what the socket is before typing it.

use std::fmt;
use std::io;

use socket2::{Domain, SockRef, Type};

use crate::error::{AdoptError, Expected};
use crate::kind::Kind;
use crate::sealed::KernelPhase;
use crate::socket::{Socket, is_bound};
use crate::state::CanAdopt;
use crate::sys::{self, OwnedDescriptor, TcpState};

impl KernelPhase {
    /// The phase with its article, as a message shows it: "a listening".
    fn words(self) -> &'static str {
        match self {
            KernelPhase::Unbound => "an unbound",
            KernelPhase::Bound => "a bound",
            KernelPhase::Listening => "a listening",
            KernelPhase::Connecting => "a connecting",
            KernelPhase::Connected => "a connected",
            KernelPhase::ReadOnly => "a read-only",
            KernelPhase::WriteOnly => "a write-only",
        }
    }
}

/// Where the kernel says a socket is: a phase one of the crate's states stands for, or one
/// that no state does, and adoption refuses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Seen {
    /// The phase of one of the crate's states.
    KernelPhase(KernelPhase),
    /// A TCP socket whose connection has ended: reset, or closed both ways. `listen` would
    /// answer `EINVAL`, `connect` `EISCONN`, and its port may be another socket's.
    Ended,
    /// A listener that was shut down: a Unix one answers `accept` with `EINVAL`.
    ShutListener,
    /// A bound TCP socket whose port the kernel has given back (a listener that was shut
    /// down): another socket can bind it.
    PortReleased,
    /// A socket of a family the crate has no kind for: its phase is not asked.
    OtherFamily,
}

/// What the kernel reports of a socket.
struct Observed {
    domain: Domain,
    ty: Type,
    /// `SO_PROTOCOL`, where the platform has it.
    protocol: Option<i32>,
    /// Whether a UDP socket has `UDP_GRO` on (Linux): its receives coalesce datagrams.
    coalesces: bool,
    seen: Seen,
}

impl Observed {
    fn of(fd: &OwnedDescriptor) -> io::Result<Observed> {
        let socket = SockRef::from(fd);
        let ty = socket.r#type()?;
        let domain = sys::domain(&socket)?;
        let protocol = sys::protocol(&socket)?;
        let udp = ty == Type::DGRAM
            && matches!(domain, Domain::IPV4 | Domain::IPV6)
            && protocol.is_none_or(|p| p == sys::IPPROTO_UDP);
        let coalesces = udp && sys::gro_enabled(&socket)?;
        let seen = if matches!(domain, Domain::IPV4 | Domain::IPV6 | Domain::UNIX) {
            seen(&socket, domain, ty)?
        } else {
            Seen::OtherFamily
        };
        Ok(Observed {
            domain,
            ty,
            protocol,
            coalesces,
            seen,
        })
    }
}

/// Where the kernel says a socket of one of the crate's families is: the adoption map of
/// [`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E), row by row.
fn seen(socket: &socket2::Socket, domain: Domain, ty: Type) -> io::Result<Seen> {
    let local = match socket.local_addr() {
        Ok(local) => Some(local),
        // Windows: an unbound socket has no name to report.
        Err(e) if sys::is_unbound(&e) => None,
        Err(e) => return Err(e),
    };
    let bound = local.as_ref().is_some_and(is_bound);
    let unix = domain == Domain::UNIX;
    if !unix && ty == Type::STREAM {
        if let Some(state) = sys::tcp_state(socket)? {
            return tcp_seen(socket, state, local.as_ref().filter(|_| bound));
        }
    }
    if sys::is_listener(socket)? {
        if unix {
            let (hung_up, read_shut) = sys::shut_halves(socket)?;
            if hung_up || read_shut == Some(true) {
                return Ok(Seen::ShutListener);
            }
        }
        return Ok(Seen::KernelPhase(KernelPhase::Listening));
    }
    if socket.peer_addr().is_ok() {
        if unix && ty != Type::DGRAM {
            // Shut both ways (its `shutdown(SHUT_RDWR)`, or a peer that has closed): what is
            // queued can still be read, and then the end of stream.
            if sys::shut_halves(socket)?.0 {
                return Ok(Seen::KernelPhase(KernelPhase::ReadOnly));
            }
            // A zero-length send is a message on a seqpacket socket: asked of streams only.
            if ty == Type::STREAM && sys::write_shut(socket)? == Some(true) {
                return Ok(Seen::KernelPhase(KernelPhase::ReadOnly));
            }
        }
        return Ok(Seen::KernelPhase(KernelPhase::Connected));
    }
    Ok(Seen::KernelPhase(if bound {
        KernelPhase::Bound
    } else {
        KernelPhase::Unbound
    }))
}

/// The row of the map for a TCP socket in kernel state `state`; `local` is its local address
/// if it has one with a port.
fn tcp_seen(
    socket: &socket2::Socket,
    state: TcpState,
    local: Option<&socket2::SockAddr>,
) -> io::Result<Seen> {
    // `POLLRDHUP` in these states is the socket's own `shutdown(SHUT_RD)`: a peer's end of
    // stream would have moved it to CLOSE-WAIT, CLOSING or TIME-WAIT.
    let read_shut = || -> io::Result<bool> { Ok(sys::shut_halves(socket)?.1 == Some(true)) };
    Ok(match state {
        TcpState::Listen => Seen::KernelPhase(KernelPhase::Listening),
        TcpState::SynSent => Seen::KernelPhase(KernelPhase::Connecting),
        TcpState::SynReceived | TcpState::CloseWait => Seen::KernelPhase(KernelPhase::Connected),
        TcpState::Established if read_shut()? => Seen::KernelPhase(KernelPhase::WriteOnly),
        TcpState::Established => Seen::KernelPhase(KernelPhase::Connected),
        // With the read half shut too (`shutdown(SHUT_RDWR)`) as without: what is queued can
        // still be read, and then the end of stream.
        TcpState::FinWait1 | TcpState::FinWait2 | TcpState::Closing | TcpState::LastAck => {
            Seen::KernelPhase(KernelPhase::ReadOnly)
        }
        TcpState::TimeWait | TcpState::Closed { used: Some(true) } => Seen::Ended,
        TcpState::Closed { .. } => match local {
            None => Seen::KernelPhase(KernelPhase::Unbound),
            Some(local) if sys::port_held(local) == Some(false) => Seen::PortReleased,
            Some(_) => Seen::KernelPhase(KernelPhase::Bound),
        },
    })
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ty = match self.ty {
            Type::STREAM => "SOCK_STREAM".to_owned(),
            Type::DGRAM => "SOCK_DGRAM".to_owned(),
            Type::SEQPACKET => "SOCK_SEQPACKET".to_owned(),
            Type::RAW => "SOCK_RAW".to_owned(),
            other => format!("socket type {}", i32::from(other)),
        };
        let family = i32::from(self.domain);
        let domain = match sys::family_name(family) {
            Some(name) => name.to_owned(),
            None => format!("address family {family}"),
        };
        // The protocol is named where it is not the one the family and type imply.
        let usual = match (self.domain, self.ty) {
            (Domain::IPV4 | Domain::IPV6, Type::STREAM) => sys::IPPROTO_TCP,
            (Domain::IPV4 | Domain::IPV6, Type::DGRAM) => sys::IPPROTO_UDP,
            _ => 0,
        };
        let protocol = match self.protocol {
            Some(p) if p != usual => match sys::protocol_name(p) {
                Some(name) => format!(" {name}"),
                None => format!(" protocol {p}"),
            },
            _ => String::new(),
        };
        let gro = if self.coalesces {
            " with UDP_GRO on"
        } else {
            ""
        };
        let what = format!("{domain} {ty}{protocol} socket{gro}");
        match self.seen {
            Seen::KernelPhase(phase) => write!(f, "{} {what}", phase.words()),
            Seen::OtherFamily => write!(f, "an {what}"),
            Seen::Ended => write!(
                f,
                "an {what} whose connection has ended (reset, or closed both ways)"
            ),
            Seen::ShutListener => write!(f, "a shut-down listening {what}"),
            Seen::PortReleased => write!(
                f,
                "an {what} whose port the kernel no longer holds (a listener that was shut down)"
            ),
        }
    }
}

/// Adopts a descriptor as a `Socket<S, K>` after asking the kernel what it is: its type
/// (`SO_TYPE`), family, protocol (`SO_PROTOCOL`), and where it is in its lifecycle, by the map
/// below.
///
/// This is the safe way to take over a socket inherited from a parent process or handed over
/// by a service manager (socket activation, `LISTEN_FDS`). A descriptor that is not what the
/// type says is refused, and handed back inside the error.
///
/// # The adoption map
///
/// Every state the kernel can hold a socket in maps to the one state of the crate whose
/// methods the kernel will answer, or to a refusal. On Linux, each row is built for real and
/// adopted by a test (`tests/adopt_map.rs`); the [platform table](crate#platforms) says what
/// the other kernels show.
///
/// | The kernel shows | Read from | Adopted as |
/// | --- | --- | --- |
/// | a protocol the kind does not stand for: UDP-Lite, ICMP ("ping") or SCTP where `Udp` or `Tcp` is asked | `SO_PROTOCOL` | refused |
/// | UDP with `UDP_GRO` on (Linux); off | `getsockopt(UDP_GRO)` | [`UdpGro`](crate::UdpGro), refused as `Udp`; `Udp`, refused as `UdpGro` |
/// | MPTCP | `SO_PROTOCOL` | `Tcp`, as [`Socket::mptcp_v4`] makes it: MPTCP keeps TCP's lifecycle and falls back to TCP |
/// | a family the crate has no kind for (netlink, packet, vsock, ...) | the family | refused, named in words |
/// | TCP CLOSED, no port | `TCP_INFO` | [`Unbound`](crate::Unbound) |
/// | TCP CLOSED, a port the kernel holds | `TCP_INFO`, `getsockname`, a probe `bind` (`EADDRINUSE`) | [`Bound`](crate::Bound) (a listener shut down after binding a port by number keeps it, and listens again) |
/// | TCP CLOSED, a port the kernel gave back (a listener bound to port 0, then shut down) | the probe `bind` succeeds | refused |
/// | TCP CLOSED after segments moved (a connection reset, or closed both ways) | `tcpi_segs_out`, `tcpi_segs_in` | refused: `listen` would be `EINVAL`, `connect` `EISCONN` |
/// | TCP LISTEN | `TCP_INFO` | [`Listening`](crate::Listening) |
/// | TCP SYN-SENT (a connect in flight) | `TCP_INFO` | [`Connecting`](crate::Connecting) |
/// | TCP SYN-RECEIVED (an accepted TCP Fast Open socket), ESTABLISHED, CLOSE-WAIT (the peer's end of stream) | `TCP_INFO` | [`Connected`](crate::Connected) |
/// | TCP ESTABLISHED, read half shut (`shutdown(SHUT_RD)`) | `POLLRDHUP` | [`WriteOnly`](crate::WriteOnly) |
/// | TCP FIN-WAIT-1, FIN-WAIT-2 (`shutdown(SHUT_WR)`, or `SHUT_RDWR`: what is queued can still be read), CLOSING, LAST-ACK | `TCP_INFO` | [`ReadOnly`](crate::ReadOnly) |
/// | TCP TIME-WAIT | `TCP_INFO` | refused |
/// | a UDP or Unix socket with no name; with one | `getsockname` | `Unbound`; `Bound` |
/// | a Unix stream or seqpacket listener; one shut down | `SO_ACCEPTCONN`, `POLLHUP`, `POLLRDHUP` | `Listening`; refused (`accept` would be `EINVAL`) |
/// | a UDP or Unix socket with a peer | `getpeername` | `Connected` |
/// | a Unix stream whose write half is shut (its `shutdown(SHUT_WR)`, or the peer's `shutdown(SHUT_RD)`) | a send of zero bytes answers `EPIPE` | `ReadOnly` |
/// | a Unix stream or seqpacket socket shut both ways, or whose peer has closed | `POLLHUP` | `ReadOnly`: what the peer sent before it closed can still be read |
///
/// Where the kernel shows no difference, the map takes the state that promises least
/// wrongly, and says so here:
/// - a Unix stream whose read half is shut (by its own `shutdown(SHUT_RD)` or the peer's
///   `shutdown(SHUT_WR)`: the kernel sets the same flag) is `Connected`: its reads see end
///   of stream, which a connected socket's reads may;
/// - a seqpacket socket whose write half is shut is `Connected`: no call that sends nothing
///   shows it (`poll(2)` is silent, and a zero-length send is a message), so its sends
///   answer `EPIPE`. This and a duplicate descriptor (below) are where the promise cannot be
///   kept;
/// - asking costs a few syscalls: `getsockopt` four or five times, one `poll(2)` for stream
///   sockets, and for a TCP socket with a port and no connection, a probe socket that binds
///   the same address (`EACCES` on a privileged port without the privilege: then the port
///   is taken as held).
///
/// An adopted descriptor is made close-on-exec (`fcntl(F_SETFD, FD_CLOEXEC)`), as every
/// socket of the crate is, whatever flags it came with: a service manager clears
/// `FD_CLOEXEC` on the descriptors it passes, and a socket left so would be inherited by
/// every program the service starts.
///
/// A duplicate of the descriptor made elsewhere can still change the socket's state behind
/// the type's back: see [`try_clone`](Socket::try_clone), where that one route no check can
/// close is written down.
///
/// # Example
///
/// ```
/// use std::net::SocketAddr;
/// use std::os::fd::OwnedFd;
/// use typesock::{Bound, Listening, Socket, Udp};
///
/// let fd: OwnedFd = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(8)?
///     .into();
///
/// // Not a bound UDP socket: refused, and the descriptor comes back.
/// let err = Socket::<Bound, Udp>::try_from(fd).unwrap_err();
/// let found = "found a listening AF_INET SOCK_STREAM socket";
/// assert!(err.to_string().contains(found), "{err}");
///
/// let listener = Socket::<Listening>::try_from(err.into_fd())?;
/// assert!(listener.local_addr()?.ip().is_loopback());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<S: CanAdopt<K>, K: Kind> TryFrom<OwnedDescriptor> for Socket<S, K> {
    type Error = AdoptError;

    fn try_from(fd: OwnedDescriptor) -> Result<Self, AdoptError> {
        let observed = match Observed::of(&fd) {
            Ok(observed) => observed,
            Err(error) => return Err(refuse::<S, K>(fd, Err(error))),
        };
        let fits = observed.ty == K::TYPE
            && K::FAMILIES.contains(&observed.domain)
            && observed.protocol.is_none_or(|p| K::PROTOCOLS.contains(&p))
            && observed.coalesces == K::COALESCES
            && observed.seen == Seen::KernelPhase(S::KERNEL_PHASE);
        if fits {
            let socket = socket2::Socket::from(fd);
            if let Err(error) = sys::set_not_inherited(&socket) {
                return Err(refuse::<S, K>(socket.into(), Err(error)));
            }
            Ok(crate::socket::from_inner(socket))
        } else {
            Err(refuse::<S, K>(fd, Ok(observed)))
        }
    }
}

/// The error for a descriptor that is not a `Socket<S, K>`, from what the kernel said of it.
fn refuse<S: CanAdopt<K>, K: Kind>(
    fd: OwnedDescriptor,
    observed: io::Result<Observed>,
) -> AdoptError {
    let (found, error) = match observed {
        Ok(observed) => {
            let found = observed.to_string();
            let error = io::Error::new(io::ErrorKind::InvalidInput, found.clone());
            (found, error)
        }
        // `ENOTSOCK` has no `io::ErrorKind` of its own (it reads `Uncategorized`): the
        // descriptor is the wrong input, and the kernel's error is kept as the source.
        Err(error) if sys::is_not_socket(&error) => (
            "a descriptor that is not a socket".to_owned(),
            io::Error::new(io::ErrorKind::InvalidInput, error),
        ),
        Err(error) => (
            format!("a descriptor the kernel would not describe ({error})"),
            error,
        ),
    };
    let expected = Expected {
        state: S::NAME,
        kind: K::NAME,
        phase: S::KERNEL_PHASE.words(),
        what: K::IN_WORDS,
    };
    let raw = sys::raw_of(&fd);
    AdoptError::new(fd, raw, expected, found, error)
}
