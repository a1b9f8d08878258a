//! The errors of the lifecycle steps, and of adopting a descriptor.
//!
//! Each names the step that failed and, where there is one, the address:
//! `bind to 127.0.0.1:80 failed: Permission denied (os error 13)`. Each has `kind()` and
//! `error()`, converts into [`io::Error`] keeping its [`kind`](io::Error::kind) (so `?` works
//! in functions returning `io::Result`), and is `Send + Sync + 'static`. The errors of the
//! steps that keep the socket on failure, [`BindError`] and [`ListenError`], hand it back with
//! `into_socket()`, still in its old state and usable again; [`AdoptError`] hands back the
//! descriptor or std socket it refused. Building an error makes no syscall: what a message
//! shows is gathered by the step that failed.

use std::fmt;
use std::io;
use std::time::Duration;

use crate::kind::{Kind, Tcp};
use crate::socket::Socket;
use crate::state::{Bound, Connecting, Unbound};
use crate::sys::{OwnedDescriptor, RawDescriptor};

/// The accessors every error of the crate has, written once, for a struct whose `error`
/// field is its `io::Error`: `error()` (with the doc given, or the lifecycle errors'),
/// `kind()`, `raw_os_error()` and `into_error()`.
macro_rules! error_accessors {
    () => {
        crate::error::error_accessors!(
            "The error the kernel reported, or the crate's own check's: an address the kind \
             cannot take, a descriptor of another kind or state (`InvalidInput`)."
        );
    };
    ($doc:literal) => {
        #[doc = $doc]
        pub fn error(&self) -> &io::Error {
            &self.error
        }

        /// The [`io::ErrorKind`] of [`error`](Self::error).
        pub fn kind(&self) -> io::ErrorKind {
            self.error.kind()
        }

        /// The raw OS error code, if the error came from the kernel.
        pub fn raw_os_error(&self) -> Option<i32> {
            self.error.raw_os_error()
        }

        /// Drops the rest and keeps the [`io::Error`].
        pub fn into_error(self) -> io::Error {
            self.error
        }
    };
}
#[cfg_attr(not(unix), allow(unused_imports))]
pub(crate) use error_accessors;

/// `From<E> for io::Error`: the kind and the whole message are kept, the socket the error
/// held is released (closed) at once, and the kernel's error stays reachable as the
/// [`source`](std::error::Error::source) of [`get_ref`](io::Error::get_ref) (see
/// [`os_error`]).
macro_rules! into_io_error {
    ($($ty:ident $(<$k:ident $(: $bound:path)?>)?),*) => {$(
        impl$(<$k $(: $bound)?>)? From<$ty$(<$k>)?> for io::Error {
            fn from(e: $ty$(<$k>)?) -> io::Error {
                let message = e.to_string();
                without_socket(message, e.into_error())
            }
        }
    )*};
}

/// What an `io::Error` made from one of the crate's errors carries: the message, and the
/// kernel's error as its source. It holds no socket.
#[derive(Debug)]
struct WithoutSocket {
    message: String,
    error: io::Error,
}

impl fmt::Display for WithoutSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WithoutSocket {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// An `io::Error` of `error`'s kind, with `message`, and `error` as the source.
pub(crate) fn without_socket(message: String, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), WithoutSocket { message, error })
}

/// The OS error code of an [`io::Error`], also when it was made from one of typesock's
/// errors by `?` or `From`.
///
/// std's `io::Error` holds either a message or an OS error code, not both; typesock's errors
/// keep their message (which names the step and the address) and put the kernel's error,
/// with its code, behind it as its [`source`](std::error::Error::source). This looks in
/// both places.
///
/// # Example
///
/// `?` turns a failed bind into an `io::Error`; the port is released at once, and the errno
/// is still there:
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// let taken = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(8)?;
/// let bind = || -> std::io::Result<()> {
///     let _socket = Socket::tcp_v4()?.bind(taken.local_addr()?)?;
///     Ok(())
/// };
/// let err = bind().unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
/// assert!(err.to_string().starts_with("bind to 127.0.0.1:"), "{err}");
/// assert_eq!(typesock::os_error(&err), Some(libc::EADDRINUSE));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn os_error(error: &io::Error) -> Option<i32> {
    error.raw_os_error().or_else(|| {
        std::error::Error::source(error.get_ref()?)?
            .downcast_ref::<io::Error>()?
            .raw_os_error()
    })
}

/// [`bind(2)`] failed; the socket is handed back, still [`Unbound`].
///
/// # Example
///
/// The failed socket comes back usable: here a second socket asks for a port already in use,
/// gets [`AddrInUse`](io::ErrorKind::AddrInUse), and binds to another one.
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// let taken = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(8)?;
/// let err = Socket::tcp_v4()?.bind(taken.local_addr()?).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
/// assert!(err.to_string().starts_with("bind to 127.0.0.1:"), "{err}");
///
/// let socket = err.into_socket().bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
/// assert_ne!(socket.local_addr()?, taken.local_addr()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
#[derive(thiserror::Error)]
#[error("bind to {addr} failed: {error}")]
pub struct BindError<K: Kind = Tcp> {
    socket: Socket<Unbound, K>,
    addr: String,
    error: io::Error,
}

impl<K: Kind> BindError<K> {
    pub(crate) fn new(socket: Socket<Unbound, K>, addr: String, error: io::Error) -> Self {
        BindError {
            socket,
            addr,
            error,
        }
    }

    error_accessors!();

    /// The socket, still [`Unbound`]: bind it to another address, or drop it.
    pub fn into_socket(self) -> Socket<Unbound, K> {
        self.socket
    }

    /// The socket and the error.
    pub fn into_parts(self) -> (Socket<Unbound, K>, io::Error) {
        (self.socket, self.error)
    }

    /// The address the socket was to be bound to, as the message shows it.
    pub fn addr(&self) -> &str {
        &self.addr
    }
}

/// [`listen(2)`] failed; the socket is handed back, still [`Bound`].
///
/// # Example
///
/// Two sockets with `SO_REUSEADDR` can bind one port, but only one can listen on it; the
/// other gets its socket back, still bound, and can connect instead.
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// let first = Socket::tcp_v4()?;
/// first.set_reuse_address(true)?;
/// let first = first.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
/// let second = Socket::tcp_v4()?;
/// second.set_reuse_address(true)?;
/// let second = second.bind(first.local_addr()?)?;
/// let listener = first.listen(8)?;
///
/// let err = second.listen(8).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
/// assert!(err.to_string().starts_with("listen on 127.0.0.1:"), "{err}");
/// let second = err.into_socket();
/// assert_eq!(second.local_addr()?, listener.local_addr()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`listen(2)`]: https://man7.org/linux/man-pages/man2/listen.2.html
#[derive(thiserror::Error)]
#[error("listen on {local} with backlog {backlog} failed: {error}")]
pub struct ListenError<K: Kind = Tcp> {
    socket: Socket<Bound, K>,
    local: String,
    backlog: i32,
    error: io::Error,
}

impl<K: Kind> ListenError<K> {
    pub(crate) fn new(
        socket: Socket<Bound, K>,
        local: String,
        backlog: i32,
        error: io::Error,
    ) -> Self {
        ListenError {
            socket,
            local,
            backlog,
            error,
        }
    }

    error_accessors!();

    /// The socket, still [`Bound`].
    pub fn into_socket(self) -> Socket<Bound, K> {
        self.socket
    }

    /// The socket and the error.
    pub fn into_parts(self) -> (Socket<Bound, K>, io::Error) {
        (self.socket, self.error)
    }

    /// The backlog that was asked for.
    pub fn backlog(&self) -> i32 {
        self.backlog
    }
}

/// [`connect(2)`] failed (or, for `connect_timeout`, did not finish in time).
///
/// The socket is closed: POSIX leaves a socket's state unspecified after a failed connect, so
/// no typed state could be trusted for it. Make a new socket to try again.
///
/// # Example
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// // A bound socket that never listens refuses connections.
/// let unlistened = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
/// let addr = unlistened.local_addr()?;
/// let err = Socket::tcp_v4()?.connect(addr).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
/// assert_eq!(err.addr(), Some(addr.to_string().as_str()));
///
/// // `?` in a function returning io::Result keeps the kind and the message.
/// let io_err = std::io::Error::from(err);
/// assert_eq!(io_err.kind(), std::io::ErrorKind::ConnectionRefused);
/// assert!(io_err.to_string().starts_with(&format!("connect to {addr} failed: ")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
#[derive(Debug, thiserror::Error)]
#[error("connect to {} failed: {error}", addr.as_deref().unwrap_or("its peer"))]
pub struct ConnectError {
    addr: Option<String>,
    error: io::Error,
}

impl ConnectError {
    pub(crate) fn new(addr: Option<String>, error: io::Error) -> Self {
        ConnectError { addr, error }
    }

    error_accessors!();

    /// The address the socket was to connect to, as the message shows it. `None` when a
    /// connect in flight failed ([`Socket::finish`](crate::Socket::finish)): the socket no
    /// longer knows where it was connecting to.
    pub fn addr(&self) -> Option<&str> {
        self.addr.as_deref()
    }
}

/// [`accept(2)`] failed; the listener is untouched and can accept again.
///
/// A [`WouldBlock`](io::ErrorKind::WouldBlock) from a non-blocking listener is one of these
/// too; it costs no more than the `io::Error` inside it.
///
/// # Example
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// let listener = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(8)?;
/// listener.set_nonblocking(true)?;
/// match listener.accept() {
///     Ok((conn, peer)) => println!("{peer} connected: {conn:?}"),
///     Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => println!("nobody yet"),
///     Err(e) => return Err(e.into()),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`accept(2)`]: https://man7.org/linux/man-pages/man2/accept.2.html
#[derive(Debug, thiserror::Error)]
#[error("accept on {} failed: {error}", local.as_deref().unwrap_or("listener"))]
pub struct AcceptError {
    local: Option<String>,
    error: io::Error,
}

impl AcceptError {
    pub(crate) fn new(local: Option<String>, error: io::Error) -> Self {
        AcceptError { local, error }
    }

    error_accessors!();

    /// Whether the accept failed for want of a resource: the process's or the system's
    /// descriptors (`EMFILE`, `ENFILE`), or the kernel's memory (`ENOBUFS`, `ENOMEM`).
    ///
    /// The connection stays in the listener's queue, so the listener stays readable and the
    /// next accept fails the same way at once: a loop that retries without waiting spins.
    /// Wait a little (or until a connection of the server's closes) before accepting again;
    /// the queued connection is served then.
    ///
    /// ```no_run
    /// # use typesock::{Listening, Socket};
    /// # #[allow(dead_code)]
    /// # fn serve(listener: &Socket<Listening>) -> std::io::Result<()> {
    /// loop {
    ///     match listener.accept() {
    ///         Ok((conn, _)) => drop(conn), // serve it
    ///         Err(e) if e.is_out_of_resources() => {
    ///             std::thread::sleep(std::time::Duration::from_millis(10));
    ///         }
    ///         Err(e) => return Err(e.into()),
    ///     }
    /// }
    /// # }
    /// ```
    pub fn is_out_of_resources(&self) -> bool {
        crate::sys::is_out_of_resources(&self.error)
    }
}

/// A connect in flight did not finish into a connected socket: it is still in progress (the
/// socket comes back, still [`Connecting`]), or it failed (the socket is closed).
///
/// Returned by [`Socket::finish`](crate::Socket::finish) and
/// [`Socket::wait`](crate::Socket::wait).
///
/// # Example
///
/// ```
/// use std::net::SocketAddr;
/// use std::time::Duration;
/// use typesock::{FinishError, Socket};
///
/// let listener = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(8)?;
/// let mut connecting = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
/// let mut waits = 0;
/// let connected = loop {
///     match connecting.wait(Some(Duration::from_millis(100))) {
///         Ok(connected) => break connected,
///         // Not yet: wait again, up to 5 s in all.
///         Err(FinishError::TimedOut { socket, .. }) if waits < 50 => {
///             waits += 1;
///             connecting = socket;
///         }
///         Err(e) => return Err(e.into()),
///     }
/// };
/// assert_eq!(connected.peer_addr()?, listener.local_addr()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(thiserror::Error)]
pub enum FinishError<K: Kind = Tcp> {
    /// [`finish`](crate::Socket::finish): not finished yet. Wait for writability again,
    /// then call `finish` again. Its kind is [`WouldBlock`](io::ErrorKind::WouldBlock).
    #[error("connect still in progress")]
    InProgress(Socket<Connecting, K>),
    /// [`wait`](crate::Socket::wait): the timeout passed first. Its kind is
    /// [`TimedOut`](io::ErrorKind::TimedOut); the socket can wait again, or be dropped.
    #[error(
        "connect to {} did not finish within {timeout:?}",
        addr.as_deref().unwrap_or("its destination")
    )]
    TimedOut {
        /// The socket, still [`Connecting`].
        socket: Socket<Connecting, K>,
        /// Where it is connecting to, where the kernel tells it (Linux: `SO_PEERNAME`).
        addr: Option<String>,
        /// The timeout that passed.
        timeout: Duration,
    },
    /// The connect failed: refused, unreachable, timed out in the kernel, ...
    #[error(transparent)]
    Failed(ConnectError),
}

impl<K: Kind> FinishError<K> {
    /// [`WouldBlock`](io::ErrorKind::WouldBlock) while in progress,
    /// [`TimedOut`](io::ErrorKind::TimedOut) when `wait`'s timeout passed, else the
    /// failure's kind.
    pub fn kind(&self) -> io::ErrorKind {
        match self {
            FinishError::InProgress(_) => io::ErrorKind::WouldBlock,
            FinishError::TimedOut { .. } => io::ErrorKind::TimedOut,
            FinishError::Failed(e) => e.kind(),
        }
    }

    /// The socket, still [`Connecting`], if the connect is still in flight.
    pub fn into_socket(self) -> Option<Socket<Connecting, K>> {
        match self {
            FinishError::InProgress(socket) | FinishError::TimedOut { socket, .. } => Some(socket),
            FinishError::Failed(_) => None,
        }
    }

    /// Drops the socket, if any, and keeps an [`io::Error`] of the same kind.
    pub fn into_error(self) -> io::Error {
        match self {
            FinishError::Failed(e) => e.into_error(),
            other => io::Error::new(other.kind(), "connect still in progress"),
        }
    }
}

impl<K: Kind> fmt::Debug for FinishError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FinishError::InProgress(socket) => f.debug_tuple("InProgress").field(socket).finish(),
            FinishError::TimedOut {
                socket,
                addr,
                timeout,
            } => f
                .debug_struct("TimedOut")
                .field("socket", socket)
                .field("addr", addr)
                .field("timeout", timeout)
                .finish(),
            FinishError::Failed(e) => f.debug_tuple("Failed").field(e).finish(),
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
#[error(
    "cannot adopt fd {fd} as Socket<{}, {}>: expected {} {} socket, found {found}",
    expected.state, expected.kind, expected.phase, expected.what
)]
pub struct AdoptError<T = OwnedDescriptor> {
    value: T,
    fd: RawDescriptor,
    expected: Expected,
    found: String,
    error: io::Error,
}

/// What an adoption asked for, as [`AdoptError`]'s message names it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Expected {
    /// The state's name: `Listening`.
    pub(crate) state: &'static str,
    /// The kind's name: `Tcp`.
    pub(crate) kind: &'static str,
    /// The state with its article: `a listening`.
    pub(crate) phase: &'static str,
    /// The kind in words: `TCP`.
    pub(crate) what: &'static str,
}

impl<T> AdoptError<T> {
    pub(crate) fn new(
        value: T,
        fd: RawDescriptor,
        expected: Expected,
        found: String,
        error: io::Error,
    ) -> Self {
        AdoptError {
            value,
            fd,
            expected,
            found,
            error,
        }
    }

    /// The same error, holding `f(value)` instead of the value.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> AdoptError<U> {
        AdoptError::new(
            f(self.value),
            self.fd,
            self.expected,
            self.found,
            self.error,
        )
    }

    error_accessors!();

    /// The value that was to be adopted, untouched: the descriptor, or the std socket.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value and the error.
    pub fn into_parts(self) -> (T, io::Error) {
        (self.value, self.error)
    }

    /// What the kernel reported of the descriptor, as the message shows it.
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl AdoptError<OwnedDescriptor> {
    /// The descriptor, untouched.
    pub fn into_fd(self) -> OwnedDescriptor {
        self.value
    }
}

into_io_error!(
    BindError<K: Kind>,
    ListenError<K: Kind>,
    ConnectError,
    AcceptError,
    FinishError<K: Kind>,
    AdoptError<T>
);

impl<K: Kind> fmt::Debug for BindError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BindError")
            .field("socket", &self.socket)
            .field("addr", &self.addr)
            .field("error", &self.error)
            .finish()
    }
}

impl<K: Kind> fmt::Debug for ListenError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListenError")
            .field("socket", &self.socket)
            .field("backlog", &self.backlog)
            .field("error", &self.error)
            .finish()
    }
}

impl<T> fmt::Debug for AdoptError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = &self.expected;
        f.debug_struct("AdoptError")
            .field("fd", &self.fd)
            .field(
                "expected",
                &format_args!("Socket<{}, {}>", expected.state, expected.kind),
            )
            .field("found", &self.found)
            .finish()
    }
}
