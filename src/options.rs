//! Socket options, each settable only in the states where it takes effect.

use std::io;
use std::time::Duration;

use crate::kind::{InetKind, Kind, TcpKind};
use crate::socket::Socket;
use crate::state::{BeforeBind, Receives, Sends, SetsBufferSize, State};

/// Options read by `bind(2)` and the buffer sizes: set before the step that reads them.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `SO_REUSEADDR`: lets the socket bind to a port that a closed connection still
    /// holds in `TIME_WAIT`, so a restarted server binds again at once (socket(7)).
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it: `bind(2)` reads the option, and set
    /// after bind it silently does nothing. typesock never sets it for you.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let socket = Socket::tcp_v4()?;
    /// socket.set_reuse_address(true)?;
    /// let listener = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(128)?;
    /// assert!(listener.reuse_address()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_reuse_address(&self, reuse: bool) -> io::Result<()>
    where
        S: BeforeBind,
        K: InetKind,
    {
        self.inner().set_reuse_address(reuse)
    }

    /// Whether `SO_REUSEADDR` is set.
    pub fn reuse_address(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        self.inner().reuse_address()
    }

    /// Sets `SO_REUSEPORT`: lets several sockets bind (and listen on) the same address, the
    /// kernel spreading connections among them (socket(7)).
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it: socket(7) says it "must be set on
    /// each socket (including the first socket) prior to calling bind(2)". Set later,
    /// `setsockopt` still succeeds, and what follows depends on the kernel version.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let first = Socket::tcp_v4()?;
    /// first.set_reuse_port(true)?;
    /// let first = first.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    ///
    /// let second = Socket::tcp_v4()?;
    /// second.set_reuse_port(true)?;
    /// let second = second.bind(first.local_addr()?)?.listen(8)?;
    /// assert_eq!(second.local_addr()?, first.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_reuse_port(&self, reuse: bool) -> io::Result<()>
    where
        S: BeforeBind,
        K: InetKind,
    {
        self.inner().set_reuse_port(reuse)
    }

    /// Sets `IPV6_V6ONLY` on an IPv6 socket: whether it is restricted to IPv6 peers, or also
    /// takes IPv4 ones as IPv4-mapped addresses (ipv6(7)).
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it: after bind the kernel refuses it
    /// with `EINVAL`. On an IPv4 socket it fails at run time, since the family is not in
    /// the type.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v6()?;
    /// socket.set_only_v6(false)?; // a dual-stack listener
    /// assert!(!socket.only_v6()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_only_v6(&self, only_v6: bool) -> io::Result<()>
    where
        S: BeforeBind,
        K: InetKind,
    {
        self.inner().set_only_v6(only_v6)
    }

    /// Whether `IPV6_V6ONLY` is set.
    pub fn only_v6(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        self.inner().only_v6()
    }

    /// Sets `SO_RCVBUF`, the receive buffer size (the kernel doubles the value, socket(7)).
    ///
    /// For a stream socket, only before `listen` or `connect`: tcp(7) says the buffer sizes
    /// "must be set prior to the listen(2) or connect(2) calls in order to have it take
    /// effect", so [`Listening`](crate::Listening) and [`Connected`](crate::Connected) TCP
    /// sockets have no setter. A datagram socket can set it in every state.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_recv_buffer_size(256 * 1024)?;
    /// assert!(socket.recv_buffer_size()? >= 256 * 1024);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_recv_buffer_size(&self, size: usize) -> io::Result<()>
    where
        S: SetsBufferSize<K>,
    {
        self.inner().set_recv_buffer_size(size)
    }

    /// The receive buffer size, `SO_RCVBUF`, as the kernel reports it.
    pub fn recv_buffer_size(&self) -> io::Result<usize> {
        self.inner().recv_buffer_size()
    }

    /// Sets `SO_SNDBUF`, the send buffer size; in the same states as
    /// [`set_recv_buffer_size`](Self::set_recv_buffer_size).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_send_buffer_size(256 * 1024)?;
    /// assert!(socket.send_buffer_size()? >= 256 * 1024);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_send_buffer_size(&self, size: usize) -> io::Result<()>
    where
        S: SetsBufferSize<K>,
    {
        self.inner().set_send_buffer_size(size)
    }

    /// The send buffer size, `SO_SNDBUF`, as the kernel reports it.
    pub fn send_buffer_size(&self) -> io::Result<usize> {
        self.inner().send_buffer_size()
    }

    /// Sets `SO_RCVTIMEO`: a blocking receive waits at most this long, then fails with
    /// `WouldBlock`. `None` waits forever. Only in the states that receive data.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for `Some(Duration::ZERO)`, as in std.
    ///
    /// # Example
    ///
    /// ```
    /// use std::io::Read;
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    /// let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// client.set_read_timeout(Some(Duration::from_millis(10)))?;
    /// let err = client.read(&mut [0; 8]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()>
    where
        S: Receives<K>,
    {
        check_timeout(timeout)?;
        self.inner().set_read_timeout(timeout)
    }

    /// The receive timeout, `SO_RCVTIMEO`.
    pub fn read_timeout(&self) -> io::Result<Option<Duration>> {
        self.inner().read_timeout()
    }

    /// Sets `SO_SNDTIMEO`: a blocking send waits at most this long. `None` waits forever.
    /// Only in the states that send data.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for `Some(Duration::ZERO)`, as in std.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(8)?;
    /// let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// client.set_write_timeout(Some(Duration::from_secs(1)))?;
    /// assert_eq!(client.write_timeout()?, Some(Duration::from_secs(1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()>
    where
        S: Sends<K>,
    {
        check_timeout(timeout)?;
        self.inner().set_write_timeout(timeout)
    }

    /// The send timeout, `SO_SNDTIMEO`.
    pub fn write_timeout(&self) -> io::Result<Option<Duration>> {
        self.inner().write_timeout()
    }

    /// Sets the IP time-to-live (IPv4) or unicast hop limit (IPv6) of outgoing packets.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_ttl(16)?;
    /// assert_eq!(socket.ttl()?, 16);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_ttl(&self, ttl: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        if self.is_ipv6()? {
            self.inner().set_unicast_hops_v6(ttl)
        } else {
            self.inner().set_ttl_v4(ttl)
        }
    }

    /// The IP time-to-live (IPv4) or unicast hop limit (IPv6).
    pub fn ttl(&self) -> io::Result<u32>
    where
        K: InetKind,
    {
        if self.is_ipv6()? {
            self.inner().unicast_hops_v6()
        } else {
            self.inner().ttl_v4()
        }
    }

    fn is_ipv6(&self) -> io::Result<bool> {
        Ok(self.inner().domain()? == socket2::Domain::IPV6)
    }
}

/// TCP options: valid in every state, and inherited by the sockets `accept` returns.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `TCP_NODELAY`: send small segments at once instead of coalescing them (Nagle's
    /// algorithm off, tcp(7)).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_nodelay(true)?;
    /// assert!(socket.nodelay()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_tcp_nodelay(nodelay)
    }

    /// Whether `TCP_NODELAY` is set.
    pub fn nodelay(&self) -> io::Result<bool>
    where
        K: TcpKind,
    {
        self.inner().tcp_nodelay()
    }

    /// Sets `SO_KEEPALIVE`: probe an idle connection so that a vanished peer is noticed
    /// (socket(7)).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_keepalive(true)?;
    /// assert!(socket.keepalive()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_keepalive(&self, keepalive: bool) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_keepalive(keepalive)
    }

    /// Whether `SO_KEEPALIVE` is set.
    pub fn keepalive(&self) -> io::Result<bool>
    where
        K: TcpKind,
    {
        self.inner().keepalive()
    }

    /// Sets `SO_LINGER`: with `Some(duration)`, `close` waits up to `duration` for unsent data
    /// to go; `Some(Duration::ZERO)` makes `close` reset the connection (socket(7)).
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_linger(Some(Duration::from_secs(1)))?;
    /// assert_eq!(socket.linger()?, Some(Duration::from_secs(1)));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_linger(linger)
    }

    /// The `SO_LINGER` setting.
    pub fn linger(&self) -> io::Result<Option<Duration>>
    where
        K: TcpKind,
    {
        self.inner().linger()
    }
}

fn check_timeout(timeout: Option<Duration>) -> io::Result<()> {
    if timeout == Some(Duration::ZERO) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a zero timeout is not allowed: use None to wait forever",
        ));
    }
    Ok(())
}
