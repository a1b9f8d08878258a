//! Moving data: `Read`/`Write` for connected byte-stream sockets, `send_to`/`recv_from` for
//! datagram sockets and `send`/`recv` for connected message sockets.

use std::io::{self, IoSlice, IoSliceMut, Read, Write};

use socket2::SockAddr;

use crate::kind::address::FromSockAddr;
use crate::kind::{Address, ByteStreamKind, DatagramKind, Kind, MessageKind, UncoalescedKind};
use crate::socket::{Socket, destination};
use crate::state::{CanRead, CanRecv, CanSend, CanSendTo, CanWrite, State};

use crate::sys::{self, SEND_FLAGS};

/// The byte moves shared by every state and kind that moves bytes.
impl<S: State, K: Kind> Socket<S, K> {
    fn recv_bytes(&self, buf: &mut [u8]) -> io::Result<usize> {
        // socket2's `Read for &Socket` is `recv(2)` with no flags.
        self.inner().read(buf)
    }

    fn send_bytes(&self, buf: &[u8]) -> io::Result<usize> {
        self.inner().send_with_flags(buf, SEND_FLAGS)
    }

    fn recv_bytes_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.inner().read_vectored(bufs)
    }

    fn send_bytes_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.inner().send_vectored_with_flags(bufs, SEND_FLAGS)
    }
}

/// Reads with [`recv(2)`](https://man7.org/linux/man-pages/man2/recv.2.html); `Ok(0)` is the
/// peer's end of stream. Like std, `EINTR` is returned as `Interrupted` (`read_exact` and
/// friends retry it). For generic code; a call on a socket uses the inherent methods of the
/// same names, which say what is missing when the state cannot read.
impl<S: CanRead, K: ByteStreamKind> Read for Socket<S, K> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self).read(buf)
    }
    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        (&*self).read_vectored(bufs)
    }
}

/// Reads through a shared reference, so one thread can read while another writes.
impl<S: CanRead, K: ByteStreamKind> Read for &Socket<S, K> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.recv_bytes(buf)
    }
    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.recv_bytes_vectored(bufs)
    }
}

/// Writes with [`send(2)`](https://man7.org/linux/man-pages/man2/send.2.html) and
/// `MSG_NOSIGNAL`: a write to a peer that has gone returns `BrokenPipe` and never raises
/// `SIGPIPE`, whatever the process's signal disposition. `flush` does nothing: the socket has
/// no user-space buffer.
impl<S: CanWrite, K: ByteStreamKind> Write for Socket<S, K> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self).write(buf)
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        (&*self).write_vectored(bufs)
    }
    fn flush(&mut self) -> io::Result<()> {
        (&*self).flush()
    }
}

/// Writes through a shared reference, so one thread can write while another reads.
impl<S: CanWrite, K: ByteStreamKind> Write for &Socket<S, K> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.send_bytes(buf)
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.send_bytes_vectored(bufs)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The std I/O methods, on the socket itself: the same calls as [`Read`] and [`Write`]
/// (which a socket implements too, for generic code), bounded by the state that allows them,
/// so a read on a listener or a write on a `Connecting` socket is a compile error that says
/// what is missing. Only the byte-stream kinds (`Tcp`, `UnixStream`) have them.
impl<S: State, K: Kind> Socket<S, K> {
    /// Reads into `buf`: [`recv(2)`](https://man7.org/linux/man-pages/man2/recv.2.html), as
    /// [`Read::read`]. `Ok(0)` is the peer's end of stream.
    pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>
    where
        S: CanRead,
        K: ByteStreamKind,
    {
        self.recv_bytes(buf)
    }

    /// Reads into several buffers with one `readv`-like call, as [`Read::read_vectored`].
    pub fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize>
    where
        S: CanRead,
        K: ByteStreamKind,
    {
        self.recv_bytes_vectored(bufs)
    }

    /// Reads exactly `buf.len()` bytes, as [`Read::read_exact`].
    pub fn read_exact(&mut self, buf: &mut [u8]) -> io::Result<()>
    where
        S: CanRead,
        K: ByteStreamKind,
    {
        Read::read_exact(&mut &*self, buf)
    }

    /// Reads to the end of the stream, as [`Read::read_to_end`].
    pub fn read_to_end(&mut self, buf: &mut Vec<u8>) -> io::Result<usize>
    where
        S: CanRead,
        K: ByteStreamKind,
    {
        Read::read_to_end(&mut &*self, buf)
    }

    /// Reads to the end of the stream as UTF-8, as [`Read::read_to_string`].
    pub fn read_to_string(&mut self, buf: &mut String) -> io::Result<usize>
    where
        S: CanRead,
        K: ByteStreamKind,
    {
        Read::read_to_string(&mut &*self, buf)
    }

    /// Writes from `buf`: [`send(2)`](https://man7.org/linux/man-pages/man2/send.2.html)
    /// with `MSG_NOSIGNAL`, as [`Write::write`].
    pub fn write(&mut self, buf: &[u8]) -> io::Result<usize>
    where
        S: CanWrite,
        K: ByteStreamKind,
    {
        self.send_bytes(buf)
    }

    /// Writes from several buffers at once, as [`Write::write_vectored`].
    pub fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize>
    where
        S: CanWrite,
        K: ByteStreamKind,
    {
        self.send_bytes_vectored(bufs)
    }

    /// Writes all of `buf`, as [`Write::write_all`].
    pub fn write_all(&mut self, buf: &[u8]) -> io::Result<()>
    where
        S: CanWrite,
        K: ByteStreamKind,
    {
        Write::write_all(&mut &*self, buf)
    }

    /// Does nothing, as the socket has no user-space buffer: [`Write::flush`].
    pub fn flush(&mut self) -> io::Result<()>
    where
        S: CanWrite,
        K: ByteStreamKind,
    {
        Ok(())
    }
}

/// A bound datagram socket: messages to and from any peer.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends one datagram to `addr`: [`sendto(2)`] with `MSG_NOSIGNAL`.
    ///
    /// Returns the number of bytes sent, which for a datagram is all of them or an error
    /// (`EMSGSIZE` for a datagram too large).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let a = Socket::udp_v4()?.bind(any)?;
    /// let b = Socket::udp_v4()?.bind(any)?;
    /// a.send_to(b"hello", b.local_addr()?)?;
    ///
    /// let mut buf = [0; 16];
    /// let (n, from) = b.recv_from(&mut buf)?;
    /// assert_eq!((&buf[..n], from), (&b"hello"[..], a.local_addr()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`sendto(2)`]: https://man7.org/linux/man-pages/man2/sendto.2.html
    pub fn send_to<A: Address<K>>(&self, buf: &[u8], addr: A) -> io::Result<usize>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        self.send_to_addr(buf, &addr)
    }

    /// [`send_to`](Socket::send_to) with the address borrowed (the async socket sends to the
    /// same address again after each `WouldBlock`).
    pub(crate) fn send_to_addr<A: Address<K>>(&self, buf: &[u8], addr: &A) -> io::Result<usize>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        if let Some(inet) = addr.as_inet() {
            // The internet fast path: the address on the stack (see the platform layer).
            return sys::send_to_inet(self.inner(), buf, inet)
                .map_err(|e| self.explain_family(&SockAddr::from(*inet), e));
        }
        let target = destination(addr)?;
        self.inner()
            .send_to_with_flags(buf, &target, SEND_FLAGS)
            .map_err(|e| self.explain_family(&target, e))
    }

    /// Receives one datagram and its sender's address: [`recvfrom(2)`].
    ///
    /// A datagram longer than `buf` is truncated to it; the rest is lost, as in std.
    ///
    /// [`recvfrom(2)`]: https://man7.org/linux/man-pages/man2/recvfrom.2.html
    pub fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, K::Addr)>
    where
        S: CanSendTo,
        K: DatagramKind + UncoalescedKind,
    {
        K::Addr::recv_from(self.inner(), buf)
    }
}

/// A connected message socket (datagram or seqpacket): messages to and from its one peer.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends one message (a datagram, or a `UnixSeqpacket` record) to the connected peer:
    /// [`send(2)`] with `MSG_NOSIGNAL`. A `Connected` socket sends, and so does a
    /// `UnixSeqpacket` one after `shutdown_read` (`WriteOnly`).
    ///
    /// # Errors
    ///
    /// `ConnectionRefused` when nobody receives at the peer's address (for UDP, reported by
    /// the next call after the ICMP answer). A Unix datagram socket whose peer has closed
    /// answers `ConnectionRefused` once, and the kernel then dissolves its connection: every
    /// later send answers `NotConnected`, with a message that says the peer closed, also
    /// once another socket binds the peer's address (see [`recv`](Self::recv)).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let server = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    /// let client = Socket::udp_v4()?.connect(server.local_addr()?)?;
    /// client.send(b"hello")?;
    /// let mut buf = [0; 16];
    /// let (n, from) = server.recv_from(&mut buf)?;
    /// assert_eq!((&buf[..n], from), (&b"hello"[..], client.local_addr()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`send(2)`]: https://man7.org/linux/man-pages/man2/send.2.html
    pub fn send(&self, buf: &[u8]) -> io::Result<usize>
    where
        S: CanSend<K>,
        K: MessageKind,
    {
        self.send_bytes(buf).map_err(peer_gone)
    }

    /// Receives one message (a datagram, or a `UnixSeqpacket` record) from the connected peer:
    /// [`recv(2)`]. A `Connected` socket receives, and so does a `UnixSeqpacket` one after
    /// `shutdown_write` (`ReadOnly`). Datagrams from other addresses are dropped by the kernel. A
    /// message longer than `buf` is truncated to it and the rest is lost. `Ok(0)` is an empty
    /// message or, for `UnixSeqpacket`, the peer's end of the connection.
    ///
    /// A connected Unix datagram socket whose peer has closed: the kernel notices at the next
    /// [`send`](Self::send), which answers `ConnectionRefused` and dissolves the connection;
    /// from then on `send` and [`peer_addr`](Self::peer_addr) answer `NotConnected`. `recv`
    /// never says so: it goes on waiting (or answers `WouldBlock`, or `WouldBlock` at the
    /// read timeout), and only a socket that was bound before it connected can still receive,
    /// from any sender, once its connection is dissolved. The type says the socket
    /// was connected and cannot follow a change made by the peer; connect a new socket to
    /// talk to a new peer.
    ///
    /// [`recv(2)`]: https://man7.org/linux/man-pages/man2/recv.2.html
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize>
    where
        S: CanRecv<K>,
        K: MessageKind + UncoalescedKind,
    {
        self.recv_bytes(buf)
    }
}

/// A `send` on a connected message socket that the kernel answers `NotConnected`: its peer
/// closed and the kernel dissolved the connection (a Unix datagram socket, after the send
/// that answered `ConnectionRefused`). Says so; the errno stays the source.
#[cold]
fn peer_gone(error: io::Error) -> io::Error {
    if !sys::is_not_connected(&error) {
        return error;
    }
    crate::error::without_socket(
        format!(
            "the peer closed, and the kernel dissolved this socket's connection ({error}): \
             connect a new socket to reach a new peer"
        ),
        error,
    )
}
