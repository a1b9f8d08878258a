//! [`Socket`]: one owned OS socket, its state and kind in its type.

use std::fmt;
use std::io;
use std::marker::PhantomData;
use std::net::SocketAddr;

use socket2::{Domain, SockAddr};
#[cfg(unix)]
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};
#[cfg(windows)]
use std::os::windows::io::{
    AsRawSocket, AsSocket, BorrowedSocket, IntoRawSocket, OwnedSocket, RawSocket,
};

use crate::kind::address::FromSockAddr;
use crate::kind::{Address, Kind, Tcp, Udp};
#[cfg(unix)]
use crate::kind::{UnixDatagram, UnixStream};
use crate::state::{State, Unbound};
use crate::sys;

/// One owned OS socket in lifecycle state `S`, of kind `K`.
///
/// The [crate docs](crate) draw the lifecycle and list what each state allows. Every
/// transition takes the socket by value and returns it in its next state, so a socket used out
/// of order does not compile. A `Socket` is exactly the size of a file descriptor, and so is an
/// `Option<Socket>`; dropping it closes the descriptor.
///
/// The methods below come in the lifecycle's order: the constructors, [`bind`], [`listen`],
/// [`accept`], [`connect`] and its variants, the data calls, [`shutdown_write`], then what
/// every state has ([`local_addr`], [`close`], ...), the options and the extras.
///
/// # Methods by state
///
/// | state | main methods | leads to |
/// | --- | --- | --- |
/// | [`Unbound`] | [`tcp_v4`] and the other constructors make it; [`set_reuse_address`] and the other options `bind` reads; [`bind`], [`connect`] | `Bound`, `Connected` |
/// | [`Bound`] | [`listen`], [`connect`] (bind-before-connect); datagram kinds: [`send_to`], [`recv_from`] | `Listening`, `Connected` |
/// | [`Listening`] | [`accept`], in a loop | a new `Connected` socket each time |
/// | [`Connecting`] | [`finish`] or [`wait`] (after [`connect_nonblocking`]) | `Connected` |
/// | [`Connected`] | [`read`], [`write_all`] (byte streams), [`send`], [`recv`]; [`shutdown_write`], [`shutdown_read`]; datagram kinds: [`disconnect`] | `ReadOnly`, `WriteOnly`; `Bound` or `Unbound` |
/// | [`ReadOnly`] | [`read`] to the end; `shutdown_read` | shut both ways, closed |
/// | [`WriteOnly`] | [`write_all`]; `shutdown_write` | shut both ways, closed |
///
/// Every state has [`close`] (or drop) and [`set_nonblocking`]; every state but `Unbound`
/// has [`local_addr`]. Each option is settable only in the states where it takes effect:
/// [the rule table](crate#the-rule-table) has every method, state by state and kind by kind.
///
/// # Example
///
/// A server and a client on loopback:
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// let listener = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(128)?;
/// let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
/// let (mut server, peer) = listener.accept()?;
/// assert_eq!(peer, client.local_addr()?);
///
/// client.write_all(b"ping")?;
/// let mut buf = [0; 4];
/// server.read_exact(&mut buf)?;
/// assert_eq!(&buf, b"ping");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`Unbound`]: crate::Unbound
/// [`Bound`]: crate::Bound
/// [`Listening`]: crate::Listening
/// [`Connecting`]: crate::Connecting
/// [`Connected`]: crate::Connected
/// [`ReadOnly`]: crate::ReadOnly
/// [`WriteOnly`]: crate::WriteOnly
/// [`tcp_v4`]: Socket::tcp_v4
/// [`set_reuse_address`]: Socket::set_reuse_address
/// [`bind`]: Socket::bind
/// [`listen`]: Socket::listen
/// [`accept`]: Socket::accept
/// [`connect`]: Socket::connect
/// [`connect_nonblocking`]: Socket::connect_nonblocking
/// [`finish`]: Socket::finish
/// [`wait`]: Socket::wait
/// [`send_to`]: Socket::send_to
/// [`recv_from`]: Socket::recv_from
/// [`read`]: Socket::read
/// [`write_all`]: Socket::write_all
/// [`send`]: Socket::send
/// [`recv`]: Socket::recv
/// [`shutdown_write`]: Socket::shutdown_write
/// [`shutdown_read`]: Socket::shutdown_read
/// [`disconnect`]: Socket::disconnect
/// [`local_addr`]: Socket::local_addr
/// [`close`]: Socket::close
/// [`set_nonblocking`]: Socket::set_nonblocking
#[must_use = "dropping a socket closes it"]
#[repr(transparent)]
pub struct Socket<S: State, K: Kind = Tcp> {
    inner: socket2::Socket,
    _state: PhantomData<(S, K)>,
}

// SAFETY: `Socket` is `#[repr(transparent)]` over its `socket2::Socket`; its other field is
// a zero-sized `PhantomData`.
unsafe impl<S: State, K: Kind> sys::SocketView for Socket<S, K> {}

/// The descriptor traits: a `Socket` is a file descriptor (`AsFd`, `AsRawFd`, `IntoRawFd`,
/// `From<Socket> for OwnedFd`), on Windows a Winsock handle (`AsSocket`, `AsRawSocket`,
/// `IntoRawSocket`, `From<Socket> for OwnedSocket`).
macro_rules! descriptor_traits {
    ($as:ident::$as_fn:ident -> $borrowed:ident, $as_raw:ident::$as_raw_fn:ident -> $raw:ident,
     $into_raw:ident::$into_raw_fn:ident, $owned:ident) => {
        impl<S: State, K: Kind> $as for Socket<S, K> {
            fn $as_fn(&self) -> $borrowed<'_> {
                self.inner.$as_fn()
            }
        }

        impl<S: State, K: Kind> $as_raw for Socket<S, K> {
            fn $as_raw_fn(&self) -> $raw {
                self.inner.$as_raw_fn()
            }
        }

        impl<S: State, K: Kind> $into_raw for Socket<S, K> {
            fn $into_raw_fn(self) -> $raw {
                self.inner.$into_raw_fn()
            }
        }

        impl<S: State, K: Kind> From<Socket<S, K>> for $owned {
            fn from(socket: Socket<S, K>) -> $owned {
                socket.inner.into()
            }
        }
    };
}

#[cfg(unix)]
descriptor_traits!(AsFd::as_fd -> BorrowedFd, AsRawFd::as_raw_fd -> RawFd, IntoRawFd::into_raw_fd, OwnedFd);
#[cfg(windows)]
descriptor_traits!(
    AsSocket::as_socket -> BorrowedSocket,
    AsRawSocket::as_raw_socket -> RawSocket,
    IntoRawSocket::into_raw_socket,
    OwnedSocket
);

/// Wraps a socket2 socket already in state `S`; the caller vouches for the state. A free
/// function, so that rustc never suggests it to users building a `Socket` by hand.
pub(crate) fn from_inner<S: State, K: Kind>(inner: socket2::Socket) -> Socket<S, K> {
    Socket {
        inner,
        _state: PhantomData,
    }
}

impl<S: State, K: Kind> Socket<S, K> {
    /// Moves the descriptor into a new state without a syscall.
    pub(crate) fn into_state<T: State>(self) -> Socket<T, K> {
        from_inner(self.inner)
    }

    pub(crate) fn inner(&self) -> &socket2::Socket {
        &self.inner
    }

    pub(crate) fn into_inner(self) -> socket2::Socket {
        self.inner
    }
}

/// The constructors: [`socket(2)`].
///
/// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
impl Socket<Unbound, Tcp> {
    /// Creates an IPv4 TCP socket: `socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)`.
    ///
    /// The one syscall is [`socket(2)`]; the descriptor is close-on-exec from its first
    /// instant. No option is set: not even `SO_REUSEADDR` (see
    /// [`set_reuse_address`](Socket::set_reuse_address)).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// println!("{socket:?}"); // Socket<Unbound, Tcp> { fd: 3 }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
    #[inline]
    pub fn tcp_v4() -> io::Result<Self> {
        Self::new(Domain::IPV4)
    }

    /// Creates an IPv6 TCP socket: `socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0)`.
    ///
    /// Whether it also accepts IPv4 peers depends on `IPV6_V6ONLY` ([`ipv6(7)`]); set it with
    /// [`set_only_v6`](Socket::set_only_v6) before binding.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v6()?;
    /// socket.set_only_v6(true)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
    #[inline]
    pub fn tcp_v6() -> io::Result<Self> {
        Self::new(Domain::IPV6)
    }

    /// Creates a TCP socket of the family of `addr`: IPv4 for an IPv4 address, IPv6 for an
    /// IPv6 one.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let addr: SocketAddr = "[::1]:0".parse()?;
    /// let socket = typesock::Socket::tcp_for(addr)?.bind(addr)?;
    /// assert!(socket.local_addr()?.is_ipv6());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tcp_for(addr: SocketAddr) -> io::Result<Self> {
        Self::new(Domain::for_address(addr))
    }
}

impl Socket<Unbound, Udp> {
    /// Creates an IPv4 UDP socket: `socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)`.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// assert!(format!("{socket:?}").starts_with("Socket<Unbound, Udp>"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[inline]
    pub fn udp_v4() -> io::Result<Self> {
        Self::new(Domain::IPV4)
    }

    /// Creates an IPv6 UDP socket: `socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)`.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v6()?;
    /// assert!(format!("{socket:?}").starts_with("Socket<Unbound, Udp>"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[inline]
    pub fn udp_v6() -> io::Result<Self> {
        Self::new(Domain::IPV6)
    }

    /// Creates a UDP socket of the family of `addr`.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let socket = typesock::Socket::udp_for(addr)?.bind(addr)?;
    /// assert!(socket.local_addr()?.ip().is_loopback());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn udp_for(addr: SocketAddr) -> io::Result<Self> {
        Self::new(Domain::for_address(addr))
    }
}

#[cfg(unix)]
impl Socket<Unbound, UnixStream> {
    /// Creates a Unix stream socket: `socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)`.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::unix_stream()?;
    /// assert!(format!("{socket:?}").starts_with("Socket<Unbound, UnixStream>"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unix_stream() -> io::Result<Self> {
        Self::new(Domain::UNIX)
    }
}

#[cfg(unix)]
impl Socket<Unbound, UnixDatagram> {
    /// Creates a Unix datagram socket: `socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)`.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::unix_datagram()?;
    /// assert!(format!("{socket:?}").starts_with("Socket<Unbound, UnixDatagram>"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unix_datagram() -> io::Result<Self> {
        Self::new(Domain::UNIX)
    }
}

impl<K: Kind> Socket<Unbound, K> {
    #[inline]
    fn new(domain: Domain) -> io::Result<Self> {
        // SOCK_CLOEXEC in the type: one syscall, atomically (see the platform layer).
        sys::socket(domain, K::TYPE).map(from_inner)
    }
}

/// Whether a socket with this local address (`getsockname(2)`) is bound: an internet
/// address with a port (the kernel reports port 0 until the socket binds, and again after a
/// datagram socket's `disconnect` drops a port it had picked), or a named Unix address.
pub(crate) fn is_bound(local: &SockAddr) -> bool {
    match local.as_socket() {
        Some(addr) => addr.port() != 0,
        None => !sys::is_unnamed(local),
    }
}

/// The address to connect or send to: refuses an unnamed Unix address (what `local_addr`
/// reports for a socket that never bound), which names no socket to reach.
#[inline]
pub(crate) fn destination<K: Kind, A: Address<K>>(addr: &A) -> io::Result<SockAddr> {
    let target = addr.to_sock_addr()?;
    if sys::is_unnamed(&target) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "an unnamed Unix address names no socket: nothing can connect or send to it",
        ));
    }
    Ok(target)
}

impl<S: State, K: Kind> Socket<S, K> {
    /// The socket's family, bound or not (one syscall; see the platform layer).
    pub(crate) fn domain(&self) -> io::Result<Domain> {
        sys::domain(&self.inner)
    }

    /// Explains an `EINVAL` or `EAFNOSUPPORT` whose cause is an address of the other family
    /// (an IPv4 address for an IPv6 socket, or the reverse): the family is a run-time
    /// property, not a type. Costs one syscall, on this error path only.
    #[cold]
    pub(crate) fn explain_family(&self, target: &SockAddr, error: io::Error) -> io::Error {
        if !sys::may_be_family_mismatch(&error) {
            return error;
        }
        let Ok(domain) = self.domain() else {
            return error;
        };
        if domain == target.domain() {
            return error;
        }
        let family = |d: Domain| match d {
            Domain::IPV4 => "an IPv4",
            Domain::IPV6 => "an IPv6",
            Domain::UNIX => "a Unix",
            _ => "another family's",
        };
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} address for {} socket ({error}): `Socket::tcp_for(addr)` and \
                 `Socket::udp_for(addr)` make a socket of the address's family",
                family(target.domain()),
                family(domain),
            ),
        )
    }
}

/// Shows the state, the kind, the descriptor and, where the state has them, the addresses:
/// `Socket<Listening, Tcp> { local: 127.0.0.1:8080, fd: 3 }`.
///
/// The addresses are asked of the kernel at each format: one `getsockname(2)` in the states
/// that have a local address, one `getpeername(2)` in those that have a peer, none in the
/// others (`Unbound`). A field the kernel refuses is shown with its answer, never left out:
/// after a TCP reset, `peer: <error: Transport endpoint is not connected (os error 107)>`.
impl<S: State, K: Kind> fmt::Debug for Socket<S, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// An address as the kernel reported it, or its refusal.
        struct Shown<A>(io::Result<A>);
        impl<A: fmt::Display> fmt::Debug for Shown<A> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match &self.0 {
                    Ok(addr) => write!(f, "{addr}"),
                    Err(e) => write!(f, "<error: {e}>"),
                }
            }
        }
        let read =
            |addr: io::Result<SockAddr>| Shown(addr.and_then(|a| K::Addr::from_sock_addr(&a)));
        let name = format!("Socket<{}, {}>", S::NAME, K::NAME);
        let mut d = f.debug_struct(&name);
        // Only the states that have addresses ask the kernel for them.
        if S::HAS_LOCAL_ADDR {
            d.field("local", &read(self.inner.local_addr()));
        }
        if S::HAS_PEER {
            d.field("peer", &read(self.inner.peer_addr()));
        }
        d.field("fd", &sys::raw(&self.inner)).finish()
    }
}
