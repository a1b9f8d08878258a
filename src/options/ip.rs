//! IPv4 options (`IPPROTO_IP`): type of service, binding to foreign addresses, binding
//! without a port, and multicast to every group.

use std::io;
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
use std::os::fd::AsFd;

#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::kind::TcpKind;
use crate::kind::{InetKind, Kind, UdpKind};
use crate::socket::Socket;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::CanSetBindOption;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::CanSetTransparent;
use crate::state::State;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::{CanReadPathMtu, CanUseErrorQueue};

/// # IPv4 options (`IPPROTO_IP`)
///
/// [`ip(7)`]. The options [`bind(2)`] reads (`IP_FREEBIND`, `IP_BIND_ADDRESS_NO_PORT`) on an
/// [`Unbound`](crate::Unbound) socket; `IP_TRANSPARENT` where `bind`, `connect` or a
/// listener's handshake reads it; the type of service in every state. Linux also takes
/// these options on an IPv6 socket, for its IPv4-mapped traffic. The [rule
/// table](crate#the-rule-table) has each reason and test.
///
/// Left out: the options only raw sockets use (`IP_HDRINCL`), and the ones that turn on
/// ancillary data (`IP_RECVTOS`, ...), which typesock has no `recvmsg` to read.
///
/// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
/// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `IP_TOS`, the type-of-service byte (DSCP and ECN bits) of every IPv4 packet
    /// sent ([`ip(7)`]).
    ///
    /// In every state: each packet carries it, a listener's SYN-ACKs too, and its accepted
    /// sockets inherit it. On Linux it also sets the socket's `SO_PRIORITY` from the TOS
    /// (ip(7)): set [`set_priority`](Self::set_priority) after it. The kernel keeps the
    /// ECN bits of a TCP socket to itself.
    ///
    /// The kernel holds a byte: values past 255 are refused, never truncated, and so is a
    /// value whose ECN bits a TCP socket would drop (the setter reads the TOS back).
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a value past 255 or one the kernel would change.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_tos_v4(0x28)?; // DSCP AF11
    /// assert_eq!(socket.tos_v4()?, 0x28);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(not(any(
        target_os = "fuchsia",
        target_os = "redox",
        target_os = "solaris",
        target_os = "haiku",
        target_os = "wasi",
    )))]
    pub fn set_tos_v4(&self, tos: u32) -> io::Result<()>
    where
        K: InetKind,
    {
        super::in_range("IP_TOS", tos, 0..=255)?;
        super::set_verified(
            "IP_TOS",
            tos,
            "the kernel keeps the ECN bits of a TCP socket to itself",
            || self.inner().tos_v4(),
            |tos| self.inner().set_tos_v4(tos),
        )
    }

    socket2_getter! {
        /// The `IP_TOS` value.
        #[cfg(not(any(
            target_os = "fuchsia",
            target_os = "redox",
            target_os = "solaris",
            target_os = "haiku",
            target_os = "wasi",
        )))]
        tos_v4 -> u32 where K: InetKind
    }

    /// Sets `IP_FREEBIND`: `bind` may take an address that is not (yet) on this machine
    /// ([`ip(7)`]: "allows binding to an IP address that is nonlocal or does not (yet) exist").
    ///
    /// Only an [`Unbound`](crate::Unbound) socket has it: [`bind(2)`] reads it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_freebind_v4(true)?;
    /// // 192.0.2.1 (TEST-NET-1) is on no interface of this machine.
    /// let bound = socket.bind(SocketAddr::from(([192, 0, 2, 1], 0)))?;
    /// assert_eq!(bound.local_addr()?.ip().to_string(), "192.0.2.1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_freebind_v4(&self, freebind: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        self.inner().set_freebind_v4(freebind)
    }

    socket2_getter! {
        /// Whether `IP_FREEBIND` is set.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        freebind_v4 -> bool where K: InetKind
    }

    /// Sets `IP_RECVERR` ([`ip(7)`]): the errors the kernel learns for this socket's IPv4
    /// traffic (an ICMP "port unreachable" or "fragmentation needed", a local send failure)
    /// are queued on its error queue, each with the offending datagram, instead of being
    /// reported once as the socket's pending error. A UDP socket that sends to many peers
    /// learns which one refused; a TCP socket gets each error at once rather than after its
    /// retries. In every state: each error is queued as it arrives.
    ///
    /// The queue takes receive-buffer space until it is read (`recvmsg(2)` with
    /// `MSG_ERRQUEUE`), and a socket with queued errors polls readable with `POLLERR`.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_recv_error_v4(true)?;
    /// assert!(socket.recv_error_v4()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_recv_error_v4(&self, on: bool) -> io::Result<()>
    where
        S: CanUseErrorQueue<K>,
    {
        crate::sys::set_flag(self.as_fd(), crate::sys::Flag::RecvErrorV4, on)
    }

    /// Whether `IP_RECVERR` is set.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn recv_error_v4(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        crate::sys::flag(self.as_fd(), crate::sys::Flag::RecvErrorV4)
    }

    /// Sets `IP_MTU_DISCOVER`: how the socket's IPv4 datagrams meet the path MTU
    /// ([`ip(7)`]). [`PathMtuDiscovery::Do`] sets the don't-fragment bit and fails a send
    /// larger than the path MTU with `EMSGSIZE` (what QUIC and DPLPMTUD probing need);
    /// [`Want`](PathMtuDiscovery::Want), the default, discovers the MTU and fragments
    /// locally; [`Dont`](PathMtuDiscovery::Dont) never sets the bit. In every state: each
    /// datagram sent reads it.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::{PathMtuDiscovery, Socket};
    ///
    /// let socket = Socket::udp_v4()?;
    /// socket.set_path_mtu_discovery_v4(PathMtuDiscovery::Do)?;
    /// assert_eq!(socket.path_mtu_discovery_v4()?, PathMtuDiscovery::Do);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_path_mtu_discovery_v4(&self, mode: PathMtuDiscovery) -> io::Result<()>
    where
        K: InetKind,
    {
        crate::sys::set_mtu_discover(self.as_fd(), false, mode.to_kernel())
    }

    /// Sets `IP_DONTFRAG` (FreeBSD, Apple's systems): the don't-fragment bit on every IPv4
    /// datagram sent, and `EMSGSIZE` for one larger than the path MTU: what Linux spells
    /// [`PathMtuDiscovery::Do`] (`set_path_mtu_discovery_v4`, Linux's alone). In every state
    /// of a UDP socket.
    #[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
    pub fn set_dont_fragment_v4(&self, on: bool) -> io::Result<()>
    where
        K: UdpKind,
    {
        crate::sys::set_flag(self.as_fd(), crate::sys::Flag::DontFragmentV4, on)
    }

    /// Whether `IP_DONTFRAG` is set (FreeBSD, Apple's systems).
    #[cfg(any(target_os = "freebsd", target_vendor = "apple"))]
    pub fn dont_fragment_v4(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        crate::sys::flag(self.as_fd(), crate::sys::Flag::DontFragmentV4)
    }

    /// The `IP_MTU_DISCOVER` mode.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn path_mtu_discovery_v4(&self) -> io::Result<PathMtuDiscovery>
    where
        K: InetKind,
    {
        PathMtuDiscovery::from_kernel(crate::sys::mtu_discover(self.as_fd(), false)?)
    }

    /// The path MTU the kernel knows for the route to the peer: `IP_MTU` ([`ip(7)`]), which
    /// "can be employed only when the socket has been connected". With
    /// [`PathMtuDiscovery::Do`], a send larger than it fails with `EMSGSIZE`, and an ICMP
    /// "fragmentation needed" lowers it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let peer = Socket::udp_v4()?.bind(any)?;
    /// let socket = Socket::udp_v4()?.connect(peer.local_addr()?)?;
    /// assert!(socket.path_mtu_v4()? >= 1280);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn path_mtu_v4(&self) -> io::Result<u32>
    where
        S: CanReadPathMtu<K>,
    {
        crate::sys::path_mtu(self.as_fd(), false)
    }

    /// Sets `IP_TRANSPARENT`: the socket may bind to, and send from, an address that is not
    /// on this machine, and with the `TPROXY` netfilter target, receive for it ([`ip(7)`];
    /// transparent proxying).
    ///
    /// On a TCP socket before `connect` (`bind` and the route lookup read it) or on a
    /// listener (the connections it takes inherit it); on a UDP socket in every state
    /// (each send reads it). Needs `CAP_NET_ADMIN` or `CAP_NET_RAW`: `PermissionDenied`
    /// without.
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_ip_transparent_v4(&self, transparent: bool) -> io::Result<()>
    where
        S: CanSetTransparent<K>,
    {
        self.inner().set_ip_transparent_v4(transparent)
    }

    socket2_getter! {
        /// Whether `IP_TRANSPARENT` is set.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        ip_transparent_v4 -> bool where K: InetKind
    }

    /// Sets `IP_BIND_ADDRESS_NO_PORT`: a `bind` to port 0 fixes the source address and
    /// reserves no port; `connect` then picks a port free for the whole 4-tuple ([`ip(7)`]).
    ///
    /// The client-at-scale option: without it, every socket bound to port 0 holds a port of
    /// its own, so one source address serves at most as many clients as the ephemeral range
    /// has ports; with it, ports are shared among connections to different destinations.
    /// Only an [`Unbound`](crate::Unbound) socket has it: [`bind(2)`] reads it. After such a
    /// `bind`, [`local_addr`](Self::local_addr) reports port 0 until `connect`. Linux takes
    /// it on IPv6 sockets too.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_bind_address_no_port(true)?;
    /// let bound = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    /// assert_eq!(bound.local_addr()?.port(), 0); // no port reserved yet
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_bind_address_no_port(&self, on: bool) -> io::Result<()>
    where
        S: CanSetBindOption,
        K: InetKind,
    {
        crate::sys::set_bind_address_no_port(self.as_fd(), on)
    }

    /// Whether `IP_BIND_ADDRESS_NO_PORT` is set.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn bind_address_no_port(&self) -> io::Result<bool>
    where
        K: InetKind,
    {
        crate::sys::bind_address_no_port(self.as_fd())
    }

    /// The destination a TCP connection was addressed to before the firewall redirected it
    /// (`SO_ORIGINAL_DST`, netfilter's `REDIRECT`/`DNAT`): what a transparent proxy reads on
    /// the sockets its listener accepts. `NotFound` (`ENOENT`) for a connection no rule
    /// redirected. A getter, in every state.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn original_dst_v4(&self) -> io::Result<std::net::SocketAddr>
    where
        K: TcpKind,
    {
        self.inner()
            .original_dst_v4()
            .and_then(|a| crate::kind::address::FromSockAddr::from_sock_addr(&a))
    }
}

/// # IPv4 multicast options of UDP sockets
///
/// In every UDP state, as the other multicast options: each group joined and datagram
/// received reads them.
///
/// Not offered: socket2's `join_multicast_v4_n`/`leave_multicast_v4_n`, which name the interface by
/// index or address with a socket2 type; [`join_multicast_v4`](Self::join_multicast_v4) names it by
/// address.
impl<S: State, K: UdpKind> Socket<S, K> {
    /// Joins the source-specific multicast group `group`, receiving only what `source` sends
    /// to it, on the interface with address `interface` (`IP_ADD_SOURCE_MEMBERSHIP`, [`ip(7)`]).
    ///
    /// # Example
    ///
    /// ```no_run
    /// use std::net::{Ipv4Addr, SocketAddr};
    ///
    /// let socket = typesock::Socket::udp_v4()?
    ///     .bind(SocketAddr::from(([0, 0, 0, 0], 5000)))?;
    /// let (source, group) = (Ipv4Addr::new(192, 0, 2, 7), Ipv4Addr::new(232, 1, 1, 1));
    /// socket.join_ssm_v4(&source, &group, &Ipv4Addr::UNSPECIFIED)?;
    /// socket.leave_ssm_v4(&source, &group, &Ipv4Addr::UNSPECIFIED)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(not(any(
        target_os = "dragonfly",
        target_os = "haiku",
        target_os = "hurd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "redox",
        target_os = "fuchsia",
    )))]
    pub fn join_ssm_v4(
        &self,
        source: &std::net::Ipv4Addr,
        group: &std::net::Ipv4Addr,
        interface: &std::net::Ipv4Addr,
    ) -> io::Result<()> {
        self.inner().join_ssm_v4(source, group, interface)
    }

    /// Leaves a source-specific multicast group (`IP_DROP_SOURCE_MEMBERSHIP`).
    #[cfg(not(any(
        target_os = "dragonfly",
        target_os = "haiku",
        target_os = "hurd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "redox",
        target_os = "fuchsia",
    )))]
    pub fn leave_ssm_v4(
        &self,
        source: &std::net::Ipv4Addr,
        group: &std::net::Ipv4Addr,
        interface: &std::net::Ipv4Addr,
    ) -> io::Result<()> {
        self.inner().leave_ssm_v4(source, group, interface)
    }

    /// Sets `IP_MULTICAST_ALL`: whether the socket, bound to a wildcard address, receives the
    /// datagrams of every multicast group some socket of the machine joined (the Linux
    /// default), or only of the groups it joined itself ([`ip(7)`]).
    ///
    /// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
    #[cfg(target_os = "linux")]
    pub fn set_multicast_all_v4(&self, all: bool) -> io::Result<()> {
        self.inner().set_multicast_all_v4(all)
    }

    /// Whether `IP_MULTICAST_ALL` is set.
    #[cfg(target_os = "linux")]
    pub fn multicast_all_v4(&self) -> io::Result<bool> {
        self.inner().multicast_all_v4()
    }
}

/// The path MTU discovery mode of a socket (`IP_MTU_DISCOVER`, `IPV6_MTU_DISCOVER`;
/// [`ip(7)`], [`ipv6(7)`]; Linux and Android).
///
/// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
/// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathMtuDiscovery {
    /// Never set the don't-fragment bit (`IP_PMTUDISC_DONT`).
    Dont,
    /// Discover the path MTU; fragment larger datagrams locally (`IP_PMTUDISC_WANT`, the
    /// default for UDP).
    Want,
    /// Set the don't-fragment bit; a send larger than the path MTU fails with `EMSGSIZE`
    /// (`IP_PMTUDISC_DO`).
    Do,
    /// Set the don't-fragment bit and ignore the path MTU the kernel knows: for probing
    /// (`IP_PMTUDISC_PROBE`).
    Probe,
    /// Use the interface's MTU, never a discovered one, and don't fragment
    /// (`IP_PMTUDISC_INTERFACE`).
    Interface,
    /// As `Interface`, but fragment what is larger (`IP_PMTUDISC_OMIT`).
    Omit,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl PathMtuDiscovery {
    const ALL: [PathMtuDiscovery; 6] = [
        PathMtuDiscovery::Dont,
        PathMtuDiscovery::Want,
        PathMtuDiscovery::Do,
        PathMtuDiscovery::Probe,
        PathMtuDiscovery::Interface,
        PathMtuDiscovery::Omit,
    ];

    /// The kernel's number: the same for IPv4 and IPv6 (`IP_PMTUDISC_*`, 0 to 5).
    pub(crate) fn to_kernel(self) -> i32 {
        self as i32
    }

    pub(crate) fn from_kernel(mode: i32) -> io::Result<PathMtuDiscovery> {
        usize::try_from(mode)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the kernel reported path MTU discovery mode {mode}"),
                )
            })
    }
}
