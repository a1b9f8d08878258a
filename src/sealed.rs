//! The one sealed root: the supertraits that keep the public traits closed to other crates.
//!
//! [`State`](crate::State), [`Kind`](crate::Kind), [`Address`](crate::Address) and the
//! adoption conversions name these traits in their bounds. The traits are public, so the
//! bounds may name them, but they live in this private module, so no other crate can name
//! them and so none can implement the public traits for its own types. What the crate needs
//! of a state or a kind out of the users' sight is here too, in the same traits.

use std::io;
#[cfg(unix)]
use std::io::IoSlice;
use std::net::SocketAddr;

use socket2::{SockAddr, Type};

#[cfg(unix)]
use crate::batch::RecvMeta;
#[cfg(unix)]
use crate::kind::DatagramKind;
use crate::sys;

/// A lifecycle state: the supertrait of [`State`](crate::State).
pub trait Sealed {}

// Kinds.

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
    #[cfg(unix)]
    fn send_batch_to(
        socket: &socket2::Socket,
        bufs: &[IoSlice<'_>],
        addrs: &[Self],
    ) -> io::Result<usize>;

    /// The sender a batch receive wrote into `meta`.
    #[cfg(unix)]
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

// Adoption: what `TryFrom<OwnedFd>` checks of a state and a kind.

/// Where in its lifecycle the kernel says a socket is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Unbound,
    Bound,
    Listening,
    Connected,
}

/// The states a descriptor of kind `K` can be adopted in: the ones the kernel can tell
/// apart, and only the ones the kind has (a datagram socket never listens).
pub trait AdoptState<K> {
    const PHASE: Phase;
}

/// The families a kind lives in.
pub trait AdoptKind {
    fn family_matches(domain: socket2::Domain) -> bool;
    const WHAT: &'static str;
}
