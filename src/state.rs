//! The lifecycle states of a [`Socket`](crate::Socket) and what each state allows.
//!
//! The states are explained in order on the [crate page](crate#states). Each marker here is a
//! zero-sized type that cannot be built: it exists only as the `S` of a `Socket<S, K>`.
//!
//! The `Can*` traits below are the capabilities of the crate's [rule table](crate#the-rule-table):
//! a method that needs a capability carries a `where S: Can...` bound, so a call made in the
//! wrong state fails to compile with a message that names the state the socket is in and the
//! step that is missing. They are implemented in one place, the crate's rule table
//! (`src/state/rules.rs`), from the same rows that the documentation's table is made of. They are
//! sealed: no other crate can add to them.

use std::io;

use crate::kind::{Kind, StreamKind};

pub(crate) mod rules;
use crate::sealed;
pub use rules::caps::*;

/// A lifecycle state of a [`Socket`](crate::Socket) (sealed).
///
/// Implemented by [`Unbound`], [`Bound`], [`Listening`], [`Connecting`], [`Connected`],
/// [`ReadOnly`] and [`WriteOnly`], and by nothing else.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a state of typesock's lifecycle",
    label = "not one of typesock's states",
    note = "the states are `Unbound`, `Bound`, `Listening`, `Connecting`, `Connected`, `ReadOnly` and `WriteOnly`; sealed: no crate adds a state or a capability"
)]
pub trait State: sealed::Sealed + Send + Sync + 'static {
    /// The state's name, as [`Debug`](std::fmt::Debug) prints it.
    const NAME: &'static str;
}

macro_rules! states {
    ($($(#[$doc:meta])* $name:ident: local $local:literal, peer $peer:literal, seen as $seen:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}
        impl sealed::Sealed for $name {
            const HAS_LOCAL_ADDR: bool = $local;
            const HAS_PEER: bool = $peer;
            const KERNEL_PHASE: sealed::KernelPhase = sealed::KernelPhase::$seen;
        }
        impl State for $name {
            const NAME: &'static str = stringify!($name);
        }
    )*};
}

states! {
    /// (type state) Created by [`socket(2)`], not yet bound: options read by [`bind(2)`] are set
    /// here. See [the states](crate#states).
    ///
    /// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    Unbound: local false, peer false, seen as Unbound;
    /// (type state) Bound to a local address by [`bind(2)`]; ready to `listen` or `connect`.
    /// See [the states](crate#states).
    ///
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    Bound: local true, peer false, seen as Bound;
    /// (type state) Listening after [`listen(2)`]: accepts connections, moves no data.
    /// See [the states](crate#states).
    ///
    /// [`listen(2)`]: https://man7.org/linux/man-pages/man2/listen.2.html
    Listening: local true, peer false, seen as Listening;
    /// (type state) Connected to a peer: moves data both ways. See [the states](crate#states).
    Connected: local true, peer true, seen as Connected;
    /// (type state) A connected stream socket whose write half was shut down
    /// (`shutdown(SHUT_WR)`): it reads and never writes. See [the states](crate#states).
    ReadOnly: local true, peer true, seen as ReadOnly;
    /// (type state) A connected stream socket whose read half was shut down
    /// (`shutdown(SHUT_RD)`): it writes and never reads. See [the states](crate#states).
    WriteOnly: local true, peer true, seen as WriteOnly;
    /// (type state) A non-blocking [`connect(2)`] in flight: wait for writability through
    /// [`AsFd`](std::os::fd::AsFd), then [`finish`](crate::Socket::finish) it into
    /// [`Connected`]. See [the states](crate#states).
    ///
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    Connecting: local true, peer false, seen as Connecting;
}

/// (capability) A socket of kind `K` in this state converts into the std type `Std`
/// (`From`): `TcpListener` from `Socket<Listening, Tcp>`, `TcpStream` from
/// `Socket<Connected, Tcp>`, `UdpSocket` from a `Bound` or `Connected` `Udp` socket, and the
/// `std::os::unix::net` types from the Unix kinds alike. Each std type stands for those
/// states only: a `TcpStream` made of a listener would fail every read.
#[diagnostic::on_unimplemented(
    message = "a `{K}` socket that is `{Self}` does not convert into `{Std}`",
    label = "`{Std}` stands for another state or kind",
    note = "`TcpListener` is a `Listening` `Tcp` socket, `TcpStream` a `Connected` one, `UdpSocket` a `Bound` or `Connected` `Udp` one: take the missing step first"
)]
pub trait CanIntoStd<Std, K: Kind>: State {}

/// (capability) Implemented by no state: a std socket becomes a [`Socket`](crate::Socket) only
/// through `TryFrom`, which asks the kernel what it is. std builds its socket types from any
/// descriptor in safe code, so a std type proves nothing about the socket's state.
#[diagnostic::on_unimplemented(
    message = "`{Std}` does not convert into a `Socket<{Self}, _>` unchecked: std builds it from any descriptor, so it proves nothing about the socket's state",
    label = "adopt it with `Socket::try_from`, which asks the kernel",
    note = "`Socket::<S, K>::try_from(std)` asks the kernel the socket's type, family and state, and hands the value back in the error if they do not fit"
)]
pub trait CanFromStdUnchecked<Std>: State {}

/// (capability) The write direction can be shut down, and what that returns:
/// [`Connected`] becomes [`ReadOnly`]; [`WriteOnly`], shutting its last direction, is closed.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket has a write direction to shut down (`Connected`, or `WriteOnly` for its last one)",
    label = "`shutdown_write` needs a connected socket",
    note = "connect first (or `.finish()` a `Connecting` socket), or use the socket `.accept()` returns; a `ReadOnly` socket has shut its write half"
)]
pub trait CanShutdownWrite: State + Sized {
    /// What [`shutdown_write`](crate::Socket::shutdown_write) returns: `Socket<ReadOnly, K>`
    /// from `Connected`, `()` from `WriteOnly` (the socket is closed).
    type After<K: StreamKind>;

    /// `shutdown(SHUT_WR)` of a socket in this state, and the next state.
    #[doc(hidden)]
    fn shutdown_write<K: StreamKind>(socket: socket2::Socket) -> io::Result<Self::After<K>>;
}

/// (capability) The read direction can be shut down, and what that returns:
/// [`Connected`] becomes [`WriteOnly`]; [`ReadOnly`], shutting its last direction, is closed.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket has a read direction to shut down (`Connected`, or `ReadOnly` for its last one)",
    label = "`shutdown_read` needs a connected socket",
    note = "connect first (or `.finish()` a `Connecting` socket), or use the socket `.accept()` returns; a `WriteOnly` socket has shut its read half"
)]
pub trait CanShutdownRead: State + Sized {
    /// What [`shutdown_read`](crate::Socket::shutdown_read) returns: `Socket<WriteOnly, K>`
    /// from `Connected`, `()` from `ReadOnly` (the socket is closed).
    type After<K: StreamKind>;

    /// `shutdown(SHUT_RD)` of a socket in this state, and the next state.
    #[doc(hidden)]
    fn shutdown_read<K: StreamKind>(socket: socket2::Socket) -> io::Result<Self::After<K>>;
}
