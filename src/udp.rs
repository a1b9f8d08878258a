//! UDP options: broadcast and multicast. They act on the datagrams the socket sends and
//! receives, so every UDP state has them.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::kind::{Kind, UdpKind};
use crate::options::socket2_getter;
use crate::socket::Socket;
use crate::state::State;

/// Broadcast and multicast, in every UDP state ([`ip(7)`], [`ipv6(7)`]).
///
/// [`ip(7)`]: https://man7.org/linux/man-pages/man7/ip.7.html
/// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `SO_BROADCAST`: whether datagrams may be sent to a broadcast address.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_broadcast(true)?;
    /// assert!(socket.broadcast()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_broadcast(&self, broadcast: bool) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().set_broadcast(broadcast)
    }

    socket2_getter! {
        /// Whether `SO_BROADCAST` is set.
        broadcast -> bool where K: UdpKind
    }

    /// Joins the IPv4 multicast group `multiaddr` on the interface with address `interface`
    /// (`Ipv4Addr::UNSPECIFIED` lets the kernel choose): `IP_ADD_MEMBERSHIP`.
    ///
    /// Datagrams sent to the group arrive at a socket bound to the group's port.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use std::net::{Ipv4Addr, SocketAddr};
    ///
    /// let socket = typesock::Socket::udp_v4()?
    ///     .bind(SocketAddr::from(([0, 0, 0, 0], 5353)))?;
    /// let group = Ipv4Addr::new(239, 255, 0, 1);
    /// socket.join_multicast_v4(&group, &Ipv4Addr::UNSPECIFIED)?;
    /// socket.leave_multicast_v4(&group, &Ipv4Addr::UNSPECIFIED)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn join_multicast_v4(&self, multiaddr: &Ipv4Addr, interface: &Ipv4Addr) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().join_multicast_v4(multiaddr, interface)
    }

    /// Leaves an IPv4 multicast group: `IP_DROP_MEMBERSHIP`.
    pub fn leave_multicast_v4(&self, multiaddr: &Ipv4Addr, interface: &Ipv4Addr) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().leave_multicast_v4(multiaddr, interface)
    }

    /// Joins the IPv6 multicast group `multiaddr` on the interface with index `interface`
    /// (0 lets the kernel choose): `IPV6_ADD_MEMBERSHIP`.
    pub fn join_multicast_v6(&self, multiaddr: &Ipv6Addr, interface: u32) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().join_multicast_v6(multiaddr, interface)
    }

    /// Leaves an IPv6 multicast group: `IPV6_DROP_MEMBERSHIP`.
    pub fn leave_multicast_v6(&self, multiaddr: &Ipv6Addr, interface: u32) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().leave_multicast_v6(multiaddr, interface)
    }

    /// Sets `IP_MULTICAST_IF`: the interface, by its IPv4 address, that IPv4 multicast
    /// datagrams leave from.
    pub fn set_multicast_if_v4(&self, interface: &Ipv4Addr) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().set_multicast_if_v4(interface)
    }

    socket2_getter! {
        /// The `IP_MULTICAST_IF` setting.
        multicast_if_v4 -> Ipv4Addr where K: UdpKind
    }

    /// Sets `IP_MULTICAST_LOOP`: whether this host receives the IPv4 multicast datagrams it
    /// sends.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_multicast_loop_v4(false)?;
    /// assert!(!socket.multicast_loop_v4()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_multicast_loop_v4(&self, on: bool) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().set_multicast_loop_v4(on)
    }

    socket2_getter! {
        /// Whether `IP_MULTICAST_LOOP` is set.
        multicast_loop_v4 -> bool where K: UdpKind
    }

    /// Sets `IP_MULTICAST_TTL`: how many hops IPv4 multicast datagrams may travel (1, the
    /// default, keeps them on the local network).
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
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_multicast_ttl_v4(4)?;
    /// assert_eq!(socket.multicast_ttl_v4()?, 4);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_multicast_ttl_v4(&self, ttl: u32) -> io::Result<()>
    where
        K: UdpKind,
    {
        crate::options::in_range("IP_MULTICAST_TTL", ttl, 0..=255)?;
        self.inner().set_multicast_ttl_v4(ttl)
    }

    socket2_getter! {
        /// The `IP_MULTICAST_TTL` setting.
        multicast_ttl_v4 -> u32 where K: UdpKind
    }

    /// Sets `IPV6_MULTICAST_LOOP`: whether this host receives the IPv6 multicast datagrams it
    /// sends.
    pub fn set_multicast_loop_v6(&self, on: bool) -> io::Result<()>
    where
        K: UdpKind,
    {
        self.inner().set_multicast_loop_v6(on)
    }

    socket2_getter! {
        /// Whether `IPV6_MULTICAST_LOOP` is set.
        multicast_loop_v6 -> bool where K: UdpKind
    }
}
