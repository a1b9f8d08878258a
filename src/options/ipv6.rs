//! IPv6 options (`IPPROTO_IPV6`): traffic class, hop limits, binding to foreign addresses,
//! and the multicast interface, hop limit and groups.

use std::io;
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
use std::os::fd::AsFd;

use super::ipv6_only_option;
use crate::kind::{InetKind, Kind, UdpKind};
use crate::socket::Socket;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::CanSetBindOption;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::CanSetTransparent;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use crate::state::State;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::{CanReadPathMtu, CanUseErrorQueue, State};

/// # IPv6 options (`IPPROTO_IPV6`)
///
/// [`ipv6(7)`]. On an IPv4 socket each fails at run time (the family is not in the type) with
/// `InvalidInput` and a message that says the option is IPv6's. `IPV6_FREEBIND` on an
/// [`Unbound`](crate::Unbound) socket, as [`bind(2)`] reads it; `IPV6_TRANSPARENT` where
/// `bind`, `connect` or a listener's handshake reads it; the traffic class and hop limit in
/// every state. The [rule table](crate#the-rule-table) has each reason and test.
///
/// Left out: the options only raw sockets use (`IPV6_HDRINCL`), and the ones that turn on
/// ancillary data (`IPV6_RECVTCLASS`, `IPV6_RECVHOPLIMIT`), which typesock has no `recvmsg`
/// to read.
///
/// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
/// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `IPV6_TCLASS`, the traffic class (DSCP and ECN bits) of every IPv6 packet sent
    /// ([`ipv6(7)`]). In every state, as [`set_tos_v4`](Self::set_tos_v4).
    ///
    /// The kernel holds a byte: values past 255 are refused (`u32::MAX` would reach the
    /// kernel as -1, "the default").
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value past 255.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v6()?;
    /// socket.set_tclass_v6(0x28)?;
    /// assert_eq!(socket.tclass_v6()?, 0x28);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
    #[cfg(any(
        target_os = "android",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "fuchsia",
        target_os = "linux",
        target_os = "macos",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "cygwin",
        target_os = "illumos",
    ))]
    pub fn set_tclass_v6(&self, tclass: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        super::in_range("IPV6_TCLASS", tclass, 0..=255)?;
        self.inner()
            .set_tclass_v6(tclass)
            .map_err(|e| ipv6_only_option(e, "IPV6_TCLASS"))
    }

    /// The `IPV6_TCLASS` value.
    #[cfg(any(
        target_os = "android",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "fuchsia",
        target_os = "linux",
        target_os = "macos",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "cygwin",
        target_os = "illumos",
    ))]
    pub fn tclass_v6(&self) -> io::Result<u32>
    where
        K: InetKind,
    {
        self.inner()
            .tclass_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_TCLASS"))
    }

    /// Sets `IPV6_UNICAST_HOPS`, the hop limit of every unicast IPv6 packet sent ([`ipv6(7)`]);
    /// [`set_ttl`](Self::set_ttl) sets it too, on an IPv6 socket. In every state.
    ///
    /// The kernel holds 0 to 255: other values are refused (`u32::MAX` would reach the kernel
    /// as -1, "the default").
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value past 255.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v6()?;
    /// socket.set_unicast_hops_v6(9)?;
    /// assert_eq!(socket.unicast_hops_v6()?, 9);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
    pub fn set_unicast_hops_v6(&self, hops: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        super::in_range("IPV6_UNICAST_HOPS", hops, 0..=255)?;
        self.inner()
            .set_unicast_hops_v6(hops)
            .map_err(|e| ipv6_only_option(e, "IPV6_UNICAST_HOPS"))
    }

    /// The `IPV6_UNICAST_HOPS` value.
    pub fn unicast_hops_v6(&self) -> io::Result<u32>
    where
        K: InetKind,
    {
        self.inner()
            .unicast_hops_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_UNICAST_HOPS"))
    }

    /// Sets `IPV6_FREEBIND`: `bind` may take an IPv6 address that is not (yet) on this
    /// machine, as [`set_freebind_v4`](Self::set_freebind_v4) does for IPv4. Only an
    /// [`Unbound`](crate::Unbound) socket has it: [`bind(2)`] reads it.
    ///
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_freebind_v6(&self, freebind: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        self.inner()
            .set_freebind_v6(freebind)
            .map_err(|e| ipv6_only_option(e, "IPV6_FREEBIND"))
    }

    /// Whether `IPV6_FREEBIND` is set.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn freebind_v6(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        self.inner()
            .freebind_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_FREEBIND"))
    }

    /// Sets `IPV6_RECVERR`: as [`set_recv_error_v4`](Self::set_recv_error_v4), for the
    /// socket's IPv6 traffic (ICMPv6 errors). On a dual-stack socket, its IPv4-mapped
    /// traffic reads `IP_RECVERR`: set both.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_recv_error_v6(&self, on: bool) -> io::Result<()>
    where
        S: CanUseErrorQueue<K>,
    {
        crate::sys::set_flag(self.as_fd(), crate::sys::Flag::RecvErrorV6, on)
            .map_err(|e| ipv6_only_option(e, "IPV6_RECVERR"))
    }

    /// Whether `IPV6_RECVERR` is set.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn recv_error_v6(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        crate::sys::flag(self.as_fd(), crate::sys::Flag::RecvErrorV6)
            .map_err(|e| ipv6_only_option(e, "IPV6_RECVERR"))
    }

    /// Sets `IPV6_DONTFRAG` ([RFC 3542]): a datagram larger than the path MTU fails with
    /// `EMSGSIZE` instead of being fragmented by this host (IPv6 routers never fragment), as
    /// a sender that probes the path MTU needs. In every state of a UDP socket: each
    /// datagram sent reads it. The one spelling on every platform that has it (Linux also
    /// has [`set_path_mtu_discovery_v6`](Self::set_path_mtu_discovery_v6)).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v6()?;
    /// socket.set_dont_fragment_v6(true)?;
    /// assert!(socket.dont_fragment_v6()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [RFC 3542]: https://www.rfc-editor.org/rfc/rfc3542#section-11.2
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    pub fn set_dont_fragment_v6(&self, on: bool) -> io::Result<()>
    where
        K: UdpKind,
    {
        crate::sys::set_flag(self.as_fd(), crate::sys::Flag::DontFragmentV6, on)
            .map_err(|e| ipv6_only_option(e, "IPV6_DONTFRAG"))
    }

    /// Whether `IPV6_DONTFRAG` is set.
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    pub fn dont_fragment_v6(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        crate::sys::flag(self.as_fd(), crate::sys::Flag::DontFragmentV6)
            .map_err(|e| ipv6_only_option(e, "IPV6_DONTFRAG"))
    }

    /// Sets `IPV6_MTU_DISCOVER`: as [`set_path_mtu_discovery_v4`](Self::set_path_mtu_discovery_v4),
    /// for the socket's IPv6 datagrams (IPv6 routers never fragment: `Do` is what a
    /// sender that probes needs).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_path_mtu_discovery_v6(&self, mode: super::ip::PathMtuDiscovery) -> io::Result<()>
    where
        K: InetKind,
    {
        crate::sys::set_mtu_discover(self.as_fd(), true, mode.to_kernel())
            .map_err(|e| ipv6_only_option(e, "IPV6_MTU_DISCOVER"))
    }

    /// The `IPV6_MTU_DISCOVER` mode.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn path_mtu_discovery_v6(&self) -> io::Result<super::ip::PathMtuDiscovery>
    where
        K: InetKind,
    {
        let mode = crate::sys::mtu_discover(self.as_fd(), true)
            .map_err(|e| ipv6_only_option(e, "IPV6_MTU_DISCOVER"))?;
        super::ip::PathMtuDiscovery::from_kernel(mode)
    }

    /// The path MTU the kernel knows for the route to the peer: `IPV6_MTU` ([`ipv6(7)`]), as
    /// [`path_mtu_v4`](Self::path_mtu_v4), on a connected IPv6 socket.
    ///
    /// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn path_mtu_v6(&self) -> io::Result<u32>
    where
        S: CanReadPathMtu<K>,
    {
        crate::sys::path_mtu(self.as_fd(), true).map_err(|e| ipv6_only_option(e, "IPV6_MTU"))
    }

    /// Sets `IPV6_TRANSPARENT`, in the states of
    /// [`set_ip_transparent_v4`](Self::set_ip_transparent_v4). Needs `CAP_NET_ADMIN` or
    /// `CAP_NET_RAW`.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_ip_transparent_v6(&self, transparent: bool) -> io::Result<()>
    where
        S: CanSetTransparent<K>,
    {
        self.inner()
            .set_ip_transparent_v6(transparent)
            .map_err(|e| ipv6_only_option(e, "IPV6_TRANSPARENT"))
    }

    /// Whether `IPV6_TRANSPARENT` is set.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn ip_transparent_v6(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        self.inner()
            .ip_transparent_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_TRANSPARENT"))
    }
}

impl<S: State, K: Kind> Socket<S, K> {
    /// The IPv6 destination a TCP connection was addressed to before the firewall
    /// redirected it (`IP6T_SO_ORIGINAL_DST`), as [`original_dst_v4`](Self::original_dst_v4).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn original_dst_v6(&self) -> io::Result<std::net::SocketAddr>
    where
        K: crate::kind::TcpKind,
    {
        self.inner()
            .original_dst_v6()
            .map_err(|e| ipv6_only_option(e, "IP6T_SO_ORIGINAL_DST"))
            .and_then(|a| crate::kind::address::FromSockAddr::from_sock_addr(&a))
    }
}

/// # IPv6 multicast options of UDP sockets
///
/// In every UDP state, as the other multicast options: each datagram sent, group joined or
/// datagram received reads them.
impl<S: State, K: UdpKind> Socket<S, K> {
    /// Sets `IPV6_MULTICAST_HOPS`: how many hops IPv6 multicast datagrams may travel
    /// ([`ipv6(7)`]; 1, the default, keeps them on the local network).
    ///
    /// The kernel holds 0 to 255: other values are refused (`u32::MAX` would reach the kernel
    /// as -1, "the default").
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value past 255.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v6()?;
    /// socket.set_multicast_hops_v6(4)?;
    /// assert_eq!(socket.multicast_hops_v6()?, 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
    pub fn set_multicast_hops_v6(&self, hops: u32) -> io::Result<()> {
        super::in_range("IPV6_MULTICAST_HOPS", hops, 0..=255)?;
        self.inner()
            .set_multicast_hops_v6(hops)
            .map_err(|e| ipv6_only_option(e, "IPV6_MULTICAST_HOPS"))
    }

    /// The `IPV6_MULTICAST_HOPS` value.
    pub fn multicast_hops_v6(&self) -> io::Result<u32> {
        self.inner()
            .multicast_hops_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_MULTICAST_HOPS"))
    }

    /// Sets `IPV6_MULTICAST_IF`: the interface, by index, that IPv6 multicast datagrams
    /// leave from (0: the kernel chooses).
    pub fn set_multicast_if_v6(&self, interface: u32) -> io::Result<()> {
        self.inner()
            .set_multicast_if_v6(interface)
            .map_err(|e| ipv6_only_option(e, "IPV6_MULTICAST_IF"))
    }

    /// The `IPV6_MULTICAST_IF` value.
    pub fn multicast_if_v6(&self) -> io::Result<u32> {
        self.inner()
            .multicast_if_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_MULTICAST_IF"))
    }

    /// Sets `IPV6_MULTICAST_ALL`: as [`set_multicast_all_v4`](Self::set_multicast_all_v4),
    /// for IPv6 groups.
    #[cfg(target_os = "linux")]
    pub fn set_multicast_all_v6(&self, all: bool) -> io::Result<()> {
        self.inner()
            .set_multicast_all_v6(all)
            .map_err(|e| ipv6_only_option(e, "IPV6_MULTICAST_ALL"))
    }

    /// Whether `IPV6_MULTICAST_ALL` is set.
    #[cfg(target_os = "linux")]
    pub fn multicast_all_v6(&self) -> io::Result<bool> {
        self.inner()
            .multicast_all_v6()
            .map_err(|e| ipv6_only_option(e, "IPV6_MULTICAST_ALL"))
    }
}
