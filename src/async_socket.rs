//! [`AsyncSocket<S, K>`]: the typed lifecycle on tokio (feature `tokio`).
//!
//! The socket is registered with tokio's reactor once, by [`AsyncSocket::new`], and stays
//! registered through `shutdown_write` and `shutdown_read`, which move the same registration
//! into the next state's type (`connect` registers once more, for the connect in flight; an
//! accepted connection is registered as it is accepted). Each operation is
//! the blocking method of the same name run on the non-blocking descriptor when the reactor
//! reports it ready; a `WouldBlock` clears the readiness and waits again. No operation makes
//! a blocking syscall, a `poll(2)` or a sleep on a runtime thread.

use std::io;
#[cfg(unix)]
use std::io::{IoSlice, IoSliceMut};
use std::marker::PhantomData;
use std::ops::Deref;
#[cfg(unix)]
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};
#[cfg(windows)]
use std::os::windows::io::{AsRawSocket, AsSocket, BorrowedSocket, RawSocket};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};

#[cfg(unix)]
use crate::addr::UnixAddr;
#[cfg(unix)]
use crate::batch::RecvMeta;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::batch::{GroError, Segments, SegmentsError};
use crate::error::{AcceptError, ConnectError};
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
use crate::kind::UdpKind;
#[cfg(unix)]
use crate::kind::UnixKind;
use crate::kind::{
    Address, ByteStreamKind, DatagramKind, Kind, MessageKind, StreamKind, Tcp, TcpKind,
    UncoalescedKind,
};
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::kind::{Udp, UdpGro};
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::metadata::SendMeta;
use crate::sealed::KernelPhase;
use crate::socket::{Socket, from_inner};
#[cfg(unix)]
use crate::state::{Bound, CanDisconnect, CanPeek, Unbound};
use crate::state::{
    CanAccept, CanConnect, CanRead, CanRecv, CanSend, CanSendTo, CanShutdownRead, CanShutdownWrite,
    CanWrite, Connected, State,
};
use crate::sys;
use crate::sys::reactor::Registration;
#[cfg(unix)]
use crate::unix::{FdBuf, RecvFdsError};

/// A [`Socket<S, K>`] on tokio (feature `tokio`): the same states, the same rules, every
/// waiting operation an `async fn` that never blocks the runtime's thread.
///
/// Made by [`AsyncSocket::new`] inside a tokio runtime, taken apart by
/// [`into_inner`](AsyncSocket::into_inner). The options and the addresses are the blocking
/// socket's own synchronous methods, reached through [`Deref`] (they never wait); so are the
/// blocking socket's I/O methods, which here return `WouldBlock` instead of waiting: await
/// this type's methods of the same name instead.
///
/// # Platforms
///
/// Every kind on Unix, registered with tokio's `AsyncFd`. On Windows, `Tcp` and `Udp`, with
/// the methods their blocking sockets have there; tokio registers a Windows socket only
/// through its own socket types, so the socket is held in tokio's `TcpStream` or
/// `UdpSocket` (a listener too: mio registers every TCP socket alike), and each operation is
/// still the crate's syscall, run under that registration's `async_io`. A lingering close
/// on Windows runs in blocking mode: a non-blocking `closesocket` with data unsent fails with
/// `WSAEWOULDBLOCK` and leaves the socket open.
///
/// # Example
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::net::SocketAddr;
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
/// use typesock::{AsyncSocket, Socket};
///
/// let listener = Socket::tcp_v4()?
///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
///     .listen(8)?;
/// let addr = listener.local_addr()?;
/// let listener = AsyncSocket::new(listener)?;
/// let client = AsyncSocket::new(Socket::tcp_v4()?)?;
/// let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
/// let (mut server, _peer) = accepted?;
/// let mut client = client?;
/// client.write_all(b"ping").await?;
/// // The half-close is typed: a `ReadOnly` socket has no `write`.
/// let mut client = client.shutdown_write().await?;
/// let mut got = Vec::new();
/// server.read_to_end(&mut got).await?;
/// assert_eq!(got, b"ping");
/// server.write_all(b"pong").await?;
/// drop(server);
/// let mut reply = Vec::new();
/// client.read_to_end(&mut reply).await?;
/// assert_eq!(reply, b"pong");
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping a socket closes it"]
pub struct AsyncSocket<S: State, K: Kind = Tcp> {
    /// `None` only once taken apart (`into_inner`, `close`, a state change).
    io: Option<Io>,
    /// Whether `SO_LINGER` is on with a non-zero time: `close(2)` would then block, and the
    /// close moves to tokio's blocking threads.
    lingers: AtomicBool,
    _state: PhantomData<(S, K)>,
}

/// The descriptor, registered with the reactor or, for a stream socket that has not
/// connected yet, not: nothing on it is waited for until `connect`, which registers it (a
/// TCP socket registered before it connects reports `EPOLLHUP`, which tokio would keep).
enum Io {
    Registered(Registration),
    Unregistered(socket2::Socket),
}

impl Io {
    /// The socket, deregistered if it was registered (on Windows, tokio closes a socket it
    /// cannot deregister, and that is the error).
    fn into_socket(self) -> io::Result<socket2::Socket> {
        match self {
            Io::Registered(io) => io.into_socket(),
            Io::Unregistered(socket) => Ok(socket),
        }
    }
}

impl<S: State, K: Kind> AsyncSocket<S, K> {
    /// Registers `socket` with the reactor of the current tokio runtime, setting it
    /// non-blocking (`ioctl(FIONBIO)`). Options set earlier stay set: the descriptor moves,
    /// nothing is copied or reset. An `Unbound` or `Bound` stream socket and an `Unbound`
    /// datagram socket, on which nothing is waited for before `connect`, are registered by
    /// `connect`.
    ///
    /// # Errors
    ///
    /// An error of kind `Other` outside a tokio runtime (where tokio would panic), and the
    /// kernel's error if the socket cannot be made non-blocking or registered; the socket is
    /// closed then.
    pub fn new(socket: Socket<S, K>) -> io::Result<Self> {
        crate::tokio::runtime()?;
        socket.set_nonblocking(true)?;
        let lingers = lingers::<K>(socket.inner())?;
        let waits = match S::KERNEL_PHASE {
            KernelPhase::Unbound => false,
            KernelPhase::Bound => K::TYPE == socket2::Type::DGRAM,
            _ => true,
        };
        if !waits {
            return Ok(Self::with_io(
                Io::Unregistered(socket.into_inner()),
                lingers,
            ));
        }
        Ok(Self::registered(
            register::<K>(socket.into_inner())?,
            lingers,
        ))
    }

    /// Deregisters the socket and hands it back in blocking mode, in the same state.
    ///
    /// # Errors
    ///
    /// The kernel's error if blocking mode cannot be restored; the socket is closed then.
    pub fn into_inner(self) -> io::Result<Socket<S, K>> {
        let socket: Socket<S, K> = from_inner(self.take_socket()?);
        socket.set_nonblocking(false)?;
        Ok(socket)
    }

    /// The socket, for its synchronous methods (also reached through [`Deref`]).
    pub fn get_ref(&self) -> &Socket<S, K> {
        sys::view(self.socket())
    }

    /// Sets `SO_LINGER`, as [`Socket::set_linger`]; the async socket remembers it, so that a
    /// lingering close never blocks the runtime's thread (see [`close`](AsyncSocket::close)).
    ///
    /// # Errors
    ///
    /// As [`Socket::set_linger`].
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.get_ref().set_linger(linger)?;
        let on = linger.is_some_and(|time| !time.is_zero());
        self.lingers.store(on, Ordering::Relaxed);
        Ok(())
    }

    /// Closes the socket: deregisters it, then `close(2)`, reporting the kernel's error.
    ///
    /// # Errors
    ///
    /// What `close(2)` reports (`EIO` on some file systems; for a socket, rarely anything).
    /// With a non-zero `SO_LINGER` (set before or after [`new`](AsyncSocket::new)),
    /// `close(2)` blocks until the peer has the data or the time is up: that close runs on
    /// tokio's blocking threads (`spawn_blocking`), and this future waits for it without
    /// blocking the runtime's thread. Dropping the socket does the same, without waiting.
    ///
    /// Cancel safe in that the socket is closed either way: dropped before the close has
    /// run, the blocking thread still runs it.
    pub async fn close(self) -> io::Result<()> {
        let (socket, lingers) = self.take_to_close()?;
        let socket = from_inner::<S, K>(socket);
        closing(lingers, move || socket.close()).await
    }

    fn registered(io: Registration, lingers: bool) -> Self {
        Self::with_io(Io::Registered(io), lingers)
    }

    fn with_io(io: Io, lingers: bool) -> Self {
        AsyncSocket {
            io: Some(io),
            lingers: AtomicBool::new(lingers),
            _state: PhantomData,
        }
    }

    /// The registration. Every operation that waits is one of a state that is registered
    /// (connected, listening, or a datagram socket's): the types keep the others from it.
    fn io(&self) -> &Registration {
        match self.io.as_ref() {
            Some(Io::Registered(io)) => io,
            Some(Io::Unregistered(_)) => unreachable!("no operation waits before connect"),
            None => unreachable!("an AsyncSocket is taken apart only by value"),
        }
    }

    fn socket(&self) -> &socket2::Socket {
        match self.io.as_ref() {
            Some(Io::Registered(io)) => io.socket(),
            Some(Io::Unregistered(socket)) => socket,
            None => unreachable!("an AsyncSocket is taken apart only by value"),
        }
    }

    /// Takes the descriptor out; `Drop` then has nothing left to close.
    fn take_io(mut self) -> Io {
        self.io.take().expect("an AsyncSocket is taken apart once")
    }

    /// Takes the socket out, deregistered.
    fn take_socket(self) -> io::Result<socket2::Socket> {
        self.take_io().into_socket()
    }

    /// Takes the socket out to close it, deregistered, and whether it lingers (then it is
    /// ready for a close on a blocking thread: see [`ready_to_linger`]).
    fn take_to_close(self) -> io::Result<(socket2::Socket, bool)> {
        let lingers = self.lingers.load(Ordering::Relaxed);
        let socket = self.take_socket()?;
        if lingers {
            ready_to_linger(&socket);
        }
        Ok((socket, lingers))
    }

    /// The same registration, in the next state: no syscall.
    fn into_state<T: State>(self) -> AsyncSocket<T, K> {
        self.retyped()
    }

    /// The same registration, in another state or kind: no syscall.
    fn retyped<T: State, L: Kind>(self) -> AsyncSocket<T, L> {
        let lingers = self.lingers.load(Ordering::Relaxed);
        AsyncSocket::with_io(self.take_io(), lingers)
    }

    /// Runs `op` when the reactor reports `interest`, again after each `WouldBlock` (which
    /// clears the readiness): the registration sees only whether `op` would block, and `op`'s
    /// own error type comes back whole.
    async fn when_ready<R, E: WouldBlock>(
        &self,
        interest: Interest,
        mut op: impl FnMut(&Socket<S, K>) -> Result<R, E>,
    ) -> Result<R, E> {
        let socket = self.get_ref();
        let done = self.io().io(interest, || match op(socket) {
            Err(e) if e.would_block() => Err(io::ErrorKind::WouldBlock.into()),
            done => Ok(done),
        });
        done.await.unwrap_or_else(|e| Err(E::waiting(e)))
    }

    /// Polls `op` when the reactor reports `interest` (the `AsyncRead`/`AsyncWrite` body).
    fn poll_ready<R>(
        &self,
        cx: &mut Context<'_>,
        interest: Interest,
        mut op: impl FnMut(&Socket<S, K>) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        let socket = self.get_ref();
        self.io().poll_io(cx, interest, || op(socket))
    }
}

/// Registers a non-blocking socket of kind `K` with the current reactor.
fn register<K: Kind>(socket: socket2::Socket) -> io::Result<Registration> {
    Registration::new(socket, K::TYPE == socket2::Type::DGRAM)
}

/// The errors whose kind can be `WouldBlock`: the operation is waited for again.
trait WouldBlock: Sized {
    fn would_block(&self) -> bool;
    /// The reactor's error while waiting, as this error.
    fn waiting(error: io::Error) -> Self;
}

impl WouldBlock for io::Error {
    fn would_block(&self) -> bool {
        self.kind() == io::ErrorKind::WouldBlock
    }
    fn waiting(error: io::Error) -> Self {
        error
    }
}

impl WouldBlock for AcceptError {
    fn would_block(&self) -> bool {
        self.kind() == io::ErrorKind::WouldBlock
    }
    fn waiting(error: io::Error) -> Self {
        AcceptError::new(None, error)
    }
}

#[cfg(unix)]
impl WouldBlock for RecvFdsError {
    fn would_block(&self) -> bool {
        self.kind() == io::ErrorKind::WouldBlock
    }
    fn waiting(error: io::Error) -> Self {
        RecvFdsError::io(error)
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl WouldBlock for SegmentsError {
    fn would_block(&self) -> bool {
        self.kind() == io::ErrorKind::WouldBlock
    }
    fn waiting(error: io::Error) -> Self {
        SegmentsError::from_kernel(error, 0, 0)
    }
}

/// Runs `close`, a call that closes the socket, here, or on tokio's blocking threads when
/// the socket lingers (its `close(2)` may block).
async fn closing(
    lingers: bool,
    close: impl FnOnce() -> io::Result<()> + Send + 'static,
) -> io::Result<()> {
    if !lingers {
        return close();
    }
    match tokio::task::spawn_blocking(close).await {
        Ok(closed) => closed,
        Err(e) => Err(io::Error::other(e)),
    }
}

/// Prepares a lingering socket for its close on a blocking thread. On Windows that is
/// blocking mode: a non-blocking socket's lingering `closesocket` fails with
/// `WSAEWOULDBLOCK` while data is unsent, and leaves the socket open. On Unix, nothing:
/// `close(2)` lingers whatever the mode (`inet_release` ignores `O_NONBLOCK`).
fn ready_to_linger(socket: &socket2::Socket) {
    #[cfg(windows)]
    // `ioctlsocket(FIONBIO)` fails only on a handle that is no socket: nothing to close.
    let _ = socket.set_nonblocking(false);
    #[cfg(unix)]
    let _ = socket;
}

/// Whether `SO_LINGER` is on with a non-zero time (one `getsockopt`, at registration).
fn lingers<K: Kind>(socket: &socket2::Socket) -> io::Result<bool> {
    // Only TCP's close waits for `SO_LINGER` (`inet_release`; a Unix or UDP socket's close
    // never does): the other kinds skip the `getsockopt`.
    if !K::PROTOCOLS.contains(&sys::IPPROTO_TCP) {
        return Ok(false);
    }
    Ok(socket.linger()?.is_some_and(|time| !time.is_zero()))
}

/// A lingering socket is closed on tokio's blocking threads, never on the runtime's.
impl<S: State, K: Kind> Drop for AsyncSocket<S, K> {
    fn drop(&mut self) {
        let Some(io) = self.io.take() else { return };
        // Deregistered here, on the runtime's thread; closed where closing may wait.
        let Ok(socket) = io.into_socket() else { return };
        if self.lingers.load(Ordering::Relaxed) {
            ready_to_linger(&socket);
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                drop(runtime.spawn_blocking(move || drop(socket)));
            }
        }
    }
}

impl<S: State, K: Kind> Deref for AsyncSocket<S, K> {
    type Target = Socket<S, K>;

    fn deref(&self) -> &Socket<S, K> {
        self.get_ref()
    }
}

#[cfg(unix)]
impl<S: State, K: Kind> AsFd for AsyncSocket<S, K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.socket().as_fd()
    }
}

#[cfg(unix)]
impl<S: State, K: Kind> AsRawFd for AsyncSocket<S, K> {
    fn as_raw_fd(&self) -> RawFd {
        self.socket().as_raw_fd()
    }
}

#[cfg(windows)]
impl<S: State, K: Kind> AsSocket for AsyncSocket<S, K> {
    fn as_socket(&self) -> BorrowedSocket<'_> {
        self.socket().as_socket()
    }
}

#[cfg(windows)]
impl<S: State, K: Kind> AsRawSocket for AsyncSocket<S, K> {
    fn as_raw_socket(&self) -> RawSocket {
        self.socket().as_raw_socket()
    }
}

impl<S: State, K: Kind> std::fmt::Debug for AsyncSocket<S, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("AsyncSocket").field(self.get_ref()).finish()
    }
}

/// The lifecycle: accept, connect, shut down. Each keeps the registration.
impl<S: State, K: Kind> AsyncSocket<S, K> {
    /// Waits for a connection and accepts it (`accept4(2)`), as [`Socket::accept`]; the
    /// connection is registered with the same reactor.
    ///
    /// Cancel safe: a connection is taken from the queue only in the poll that returns it.
    ///
    /// # Errors
    ///
    /// As [`Socket::accept`]; or registering the connection failed (it is closed then).
    pub async fn accept(&self) -> Result<(AsyncSocket<Connected, K>, K::Addr), AcceptError>
    where
        S: CanAccept,
        K: StreamKind,
    {
        // `accept4(SOCK_NONBLOCK)`: the connection is non-blocking from its first syscall.
        let (socket, addr) = self
            .when_ready(Interest::READABLE, |socket| socket.accept_as(true))
            .await?;
        // An accepted socket inherits the listener's options, `SO_LINGER` among them.
        let lingers = self.lingers.load(Ordering::Relaxed);
        let registered =
            register::<K>(socket.into_inner()).map_err(|e| AcceptError::new(None, e))?;
        Ok((AsyncSocket::registered(registered, lingers), addr))
    }

    /// Connects, as [`Socket::connect`], without blocking: a non-blocking `connect(2)`, the
    /// reactor's writability, then `SO_ERROR` for the outcome.
    ///
    /// Not cancel safe in the sense that matters: dropping the future drops the socket
    /// (deregistered and closed), and the connect in flight with it.
    ///
    /// # Errors
    ///
    /// As [`Socket::connect`]; the socket is closed.
    pub async fn connect<A: Address<K>>(
        self,
        addr: A,
    ) -> Result<AsyncSocket<Connected, K>, ConnectError>
    where
        S: CanConnect<K>,
    {
        let name = addr.describe();
        let failed = |e: io::Error| ConnectError::new(Some(name.clone()), e);
        let lingers = self.lingers.load(Ordering::Relaxed);
        let socket: Socket<S, K> = from_inner(self.take_socket().map_err(failed)?);
        // The socket is registered here, after the `connect(2)` (a stream socket is not
        // registered before it; a connected datagram socket, connecting again, is
        // registered anew): the connect's checks and messages are the blocking connect's,
        // and it is non-blocking since `new`, so there is no second `ioctl(FIONBIO)`.
        let connecting = socket.connect_nonblocking_already(addr)?;
        let io = register::<K>(connecting.into_inner()).map_err(failed)?;
        let connecting: AsyncSocket<crate::state::Connecting, K> =
            AsyncSocket::registered(io, lingers);
        connecting.io().writable().await.map_err(failed)?;
        match connecting.get_ref().inner().take_error() {
            Ok(None) => Ok(connecting.into_state()),
            Ok(Some(e)) | Err(e) => Err(failed(e)),
        }
    }

    /// Shuts the write direction down, as [`Socket::shutdown_write`]: from `Connected`, an
    /// `AsyncSocket<ReadOnly, K>`, still registered; from `WriteOnly`, the socket is closed.
    ///
    /// Cancel safe: it does not wait.
    ///
    /// # Errors
    ///
    /// As [`Socket::shutdown_write`].
    pub async fn shutdown_write<Next>(self) -> io::Result<Next::Async>
    where
        S: CanShutdownWrite<After<K> = Next>,
        K: StreamKind,
        Next: AfterShutdown,
    {
        self.shut::<Next>(std::net::Shutdown::Write, S::shutdown_write::<K>)
            .await
    }

    /// Shuts the read direction down, as [`Socket::shutdown_read`]: from `Connected`, an
    /// `AsyncSocket<WriteOnly, K>`, still registered; from `ReadOnly`, the socket is closed.
    ///
    /// Cancel safe: it does not wait.
    ///
    /// # Errors
    ///
    /// As [`Socket::shutdown_read`].
    pub async fn shutdown_read<Next>(self) -> io::Result<Next::Async>
    where
        S: CanShutdownRead<After<K> = Next>,
        K: StreamKind,
        Next: AfterShutdown,
    {
        self.shut::<Next>(std::net::Shutdown::Read, S::shutdown_read::<K>)
            .await
    }

    /// A shutdown of one direction: of the last one, `last` (the blocking shutdown, which
    /// closes) on the closing path; otherwise `shutdown(2)` on the registered socket, which
    /// moves into the next state on the same registration.
    async fn shut<Next: AfterShutdown>(
        self,
        how: std::net::Shutdown,
        last: fn(socket2::Socket) -> io::Result<Next>,
    ) -> io::Result<Next::Async> {
        // The syscall is made on a view, so the registration outlives the descriptor on
        // every path (`AsyncFd` deregisters before it closes).
        if Next::CLOSES {
            let (socket, lingers) = self.take_to_close()?;
            return closing(lingers, move || last(socket).map(drop))
                .await
                .map(|()| Next::closed());
        }
        self.get_ref().inner().shutdown(how)?;
        Ok(Next::moved(self))
    }
}

/// What [`AsyncSocket::disconnect`] leaves: the socket, bound if it was (the async
/// [`Disconnected`](crate::Disconnected)).
#[cfg(unix)]
#[derive(Debug)]
pub enum AsyncDisconnected<K: DatagramKind> {
    /// The socket kept its local address: it sends and receives with `send_to`/`recv_from`.
    Bound(AsyncSocket<Bound, K>),
    /// The socket has no local address any more (a port the kernel picked is given back):
    /// bind it again, or connect it.
    Unbound(AsyncSocket<Unbound, K>),
}

#[cfg(unix)]
impl<S: State, K: DatagramKind> AsyncSocket<S, K> {
    /// Dissolves the association with the peer, as [`Socket::disconnect`], on the same
    /// registration.
    ///
    /// Cancel safe: it does not wait.
    ///
    /// # Errors
    ///
    /// As [`Socket::disconnect`].
    pub async fn disconnect(self) -> io::Result<AsyncDisconnected<K>>
    where
        S: CanDisconnect,
    {
        if crate::disconnect::dissolve(self.get_ref().inner())? {
            Ok(AsyncDisconnected::Bound(self.into_state()))
        } else {
            Ok(AsyncDisconnected::Unbound(self.into_state()))
        }
    }
}

/// What a shutdown leaves, on tokio: a socket in the next state, or nothing (both directions
/// shut, the socket closed).
pub trait AfterShutdown: seal::Sealed + 'static {
    /// The async counterpart: `AsyncSocket<T, K>` for `Socket<T, K>`, `()` for `()`.
    type Async;
    #[doc(hidden)]
    const CLOSES: bool;
    #[doc(hidden)]
    fn moved<S: State, K: Kind>(socket: AsyncSocket<S, K>) -> Self::Async;
    #[doc(hidden)]
    fn closed() -> Self::Async;
}

mod seal {
    /// Only the two outcomes of a shutdown are [`AfterShutdown`](super::AfterShutdown).
    pub trait Sealed {}
    impl<T: crate::State, K: crate::Kind> Sealed for crate::Socket<T, K> {}
    impl Sealed for () {}
}

impl<T: State, K: Kind> AfterShutdown for Socket<T, K> {
    type Async = AsyncSocket<T, K>;
    const CLOSES: bool = false;
    fn moved<S: State, L: Kind>(socket: AsyncSocket<S, L>) -> AsyncSocket<T, K> {
        socket.retyped()
    }
    fn closed() -> AsyncSocket<T, K> {
        unreachable!("a shutdown that leaves a socket does not close it")
    }
}

impl AfterShutdown for () {
    type Async = ();
    const CLOSES: bool = true;
    fn moved<S: State, K: Kind>(_: AsyncSocket<S, K>) {}
    fn closed() {}
}

/// Messages and datagrams.
impl<S: State, K: Kind> AsyncSocket<S, K> {
    /// Sends one message to the connected peer, as [`Socket::send`], waiting for room.
    ///
    /// Cancel safe: the message is sent whole or not at all.
    ///
    /// # Errors
    ///
    /// As [`Socket::send`].
    pub async fn send(&self, buf: &[u8]) -> io::Result<usize>
    where
        S: CanSend<K>,
        K: MessageKind,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send(buf)).await
    }

    /// Receives one message, as [`Socket::recv`], waiting for one.
    ///
    /// Cancel safe: a message is taken from the queue only in the poll that returns it.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv`].
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize>
    where
        S: CanRecv<K>,
        K: MessageKind + UncoalescedKind,
    {
        self.when_ready(Interest::READABLE, |s| s.recv(buf)).await
    }

    /// Sends one datagram to `addr`, as [`Socket::send_to`], waiting for room.
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_to`].
    pub async fn send_to<A: Address<K>>(&self, buf: &[u8], addr: A) -> io::Result<usize>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_to_addr(buf, &addr))
            .await
    }

    /// Receives one datagram and its sender, as [`Socket::recv_from`], waiting for one.
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_from`].
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, K::Addr)>
    where
        S: CanSendTo,
        K: DatagramKind + UncoalescedKind,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_from(buf))
            .await
    }

    /// Reads what is queued without taking it, as [`Socket::peek`], waiting for data.
    #[cfg(unix)]
    ///
    /// Cancel safe: nothing is taken.
    ///
    /// # Errors
    ///
    /// As [`Socket::peek`].
    pub async fn peek(&self, buf: &mut [u8]) -> io::Result<usize>
    where
        S: CanPeek<K>,
        K: UncoalescedKind,
    {
        self.when_ready(Interest::READABLE, |s| s.peek(buf)).await
    }

    /// Reads the next datagram and its sender without taking it, as [`Socket::peek_from`].
    #[cfg(unix)]
    ///
    /// Cancel safe: nothing is taken.
    ///
    /// # Errors
    ///
    /// As [`Socket::peek_from`].
    pub async fn peek_from(&self, buf: &mut [u8]) -> io::Result<(usize, K::Addr)>
    where
        S: CanSendTo,
        K: DatagramKind + UncoalescedKind,
    {
        self.when_ready(Interest::READABLE, |s| s.peek_from(buf))
            .await
    }
}

/// Descriptor passing, on the Unix kinds.
#[cfg(unix)]
impl<S: State, K: UnixKind> AsyncSocket<S, K> {
    /// Sends bytes and descriptors in one message, as [`Socket::send_with_fds`], waiting for
    /// room.
    ///
    /// Cancel safe: the message and its descriptors are sent whole or not at all.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_with_fds`].
    pub async fn send_with_fds(&self, buf: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<usize>
    where
        S: CanSend<K>,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_with_fds(buf, fds))
            .await
    }

    /// Receives bytes and the descriptors sent with them, as [`Socket::recv_with_fds`].
    ///
    /// Cancel safe: the descriptors are received in the poll that returns them, into `fds`,
    /// which owns them; a future dropped before that has received nothing.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_with_fds`].
    pub async fn recv_with_fds<const N: usize>(
        &self,
        buf: &mut [u8],
        fds: &mut FdBuf<N>,
    ) -> Result<usize, RecvFdsError>
    where
        S: CanRecv<K>,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_with_fds(buf, fds))
            .await
    }

    /// Sends one datagram with descriptors to `addr`, as [`Socket::send_to_with_fds`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_to_with_fds`].
    pub async fn send_to_with_fds<A: Address<K>>(
        &self,
        buf: &[u8],
        fds: &[BorrowedFd<'_>],
        addr: A,
    ) -> io::Result<usize>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        self.when_ready(Interest::WRITABLE, |s| {
            s.send_to_addr_with_fds(buf, fds, &addr)
        })
        .await
    }

    /// Receives one datagram, its sender and its descriptors, as
    /// [`Socket::recv_from_with_fds`].
    ///
    /// Cancel safe, as [`recv_with_fds`](AsyncSocket::recv_with_fds).
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_from_with_fds`].
    pub async fn recv_from_with_fds<const N: usize>(
        &self,
        buf: &mut [u8],
        fds: &mut FdBuf<N>,
    ) -> Result<(usize, UnixAddr), RecvFdsError>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_from_with_fds(buf, fds))
            .await
    }
}

/// Batches: several datagrams a syscall.
#[cfg(unix)]
impl<S: State, K: DatagramKind> AsyncSocket<S, K> {
    /// Sends datagrams, each to its address, as [`Socket::send_batch_to`], waiting for room.
    ///
    /// Cancel safe: the count returned is what was sent; a dropped future sent nothing.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_batch_to`].
    pub async fn send_batch_to(&self, bufs: &[IoSlice<'_>], addrs: &[K::Addr]) -> io::Result<usize>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_batch_to(bufs, addrs))
            .await
    }

    /// Receives datagrams with their senders, as [`Socket::recv_batch_from`], waiting for
    /// the first.
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_batch_from`].
    pub async fn recv_batch_from(
        &self,
        bufs: &mut [IoSliceMut<'_>],
        meta: &mut [RecvMeta<K>],
    ) -> io::Result<usize>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_batch_from(bufs, meta))
            .await
    }

    /// Sends datagrams to the connected peer, as [`Socket::send_batch`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_batch`].
    pub async fn send_batch(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize>
    where
        S: CanSend<K>,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_batch(bufs))
            .await
    }

    /// Receives datagrams from the connected peer, as [`Socket::recv_batch`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_batch`].
    pub async fn recv_batch(
        &self,
        bufs: &mut [IoSliceMut<'_>],
        meta: &mut [RecvMeta<K>],
    ) -> io::Result<usize>
    where
        S: CanRecv<K>,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_batch(bufs, meta))
            .await
    }
}

/// Receive offload on, on the same registration: an async [`UdpGro`] socket (Linux).
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State> AsyncSocket<S, Udp> {
    /// Turns receive offload on, as [`Socket::with_gro`]: one `setsockopt`, the same
    /// registration.
    ///
    /// # Errors
    ///
    /// As [`Socket::with_gro`], with this socket inside the [`GroError`].
    pub fn with_gro(self) -> Result<AsyncSocket<S, UdpGro>, GroError<Self>> {
        self.with_gro_set(true)
    }
}

/// Receive offload off again, on the same registration (Linux).
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State> AsyncSocket<S, UdpGro> {
    /// Turns receive offload off, as [`Socket::without_gro`]: one `setsockopt`, the same
    /// registration.
    ///
    /// # Errors
    ///
    /// As [`Socket::without_gro`], with this socket inside the [`GroError`].
    pub fn without_gro(self) -> Result<AsyncSocket<S, Udp>, GroError<Self>> {
        self.with_gro_set(false)
    }
}

/// UDP segmentation offload (GSO) and receive coalescing (GRO), Linux.
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State, K: UdpKind> AsyncSocket<S, K> {
    /// Sets `UDP_GRO` to `on`: the same registration as the kind `L` that says so, or the
    /// error and the socket unchanged.
    fn with_gro_set<L: UdpKind>(self, on: bool) -> Result<AsyncSocket<S, L>, GroError<Self>> {
        match sys::set_gro(self.socket(), on) {
            Ok(()) => Ok(self.retyped()),
            Err(error) => Err(GroError::new(self, error)),
        }
    }

    /// Sends `buf` as datagrams of `segment_size` bytes to `addr` in one syscall, as
    /// [`Socket::send_segments_to`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_segments_to`].
    pub async fn send_segments_to(
        &self,
        buf: &[u8],
        segment_size: u16,
        addr: std::net::SocketAddr,
    ) -> Result<usize, SegmentsError>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::WRITABLE, |s| {
            s.send_segments_to(buf, segment_size, addr)
        })
        .await
    }

    /// Receives coalesced datagrams, as [`Socket::recv_segments_from`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_segments_from`].
    pub async fn recv_segments_from(&self, buf: &mut [u8]) -> io::Result<Segments>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_segments_from(buf))
            .await
    }

    /// Sends `buf` as datagrams of `segment_size` bytes to the connected peer, as
    /// [`Socket::send_segments`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_segments`].
    pub async fn send_segments(&self, buf: &[u8], segment_size: u16) -> Result<usize, SegmentsError>
    where
        S: CanSend<K>,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_segments(buf, segment_size))
            .await
    }

    /// Receives coalesced datagrams from the connected peer, as [`Socket::recv_segments`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_segments`].
    pub async fn recv_segments(&self, buf: &mut [u8]) -> io::Result<Segments>
    where
        S: CanRecv<K>,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_segments(buf))
            .await
    }
}

/// One datagram with its metadata: the destination, traffic class and timestamp the
/// socket's options ask for, and (Linux, Android) a send from a chosen source.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
impl<S: State, K: UdpKind> AsyncSocket<S, K> {
    /// Receives one datagram and its metadata, as [`Socket::recv_from_with_meta`].
    ///
    /// Cancel safe: the datagram is taken only in the poll that returns it.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_from_with_meta`].
    pub async fn recv_from_with_meta(
        &self,
        buf: &mut [u8],
        meta: &mut RecvMeta<K>,
    ) -> io::Result<usize>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_from_with_meta(buf, meta))
            .await
    }

    /// Receives one datagram from the peer and its metadata, as
    /// [`Socket::recv_with_meta`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::recv_with_meta`].
    pub async fn recv_with_meta(&self, buf: &mut [u8], meta: &mut RecvMeta<K>) -> io::Result<usize>
    where
        S: CanRecv<K>,
    {
        self.when_ready(Interest::READABLE, |s| s.recv_with_meta(buf, meta))
            .await
    }

    /// Sends one datagram to `addr` with what `meta` asks for, as
    /// [`Socket::send_to_with_meta`], waiting for room.
    ///
    /// Cancel safe: the datagram is sent whole or not at all.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_to_with_meta`].
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub async fn send_to_with_meta(
        &self,
        buf: &[u8],
        addr: std::net::SocketAddr,
        meta: &SendMeta,
    ) -> io::Result<usize>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_to_with_meta(buf, addr, meta))
            .await
    }

    /// Sends datagrams, each to its address with its [`SendMeta`], as
    /// [`Socket::send_batch_to_with_meta`], waiting for room.
    ///
    /// Cancel safe: the count returned is what was sent; a dropped future sent nothing.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_batch_to_with_meta`].
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub async fn send_batch_to_with_meta(
        &self,
        bufs: &[IoSlice<'_>],
        addrs: &[std::net::SocketAddr],
        meta: &[SendMeta],
    ) -> io::Result<usize>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::WRITABLE, |s| {
            s.send_batch_to_with_meta(bufs, addrs, meta)
        })
        .await
    }

    /// Sends `buf` as datagrams of `segment_size` bytes to `addr` with what `meta` asks
    /// for, as [`Socket::send_segments_to_with_meta`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_segments_to_with_meta`].
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub async fn send_segments_to_with_meta(
        &self,
        buf: &[u8],
        segment_size: u16,
        addr: std::net::SocketAddr,
        meta: &SendMeta,
    ) -> Result<usize, SegmentsError>
    where
        S: CanSendTo,
    {
        self.when_ready(Interest::WRITABLE, |s| {
            s.send_segments_to_with_meta(buf, segment_size, addr, meta)
        })
        .await
    }

    /// Sends datagrams to the peer, each with its [`SendMeta`], as
    /// [`Socket::send_batch_with_meta`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_batch_with_meta`].
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub async fn send_batch_with_meta(
        &self,
        bufs: &[IoSlice<'_>],
        meta: &[SendMeta],
    ) -> io::Result<usize>
    where
        S: CanSend<K>,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_batch_with_meta(bufs, meta))
            .await
    }

    /// Sends `buf` as datagrams of `segment_size` bytes to the peer with what `meta` asks
    /// for, as [`Socket::send_segments_with_meta`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_segments_with_meta`].
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub async fn send_segments_with_meta(
        &self,
        buf: &[u8],
        segment_size: u16,
        meta: &SendMeta,
    ) -> Result<usize, SegmentsError>
    where
        S: CanSend<K>,
    {
        self.when_ready(Interest::WRITABLE, |s| {
            s.send_segments_with_meta(buf, segment_size, meta)
        })
        .await
    }

    /// Sends one datagram to the peer with what `meta` asks for, as
    /// [`Socket::send_with_meta`].
    ///
    /// Cancel safe.
    ///
    /// # Errors
    ///
    /// As [`Socket::send_with_meta`].
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub async fn send_with_meta(&self, buf: &[u8], meta: &SendMeta) -> io::Result<usize>
    where
        S: CanSend<K>,
    {
        self.when_ready(Interest::WRITABLE, |s| s.send_with_meta(buf, meta))
            .await
    }
}

/// Bytes in, on the byte-stream kinds in the states that read.
impl<S: CanRead, K: ByteStreamKind> AsyncRead for AsyncSocket<S, K> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = ready!(self.poll_ready(cx, Interest::READABLE, |s| {
            use std::io::Read;
            let mut s = s;
            s.read(buf.initialize_unfilled())
        }))?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// Bytes out, on the byte-stream kinds in the states that write. `poll_shutdown` shuts the
/// write direction down; the state stays in the type only through
/// [`shutdown_write`](AsyncSocket::shutdown_write).
impl<S: CanWrite, K: ByteStreamKind> AsyncWrite for AsyncSocket<S, K> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_ready(cx, Interest::WRITABLE, |s| {
            use std::io::Write;
            let mut s = s;
            s.write(buf)
        })
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.poll_ready(cx, Interest::WRITABLE, |s| {
            use std::io::Write;
            let mut s = s;
            s.write_vectored(bufs)
        })
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.get_ref().inner().shutdown(std::net::Shutdown::Write))
    }
}

static_assertions::assert_impl_all!(AsyncSocket<Connected, Tcp>: Send, Sync);
