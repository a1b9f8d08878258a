//! The lifecycle states of a [`Socket`](crate::Socket) and what each state allows.
//!
//! The states are explained in order on the [crate page](crate#states). Each marker here is a
//! zero-sized type that cannot be built: it exists only as the `S` of a `Socket<S, K>`.
//!
//! The `Can*`/`Has*` traits below are the capability table of the crate docs written as
//! traits: a method that needs a capability carries a `where S: Capability` bound, so a call
//! made in the wrong state fails to compile with a message that names the state the socket is
//! in and the step that is missing. They are sealed: the crate implements them for exactly the
//! states the table allows, and no other crate can add to that.

use crate::kind::{DatagramKind, Kind, StreamKind};

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A lifecycle state of a [`Socket`](crate::Socket) (sealed).
///
/// Implemented by [`Unbound`], [`Bound`], [`Listening`], [`Connected`], [`ReadOnly`] and
/// [`WriteOnly`], and by nothing else.
pub trait State: sealed::Sealed + Send + Sync + 'static {
    /// The state's name, as [`Debug`](std::fmt::Debug) prints it.
    const NAME: &'static str;
}

macro_rules! states {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $name {}
        impl sealed::Sealed for $name {}
        impl State for $name {
            const NAME: &'static str = stringify!($name);
        }
    )*};
}

states! {
    /// (type state) Created by `socket(2)`, not yet bound: options read by `bind(2)` are set
    /// here. See [the states](crate#states).
    Unbound;
    /// (type state) Bound to a local address by `bind(2)`; ready to `listen` or `connect`.
    /// See [the states](crate#states).
    Bound;
    /// (type state) Listening after `listen(2)`: accepts connections, moves no data.
    /// See [the states](crate#states).
    Listening;
    /// (type state) Connected to a peer: moves data both ways. See [the states](crate#states).
    Connected;
    /// (type state) A connected stream socket whose write half was shut down
    /// (`shutdown(SHUT_WR)`): it reads and never writes. See [the states](crate#states).
    ReadOnly;
    /// (type state) A connected stream socket whose read half was shut down
    /// (`shutdown(SHUT_RD)`): it writes and never reads. See [the states](crate#states).
    WriteOnly;
    /// (type state) A non-blocking `connect(2)` in flight: wait for writability through
    /// [`AsFd`](std::os::fd::AsFd), then [`finish`](crate::Socket::finish) it into
    /// [`Connected`]. See [the states](crate#states).
    Connecting;
}

/// (capability) The socket may call [`bind`](crate::Socket::bind): only [`Unbound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only an `Unbound` socket can `bind`",
    label = "this socket is past `bind` already",
    note = "a socket binds once, right after it is created: make a new socket (`Socket::tcp_v4()`, ...) to bind it elsewhere"
)]
pub trait CanBind: State {}
impl CanBind for Unbound {}

/// (capability) The socket may call [`listen`](crate::Socket::listen): only [`Bound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Bound` socket can `listen`",
    label = "`listen` needs a `Bound` socket",
    note = "a server's steps are `Socket::tcp_v4()` -> `.bind(addr)` -> `.listen(backlog)` -> `.accept()`: call `.bind(addr)` first if the socket is `Unbound`"
)]
pub trait CanListen: State {}
impl CanListen for Bound {}

/// (capability) The socket may call [`accept`](crate::Socket::accept): only [`Listening`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Listening` socket can `accept`",
    label = "`accept` needs a `Listening` socket",
    note = "`.accept()` is called on the socket that `.listen(backlog)` returns: a server's steps are `Socket::tcp_v4()` -> `.bind(addr)` -> `.listen(backlog)` -> `.accept()`"
)]
pub trait CanAccept: State {}
impl CanAccept for Listening {}

/// (capability) The socket may call [`connect`](crate::Socket::connect): [`Unbound`] or
/// [`Bound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only an `Unbound` or `Bound` socket can `connect`",
    label = "`connect` needs an `Unbound` or `Bound` socket",
    note = "a `Listening` socket takes connections with `.accept()` and a connected one is connected already: make a new socket to connect elsewhere"
)]
pub trait CanConnect: State {}
impl CanConnect for Unbound {}
impl CanConnect for Bound {}

/// (capability) The socket has a local address: every state after [`Unbound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: it has no local address before `bind` or `connect`",
    label = "`local_addr` needs a bound socket",
    note = "call `.bind(addr)` first (or `.connect(addr)`, which binds to an address the kernel picks)"
)]
pub trait HasLocalAddr: State {}
impl HasLocalAddr for Bound {}
impl HasLocalAddr for Listening {}
impl HasLocalAddr for Connected {}
impl HasLocalAddr for ReadOnly {}
impl HasLocalAddr for WriteOnly {}
impl HasLocalAddr for Connecting {}

/// (capability) The socket has a peer: [`Connected`], [`ReadOnly`] and [`WriteOnly`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket has a peer address",
    label = "`peer_addr` needs a connected socket",
    note = "call `.connect(addr)` (or finish a non-blocking connect with `.finish()` or `.wait(timeout)`), or use the socket that `.accept()` returns with the peer's address"
)]
pub trait HasPeerAddr: State {}
impl HasPeerAddr for Connected {}
impl HasPeerAddr for ReadOnly {}
impl HasPeerAddr for WriteOnly {}

/// (capability) The socket may be duplicated with [`try_clone`](crate::Socket::try_clone):
/// [`Listening`] and [`Connected`].
///
/// A duplicate of a socket that can still change state would leave one handle typed in a
/// state the kernel no longer agrees with, so the states before `listen`/`connect` and the
/// half-closed ones have no `try_clone`.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Listening` or `Connected` socket can be duplicated",
    label = "`try_clone` needs a `Listening` or `Connected` socket",
    note = "duplicate the socket while it is `Listening` (after `.listen(backlog)`) or `Connected` (after `.connect(addr)`, `.accept()` or `.finish()`), before any `shutdown_write`/`shutdown_read`: a duplicate made in any other state would keep in its type a state that the original leaves at its next step"
)]
pub trait CanClone: State {}
impl CanClone for Listening {}
impl CanClone for Connected {}

/// (capability) Options read by `bind(2)` may be set: only [`Unbound`].
///
/// `SO_REUSEADDR`, `SO_REUSEPORT` and `IPV6_V6ONLY` take effect when the socket binds;
/// after that the kernel ignores them or fails with `EINVAL` (socket(7), ipv6(7)).
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: this option is read by `bind(2)`, so only an `Unbound` socket can set it",
    label = "set after `bind`, this option does nothing",
    note = "socket(7) and ipv6(7): the kernel reads it when the socket binds; set it before `.bind(addr)`"
)]
pub trait BeforeBind: State {}
impl BeforeBind for Unbound {}

/// (capability) The buffer sizes (`SO_RCVBUF`, `SO_SNDBUF`) may still be set: a stream
/// socket before `listen`/`connect`; a datagram socket in every state.
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: a stream socket's buffer sizes must be set before `listen` or `connect`",
    label = "set here, the buffer size no longer takes effect",
    note = "tcp(7): \"must be set prior to the listen(2) or connect(2) calls in order to have it take effect\"; typesock holds every stream kind to that rule: set it on the `Unbound` or `Bound` socket"
)]
pub trait SetsBufferSize<K: Kind>: State {}
impl<K: Kind> SetsBufferSize<K> for Unbound {}
impl<K: Kind> SetsBufferSize<K> for Bound {}
// A stream socket misusing this gets the state's message, not the datagram kinds' one.
#[diagnostic::do_not_recommend]
impl<K: DatagramKind> SetsBufferSize<K> for Connected {}

/// (capability) The socket receives data: [`Connected`], [`ReadOnly`] (stream kinds) and
/// a [`Bound`] datagram socket.
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: it receives no data",
    label = "`set_read_timeout` needs a socket that receives data",
    note = "data arrives on a connected socket (`.connect(addr)`, or `.accept()` on a listener), or on a bound datagram socket"
)]
pub trait Receives<K: Kind>: State {}
impl<K: Kind> Receives<K> for Connected {}
impl<K: StreamKind> Receives<K> for ReadOnly {}
// A stream socket misusing this gets the state's message, not the datagram kinds' one.
#[diagnostic::do_not_recommend]
impl<K: DatagramKind> Receives<K> for Bound {}

/// (capability) The socket sends data: [`Connected`], [`WriteOnly`] (stream kinds) and a
/// [`Bound`] datagram socket.
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: it sends no data",
    label = "`set_write_timeout` needs a socket that sends data",
    note = "data leaves from a connected socket (`.connect(addr)`, or `.accept()` on a listener), or from a bound datagram socket"
)]
pub trait Sends<K: Kind>: State {}
impl<K: Kind> Sends<K> for Connected {}
impl<K: StreamKind> Sends<K> for WriteOnly {}
// A stream socket misusing this gets the state's message, not the datagram kinds' one.
#[diagnostic::do_not_recommend]
impl<K: DatagramKind> Sends<K> for Bound {}
