//! The async layer, feature `tokio`: a connect that awaits instead of blocking, and
//! conversions into and out of tokio's socket types that cannot forget a step.
//!
//! Into tokio: the socket is set non-blocking here (tokio requires it and does not check it in
//! release builds), and a missing runtime is an [`io::Error`], not tokio's panic. Out of tokio:
//! the descriptor is asked what it is, as every other way in ([`TryFrom<OwnedFd>`]).
//!
//! Nothing here needs `unsafe`: the descriptor is owned from `socket(2)` to tokio's type, and
//! moves through std's socket types, which tokio registers with its reactor in safe code.

use std::io;
#[cfg(unix)]
use std::os::unix::net as std_unix;

use tokio::net as tokio_net;

use crate::error::AdoptError;
use crate::error::ConnectError;
use crate::kind::tokio_streams::Registered;
use crate::kind::{Address, AsyncStreamKind, Kind, Tcp, Udp};
#[cfg(unix)]
use crate::kind::{UnixDatagram, UnixStream};
use crate::socket::Socket;
use crate::state::{Bound, CanAdopt, CanConnect, Connected, Listening, State};
use crate::sys::OwnedDescriptor;

/// `Ok` inside a tokio runtime; otherwise the error that says so, where tokio would panic.
///
/// A runtime built without its I/O driver (no `enable_io`) passes this check and still makes
/// tokio panic at registration: tokio offers no way to ask.
pub(crate) fn runtime() -> io::Result<()> {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => Ok(()),
        Err(e) => Err(io::Error::other(format!(
            "no tokio runtime: {e} (tokio would panic here; typesock reports it instead)"
        ))),
    }
}

/// The async connect of every stream kind: check for a runtime, start a non-blocking
/// `connect(2)`, register the socket with tokio's reactor, await writability, read
/// `SO_ERROR`. Dropped at any await, it drops the socket or tokio's stream: the descriptor
/// is deregistered and closed.
async fn connect_with<S, T, A>(socket: Socket<S, T::Kind>, addr: A) -> Result<T, ConnectError>
where
    S: CanConnect<T::Kind>,
    T: Registered,
    A: Address<T::Kind>,
{
    let name = addr.describe();
    let failed = |e: io::Error| ConnectError::new(Some(name.clone()), e);
    // Before any syscall: without a reactor the connect could only block or panic.
    runtime().map_err(failed)?;
    let connecting = socket.connect_nonblocking(addr)?;
    let stream = T::register(OwnedDescriptor::from(connecting)).map_err(failed)?;
    stream.writable().await.map_err(failed)?;
    match stream.take_error() {
        Ok(None) => Ok(stream),
        Ok(Some(e)) | Err(e) => Err(failed(e)),
    }
}

/// The async connect (feature `tokio`).
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
impl<S: State, K: Kind> Socket<S, K> {
    /// Connects to `addr` without blocking the thread, and hands the connection to tokio's
    /// stream type ([`TcpStream`](tokio::net::TcpStream) for a [`Tcp`] socket,
    /// [`UnixStream`](tokio::net::UnixStream) for a [`UnixStream`] one):
    /// [`connect(2)`] on the socket set non-blocking, then an await on tokio's reactor for
    /// writability, then `getsockopt(SO_ERROR)` for the outcome.
    ///
    /// Works from [`Unbound`](crate::Unbound) and from [`Bound`] (bind-before-connect): set
    /// the options in the states where they take effect first (buffer sizes, `TCP_NODELAY`,
    /// `SO_REUSEADDR` before `bind`), then connect. The result is tokio's
    /// [`TcpStream`](tokio::net::TcpStream), which only exists connected: the state stays in
    /// the type, and every tokio API (`AsyncRead`, `AsyncWrite`, `into_split`, ...) takes it.
    /// [`TryFrom`] brings it back as a `Socket<Connected, Tcp>`.
    ///
    /// Like every future, it does nothing until polled; the `connect(2)` is made at the first
    /// poll, which must be inside a tokio runtime with its I/O driver enabled.
    ///
    /// # Unix stream sockets
    ///
    /// `addr` is a path or a [`UnixAddr`](crate::UnixAddr).
    /// On Linux a Unix connect is never in flight: the kernel connects at once or refuses,
    /// and the await finds the socket writable at once. A listener whose queue is full
    /// refuses with `WouldBlock` (a blocking [`connect`](Socket::connect)
    /// would sleep instead; there is no readiness to await here, and tokio's own
    /// `UnixStream::connect` answers the same).
    ///
    /// # Timeouts and cancellation
    ///
    /// Give a timeout by wrapping the future: `tokio::time::timeout(d,
    /// socket.connect_async(addr))`. Dropping the future (on a timeout, in a `select!`, ...) closes
    /// the socket, wherever the connect was; no descriptor is left behind.
    ///
    /// # Errors
    ///
    /// A [`ConnectError`] naming the address; the socket is closed, as after a failed
    /// [`connect`](Socket::connect). `ConnectionRefused` when nothing listens there;
    /// `InvalidInput` for an address of the other family; an error of kind `Other` when the
    /// future is polled outside a tokio runtime (where tokio itself would panic).
    ///
    /// # Example
    ///
    /// A bind-before-connect client with its options set first, served by a listener prepared
    /// here too, with a timeout around the connect:
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// use typesock::Socket;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let listener = Socket::tcp_v4()?.bind(loopback)?.listen(128)?;
    /// let addr = listener.local_addr()?;
    /// let listener = tokio::net::TcpListener::try_from(listener)?;
    ///
    /// let client = Socket::tcp_v4()?;
    /// client.set_nodelay(true)?;
    /// let client = client.bind(loopback)?;
    /// let local = client.local_addr()?;
    /// let connect = client.connect_async(addr);
    /// let mut stream = tokio::time::timeout(Duration::from_secs(5), connect).await??;
    /// assert_eq!(stream.local_addr()?, local);
    /// assert!(stream.nodelay()?);
    ///
    /// let (mut conn, peer) = listener.accept().await?;
    /// assert_eq!(peer, local);
    /// stream.write_all(b"ping").await?;
    /// let mut buf = [0; 4];
    /// conn.read_exact(&mut buf).await?;
    /// assert_eq!(&buf, b"ping");
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// A Unix client bound to a name of its own, so that the server sees who connected:
    ///
    /// ```
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// use typesock::Socket;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = std::env::temp_dir().join(format!("typesock-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let (server_path, client_path) = (dir.join("server.sock"), dir.join("client.sock"));
    /// # let _ = (std::fs::remove_file(&server_path), std::fs::remove_file(&client_path));
    /// let listener = Socket::unix_stream()?.bind(&server_path)?.listen(8)?;
    /// let listener = tokio::net::UnixListener::try_from(listener)?;
    ///
    /// let client = Socket::unix_stream()?.bind(&client_path)?;
    /// let mut stream = client.connect_async(&server_path).await?;
    /// let (mut conn, peer) = listener.accept().await?;
    /// assert_eq!(peer.as_pathname(), Some(client_path.as_path()));
    ///
    /// stream.write_all(b"ping").await?;
    /// let mut buf = [0; 4];
    /// conn.read_exact(&mut buf).await?;
    /// assert_eq!(&buf, b"ping");
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok(())
    /// # }
    /// ```
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    pub async fn connect_async<A, Stream>(self, addr: A) -> Result<Stream, ConnectError>
    where
        S: CanConnect<K>,
        K: AsyncStreamKind<Stream = Stream>,
        Stream: Registered<Kind = K>,
        A: Address<K>,
    {
        connect_with(self, addr).await
    }
}

/// `TryFrom<Socket<$state, $kind>> for $tokio`: non-blocking set here, the runtime checked.
macro_rules! into_tokio {
    ($($state:ident, $kind:ident => $tokio:ident, $std:ty;)*) => {$(
        #[doc = concat!("Hands a `Socket<", stringify!($state), ", ", stringify!($kind),
            ">` to tokio as a [`tokio::net::", stringify!($tokio), "`] (feature `tokio`).")]
        ///
        /// Sets the socket non-blocking (`ioctl(FIONBIO)`), as tokio requires, and registers
        /// it with the reactor of the current runtime. Options set earlier stay set: the
        /// descriptor moves, nothing is copied or reset.
        ///
        /// # Errors
        ///
        /// An error of kind `Other` outside a tokio runtime, where tokio's `from_std` would
        /// panic; the error of `ioctl` or of the registration otherwise. The socket is
        /// closed. (A runtime built without its I/O driver still makes tokio panic: tokio
        /// offers no way to ask whether it has one.)
        #[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
        impl TryFrom<Socket<$state, $kind>> for tokio_net::$tokio {
            type Error = io::Error;

            fn try_from(socket: Socket<$state, $kind>) -> io::Result<Self> {
                runtime()?;
                socket.set_nonblocking(true)?;
                tokio_net::$tokio::from_std(<$std>::from(socket))
            }
        }
    )*};
}

into_tokio! {
    Listening, Tcp => TcpListener, std::net::TcpListener;
    Connected, Tcp => TcpStream, std::net::TcpStream;
    Bound, Udp => UdpSocket, std::net::UdpSocket;
    Connected, Udp => UdpSocket, std::net::UdpSocket;
}

#[cfg(unix)]
into_tokio! {
    Listening, UnixStream => UnixListener, std_unix::UnixListener;
    Connected, UnixStream => UnixStream, std_unix::UnixStream;
    Bound, UnixDatagram => UnixDatagram, std_unix::UnixDatagram;
    Connected, UnixDatagram => UnixDatagram, std_unix::UnixDatagram;
}

/// A socket taken back from tokio did not become the `Socket<S, K>` asked for (feature
/// `tokio`).
///
/// Almost always [`Adopt`](FromTokioError::Adopt): the kernel says the socket is of another
/// kind or in another state (a tokio `UdpSocket` that is not connected, offered as a
/// `Socket<Connected, Udp>`), and the descriptor is handed back in it. Rarely,
/// [`Release`](FromTokioError::Release): tokio could not deregister the socket from its
/// reactor, and closed it.
///
/// # Example
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::{Bound, Connected, Socket, Udp};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let udp = tokio::net::UdpSocket::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
/// let err = Socket::<Connected, Udp>::try_from(udp).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
/// let found = "found a bound AF_INET SOCK_DGRAM socket";
/// assert!(err.to_string().contains(found), "{err}");
///
/// // Not connected, but bound: the descriptor comes back and is adopted as what it is.
/// let fd = err.into_fd().expect("the check refused it, tokio released it");
/// let socket = Socket::<Bound, Udp>::try_from(fd)?;
/// assert!(socket.local_addr()?.ip().is_loopback());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub enum FromTokioError {
    /// tokio released the socket, and the kernel's answer did not fit the type: the
    /// descriptor is inside.
    #[error(transparent)]
    Adopt(#[from] AdoptError),
    /// tokio could not deregister the socket from its reactor (`into_std` failed); tokio
    /// closed it.
    #[error("tokio could not release the socket: {0}")]
    Release(io::Error),
}

impl FromTokioError {
    /// The [`io::ErrorKind`]: `InvalidInput` for a socket of another kind or state, the
    /// kernel's error otherwise.
    pub fn kind(&self) -> io::ErrorKind {
        match self {
            FromTokioError::Adopt(e) => e.kind(),
            FromTokioError::Release(e) => e.kind(),
        }
    }

    /// The descriptor, untouched, if tokio let go of it.
    pub fn into_fd(self) -> Option<OwnedDescriptor> {
        match self {
            FromTokioError::Adopt(e) => Some(e.into_fd()),
            FromTokioError::Release(_) => None,
        }
    }
}

impl From<FromTokioError> for io::Error {
    fn from(e: FromTokioError) -> io::Error {
        io::Error::new(e.kind(), e)
    }
}

/// Takes a descriptor back from a tokio type and asks the kernel what it is.
fn from_tokio<S, K, T>(std: io::Result<T>) -> Result<Socket<S, K>, FromTokioError>
where
    S: CanAdopt<K>,
    K: Kind,
    OwnedDescriptor: From<T>,
{
    let fd = OwnedDescriptor::from(std.map_err(FromTokioError::Release)?);
    Ok(Socket::try_from(fd)?)
}

/// `TryFrom<tokio type> for Socket<$state, $kind>`, checked. `<S>` marks the datagram types,
/// whose state the kernel decides (bound or connected); the others come back in one state.
macro_rules! from_tokio {
    ($($tokio:ident => <$($generic:ident)?> $state:ident, $kind:ident, $what:literal;)*) => {$(
        #[doc = concat!("Takes a [`tokio::net::", stringify!($tokio), "`] back as a `Socket<",
            stringify!($state), ", ", stringify!($kind), ">` (feature `tokio`), after asking the kernel ",
            $what, ".")]
        ///
        /// tokio deregisters the socket (`into_std`), then the descriptor is checked as
        /// [`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E)
        /// checks it: a std or tokio type proves nothing about the kernel's state, since
        /// either can be built from any descriptor. The socket stays non-blocking, as tokio
        /// left it: call [`set_nonblocking(false)`](Socket::set_nonblocking) for blocking
        /// I/O. As with every adoption, a half-closed stream (after tokio's `shutdown`) still
        /// has its peer and comes back `Connected`.
        ///
        /// # Errors
        ///
        /// [`FromTokioError::Adopt`], with the descriptor, if the kernel's answer does not
        /// fit the type asked for.
        #[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
        impl$(<$generic: CanAdopt<$kind>>)? TryFrom<tokio_net::$tokio>
            for Socket<$state, $kind>
        {
            type Error = FromTokioError;

            fn try_from(socket: tokio_net::$tokio) -> Result<Self, FromTokioError> {
                from_tokio(socket.into_std())
            }
        }
    )*};
}

from_tokio! {
    TcpListener => <> Listening, Tcp, "whether it listens";
    TcpStream => <> Connected, Tcp, "whether it is connected";
    UdpSocket => <S> S, Udp, "whether it is bound or connected";
}

#[cfg(unix)]
from_tokio! {
    UnixListener => <> Listening, UnixStream, "whether it listens";
    UnixStream => <> Connected, UnixStream, "whether it is connected";
    UnixDatagram => <S> S, UnixDatagram, "whether it is bound or connected";
}
