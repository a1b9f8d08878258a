//! What the kernel knows of each datagram: the address it was sent to and the interface it
//! came in on, its traffic class and ECN bits, the kernel's receive timestamp (Linux,
//! Android, FreeBSD, Apple's systems); and a send that chooses its source address and its
//! traffic class (Linux, Android).
//!
//! Each piece of metadata is an option of the receiving socket ([`CanReceiveMetadata`]);
//! each reads as `None` on a datagram that does not carry it, never as a value of the
//! crate's making (the kernel's own stand-in timestamp is documented on
//! [`RecvMeta::timestamp`]).

#[cfg(any(target_os = "linux", target_os = "android"))]
use std::io::IoSlice;
use std::io::{self, IoSliceMut};
use std::net::IpAddr;
#[cfg(any(target_os = "linux", target_os = "android"))]
use std::net::SocketAddr;
use std::os::fd::AsFd;
use std::time::{Duration, SystemTime};

use crate::batch::RecvMeta;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::batch::SegmentsError;
use crate::kind::{Kind, UdpKind};
use crate::socket::Socket;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::CanSend;
use crate::state::{CanReceiveMetadata, CanRecv, CanSendTo, State};
use crate::sys;
use crate::sys::Flag;

/// The two ECN bits of an IP header ([RFC 3168]): the low two bits of the IPv4 TOS byte and
/// of the IPv6 traffic class.
///
/// [RFC 3168]: https://www.rfc-editor.org/rfc/rfc3168
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ecn {
    /// `00`: the sender does not do ECN.
    NotEct,
    /// `01`: ECN-capable transport, codepoint 1 (L4S).
    Ect1,
    /// `10`: ECN-capable transport, codepoint 0.
    Ect0,
    /// `11`: congestion experienced, set by a router on the way.
    Ce,
}

impl Ecn {
    /// The ECN bits of a TOS byte or traffic class.
    pub const fn from_traffic_class(traffic_class: u8) -> Ecn {
        match traffic_class & 0b11 {
            0b00 => Ecn::NotEct,
            0b01 => Ecn::Ect1,
            0b10 => Ecn::Ect0,
            _ => Ecn::Ce,
        }
    }

    /// The two bits, as they sit in the TOS byte or traffic class.
    pub const fn bits(self) -> u8 {
        match self {
            Ecn::NotEct => 0b00,
            Ecn::Ect1 => 0b01,
            Ecn::Ect0 => 0b10,
            Ecn::Ce => 0b11,
        }
    }
}

/// What a send asks of the kernel beyond the bytes and the destination (Linux, Android): the
/// source address, and the traffic class with its ECN bits, for this datagram only.
///
/// Built with [`new`](Self::new) and the `with_` methods; given to
/// [`send_to_with_meta`](Socket::send_to_with_meta) and
/// [`send_with_meta`](Socket::send_with_meta).
///
/// # Example
///
/// A reply from the address the request came to, on a socket bound to the wildcard: the
/// request's [`destination`](RecvMeta::destination) is the reply's source.
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::{Ecn, RecvMeta, SendMeta, Socket};
///
/// let server = Socket::udp_v4()?.bind(SocketAddr::from(([0, 0, 0, 0], 0)))?;
/// server.set_recv_destination_v4(true)?;
/// let port = server.local_addr()?.port();
/// let client = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
/// client.send_to(b"ping", SocketAddr::from(([127, 0, 0, 2], port)))?;
///
/// let (mut buf, mut meta) = ([0; 16], RecvMeta::new());
/// let n = server.recv_from_with_meta(&mut buf, &mut meta)?;
/// let to = meta.destination().expect("IP_PKTINFO is on");
/// assert_eq!(to, std::net::IpAddr::from([127, 0, 0, 2]));
/// let reply = SendMeta::new().with_source(to).with_ecn(Ecn::Ect0);
/// server.send_to_with_meta(&buf[..n], meta.addr()?, &reply)?;
///
/// let (_, from) = client.recv_from(&mut buf)?;
/// assert_eq!(from.ip(), to, "the reply comes from where the request went");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SendMeta {
    source: Option<IpAddr>,
    traffic_class: Option<u8>,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl SendMeta {
    /// Nothing beyond the socket's own settings.
    pub const fn new() -> SendMeta {
        SendMeta {
            source: None,
            traffic_class: None,
        }
    }

    /// Sends from `source` (`IP_PKTINFO`'s `ipi_spec_dst`, `IPV6_PKTINFO`'s `ipi6_addr`):
    /// one of the machine's addresses, as a socket bound to the wildcard answers from the
    /// address a request came to. An IPv4 source on an IPv6 socket is sent as its
    /// IPv4-mapped address, for an IPv4-mapped destination.
    pub const fn with_source(self, source: IpAddr) -> SendMeta {
        SendMeta {
            source: Some(source),
            ..self
        }
    }

    /// Sends with this TOS byte (IPv4) or traffic class (IPv6), its ECN bits included
    /// (`IP_TOS`, `IPV6_TCLASS` as control messages).
    pub const fn with_traffic_class(self, traffic_class: u8) -> SendMeta {
        SendMeta {
            traffic_class: Some(traffic_class),
            ..self
        }
    }

    /// Sends with these ECN bits, and the DSCP bits of the traffic class set before (none:
    /// 0).
    pub const fn with_ecn(self, ecn: Ecn) -> SendMeta {
        let dscp = match self.traffic_class {
            Some(class) => class & !0b11,
            None => 0,
        };
        self.with_traffic_class(dscp | ecn.bits())
    }

    /// The source address asked for.
    pub const fn source(&self) -> Option<IpAddr> {
        self.source
    }

    /// The traffic class asked for.
    pub const fn traffic_class(&self) -> Option<u8> {
        self.traffic_class
    }

    pub(crate) fn extras(&self) -> sys::SendExtras {
        sys::SendExtras {
            source: self.source,
            traffic_class: self.traffic_class,
            segment: None,
        }
    }
}

/// The receive-metadata options (Linux, Android, FreeBSD, Apple's systems): each makes the
/// kernel attach one more piece of knowledge to every datagram it queues for the socket,
/// read from [`RecvMeta`].
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `IP_PKTINFO`: each IPv4 datagram received carries the address it was sent to
    /// and the interface it came in on ([`RecvMeta::destination`],
    /// [`RecvMeta::interface`]), which a socket bound to `0.0.0.0` needs to answer from the
    /// right address. On FreeBSD and Apple's systems the option is `IP_RECVDSTADDR`, whose
    /// message carries the destination and no interface. On a dual-stack IPv6 socket, set
    /// [`set_recv_destination_v6`](Self::set_recv_destination_v6): it covers the
    /// IPv4-mapped datagrams too.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_recv_destination_v4(true)?;
    /// assert!(socket.recv_destination_v4()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_recv_destination_v4(&self, on: bool) -> io::Result<()>
    where
        S: CanReceiveMetadata<K>,
    {
        sys::set_flag(self.as_fd(), Flag::DestinationV4, on)
    }

    /// Whether `IP_PKTINFO` is set.
    pub fn recv_destination_v4(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        sys::flag(self.as_fd(), Flag::DestinationV4)
    }

    /// Sets `IPV6_RECVPKTINFO`: as [`set_recv_destination_v4`](Self::set_recv_destination_v4)
    /// for the datagrams of an IPv6 socket, its IPv4-mapped ones included (their
    /// destination reads as an IPv4-mapped address).
    pub fn set_recv_destination_v6(&self, on: bool) -> io::Result<()>
    where
        S: CanReceiveMetadata<K>,
    {
        sys::set_flag(self.as_fd(), Flag::DestinationV6, on)
    }

    /// Whether `IPV6_RECVPKTINFO` is set.
    pub fn recv_destination_v6(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        sys::flag(self.as_fd(), Flag::DestinationV6)
    }

    /// Sets `IP_RECVTOS`: each IPv4 datagram received carries its TOS byte, DSCP and ECN
    /// bits ([`RecvMeta::traffic_class`], [`RecvMeta::ecn`]).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_recv_traffic_class_v4(true)?;
    /// assert!(socket.recv_traffic_class_v4()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_recv_traffic_class_v4(&self, on: bool) -> io::Result<()>
    where
        S: CanReceiveMetadata<K>,
    {
        sys::set_flag(self.as_fd(), Flag::TrafficClassV4, on)
    }

    /// Whether `IP_RECVTOS` is set.
    pub fn recv_traffic_class_v4(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        sys::flag(self.as_fd(), Flag::TrafficClassV4)
    }

    /// Sets `IPV6_RECVTCLASS`: as
    /// [`set_recv_traffic_class_v4`](Self::set_recv_traffic_class_v4), for the IPv6
    /// datagrams of an IPv6 socket. Its IPv4-mapped datagrams carry their TOS byte only
    /// with `IP_RECVTOS`: on a dual-stack socket, set both.
    pub fn set_recv_traffic_class_v6(&self, on: bool) -> io::Result<()>
    where
        S: CanReceiveMetadata<K>,
    {
        sys::set_flag(self.as_fd(), Flag::TrafficClassV6, on)
    }

    /// Whether `IPV6_RECVTCLASS` is set.
    pub fn recv_traffic_class_v6(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        sys::flag(self.as_fd(), Flag::TrafficClassV6)
    }

    /// Sets `SO_TIMESTAMPNS`: each datagram received carries the time the kernel received
    /// it, in nanoseconds of the real-time clock ([`RecvMeta::timestamp`]): what a
    /// latency measurement needs, free of the time the datagram waited in the queue. On
    /// FreeBSD and Apple's systems the option is `SO_TIMESTAMP`, in microseconds.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::udp_v4()?;
    /// socket.set_recv_timestamps(true)?;
    /// assert!(socket.recv_timestamps()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn set_recv_timestamps(&self, on: bool) -> io::Result<()>
    where
        S: CanReceiveMetadata<K>,
    {
        sys::set_flag(self.as_fd(), Flag::Timestamps, on)
    }

    /// Whether `SO_TIMESTAMPNS` is set.
    pub fn recv_timestamps(&self) -> io::Result<bool>
    where
        K: UdpKind,
    {
        sys::flag(self.as_fd(), Flag::Timestamps)
    }
}

/// One datagram with its metadata: the receive that fills a [`RecvMeta`], and (Linux,
/// Android) the send that takes a `SendMeta`.
impl<S: State, K: Kind> Socket<S, K> {
    /// Receives one datagram and what the kernel knows of it into `meta`: its length,
    /// truncation and sender, and the metadata the socket's options asked for (its
    /// destination, traffic class, timestamp; on a `UdpGro` socket (Linux), the segment
    /// size). Returns the length written into `buf`. One [`recvmmsg(2)`] of one datagram
    /// (one `recvmsg(2)` on Apple's systems); nothing allocates.
    ///
    /// # Errors
    ///
    /// As [`recv_batch_from`](Self::recv_batch_from).
    ///
    /// [`recvmmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmmsg.2.html
    pub fn recv_from_with_meta(&self, buf: &mut [u8], meta: &mut RecvMeta<K>) -> io::Result<usize>
    where
        S: CanSendTo,
        K: UdpKind,
    {
        self.recv_one_with_meta(buf, meta)
    }

    /// One datagram into `buf` and `meta`, the connected and the bound receive's: a batch of
    /// one, whose control space the UDP entry offers the kernel.
    fn recv_one_with_meta(&self, buf: &mut [u8], meta: &mut RecvMeta<K>) -> io::Result<usize>
    where
        K: UdpKind,
    {
        sys::recv_batch(
            self.inner(),
            &mut [IoSliceMut::new(buf)],
            std::slice::from_mut(meta),
            true,
        )?;
        Ok(meta.len())
    }

    /// Receives one datagram from the peer and its metadata, as
    /// [`recv_from_with_meta`](Self::recv_from_with_meta).
    ///
    /// # Errors
    ///
    /// As [`recv_batch`](Self::recv_batch).
    pub fn recv_with_meta(&self, buf: &mut [u8], meta: &mut RecvMeta<K>) -> io::Result<usize>
    where
        S: CanRecv<K>,
        K: UdpKind,
    {
        self.recv_one_with_meta(buf, meta)
    }

    /// Sends one datagram to `addr` with what `meta` asks for (a source address, a traffic
    /// class): one [`sendmsg(2)`] with the control messages (Linux, Android). See
    /// [`SendMeta`] for an example.
    ///
    /// # Errors
    ///
    /// As [`send_to`](Self::send_to); `EINVAL` for a source that is not one of the
    /// machine's addresses (unless `IP_FREEBIND` or `IP_TRANSPARENT` allows it).
    ///
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn send_to_with_meta(
        &self,
        buf: &[u8],
        addr: SocketAddr,
        meta: &SendMeta,
    ) -> io::Result<usize>
    where
        S: CanSendTo,
        K: UdpKind,
    {
        sys::send_with_extras(self.inner(), buf, Some(&addr), meta.extras())
    }

    /// Sends one datagram to the peer with what `meta` asks for, as
    /// [`send_to_with_meta`](Self::send_to_with_meta).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn send_with_meta(&self, buf: &[u8], meta: &SendMeta) -> io::Result<usize>
    where
        S: CanSend<K>,
        K: UdpKind,
    {
        sys::send_with_extras(self.inner(), buf, None, meta.extras())
    }
}

/// Batches and segments with their metadata (Linux, Android): each datagram of a batch
/// with its own [`SendMeta`], every segment of one buffer with the same.
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends datagrams, each to its address with its [`SendMeta`], as
    /// [`send_batch_to`](Self::send_batch_to): one [`sendmmsg(2)`] for up to 64, each
    /// header with its control messages (a source address, a traffic class) on the stack.
    ///
    /// # Errors
    ///
    /// `InvalidInput` unless `bufs`, `addrs` and `meta` have one length; otherwise as
    /// [`send_batch_to`](Self::send_batch_to).
    ///
    /// # Example
    ///
    /// ```
    /// use std::io::IoSlice;
    /// use std::net::SocketAddr;
    /// use typesock::{Ecn, SendMeta, Socket};
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let (a, b) = (Socket::udp_v4()?.bind(any)?, Socket::udp_v4()?.bind(any)?);
    /// let to = b.local_addr()?;
    /// let bufs = [IoSlice::new(b"marked"), IoSlice::new(b"congested")];
    /// let meta = [Ecn::Ect0, Ecn::Ce].map(|ecn| SendMeta::new().with_ecn(ecn));
    /// assert_eq!(a.send_batch_to_with_meta(&bufs, &[to, to], &meta)?, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`sendmmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmmsg.2.html
    pub fn send_batch_to_with_meta(
        &self,
        bufs: &[IoSlice<'_>],
        addrs: &[SocketAddr],
        meta: &[SendMeta],
    ) -> io::Result<usize>
    where
        S: CanSendTo,
        K: UdpKind,
    {
        if bufs.len() != addrs.len() {
            return Err(crate::batch::length_mismatch(bufs.len(), addrs.len()));
        }
        if bufs.len() != meta.len() {
            return Err(crate::batch::meta_mismatch(bufs.len(), meta.len()));
        }
        sys::send_batch_to_inet_with(self.inner(), bufs, addrs, |i| meta[i].extras())
    }

    /// Sends datagrams to the peer, each with its [`SendMeta`], as
    /// [`send_batch`](Self::send_batch).
    ///
    /// # Errors
    ///
    /// `InvalidInput` unless `bufs` and `meta` have one length; otherwise as
    /// [`send_batch`](Self::send_batch).
    pub fn send_batch_with_meta(&self, bufs: &[IoSlice<'_>], meta: &[SendMeta]) -> io::Result<usize>
    where
        S: CanSend<K>,
        K: UdpKind,
    {
        if bufs.len() != meta.len() {
            return Err(crate::batch::meta_mismatch(bufs.len(), meta.len()));
        }
        sys::send_batch_connected_with(self.inner(), bufs, |i| meta[i].extras())
    }

    /// Sends `buf` as datagrams of `segment_size` bytes to `addr`, every one with what
    /// `meta` asks for, as [`send_segments_to`](Self::send_segments_to): one
    /// [`sendmsg(2)`] with `UDP_SEGMENT` and the metadata's control messages.
    ///
    /// # Errors
    ///
    /// As [`send_segments_to`](Self::send_segments_to).
    ///
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    pub fn send_segments_to_with_meta(
        &self,
        buf: &[u8],
        segment_size: u16,
        addr: SocketAddr,
        meta: &SendMeta,
    ) -> Result<usize, SegmentsError>
    where
        S: CanSendTo,
        K: UdpKind,
    {
        let segments = SegmentsError::check(buf, segment_size)?;
        sys::send_segments(self.inner(), buf, segment_size, Some(&addr), meta.extras())
            .map_err(|e| SegmentsError::from_kernel(e, segments, segment_size))
    }

    /// Sends `buf` as datagrams of `segment_size` bytes to the peer, every one with what
    /// `meta` asks for, as [`send_segments`](Self::send_segments).
    ///
    /// # Errors
    ///
    /// As [`send_segments`](Self::send_segments).
    pub fn send_segments_with_meta(
        &self,
        buf: &[u8],
        segment_size: u16,
        meta: &SendMeta,
    ) -> Result<usize, SegmentsError>
    where
        S: CanSend<K>,
        K: UdpKind,
    {
        let segments = SegmentsError::check(buf, segment_size)?;
        sys::send_segments(self.inner(), buf, segment_size, None, meta.extras())
            .map_err(|e| SegmentsError::from_kernel(e, segments, segment_size))
    }
}

/// The metadata of a received UDP datagram (Linux, Android, FreeBSD, Apple's systems). Each
/// reads `None` when the datagram does not carry it: its option was off when the kernel
/// queued the datagram (an option turned on later does not reach the datagrams already
/// queued; the timestamp is the exception, see [`timestamp`](Self::timestamp)), or the
/// entry was never written.
impl<K: UdpKind> RecvMeta<K> {
    /// The address the datagram was sent to: one of the socket's addresses, which tells a
    /// socket bound to the wildcard where to answer from. Needs
    /// [`set_recv_destination_v4`](Socket::set_recv_destination_v4) (or `_v6`).
    pub fn destination(&self) -> Option<IpAddr> {
        self.slot().received().destination
    }

    /// The index of the interface the datagram came in on (as `if_nametoindex(3)` numbers
    /// them); with [`destination`](Self::destination), but for IPv4 on FreeBSD and Apple's
    /// systems, whose `IP_RECVDSTADDR` does not say.
    pub fn interface(&self) -> Option<u32> {
        self.slot().received().interface
    }

    /// The datagram's TOS byte (IPv4) or traffic class (IPv6): DSCP in the high six bits,
    /// ECN in the low two. Needs
    /// [`set_recv_traffic_class_v4`](Socket::set_recv_traffic_class_v4) (or `_v6`).
    pub fn traffic_class(&self) -> Option<u8> {
        self.slot().received().traffic_class
    }

    /// The datagram's ECN bits, from its [`traffic_class`](Self::traffic_class).
    pub fn ecn(&self) -> Option<Ecn> {
        self.traffic_class().map(Ecn::from_traffic_class)
    }

    /// When the kernel received the datagram, on the real-time clock. Needs
    /// [`set_recv_timestamps`](Socket::set_recv_timestamps).
    ///
    /// Unlike the other metadata, a datagram queued before the option was turned on is
    /// stamped too: with its arrival if some socket of the machine had timestamps on then
    /// (the kernel stamps every packet while one does), or else with the time of the
    /// receive call that takes it (`false_tstamp`, `__sock_recv_timestamp` in
    /// `net/socket.c`); nothing tells the two apart. Turn the option on before the
    /// datagrams to be timed arrive: before `bind`, or before the peer learns the address.
    pub fn timestamp(&self) -> Option<SystemTime> {
        let (secs, nanos) = self.slot().received().timestamp?;
        let since = Duration::new(secs.unsigned_abs(), 0);
        let whole = if secs >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(since)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(since)
        };
        whole?.checked_add(Duration::from_nanos(u64::from(nanos)))
    }

    /// Whether some of the datagram's metadata did not fit (`MSG_CTRUNC`), and reads as
    /// `None`. The entry holds every message the crate's options ask for at once (176
    /// bytes on 64-bit Linux), so this stays `false` unless another option added more.
    pub fn is_control_truncated(&self) -> bool {
        self.slot().is_control_truncated()
    }
}
