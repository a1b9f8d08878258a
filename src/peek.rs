//! Looking at received data without taking it: `MSG_PEEK`.

use std::io;
use std::os::fd::AsFd;

use crate::kind::address::FromSockAddr;
use crate::kind::{DatagramKind, Kind, UncoalescedKind};
use crate::socket::Socket;
use crate::state::{CanPeek, CanSendTo, State};
use crate::sys::unix_msg;

/// `peek` on every connected kind (and a stream socket whose write half is shut down);
/// `peek_from` on a bound datagram socket.
impl<S: State, K: Kind> Socket<S, K> {
    /// Copies received data into `buf` and leaves it queued: [`recv(2)`] with `MSG_PEEK`.
    ///
    /// The next `read`/`recv` returns the same bytes. On a stream socket it shows up to
    /// `buf.len()` bytes of what has arrived (`Ok(0)`: the peer's end of stream); on a
    /// message socket, the start of the next message. It blocks, like a receive, until
    /// something has arrived.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let (mut a, mut b) = Socket::unix_stream_pair()?;
    /// a.write_all(b"GET /")?;
    /// let mut first = [0; 3];
    /// assert_eq!(b.peek(&mut first)?, 3);
    /// assert_eq!(&first, b"GET");
    ///
    /// let mut all = [0; 5];
    /// b.read_exact(&mut all)?;
    /// assert_eq!(&all, b"GET /");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`recv(2)`]: https://man7.org/linux/man-pages/man2/recv.2.html
    pub fn peek(&self, buf: &mut [u8]) -> io::Result<usize>
    where
        S: CanPeek<K>,
        K: UncoalescedKind,
    {
        unix_msg::peek(self.as_fd(), buf)
    }

    /// Copies the start of the next datagram into `buf` and returns its length and sender,
    /// leaving it queued: [`recvfrom(2)`] with `MSG_PEEK`. The next `recv_from` returns the
    /// same datagram.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let (a, b) = (Socket::udp_v4()?.bind(any)?, Socket::udp_v4()?.bind(any)?);
    /// a.send_to(b"hello", b.local_addr()?)?;
    ///
    /// let mut buf = [0; 16];
    /// let (n, from) = b.peek_from(&mut buf)?;
    /// assert_eq!((&buf[..n], from), (&b"hello"[..], a.local_addr()?));
    /// // Still there.
    /// assert_eq!(b.recv_from(&mut buf)?, (5, a.local_addr()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`recvfrom(2)`]: https://man7.org/linux/man-pages/man2/recvfrom.2.html
    pub fn peek_from(&self, buf: &mut [u8]) -> io::Result<(usize, K::Addr)>
    where
        S: CanSendTo,
        K: DatagramKind + UncoalescedKind,
    {
        let (n, from) = unix_msg::peek_from(self.as_fd(), buf)?;
        Ok((n, K::Addr::from_sock_addr(&from)?))
    }
}
