//! The kinds of socket: what [`socket(2)`] is asked for, and which addresses go with it.
//!
//! A kind is the `K` of a `Socket<S, K>`: [`Tcp`] (the default), [`Udp`], [`UnixStream`],
//! [`UnixDatagram`] and, on Linux and FreeBSD, `UnixSeqpacket`. Like the states, the kinds are
//! zero-sized types that cannot be built. The sub-traits group them for the methods that only
//! some kinds have:
//!
//! | trait | kinds | what it gives |
//! | --- | --- | --- |
//! | [`StreamKind`] | `Tcp`, `UnixStream`, `UnixSeqpacket` | connections: `listen`, `accept`, half-close |
//! | [`ByteStreamKind`] | `Tcp`, `UnixStream` | [`Read`](std::io::Read) and [`Write`](std::io::Write) |
//! | [`MessageKind`] | `Udp`, `UnixDatagram`, `UnixSeqpacket` | whole messages: `send`/`recv` once connected |
//! | [`DatagramKind`] | `Udp`, `UnixDatagram` | no connection: `send_to`/`recv_from` |
//! | [`InetKind`] | `Tcp`, `Udp` | the IP options, `set_reuse_address` |
//! | [`UnixKind`] | `UnixStream`, `UnixDatagram`, `UnixSeqpacket` | descriptor passing |
//! | [`UnixConnectionKind`] | `UnixStream`, `UnixSeqpacket` | peer credentials |
//! | [`UncoalescedKind`] | every kind but `UdpGro` | `recv_from`, `recv`, `peek_from`, `peek` |
//!
//! On Linux and Android, `UdpGro` is UDP with receive offload on: every UDP kind trait
//! ([`UdpKind`], `DatagramKind`, ...) but [`UncoalescedKind`], since a receive that cannot
//! say where one datagram ends would read several as one.
//!
//! [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html

use std::fmt;
use std::net::SocketAddr;

use socket2::{Domain, Type};

#[cfg(unix)]
use crate::addr::UnixAddr;
use crate::sealed;

pub(crate) mod address;

/// A kind of socket (sealed): [`Tcp`], [`Udp`], [`UnixStream`], [`UnixDatagram`], (Linux,
/// FreeBSD) `UnixSeqpacket` or (Linux) `UdpGro`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a kind of typesock's sockets",
    label = "not one of typesock's kinds",
    note = "the kinds are `Tcp`, `Udp`, `UdpGro`, `UnixStream`, `UnixDatagram` and `UnixSeqpacket`, sealed: each has its rows in the rule table"
)]
pub trait Kind: sealed::KindFacts + Send + Sync + 'static {
    /// The kind's name, as [`Debug`](std::fmt::Debug) prints it.
    const NAME: &'static str;
    /// The address type that [`local_addr`](crate::Socket::local_addr),
    /// [`peer_addr`](crate::Socket::peer_addr), [`accept`](crate::Socket::accept) and
    /// `recv_from` return: [`SocketAddr`] for the internet kinds, [`UnixAddr`] for the Unix ones.
    type Addr: fmt::Debug + fmt::Display + Clone + Send + Sync + 'static + address::FromSockAddr;
}

/// A connection-oriented kind (sealed): [`Tcp`], [`UnixStream`] and `UnixSeqpacket`. Only
/// these `listen`, `accept` and shut one direction down; the byte streams among them
/// ([`ByteStreamKind`]) implement [`Read`](std::io::Read) and [`Write`](std::io::Write).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) a connection-oriented kind: only `Tcp`, `UnixStream` and `UnixSeqpacket` sockets listen, accept and shut one direction down",
    label = "needs a connection-oriented kind (`Tcp`, `UnixStream` or `UnixSeqpacket`)",
    note = "a datagram socket sends with `send_to` when `Bound`, or `send` once connected; in generic code, bound `K: StreamKind`"
)]
pub trait StreamKind: Kind {}

/// A byte-stream kind (sealed): [`Tcp`] and [`UnixStream`]. Only these implement
/// [`Read`](std::io::Read) and [`Write`](std::io::Write) once connected; the other kinds keep
/// message boundaries and move whole messages with `send`/`recv`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` moves whole messages: it is not a byte stream",
    label = "needs a byte-stream kind (`Tcp` or `UnixStream`)",
    note = "a connected message socket sends one message with `.send(buf)` and receives one with `.recv(buf)`"
)]
pub trait ByteStreamKind: StreamKind {}

/// A message kind (sealed): [`Udp`], [`UnixDatagram`] and `UnixSeqpacket`. A connected socket
/// of these kinds sends and receives whole messages with `send` and `recv`: one call, one
/// message, its boundaries kept.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a byte stream: it has no messages to `send` or `recv`",
    label = "needs a message kind (`Udp`, `UnixDatagram` or `UnixSeqpacket`)",
    note = "a connected `Tcp` or `UnixStream` socket moves bytes with `std::io::Read` and `Write` (`read`, `write_all`, ...)"
)]
pub trait MessageKind: Kind {}

/// A datagram kind (sealed): [`Udp`] and [`UnixDatagram`]. These send and receive whole
/// messages with `send_to`/`recv_from` (bound) and `send`/`recv` (connected).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) a datagram kind: only `Udp` and `UnixDatagram` sockets do this",
    label = "needs a datagram kind (`Udp` or `UnixDatagram`)",
    note = "a connection-oriented socket moves data once connected, never with `send_to`/`recv_from`; in generic code, bound `K: DatagramKind`"
)]
pub trait DatagramKind: MessageKind {}

/// A kind of the internet families, IPv4 and IPv6 (sealed): [`Tcp`] and [`Udp`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) an internet kind: this exists only for `Tcp` and `Udp` sockets",
    label = "needs `Tcp` or `Udp`",
    note = "in generic code, bound the kind with `K: InetKind`"
)]
pub trait InetKind: Kind<Addr = SocketAddr> {}

/// The TCP kind (sealed): only [`Tcp`]. The TCP options (`TCP_NODELAY`, `SO_KEEPALIVE`,
/// `SO_LINGER`) need it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` sockets have no TCP options: this option is for `Tcp` sockets only",
    label = "a TCP option, on a `{Self}` socket",
    note = "`set_nodelay`, `set_keepalive` and `set_linger` are TCP's; make the socket with `Socket::tcp_v4()`, `tcp_v6()` or `tcp_for(addr)`"
)]
pub trait TcpKind: InetKind + StreamKind {}

impl TcpKind for Tcp {}

/// The UDP kinds (sealed): [`Udp`] and, on Linux and Android, `UdpGro` (UDP with receive
/// offload on). Broadcast, multicast and segmentation offload need it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) UDP: broadcast and multicast are UDP's",
    label = "needs a `Udp` socket",
    note = "make the socket with `Socket::udp_v4()`, `udp_v6()` or `udp_for(addr)`; in generic code, bound the kind with `K: UdpKind`"
)]
pub trait UdpKind: InetKind + DatagramKind {}

/// A kind whose every receive is one datagram or one run of bytes (sealed): every kind but
/// `UdpGro`. `recv_from`, `recv`, `peek_from` and `peek` need it: they return a length, and a
/// buffer of coalesced datagrams would read as one long datagram.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) a kind whose receives are one datagram each",
    label = "cannot say where one coalesced datagram ends",
    note = "a `UdpGro` socket receives with `recv_segments_from`/`recv_segments`, or becomes `Udp` by `.without_gro()`; generic code: `K: UncoalescedKind`"
)]
pub trait UncoalescedKind: Kind {}

/// A kind of the Unix family, `AF_UNIX` (sealed): [`UnixStream`], [`UnixDatagram`] and
/// `UnixSeqpacket`. Only these carry descriptors (`SCM_RIGHTS`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Unix kind: only a Unix socket (`AF_UNIX`) can do this",
    label = "needs `UnixStream`, `UnixDatagram` or `UnixSeqpacket`",
    note = "descriptors (`SCM_RIGHTS`) travel only between Unix sockets: `Socket::unix_stream()`, `unix_datagram()` or `unix_stream_pair()`"
)]
#[cfg(unix)]
pub trait UnixKind: Kind<Addr = UnixAddr> {}

/// A connection-oriented Unix kind (sealed): [`UnixStream`] and `UnixSeqpacket`. Only a
/// connected socket of these kinds knows its peer's credentials.
#[diagnostic::on_unimplemented(
    message = "`{Self}` sockets have no peer credentials: only a connected `UnixStream` or `UnixSeqpacket` socket has them",
    label = "needs `UnixStream` or `UnixSeqpacket`",
    note = "the kernel records who connected (`SO_PEERCRED`) on Unix stream and seqpacket sockets only: `Socket::unix_stream()` or a pair"
)]
#[cfg(unix)]
pub trait UnixConnectionKind: UnixKind + StreamKind {}

macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident: $ty:expr, $words:literal in $($family:ident)|+
       of $protocols:expr, $addr:ty, $($sub:ident),+ $(=> coalesced $coalesces:literal)?;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}
        impl sealed::KindFacts for $name {
            const TYPE: Type = $ty;
            const FAMILIES: &'static [Domain] = &[$(Domain::$family),+];
            const IN_WORDS: &'static str = $words;
            const PROTOCOLS: &'static [i32] = $protocols;
            $(const COALESCES: bool = $coalesces;)?
        }
        impl Kind for $name {
            const NAME: &'static str = stringify!($name);
            type Addr = $addr;
        }
        $(#[diagnostic::do_not_recommend] impl $sub for $name {})+
    )*};
}

kinds! {
    /// (kind) TCP over IPv4 or IPv6: `SOCK_STREAM` in `AF_INET`/`AF_INET6`. The default kind.
    Tcp: Type::STREAM, "TCP" in IPV4 | IPV6 of &[crate::sys::IPPROTO_TCP, crate::sys::IPPROTO_MPTCP], SocketAddr, StreamKind, ByteStreamKind, InetKind, UncoalescedKind;
    /// (kind) UDP over IPv4 or IPv6: `SOCK_DGRAM` in `AF_INET`/`AF_INET6`.
    Udp: Type::DGRAM, "UDP" in IPV4 | IPV6 of &[crate::sys::IPPROTO_UDP], SocketAddr, MessageKind, DatagramKind, InetKind, UdpKind, UncoalescedKind;
}

#[cfg(unix)]
kinds! {
    /// (kind) A Unix stream socket: `SOCK_STREAM` in `AF_UNIX`. On Unix only.
    #[cfg_attr(docsrs, doc(cfg(unix)))]
    UnixStream: Type::STREAM, "Unix stream" in UNIX of &[0], UnixAddr, StreamKind, ByteStreamKind, UnixKind, UnixConnectionKind, UncoalescedKind;
    /// (kind) A Unix datagram socket: `SOCK_DGRAM` in `AF_UNIX`. On Unix only.
    #[cfg_attr(docsrs, doc(cfg(unix)))]
    UnixDatagram: Type::DGRAM, "Unix datagram" in UNIX of &[0], UnixAddr, MessageKind, DatagramKind, UnixKind, UncoalescedKind;
}

#[cfg(any(target_os = "linux", target_os = "android"))]
kinds! {
    /// (kind) UDP with receive offload on (`UDP_GRO`, udp(7); Linux and Android): a [`Udp`]
    /// socket whose datagrams of one sender and size may arrive coalesced in one buffer, up
    /// to 64 of them and 65,535 bytes in all. Made by
    /// [`with_gro`](crate::Socket::with_gro), and back to `Udp` by
    /// [`without_gro`](crate::Socket::without_gro).
    ///
    /// It has every row of `Udp` in the rule table but the receives that return only a
    /// length (`recv_from`, `recv`, `peek_from`, `peek`: they need [`UncoalescedKind`]) and
    /// the conversions into std's and tokio's `UdpSocket`, whose receives are those. What it
    /// receives with says where each datagram ends:
    ///
    /// | receive | what it says |
    /// | --- | --- |
    /// | [`recv_segments_from`](crate::Socket::recv_segments_from), [`recv_segments`](crate::Socket::recv_segments) | [`Segments::segment_size`](crate::Segments::segment_size) and [`Segments::is_truncated`](crate::Segments::is_truncated) |
    /// | [`recv_batch_from`](crate::Socket::recv_batch_from), [`recv_batch`](crate::Socket::recv_batch) | [`RecvMeta::segment_size`](crate::RecvMeta::segment_size) and [`RecvMeta::is_truncated`](crate::RecvMeta::is_truncated), per entry |
    ///
    /// Give each receive a buffer of 65,535 bytes: a coalesced buffer longer than the
    /// buffer is cut, whole datagrams with it, and `is_truncated` says so.
    ///
    /// Adoption (`TryFrom<OwnedFd>`) reads `UDP_GRO` back: a UDP socket with it on is a
    /// `UdpGro`, never a `Udp`, and one with it off never a `UdpGro`.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::net::SocketAddr;
    /// use typesock::{Socket, UdpGro};
    ///
    /// let local = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let rx: Socket<_, UdpGro> = Socket::udp_v4()?.with_gro()?.bind(local)?;
    /// let tx = Socket::udp_v4()?.bind(local)?;
    /// tx.send_segments_to(&[7; 300], 100, rx.local_addr()?)?;
    ///
    /// let mut buf = vec![0; 65_535];
    /// let got = rx.recv_segments_from(&mut buf)?;
    /// assert_eq!((got.len(), got.segment_size()), (300, 100));
    /// # Ok(())
    /// # }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    UdpGro: Type::DGRAM, "UDP with GRO" in IPV4 | IPV6 of &[crate::sys::IPPROTO_UDP], SocketAddr, MessageKind, DatagramKind, InetKind, UdpKind => coalesced true;
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
kinds! {
    /// (kind) A Unix sequenced-packet socket: `SOCK_SEQPACKET` in `AF_UNIX` (Linux, FreeBSD).
    ///
    /// A stream's lifecycle (`bind`, `listen`, `accept`, `connect`, half-close) carrying whole
    /// messages: once connected it has `send` and `recv`, each call one message with its
    /// boundaries kept, and no [`Read`](std::io::Read) or [`Write`](std::io::Write)
    /// ([`unix(7)`]). Made by [`Socket::unix_seqpacket`](crate::Socket::unix_seqpacket) and
    /// [`Socket::unix_seqpacket_pair`](crate::Socket::unix_seqpacket_pair).
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg_attr(
        docsrs,
        doc(cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd")))
    )]
    UnixSeqpacket: Type::SEQPACKET, "Unix seqpacket" in UNIX of &[0], UnixAddr, StreamKind, MessageKind, UnixKind, UnixConnectionKind, UncoalescedKind;
}

/// An address a socket of kind `K` can [`bind`](crate::Socket::bind) or
/// [`connect`](crate::Socket::connect) to (sealed).
///
/// - [`Tcp`] and [`Udp`]: a [`SocketAddr`], IPv4 or IPv6.
/// - [`UnixStream`], [`UnixDatagram`] and `UnixSeqpacket`: a filesystem path (anything that is
///   `AsRef<Path>`: `&str`, `&Path`, `PathBuf`, ...) or a [`UnixAddr`], which can also hold a
///   Linux abstract name.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an address for a `{K}` socket",
    label = "a `{K}` socket cannot bind, connect or send to this",
    note = "`Tcp` and `Udp` sockets take a `std::net::SocketAddr`; the Unix kinds take a path (`impl AsRef<Path>`) or a `typesock::UnixAddr`"
)]
pub trait Address<K: Kind>: address::ToSockAddr<K> {}

// Written out, not in the macro: rustc lists these impls in the message for a wrong address.
impl Address<Tcp> for SocketAddr {}
impl Address<Udp> for SocketAddr {}
#[cfg(any(target_os = "linux", target_os = "android"))]
impl Address<UdpGro> for SocketAddr {}

// A `SocketAddr` or path given to the wrong kind gets `Address`'s message, not `UnixKind`'s.
#[cfg(unix)]
#[diagnostic::do_not_recommend]
impl<K: UnixKind, P: AsRef<std::path::Path>> Address<K> for P {}

#[cfg(unix)]
#[diagnostic::do_not_recommend]
impl<K: UnixKind> Address<K> for UnixAddr {}

/// The kinds with an async connect (feature `tokio`): each connects into tokio's stream
/// type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no async connect: only `Tcp` and `UnixStream` sockets connect into a tokio stream",
    label = "`connect_async` needs a `Tcp` or `UnixStream` socket",
    note = "a datagram socket has no handshake to wait for: `.connect(addr)` returns at once, and `tokio::net::UdpSocket::try_from(socket)` takes it"
)]
#[cfg(feature = "tokio")]
pub trait AsyncStreamKind: Kind {
    /// tokio's stream type for the kind: [`tokio::net::TcpStream`] for [`Tcp`],
    /// `tokio::net::UnixStream` for `UnixStream` (Unix).
    type Stream: tokio_streams::Registered<Kind = Self>;
}

#[cfg(feature = "tokio")]
#[diagnostic::do_not_recommend]
impl AsyncStreamKind for Tcp {
    type Stream = tokio::net::TcpStream;
}

#[cfg(all(feature = "tokio", unix))]
#[diagnostic::do_not_recommend]
impl AsyncStreamKind for UnixStream {
    type Stream = tokio::net::UnixStream;
}

/// The tokio stream types an async connect ends in (feature `tokio`): sealed, so that
/// `AsyncStreamKind::Stream` is one of them.
#[cfg(feature = "tokio")]
pub(crate) mod tokio_streams {
    use std::future::Future;
    use std::io;
    #[cfg(unix)]
    use std::os::unix::net as std_unix;

    use tokio::net as tokio_net;

    #[cfg(unix)]
    use super::UnixStream;
    use super::{Kind, Tcp};
    use crate::sys::OwnedDescriptor;

    /// A tokio stream type a connect in flight can be handed to: registered with the reactor,
    /// then waited on for writability.
    pub trait Registered: Sized {
        type Kind: Kind;
        /// Moves a connecting socket's descriptor into tokio, registering it with the current
        /// reactor.
        fn register(socket: OwnedDescriptor) -> io::Result<Self>;
        /// Waits, without blocking the thread, until the reactor reports the socket writable.
        fn writable(&self) -> impl Future<Output = io::Result<()>> + Send + '_;
        /// `getsockopt(SO_ERROR)`: the connect's outcome.
        fn take_error(&self) -> io::Result<Option<io::Error>>;
    }

    macro_rules! registered {
        ($($tokio:ty => $kind:ident, $std:ty;)*) => {$(
            impl Registered for $tokio {
                type Kind = $kind;
                fn register(socket: OwnedDescriptor) -> io::Result<Self> {
                    // The socket is non-blocking since `connect_nonblocking`; std's type only
                    // carries the descriptor to tokio's `from_std`, which registers it.
                    <$tokio>::from_std(<$std>::from(socket))
                }
                fn writable(&self) -> impl Future<Output = io::Result<()>> + Send + '_ {
                    <$tokio>::writable(self)
                }
                fn take_error(&self) -> io::Result<Option<io::Error>> {
                    <$tokio>::take_error(self)
                }
            }
        )*};
    }

    registered! {
        tokio_net::TcpStream => Tcp, std::net::TcpStream;
    }
    #[cfg(unix)]
    registered! {
        tokio_net::UnixStream => UnixStream, std_unix::UnixStream;
    }
}
