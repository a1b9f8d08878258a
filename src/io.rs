//! Moving data: `Read`/`Write` for connected stream sockets, `send_to`/`recv_from` and
//! `send`/`recv` for datagram sockets.

use std::io::{self, IoSlice, IoSliceMut, Read, Write};

use socket2::SockAddr;

use crate::kind::sealed::FromSockAddr;
use crate::kind::{Address, DatagramKind, Kind, StreamKind};
use crate::socket::{Socket, destination};
use crate::state::{Bound, Connected, ReadOnly, State, WriteOnly};

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

/// Implements `Read` and/or `Write` for `Socket<$state, K>` and `&Socket<$state, K>` of the
/// stream kinds.
macro_rules! stream_io {
    (Read for $state:ident) => {
        /// Reads with [`recv(2)`](https://man7.org/linux/man-pages/man2/recv.2.html); `Ok(0)`
        /// is the peer's end of stream. Like std, `EINTR` is returned as `Interrupted`
        /// (`read_exact` and friends retry it).
        impl<K: StreamKind> Read for Socket<$state, K> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.recv_bytes(buf)
            }
            fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
                self.recv_bytes_vectored(bufs)
            }
        }
        /// Reads through a shared reference, so one thread can read while another writes.
        impl<K: StreamKind> Read for &Socket<$state, K> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.recv_bytes(buf)
            }
            fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
                self.recv_bytes_vectored(bufs)
            }
        }
    };
    (Write for $state:ident) => {
        /// Writes with [`send(2)`](https://man7.org/linux/man-pages/man2/send.2.html) and
        /// `MSG_NOSIGNAL`: a write to a peer that has gone returns `BrokenPipe` and never
        /// raises `SIGPIPE`, whatever the process's signal disposition. `flush` does
        /// nothing: the socket has no user-space buffer.
        impl<K: StreamKind> Write for Socket<$state, K> {
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
        /// Writes through a shared reference, so one thread can write while another reads.
        impl<K: StreamKind> Write for &Socket<$state, K> {
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
    };
}

stream_io!(Read for Connected);
stream_io!(Write for Connected);
stream_io!(Read for ReadOnly);
stream_io!(Write for WriteOnly);

/// A bound datagram socket: messages to and from any peer.
impl<K: DatagramKind> Socket<Bound, K> {
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
    pub fn send_to<A: Address<K>>(&self, buf: &[u8], addr: A) -> io::Result<usize> {
        if let Some(inet) = addr.as_inet() {
            // The internet fast path: the address on the stack (see the platform layer).
            return sys::send_to_inet(self.inner(), buf, inet)
                .map_err(|e| self.explain_family(&SockAddr::from(*inet), e));
        }
        let target = destination(&addr)?;
        self.inner()
            .send_to_with_flags(buf, &target, SEND_FLAGS)
            .map_err(|e| self.explain_family(&target, e))
    }

    /// Receives one datagram and its sender's address: [`recvfrom(2)`].
    ///
    /// A datagram longer than `buf` is truncated to it; the rest is lost, as in std.
    ///
    /// [`recvfrom(2)`]: https://man7.org/linux/man-pages/man2/recvfrom.2.html
    pub fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, K::Addr)> {
        K::Addr::recv_from(self.inner(), buf)
    }
}

/// A connected datagram socket: messages to and from its one peer.
impl<K: DatagramKind> Socket<Connected, K> {
    /// Sends one datagram to the connected peer: [`send(2)`] with `MSG_NOSIGNAL`.
    ///
    /// # Errors
    ///
    /// `ConnectionRefused` when nobody receives at the peer's address (for UDP, reported by
    /// the next call after the ICMP answer). A Unix datagram socket whose peer has closed
    /// answers `ConnectionRefused` once, and the kernel then disconnects it: later calls
    /// answer `NotConnected` (see [`recv`](Self::recv)).
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
    pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.send_bytes(buf)
    }

    /// Receives one datagram from the connected peer: [`recv(2)`]. Datagrams from other
    /// addresses are dropped by the kernel.
    ///
    /// A connected Unix datagram socket whose peer has closed is disconnected by the kernel
    /// (after a `send` that answers `ConnectionRefused`): its calls then answer `NotConnected`
    /// and it receives from any sender. The type cannot follow a change made by the peer;
    /// connect a new socket to talk to a new peer.
    ///
    /// [`recv(2)`]: https://man7.org/linux/man-pages/man2/recv.2.html
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.recv_bytes(buf)
    }
}
