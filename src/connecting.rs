//! The non-blocking connect: [`Socket::connect_nonblocking`] starts it into the typed state
//! [`Connecting`], an event loop waits for writability through `AsFd`, and
//! [`Socket::finish`] turns it into [`Connected`] or an error.

use std::time::{Duration, Instant};

use crate::error::{ConnectError, FinishError};
use crate::kind::{Address, Kind};
use crate::socket::{Socket, destination};
use crate::state::{CanConnect, Connected, Connecting, State};

impl<S: State, K: Kind> Socket<S, K> {
    /// Starts connecting to `addr` without waiting: the socket is made non-blocking
    /// (`ioctl(FIONBIO)`) and [`connect(2)`] returns at once, `EINPROGRESS` meaning "under
    /// way". The [`Connecting`] socket that comes back says so in its type.
    ///
    /// Register it with any event loop through [`AsFd`](std::os::fd::AsFd) for writability,
    /// then call [`finish`](Socket::finish); or block on it with [`wait`](Socket::wait). The
    /// socket stays non-blocking once connected, as event loops want it.
    ///
    /// # Errors
    ///
    /// A [`ConnectError`] naming the address when the kernel refuses at once (an address of
    /// the wrong family, a Unix socket whose listener's queue is full: `WouldBlock`); the
    /// socket is closed.
    ///
    /// # Example
    ///
    /// Waiting with `poll(2)`, as an event loop would:
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::os::fd::AsRawFd;
    /// use typesock::{FinishError, Socket};
    ///
    /// let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    /// let mut connecting = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
    ///
    /// // An event loop's wait for writability, here at most 10 times 500 ms.
    /// let mut polls = 0;
    /// let connected = loop {
    ///     let mut pollfd = libc::pollfd { fd: connecting.as_raw_fd(), events: libc::POLLOUT, revents: 0 };
    ///     // SAFETY: one valid pollfd.
    ///     unsafe { libc::poll(&mut pollfd, 1, 500) };
    ///     polls += 1;
    ///     match connecting.finish() {
    ///         Ok(connected) => break connected,
    ///         Err(FinishError::InProgress(still)) if polls < 10 => connecting = still,
    ///         Err(e) => return Err(e.into()),
    ///     }
    /// };
    /// assert_eq!(connected.peer_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    #[must_use = "the connecting socket is returned, not kept in place; dropping it closes it"]
    pub fn connect_nonblocking<A: Address<K>>(
        self,
        addr: A,
    ) -> Result<Socket<Connecting, K>, ConnectError>
    where
        S: CanConnect,
    {
        let started = destination(&addr).and_then(|target| {
            self.set_nonblocking(true)?;
            match self.inner().connect(&target) {
                Err(e) if e.raw_os_error() != Some(libc::EINPROGRESS) => {
                    Err(self.explain_family(&target, e))
                }
                _ => Ok(()),
            }
        });
        match started {
            Ok(()) => Ok(self.into_state()),
            Err(e) => Err(ConnectError::new(Some(addr.describe()), e)),
        }
    }
}

impl<K: Kind> Socket<Connecting, K> {
    /// Finishes a connect in flight, without waiting: a `poll(2)` that does not block tells
    /// whether the socket is writable, and `getsockopt(SO_ERROR)` tells the outcome.
    ///
    /// Call it when the event loop reports the socket writable (calling it earlier is safe:
    /// it hands the socket back).
    ///
    /// # Errors
    ///
    /// [`FinishError::InProgress`] with the socket, still [`Connecting`], if the connect has
    /// not finished; [`FinishError::Failed`] if it failed (`ConnectionRefused`, ...), the
    /// socket closed.
    pub fn finish(self) -> Result<Socket<Connected, K>, FinishError<K>> {
        self.finish_by(Some(Instant::now()))
    }

    /// Waits for the connect in flight to finish: `poll(2)` for writability, at most
    /// `timeout` (`None`: as long as it takes), then `getsockopt(SO_ERROR)`.
    ///
    /// # Errors
    ///
    /// As [`finish`](Socket::finish): [`FinishError::InProgress`] if `timeout` passed first,
    /// with the socket back to wait again or drop.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    /// let connecting = Socket::tcp_v4()?.connect_nonblocking(listener.local_addr()?)?;
    /// let connected = connecting.wait(Some(Duration::from_secs(5)))?;
    /// assert_eq!(connected.peer_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait(self, timeout: Option<Duration>) -> Result<Socket<Connected, K>, FinishError<K>> {
        self.finish_by(timeout.map(|t| Instant::now() + t))
    }

    fn finish_by(self, deadline: Option<Instant>) -> Result<Socket<Connected, K>, FinishError<K>> {
        let outcome = match self.poll_writable(deadline) {
            Ok(None) => return Err(FinishError::InProgress(self)),
            Ok(Some(revents)) => self.connect_outcome(revents),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => Ok(self.into_state()),
            Err(e) => Err(FinishError::Failed(ConnectError::new(None, e))),
        }
    }
}
