//! The error queue (Linux): what the kernel learned about the datagrams a socket sent,
//! read with `MSG_ERRQUEUE` once `IP_RECVERR`/`IPV6_RECVERR` is set.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::os::fd::AsFd;

use crate::kind::Kind;
use crate::socket::Socket;
use crate::state::{CanUseErrorQueue, State};
use crate::sys;

/// Where a queued error came from (`ee_origin`, `linux/errqueue.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorOrigin {
    /// This host: a send the local stack refused (`SO_EE_ORIGIN_LOCAL`), such as a
    /// datagram larger than the path MTU with don't-fragment set.
    Local,
    /// An ICMP message (`SO_EE_ORIGIN_ICMP`): a port or host unreachable, a fragmentation
    /// needed, a time exceeded.
    Icmp,
    /// An ICMPv6 message (`SO_EE_ORIGIN_ICMP6`).
    Icmp6,
    /// Another origin the kernel names by number (transmit timestamps, zero-copy
    /// completions, ...).
    Other(u8),
}

/// One error from the error queue ([`Socket::recv_error`]): the errno, its origin, the
/// ICMP type and code, the host that reported it, where the datagram was going, and how
/// much of that datagram came back. A plain value: nothing is allocated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct QueuedError {
    received: sys::ErrReceived,
    error: sys::QueuedErr,
}

impl QueuedError {
    /// The error, as the kernel numbers it (`ECONNREFUSED` for a port unreachable,
    /// `EHOSTUNREACH`, `EMSGSIZE`, ...).
    pub fn error(&self) -> io::Error {
        io::Error::from_raw_os_error(self.error.errno as i32)
    }

    /// Where the error came from.
    pub fn origin(&self) -> ErrorOrigin {
        match self.error.origin {
            1 => ErrorOrigin::Local,
            2 => ErrorOrigin::Icmp,
            3 => ErrorOrigin::Icmp6,
            other => ErrorOrigin::Other(other),
        }
    }

    /// The ICMP (or ICMPv6) type, for an [`Icmp`](ErrorOrigin::Icmp) or
    /// [`Icmp6`](ErrorOrigin::Icmp6) origin; 0 otherwise.
    pub fn icmp_type(&self) -> u8 {
        self.error.icmp_type
    }

    /// The ICMP (or ICMPv6) code, as [`icmp_type`](Self::icmp_type).
    pub fn icmp_code(&self) -> u8 {
        self.error.icmp_code
    }

    /// The error's extra number (`ee_info`): the MTU the path allows, for a
    /// "fragmentation needed" or a local `EMSGSIZE`.
    pub fn info(&self) -> u32 {
        self.error.info
    }

    /// The host that reported the error (the router or the destination that sent the ICMP
    /// message); `None` for a local error.
    pub fn offender(&self) -> Option<SocketAddr> {
        self.error.offender
    }

    /// Where the datagram that met the error was going.
    pub fn destination(&self) -> Option<SocketAddr> {
        self.received.destination
    }

    /// The bytes of that datagram the kernel copied into the buffer.
    pub fn len(&self) -> usize {
        self.received.len
    }

    /// Whether no byte of it was copied.
    pub fn is_empty(&self) -> bool {
        self.received.len == 0
    }

    /// Whether the datagram was longer than the buffer (`MSG_TRUNC`).
    pub fn is_truncated(&self) -> bool {
        self.received.truncated
    }
}

impl fmt::Debug for QueuedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueuedError")
            .field("error", &self.error())
            .field("origin", &self.origin())
            .field("icmp_type", &self.icmp_type())
            .field("icmp_code", &self.icmp_code())
            .field("info", &self.info())
            .field("offender", &self.offender())
            .field("destination", &self.destination())
            .field("len", &self.len())
            .field("truncated", &self.is_truncated())
            .finish()
    }
}

/// The error queue, on the internet kinds.
impl<S: State, K: Kind> Socket<S, K> {
    /// Takes the oldest error off the socket's error queue: one `recvmsg(2)` with
    /// `MSG_ERRQUEUE` ([`ip(7)`], `IP_RECVERR`), which never blocks. `Ok(None)` when the
    /// queue is empty, as it always is unless
    /// [`set_recv_error_v4`](Socket::set_recv_error_v4) (or `_v6`) is on. The datagram that
    /// met the error is copied into `buf`.
    ///
    /// Read the queue when the socket polls readable with `POLLERR`, until it is empty: it
    /// holds at most the receive buffer's worth (each entry takes its datagram's size from
    /// `SO_RCVBUF`, quinn #2704), and later errors are dropped when it is full.
    ///
    /// # Errors
    ///
    /// The kernel's, other than an empty queue.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{ErrorOrigin, Socket};
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let closed = Socket::udp_v4()?.bind(any)?.local_addr()?; // its socket is gone
    /// let socket = Socket::udp_v4()?;
    /// socket.set_recv_error_v4(true)?;
    /// let socket = socket.bind(any)?;
    /// socket.send_to(b"anyone?", closed)?;
    /// let mut buf = [0; 64];
    /// let mut queued = None;
    /// for _ in 0..1000 {
    ///     queued = socket.recv_error(&mut buf)?;
    ///     if queued.is_some() { break }
    ///     std::thread::sleep(std::time::Duration::from_millis(1));
    /// }
    /// let queued = queued.expect("the ICMP port unreachable came back");
    /// assert_eq!(queued.origin(), ErrorOrigin::Icmp);
    /// assert_eq!(queued.error().kind(), std::io::ErrorKind::ConnectionRefused);
    /// assert_eq!(queued.destination(), Some(closed));
    /// assert_eq!(&buf[..queued.len()], b"anyone?");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    pub fn recv_error(&self, buf: &mut [u8]) -> io::Result<Option<QueuedError>>
    where
        S: CanUseErrorQueue<K>,
    {
        let Some(received) = sys::recv_err(self.as_fd(), buf)? else {
            return Ok(None);
        };
        match received.error {
            Some(error) => Ok(Some(QueuedError { received, error })),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "an error-queue message without its IP_RECVERR control message",
            )),
        }
    }
}
