//! Adopting a descriptor the process did not create (inherited, socket-activated, passed over
//! a Unix socket): `TryFrom<OwnedFd>` asks the kernel what the socket is before typing it.

use std::fmt;
use std::io;

use socket2::{Domain, SockRef, Type};

use crate::error::{AdoptError, Expected};
use crate::kind::Kind;
use crate::sealed::Phase;
use crate::socket::{Socket, is_bound};
use crate::state::CanAdopt;
use crate::sys::{self, OwnedDescriptor};

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
impl<S: CanAdopt<K>, K: Kind> TryFrom<OwnedDescriptor> for Socket<S, K> {
    type Error = AdoptError;

    fn try_from(fd: OwnedDescriptor) -> Result<Self, AdoptError> {
        let observed = match Observed::of(&fd) {
            Ok(observed) => observed,
            Err(error) => return Err(refuse::<S, K>(fd, Err(error))),
        };
        let fits = observed.ty == K::TYPE
            && K::FAMILIES.contains(&observed.domain)
            && observed.phase == S::SEEN_AS;
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
        Err(error) if sys::is_not_socket(&error) => {
            ("a descriptor that is not a socket".to_owned(), error)
        }
        Err(error) => (
            format!("a descriptor the kernel would not describe ({error})"),
            error,
        ),
    };
    let expected = Expected {
        state: S::NAME,
        kind: K::NAME,
        phase: S::SEEN_AS.words(),
        what: K::WORDS,
    };
    let raw = sys::raw_of(&fd);
    AdoptError::new(fd, raw, expected, found, error)
}
