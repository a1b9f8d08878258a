//! Half-close: shutting one direction of a connected stream socket down, into the states
//! [`ReadOnly`] and [`WriteOnly`].

use std::io;
use std::net::Shutdown;

use crate::kind::{Kind, StreamKind};
use crate::socket::{Socket, from_inner};
use crate::state::{CanShutdownRead, CanShutdownWrite, Connected, ReadOnly, State, WriteOnly};

/// Shutting a direction down: [`shutdown(2)`].
///
/// [`shutdown(2)`]: https://man7.org/linux/man-pages/man2/shutdown.2.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Shuts the write direction down: [`shutdown(2)`] with `SHUT_WR`. The peer reads the end of
    /// the stream (`read` returns 0) once it has read everything sent before.
    ///
    /// What comes back depends on the state (the rule table's `shutdown_write` row):
    ///
    /// | from | returns | |
    /// | --- | --- | --- |
    /// | [`Connected`] | `Socket<ReadOnly, K>` | this side can still read what the peer sends |
    /// | [`WriteOnly`] | `()` | the last direction: the socket is closed too (`close(2)`) |
    ///
    /// The usual client move once a whole request is sent (HTTP/1.0, an echo client): the
    /// returned [`ReadOnly`] socket reads and does not write.
    ///
    /// # Errors
    ///
    /// What `shutdown(2)` reports, such as `NotConnected` when the peer has already reset the
    /// connection; the socket is closed. From `WriteOnly`, the first error of `shutdown(2)`
    /// and `close(2)`; the descriptor is released either way, and a connection both sides
    /// have ended already (`ENOTCONN`) is no error: the direction is shut either way.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{ReadOnly, Socket};
    ///
    /// let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let listener = Socket::tcp_v4()?.bind(addr)?.listen(8)?;
    /// let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// let (mut server, _) = listener.accept()?;
    ///
    /// client.write_all(b"all of the request")?;
    /// let mut client: Socket<ReadOnly> = client.shutdown_write()?;
    ///
    /// // The server reads to the end of the stream, then answers.
    /// let mut request = Vec::new();
    /// server.read_to_end(&mut request)?;
    /// server.write_all(b"done")?;
    /// drop(server);
    ///
    /// let mut reply = String::new();
    /// client.read_to_string(&mut reply)?;
    /// assert_eq!(request, b"all of the request");
    /// assert_eq!(reply, "done");
    ///
    /// // Both directions shut down, one at a time: the second closes the socket.
    /// let other = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// other.shutdown_read()?.shutdown_write()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`shutdown(2)`]: https://man7.org/linux/man-pages/man2/shutdown.2.html
    #[must_use = "from `Connected`, the read-only socket is returned, not kept in place"]
    pub fn shutdown_write<Next>(self) -> io::Result<Next>
    where
        S: CanShutdownWrite<After<K> = Next>,
        K: StreamKind,
    {
        S::shutdown_write::<K>(self.into_inner())
    }

    /// Shuts the read direction down: [`shutdown(2)`] with `SHUT_RD`. This side reads no more.
    ///
    /// What comes back depends on the state (the rule table's `shutdown_read` row):
    ///
    /// | from | returns | |
    /// | --- | --- | --- |
    /// | [`Connected`] | `Socket<WriteOnly, K>` | this side can still write |
    /// | [`ReadOnly`] | `()` | the last direction: the socket is closed too (`close(2)`) |
    ///
    /// What the peer sees depends on the kind. Over TCP it is not told: Linux keeps taking
    /// what it sends into this socket's receive queue, which nothing reads, until the
    /// window closes; then the peer's writes block (or answer `WouldBlock`). Measured on
    /// loopback: the peer blocked after 4.2 MB, 128,000 bytes in the queue. A peer that must
    /// not hang needs a write timeout, or this side closes the socket (a reset). Over a Unix
    /// stream socket the peer's writes fail with `BrokenPipe`.
    ///
    /// # Errors
    ///
    /// What `shutdown(2)` reports; the socket is closed. From `ReadOnly`, the first error of
    /// `shutdown(2)` and `close(2)`, as for [`shutdown_write`](Self::shutdown_write).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let listener = Socket::tcp_v4()?.bind(addr)?.listen(8)?;
    /// let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// let (mut server, _) = listener.accept()?;
    ///
    /// let mut client = client.shutdown_read()?;
    /// client.write_all(b"one way")?;
    /// let mut buf = [0; 7];
    /// server.read_exact(&mut buf)?;
    ///
    /// // The last direction: the socket is closed.
    /// client.shutdown_write()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`shutdown(2)`]: https://man7.org/linux/man-pages/man2/shutdown.2.html
    #[must_use = "from `Connected`, the write-only socket is returned, not kept in place"]
    pub fn shutdown_read<Next>(self) -> io::Result<Next>
    where
        S: CanShutdownRead<After<K> = Next>,
        K: StreamKind,
    {
        S::shutdown_read::<K>(self.into_inner())
    }
}

// The states a direction can be shut down in, and what each becomes: the rule table's
// `shutdown_write` and `shutdown_read` rows (`src/state/rules.rs`).

#[diagnostic::do_not_recommend]
impl CanShutdownWrite for Connected {
    type After<K: StreamKind> = Socket<ReadOnly, K>;

    fn shutdown_write<K: StreamKind>(socket: socket2::Socket) -> io::Result<Socket<ReadOnly, K>> {
        shutdown_one(socket, Shutdown::Write)
    }
}

#[diagnostic::do_not_recommend]
impl CanShutdownWrite for WriteOnly {
    type After<K: StreamKind> = ();

    fn shutdown_write<K: StreamKind>(socket: socket2::Socket) -> io::Result<()> {
        shutdown_last::<Self, K>(socket, Shutdown::Write)
    }
}

#[diagnostic::do_not_recommend]
impl CanShutdownRead for Connected {
    type After<K: StreamKind> = Socket<WriteOnly, K>;

    fn shutdown_read<K: StreamKind>(socket: socket2::Socket) -> io::Result<Socket<WriteOnly, K>> {
        shutdown_one(socket, Shutdown::Read)
    }
}

#[diagnostic::do_not_recommend]
impl CanShutdownRead for ReadOnly {
    type After<K: StreamKind> = ();

    fn shutdown_read<K: StreamKind>(socket: socket2::Socket) -> io::Result<()> {
        shutdown_last::<Self, K>(socket, Shutdown::Read)
    }
}

/// Shuts one direction of a connected socket down: the socket, in the state `T` that is left.
fn shutdown_one<T: State, K: StreamKind>(
    socket: socket2::Socket,
    how: Shutdown,
) -> io::Result<Socket<T, K>> {
    socket.shutdown(how)?;
    Ok(from_inner(socket))
}

/// Shuts the last open direction down, taking `ENOTCONN` (the connection has ended on both
/// sides already) as done, then closes the socket (of state `S`): the first error of the two.
fn shutdown_last<S: State, K: StreamKind>(
    socket: socket2::Socket,
    how: Shutdown,
) -> io::Result<()> {
    let shut = match socket.shutdown(how) {
        Err(e) if crate::sys::is_not_connected(&e) => Ok(()),
        other => other,
    };
    let closed = from_inner::<S, K>(socket).close();
    shut.and(closed)
}
