//! Half-close: shutting one direction of a connected stream socket down, into the states
//! [`ReadOnly`] and [`WriteOnly`].

use std::io;
use std::net::Shutdown;

use crate::kind::StreamKind;
use crate::socket::Socket;
use crate::state::{Connected, ReadOnly, WriteOnly};

/// Shutting a direction down: [`shutdown(2)`].
///
/// [`shutdown(2)`]: https://man7.org/linux/man-pages/man2/shutdown.2.html
impl<K: StreamKind> Socket<Connected, K> {
    /// Shuts the write half down: [`shutdown(2)`] with `SHUT_WR`. The peer reads the end of the
    /// stream (`read` returns 0) once it has read everything sent before; this side can still
    /// read what the peer sends.
    ///
    /// The usual client move once a whole request is sent (HTTP/1.0, an echo client): the
    /// returned [`ReadOnly`] socket implements `Read` and not `Write`.
    ///
    /// # Errors
    ///
    /// What `shutdown(2)` reports, such as `NotConnected` when the peer has already reset the
    /// connection; the socket is closed.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{ReadOnly, Socket};
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`shutdown(2)`]: https://man7.org/linux/man-pages/man2/shutdown.2.html
    #[must_use = "the read-only socket is returned, not kept in place; dropping it closes it"]
    pub fn shutdown_write(self) -> io::Result<Socket<ReadOnly, K>> {
        self.inner().shutdown(Shutdown::Write)?;
        Ok(self.into_state())
    }

    /// Shuts the read half down: [`shutdown(2)`] with `SHUT_RD`. This side reads no more; the
    /// returned [`WriteOnly`] socket implements `Write` and not `Read`.
    ///
    /// What the peer sees depends on the kind: over TCP it is not told, and Linux accepts
    /// and discards what it sends afterwards; over a Unix stream socket its writes fail with
    /// `BrokenPipe`.
    ///
    /// # Errors
    ///
    /// What `shutdown(2)` reports; the socket is closed.
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
    /// let (mut server, _) = listener.accept()?;
    ///
    /// let mut client = client.shutdown_read()?;
    /// client.write_all(b"one way")?;
    /// let mut buf = [0; 7];
    /// server.read_exact(&mut buf)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`shutdown(2)`]: https://man7.org/linux/man-pages/man2/shutdown.2.html
    #[must_use = "the write-only socket is returned, not kept in place; dropping it closes it"]
    pub fn shutdown_read(self) -> io::Result<Socket<WriteOnly, K>> {
        self.inner().shutdown(Shutdown::Read)?;
        Ok(self.into_state())
    }
}

impl<K: StreamKind> Socket<ReadOnly, K> {
    /// Shuts the remaining read half down too (`shutdown(SHUT_RD)`), then closes the socket
    /// ([`close(2)`]): nothing is left to do with a socket shut both ways. Reports the first
    /// error of the two; the descriptor is released either way. A connection that both sides
    /// have already ended (`ENOTCONN`) is no error: the direction is shut either way.
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
    /// client.shutdown_write()?.shutdown_read()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`close(2)`]: https://man7.org/linux/man-pages/man2/close.2.html
    pub fn shutdown_read(self) -> io::Result<()> {
        let shut = shutdown_last(self.inner(), Shutdown::Read);
        let closed = self.close();
        shut.and(closed)
    }
}

impl<K: StreamKind> Socket<WriteOnly, K> {
    /// Shuts the remaining write half down too (`shutdown(SHUT_WR)`: the peer reads the end
    /// of the stream), then closes the socket ([`close(2)`]). Reports the first error of the
    /// two; the descriptor is released either way. A connection that both sides have already
    /// ended (`ENOTCONN`) is no error.
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
    /// client.shutdown_read()?.shutdown_write()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`close(2)`]: https://man7.org/linux/man-pages/man2/close.2.html
    pub fn shutdown_write(self) -> io::Result<()> {
        let shut = shutdown_last(self.inner(), Shutdown::Write);
        let closed = self.close();
        shut.and(closed)
    }
}

/// Shuts the last open direction down, taking `ENOTCONN` (the connection has ended on both
/// sides already) as done.
fn shutdown_last(socket: &socket2::Socket, how: Shutdown) -> io::Result<()> {
    match socket.shutdown(how) {
        Err(e) if crate::sys::is_not_connected(&e) => Ok(()),
        other => other,
    }
}
