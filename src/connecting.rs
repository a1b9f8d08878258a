//! Connecting: [`Socket::connect`], [`Socket::connect_timeout`], the non-blocking connect
//! ([`Socket::connect_nonblocking`] into [`Connecting`], then [`Socket::finish`] or
//! [`Socket::wait`]), a datagram socket's re-connect, and the
//! waiting they share. (A datagram socket's `disconnect` is in `disconnect.rs`.)
//!
//! # Waiting, one rule for every call
//!
//! - An internet socket's connect is in flight after `EINPROGRESS` (a non-blocking socket) or
//!   `EINTR` (a signal): it is waited for with `poll(2)` and its outcome read with
//!   `getsockopt(SO_ERROR)`, never retried into `EALREADY` or `EISCONN`.
//! - A Unix socket's connect is never in flight: it succeeds, fails, or (Linux) finds the
//!   listener's queue full. A blocking Unix connect then waits for room, bounded by
//!   `SO_SNDTIMEO` (`net/unix/af_unix.c`, `unix_stream_connect`), so that is how typesock
//!   waits: in blocking mode, with `SO_SNDTIMEO` set to the time that is left, both restored
//!   afterwards.
//! - A deadline of `Duration::MAX` (or any time past what `Instant` holds) is "no deadline".

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use socket2::{Domain, SockAddr};

use crate::error::{ConnectError, FinishError};
use crate::kind::address::FromSockAddr;
use crate::kind::{Address, Kind};
use crate::socket::{Socket, destination};
use crate::state::{CanConnect, CanFinish, Connected, Connecting, State};
use crate::sys;

impl<S: State, K: Kind> Socket<S, K> {
    /// Connects to `addr`: [`connect(2)`], waiting until the connection is made or refused.
    ///
    /// Works from [`Unbound`](crate::Unbound) (the kernel picks the local address) and from
    /// [`Bound`](crate::Bound) (the socket keeps the address it was bound to: bind-before-connect).
    /// A connected datagram socket may connect again, to another peer (connect(2): "Datagram
    /// sockets may use connect() multiple times to change their association"); measured on Linux,
    /// it keeps its local port. A stream socket connects once.
    ///
    /// Waiting means waiting, whatever the socket's mode. On a socket set non-blocking,
    /// `EINPROGRESS` is not a failure: `connect` waits for the outcome with [`poll(2)`] and
    /// reads it with `getsockopt(SO_ERROR)`. A connect interrupted by a signal goes on in the
    /// kernel, so it is waited for the same way, never retried into `EALREADY` or `EISCONN`.
    /// A Unix stream socket whose listener's queue is full waits for room (on Linux; the BSDs
    /// and macOS refuse at once), also when it was set non-blocking.
    ///
    /// # Errors
    ///
    /// A [`ConnectError`] that names the address; the socket is closed, since POSIX leaves
    /// its state unspecified. `ConnectionRefused` when nothing listens there; `InvalidInput`
    /// for an address of the other family or an unnamed Unix address (which names no
    /// socket).
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
    ///
    /// // A bound socket that never listens refuses connections.
    /// let unlistened = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    /// let err = Socket::tcp_v4()?.connect(unlistened.local_addr()?).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
    /// assert!(err.to_string().starts_with("connect to 127.0.0.1:"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    /// [`poll(2)`]: https://man7.org/linux/man-pages/man2/poll.2.html
    #[must_use = "the connected socket is returned, not kept in place; dropping it closes it"]
    pub fn connect<A: Address<K>>(self, addr: A) -> Result<Socket<Connected, K>, ConnectError>
    where
        S: CanConnect<K>,
    {
        if let Some(inet) = addr.as_inet() {
            // The internet fast path: the address on the stack (see the platform layer).
            let outcome = match sys::connect_inet(self.inner(), inet) {
                Ok(()) => Ok(()),
                Err(e) => self.connect_inet_failed(inet, e),
            };
            return match outcome {
                Ok(()) => Ok(self.into_state()),
                Err(e) => Err(ConnectError::new(Some(addr.describe()), e)),
            };
        }
        self.connect_with(addr, |socket, target| socket.connect_sys(target, None))
    }

    /// The rest of an internet `connect` whose `connect(2)` did not succeed at once: as
    /// [`connect_sys`](Self::connect_sys), a connect in flight (`EINPROGRESS`, `EINTR`) is
    /// waited for, and an address of the other family explained.
    #[cold]
    fn connect_inet_failed(&self, inet: &SocketAddr, e: io::Error) -> io::Result<()> {
        let target = SockAddr::from(*inet);
        if sys::is_in_progress(&e) || e.kind() == io::ErrorKind::Interrupted {
            return self
                .wait_connected(None)
                .map_err(|e| self.explain_family(&target, e));
        }
        Err(self.explain_family(&target, e))
    }

    /// Connects to `addr`, giving up after `timeout`.
    ///
    /// An internet socket is made non-blocking for the wait (`fcntl(F_GETFL)`, then
    /// `ioctl(FIONBIO)`), [`connect(2)`] starts the connection, [`poll(2)`] waits for it and
    /// `getsockopt(SO_ERROR)` reads its outcome; the socket's mode is restored. A Unix socket
    /// waits in a blocking `connect(2)` bounded by `SO_SNDTIMEO`, which is set for the wait
    /// and restored. Those are the only calls added to `connect`.
    ///
    /// The timeout is honoured to the millisecond (the microsecond for a Unix socket); a
    /// signal that interrupts the wait resumes it for the time that is left. A timeout too
    /// long for a deadline (`Duration::MAX`) waits as long as the connect takes.
    ///
    /// # Errors
    ///
    /// As [`connect`](Self::connect), plus `TimedOut` when `timeout` passes first (the
    /// message names the address) and `InvalidInput` for a zero timeout. The socket is
    /// closed.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let client = Socket::tcp_v4()?
    ///     .connect_timeout(listener.local_addr()?, Duration::from_secs(5))?;
    /// assert_eq!(client.peer_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    /// [`poll(2)`]: https://man7.org/linux/man-pages/man2/poll.2.html
    #[must_use = "the connected socket is returned, not kept in place; dropping it closes it"]
    pub fn connect_timeout<A: Address<K>>(
        self,
        addr: A,
        timeout: Duration,
    ) -> Result<Socket<Connected, K>, ConnectError>
    where
        S: CanConnect<K>,
    {
        if timeout.is_zero() {
            let zero = io::Error::new(
                io::ErrorKind::InvalidInput,
                "connect_timeout needs a timeout longer than zero",
            );
            return Err(ConnectError::new(Some(addr.describe()), zero));
        }
        let deadline = Instant::now().checked_add(timeout);
        self.connect_with(addr, |socket, target| {
            socket.connect_timeout_sys(target, deadline)
        })
    }

    /// Starts connecting to `addr` without waiting: the socket is made non-blocking
    /// (`ioctl(FIONBIO)`) and [`connect(2)`] returns at once, `EINPROGRESS` meaning "under
    /// way". The [`Connecting`] socket that comes back says so in its type.
    ///
    /// Register it with any event loop through `AsFd` for writability, then call
    /// [`finish`](Socket::finish); or block on it with [`wait`](Socket::wait).
    ///
    /// **The mode, one rule:** the socket is non-blocking from here on. `finish` and `wait`
    /// leave it so, as event loops want it; a program that goes on with blocking reads calls
    /// [`set_nonblocking(false)`](Socket::set_nonblocking) once connected.
    ///
    /// # Errors
    ///
    /// A [`ConnectError`] naming the address when the kernel refuses at once (an address of
    /// the wrong family, nothing listening on a Unix path); the socket is closed. A Unix
    /// socket's connect is never left in flight: if the listener's queue is full, the
    /// error is `WouldBlock` and says so; [`connect_timeout`](Self::connect_timeout) waits
    /// for room instead.
    ///
    /// # Example
    ///
    /// An event loop's turn: wait until the socket is writable, then `finish`. (The wait is
    /// a [`poll(2)`] here, hidden; a real program registers the socket with its event loop.)
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{FinishError, Socket};
    /// # use std::os::fd::AsRawFd;
    /// # // The event loop's wait for writability: `poll(2)`, at most 5 s.
    /// # fn wait_writable(socket: &impl AsRawFd) {
    /// #     let fd = socket.as_raw_fd();
    /// #     let mut pollfd = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
    /// #     // SAFETY: one valid pollfd.
    /// #     let ready = unsafe { libc::poll(&mut pollfd, 1, 5000) };
    /// #     assert_eq!(ready, 1, "not writable within 5 s");
    /// # }
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let mut connecting = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
    ///
    /// let connected = loop {
    ///     wait_writable(&connecting);
    ///     match connecting.finish() {
    ///         Ok(connected) => break connected,
    ///         Err(FinishError::InProgress(still)) => connecting = still,
    ///         Err(e) => return Err(e.into()),
    ///     }
    /// };
    /// assert_eq!(connected.peer_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    /// [`poll(2)`]: https://man7.org/linux/man-pages/man2/poll.2.html
    #[must_use = "the connecting socket is returned, not kept in place; dropping it closes it"]
    pub fn connect_nonblocking<A: Address<K>>(
        self,
        addr: A,
    ) -> Result<Socket<Connecting, K>, ConnectError>
    where
        S: CanConnect<K>,
    {
        self.connect_with(addr, |socket, target| {
            socket.set_nonblocking(true)?;
            socket.connect_in_flight(target)
        })
    }

    /// `connect_nonblocking` of a socket that is non-blocking already (an async socket's):
    /// the same checks and errors, without the `ioctl(FIONBIO)`.
    #[cfg(feature = "tokio")]
    pub(crate) fn connect_nonblocking_already<A: Address<K>>(
        self,
        addr: A,
    ) -> Result<Socket<Connecting, K>, ConnectError>
    where
        S: CanConnect<K>,
    {
        self.connect_with(addr, |socket, target| socket.connect_in_flight(target))
    }

    /// One `connect(2)` on a non-blocking socket, left in flight (`EINPROGRESS` is success).
    fn connect_in_flight(&self, target: &SockAddr) -> io::Result<()> {
        match self.inner().connect(target) {
            Ok(()) => Ok(()),
            Err(e) if sys::is_in_progress(&e) => Ok(()),
            Err(e) if target.is_unix() && e.kind() == io::ErrorKind::WouldBlock => {
                Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "the listener's queue is full, and a Unix connect is never left in flight: \
                     `connect` and `connect_timeout` wait for room",
                ))
            }
            Err(e) => Err(e),
        }
    }

    /// What every connect shares: the destination checked, `how` run on it, an address of
    /// the other family explained, and the socket moved into its next state or closed inside
    /// a [`ConnectError`] that names the address.
    fn connect_with<A: Address<K>, T: State>(
        self,
        addr: A,
        how: impl FnOnce(&Self, &SockAddr) -> io::Result<()>,
    ) -> Result<Socket<T, K>, ConnectError> {
        let result = destination(&addr)
            .and_then(|target| how(&self, &target).map_err(|e| self.explain_family(&target, e)));
        match result {
            Ok(()) => Ok(self.into_state()),
            Err(e) => Err(ConnectError::new(Some(addr.describe()), e)),
        }
    }

    /// `connect(2)`, then the wait for a connection in flight, until `deadline` (`None`:
    /// as long as it takes).
    fn connect_sys(&self, target: &SockAddr, deadline: Option<Instant>) -> io::Result<()> {
        loop {
            match self.inner().connect(target) {
                Ok(()) => return Ok(()),
                Err(e) if target.is_unix() => match e.kind() {
                    // Not in flight: the connect can be made again.
                    io::ErrorKind::Interrupted => continue,
                    // The listener's queue is full and the socket is non-blocking.
                    io::ErrorKind::WouldBlock => {
                        return self.connect_unix_waiting(target, deadline);
                    }
                    _ => return Err(e),
                },
                // An internet socket's connect is in flight: only waiting for it is right.
                Err(e) if sys::is_in_progress(&e) || e.kind() == io::ErrorKind::Interrupted => {
                    return self.wait_connected(deadline);
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn connect_timeout_sys(&self, target: &SockAddr, deadline: Option<Instant>) -> io::Result<()> {
        if target.is_unix() {
            return self.connect_unix_waiting(target, deadline);
        }
        let fd = self.inner();
        let was_nonblocking = sys::is_nonblocking(fd)?;
        if !was_nonblocking {
            sys::set_nonblocking(fd, true)?;
        }
        let result = self.connect_sys(target, deadline);
        if !was_nonblocking {
            // The connect's outcome matters more than a failure to restore the mode, and a
            // failed connect closes the socket anyway.
            return result.and(sys::set_nonblocking(fd, false));
        }
        result
    }

    /// A Unix connect that waits for room in the listener's queue: in blocking mode, with
    /// `SO_SNDTIMEO` bounding each try by the time left; the mode and the timeout the socket
    /// had are restored.
    fn connect_unix_waiting(&self, target: &SockAddr, deadline: Option<Instant>) -> io::Result<()> {
        let fd = self.inner();
        let was_nonblocking = sys::is_nonblocking(fd)?;
        let saved_timeout = match deadline {
            Some(_) => Some(self.inner().write_timeout()?),
            None => None,
        };
        if was_nonblocking {
            sys::set_nonblocking(fd, false)?;
        }
        let result = loop {
            if let Some(deadline) = deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break Err(timed_out());
                }
                let left = crate::options::round_up(left, sys::TIMEOUT_UNIT);
                if let Err(e) = self.inner().set_write_timeout(Some(left)) {
                    break Err(e);
                }
            }
            match self.inner().connect(target) {
                Ok(()) => break Ok(()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // `SO_SNDTIMEO` ran out: the loop's check of the deadline decides.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && deadline.is_some() => continue,
                Err(e) => break Err(e),
            }
        };
        let mut restored = Ok(());
        if let Some(saved) = saved_timeout {
            restored = self.inner().set_write_timeout(saved);
        }
        if was_nonblocking {
            restored = restored.and(sys::set_nonblocking(fd, true));
        }
        result.and(restored)
    }

    /// Waits for a connection in flight to finish: `poll(2)` for writability until
    /// `deadline`, then `getsockopt(SO_ERROR)` for its outcome.
    fn wait_connected(&self, deadline: Option<Instant>) -> io::Result<()> {
        match sys::poll_writable(self.inner(), deadline)? {
            Some(writable) => self.connect_outcome(writable),
            None => Err(timed_out()),
        }
    }

    /// The outcome of a connect whose socket polled writable: `getsockopt(SO_ERROR)`.
    pub(crate) fn connect_outcome(&self, writable: sys::Writable) -> io::Result<()> {
        match self.inner().take_error()? {
            Some(e) => Err(e),
            None if writable.hang_up() => Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "the connection was closed while it was being made",
            )),
            None => Ok(()),
        }
    }
}

impl<S: State, K: Kind> Socket<S, K> {
    /// Finishes a connect in flight, without waiting: a [`poll(2)`] that does not block tells
    /// whether the socket is writable, and `getsockopt(SO_ERROR)` tells the outcome.
    ///
    /// Call it when the event loop reports the socket writable (calling it earlier is safe:
    /// it hands the socket back). The connected socket stays non-blocking (the rule is on
    /// [`connect_nonblocking`](Socket::connect_nonblocking)).
    ///
    /// A Unix socket's connect is never in flight (`connect_nonblocking` returns once
    /// `connect(2)` has connected): `finish` and `wait` return it `Connected` at once, with
    /// no syscall, writable or not (a datagram socket whose peer's queue is full is
    /// connected, and not writable until the peer reads).
    ///
    /// # Errors
    ///
    /// [`FinishError::InProgress`] (`WouldBlock`) with the socket, still [`Connecting`], if
    /// the connect has not finished; [`FinishError::Failed`] if it failed
    /// (`ConnectionRefused`, ...), the socket closed. On Linux the error names the address,
    /// read with `getsockopt(SO_PEERNAME)`.
    ///
    /// [`poll(2)`]: https://man7.org/linux/man-pages/man2/poll.2.html
    pub fn finish(self) -> Result<Socket<Connected, K>, FinishError<K>>
    where
        S: CanFinish,
    {
        if Self::never_in_flight() {
            return Ok(self.into_state());
        }
        match sys::poll_writable(self.inner(), Some(Instant::now())) {
            Ok(None) => Err(FinishError::InProgress(self.into_state())),
            Ok(Some(writable)) => {
                let outcome = self.connect_outcome(writable);
                self.settle(outcome)
            }
            Err(e) => self.settle(Err(e)),
        }
    }

    /// Waits for the connect in flight to finish: [`poll(2)`] for writability, at most
    /// `timeout` (`None`, or a duration too long for a deadline such as `Duration::MAX`: as
    /// long as it takes), then `getsockopt(SO_ERROR)`.
    ///
    /// The connected socket stays non-blocking, as `finish` leaves it (the rule is on
    /// [`connect_nonblocking`](Socket::connect_nonblocking)). A Unix socket is connected
    /// already: `wait` returns it at once, as [`finish`](Socket::finish) does.
    ///
    /// # Errors
    ///
    /// [`FinishError::TimedOut`] (`TimedOut`, naming the address where the kernel tells it)
    /// if `timeout` passed first, with the socket back to wait again or drop;
    /// [`FinishError::Failed`] as for [`finish`](Socket::finish).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let connecting = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
    /// let mut connected = connecting.wait(Some(Duration::from_secs(5)))?;
    /// assert_eq!(connected.peer_addr()?, listener.local_addr()?);
    ///
    /// // Still non-blocking: back to blocking reads in one call.
    /// connected.set_nonblocking(false)?;
    /// let (mut server, _) = listener.accept()?;
    /// server.write_all(b"hi")?;
    /// let mut buf = [0; 2];
    /// connected.read_exact(&mut buf)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`poll(2)`]: https://man7.org/linux/man-pages/man2/poll.2.html
    pub fn wait(self, timeout: Option<Duration>) -> Result<Socket<Connected, K>, FinishError<K>>
    where
        S: CanFinish,
    {
        if Self::never_in_flight() {
            return Ok(self.into_state());
        }
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        match sys::poll_writable(self.inner(), deadline) {
            Ok(None) => Err(FinishError::TimedOut {
                addr: self.destination_name(),
                timeout: timeout.unwrap_or(Duration::MAX),
                socket: self.into_state(),
            }),
            Ok(Some(writable)) => {
                let outcome = self.connect_outcome(writable);
                self.settle(outcome)
            }
            Err(e) => self.settle(Err(e)),
        }
    }

    /// Whether the kind's connect is never left in flight: a Unix socket's `connect(2)`
    /// connects or fails before it returns (a full listener's queue is an error of
    /// `connect_nonblocking`), so a `Connecting` Unix socket is connected already. Its
    /// writability says nothing of the connect: a datagram socket whose peer's queue is full
    /// is connected and not writable.
    fn never_in_flight() -> bool {
        K::FAMILIES == [Domain::UNIX]
    }

    fn settle(self, outcome: io::Result<()>) -> Result<Socket<Connected, K>, FinishError<K>> {
        match outcome {
            Ok(()) => Ok(self.into_state()),
            Err(e) => Err(FinishError::Failed(ConnectError::new(
                self.destination_name(),
                e,
            ))),
        }
    }

    /// Where the connect is going, as messages show it, where the kernel tells it.
    #[cold]
    fn destination_name(&self) -> Option<String> {
        let addr = sys::destination_in_flight(self.inner())?;
        K::Addr::from_sock_addr(&addr).ok().map(|a| a.to_string())
    }
}

fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "connection timed out")
}
