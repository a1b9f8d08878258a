//! The seals: the supertraits that keep [`State`](crate::State) and [`Kind`](crate::Kind)
//! closed to other crates. The traits are public, so the public traits may name them, but
//! they live in this private module, so no other crate can name them and none can implement
//! the public traits for its own types. They carry typed facts, consts only: what each state
//! has (an address, a peer) and what the kernel shows of it, and what `socket(2)` is asked
//! for each kind. The conversions of addresses are `kind::address`'s.

use socket2::{Domain, Type};

/// A lifecycle state: the supertrait of [`State`](crate::State), with the facts the crate
/// needs of each state out of the users' sight.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a state: typesock's states are sealed",
    label = "a state of another crate",
    note = "the lifecycle is the crate's: `Unbound`, `Bound`, `Listening`, `Connecting`, `Connected`, `ReadOnly` and `WriteOnly`, each a kernel state"
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
    note = "the kinds are `Tcp`, `Udp`, `UdpGro`, `UnixStream`, `UnixDatagram` and `UnixSeqpacket`; another protocol is socket2's, without the checks"
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
