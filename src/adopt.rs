//! Adopting a descriptor the process did not create (inherited, socket-activated, passed over
//! a Unix socket): `TryFrom<OwnedFd>` asks the kernel what the socket is before typing it.

use std::fmt;
use std::io;

use socket2::{Domain, SockRef, Type};

use crate::socket::is_bound;
use crate::sys::{self, OwnedDescriptor, RawDescriptor};

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
use crate::kind::UnixSeqpacket;
use crate::kind::{Kind, StreamKind, Tcp, Udp};
#[cfg(unix)]
use crate::kind::{UnixDatagram, UnixStream};
use crate::socket::Socket;
use crate::state::{Bound, Connected, Listening, State, Unbound};

pub(crate) mod sealed {
    /// Where in its lifecycle the kernel says a socket is.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub enum Phase {
        Unbound,
        Bound,
        Listening,
        Connected,
    }

    /// The states a descriptor of kind `K` can be adopted in: the ones the kernel can tell
    /// apart, and only the ones the kind has (a datagram socket never listens).
    pub trait AdoptState<K> {
        const PHASE: Phase;
    }

    /// The families a kind lives in.
    pub trait AdoptKind {
        fn family_matches(domain: socket2::Domain) -> bool;
        const WHAT: &'static str;
    }
}

use sealed::{AdoptKind, AdoptState, Phase};

impl Phase {
    /// The phase with its article, as a message shows it: "a listening".
    fn words(self) -> &'static str {
        match self {
            Phase::Unbound => "an unbound",
            Phase::Bound => "a bound",
            Phase::Listening => "a listening",
            Phase::Connected => "a connected",
        }
    }
}

impl<K: Kind> AdoptState<K> for Unbound {
    const PHASE: Phase = Phase::Unbound;
}
impl<K: Kind> AdoptState<K> for Bound {
    const PHASE: Phase = Phase::Bound;
}
impl<K: StreamKind> AdoptState<K> for Listening {
    const PHASE: Phase = Phase::Listening;
}
impl<K: Kind> AdoptState<K> for Connected {
    const PHASE: Phase = Phase::Connected;
}

macro_rules! adopt_kind {
    ($($kind:ident: $what:literal, $($domain:ident)|+;)*) => {$(
        impl AdoptKind for $kind {
            fn family_matches(domain: Domain) -> bool {
                $(domain == Domain::$domain)||+
            }
            const WHAT: &'static str = $what;
        }
    )*};
}

adopt_kind! {
    Tcp: "TCP", IPV4 | IPV6;
    Udp: "UDP", IPV4 | IPV6;
}

#[cfg(unix)]
adopt_kind! {
    UnixStream: "Unix stream", UNIX;
    UnixDatagram: "Unix datagram", UNIX;
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
adopt_kind! {
    UnixSeqpacket: "Unix seqpacket", UNIX;
}

/// What the kernel reports of a socket.
struct Observed {
    domain: Domain,
    ty: Type,
    phase: Phase,
}

impl Observed {
    fn of(fd: &OwnedDescriptor) -> io::Result<Observed> {
        let socket = SockRef::from(fd);
        let ty = socket.r#type()?;
        let domain = sys::domain(&socket)?;
        let local = match socket.local_addr() {
            Ok(local) => Some(local),
            // Windows: an unbound socket has no name to report.
            Err(e) if sys::is_unbound(&e) => None,
            Err(e) => return Err(e),
        };
        let phase = if sys::is_listener(&socket)? {
            Phase::Listening
        } else if socket.peer_addr().is_ok() {
            Phase::Connected
        } else {
            if local.as_ref().is_some_and(is_bound) {
                Phase::Bound
            } else {
                Phase::Unbound
            }
        };
        Ok(Observed { domain, ty, phase })
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = self.phase.words();
        let ty = match self.ty {
            Type::STREAM => "SOCK_STREAM".to_owned(),
            Type::DGRAM => "SOCK_DGRAM".to_owned(),
            Type::SEQPACKET => "SOCK_SEQPACKET".to_owned(),
            Type::RAW => "SOCK_RAW".to_owned(),
            other => format!("type {}", i32::from(other)),
        };
        let domain = match self.domain {
            Domain::IPV4 => "AF_INET".to_owned(),
            Domain::IPV6 => "AF_INET6".to_owned(),
            Domain::UNIX => "AF_UNIX".to_owned(),
            other => format!("family {}", i32::from(other)),
        };
        write!(f, "{phase} {domain} {ty} socket")
    }
}

/// Adopts a descriptor as a `Socket<S, K>` after asking the kernel what it is: its type
/// (`SO_TYPE`), family (`SO_DOMAIN`), whether it listens (`SO_ACCEPTCONN`), has a peer
/// (`getpeername`) or a local address (`getsockname`).
///
/// This is the safe way to take over a socket inherited from a parent process or handed over
/// by a service manager (socket activation, `LISTEN_FDS`). A descriptor that is not what the
/// type says is refused, and handed back inside the error.
///
/// The kernel can tell `Unbound`, `Bound`, `Listening` and `Connected` apart, so those are
/// the states that can be adopted (`Listening` for the stream kinds only). A TCP socket whose
/// non-blocking connect is still in flight has no peer yet and is seen as `Bound`.
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
impl<S: State + AdoptState<K>, K: Kind + AdoptKind> TryFrom<OwnedDescriptor> for Socket<S, K> {
    type Error = AdoptError;

    fn try_from(fd: OwnedDescriptor) -> Result<Self, AdoptError> {
        let observed = match Observed::of(&fd) {
            Ok(observed) => observed,
            Err(error) => return Err(AdoptError::new::<S, K>(fd, Err(error))),
        };
        let fits = observed.ty == K::TYPE
            && K::family_matches(observed.domain)
            && observed.phase == S::PHASE;
        if fits {
            let socket = socket2::Socket::from(fd);
            if let Err(error) = sys::set_not_inherited(&socket) {
                return Err(AdoptError::new::<S, K>(socket.into(), Err(error)));
            }
            Ok(crate::socket::from_inner(socket))
        } else {
            Err(AdoptError::new::<S, K>(fd, Ok(observed)))
        }
    }
}

/// A descriptor could not be adopted as the `Socket<S, K>` asked for: it is another kind of
/// socket, in another state, or not a socket at all. The descriptor is handed back with
/// [`into_fd`](AdoptError::into_fd).
///
/// Its message says what was expected and what was found: `cannot adopt fd 3 as
/// Socket<Listening, Tcp>: expected a listening TCP socket, found a bound AF_INET SOCK_STREAM
/// socket`.
///
/// Adopting a std socket with `TryFrom` (`Socket::<Listening>::try_from(listener)`) fails
/// with an `AdoptError<TcpListener>` that hands the std socket back with
/// [`into_inner`](AdoptError::into_inner).
#[derive(thiserror::Error)]
#[error("cannot adopt fd {fd} as Socket<{state}, {kind}>: expected {} {what} socket, found {found}", phase.words())]
pub struct AdoptError<T = OwnedDescriptor> {
    value: T,
    fd: RawDescriptor,
    state: &'static str,
    kind: &'static str,
    phase: Phase,
    what: &'static str,
    found: String,
    error: io::Error,
}

impl AdoptError<OwnedDescriptor> {
    fn new<S: State + AdoptState<K>, K: Kind + AdoptKind>(
        fd: OwnedDescriptor,
        observed: io::Result<Observed>,
    ) -> AdoptError {
        let (found, error) = match observed {
            Ok(observed) => {
                let found = observed.to_string();
                let error = io::Error::new(io::ErrorKind::InvalidInput, found.clone());
                (found, error)
            }
            Err(error) if sys::is_not_socket(&error) => {
                ("a descriptor that is not a socket".to_owned(), error)
            }
            Err(error) => (
                format!("a descriptor the kernel would not describe ({error})"),
                error,
            ),
        };
        AdoptError {
            fd: sys::raw_of(&fd),
            value: fd,
            state: S::NAME,
            kind: K::NAME,
            phase: S::PHASE,
            what: K::WHAT,
            found,
            error,
        }
    }

    /// The descriptor, untouched.
    pub fn into_fd(self) -> OwnedDescriptor {
        self.value
    }
}

impl<T> AdoptError<T> {
    /// The same error, holding `f(value)` instead of the value.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> AdoptError<U> {
        AdoptError {
            value: f(self.value),
            fd: self.fd,
            state: self.state,
            kind: self.kind,
            phase: self.phase,
            what: self.what,
            found: self.found,
            error: self.error,
        }
    }

    /// The value that was to be adopted, untouched: the descriptor, or the std socket.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The kernel's error, or `InvalidInput` for a mismatch; the value is dropped.
    pub fn into_error(self) -> io::Error {
        self.error
    }

    /// Why the descriptor was refused: `InvalidInput` for a socket of another kind or state,
    /// the kernel's error (`ENOTSOCK`, ...) when it could not be asked.
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The [`io::ErrorKind`] of [`error`](Self::error).
    pub fn kind(&self) -> io::ErrorKind {
        self.error.kind()
    }

    /// What the kernel reported of the descriptor, as the message shows it.
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl<T> fmt::Debug for AdoptError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdoptError")
            .field("fd", &self.fd)
            .field(
                "expected",
                &format_args!("Socket<{}, {}>", self.state, self.kind),
            )
            .field("found", &self.found)
            .finish()
    }
}

/// Keeps the kind and the message; the descriptor is closed at once, and the kernel's error
/// stays reachable as the source (see [`os_error`](crate::os_error)).
impl<T> From<AdoptError<T>> for io::Error {
    fn from(e: AdoptError<T>) -> io::Error {
        let message = e.to_string();
        crate::error::detach(message, e.into_error())
    }
}
