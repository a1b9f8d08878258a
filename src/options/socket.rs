//! Socket-level options (`SOL_SOCKET`) beyond the lifecycle's: marks, priorities, devices,
//! busy polling, out-of-band data, CPU affinity, and FreeBSD's load-balancing and FIB.

use std::io;

#[cfg(any(
    target_os = "ios",
    target_os = "visionos",
    target_os = "macos",
    target_os = "tvos",
    target_os = "watchos",
    target_os = "illumos",
    target_os = "solaris",
    target_os = "linux",
    target_os = "android",
))]
use std::num::NonZeroU32;

#[cfg(not(any(target_os = "redox", target_os = "wasi")))]
use crate::kind::TcpKind;
#[cfg_attr(windows, allow(unused_imports))]
use crate::kind::{InetKind, Kind};
use crate::socket::Socket;
#[cfg(target_os = "linux")]
use crate::state::CanSetCpuAffinity;
#[cfg(any(
    target_os = "ios",
    target_os = "visionos",
    target_os = "macos",
    target_os = "tvos",
    target_os = "watchos",
    target_os = "illumos",
    target_os = "solaris",
    target_os = "linux",
    target_os = "android",
    target_os = "fuchsia",
))]
use crate::state::CanSetDevice;
#[cfg(not(any(target_os = "redox", target_os = "wasi")))]
use crate::state::CanSetRecvOption;
use crate::state::State;

/// # Socket-level options (`SOL_SOCKET`)
///
/// [`socket(7)`]. Per-packet options (`SO_MARK`, `SO_PRIORITY`, `SO_BUSY_POLL`) in every state of
/// the internet kinds; the device binding where the route or the listener's lookup reads it;
/// `SO_OOBINLINE` while the socket still receives. The [rule table](crate#the-rule-table) has
/// each reason and test. The option groups follow socket2's: this one, then IPv4, IPv6,
/// TCP and Unix-domain.
///
/// Left out, of socket2's options: those of raw sockets (`IP_HDRINCL`, `IPV6_HDRINCL`) and of
/// DCCP, kinds typesock does not have; those that only turn on ancillary data
/// (`IP_RECVTOS`, `IPV6_RECVTCLASS`, `IPV6_RECVHOPLIMIT`), which typesock has no `recvmsg`
/// to read; classic BPF filters (`SO_ATTACH_FILTER`, `SO_DETACH_FILTER`), which would need a
/// program type of their own; `SO_NOSIGPIPE` and close-on-exec, which typesock sets itself;
/// Cygwin's `SO_PEERCRED` switch and Windows' `SIO_TCP_SET_ACK_FREQUENCY`, for platforms
/// typesock does not build on.
///
/// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `SO_MARK`, the firewall mark of every packet this socket sends, read by policy
    /// routing and netfilter ([`socket(7)`]).
    ///
    /// In every state: each packet is marked as it leaves, a listener's SYN-ACKs carry its
    /// mark, and its accepted sockets inherit it. Needs `CAP_NET_ADMIN` (or `CAP_NET_RAW`):
    /// `PermissionDenied` without.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_mark(7)?; // needs CAP_NET_ADMIN
    /// assert_eq!(socket.mark()?, 7);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_mark(&self, mark: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        self.inner().set_mark(mark)
    }

    socket2_getter! {
        /// The `SO_MARK` value.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        mark -> u32 where K: InetKind
    }

    /// Sets `SO_PRIORITY`, the queueing priority of every packet this socket sends
    /// ([`socket(7)`]).
    ///
    /// In every state, as [`set_mark`](Self::set_mark). Values above 6 need
    /// `CAP_NET_ADMIN`. Setting `IP_TOS` ([`set_tos_v4`](Self::set_tos_v4)) afterwards
    /// replaces the priority with one derived from the TOS ([`ip(7)`]): set the priority last.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_priority(4)?;
    /// assert_eq!(socket.priority()?, 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_priority(&self, priority: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        self.inner().set_priority(priority)
    }

    socket2_getter! {
        /// The `SO_PRIORITY` value.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        priority -> u32 where K: InetKind
    }

    /// Sets `SO_BUSY_POLL`: a blocking receive or poll with no data busy-waits on the
    /// device's queue for up to `micros` microseconds before sleeping ([`socket(7)`]).
    ///
    /// In every state: each receive and poll reads it, and a listener's is inherited.
    /// Raising it above `net.core.busy_read` needs `CAP_NET_ADMIN`. The kernel holds a C
    /// `int`: values past `INT_MAX` (up to `u32::MAX`) are refused, never wrapped or capped.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value past `INT_MAX`.
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(target_os = "linux")]
    pub fn set_busy_poll(&self, micros: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        super::in_range("SO_BUSY_POLL", micros, 0..=crate::sys::BUSY_POLL_MAX)?;
        self.inner().set_busy_poll(micros)
    }

    socket2_getter! {
        /// The `SO_BUSY_POLL` value, in microseconds.
        #[cfg(target_os = "linux")]
        busy_poll -> u32 where K: InetKind
    }

    /// Sets `SO_OOBINLINE`: urgent (out-of-band) data is read in line with the other data,
    /// rather than only with `MSG_OOB` ([`socket(7)`]).
    ///
    /// In every state that still receives (not [`WriteOnly`](crate::WriteOnly)); a
    /// listener's is inherited.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_out_of_band_inline(true)?;
    /// assert!(socket.out_of_band_inline()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(not(any(target_os = "redox", target_os = "wasi")))]
    pub fn set_out_of_band_inline(&self, inline: bool) -> io::Result<()>
    where
        S: CanSetRecvOption,
        K: TcpKind,
    {
        self.inner().set_out_of_band_inline(inline)
    }

    socket2_getter! {
        /// Whether `SO_OOBINLINE` is set.
        #[cfg(not(any(target_os = "redox", target_os = "wasi")))]
        out_of_band_inline -> bool where K: TcpKind
    }

    /// Sets `SO_INCOMING_CPU`: the CPU this socket prefers to receive on, a tie-breaker when
    /// the kernel chooses a listening or UDP socket for an incoming packet ([`socket(7)`]).
    ///
    /// On a TCP socket that is to listen or listens, and on a UDP socket: a connected TCP
    /// socket's value is overwritten by each packet it receives.
    ///
    /// The kernel holds a C `int`: a CPU past `INT_MAX` is refused, never wrapped.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a CPU past `INT_MAX`.
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(target_os = "linux")]
    pub fn set_cpu_affinity(&self, cpu: usize) -> io::Result<()>
    where
        S: CanSetCpuAffinity<K>,
    {
        super::in_range("SO_INCOMING_CPU", cpu, 0..=crate::sys::CPU_MAX)?;
        self.inner().set_cpu_affinity(cpu)
    }

    socket2_getter! {
        /// The `SO_INCOMING_CPU` value: the CPU set, or the one the last packet arrived on.
        #[cfg(target_os = "linux")]
        cpu_affinity -> usize where K: InetKind
    }

    /// Binds the socket to a network device by name (`SO_BINDTODEVICE`, [`socket(7)`]): it then
    /// sends through that device only and "only packets received from that particular
    /// interface are processed by the socket". `None` removes the binding.
    ///
    /// On a TCP socket before `connect` (the route is looked up there) or on a listener
    /// (it then takes connections from that device only); on a UDP socket in every state
    /// that receives. Since Linux 5.7 no privilege is needed to bind to a device; an unknown
    /// name is `ENODEV`.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.bind_device(Some(b"lo"))?;
    /// assert_eq!(socket.device()?.as_deref(), Some(&b"lo"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn bind_device(&self, interface: Option<&[u8]>) -> io::Result<()>
    where
        S: CanSetDevice<K>,
    {
        self.inner().bind_device(interface)
    }

    socket2_getter! {
        /// The name of the device the socket is bound to, if any.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        device -> Option<Vec<u8>> where K: InetKind
    }

    /// Binds an IPv4 socket to a network device by index (`SO_BINDTOIFINDEX` on Linux,
    /// `IP_BOUND_IF` on Apple's systems and illumos), in the states of
    /// [`bind_device`](Self::bind_device). `None` removes the binding.
    #[cfg(any(
        target_os = "ios",
        target_os = "visionos",
        target_os = "macos",
        target_os = "tvos",
        target_os = "watchos",
        target_os = "illumos",
        target_os = "solaris",
        target_os = "linux",
        target_os = "android",
    ))]
    #[cfg_attr(
        docsrs,
        doc(cfg(any(
            target_os = "linux",
            target_os = "android",
            target_os = "macos",
            target_os = "ios"
        )))
    )]
    pub fn bind_device_by_index_v4(&self, interface: Option<NonZeroU32>) -> io::Result<()>
    where
        S: CanSetDevice<K>,
    {
        self.inner().bind_device_by_index_v4(interface)
    }

    /// Binds an IPv6 socket to a network device by index, in the states of
    /// [`bind_device`](Self::bind_device). `None` removes the binding.
    #[cfg(any(
        target_os = "ios",
        target_os = "visionos",
        target_os = "macos",
        target_os = "tvos",
        target_os = "watchos",
        target_os = "illumos",
        target_os = "solaris",
        target_os = "linux",
        target_os = "android",
    ))]
    #[cfg_attr(
        docsrs,
        doc(cfg(any(
            target_os = "linux",
            target_os = "android",
            target_os = "macos",
            target_os = "ios"
        )))
    )]
    pub fn bind_device_by_index_v6(&self, interface: Option<NonZeroU32>) -> io::Result<()>
    where
        S: CanSetDevice<K>,
    {
        self.inner()
            .bind_device_by_index_v6(interface)
            .map_err(|e| super::ipv6_only_option(e, "the IPv6 device binding"))
    }

    socket2_getter! {
        /// The index of the device an IPv4 socket is bound to, if any.
        #[cfg(any(
            target_os = "ios",
            target_os = "visionos",
            target_os = "macos",
            target_os = "tvos",
            target_os = "watchos",
            target_os = "illumos",
            target_os = "solaris",
            target_os = "linux",
            target_os = "android",
        ))]
        #[cfg_attr(
            docsrs,
            doc(cfg(any(
                target_os = "linux",
                target_os = "android",
                target_os = "macos",
                target_os = "ios"
            )))
        )]
        device_index_v4 -> Option<NonZeroU32> where K: InetKind
    }

    /// The index of the device an IPv6 socket is bound to, if any.
    #[cfg(any(
        target_os = "ios",
        target_os = "visionos",
        target_os = "macos",
        target_os = "tvos",
        target_os = "watchos",
        target_os = "illumos",
        target_os = "solaris",
        target_os = "linux",
        target_os = "android",
    ))]
    #[cfg_attr(
        docsrs,
        doc(cfg(any(
            target_os = "linux",
            target_os = "android",
            target_os = "macos",
            target_os = "ios"
        )))
    )]
    pub fn device_index_v6(&self) -> io::Result<Option<NonZeroU32>>
    where
        K: InetKind,
    {
        self.inner()
            .device_index_v6()
            .map_err(|e| super::ipv6_only_option(e, "the IPv6 device binding"))
    }

    /// The socket's cookie, `SO_COOKIE`: a number the kernel gives each socket, unique while
    /// the system runs, by which BPF programs and `ss` name it ([`socket(7)`]). In every state.
    ///
    /// # Example
    ///
    /// ```
    /// let a = typesock::Socket::tcp_v4()?;
    /// let b = typesock::Socket::unix_stream()?;
    /// assert_ne!(a.cookie()?, b.cookie()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[cfg(target_os = "linux")]
    pub fn cookie(&self) -> io::Result<u64> {
        self.inner().cookie()
    }

    /// Sets FreeBSD's `SO_SETFIB`: the routing table (FIB) of every route this socket looks
    /// up, and of its packets ([`setfib(2)`]). In every state.
    ///
    /// [`setfib(2)`]: https://man.freebsd.org/cgi/man.cgi?query=setfib&sektion=2
    #[cfg(target_os = "freebsd")]
    pub fn set_fib(&self, fib: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        self.inner().set_fib(fib)
    }
}
