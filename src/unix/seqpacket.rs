//! The `UnixSeqpacket` kind's own methods: its constructors, and the messages of its
//! half-closed states.

use std::io;

use socket2::Domain;

use crate::kind::UnixSeqpacket;
use crate::socket::{Socket, from_inner};
use crate::state::{Connected, Unbound};

/// The constructor: [`socket(2)`].
///
/// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
impl Socket<Unbound, UnixSeqpacket> {
    /// Creates a Unix sequenced-packet socket:
    /// `socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)`, one [`socket(2)`] (Linux, FreeBSD).
    ///
    /// Its lifecycle is a stream's (`bind`, `listen`, `accept`, `connect`, half-close);
    /// once connected it moves whole messages with [`send`](Socket::send) and
    /// [`recv`](Socket::recv) ([`unix(7)`]).
    ///
    /// # Example
    ///
    /// A server on a path and a client, three messages, three receives:
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let pid = std::process::id();
    /// let path = std::env::temp_dir().join(format!("typesock-doc-seqpacket-{pid}"));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = Socket::unix_seqpacket()?.bind(&path)?.listen(8)?;
    /// let client = Socket::unix_seqpacket()?.connect(&path)?;
    /// let (server, _) = listener.accept()?;
    ///
    /// for message in [&b"one"[..], b"two!", b""] {
    ///     client.send(message)?;
    /// }
    /// let mut buf = [0; 64];
    /// assert_eq!(server.recv(&mut buf)?, 3);
    /// assert_eq!(server.recv(&mut buf)?, 4);
    /// assert_eq!(server.recv(&mut buf)?, 0);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg_attr(
        docsrs,
        doc(cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd")))
    )]
    pub fn unix_seqpacket() -> io::Result<Self> {
        // socket2 adds SOCK_CLOEXEC to the type on Linux and FreeBSD: one syscall, atomically.
        socket2::Socket::new(Domain::UNIX, socket2::Type::SEQPACKET, None).map(from_inner)
    }
}

/// A connected Unix sequenced-packet pair: [`socketpair(2)`].
///
/// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
impl Socket<Connected, UnixSeqpacket> {
    /// Creates two connected Unix sequenced-packet sockets:
    /// `socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC)`, one [`socketpair(2)`] (Linux,
    /// FreeBSD).
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let (a, b) = Socket::unix_seqpacket_pair()?;
    /// a.send(b"whole")?;
    /// let mut buf = [0; 16];
    /// assert_eq!(b.recv(&mut buf)?, 5);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
    #[cfg_attr(
        docsrs,
        doc(cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd")))
    )]
    pub fn unix_seqpacket_pair() -> io::Result<(Self, Self)> {
        super::pair::pair()
    }
}
