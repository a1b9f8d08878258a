//! The rule table: which operation or option each state and kind allows, why, and the test
//! that shows the kernel agrees.
//!
//! Every rule is written once, here, as one row of the `table!` below. A `rule` or
//! `kind_rule` row declares its capability trait (the row's attributes are the trait's docs
//! and its diagnostic), implements it for the states the row allows and for nothing else,
//! and makes the row's `Rule`; the traits are re-exported from [`state`](crate::state), so
//! the bounds are the table. The rows whose bounds live in an impl elsewhere (`Read`,
//! `Write`, `send_to`, the shutdowns, whose impls also say which state comes next, ...) are
//! `impls_elsewhere` rows: their impls are pinned by the static assertions
//! (`src/assertions.rs`) and the ui cases (`ui-tests/`). `RULES` lists every row, in the
//! table's order.
//! The table in the crate docs (`docs/rule-table.md`) and the README is rendered from these
//! rows by the generator in `docgen/` (`cargo run -p typesock-docgen`), whose tests fail when
//! a generated file is stale. Each row's evidence is a test in `tests/rules.rs` that observes
//! the kernel on loopback, or says why none can.
//!
//! The rows of the lifecycle's steps also say where each step leads (`moves [...]`), and the
//! constructors where a socket starts (`CONSTRUCTORS`): the state diagram (`docs/lifecycle.svg`, in
//! the crate docs and the README) is drawn from them, and the generator's tests check each
//! move against the method's signature.

// The rows are read by the generator (feature `__docgen`).
#![cfg_attr(not(feature = "__docgen"), allow(dead_code))]

use self::caps::*;
use crate::kind::{DatagramKind, InetKind, Kind, MessageKind, StreamKind, Tcp, TcpKind, UdpKind};
use crate::state::{Bound, Connected, Connecting, Listening, ReadOnly, Unbound, WriteOnly};

/// One row: an operation, the states it is allowed in per kind (or group of kinds), the
/// reason, and the evidence.
#[derive(Debug)]
pub struct Rule {
    /// The operation, as the docs name it.
    pub op: &'static str,
    /// `(kind or group of kinds, the states it is allowed in)`.
    pub allowed: &'static [(&'static str, &'static [&'static str])],
    /// Why: the man page and section, or the kernel source.
    pub why: &'static str,
    /// The test in `tests/rules.rs` that observes it, or why loopback cannot show it.
    pub evidence: &'static str,
    /// The platforms where the row applies.
    pub on: &'static str,
    /// The lifecycle steps the row's methods make: none for a row that keeps the state.
    pub moves: &'static [Move],
}

/// A step of the lifecycle: a method that takes the socket by value and gives it back in
/// another state (or, for `accept`, makes a new socket).
#[derive(Debug)]
pub struct Move {
    /// The method.
    pub by: &'static str,
    /// The state it takes: `"*"` for each state its row allows, `""` for a constructor (no
    /// socket before it).
    pub from: &'static str,
    /// The states it gives back, one of them as the result says (`disconnect`: `Bound` or
    /// `Unbound`); `"closed"`: the method closes the socket.
    pub to: &'static [&'static str],
    /// The method borrows the socket, which stays in `from`, and returns a new socket in
    /// `to` (`accept`).
    pub makes_new: bool,
}

/// `moves [method: from -> to, ...]`: `from` is a state, `*` (each state of the row) or `()`
/// (a constructor); `to` is a state, several as `A | B`, or `closed`; `(new)` after it marks
/// a method that returns a new socket and keeps its own.
macro_rules! moves {
    ($($by:ident: $from:tt -> $($to:ident)|+ $(($new:ident))?),* $(,)?) => {
        &[$(Move {
            by: stringify!($by),
            from: move_from!($from),
            to: &[$(stringify!($to)),+],
            makes_new: new_socket!($($new)?),
        }),*]
    };
}

macro_rules! move_from {
    (*) => {
        "*"
    };
    (()) => {
        ""
    };
    ($state:ident) => {
        stringify!($state)
    };
}

macro_rules! new_socket {
    () => {
        false
    };
    (new) => {
        true
    };
}

/// A row's platforms: every one, unless the row names them.
macro_rules! on {
    () => {
        "every platform"
    };
    ($on:literal) => {
        $on
    };
}

/// The table: each row is `NAME = kind of row { ... }`, after the attributes of its
/// capability trait; the rows' traits go into `caps` (re-exported from `state`), their
/// `Rule`s into `RULES`, in order.
macro_rules! table {
    ($($(#[$attr:meta])* $name:ident = $row:ident { $($body:tt)* })*) => {
        /// The capability traits the rows declare.
        pub mod caps {
            #[allow(unused_imports)]
            use crate::state::*;
            use crate::kind::Kind;
            $($row! { @trait [$(#[$attr])*] $($body)* })*
        }
        $($row! { $name $($body)* })*
        /// Every row, in the order the docs show them.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

/// The row's reason and evidence, as its trait's docs end: the same text the rule table shows.
macro_rules! why {
    ($why:literal, $evidence:literal) => {
        concat!(
            "\n\n# Why\n\n",
            $why,
            ".\n\nThe evidence, in the crate's tests: ",
            $evidence,
            " (the [rule table](crate#the-rule-table) has every row)."
        )
    };
}

/// A row whose capability trait has no kind parameter: `pub trait Cap: State {}`, and
/// `impl Cap for State` for each state the row allows.
macro_rules! rule {
    (@trait [$(#[$attr:meta])*] $op:literal, $cap:ident for $group:ident [$($state:ident),*],
     $(moves [$($move:tt)*],)?
     why $why:literal, evidence $evidence:literal $(, on $on:literal)?;) => {
        $(#[$attr])*
        #[doc = why!($why, $evidence)]
        pub trait $cap: State {}
    };
    ($name:ident $op:literal, $cap:ident for $group:ident [$($state:ident),*],
     $(moves [$($move:tt)*],)?
     why $why:literal, evidence $evidence:literal $(, on $on:literal)?;) => {
        // Not shown in diagnostics: the message of the trait names the state and the fix.
        $(#[diagnostic::do_not_recommend] impl $cap for $state {})*
        const $name: Rule = Rule {
            op: $op,
            allowed: &[(stringify!($group), &[$(stringify!($state)),*])],
            why: $why,
            evidence: $evidence,
            on: on!($($on)?),
            moves: moves!($($($move)*)?),
        };
    };
}

/// A row whose capability trait has a kind parameter: `pub trait Cap<K: Kind>: State {}`,
/// and `impl<K: Group> Cap<K> for State` for groups of kinds, `impl Cap<Kind> for State`
/// for single kinds.
macro_rules! kind_rule {
    (@trait [$(#[$attr:meta])*] $op:literal, $cap:ident
     $(generic ($($group:tt)+) [$($gstate:ident),*])*
     $(concrete $kind:ident [$($kstate:ident),*])*,
     $(moves [$($move:tt)*],)?
     why $why:literal, evidence $evidence:literal $(, on $on:literal)?;) => {
        $(#[$attr])*
        #[doc = why!($why, $evidence)]
        pub trait $cap<K: Kind>: State {}
    };
    ($name:ident $op:literal, $cap:ident
     $(generic ($($group:tt)+) [$($gstate:ident),*])*
     $(concrete $kind:ident [$($kstate:ident),*])*,
     $(moves [$($move:tt)*],)?
     why $why:literal, evidence $evidence:literal $(, on $on:literal)?;) => {
        // Not shown in diagnostics: the message of the trait names the state and the fix,
        // rather than a kind bound of an impl for another state.
        $(generic_impls!($cap [$($gstate),*] $($group)+);)*
        $($(#[diagnostic::do_not_recommend] impl $cap<$kind> for $kstate {})*)*
        const $name: Rule = Rule {
            op: $op,
            allowed: &[
                $((stringify!($($group)+), &[$(stringify!($gstate)),*]),)*
                $((stringify!($kind), &[$(stringify!($kstate)),*]),)*
            ],
            why: $why,
            evidence: $evidence,
            on: on!($($on)?),
            moves: moves!($($($move)*)?),
        };
    };
}

/// `impl<K: Bounds> Cap<K> for State {}` for each state, one at a time (a bound of several
/// tokens cannot repeat beside the states in one expansion).
macro_rules! generic_impls {
    ($cap:ident [] $($bound:tt)+) => {};
    ($cap:ident [$state:ident $(, $rest:ident)*] $($bound:tt)+) => {
        #[diagnostic::do_not_recommend]
        impl<K: $($bound)+> $cap<K> for $state {}
        generic_impls!($cap [$($rest),*] $($bound)+);
    };
}

/// A row whose bounds are impls elsewhere (pinned by static assertions and ui cases): no
/// trait of its own.
macro_rules! impls_elsewhere {
    (@trait [] $($rest:tt)*) => {};
    ($name:ident $op:literal, $($group:ident [$($state:ident),*])+,
     $(moves [$($move:tt)*],)?
     why $why:literal, evidence $evidence:literal $(, on $on:literal)?;) => {
        const $name: Rule = Rule {
            op: $op,
            allowed: &[$((stringify!($group), &[$(stringify!($state)),*])),+],
            why: $why,
            evidence: $evidence,
            on: on!($($on)?),
            moves: moves!($($($move)*)?),
        };
    };
}

table! {
    /// (capability) The socket may call [`bind`](crate::Socket::bind): only [`Unbound`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only an `Unbound` socket can `bind`",
        label = "this socket is past `bind` already",
        note = "a socket binds once, right after it is created: make a new socket (`Socket::tcp_v4()`, ...) to bind it elsewhere"
    )]
    BIND = rule {
        "[`bind`](crate::Socket::bind), `bind_autobind` (Linux, the Unix kinds)", CanBind for Kind [Unbound],
        moves [bind: * -> Bound],
        why "bind(2): `EINVAL`, \"the socket is already bound to an address\"; a listening or connected socket is bound already",
        evidence "bind_twice_is_einval";
    }

    /// (capability) The socket may call [`listen`](crate::Socket::listen): only [`Bound`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a `Bound` socket can `listen`",
        label = "`listen` needs a `Bound` socket",
        note = "a server's steps are `.bind(addr)` -> `.listen(backlog)` -> `.accept()`: call `.bind(addr)` first"
    )]
    LISTEN = rule {
        "[`listen`](crate::Socket::listen)", CanListen for StreamKind [Bound],
        moves [listen: * -> Listening],
        why "listen(2) on an unbound TCP socket binds it to a port the kernel picks (ip(7): \"automatic bind\"), which no server wants, and fails with `EINVAL` on an unbound Unix socket and on a connected one",
        evidence "listen_outside_bound_is_wrong";
    }

    /// (capability) The socket may call [`accept`](crate::Socket::accept): only [`Listening`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a `Listening` socket can `accept`",
        label = "`accept` needs a `Listening` socket",
        note = "`.accept()` is called on the socket `.listen(backlog)` returns: `.bind(addr)` -> `.listen(backlog)` -> `.accept()`"
    )]
    ACCEPT = rule {
        "[`accept`](crate::Socket::accept)", CanAccept for StreamKind [Listening],
        moves [accept: * -> Connected (new)],
        why "accept(2): `EINVAL`, \"socket is not listening for connections\"",
        evidence "accept_before_listen_is_einval";
    }

    /// (capability) A socket of kind `K` may call [`connect`](crate::Socket::connect): an
    /// [`Unbound`] or [`Bound`] one, and a [`Connected`] datagram socket (re-connect).
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: only an `Unbound` or `Bound` socket can `connect` (and a connected datagram socket, again)",
        label = "`connect` needs an `Unbound` or `Bound` socket",
        note = "a `Listening` socket takes connections with `.accept()`, and a stream socket connects once: make a new socket to connect elsewhere"
    )]
    CONNECT = kind_rule {
        "[`connect`](crate::Socket::connect), [`connect_timeout`](crate::Socket::connect_timeout), [`connect_nonblocking`](crate::Socket::connect_nonblocking)", CanConnect
            generic (Kind) [Unbound, Bound]
            generic (DatagramKind) [Connected],
        moves [connect: * -> Connected, connect_timeout: * -> Connected, connect_nonblocking: * -> Connecting],
        why "connect(2): a connected stream socket answers `EISCONN`, a listening one `EISCONN` (TCP) or `EINVAL` (Unix); \"datagram sockets may use connect() multiple times to change their association\"",
        evidence "stream_connects_once_datagram_again";
    }

    /// (capability) The socket has a connect in flight to finish
    /// ([`finish`](crate::Socket::finish), [`wait`](crate::Socket::wait)): only [`Connecting`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a `Connecting` socket has a connect to finish",
        label = "`finish`/`wait` need a connect in flight",
        note = "`.connect_nonblocking(addr)` returns the `Connecting` socket these finish; `.connect(addr)` returns a connected one already"
    )]
    FINISH = rule {
        "[`finish`](crate::Socket::finish), [`wait`](crate::Socket::wait)", CanFinish for Kind [Connecting],
        moves [finish: * -> Connected, wait: * -> Connected],
        why "they read the outcome of the connect in flight (`poll(2)` for writability, then `SO_ERROR`, connect(2) `EINPROGRESS`)",
        evidence "finish_reports_a_refusal";
    }

    /// (capability) The socket's pending error may be taken with
    /// [`take_error`](crate::Socket::take_error): every state but [`Connecting`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: its pending error is the outcome of the connect in flight",
        label = "`take_error` would take the outcome that `finish` reads",
        note = "call `.finish()` or `.wait(timeout)`: they read `SO_ERROR` and report a failed connect as its error"
    )]
    TAKE_ERROR = rule {
        "[`take_error`](crate::Socket::take_error)", CanTakeError for Kind [Unbound, Bound, Listening, Connected, ReadOnly, WriteOnly],
        why "socket(7), `SO_ERROR`: \"get and clear the pending socket error\"; while a connect is in flight, that error is its outcome (connect(2), `EINPROGRESS`), which `finish` must read",
        evidence "take_error_while_connecting_erases_the_refusal",
        on "every platform";
    }

    /// (capability) The socket reads bytes ([`read`](crate::Socket::read), `read_exact`, ... and
    /// [`Read`](std::io::Read)): [`Connected`] and [`ReadOnly`] byte-stream sockets.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a connected socket reads (`Connected`, or `ReadOnly` after `shutdown_write`)",
        label = "`read` needs a connected socket",
        note = "connect first (or `.finish()` a `Connecting` socket), or read from the socket `.accept()` returns; a `WriteOnly` socket has shut its read half"
    )]
    READ = rule {
        "[`read`](crate::Socket::read), `read_exact`, ... and [`Read`](std::io::Read)", CanRead for ByteStreamKind [Connected, ReadOnly],
        why "recv(2) on a stream socket that is not connected: `ENOTCONN`; a listener has no data",
        evidence "read_on_a_listener_is_enotconn";
    }

    /// (capability) The socket writes bytes ([`write`](crate::Socket::write), `write_all`, ...
    /// and [`Write`](std::io::Write)): [`Connected`] and [`WriteOnly`] byte-stream sockets.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a connected socket writes (`Connected`, or `WriteOnly` after `shutdown_read`)",
        label = "`write` needs a connected socket",
        note = "connect first (or `.finish()` a `Connecting` socket), or write to the socket `.accept()` returns; a `ReadOnly` socket has shut its write half"
    )]
    WRITE = rule {
        "[`write`](crate::Socket::write), `write_all`, ... and [`Write`](std::io::Write)", CanWrite for ByteStreamKind [Connected, WriteOnly],
        why "send(2): `ENOTCONN` before connect, `EPIPE` after `shutdown(SHUT_WR)`",
        evidence "write_after_shutdown_write_is_epipe";
    }

    SHUTDOWN_WRITE = impls_elsewhere {
        "[`shutdown_write`](crate::Socket::shutdown_write)", StreamKind [Connected, WriteOnly],
        moves [shutdown_write: Connected -> ReadOnly, shutdown_write: WriteOnly -> closed],
        why "shutdown(2): `ENOTCONN` on a socket that is not connected",
        evidence "shutdown_before_connect_is_enotconn";
    }

    SHUTDOWN_READ = impls_elsewhere {
        "[`shutdown_read`](crate::Socket::shutdown_read)", StreamKind [Connected, ReadOnly],
        moves [shutdown_read: Connected -> WriteOnly, shutdown_read: ReadOnly -> closed],
        why "shutdown(2): `ENOTCONN` on a socket that is not connected",
        evidence "shutdown_before_connect_is_enotconn";
    }

    /// (capability) The socket sends to and receives from any address
    /// ([`send_to`](crate::Socket::send_to), [`recv_from`](crate::Socket::recv_from)): a
    /// [`Bound`] datagram socket.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a `Bound` datagram socket sends to and receives from any address",
        label = "sending to and receiving from any address needs a `Bound` socket",
        note = "bind it first (`.bind(addr)`; port 0 lets the kernel pick) so answers can come back; a connected socket uses `.send(buf)` and `.recv(buf)`"
    )]
    SEND_TO = rule {
        "[`send_to`](crate::Socket::send_to), [`recv_from`](crate::Socket::recv_from)", CanSendTo for DatagramKind [Bound],
        why "an unbound socket has no address to be answered at: sendto(2) binds it to a port the kernel picks (udp(7): \"autobind\"), and recvfrom(2) would wait on no port; a connected socket has one peer, and `send`/`recv`",
        evidence "unbound_udp_send_to_binds_behind_the_type";
    }

    /// (capability) A socket of kind `K` sends a message to its peer
    /// ([`send`](crate::Socket::send)): a [`Connected`] one, and a seqpacket socket after
    /// `shutdown_read` ([`WriteOnly`]).
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: only a connected socket sends without an address",
        label = "sending to the peer needs a connected socket",
        note = "connect it first (`.connect(addr)`); a bound datagram socket sends with `.send_to(buf, addr)`"
    )]
    SEND = kind_rule {
        "[`send`](crate::Socket::send)", CanSend
            generic (Kind) [Connected]
            generic (MessageKind + StreamKind) [WriteOnly],
        why "send(2) without an address on a datagram socket that is not connected: `EDESTADDRREQ`; a seqpacket socket moves whole messages once connected (unix(7)), and still sends after `shutdown_read`",
        evidence "send_before_connect_is_edestaddrreq",
        on "every platform; for `UnixSeqpacket`: Linux, Android, FreeBSD";
    }

    /// (capability) A socket of kind `K` receives a message from its peer
    /// ([`recv`](crate::Socket::recv)): a [`Connected`] one, and a seqpacket socket after
    /// `shutdown_write` ([`ReadOnly`]).
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: only a connected socket receives from its peer",
        label = "receiving from the peer needs a connected socket",
        note = "connect it first (`.connect(addr)`); a bound datagram socket receives with `.recv_from(buf)`, which tells the sender"
    )]
    RECV = kind_rule {
        "[`recv`](crate::Socket::recv)", CanRecv
            generic (Kind) [Connected]
            generic (MessageKind + StreamKind) [ReadOnly],
        why "recv(2) on a datagram socket that is not connected would take any sender's datagram, with no address to tell which (`recv_from` tells it); a seqpacket socket still receives after `shutdown_write`",
        evidence "not observable as a failure: the kernel answers such a recv; the rule keeps the sender's address from being lost",
        on "every platform; for `UnixSeqpacket`: Linux, Android, FreeBSD";
    }

    /// (capability) A socket of kind `K` has received data to look at without taking it
    /// ([`peek`](crate::Socket::peek)): a [`Connected`] one, and a [`ReadOnly`] stream socket.
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: only a connected socket has data from its peer to peek at",
        label = "`peek` needs a connected socket",
        note = "connect it first (`.connect(addr)`); a bound datagram socket peeks with `.peek_from(buf)`, which tells the sender"
    )]
    PEEK = kind_rule {
        "[`peek`](crate::Socket::peek)", CanPeek
            generic (Kind) [Connected]
            generic (StreamKind) [ReadOnly],
        why "recv(2) with `MSG_PEEK`: the data stays queued; a socket that is not connected has none (`ENOTCONN`)",
        evidence "tests/unix_extras.rs",
        on "Unix";
    }

    PEEK_FROM = impls_elsewhere {
        "[`peek_from`](crate::Socket::peek_from)", DatagramKind [Bound],
        why "recvfrom(2) with `MSG_PEEK`, as `recv_from`",
        evidence "tests/unix_extras.rs",
        on "Unix";
    }

    FDS = impls_elsewhere {
        "[`send_with_fds`](crate::Socket::send_with_fds)", UnixKind [Connected] UnixSeqpacket [WriteOnly],
        why "unix(7), `SCM_RIGHTS`: only Unix sockets carry descriptors; a socket that is not connected has no peer to carry them to (the bound is `send`'s)",
        evidence "tests/unix_extras.rs",
        on "Unix";
    }

    FDS_RECV = impls_elsewhere {
        "[`recv_with_fds`](crate::Socket::recv_with_fds)", UnixKind [Connected] UnixSeqpacket [ReadOnly],
        why "unix(7), `SCM_RIGHTS`: as `send_with_fds` (the bound is `recv`'s)",
        evidence "tests/unix_extras.rs",
        on "Unix";
    }

    FDS_TO = impls_elsewhere {
        "[`send_to_with_fds`](crate::Socket::send_to_with_fds), [`recv_from_with_fds`](crate::Socket::recv_from_with_fds)", UnixDatagram [Bound],
        why "unix(7), `SCM_RIGHTS` with `sendmsg(2)` to an address: a bound Unix datagram socket",
        evidence "tests/unix_extras.rs",
        on "Unix";
    }

    /// (capability) The socket knows who its peer is
    /// ([`peer_credentials`](crate::Socket::peer_credentials)): a [`Connected`] one.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a connected socket has a peer whose credentials the kernel recorded",
        label = "`peer_credentials` needs a connected socket",
        note = "the kernel records the peer's credentials at connection: ask the socket `.accept()` returns, or one connected with `.connect(path)`"
    )]
    PEER_CREDENTIALS = rule {
        "[`peer_credentials`](crate::Socket::peer_credentials), [`peer_pidfd`](crate::Socket::peer_pidfd) (Linux)", CanPeerCredentials for UnixConnectionKind [Connected],
        why "unix(7), `SO_PEERCRED`: \"the credentials of the peer process connected to this socket\", for a connected stream or seqpacket socket",
        evidence "tests/unix_extras.rs",
        on "Unix (the pid: Linux, Android, macOS)";
    }

    BATCH_FROM = impls_elsewhere {
        "[`send_batch_to`](crate::Socket::send_batch_to), [`recv_batch_from`](crate::Socket::recv_batch_from)", DatagramKind [Bound],
        why "as `send_to` and `recv_from`: sendmmsg(2) on an unbound socket binds it to a port the kernel picks (udp(7): \"autobind\"), recvmmsg(2) would wait on no port; a connected socket has one peer, and `send_batch`/`recv_batch`",
        evidence "unbound_udp_send_batch_binds_behind_the_type",
        on "Unix: `sendmmsg`/`recvmmsg` on Linux, Android, FreeBSD; one call a datagram elsewhere";
    }

    BATCH = impls_elsewhere {
        "[`send_batch`](crate::Socket::send_batch), [`recv_batch`](crate::Socket::recv_batch)", DatagramKind [Connected],
        why "sendmmsg(2) without addresses on a datagram socket that is not connected: `EDESTADDRREQ`, as send(2)",
        evidence "send_batch_before_connect_is_edestaddrreq",
        on "Unix: `sendmmsg`/`recvmmsg` on Linux, Android, FreeBSD; one call a datagram elsewhere";
    }

    SEGMENTS_FROM = impls_elsewhere {
        "[`send_segments_to`](crate::Socket::send_segments_to), [`recv_segments_from`](crate::Socket::recv_segments_from) (Linux)", Udp [Bound],
        why "as `send_to` and `recv_from`: one sendmsg(2) with `UDP_SEGMENT`, one recvmsg(2) (udp(7)); an unbound socket would be bound behind the type's back",
        evidence "tests/batch.rs",
        on "Linux, Android";
    }

    SEGMENTS = impls_elsewhere {
        "[`send_segments`](crate::Socket::send_segments), [`recv_segments`](crate::Socket::recv_segments) (Linux)", Udp [Connected],
        why "as `send` and `recv`: without an address, only a connected socket has a destination (`EDESTADDRREQ`)",
        evidence "tests/batch.rs",
        on "Linux, Android";
    }

    /// (capability) The socket has an association to dissolve
    /// ([`disconnect`](crate::Socket::disconnect)): a [`Connected`] datagram socket.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a connected datagram socket has an association to dissolve",
        label = "`disconnect` needs a connected datagram socket",
        note = "a datagram socket connects with `.connect(addr)`; one that is not connected has nothing to dissolve"
    )]
    DISCONNECT = rule {
        "[`disconnect`](crate::Socket::disconnect)", CanDisconnect for DatagramKind [Connected],
        moves [disconnect: * -> Bound | Unbound],
        why "connect(2): \"connectionless sockets may dissolve the association by connecting to an address with the sa_family member of sockaddr set to AF_UNSPEC\"; the state after it is read back with getsockname(2)",
        evidence "disconnect_drops_a_port_the_kernel_picked",
        on "Unix";
    }

    /// (capability) The socket has a local address: every state after [`Unbound`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: it has no local address before `bind` or `connect`",
        label = "`local_addr` needs a bound socket",
        note = "call `.bind(addr)` first (or `.connect(addr)`, which binds to an address the kernel picks)"
    )]
    LOCAL_ADDR = rule {
        "[`local_addr`](crate::Socket::local_addr)", CanLocalAddr for Kind [Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "getsockname(2) on an unbound socket reports the unspecified address and port 0: no address",
        evidence "unbound_local_addr_is_unspecified";
    }

    /// (capability) The socket has a peer: [`Connected`], [`ReadOnly`] and [`WriteOnly`].
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a connected socket has a peer address",
        label = "`peer_addr` needs a connected socket",
        note = "connect first (or `.finish()` a `Connecting` socket), or use the socket `.accept()` returns with the peer's address"
    )]
    PEER_ADDR = rule {
        "[`peer_addr`](crate::Socket::peer_addr)", CanPeerAddr for Kind [Connected, ReadOnly, WriteOnly],
        why "getpeername(2): `ENOTCONN`, \"the socket is not connected\"",
        evidence "peer_addr_before_connect_is_enotconn";
    }

    /// (capability) The socket may be duplicated with [`try_clone`](crate::Socket::try_clone):
    /// [`Listening`] and [`Connected`].
    ///
    /// A duplicate of a socket that can still change state would leave one handle typed in a
    /// state the kernel no longer agrees with, so the states before `listen`/`connect` and the
    /// half-closed ones have no `try_clone`.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a `Listening` or `Connected` socket can be duplicated",
        label = "`try_clone` needs a `Listening` or `Connected` socket",
        note = "duplicate it while `Listening` or `Connected`, before any shutdown: in another state a duplicate keeps a state the original leaves"
    )]
    TRY_CLONE = rule {
        "[`try_clone`](crate::Socket::try_clone)", CanClone for Kind [Listening, Connected],
        why "a rule about handles, not the kernel: a duplicate made before `listen` or `connect`, or of a half-closed socket, would keep in its type a state the original leaves at its next step",
        evidence "not observable: the kernel allows `dup(2)` in every state; the rule keeps two handles' types in agreement";
    }

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
    BIND_OPTIONS = rule {
        "[`set_reuse_address`](crate::Socket::set_reuse_address), [`set_reuse_port`](crate::Socket::set_reuse_port), [`set_only_v6`](crate::Socket::set_only_v6), [`set_freebind_v4`](crate::Socket::set_freebind_v4), [`set_freebind_v6`](crate::Socket::set_freebind_v6), [`set_bind_address_no_port`](crate::Socket::set_bind_address_no_port), `set_reuse_port_lb` (FreeBSD), `set_exclusive_address_use` (Windows)", CanSetBindOption for InetKind [Unbound],
        why "socket(7): `SO_REUSEADDR` and `SO_REUSEPORT` are read by the socket's own bind(2) (\"must be set on each socket (including the first socket) prior to calling bind(2)\"): set later, they cannot help a bind that has happened (Linux still reads a bound socket's `SO_REUSEADDR` when another socket binds the same address; not a use typesock offers); ipv6(7): `IPV6_V6ONLY` after bind fails with `EINVAL`; ip(7): `IP_FREEBIND` lets bind(2) take \"a nonlocal or nonexistent address\", and `IP_BIND_ADDRESS_NO_PORT` tells a bind(2) to port 0 to reserve no port (`net/ipv4/af_inet.c`, `__inet_bind`); FreeBSD's `SO_REUSEPORT_LB` is read by bind(2) like `SO_REUSEPORT`, and Windows' `SO_EXCLUSIVEADDRUSE` by bind like `SO_REUSEADDR`",
        evidence "reuse_address_before_bind_binds_over_time_wait, only_v6_after_bind_is_einval, freebind_before_bind_binds_a_foreign_address, bind_address_no_port_shares_source_ports",
        on "every platform; `set_reuse_port` on Unix, `set_exclusive_address_use` on Windows";
    }

    /// (capability) A socket of kind `K` may set `SO_RCVBUF` in this state: a TCP socket before
    /// `connect` or as a listener (the sockets it accepts inherit it), a UDP socket in every
    /// state, a Unix socket never.
    #[diagnostic::on_unimplemented(
        message = "a `{K}` socket that is `{Self}` cannot set its receive buffer: it would not take effect",
        label = "`SO_RCVBUF` does nothing here",
        note = "tcp(7): buffer sizes \"must be set prior to the listen(2) or connect(2) calls\" (or on the listener); unix(7): no effect; UDP: any state"
    )]
    RECV_BUFFER = kind_rule {
        "[`set_recv_buffer_size`](crate::Socket::set_recv_buffer_size)", CanSetRecvBuffer
            generic (InetKind) [Unbound, Bound]
            generic (InetKind + DatagramKind) [Connected]
            generic (TcpKind) [Listening]
            concrete UnixStream []
            concrete UnixDatagram [],
        why "tcp(7): the window scale is agreed in the handshake, so the buffer sizes \"must be set prior to the listen(2) or connect(2) calls\"; the kernel contradicts it for listen(2): the sockets a listener accepts are clones of it (`sk_clone_lock`) and take its buffer size and window scale (measured on Linux 6.18: `SO_RCVBUF` 4096 set after listen gives the accepted socket `rcv_wscale` 0 against 10); unix(7): \"the SO_RCVBUF option does not\" have an effect for Unix sockets; a UDP socket has no handshake",
        evidence "tcp_recv_buffer_after_connect_keeps_the_window_scale, tcp_listener_buffers_reach_the_sockets_it_accepts, unix_recv_buffer_changes_nothing",
        on "every platform (the Unix kinds on Unix)";
    }

    /// (capability) A socket of kind `K` may set `SO_SNDBUF` in this state: every state that
    /// still sends (the kernel checks the limit at every send), and a TCP listener, whose
    /// accepted sockets inherit it; not a Unix listener, not a read-only socket.
    #[diagnostic::on_unimplemented(
        message = "a `{K}` socket that is `{Self}` cannot set its send buffer: it sends nothing",
        label = "`SO_SNDBUF` does nothing here",
        note = "it bounds what a socket queues to send: set it on a socket that sends, or on a TCP listener, whose accepted sockets inherit it"
    )]
    SEND_BUFFER = kind_rule {
        "[`set_send_buffer_size`](crate::Socket::set_send_buffer_size)", CanSetSendBuffer
            generic (Kind) [Unbound, Bound, Connected]
            generic (StreamKind) [WriteOnly]
            generic (TcpKind) [Listening],
        why "`SO_SNDBUF` bounds the send queue, checked at every send (`net/core/sock.c`, `sock_alloc_send_pskb`; `net/ipv4/tcp.c`, `sk_stream_memory_free`), so it takes effect in every state that still sends; unix(7): it \"does have an effect for UNIX domain sockets\"; a TCP listener sends nothing, but the sockets it accepts are its clones and take its size (measured on Linux 6.18: 16384 set after listen gives the accepted socket 32768 against 3,939,840); a Unix listener's accepted sockets are made anew and do not; a read-only socket sends nothing",
        evidence "send_buffer_after_connect_grows_the_queue, tcp_listener_buffers_reach_the_sockets_it_accepts, unix_listener_send_buffer_changes_nothing";
    }

    /// (capability) A socket of kind `K` may set `SO_RCVTIMEO` in this state: the states that
    /// receive data, and a [`Listening`] socket, whose `accept` it bounds ([`socket(7)`]).
    ///
    /// [`socket(7)`]: https://man7.org/linux/man-pages/man7/socket.7.html
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: it receives no data and accepts no connections",
        label = "`set_read_timeout` needs a socket that receives data or accepts",
        note = "data arrives on a connected socket and on a bound datagram socket; on a `Listening` socket the timeout bounds `.accept()`"
    )]
    READ_TIMEOUT = kind_rule {
        "[`set_read_timeout`](crate::Socket::set_read_timeout)", CanSetReadTimeout
            generic (Kind) [Connected]
            generic (StreamKind) [Listening, ReadOnly]
            generic (DatagramKind) [Bound],
        why "socket(7), `SO_RCVTIMEO`: \"timeouts only have effect for system calls that perform socket I/O (e.g., accept(2), connect(2), read(2), recvmsg(2), ...)\": the states that receive, and a listener's `accept`",
        evidence "read_timeout_bounds_accept";
    }

    /// (capability) A socket of kind `K` may set `SO_SNDTIMEO` in this state: the states that
    /// send data.
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: it sends no data",
        label = "`set_write_timeout` needs a socket that sends data",
        note = "data leaves from a connected socket (`.connect(addr)`, or `.accept()` on a listener), or from a bound datagram socket"
    )]
    WRITE_TIMEOUT = kind_rule {
        "[`set_write_timeout`](crate::Socket::set_write_timeout)", CanSetWriteTimeout
            generic (Kind) [Connected]
            generic (StreamKind) [WriteOnly]
            generic (DatagramKind) [Bound],
        why "socket(7), `SO_SNDTIMEO`: bounds the sends of the states that send",
        evidence "write_timeout_bounds_a_full_send";
    }

    /// (capability) TCP options read by the handshake may be set: [`Unbound`], [`Bound`] and
    /// [`Listening`] (`TCP_MAXSEG`: the MSS a socket announces in its SYN or SYN-ACK, [`tcp(7)`]).
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: the MSS is announced in the handshake, so only an `Unbound`, `Bound` or `Listening` socket can set it",
        label = "set after the handshake, `TCP_MAXSEG` changes nothing",
        note = "tcp(7): set before the handshake, it \"changes the MSS value announced\": set it before `.connect(addr)`, or on the listener"
    )]
    TCP_MSS = rule {
        "[`set_tcp_mss`](crate::Socket::set_tcp_mss)", CanSetMss for TcpKind [Unbound, Bound, Listening],
        why "tcp(7), `TCP_MAXSEG`: \"If this option is set before connection establishment, it also changes the MSS value announced to the other end in the initial packet\"; the kernel copies it into the handshake (`tcp_connect_init`, and `tcp_openreq_init` for a listener's connections, `net/ipv4/tcp_output.c`, `tcp_input.c`) and never reads it again",
        evidence "mss_before_connect_shows_in_the_peers_tcp_info",
        on "Unix";
    }

    /// (capability) `TCP_FASTOPEN`, the server side of TCP Fast Open, may be set: [`Unbound`],
    /// [`Bound`] and [`Listening`]; the kernel refuses it on any other socket (`EINVAL`).
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: only a socket that is to listen (`Unbound`, `Bound`) or listens can set `TCP_FASTOPEN`",
        label = "`TCP_FASTOPEN` is a listener's option",
        note = "the kernel takes `TCP_FASTOPEN` before `listen` and on a listener (`EINVAL` later); a client uses `.set_tcp_fastopen_connect(true)`"
    )]
    TCP_FASTOPEN = rule {
        "[`set_tcp_fastopen`](crate::Socket::set_tcp_fastopen)", CanSetFastOpen for TcpKind [Unbound, Bound, Listening],
        why "tcp(7), `TCP_FASTOPEN`: the server side of Fast Open, a queue length; the kernel takes it in the `CLOSE` and `LISTEN` states only and answers `EINVAL` otherwise (`net/ipv4/tcp.c`, `do_tcp_setsockopt`)",
        evidence "fastopen_carries_data_in_the_syn, fastopen_on_a_connected_socket_is_einval",
        on "Linux, Android";
    }

    /// (capability) `TCP_FASTOPEN_CONNECT` may be set: [`Unbound`] and [`Bound`], before the
    /// `connect` that reads it.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: `TCP_FASTOPEN_CONNECT` is read by `connect`, so only an `Unbound` or `Bound` socket can set it",
        label = "set after `connect`, the SYN has gone without data",
        note = "the kernel takes it only before the connect (`EINVAL` later): set it before `.connect(addr)`"
    )]
    TCP_FASTOPEN_CONNECT = rule {
        "[`set_tcp_fastopen_connect`](crate::Socket::set_tcp_fastopen_connect)", CanSetFastOpenConnect for TcpKind [Unbound, Bound],
        why "`TCP_FASTOPEN_CONNECT` is read by connect(2), which then sends the first write in the SYN; the kernel takes it in the `CLOSE` state only and answers `EINVAL` otherwise (`net/ipv4/tcp.c`)",
        evidence "fastopen_carries_data_in_the_syn, fastopen_on_a_connected_socket_is_einval",
        on "Linux, Android";
    }

    /// (capability) `TCP_DEFER_ACCEPT` may be set: [`Unbound`], [`Bound`] and [`Listening`], the
    /// states of a socket that listens or is to listen.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: `TCP_DEFER_ACCEPT` acts on the connections a listener takes, so only an `Unbound`, `Bound` or `Listening` socket can set it",
        label = "`TCP_DEFER_ACCEPT` is a listener's option",
        note = "tcp(7): it wakes a listener \"only when data arrives on the socket\": set it on the listener (before or after `.listen(backlog)`)"
    )]
    TCP_DEFER_ACCEPT = rule {
        "[`set_tcp_defer_accept`](crate::Socket::set_tcp_defer_accept)", CanSetDeferAccept for TcpKind [Unbound, Bound, Listening],
        why "tcp(7), `TCP_DEFER_ACCEPT`: \"Allow a listener to be awakened only when data arrives on the socket\"; read when the handshake's last ACK reaches the listener (`net/ipv4/tcp_minisocks.c`, `tcp_check_req`), so it takes effect set before or after listen(2) (measured: both hold `accept` until data); on a connected socket it is stored and never read",
        evidence "defer_accept_holds_accept_until_data",
        on "Linux, Android";
    }

    /// (capability) TCP options that act on the data still to send (`TCP_CORK`,
    /// `TCP_NOTSENT_LOWAT`) may be set: every state but [`ReadOnly`], which sends no more data.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: it sends no more data, so an option of its send queue does nothing",
        label = "a send-side option, on a socket whose write half is shut down",
        note = "set it before `.shutdown_write()`: on the `Connected` socket, or on the listener, whose accepted sockets inherit it"
    )]
    TCP_SEND_SIDE = rule {
        "[`set_tcp_cork`](crate::Socket::set_tcp_cork), [`set_tcp_notsent_lowat`](crate::Socket::set_tcp_notsent_lowat)", CanSetSendOption for TcpKind [Unbound, Bound, Listening, Connecting, Connected, WriteOnly],
        why "tcp(7): `TCP_CORK` holds partial frames, `TCP_NOTSENT_LOWAT` bounds the unsent bytes before the socket is writable: both act on the data still to send, so a socket whose write half is shut down has no use for them; a listener's are copied into the sockets `accept` returns (`sk_clone_lock`, `net/core/sock.c`)",
        evidence "cork_holds_a_small_write, notsent_lowat_bounds_the_unsent_queue",
        on "Linux, Android";
    }

    /// (capability) TCP options that act on the data received (`SO_OOBINLINE`) may be set: every
    /// state but [`WriteOnly`], which receives no more data.
    #[diagnostic::on_unimplemented(
        message = "this socket is `{Self}`: it receives no more data, so an option of its receive side does nothing",
        label = "a receive-side option, on a socket whose read half is shut down",
        note = "set it before `.shutdown_read()`: on the `Connected` socket, or on the listener, whose accepted sockets inherit it"
    )]
    TCP_RECV_SIDE = rule {
        "[`set_out_of_band_inline`](crate::Socket::set_out_of_band_inline)", CanSetRecvOption for TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly],
        why "socket(7), `SO_OOBINLINE`: \"out-of-band data is directly placed into the receive data stream\": it acts on data received, so a socket whose read half is shut down has no use for it; a listener's is inherited",
        evidence "oob_inline_reads_urgent_data_in_line",
        on "every platform";
    }

    TCP_OPTIONS = impls_elsewhere {
        "[`set_nodelay`](crate::Socket::set_nodelay), [`set_keepalive`](crate::Socket::set_keepalive), [`set_linger`](crate::Socket::set_linger)", TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "tcp(7), socket(7): read at each send, idle period and close; a listener's are inherited by the sockets `accept` returns",
        evidence "linger_below_a_second_keeps_the_data";
    }

    TCP_TIMERS = impls_elsewhere {
        "[`set_tcp_keepalive`](crate::Socket::set_tcp_keepalive), [`set_tcp_user_timeout`](crate::Socket::set_tcp_user_timeout), [`set_tcp_thin_linear_timeouts`](crate::Socket::set_tcp_thin_linear_timeouts), [`set_tcp_congestion`](crate::Socket::set_tcp_congestion), [`set_tcp_quickack`](crate::Socket::set_tcp_quickack)", TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "tcp(7): the keepalive timer, the retransmission timer and the congestion control read them while the connection lives (`TCP_CONGESTION` switches the algorithm of an open connection, `tcp_set_congestion_control`); a listener's are inherited by the sockets `accept` returns; `TCP_QUICKACK` acts on the next ACKs and \"is not permanent\"",
        evidence "not observable on loopback: keepalive probes, user timeouts and thin-stream timers act on a peer that stops answering, and loopback never loses a segment; quick ACKs and the congestion algorithm change no byte a peer receives",
        on "keepalive: every platform; the others: Linux, Android (congestion: FreeBSD too)";
    }

    TCP_INFO = impls_elsewhere {
        "[`tcp_info`](crate::Socket::tcp_info) (Linux, FreeBSD, Apple)", TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "tcp(7), `TCP_INFO` (Apple: `TCP_CONNECTION_INFO`): a snapshot of the socket's TCP state and counters, answered in every state (a listener's is `LISTEN`, a socket before connect `CLOSE`)",
        evidence "tcp_info_follows_the_connection",
        on "Linux, Android, FreeBSD, Apple";
    }

    IP_OPTIONS = impls_elsewhere {
        "[`set_ttl`](crate::Socket::set_ttl)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "ip(7), ipv6(7): read for every packet sent (on a dual-stack IPv6 socket, Linux reads `IP_TTL` for the IPv4-mapped ones, and `set_ttl` sets both)",
        evidence "ttl_on_a_dual_stack_socket_reaches_its_ipv4_datagrams";
    }

    /// (capability) The error queue (`IP_RECVERR`/`IPV6_RECVERR`) may be turned on and read:
    /// a `Tcp` or `Udp` socket, in every state (each error is queued as it arrives).
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket has no IP error queue: `IP_RECVERR` is an option of `Tcp` and `Udp` sockets",
        label = "`IP_RECVERR` needs a `Tcp` or `Udp` socket",
        note = "ip(7): the queue holds the ICMP errors of the socket's IP traffic; a Unix socket has none"
    )]
    RECV_ERROR = kind_rule {
        "[`set_recv_error_v4`](crate::Socket::set_recv_error_v4), [`set_recv_error_v6`](crate::Socket::set_recv_error_v6), [`recv_error`](crate::Socket::recv_error) (Linux)", CanUseErrorQueue
            generic (InetKind) [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "ip(7), `IP_RECVERR`: every error the kernel learns for the socket's traffic (`ip_icmp_error`, `ip_local_error`) is queued while it is set, in whichever state; a listener's accepted sockets inherit it",
        evidence "recv_error_queues_a_refused_datagram, recv_error_reads_the_queue_typed",
        on "Linux, Android";
    }

    /// (capability) The path MTU may be read (`IP_MTU`, `IPV6_MTU`): a connected `Tcp` or
    /// `Udp` socket, whose route to the peer the kernel knows.
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: only a connected socket has a path MTU to read",
        label = "`IP_MTU` needs a connected socket",
        note = "ip(7): IP_MTU \"can be employed only when the socket has been connected\": call `.connect(addr)` first"
    )]
    PATH_MTU = kind_rule {
        "[`path_mtu_v4`](crate::Socket::path_mtu_v4), [`path_mtu_v6`](crate::Socket::path_mtu_v6) (Linux)", CanReadPathMtu
            generic (InetKind) [Connected, ReadOnly, WriteOnly],
        why "ip(7), `IP_MTU`: \"valid only for getsockopt(2) and can be employed only when the socket has been connected\": the MTU is the route's to the peer (`ENOTCONN` before)",
        evidence "path_mtu_is_a_connected_sockets",
        on "Linux, Android";
    }

    /// (capability) A socket of kind `K` may ask for each datagram's metadata (its
    /// destination and interface, its traffic class and ECN bits, the kernel's receive
    /// timestamp): a UDP socket, in each of its states.
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket has no per-datagram metadata: `IP_PKTINFO`, `IP_RECVTOS` and `SO_TIMESTAMPNS` are for UDP sockets",
        label = "receive metadata needs a `Udp` socket",
        note = "ip(7): the kernel attaches them to the datagrams a UDP socket receives; a TCP socket takes the option and never reports it, a Unix socket refuses it"
    )]
    RECV_METADATA = kind_rule {
        "[`set_recv_destination_v4`](crate::Socket::set_recv_destination_v4), [`set_recv_destination_v6`](crate::Socket::set_recv_destination_v6), [`set_recv_traffic_class_v4`](crate::Socket::set_recv_traffic_class_v4), [`set_recv_traffic_class_v6`](crate::Socket::set_recv_traffic_class_v6), [`set_recv_timestamps`](crate::Socket::set_recv_timestamps)", CanReceiveMetadata
            generic (UdpKind) [Unbound, Bound, Connected],
        why "ip(7), ipv6(7), socket(7): each datagram queued while the option is set carries its control message (`ip_cmsg_recv`, `ip6_datagram_recv_ctl`, `__sock_recv_timestamp`), whatever the state; TCP sets the flags and never reads them on a receive, and an `AF_UNIX` socket answers `ENOPROTOOPT`",
        evidence "destinations_of_a_wildcard_socket_are_reported, traffic_class_and_ecn_arrive_as_sent, timestamps_lie_between_the_send_and_the_receive",
        on "Linux, Android; FreeBSD, Apple's systems (`IP_RECVDSTADDR`, `SO_TIMESTAMP`; not run)";
    }

    PACKET_OPTIONS = impls_elsewhere {
        "[`set_tos_v4`](crate::Socket::set_tos_v4), [`set_tclass_v6`](crate::Socket::set_tclass_v6), [`set_unicast_hops_v6`](crate::Socket::set_unicast_hops_v6), [`set_mark`](crate::Socket::set_mark), [`set_priority`](crate::Socket::set_priority)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "ip(7) `IP_TOS`, ipv6(7) `IPV6_TCLASS` and `IPV6_UNICAST_HOPS`, socket(7) `SO_MARK`, `SO_PRIORITY`: read for every packet sent (a read-only TCP socket still sends ACKs; a listener's SYN-ACKs carry its values and its accepted sockets inherit them)",
        evidence "packet_options_reach_the_receiver",
        on "TOS, traffic class, hops: most platforms (each method's badge says which); mark, priority: Linux, Android";
    }

    BUSY_POLL = impls_elsewhere {
        "[`set_busy_poll`](crate::Socket::set_busy_poll)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "socket(7), `SO_BUSY_POLL`: read at every blocking receive and every poll(2) (`sk_busy_loop`, `sock_poll`), in whichever state; a listener's is inherited",
        evidence "not observable on loopback: it busy-waits on a device's NAPI queue, and loopback has none to poll; the time spent is all it changes",
        on "Linux";
    }

    DONT_FRAGMENT = impls_elsewhere {
        "[`set_dont_fragment_v6`](crate::Socket::set_dont_fragment_v6), `set_dont_fragment_v4` (FreeBSD, Apple's systems)", UdpKind [Unbound, Bound, Connected],
        why "ipv6(7) `IPV6_DONTFRAG` (RFC 3542), FreeBSD ip(4) `IP_DONTFRAG`: read for every datagram sent, in whichever state; one over the path MTU fails with `EMSGSIZE` instead of being fragmented; TCP sizes its segments itself and has no use for it",
        evidence "dont_fragment_v6_refuses_a_datagram_over_the_mtu",
        on "Linux, Android, FreeBSD, Apple's systems";
    }

    FIB = impls_elsewhere {
        "`set_fib` (FreeBSD)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "FreeBSD setfib(2), `SO_SETFIB`: the routing table of every route the socket looks up and of its packets",
        evidence "not observable on Linux, where the tests run; FreeBSD builds are checked to compile",
        on "FreeBSD";
    }

    /// (capability) A socket of kind `K` may bind to a device (`SO_BINDTODEVICE`): a TCP socket
    /// before `connect` (its route is looked up there) or as a listener (it then takes
    /// connections from that device only); a UDP socket in every state that receives.
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: `SO_BINDTODEVICE` takes effect on a TCP socket before `connect`, a TCP listener, or a UDP socket",
        label = "`SO_BINDTODEVICE` needs an unconnected TCP socket, a listener, or a UDP socket",
        note = "socket(7): a TCP route is looked up at `connect`: bind the device before `.connect(addr)`, or on the listener; Unix sockets have none"
    )]
    DEVICE = kind_rule {
        "[`bind_device`](crate::Socket::bind_device), [`bind_device_by_index_v4`](crate::Socket::bind_device_by_index_v4), [`bind_device_by_index_v6`](crate::Socket::bind_device_by_index_v6)", CanSetDevice
            generic (UdpKind) [Unbound, Bound, Connected]
            concrete Tcp [Unbound, Bound, Listening],
        why "socket(7), `SO_BINDTODEVICE`: \"only packets received from that particular interface are processed by the socket\", and a TCP connection's route is looked up once, at connect(2): set before it, or on a listener (which then takes connections from that device only); a UDP socket filters every datagram it receives",
        evidence "a_listener_bound_to_a_device_refuses_loopback",
        on "by name: Linux, Android; by index: Linux, Android, Apple and others (each method's badge says which)";
    }

    /// (capability) A socket of kind `K` may set `IP_TRANSPARENT`/`IPV6_TRANSPARENT`: a TCP
    /// socket before `connect` (`bind` and the route lookup read it) or as a listener (the
    /// connections it takes inherit it); a UDP socket in every state (each send reads it).
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: `IP_TRANSPARENT` takes effect on a TCP socket before `connect`, a TCP listener, or a UDP socket",
        label = "`IP_TRANSPARENT` is read by `bind`, `connect` and a listener's handshakes",
        note = "ip(7): it lets a socket \"bind to a nonlocal IP address\": set it before `.bind(addr)`, `.connect(addr)`, or on the listener"
    )]
    TRANSPARENT = kind_rule {
        "[`set_ip_transparent_v4`](crate::Socket::set_ip_transparent_v4), [`set_ip_transparent_v6`](crate::Socket::set_ip_transparent_v6)", CanSetTransparent
            generic (UdpKind) [Unbound, Bound, Connected]
            concrete Tcp [Unbound, Bound, Listening],
        why "ip(7), `IP_TRANSPARENT`: lets a socket \"bind to a nonlocal IP address\" (read by bind(2)) and send from it (the route lookup of connect(2), and of every UDP send); a listener's connections inherit it (`inet_reqsk_alloc`, `no_srccheck`); needs `CAP_NET_ADMIN` or `CAP_NET_RAW`",
        evidence "transparent_before_bind_binds_a_foreign_address",
        on "Linux";
    }

    /// (capability) A socket of kind `K` may set `SO_INCOMING_CPU`: the sockets the kernel
    /// chooses among when a packet arrives (a TCP listener, and one that is to listen; a UDP
    /// socket).
    #[diagnostic::on_unimplemented(
        message = "this `{K}` socket is `{Self}`: `SO_INCOMING_CPU` takes effect on a TCP listener (or one that is to listen) or a UDP socket",
        label = "`SO_INCOMING_CPU` steers the choice of a listener or UDP socket",
        note = "socket(7): set it on a listener (or before `.listen(backlog)`), or on a UDP socket"
    )]
    CPU_AFFINITY = kind_rule {
        "[`set_cpu_affinity`](crate::Socket::set_cpu_affinity)", CanSetCpuAffinity
            generic (UdpKind) [Unbound, Bound, Connected]
            concrete Tcp [Unbound, Bound, Listening],
        why "socket(7), `SO_INCOMING_CPU`: a tie-breaker when the kernel chooses a listener or a UDP socket for an incoming packet (`compute_score`, `net/ipv4/inet_hashtables.c`, `udp.c`); a connected TCP socket's value is overwritten by each packet it receives",
        evidence "not observable on loopback: the choice it steers is among sockets that tie in every other way, on a machine with several CPUs receiving",
        on "Linux";
    }

    UDP_OPTIONS = impls_elsewhere {
        "[`set_broadcast`](crate::Socket::set_broadcast), multicast ([`set_multicast_hops_v6`](crate::Socket::set_multicast_hops_v6), [`set_multicast_if_v6`](crate::Socket::set_multicast_if_v6), [`set_multicast_all_v4`](crate::Socket::set_multicast_all_v4), [`set_multicast_all_v6`](crate::Socket::set_multicast_all_v6), [`join_ssm_v4`](crate::Socket::join_ssm_v4), ...)", UdpKind [Unbound, Bound, Connecting, Connected],
        why "ip(7), ipv6(7): read for every datagram sent or group joined",
        evidence "not observable on loopback without a broadcast or multicast route";
    }

    UNIX_OPTIONS = impls_elsewhere {
        "[`set_passcred`](crate::Socket::set_passcred)", UnixKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        why "unix(7), `SO_PASSCRED`: a receiver with it gets `SCM_CREDENTIALS` with each message, and a sender with it attaches them; a listener's is inherited by the sockets `accept` returns (`unix_sock_inherit_flags`, `net/unix/af_unix.c`)",
        evidence "passcred_delivers_the_senders_credentials",
        on "Linux";
    }

    MPTCP = impls_elsewhere {
        "[`Socket::mptcp_v4`](crate::Socket::mptcp_v4), [`mptcp_v6`](crate::Socket::mptcp_v6), [`mptcp_for`](crate::Socket::mptcp_for)", Tcp [Unbound],
        why "socket(2): the protocol, `IPPROTO_MPTCP`, is chosen at `socket()` and never changes; the socket then has TCP's lifecycle and options (Documentation/networking/mptcp.rst)",
        evidence "mptcp_talks_to_mptcp_and_to_plain_tcp, mptcp_where_the_kernel_refuses_it",
        on "Linux";
    }

    GRO = impls_elsewhere {
        "[`with_gro`](crate::Socket::with_gro) (a [`UdpGro`](crate::UdpGro) socket), [`without_gro`](crate::Socket::without_gro) (Linux)", Udp [Unbound, Bound, Connecting, Connected],
        why "udp(7), `UDP_GRO`: read for every datagram the socket receives, from the next one on; a `UdpGro` socket has `Udp`'s rows but `recv_from`, `recv`, `peek_from`, `peek` and the std and tokio conversions, which cannot say where a coalesced datagram ends",
        evidence "tests/batch.rs",
        on "Linux, Android";
    }

    EVERY_STATE = impls_elsewhere {
        "[`set_nonblocking`](crate::Socket::set_nonblocking), [`close`](crate::Socket::close), the getters, `AsFd`", Kind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
        moves [close: * -> closed],
        why "fcntl(2), close(2), getsockopt(2): valid on every socket",
        evidence "not observable: no state refuses them";
    }

    /// (capability) A descriptor can be adopted as a socket of kind `K` in this state
    /// ([`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E), and
    /// from the std and tokio types): the states the kernel tells apart, by the adoption map
    /// there. [`Unbound`], [`Bound`] and [`Connected`] for every kind; [`Listening`] and
    /// [`ReadOnly`] for the connection-oriented kinds; [`Connecting`] and [`WriteOnly`] for
    /// `Tcp` only, whose kernel state shows a connect in flight and a shut read half.
    #[diagnostic::on_unimplemented(
        message = "a descriptor cannot be adopted as a `{K}` socket that is `{Self}`: the kernel cannot show that state",
        label = "adopt as a state the kernel shows",
        note = "adopt it as the state the kernel shows (`Unbound`, `Bound`, `Connected`; streams: `Listening`, `ReadOnly`; TCP: `Connecting`, `WriteOnly`)"
    )]
    ADOPT = kind_rule {
        "adopt with [`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E)", CanAdopt
            generic (Kind) [Unbound, Bound, Connected]
            generic (StreamKind) [Listening, ReadOnly]
            concrete Tcp [Connecting, WriteOnly],
        why "the kernel tells these states apart: TCP's own state (`TCP_INFO`, `TCP_CONNECTION_INFO`), `SO_ACCEPTCONN`, getpeername(2), getsockname(2), poll(2)'s `POLLHUP` and `POLLRDHUP`, and a zero-length send on a Unix stream; every other kernel state is refused (the adoption map)",
        evidence "tests/adopt_map.rs";
    }

    INTO_STD = impls_elsewhere {
        "into the std types with `From` ([`CanIntoStd`](crate::state::CanIntoStd): `TcpListener`, `TcpStream`, `UdpSocket`, `std::os::unix::net`'s)", Tcp [Listening, Connected] Udp [Bound, Connected] UnixStream [Listening, Connected] UnixDatagram [Bound, Connected],
        why "each std type stands for one state: its methods would fail on any other (a `TcpStream` made of a listener: `ENOTCONN` on every read); back from std is adoption's check, since std builds its types from any descriptor",
        evidence "std_types_of_other_states_fail";
    }
}

/// Whether each kind meets `$bound`, as the compiler sees it: `(kind name, meets)` for every
/// kind. A probe type has an inherent `MEETS` where the bound holds, and its trait's `false`
/// elsewhere, so the answer is the trait system's, never a list kept by hand.
#[cfg(all(feature = "__docgen", target_os = "linux"))]
macro_rules! members {
    ($($bound:tt)+) => {{
        struct Probe<K>(core::marker::PhantomData<K>);
        #[allow(dead_code)]
        trait Outside {
            const MEETS: bool = false;
        }
        impl<K> Outside for Probe<K> {}
        #[allow(dead_code)]
        impl<K: $($bound)+> Probe<K> {
            const MEETS: bool = true;
        }
        use crate::kind::{Udp, UdpGro, UnixDatagram, UnixSeqpacket, UnixStream};
        &[
            (Tcp::NAME, Probe::<Tcp>::MEETS),
            (Udp::NAME, Probe::<Udp>::MEETS),
            (UdpGro::NAME, Probe::<UdpGro>::MEETS),
            (UnixStream::NAME, Probe::<UnixStream>::MEETS),
            (UnixDatagram::NAME, Probe::<UnixDatagram>::MEETS),
            (UnixSeqpacket::NAME, Probe::<UnixSeqpacket>::MEETS),
        ]
    }};
}

/// The groups of kinds the rows name, each with the kinds in it as the compiler sees them
/// (Linux, where every kind exists): what the generator reads instead of a list of its own.
#[cfg(all(feature = "__docgen", target_os = "linux"))]
pub const GROUPS: &[(&str, &[(&str, bool)])] = {
    use crate::kind::{ByteStreamKind, UnixConnectionKind, UnixKind};
    &[
        ("Kind", members!(Kind)),
        ("StreamKind", members!(StreamKind)),
        ("ByteStreamKind", members!(ByteStreamKind)),
        ("MessageKind", members!(MessageKind)),
        ("DatagramKind", members!(DatagramKind)),
        ("InetKind", members!(InetKind)),
        ("TcpKind", members!(TcpKind)),
        ("UdpKind", members!(UdpKind)),
        ("UnixKind", members!(UnixKind)),
        ("UnixConnectionKind", members!(UnixConnectionKind)),
    ]
};

/// The constructors, per kind: where a socket starts. They are no rows of the table: no state
/// comes before them, so none is allowed or refused.
pub const CONSTRUCTORS: &[(&str, &[Move])] = &[
    (
        "Tcp",
        moves![tcp_v4: () -> Unbound, tcp_v6: () -> Unbound, tcp_for: () -> Unbound,
            mptcp_v4: () -> Unbound, mptcp_v6: () -> Unbound, mptcp_for: () -> Unbound],
    ),
    (
        "Udp",
        moves![udp_v4: () -> Unbound, udp_v6: () -> Unbound, udp_for: () -> Unbound],
    ),
    (
        "UnixStream",
        moves![unix_stream: () -> Unbound, unix_stream_pair: () -> Connected],
    ),
    (
        "UnixDatagram",
        moves![unix_datagram: () -> Unbound, unix_datagram_pair: () -> Connected],
    ),
    (
        "UnixSeqpacket",
        moves![unix_seqpacket: () -> Unbound, unix_seqpacket_pair: () -> Connected],
    ),
];
