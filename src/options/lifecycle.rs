//! The options most programs set, first on the `Socket` page: those `bind(2)` reads, the
//! buffer sizes, the timeouts, the TTL, and the first TCP ones (`TCP_NODELAY`,
//! `SO_KEEPALIVE`, `SO_LINGER`).

use std::io;
use std::time::Duration;

use super::{in_range, invalid, ipv6_only_option, kernel_timeout, set_verified, whole};
use crate::kind::{InetKind, Kind, TcpKind};
use crate::socket::Socket;
use crate::state::{
    CanSetBindOption, CanSetReadTimeout, CanSetRecvBuffer, CanSetSendBuffer, CanSetWriteTimeout,
    State,
};
use crate::sys;

/// Options read by [`bind(2)`] and the buffer sizes: set before the step that reads them.
///
/// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `SO_REUSEADDR`: lets the socket bind to a port that a closed connection still
    /// holds in `TIME_WAIT`, so a restarted server binds again at once ([`socket(7)`]).
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it: [`bind(2)`] reads the option, and set
    /// after bind it silently does nothing. typesock never sets it for you.
    ///
    /// On Windows it means something else: a socket with `SO_REUSEADDR` may bind an address
    /// that another socket has bound and listens on, in any process, and which of the two
    /// then gets the traffic is undefined (Microsoft's "Using SO_REUSEADDR and
    /// SO_EXCLUSIVEADDRUSE"; std's `TcpListener::bind` sets `SO_REUSEADDR` on Unix only, for
    /// that reason). A server that must keep its port to itself sets
    /// `set_exclusive_address_use(true)` (Windows only) instead.
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
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    pub fn set_reuse_address(&self, reuse: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        self.inner().set_reuse_address(reuse)
    }

    socket2_getter! {
        /// Whether `SO_REUSEADDR` is set.
        reuse_address -> bool where K: InetKind
    }

    /// Sets Windows' `SO_EXCLUSIVEADDRUSE`: no other socket, of this process or another, may
    /// bind the address this socket binds, even with `SO_REUSEADDR`, so none can take its
    /// traffic (Microsoft's "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE").
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it, as
    /// [`set_reuse_address`](Self::set_reuse_address): `bind` reads it. Set together with
    /// `SO_REUSEADDR` on the same socket, `bind` fails with `WSAEINVAL`. Windows only: the
    /// Unix systems have no such option (there, `SO_REUSEADDR` does not let a socket bind
    /// over a listener).
    #[cfg(windows)]
    pub fn set_exclusive_address_use(&self, exclusive: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        sys::set_exclusive_address_use(self.inner(), exclusive)
    }

    /// Whether Windows' `SO_EXCLUSIVEADDRUSE` is set.
    #[cfg(windows)]
    pub fn exclusive_address_use(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        sys::exclusive_address_use(self.inner())
    }

    /// Sets `SO_REUSEPORT`: lets several sockets bind (and listen on) the same address, the
    /// kernel spreading connections among them ([`socket(7)`]).
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
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(all(unix, not(any(target_os = "solaris", target_os = "illumos"))))]
    #[cfg_attr(docsrs, doc(cfg(unix)))]
    pub fn set_reuse_port(&self, reuse: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        self.inner().set_reuse_port(reuse)
    }

    /// Sets FreeBSD's `SO_REUSEPORT_LB`: like `SO_REUSEPORT`, and the kernel balances the
    /// connections among the listeners that share the port. Read by [`bind(2)`], so only an
    /// [`Unbound`](crate::Unbound) socket has it.
    ///
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    #[cfg(target_os = "freebsd")]
    pub fn set_reuse_port_lb(&self, reuse: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        self.inner().set_reuse_port_lb(reuse)
    }

    socket2_getter! {
        /// Whether FreeBSD's `SO_REUSEPORT_LB` is set.
        #[cfg(target_os = "freebsd")]
        reuse_port_lb -> bool where K: InetKind
    }

    /// Sets `IPV6_V6ONLY` on an IPv6 socket: whether it is restricted to IPv6 peers, or also
    /// takes IPv4 ones as IPv4-mapped addresses ([`ipv6(7)`]).
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it: after bind the kernel refuses it
    /// with `EINVAL`. On an IPv4 socket it fails at run time, since the family is not in
    /// the type: `InvalidInput`, with a message that says the option is IPv6's (the kernel's
    /// own answer is `ENOPROTOOPT`, "Protocol not available").
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v6()?;
    /// socket.set_only_v6(false)?; // a dual-stack listener
    /// assert!(!socket.only_v6()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
    pub fn set_only_v6(&self, only_v6: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        self.inner()
            .set_only_v6(only_v6)
            .map_err(|e| ipv6_only_option(e, "IPV6_V6ONLY"))
    }

    /// Whether `IPV6_V6ONLY` is set.
    pub fn only_v6(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        self.inner()
            .only_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_V6ONLY"))
    }

    /// Sets `SO_RCVBUF`, the receive buffer size.
    ///
    /// A TCP socket sets it before `connect`, or as a listener: the window scale is agreed
    /// in the handshake, and [`tcp(7)`] says the buffer sizes "must be set prior to the
    /// listen(2) or connect(2) calls in order to have it take effect"; but the sockets a
    /// listener accepts are its clones, and those whose handshake comes after the call take
    /// its size and the window scale it gives (measured). A UDP socket sets it in every state.
    /// A Unix socket never: [`unix(7)`], "the SO_RCVBUF option does not" have an effect there (a
    /// Unix sender's queue is bounded by its own `SO_SNDBUF`). The [rule
    /// table](crate#the-rule-table) has the tests that show both.
    ///
    /// The kernel holds the size asked for, or the call fails: Linux doubles it (for its
    /// bookkeeping, [`socket(7)`]), so [`recv_buffer_size`](Self::recv_buffer_size) reads back
    /// twice the size there, and the setter checks that it does. A size the kernel would
    /// change (past `net.core.rmem_max`, which caps it, or below its minimum, about 1152
    /// bytes, to which it is raised; past `i32::MAX / 2`, which its `int` cannot hold
    /// doubled) is refused, and the socket keeps the size it had.
    ///
    /// # Errors
    ///
    /// `InvalidInput`, naming the size asked and the one the kernel would have held.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_recv_buffer_size(64 * 1024)?;
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(socket.recv_buffer_size()?, 2 * 64 * 1024); // Linux holds it doubled
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    pub fn set_recv_buffer_size(&self, size: usize) -> io::Result<()>
    where
        S: CanSetRecvBuffer<K>,
    {
        let held = buffer_size("SO_RCVBUF", size)?;
        set_verified(
            "SO_RCVBUF",
            held,
            BUFFER_WHY,
            || self.inner().recv_buffer_size(),
            |held| {
                self.inner()
                    .set_recv_buffer_size(held / sys::BUFFER_SIZE_FACTOR)
            },
        )
    }

    /// The receive buffer size, `SO_RCVBUF`, as the kernel reports it.
    pub fn recv_buffer_size(&self) -> io::Result<usize> {
        self.inner().recv_buffer_size()
    }

    /// Sets `SO_SNDBUF`, the send buffer size: the most the kernel queues for this socket
    /// before a send waits.
    ///
    /// The kernel checks it at every send, so it takes effect in every state that still
    /// sends: before `listen`/`connect`, once connected and after `shutdown_read`, for every
    /// kind ([`unix(7)`]: it "does have an effect for UNIX domain sockets"). A TCP listener
    /// has it too: the sockets it accepts later are its clones and take its size. A Unix
    /// listener (whose accepted sockets are made anew) and a read-only socket have no setter.
    /// For a TCP socket, setting it turns off the kernel's automatic sizing of the send
    /// buffer ([`tcp(7)`], `tcp_wmem`).
    ///
    /// As for [`set_recv_buffer_size`](Self::set_recv_buffer_size), the kernel holds the size
    /// asked for (doubled, on Linux) or the call fails: sizes past `net.core.wmem_max`, below
    /// the kernel's minimum (about 2304 bytes) or past `i32::MAX / 2` are refused.
    ///
    /// # Errors
    ///
    /// `InvalidInput`, naming the size asked and the one the kernel would have held.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_send_buffer_size(64 * 1024)?;
    /// # #[cfg(target_os = "linux")]
    /// assert_eq!(socket.send_buffer_size()?, 2 * 64 * 1024);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    pub fn set_send_buffer_size(&self, size: usize) -> io::Result<()>
    where
        S: CanSetSendBuffer<K>,
    {
        let held = buffer_size("SO_SNDBUF", size)?;
        set_verified(
            "SO_SNDBUF",
            held,
            BUFFER_WHY,
            || self.inner().send_buffer_size(),
            |held| {
                self.inner()
                    .set_send_buffer_size(held / sys::BUFFER_SIZE_FACTOR)
            },
        )
    }

    /// The send buffer size, `SO_SNDBUF`, as the kernel reports it.
    pub fn send_buffer_size(&self) -> io::Result<usize> {
        self.inner().send_buffer_size()
    }

    /// Sets `SO_RCVTIMEO`: a blocking receive waits at most this long, then fails with
    /// `WouldBlock`. `None` waits forever.
    ///
    /// In the states that receive data, and on a [`Listening`](crate::Listening) socket,
    /// where it bounds [`accept`](Self::accept) ([`socket(7)`]: "timeouts only have effect for
    /// system calls that perform socket I/O (e.g., accept(2), ...)"): the typed way to stop a
    /// blocking accept loop.
    ///
    /// The kernel holds the timeout asked for, or the call fails; nothing is rounded. The
    /// kernel's `timeval` carries whole microseconds (Windows: milliseconds), and Linux counts
    /// in clock ticks (`CONFIG_HZ`: 4 ms at 250 Hz, 1 ms at 1000 Hz): the setter reads the
    /// timeout back, and a timeout the kernel would round (1 ns, 10 ms at 250 Hz) or could
    /// not hold (past about 2<sup>63</sup> ticks, up to `Duration::MAX`, which Linux would
    /// make "forever") is refused, the socket keeping the timeout it had. A whole number of
    /// 100 ms is held by every Linux clock.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for `Some(Duration::ZERO)`, as in std, and for a timeout the kernel
    /// would change, naming the one it would hold.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// client.set_read_timeout(Some(Duration::from_millis(100)))?;
    /// let err = client.read(&mut [0; 8]).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()>
    where
        S: CanSetReadTimeout<K>,
    {
        let timeout = kernel_timeout("SO_RCVTIMEO", timeout)?;
        set_verified(
            "SO_RCVTIMEO",
            timeout,
            TIMEOUT_WHY,
            || self.inner().read_timeout(),
            |t| self.inner().set_read_timeout(t),
        )
    }

    /// The receive timeout, `SO_RCVTIMEO`.
    pub fn read_timeout(&self) -> io::Result<Option<Duration>> {
        self.inner().read_timeout()
    }

    /// Sets `SO_SNDTIMEO`: a blocking send waits at most this long, then fails with
    /// `WouldBlock` (or returns the bytes it sent). `None` waits forever. Only in the states
    /// that send data.
    ///
    /// Held as asked or refused, as [`set_read_timeout`](Self::set_read_timeout) is: never
    /// rounded.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for `Some(Duration::ZERO)`, as in std, and for a timeout the kernel
    /// would change, naming the one it would hold.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    /// use typesock::Socket;
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// client.set_write_timeout(Some(Duration::from_secs(1)))?;
    /// assert_eq!(client.write_timeout()?, Some(Duration::from_secs(1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()>
    where
        S: CanSetWriteTimeout<K>,
    {
        let timeout = kernel_timeout("SO_SNDTIMEO", timeout)?;
        set_verified(
            "SO_SNDTIMEO",
            timeout,
            TIMEOUT_WHY,
            || self.inner().write_timeout(),
            |t| self.inner().set_write_timeout(t),
        )
    }

    /// The send timeout, `SO_SNDTIMEO`.
    pub fn write_timeout(&self) -> io::Result<Option<Duration>> {
        self.inner().write_timeout()
    }

    /// Sets the IP time-to-live (IPv4) or unicast hop limit (IPv6) of outgoing packets.
    ///
    /// On a dual-stack IPv6 socket (`IPV6_V6ONLY` off, [`set_only_v6(false)`](Self::set_only_v6))
    /// it sets both: the hop limit of its IPv6 packets and, on Linux, the `IP_TTL` of the
    /// IPv4 packets it sends to IPv4-mapped addresses (`::ffff:a.b.c.d`), which would
    /// otherwise leave with the default TTL. The other systems keep no `IP_TTL` on an IPv6
    /// socket: there, [`set_unicast_hops_v6`](Self::set_unicast_hops_v6) is what this sets.
    ///
    /// The kernel holds a byte: 1 to 255 on an IPv4 (or dual-stack) socket, 0 to 255 on an
    /// IPv6-only one. Any other value is refused, never wrapped (`u32::MAX` would reach the
    /// kernel as -1, "the default").
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value out of that range.
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
        if !self.is_ipv6()? {
            in_range("IP_TTL", ttl, 1..=255)?;
            return self.inner().set_ttl_v4(ttl);
        }
        let dual_stack = !self.inner().only_v6()?;
        if dual_stack && cfg!(any(target_os = "linux", target_os = "android")) {
            in_range("IP_TTL", ttl, 1..=255)?;
            self.inner().set_unicast_hops_v6(ttl)?;
            self.inner().set_ttl_v4(ttl)
        } else {
            in_range("IPV6_UNICAST_HOPS", ttl, 0..=255)?;
            self.inner().set_unicast_hops_v6(ttl)
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
        Ok(self.domain()? == socket2::Domain::IPV6)
    }
}

/// TCP options: valid in every state, and inherited by the sockets `accept` returns.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `TCP_NODELAY`: send small segments at once instead of coalescing them (Nagle's
    /// algorithm off, [`tcp(7)`]).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_nodelay(true)?;
    /// assert!(socket.nodelay()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
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
    /// ([`socket(7)`]).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_keepalive(true)?;
    /// assert!(socket.keepalive()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    pub fn set_keepalive(&self, keepalive: bool) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_keepalive(keepalive)
    }

    socket2_getter! {
        /// Whether `SO_KEEPALIVE` is set.
        keepalive -> bool where K: TcpKind
    }

    /// Sets `SO_LINGER`: with `Some(duration)`, `close` waits up to `duration` for unsent data
    /// to go; `Some(Duration::ZERO)` makes `close` reset the connection ([`socket(7)`]).
    ///
    /// The kernel counts linger time in whole seconds, in an `int` (Windows: a `u_short`): a
    /// duration with a fraction of a second (`500ms`), or past `i32::MAX` seconds (Windows:
    /// 65535 s), is refused, never rounded (rounded down, a short linger would become zero
    /// and reset the connection). [`linger`](Self::linger) reads back what the kernel holds.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a duration the kernel cannot hold.
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
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    pub fn set_linger(&self, linger: Option<Duration>) -> io::Result<()>
    where
        K: TcpKind,
    {
        let linger = linger
            .map(|d| whole("SO_LINGER", d, sys::LINGER_UNIT, sys::LINGER_MAX))
            .transpose()?;
        self.inner().set_linger(linger)
    }

    socket2_getter! {
        /// The `SO_LINGER` setting.
        linger -> Option<Duration> where K: TcpKind
    }
}

/// Why the kernel would hold another buffer size than the one asked for.
const BUFFER_WHY: &str = "Linux holds twice the size asked for, capped by net.core.rmem_max \
                          or wmem_max and raised to its minimum";

/// Why the kernel would hold another timeout than the one asked for.
const TIMEOUT_WHY: &str = "Linux counts timeouts in clock ticks, and holds one too long for \
                           it as forever";

/// The size the kernel is to hold for a buffer size of `size`: refused if its `int` cannot
/// hold it.
fn buffer_size(option: &str, size: usize) -> io::Result<usize> {
    match size.checked_mul(sys::BUFFER_SIZE_FACTOR) {
        Some(held) if held <= sys::BUFFER_SIZE_MAX => Ok(held),
        _ => Err(invalid(format!(
            "{option}: {size} bytes is past what the kernel holds, {} bytes",
            sys::BUFFER_SIZE_MAX / sys::BUFFER_SIZE_FACTOR
        ))),
    }
}
