//! A server's steps after `socket(2)`: [`bind`](crate::Socket::bind) (a client's too),
//! [`listen`](crate::Socket::listen) and [`accept`](crate::Socket::accept), and the errors
//! that hand the socket back. `connect` is in `connecting.rs`.

use std::io;

use crate::error::{AcceptError, BindError, ListenError};
use crate::kind::address::FromSockAddr;
use crate::kind::{Address, Kind, StreamKind};
use crate::socket::{Socket, from_inner};
use crate::state::{Bound, CanAccept, CanBind, CanListen, Connected, Listening, State};
use crate::sys;

/// A server's steps after [`socket(2)`]: `bind`, `listen`, `accept`. One generic block, each
/// method bounded by the capability it needs (see [`state`](crate::state)); `connect` and
/// its variants follow, then the data calls.
///
/// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Binds the socket to a local address: [`bind(2)`].
    ///
    /// `Tcp` and `Udp` sockets take a [`SocketAddr`](std::net::SocketAddr) (port 0 asks the kernel
    /// to pick a port); the Unix kinds take a path or a [`UnixAddr`](crate::UnixAddr). Binding a
    /// Unix socket to a path creates the socket file; the kernel never removes it: whoever binds
    /// removes it once done (and a stale file from an earlier run makes `bind` fail with
    /// `AddrInUse`).
    ///
    /// # Errors
    ///
    /// Every failure hands the socket back, still [`Unbound`](crate::Unbound), in a [`BindError`]:
    /// the address in use (`AddrInUse`), not on this machine (`AddrNotAvailable`), a privileged
    /// port (`PermissionDenied`), a Unix path too long for `sun_path` (`InvalidInput`, caught
    /// before any syscall), an unnamed Unix address (`InvalidInput`, before any syscall: the kernel
    /// would bind the socket to an abstract name of its choice, which Linux offers by name as
    /// `bind_autobind`), or an address of the other family, such as an IPv4 address for a socket
    /// made with `tcp_v6` (`InvalidInput`, with a message that says so).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{Bound, Socket};
    ///
    /// let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let socket: Socket<Bound> = Socket::tcp_v4()?.bind(loopback)?;
    /// assert_ne!(socket.local_addr()?.port(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    #[must_use = "the bound socket is returned, not kept in place; dropping it closes it"]
    pub fn bind<A: Address<K>>(self, addr: A) -> Result<Socket<Bound, K>, BindError<K>>
    where
        S: CanBind,
    {
        let target = match addr.to_sock_addr() {
            Ok(target) if sys::is_unnamed(&target) => {
                return Err(BindError::new(
                    self.into_state(),
                    addr.describe(),
                    unnamed_bind(),
                ));
            }
            Ok(target) => target,
            Err(e) => return Err(BindError::new(self.into_state(), addr.describe(), e)),
        };
        match self.inner().bind(&target) {
            Ok(()) => Ok(self.into_state()),
            Err(e) => {
                let e = self.explain_family(&target, e);
                Err(BindError::new(self.into_state(), addr.describe(), e))
            }
        }
    }

    /// Marks a bound socket as accepting connections: [`listen(2)`].
    ///
    /// `backlog` caps the queue of connections the kernel has completed and `accept` has not
    /// taken yet; Linux silently clamps it to `net.core.somaxconn`.
    ///
    /// # Errors
    ///
    /// Every failure hands the socket back, still [`Bound`], in a [`ListenError`]. The usual
    /// one is `AddrInUse`: another socket listens on the same port (with `SO_REUSEADDR` set on
    /// both, two sockets can bind one port, but only one of them can listen).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{Listening, Socket};
    ///
    /// let listener: Socket<Listening> = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(1024)?;
    /// assert_ne!(listener.local_addr()?.port(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`listen(2)`]: https://man7.org/linux/man-pages/man2/listen.2.html
    #[must_use = "the listening socket is returned, not kept in place; dropping it closes it"]
    pub fn listen(self, backlog: i32) -> Result<Socket<Listening, K>, ListenError<K>>
    where
        S: CanListen,
        K: StreamKind,
    {
        match self.inner().listen(backlog) {
            Ok(()) => Ok(self.into_state()),
            Err(e) => {
                // The failure path only: one getsockname(2), for the address the message names.
                let socket: Socket<Bound, K> = self.into_state();
                let local = match socket.local_addr() {
                    Ok(addr) => addr.to_string(),
                    Err(_) => "(unknown address)".to_owned(),
                };
                Err(ListenError::new(socket, local, backlog, e))
            }
        }
    }

    /// Takes the next connection from the queue: [`accept4(2)`] with `SOCK_CLOEXEC`.
    ///
    /// Returns the connected socket and the peer's address. Blocks until a connection arrives
    /// unless the listener was set non-blocking. Like [`std::net::TcpListener::accept`], a
    /// call interrupted by a signal (`EINTR`) is retried; every other failure is returned.
    ///
    /// # Errors
    ///
    /// An [`AcceptError`]; the listener is untouched. `WouldBlock` on a non-blocking
    /// listener with an empty queue; `ConnectionAborted` when a peer gave up before it was
    /// taken; resource limits (`EMFILE`, `ENFILE`, `ENOBUFS`) under load.
    ///
    /// # Example
    ///
    /// An accept loop that serves two clients and stops:
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let addr = listener.local_addr()?;
    /// let clients = [Socket::tcp_v4()?.connect(addr)?, Socket::tcp_v4()?.connect(addr)?];
    /// for _ in 0..2 {
    ///     let (conn, peer) = listener.accept()?;
    ///     assert_eq!(conn.peer_addr()?, peer);
    ///     assert!(clients.iter().any(|c| c.local_addr().ok() == Some(peer)));
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`accept4(2)`]: https://man7.org/linux/man-pages/man2/accept4.2.html
    pub fn accept(&self) -> Result<(Socket<Connected, K>, K::Addr), AcceptError>
    where
        S: CanAccept,
        K: StreamKind,
    {
        self.accept_as(false)
    }

    /// `accept`, the new socket non-blocking if `nonblocking` (in the same syscall where
    /// the platform has `accept4`): the async accept's.
    #[inline(always)]
    pub(crate) fn accept_as(
        &self,
        nonblocking: bool,
    ) -> Result<(Socket<Connected, K>, K::Addr), AcceptError> {
        match K::Addr::accept(self.inner(), nonblocking) {
            Ok((socket, addr)) => Ok((from_inner(socket), addr)),
            Err(e) => self.accept_again(e, nonblocking),
        }
    }

    /// The rest of an `accept` whose first `accept(2)` failed: retried while it reports
    /// `EINTR`, kept out of the common path.
    #[cold]
    fn accept_again(
        &self,
        mut error: io::Error,
        nonblocking: bool,
    ) -> Result<(Socket<Connected, K>, K::Addr), AcceptError> {
        while error.kind() == io::ErrorKind::Interrupted {
            match K::Addr::accept(self.inner(), nonblocking) {
                Ok((socket, addr)) => return Ok((from_inner(socket), addr)),
                Err(e) => error = e,
            }
        }
        Err(self.accept_error(error))
    }

    /// Builds the error of a failed accept. A `WouldBlock` is the normal end of a
    /// non-blocking accept loop: it skips the `getsockname` that names the listener.
    #[cold]
    fn accept_error(&self, error: io::Error) -> AcceptError {
        let local = if error.kind() == io::ErrorKind::WouldBlock {
            None
        } else {
            self.inner()
                .local_addr()
                .ok()
                .and_then(|a| K::Addr::from_sock_addr(&a).ok())
                .map(|a| a.to_string())
        };
        AcceptError::new(local, error)
    }
}

/// The error of a `bind` to an unnamed Unix address (what `accept` and `recv_from` report
/// for a peer that never bound), which Linux would turn into an autobind.
#[cold]
fn unnamed_bind() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "an unnamed Unix address names nothing to bind to (the kernel would pick an abstract \
         name); `bind_autobind()` asks for that by name (Linux)",
    )
}
