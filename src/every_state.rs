//! What a socket has in every state, or nearly: its addresses, a duplicate, `close`, the
//! blocking mode and the pending error. (On the `Socket` page these follow the lifecycle.)

use std::io;

use crate::kind::Kind;
use crate::kind::address::FromSockAddr;
use crate::socket::{Socket, from_inner};
use crate::state::{CanClone, CanLocalAddr, CanPeerAddr, CanTakeError, State};
use crate::sys;

/// The addresses, a duplicate, `close`, the blocking mode and the pending error: one generic
/// block, each method bounded by the capability it needs (see [`state`](crate::state)).
impl<S: State, K: Kind> Socket<S, K> {
    /// The local address: [`getsockname(2)`].
    ///
    /// For an internet socket bound to port 0, this is where the port the kernel picked
    /// shows. A Unix client that connected without binding is [unnamed](crate::UnixAddr).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let socket = typesock::Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    /// assert_eq!(socket.local_addr()?.ip(), std::net::Ipv4Addr::LOCALHOST);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`getsockname(2)`]: https://man7.org/linux/man-pages/man2/getsockname.2.html
    pub fn local_addr(&self) -> io::Result<K::Addr>
    where
        S: CanLocalAddr,
    {
        K::Addr::from_sock_addr(&self.inner().local_addr()?)
    }

    /// The peer's address: [`getpeername(2)`].
    ///
    /// The type says the socket was connected; the peer can still end the connection on its
    /// side. After a TCP reset, or once both sides have closed, the kernel answers
    /// `NotConnected`. A Unix datagram socket whose peer has closed still reads the peer's
    /// address until a [`send`](Self::send) finds the peer gone (`ConnectionRefused`) and the
    /// kernel dissolves the connection; then it answers `NotConnected`.
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
    /// let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// assert_eq!(client.peer_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`getpeername(2)`]: https://man7.org/linux/man-pages/man2/getpeername.2.html
    pub fn peer_addr(&self) -> io::Result<K::Addr>
    where
        S: CanPeerAddr,
    {
        K::Addr::from_sock_addr(&self.inner().peer_addr()?)
    }

    /// A second handle to the same socket: `fcntl(F_DUPFD_CLOEXEC)`.
    ///
    /// Only a [`Listening`] or [`Connected`] socket can be duplicated: a socket that can
    /// still change state would leave the duplicate typed in a state the kernel no longer
    /// agrees with. Typical uses: a listener shared by accepting threads, or a connection
    /// read on one thread and written on another (`&Socket` is `Read` and `Write` too).
    ///
    /// Both handles share one kernel socket: a `shutdown_write` through one shuts the write
    /// half of both, and the other, still typed [`Connected`], then fails its writes at run
    /// time with `BrokenPipe`. Shut down through the last handle only.
    ///
    /// # What no check can see
    ///
    /// A type is a promise about one handle. A duplicate of the descriptor made outside the
    /// crate (a [`dup(2)`], a `try_clone` of a std socket, a `SockRef` or a borrowed descriptor
    /// from `AsFd`/`AsSocket` handed to other code) can change the socket's state behind the
    /// type's back: a `listen`, a `connect` or a `shutdown` made through it leaves this handle
    /// typed in a state the kernel no longer agrees with, and its calls then fail at run time.
    /// The crate itself hands out no duplicate but this one, which exists only in the states
    /// with no transition left but shutting down; keep other duplicates from changing the
    /// state, and adopt a descriptor only once. This is the one place where "if it compiles,
    /// the kernel never answers wrong state" cannot hold.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let listener = typesock::Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let second = listener.try_clone()?;
    /// assert_eq!(second.local_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Listening`]: crate::Listening
    /// [`Connected`]: crate::Connected
    /// [`dup(2)`]: https://man7.org/linux/man-pages/man2/dup.2.html
    pub fn try_clone(&self) -> io::Result<Self>
    where
        S: CanClone,
    {
        self.inner().try_clone().map(from_inner)
    }

    /// Closes the socket: [`close(2)`], reporting what it reported.
    ///
    /// Dropping a socket closes it too, silently. `close` is for the callers who want to
    /// know: on Linux the descriptor is released even when `close` reports an error (`EINTR`
    /// included), so the error is information, never a reason to call it again.
    ///
    /// # Example
    ///
    /// ```
    /// typesock::Socket::tcp_v4()?.close()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`close(2)`]: https://man7.org/linux/man-pages/man2/close.2.html
    pub fn close(self) -> io::Result<()> {
        sys::close(self.into_inner().into())
    }

    /// Sets or clears `O_NONBLOCK`: every call on the socket then returns `WouldBlock`
    /// instead of waiting. The state stays a runtime setting, not a type.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let listener = typesock::Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// listener.set_nonblocking(true)?;
    /// let err = listener.accept().unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_nonblocking(&self, nonblocking: bool) -> io::Result<()> {
        // One `ioctl(FIONBIO)`, as std does, where socket2 would read and write the flags
        // with two `fcntl(2)` calls.
        sys::set_nonblocking(self.inner(), nonblocking)
    }

    /// Takes the pending socket error, `SO_ERROR`, clearing it.
    ///
    /// Not on a [`Connecting`](crate::Connecting) socket: there, the pending error is the
    /// outcome of the connect, which [`finish`](Socket::finish) and [`wait`](Socket::wait)
    /// read; taking it first would turn a refused connect into a success or a reset.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// assert!(socket.take_error()?.is_none());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn take_error(&self) -> io::Result<Option<io::Error>>
    where
        S: CanTakeError,
    {
        self.inner().take_error()
    }
}
