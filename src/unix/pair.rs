//! Connected pairs: `socketpair(2)`.

use std::io;

use socket2::Domain;

use crate::kind::{Kind, UnixDatagram, UnixStream};
use crate::socket::{Socket, from_inner};
use crate::state::Connected;

/// Two Unix sockets connected to each other: `socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0)`,
/// one syscall, close-on-exec atomically where the OS can (Linux, Android, the BSDs; macOS
/// adds `FD_CLOEXEC` right after).
pub(crate) fn pair<K: Kind>() -> io::Result<(Socket<Connected, K>, Socket<Connected, K>)> {
    let (a, b) = socket2::Socket::pair(Domain::UNIX, K::TYPE, None)?;
    Ok((from_inner(a), from_inner(b)))
}

/// A connected Unix stream pair: [`socketpair(2)`].
///
/// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
impl Socket<Connected, UnixStream> {
    /// Creates two connected Unix stream sockets:
    /// `socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)`, one [`socketpair(2)`].
    ///
    /// No path, no listener: the two ends are connected from their first instant, and
    /// close-on-exec from it too (Linux, Android, the BSDs; on macOS `FD_CLOEXEC` follows in a
    /// second call). The usual channel between a process and a child, or two threads.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let (mut a, mut b) = Socket::unix_stream_pair()?;
    /// a.write_all(b"ping")?;
    /// let mut buf = [0; 4];
    /// b.read_exact(&mut buf)?;
    /// assert_eq!(&buf, b"ping");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
    pub fn unix_stream_pair() -> io::Result<(Self, Self)> {
        pair()
    }
}

/// A connected Unix datagram pair: [`socketpair(2)`].
///
/// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
impl Socket<Connected, UnixDatagram> {
    /// Creates two connected Unix datagram sockets:
    /// `socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC)`, one [`socketpair(2)`].
    ///
    /// Each `send` on one end is one `recv` on the other, boundaries kept.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let (a, b) = Socket::unix_datagram_pair()?;
    /// a.send(b"one")?;
    /// a.send(b"two")?;
    /// let mut buf = [0; 16];
    /// assert_eq!(b.recv(&mut buf)?, 3);
    /// assert_eq!(&buf[..3], b"one");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
    pub fn unix_datagram_pair() -> io::Result<(Self, Self)> {
        pair()
    }
}
