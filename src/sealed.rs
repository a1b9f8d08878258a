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

use socket2::{Domain, SockAddr, Type};

use crate::sys;

/// A lifecycle state: the supertrait of [`State`](crate::State), with the facts the crate
/// needs of each state out of the users' sight.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a state: typesock's states are sealed",
    label = "a state of another crate",
    note = "the lifecycle is the crate's: `Unbound`, `Bound`, `Listening`, `Connecting`, `Connected`, `ReadOnly` and `WriteOnly`, each tied to the kernel's own state; a `Socket<S, K>` takes only these"
)]
pub trait Sealed {
    /// Whether a socket in this state has a local address to show.
    const HAS_LOCAL_ADDR: bool;
    /// Whether a socket in this state has a peer to show.
    const HAS_PEER: bool;
    /// What the kernel shows of a socket in this state (see adoption's map, `src/adopt.rs`).
    const KERNEL_PHASE: KernelPhase;
}

// Kinds.

/// What the crate needs to know of a kind, out of the users' sight.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a kind: typesock's kinds are sealed",
    label = "a kind of another crate",
    note = "the kinds are `Tcp`, `Udp`, `UnixStream`, `UnixDatagram` and `UnixSeqpacket`, each with its rows in the rule table; a socket of another protocol is socket2's, without the lifecycle's checks"
)]
pub trait KindFacts {
    /// The `type` argument of `socket(2)`.
    const TYPE: Type;
    /// The families (`domain` of `socket(2)`) the kind lives in.
    const FAMILIES: &'static [Domain];
    /// The kind in words, as a message names it: "TCP".
    const IN_WORDS: &'static str;
    /// The protocols (`SO_PROTOCOL`) a socket of the kind may have: TCP's and MPTCP's for
    /// `Tcp` (an MPTCP socket keeps TCP's lifecycle and falls back to plain TCP), UDP's for
    /// `Udp`, 0 for the Unix kinds.
    const PROTOCOLS: &'static [i32];
    /// Whether the kind's receives coalesce datagrams (`UDP_GRO` on): `UdpGro`'s only.
    const COALESCES: bool = false;
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

    /// The sender a batch receive wrote into a `RecvMeta`'s slot. (The trait is unnameable
    /// outside the crate, so the crate-private slot type is too.)
    #[cfg(unix)]
    #[inline]
    #[allow(private_interfaces)]
    fn from_recv_slot(slot: &sys::RecvSlot) -> io::Result<Self> {
        Self::from_sock_addr(&slot.sock_addr())
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

/// Where in its lifecycle the kernel says a socket is: what adoption observes (the map in
/// `src/adopt.rs`), one phase per state of the crate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KernelPhase {
    Unbound,
    Bound,
    Listening,
    Connecting,
    Connected,
    ReadOnly,
    WriteOnly,
}
