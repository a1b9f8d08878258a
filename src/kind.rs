//! The kinds of socket: what `socket(2)` is asked for, and which addresses go with it.
//!
//! A kind is the `K` of a `Socket<S, K>`: [`Tcp`] (the default), [`Udp`], [`UnixStream`] and
//! [`UnixDatagram`]. Like the states, the kinds are zero-sized types that cannot be built.
//! The sub-traits [`StreamKind`], [`DatagramKind`], [`InetKind`] and [`UnixKind`] group them
//! for the methods that only some kinds have (`listen` and `accept` for streams, `send_to` for
//! datagrams, `set_reuse_address` for the internet kinds).

use std::fmt;
use std::io::{self, IoSlice};
use std::net::SocketAddr;

use socket2::{SockAddr, Type};

use crate::addr::UnixAddr;
use crate::batch::RecvMeta;

pub(crate) mod sealed {
    use std::io::{self, IoSlice};
    use std::net::SocketAddr;

    use socket2::{SockAddr, Type};

    use super::DatagramKind;
    use crate::batch::RecvMeta;
    use crate::sys;

    /// What the crate needs to know of a kind, out of the users' sight.
    pub trait KindSys {
        /// The `type` argument of `socket(2)`.
        const TYPE: Type;
    }

    /// Conversion of a kernel address into the kind's address type.
    pub trait FromSockAddr: Sized {
        /// Borrows the kernel's address: a `SockAddr` is 132 bytes, not worth a copy.
        fn from_sock_addr(addr: &SockAddr) -> io::Result<Self>;

        /// One `accept(2)` (`accept4` with `SOCK_CLOEXEC` where there is one) and the
        /// peer's address; `EINTR` is returned. The internet kinds override it with the
        /// platform layer's fast path, which keeps the address on the stack.
        #[inline]
        fn accept(listener: &socket2::Socket) -> io::Result<(socket2::Socket, Self)> {
            let (socket, addr) = listener.accept()?;
            Ok((socket, Self::from_sock_addr(&addr)?))
        }

        /// Sends a batch, `bufs[i]` to `addrs[i]` (of the same length).
        fn send_batch_to(
            socket: &socket2::Socket,
            bufs: &[IoSlice<'_>],
            addrs: &[Self],
        ) -> io::Result<usize>;

        /// The sender a batch receive wrote into `meta`.
        #[inline]
        fn from_recv_meta<K: DatagramKind>(meta: &RecvMeta<K>) -> io::Result<Self> {
            Self::from_sock_addr(&meta.slot().sock_addr())
        }

        /// One `recvfrom(2)` and the sender's address; overridden as `accept` is.
        #[inline]
        fn recv_from(socket: &socket2::Socket, buf: &mut [u8]) -> io::Result<(usize, Self)> {
            let (n, addr) = socket.recv_from(sys::as_uninit(buf))?;
            Ok((n, Self::from_sock_addr(&addr)?))
        }
    }

    /// Conversion of a user's address argument for kind `K` into a kernel address.
    pub trait ToSockAddr<K> {
        fn to_sock_addr(&self) -> io::Result<SockAddr>;
        /// The address as an error message shows it.
        fn describe(&self) -> String;
        /// The internet address, for the platform layer's fast paths, which build the
        /// kernel's `sockaddr_in`/`sockaddr_in6` on the stack; `None` for the others, which
        /// go through [`to_sock_addr`](Self::to_sock_addr). Known at compile time for each
        /// address type, so the branch costs nothing.
        #[inline]
        fn as_inet(&self) -> Option<&SocketAddr> {
            None
        }
    }
}

/// A kind of socket (sealed): [`Tcp`], [`Udp`], [`UnixStream`] or [`UnixDatagram`].
pub trait Kind: sealed::KindSys + Send + Sync + 'static {
    /// The kind's name, as [`Debug`](std::fmt::Debug) prints it.
    const NAME: &'static str;
    /// The address type that [`local_addr`](crate::Socket::local_addr),
    /// [`peer_addr`](crate::Socket::peer_addr), [`accept`](crate::Socket::accept) and
    /// `recv_from` return: [`SocketAddr`] for the internet kinds, [`UnixAddr`] for the Unix ones.
    type Addr: fmt::Debug + fmt::Display + Clone + Send + Sync + 'static + sealed::FromSockAddr;
}

/// A connection-oriented kind (sealed): [`Tcp`] and [`UnixStream`]. Only these `listen`,
/// `accept` and implement [`Read`](std::io::Read) and [`Write`](std::io::Write).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) a stream kind: only `Tcp` and `UnixStream` sockets listen, accept and stream",
    label = "needs a stream kind (`Tcp` or `UnixStream`)",
    note = "a datagram socket (`Udp`, `UnixDatagram`) sends with `send_to` from a `Bound` socket, or with `send` once connected; in generic code, bound the kind with `K: StreamKind`"
)]
pub trait StreamKind: Kind {}

/// A datagram kind (sealed): [`Udp`] and [`UnixDatagram`]. These send and receive whole
/// messages with `send_to`/`recv_from` (bound) and `send`/`recv` (connected).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not (known to be) a datagram kind: only `Udp` and `UnixDatagram` sockets do this",
    label = "needs a datagram kind (`Udp` or `UnixDatagram`)",
    note = "a stream socket moves data through `std::io::Read` and `Write` once connected, not `send_to`/`recv_from`/`send`/`recv`; in generic code, bound the kind with `K: DatagramKind`"
)]
pub trait DatagramKind: Kind {}

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

/// A kind of the Unix family, `AF_UNIX` (sealed): [`UnixStream`] and [`UnixDatagram`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Unix kind",
    label = "needs `UnixStream` or `UnixDatagram`"
)]
pub trait UnixKind: Kind<Addr = UnixAddr> {}

macro_rules! kinds {
    ($($(#[$doc:meta])* $name:ident: $ty:expr, $addr:ty, $($sub:ident),+;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}
        impl sealed::KindSys for $name {
            const TYPE: Type = $ty;
        }
        impl Kind for $name {
            const NAME: &'static str = stringify!($name);
            type Addr = $addr;
        }
        $(impl $sub for $name {})+
    )*};
}

kinds! {
    /// (kind) TCP over IPv4 or IPv6: `SOCK_STREAM` in `AF_INET`/`AF_INET6`. The default kind.
    Tcp: Type::STREAM, SocketAddr, StreamKind, InetKind;
    /// (kind) UDP over IPv4 or IPv6: `SOCK_DGRAM` in `AF_INET`/`AF_INET6`.
    Udp: Type::DGRAM, SocketAddr, DatagramKind, InetKind;
    /// (kind) A Unix stream socket: `SOCK_STREAM` in `AF_UNIX`.
    UnixStream: Type::STREAM, UnixAddr, StreamKind, UnixKind;
    /// (kind) A Unix datagram socket: `SOCK_DGRAM` in `AF_UNIX`.
    UnixDatagram: Type::DGRAM, UnixAddr, DatagramKind, UnixKind;
}

/// An address a socket of kind `K` can [`bind`](crate::Socket::bind) or
/// [`connect`](crate::Socket::connect) to (sealed).
///
/// - [`Tcp`] and [`Udp`]: a [`SocketAddr`], IPv4 or IPv6.
/// - [`UnixStream`] and [`UnixDatagram`]: a filesystem path (anything that is
///   `AsRef<Path>`: `&str`, `&Path`, `PathBuf`, ...) or a [`UnixAddr`], which can also hold a
///   Linux abstract name.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an address for a `{K}` socket",
    label = "a `{K}` socket cannot bind, connect or send to this",
    note = "`Tcp` and `Udp` sockets take a `std::net::SocketAddr`; `UnixStream` and `UnixDatagram` sockets take a path (`impl AsRef<Path>`) or a `typesock::UnixAddr`"
)]
pub trait Address<K: Kind>: sealed::ToSockAddr<K> {}

impl sealed::ToSockAddr<Tcp> for SocketAddr {
    #[inline]
    fn to_sock_addr(&self) -> io::Result<SockAddr> {
        Ok(SockAddr::from(*self))
    }
    fn describe(&self) -> String {
        self.to_string()
    }
    #[inline]
    fn as_inet(&self) -> Option<&SocketAddr> {
        Some(self)
    }
}
impl sealed::ToSockAddr<Udp> for SocketAddr {
    #[inline]
    fn to_sock_addr(&self) -> io::Result<SockAddr> {
        Ok(SockAddr::from(*self))
    }
    fn describe(&self) -> String {
        self.to_string()
    }
    #[inline]
    fn as_inet(&self) -> Option<&SocketAddr> {
        Some(self)
    }
}
impl Address<Tcp> for SocketAddr {}
impl Address<Udp> for SocketAddr {}

impl<K: UnixKind, P: AsRef<std::path::Path>> sealed::ToSockAddr<K> for P {
    #[inline]
    fn to_sock_addr(&self) -> io::Result<SockAddr> {
        UnixAddr::from_pathname(self).map(UnixAddr::into_sock_addr)
    }
    fn describe(&self) -> String {
        self.as_ref().display().to_string()
    }
}
// A `SocketAddr` or path given to the wrong kind gets `Address`'s message, not `UnixKind`'s.
#[diagnostic::do_not_recommend]
impl<K: UnixKind, P: AsRef<std::path::Path>> Address<K> for P {}

impl<K: UnixKind> sealed::ToSockAddr<K> for UnixAddr {
    #[inline]
    fn to_sock_addr(&self) -> io::Result<SockAddr> {
        Ok(self.as_sock_addr().clone())
    }
    fn describe(&self) -> String {
        self.to_string()
    }
}
#[diagnostic::do_not_recommend]
impl<K: UnixKind> Address<K> for UnixAddr {}

impl sealed::FromSockAddr for SocketAddr {
    #[inline]
    fn from_sock_addr(addr: &SockAddr) -> io::Result<Self> {
        addr.as_socket().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "the kernel returned an address that is not IPv4 or IPv6",
            )
        })
    }

    #[inline]
    fn send_batch_to(
        socket: &socket2::Socket,
        bufs: &[IoSlice<'_>],
        addrs: &[Self],
    ) -> io::Result<usize> {
        crate::sys::send_batch_to_inet(socket, bufs, addrs)
    }

    #[inline]
    fn from_recv_meta<K: DatagramKind>(meta: &RecvMeta<K>) -> io::Result<Self> {
        meta.slot().inet()
    }

    #[inline(always)]
    fn accept(listener: &socket2::Socket) -> io::Result<(socket2::Socket, Self)> {
        crate::sys::accept_inet(listener)
    }

    #[inline]
    fn recv_from(socket: &socket2::Socket, buf: &mut [u8]) -> io::Result<(usize, Self)> {
        crate::sys::recv_from_inet(socket, buf)
    }
}
