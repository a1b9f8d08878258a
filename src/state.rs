//! The lifecycle states of a [`Socket`](crate::Socket) and what each state allows.
//!
//! The states are explained in order on the [crate page](crate#states). Each marker here is a
//! zero-sized type that cannot be built: it exists only as the `S` of a `Socket<S, K>`.
//!
//! The `Can*` traits below are the capabilities of the crate's [rule table](crate#the-rule-table):
//! a method that needs a capability carries a `where S: Can...` bound, so a call made in the
//! wrong state fails to compile with a message that names the state the socket is in and the
//! step that is missing. They are implemented in one place, the crate's rule table
//! (`src/rules.rs`), from the same rows that the documentation's table is made of. They are
//! sealed: no other crate can add to them.

use std::io;

use crate::kind::{Kind, StreamKind};
use crate::sealed;

/// A lifecycle state of a [`Socket`](crate::Socket) (sealed).
///
/// Implemented by [`Unbound`], [`Bound`], [`Listening`], [`Connecting`], [`Connected`],
/// [`ReadOnly`] and [`WriteOnly`], and by nothing else.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a state of typesock's lifecycle",
    label = "not one of typesock's states",
    note = "the states are `Unbound`, `Bound`, `Listening`, `Connecting`, `Connected`, `ReadOnly` and `WriteOnly`; they are sealed: the lifecycle is the crate's, and another crate cannot add a state or a capability"
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
            const SEEN_AS: sealed::Phase = sealed::Phase::$seen;
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

/// (capability) The socket may call [`bind`](crate::Socket::bind): only [`Unbound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only an `Unbound` socket can `bind`",
    label = "this socket is past `bind` already",
    note = "a socket binds once, right after it is created: make a new socket (`Socket::tcp_v4()`, ...) to bind it elsewhere"
)]
pub trait CanBind: State {}

/// (capability) The socket may call [`listen`](crate::Socket::listen): only [`Bound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Bound` socket can `listen`",
    label = "`listen` needs a `Bound` socket",
    note = "a server's steps are `Socket::tcp_v4()` -> `.bind(addr)` -> `.listen(backlog)` -> `.accept()`: call `.bind(addr)` first if the socket is `Unbound`"
)]
pub trait CanListen: State {}

/// (capability) The socket may call [`accept`](crate::Socket::accept): only [`Listening`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Listening` socket can `accept`",
    label = "`accept` needs a `Listening` socket",
    note = "`.accept()` is called on the socket that `.listen(backlog)` returns: a server's steps are `Socket::tcp_v4()` -> `.bind(addr)` -> `.listen(backlog)` -> `.accept()`"
)]
pub trait CanAccept: State {}

/// (capability) A socket of kind `K` may call [`connect`](crate::Socket::connect): an
/// [`Unbound`] or [`Bound`] one, and a [`Connected`] datagram socket (re-connect).
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: only an `Unbound` or `Bound` socket can `connect` (and a connected datagram socket, again)",
    label = "`connect` needs an `Unbound` or `Bound` socket",
    note = "a `Listening` socket takes connections with `.accept()`, and a stream socket connects once: make a new socket to connect elsewhere"
)]
pub trait CanConnect<K: Kind>: State {}

/// (capability) The socket has a local address: every state after [`Unbound`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: it has no local address before `bind` or `connect`",
    label = "`local_addr` needs a bound socket",
    note = "call `.bind(addr)` first (or `.connect(addr)`, which binds to an address the kernel picks)"
)]
pub trait CanLocalAddr: State {}

/// (capability) The socket has a peer: [`Connected`], [`ReadOnly`] and [`WriteOnly`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket has a peer address",
    label = "`peer_addr` needs a connected socket",
    note = "call `.connect(addr)` (or finish a non-blocking connect with `.finish()` or `.wait(timeout)`), or use the socket that `.accept()` returns with the peer's address"
)]
pub trait CanPeerAddr: State {}

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

/// (capability) The socket's pending error may be taken with
/// [`take_error`](crate::Socket::take_error): every state but [`Connecting`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: its pending error is the outcome of the connect in flight",
    label = "`take_error` would take the outcome that `finish` reads",
    note = "call `.finish()` or `.wait(timeout)`: they read `SO_ERROR` and report a failed connect as its error"
)]
pub trait CanTakeError: State {}

/// (capability) Options read by [`bind(2)`] may be set: only [`Unbound`].
///
/// `SO_REUSEADDR`, `SO_REUSEPORT` and `IPV6_V6ONLY` take effect when the socket binds;
/// after that the kernel ignores them or fails with `EINVAL` ([`socket(7)`], [`ipv6(7)`]).
///
/// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
/// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
/// [`ipv6(7)`]: https://man7.org/linux/man-pages/man7/ipv6.7.html
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: this option is read by `bind(2)`, so only an `Unbound` socket can set it",
    label = "set after `bind`, this option does nothing",
    note = "socket(7) and ipv6(7): the kernel reads it when the socket binds; set it before `.bind(addr)`"
)]
pub trait CanSetBindOption: State {}

/// (capability) A socket of kind `K` may set `SO_RCVBUF` in this state: a TCP socket before
/// `connect` or as a listener (the sockets it accepts inherit it), a UDP socket in every
/// state, a Unix socket never.
#[diagnostic::on_unimplemented(
    message = "a `{K}` socket that is `{Self}` cannot set its receive buffer: it would not take effect",
    label = "`SO_RCVBUF` does nothing here",
    note = "tcp(7): a TCP socket's buffer sizes \"must be set prior to the listen(2) or connect(2) calls\" (set it on the `Unbound` or `Bound` socket, or on the listener, whose accepted sockets inherit it); unix(7): \"the SO_RCVBUF option does not\" have an effect for Unix sockets; UDP sockets set it in every state"
)]
pub trait CanSetRecvBuffer<K: Kind>: State {}

/// (capability) A socket of kind `K` may set `SO_SNDBUF` in this state: every state that
/// still sends (the kernel checks the limit at every send), and a TCP listener, whose
/// accepted sockets inherit it; not a Unix listener, not a read-only socket.
#[diagnostic::on_unimplemented(
    message = "a `{K}` socket that is `{Self}` cannot set its send buffer: it sends nothing",
    label = "`SO_SNDBUF` does nothing here",
    note = "the send buffer bounds what a socket queues to send, checked at every send: set it on a socket that sends (`Unbound`, `Bound`, `Connected`, `WriteOnly`) or on a TCP listener, whose accepted sockets inherit it; a Unix listener's accepted sockets are sized on the sockets `accept` returns"
)]
pub trait CanSetSendBuffer<K: Kind>: State {}

/// (capability) A socket of kind `K` may set `SO_RCVTIMEO` in this state: the states that
/// receive data, and a [`Listening`] socket, whose `accept` it bounds ([`socket(7)`]).
///
/// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: it receives no data and accepts no connections",
    label = "`set_read_timeout` needs a socket that receives data or accepts",
    note = "data arrives on a connected socket (`.connect(addr)`, or `.accept()` on a listener) and on a bound datagram socket; the timeout also bounds `.accept()` on a `Listening` socket"
)]
pub trait CanSetReadTimeout<K: Kind>: State {}

/// (capability) A socket of kind `K` may set `SO_SNDTIMEO` in this state: the states that
/// send data.
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: it sends no data",
    label = "`set_write_timeout` needs a socket that sends data",
    note = "data leaves from a connected socket (`.connect(addr)`, or `.accept()` on a listener), or from a bound datagram socket"
)]
pub trait CanSetWriteTimeout<K: Kind>: State {}

/// (capability) The socket reads bytes ([`read`](crate::Socket::read), `read_exact`, ... and
/// [`Read`](std::io::Read)): [`Connected`] and [`ReadOnly`] byte-stream sockets.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket reads (`Connected`, or `ReadOnly` after `shutdown_write`)",
    label = "`read` needs a connected socket",
    note = "connect first (`.connect(addr)`; a `Connecting` socket with `.finish()` or `.wait(timeout)`), or read from the socket that `.accept()` returns; a listener only accepts, and a `WriteOnly` socket shut its read half down"
)]
pub trait CanRead: State {}

/// (capability) A descriptor can be adopted as a socket of kind `K` in this state
/// ([`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E), and
/// from the std and tokio types): the states the kernel tells apart, by the adoption map
/// there. [`Unbound`], [`Bound`] and [`Connected`] for every kind; [`Listening`] and
/// [`ReadOnly`] for the connection-oriented kinds; [`Connecting`] and [`WriteOnly`] for
/// `Tcp` only, whose kernel state shows a connect in flight and a shut read half.
#[diagnostic::on_unimplemented(
    message = "a descriptor cannot be adopted as a `{K}` socket that is `{Self}`: the kernel cannot show that state",
    label = "adopt as a state the kernel shows",
    note = "adoption asks the kernel (TCP's state, `SO_ACCEPTCONN`, getpeername(2), getsockname(2), poll(2)) and types the descriptor by what it shows: `Unbound`, `Bound`, `Connected` for every kind, `Listening` and `ReadOnly` for the connection-oriented kinds, `Connecting` and `WriteOnly` for `Tcp` only (a Unix socket's shut read half looks like its peer's end of stream); adopt as the state the kernel shows, then take the step from there"
)]
pub trait CanAdopt<K: Kind>: State {}

/// (capability) A socket of kind `K` in this state converts into the std type `Std`
/// (`From`): `TcpListener` from `Socket<Listening, Tcp>`, `TcpStream` from
/// `Socket<Connected, Tcp>`, `UdpSocket` from a `Bound` or `Connected` `Udp` socket, and the
/// `std::os::unix::net` types from the Unix kinds alike. Each std type stands for those
/// states only: a `TcpStream` made of a listener would fail every read.
#[diagnostic::on_unimplemented(
    message = "a `{K}` socket that is `{Self}` does not convert into `{Std}`",
    label = "`{Std}` stands for another state or kind",
    note = "std's types each stand for one state and kind: `TcpListener` for `Socket<Listening, Tcp>`, `TcpStream` for `Socket<Connected, Tcp>`, `UdpSocket` for a `Bound` or `Connected` `Udp` socket, and `std::os::unix::net`'s for the Unix kinds alike; take the missing step first (`.listen(backlog)`, `.connect(addr)`), or take the bare descriptor with `OwnedFd::from(socket)`"
)]
pub trait CanIntoStd<Std, K: Kind>: State {}

/// (capability) Implemented by no state: a std socket becomes a [`Socket`](crate::Socket) only through
/// `TryFrom`, which asks the kernel what it is. std builds its socket types from any
/// descriptor in safe code, so a std type proves nothing about the socket's state.
#[diagnostic::on_unimplemented(
    message = "`{Std}` does not convert into a `Socket<{Self}, _>` unchecked: std builds it from any descriptor, so it proves nothing about the socket's state",
    label = "adopt it with `Socket::try_from`, which asks the kernel",
    note = "`Socket::<S, K>::try_from(std)` (or `std.try_into()`) asks the kernel for the socket's type, family and state, and hands the value back inside the error if they do not fit"
)]
pub trait CanFromStdUnchecked<Std>: State {}

/// (capability) The write direction can be shut down, and what that returns:
/// [`Connected`] becomes [`ReadOnly`]; [`WriteOnly`], shutting its last direction, is closed.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket has a write direction to shut down (`Connected`, or `WriteOnly` for its last one)",
    label = "`shutdown_write` needs a connected socket",
    note = "connect first (`.connect(addr)`; a `Connecting` socket with `.finish()` or `.wait(timeout)`), or shut down the socket that `.accept()` returns; a listener only accepts, and a `ReadOnly` socket has shut its write direction down already"
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
    note = "connect first (`.connect(addr)`; a `Connecting` socket with `.finish()` or `.wait(timeout)`), or shut down the socket that `.accept()` returns; a listener only accepts, and a `WriteOnly` socket has shut its read direction down already"
)]
pub trait CanShutdownRead: State + Sized {
    /// What [`shutdown_read`](crate::Socket::shutdown_read) returns: `Socket<WriteOnly, K>`
    /// from `Connected`, `()` from `ReadOnly` (the socket is closed).
    type After<K: StreamKind>;

    /// `shutdown(SHUT_RD)` of a socket in this state, and the next state.
    #[doc(hidden)]
    fn shutdown_read<K: StreamKind>(socket: socket2::Socket) -> io::Result<Self::After<K>>;
}

/// (capability) The socket writes bytes ([`write`](crate::Socket::write), `write_all`, ...
/// and [`Write`](std::io::Write)): [`Connected`] and [`WriteOnly`] byte-stream sockets.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket writes (`Connected`, or `WriteOnly` after `shutdown_read`)",
    label = "`write` needs a connected socket",
    note = "connect first (`.connect(addr)`; a `Connecting` socket with `.finish()` or `.wait(timeout)`), or write to the socket that `.accept()` returns; a listener only accepts, and a `ReadOnly` socket shut its write half down"
)]
pub trait CanWrite: State {}

/// (capability) The socket sends to and receives from any address
/// ([`send_to`](crate::Socket::send_to), [`recv_from`](crate::Socket::recv_from)): a
/// [`Bound`] datagram socket.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Bound` datagram socket sends to and receives from any address",
    label = "sending to and receiving from any address needs a `Bound` socket",
    note = "bind it first (`.bind(addr)`; port 0 lets the kernel pick), so that answers have an address to come back to; a connected socket has one peer: use `.send(buf)` and `.recv(buf)`"
)]
pub trait CanSendTo: State {}

/// (capability) A socket of kind `K` sends a message to its peer
/// ([`send`](crate::Socket::send)): a [`Connected`] one, and a seqpacket socket after
/// `shutdown_read` ([`WriteOnly`]).
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: only a connected socket sends without an address",
    label = "sending to the peer needs a connected socket",
    note = "connect it first (`.connect(addr)`, or use the socket `.accept()` returns); a bound datagram socket sends with `.send_to(buf, addr)` instead"
)]
pub trait CanSend<K: Kind>: State {}

/// (capability) A socket of kind `K` receives a message from its peer
/// ([`recv`](crate::Socket::recv)): a [`Connected`] one, and a seqpacket socket after
/// `shutdown_write` ([`ReadOnly`]).
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: only a connected socket receives from its peer",
    label = "receiving from the peer needs a connected socket",
    note = "connect it first (`.connect(addr)`, or use the socket `.accept()` returns); a bound datagram socket receives with `.recv_from(buf)` instead, which also tells the sender"
)]
pub trait CanRecv<K: Kind>: State {}

/// (capability) The socket has a connect in flight to finish
/// ([`finish`](crate::Socket::finish), [`wait`](crate::Socket::wait)): only [`Connecting`].
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a `Connecting` socket has a connect to finish",
    label = "`finish`/`wait` need a connect in flight",
    note = "`.connect_nonblocking(addr)` returns the `Connecting` socket these finish; `.connect(addr)` and `.connect_timeout(addr, timeout)` return a connected socket already"
)]
pub trait CanFinish: State {}
/// (capability) TCP options read by the handshake may be set: [`Unbound`], [`Bound`] and
/// [`Listening`] (`TCP_MAXSEG`: the MSS a socket announces in its SYN or SYN-ACK, [`tcp(7)`]).
///
/// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: the MSS is announced in the handshake, so only an `Unbound`, `Bound` or `Listening` socket can set it",
    label = "set after the handshake, `TCP_MAXSEG` changes nothing",
    note = "tcp(7): \"If this option is set before connection establishment, it also changes the MSS value announced to the other end in the initial packet\": set it before `.connect(addr)`, or on the listener, whose accepted sockets announce it"
)]
pub trait CanSetMss: State {}

/// (capability) `TCP_FASTOPEN`, the server side of TCP Fast Open, may be set: [`Unbound`],
/// [`Bound`] and [`Listening`]; the kernel refuses it on any other socket (`EINVAL`).
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a socket that is to listen (`Unbound`, `Bound`) or listens can set `TCP_FASTOPEN`",
    label = "`TCP_FASTOPEN` is a listener's option",
    note = "the kernel takes `TCP_FASTOPEN` in the `CLOSE` and `LISTEN` states only (`net/ipv4/tcp.c`), and answers `EINVAL` once connected: set it on the listener; a client uses `.set_tcp_fastopen_connect(true)` before `.connect(addr)`"
)]
pub trait CanSetFastOpen: State {}

/// (capability) `TCP_DEFER_ACCEPT` may be set: [`Unbound`], [`Bound`] and [`Listening`], the
/// states of a socket that listens or is to listen.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: `TCP_DEFER_ACCEPT` acts on the connections a listener takes, so only an `Unbound`, `Bound` or `Listening` socket can set it",
    label = "`TCP_DEFER_ACCEPT` is a listener's option",
    note = "tcp(7): it lets a listener be woken \"only when data arrives on the socket\": set it on the listener (before or after `.listen(backlog)`)"
)]
pub trait CanSetDeferAccept: State {}

/// (capability) `TCP_FASTOPEN_CONNECT` may be set: [`Unbound`] and [`Bound`], before the
/// `connect` that reads it.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: `TCP_FASTOPEN_CONNECT` is read by `connect`, so only an `Unbound` or `Bound` socket can set it",
    label = "set after `connect`, the SYN has gone without data",
    note = "the kernel takes it only before the connect (`TCP_CLOSE`, `net/ipv4/tcp.c`), and answers `EINVAL` later: set it before `.connect(addr)`"
)]
pub trait CanSetFastOpenConnect: State {}

/// (capability) TCP options that act on the data still to send (`TCP_CORK`,
/// `TCP_NOTSENT_LOWAT`) may be set: every state but [`ReadOnly`], which sends no more data.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: it sends no more data, so an option of its send queue does nothing",
    label = "a send-side option, on a socket whose write half is shut down",
    note = "set it before `.shutdown_write()`: on the `Connected` socket, or on the listener, whose accepted sockets inherit it"
)]
pub trait CanSetSendOption: State {}

/// (capability) TCP options that act on the data received (`SO_OOBINLINE`) may be set: every
/// state but [`WriteOnly`], which receives no more data.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: it receives no more data, so an option of its receive side does nothing",
    label = "a receive-side option, on a socket whose read half is shut down",
    note = "set it before `.shutdown_read()`: on the `Connected` socket, or on the listener, whose accepted sockets inherit it"
)]
pub trait CanSetRecvOption: State {}

/// (capability) A socket of kind `K` may bind to a device (`SO_BINDTODEVICE`): a TCP socket
/// before `connect` (its route is looked up there) or as a listener (it then takes
/// connections from that device only); a UDP socket in every state that receives.
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: `SO_BINDTODEVICE` takes effect on a TCP socket before `connect`, a TCP listener, or a UDP socket",
    label = "`SO_BINDTODEVICE` needs an unconnected TCP socket, a listener, or a UDP socket",
    note = "socket(7): a socket bound to a device processes only the packets of that device, and a TCP connection's route is looked up at `connect`: bind the device before `.connect(addr)`, or on the listener; Unix sockets have no device"
)]
pub trait CanSetDevice<K: Kind>: State {}

/// (capability) A socket of kind `K` may set `IP_TRANSPARENT`/`IPV6_TRANSPARENT`: a TCP
/// socket before `connect` (`bind` and the route lookup read it) or as a listener (the
/// connections it takes inherit it); a UDP socket in every state (each send reads it).
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: `IP_TRANSPARENT` takes effect on a TCP socket before `connect`, a TCP listener, or a UDP socket",
    label = "`IP_TRANSPARENT` is read by `bind`, `connect` and a listener's handshakes",
    note = "ip(7): it lets a socket \"bind to a nonlocal IP address\": set it before `.bind(addr)` (or before `.connect(addr)`, or on the listener); Unix sockets have no IP address"
)]
pub trait CanSetTransparent<K: Kind>: State {}

/// (capability) A socket of kind `K` may set `SO_INCOMING_CPU`: the sockets the kernel
/// chooses among when a packet arrives (a TCP listener, and one that is to listen; a UDP
/// socket).
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: `SO_INCOMING_CPU` takes effect on a TCP listener (or one that is to listen) or a UDP socket",
    label = "`SO_INCOMING_CPU` steers the choice of a listener or UDP socket",
    note = "socket(7): set it on a listener (or before `.listen(backlog)`), or on a UDP socket"
)]
pub trait CanSetCpuAffinity<K: Kind>: State {}

/// (capability) A socket of kind `K` has received data to look at without taking it
/// ([`peek`](crate::Socket::peek)): a [`Connected`] one, and a [`ReadOnly`] stream socket.
#[diagnostic::on_unimplemented(
    message = "this `{K}` socket is `{Self}`: only a connected socket has data from its peer to peek at",
    label = "`peek` needs a connected socket",
    note = "connect it first (`.connect(addr)`, or use the socket `.accept()` returns); a bound datagram socket peeks with `.peek_from(buf)`, which also tells the sender"
)]
pub trait CanPeek<K: Kind>: State {}

/// (capability) The socket has an association to dissolve
/// ([`disconnect`](crate::Socket::disconnect)): a [`Connected`] datagram socket.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected datagram socket has an association to dissolve",
    label = "`disconnect` needs a connected datagram socket",
    note = "a datagram socket connects with `.connect(addr)`; one that is not connected has nothing to dissolve"
)]
pub trait CanDisconnect: State {}

/// (capability) The socket knows who its peer is
/// ([`peer_credentials`](crate::Socket::peer_credentials)): a [`Connected`] one.
#[diagnostic::on_unimplemented(
    message = "this socket is `{Self}`: only a connected socket has a peer whose credentials the kernel recorded",
    label = "`peer_credentials` needs a connected socket",
    note = "the kernel records the peer's credentials when the connection is made: ask the socket `.accept()` returns, or one connected with `.connect(path)`"
)]
pub trait CanPeerCredentials: State {}
