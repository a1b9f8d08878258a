//! The rule table: which operation or option each state and kind allows, why, and the test
//! that shows the kernel agrees.
//!
//! Every rule is written once, here. The capability traits of [`state`](crate::state) are
//! implemented by the `rule!` rows below and by nothing else, so the bounds are the table.
//! The rows whose bounds live in an impl elsewhere (`Read`, `Write`, `send_to`, the
//! shutdowns, whose impls also say which state comes next, ...) are `fixed!` rows: their impls
//! are pinned by the static assertions (`src/assertions.rs`) and the ui cases (`ui-tests/`).
//! The table in the crate docs (`docs/rule-table.md`) and the README is rendered from these
//! rows by the generator in `docgen/` (`cargo run -p typesock-docgen`), whose tests fail when
//! a generated file is stale. Each row's evidence is a test in `tests/rules.rs` that observes
//! the kernel on loopback, or says why none can.
//!
//! The rows of the lifecycle's steps also say where each step leads (`moves [...]`), and the
//! constructors where a socket starts (`MADE`): the state diagram (`docs/lifecycle.svg`, in
//! the crate docs and the README) is drawn from them, and the generator's tests check each
//! move against the method's signature.

// The rows are read by the generator (feature `__docgen`); a row missing from `RULES` is
// still caught there, as dead code in that build.
#![cfg_attr(not(feature = "__docgen"), allow(dead_code))]

use crate::kind::{DatagramKind, InetKind, Kind, MessageKind, StreamKind, Tcp, TcpKind, UdpKind};
use crate::state::{
    Bound, CanAccept, CanAdopt, CanBind, CanClone, CanConnect, CanDisconnect, CanFinish, CanListen,
    CanLocalAddr, CanPeek, CanPeerAddr, CanPeerCredentials, CanRead, CanRecv, CanSend, CanSendTo,
    CanSetBindOption, CanSetCpuAffinity, CanSetDeferAccept, CanSetDevice, CanSetFastOpen,
    CanSetFastOpenConnect, CanSetMss, CanSetReadTimeout, CanSetRecvBuffer, CanSetRecvOption,
    CanSetSendBuffer, CanSetSendOption, CanSetTransparent, CanSetWriteTimeout, CanTakeError,
    CanWrite, Connected, Connecting, Listening, ReadOnly, Unbound, WriteOnly,
};

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
    pub seen: &'static str,
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
    pub new: bool,
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
            new: new_socket!($($new)?),
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

/// A row whose capability trait has no kind parameter: `impl Cap for State`.
macro_rules! rule {
    ($name:ident: $op:literal, $cap:ident for $group:ident [$($state:ident),*],
     $(moves [$($move:tt)*],)?
     why $why:literal, seen $seen:literal $(, on $on:literal)?;) => {
        // Not shown in diagnostics: the message of the trait names the state and the fix.
        $(#[diagnostic::do_not_recommend] impl $cap for $state {})*
        const $name: Rule = Rule {
            op: $op,
            allowed: &[(stringify!($group), &[$(stringify!($state)),*])],
            why: $why,
            seen: $seen,
            on: on!($($on)?),
            moves: moves!($($($move)*)?),
        };
    };
}

/// A row whose capability trait has a kind parameter: `impl<K: Group> Cap<K> for State` for
/// groups of kinds, `impl Cap<Kind> for State` for single kinds.
macro_rules! kind_rule {
    ($name:ident: $op:literal, $cap:ident
     $(generic ($($group:tt)+) [$($gstate:ident),*])*
     $(concrete $kind:ident [$($kstate:ident),*])*,
     $(moves [$($move:tt)*],)?
     why $why:literal, seen $seen:literal $(, on $on:literal)?;) => {
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
            seen: $seen,
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

/// A row whose bounds are impls elsewhere (pinned by static assertions and ui cases).
macro_rules! fixed {
    ($name:ident: $op:literal, $($group:ident [$($state:ident),*])+,
     $(moves [$($move:tt)*],)?
     why $why:literal, seen $seen:literal $(, on $on:literal)?;) => {
        const $name: Rule = Rule {
            op: $op,
            allowed: &[$((stringify!($group), &[$(stringify!($state)),*])),+],
            why: $why,
            seen: $seen,
            on: on!($($on)?),
            moves: moves!($($($move)*)?),
        };
    };
}

rule! {
    BIND: "[`bind`](crate::Socket::bind), `bind_autobind` (Linux, the Unix kinds)", CanBind for Kind [Unbound],
    moves [bind: * -> Bound],
    why "bind(2): `EINVAL`, \"the socket is already bound to an address\"; a listening or connected socket is bound already",
    seen "bind_twice_is_einval";
}
rule! {
    LISTEN: "[`listen`](crate::Socket::listen)", CanListen for StreamKind [Bound],
    moves [listen: * -> Listening],
    why "listen(2) on an unbound TCP socket binds it to a port the kernel picks (ip(7): \"automatic bind\"), which no server wants, and fails with `EINVAL` on an unbound Unix socket and on a connected one",
    seen "listen_outside_bound_is_wrong";
}
rule! {
    ACCEPT: "[`accept`](crate::Socket::accept)", CanAccept for StreamKind [Listening],
    moves [accept: * -> Connected (new)],
    why "accept(2): `EINVAL`, \"socket is not listening for connections\"",
    seen "accept_before_listen_is_einval";
}
kind_rule! {
    CONNECT: "[`connect`](crate::Socket::connect), [`connect_timeout`](crate::Socket::connect_timeout), [`connect_nonblocking`](crate::Socket::connect_nonblocking)", CanConnect
        generic (Kind) [Unbound, Bound]
        generic (DatagramKind) [Connected],
    moves [connect: * -> Connected, connect_timeout: * -> Connected, connect_nonblocking: * -> Connecting],
    why "connect(2): a connected stream socket answers `EISCONN`, a listening one `EISCONN` (TCP) or `EINVAL` (Unix); \"datagram sockets may use connect() multiple times to change their association\"",
    seen "stream_connects_once_datagram_again";
}
rule! {
    FINISH: "[`finish`](crate::Socket::finish), [`wait`](crate::Socket::wait)", CanFinish for Kind [Connecting],
    moves [finish: * -> Connected, wait: * -> Connected],
    why "they read the outcome of the connect in flight (`poll(2)` for writability, then `SO_ERROR`, connect(2) `EINPROGRESS`)",
    seen "finish_reports_a_refusal";
}
rule! {
    TAKE_ERROR: "[`take_error`](crate::Socket::take_error)", CanTakeError for Kind [Unbound, Bound, Listening, Connected, ReadOnly, WriteOnly],
    why "socket(7), `SO_ERROR`: \"get and clear the pending socket error\"; while a connect is in flight, that error is its outcome (connect(2), `EINPROGRESS`), which `finish` must read",
    seen "take_error_while_connecting_erases_the_refusal",
    on "every platform";
}
rule! {
    READ: "[`read`](crate::Socket::read), `read_exact`, ... and [`Read`](std::io::Read)", CanRead for ByteStreamKind [Connected, ReadOnly],
    why "recv(2) on a stream socket that is not connected: `ENOTCONN`; a listener has no data",
    seen "read_on_a_listener_is_enotconn";
}
rule! {
    WRITE: "[`write`](crate::Socket::write), `write_all`, ... and [`Write`](std::io::Write)", CanWrite for ByteStreamKind [Connected, WriteOnly],
    why "send(2): `ENOTCONN` before connect, `EPIPE` after `shutdown(SHUT_WR)`",
    seen "write_after_shutdown_write_is_epipe";
}
fixed! {
    SHUTDOWN_WRITE: "[`shutdown_write`](crate::Socket::shutdown_write)", StreamKind [Connected, WriteOnly],
    moves [shutdown_write: Connected -> ReadOnly, shutdown_write: WriteOnly -> closed],
    why "shutdown(2): `ENOTCONN` on a socket that is not connected",
    seen "shutdown_before_connect_is_enotconn";
}
fixed! {
    SHUTDOWN_READ: "[`shutdown_read`](crate::Socket::shutdown_read)", StreamKind [Connected, ReadOnly],
    moves [shutdown_read: Connected -> WriteOnly, shutdown_read: ReadOnly -> closed],
    why "shutdown(2): `ENOTCONN` on a socket that is not connected",
    seen "shutdown_before_connect_is_enotconn";
}
rule! {
    SEND_TO: "[`send_to`](crate::Socket::send_to), [`recv_from`](crate::Socket::recv_from)", CanSendTo for DatagramKind [Bound],
    why "an unbound socket has no address to be answered at: sendto(2) binds it to a port the kernel picks (udp(7): \"autobind\"), and recvfrom(2) would wait on no port; a connected socket has one peer, and `send`/`recv`",
    seen "unbound_udp_send_to_binds_behind_the_type";
}
kind_rule! {
    SEND: "[`send`](crate::Socket::send)", CanSend
        generic (Kind) [Connected]
        generic (MessageKind + StreamKind) [WriteOnly],
    why "send(2) without an address on a datagram socket that is not connected: `EDESTADDRREQ`; a seqpacket socket moves whole messages once connected (unix(7)), and still sends after `shutdown_read`",
    seen "send_before_connect_is_edestaddrreq",
    on "every platform; for `UnixSeqpacket`: Linux, Android, FreeBSD";
}
kind_rule! {
    RECV: "[`recv`](crate::Socket::recv)", CanRecv
        generic (Kind) [Connected]
        generic (MessageKind + StreamKind) [ReadOnly],
    why "recv(2) on a datagram socket that is not connected would take any sender's datagram, with no address to tell which (`recv_from` tells it); a seqpacket socket still receives after `shutdown_write`",
    seen "not observable as a failure: the kernel answers such a recv; the rule keeps the sender's address from being lost",
    on "every platform; for `UnixSeqpacket`: Linux, Android, FreeBSD";
}
fixed! {
    BATCH_FROM: "[`send_batch_to`](crate::Socket::send_batch_to), [`recv_batch_from`](crate::Socket::recv_batch_from)", DatagramKind [Bound],
    why "as `send_to` and `recv_from`: sendmmsg(2) on an unbound socket binds it to a port the kernel picks (udp(7): \"autobind\"), recvmmsg(2) would wait on no port; a connected socket has one peer, and `send_batch`/`recv_batch`",
    seen "unbound_udp_send_batch_binds_behind_the_type",
    on "Unix: `sendmmsg`/`recvmmsg` on Linux, Android, FreeBSD; one call a datagram elsewhere";
}
fixed! {
    BATCH: "[`send_batch`](crate::Socket::send_batch), [`recv_batch`](crate::Socket::recv_batch)", DatagramKind [Connected],
    why "sendmmsg(2) without addresses on a datagram socket that is not connected: `EDESTADDRREQ`, as send(2)",
    seen "send_batch_before_connect_is_edestaddrreq",
    on "Unix: `sendmmsg`/`recvmmsg` on Linux, Android, FreeBSD; one call a datagram elsewhere";
}
fixed! {
    SEGMENTS_FROM: "[`send_segments_to`](crate::Socket::send_segments_to), [`recv_segments_from`](crate::Socket::recv_segments_from) (Linux)", Udp [Bound],
    why "as `send_to` and `recv_from`: one sendmsg(2) with `UDP_SEGMENT`, one recvmsg(2) (udp(7)); an unbound socket would be bound behind the type's back",
    seen "tests/batch.rs",
    on "Linux, Android";
}
fixed! {
    SEGMENTS: "[`send_segments`](crate::Socket::send_segments), [`recv_segments`](crate::Socket::recv_segments) (Linux)", Udp [Connected],
    why "as `send` and `recv`: without an address, only a connected socket has a destination (`EDESTADDRREQ`)",
    seen "tests/batch.rs",
    on "Linux, Android";
}
rule! {
    DISCONNECT: "[`disconnect`](crate::Socket::disconnect)", CanDisconnect for DatagramKind [Connected],
    moves [disconnect: * -> Bound | Unbound],
    why "connect(2): \"connectionless sockets may dissolve the association by connecting to an address with the sa_family member of sockaddr set to AF_UNSPEC\"; the state after it is read back with getsockname(2)",
    seen "disconnect_drops_a_port_the_kernel_picked",
    on "Unix";
}
rule! {
    LOCAL_ADDR: "[`local_addr`](crate::Socket::local_addr)", CanLocalAddr for Kind [Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "getsockname(2) on an unbound socket reports the unspecified address and port 0: no address",
    seen "unbound_local_addr_is_unspecified";
}
rule! {
    PEER_ADDR: "[`peer_addr`](crate::Socket::peer_addr)", CanPeerAddr for Kind [Connected, ReadOnly, WriteOnly],
    why "getpeername(2): `ENOTCONN`, \"the socket is not connected\"",
    seen "peer_addr_before_connect_is_enotconn";
}
rule! {
    TRY_CLONE: "[`try_clone`](crate::Socket::try_clone)", CanClone for Kind [Listening, Connected],
    why "a rule about handles, not the kernel: a duplicate made before `listen` or `connect`, or of a half-closed socket, would keep in its type a state the original leaves at its next step",
    seen "not observable: the kernel allows `dup(2)` in every state; the rule keeps two handles' types in agreement";
}
rule! {
    BIND_OPTIONS: "[`set_reuse_address`](crate::Socket::set_reuse_address), [`set_reuse_port`](crate::Socket::set_reuse_port), [`set_only_v6`](crate::Socket::set_only_v6), [`set_freebind_v4`](crate::Socket::set_freebind_v4), [`set_freebind_v6`](crate::Socket::set_freebind_v6), [`set_bind_address_no_port`](crate::Socket::set_bind_address_no_port), `set_reuse_port_lb` (FreeBSD), `set_exclusive_address_use` (Windows)", CanSetBindOption for InetKind [Unbound],
    why "socket(7): `SO_REUSEADDR` and `SO_REUSEPORT` are read by the socket's own bind(2) (\"must be set on each socket (including the first socket) prior to calling bind(2)\"): set later, they cannot help a bind that has happened (Linux still reads a bound socket's `SO_REUSEADDR` when another socket binds the same address; not a use typesock offers); ipv6(7): `IPV6_V6ONLY` after bind fails with `EINVAL`; ip(7): `IP_FREEBIND` lets bind(2) take \"a nonlocal or nonexistent address\", and `IP_BIND_ADDRESS_NO_PORT` tells a bind(2) to port 0 to reserve no port (`net/ipv4/af_inet.c`, `__inet_bind`); FreeBSD's `SO_REUSEPORT_LB` is read by bind(2) like `SO_REUSEPORT`, and Windows' `SO_EXCLUSIVEADDRUSE` by bind like `SO_REUSEADDR`",
    seen "reuse_address_before_bind_binds_over_time_wait, only_v6_after_bind_is_einval, freebind_before_bind_binds_a_foreign_address, bind_address_no_port_shares_source_ports",
    on "every platform; `set_reuse_port` on Unix, `set_exclusive_address_use` on Windows";
}
kind_rule! {
    RECV_BUFFER: "[`set_recv_buffer_size`](crate::Socket::set_recv_buffer_size)", CanSetRecvBuffer
        generic (InetKind) [Unbound, Bound]
        generic (InetKind + DatagramKind) [Connected]
        generic (TcpKind) [Listening]
        concrete UnixStream []
        concrete UnixDatagram [],
    why "tcp(7): the window scale is agreed in the handshake, so the buffer sizes \"must be set prior to the listen(2) or connect(2) calls\"; the kernel contradicts it for listen(2): the sockets a listener accepts are clones of it (`sk_clone_lock`) and take its buffer size and window scale (measured on Linux 6.18: `SO_RCVBUF` 4096 set after listen gives the accepted socket `rcv_wscale` 0 against 10); unix(7): \"the SO_RCVBUF option does not\" have an effect for Unix sockets; a UDP socket has no handshake",
    seen "tcp_recv_buffer_after_connect_keeps_the_window_scale, tcp_listener_buffers_reach_the_sockets_it_accepts, unix_recv_buffer_changes_nothing",
    on "every platform (the Unix kinds on Unix)";
}
kind_rule! {
    SEND_BUFFER: "[`set_send_buffer_size`](crate::Socket::set_send_buffer_size)", CanSetSendBuffer
        generic (Kind) [Unbound, Bound, Connected]
        generic (StreamKind) [WriteOnly]
        generic (TcpKind) [Listening],
    why "`SO_SNDBUF` bounds the send queue, checked at every send (`net/core/sock.c`, `sock_alloc_send_pskb`; `net/ipv4/tcp.c`, `sk_stream_memory_free`), so it takes effect in every state that still sends; unix(7): it \"does have an effect for UNIX domain sockets\"; a TCP listener sends nothing, but the sockets it accepts are its clones and take its size (measured on Linux 6.18: 16384 set after listen gives the accepted socket 32768 against 3,939,840); a Unix listener's accepted sockets are made anew and do not; a read-only socket sends nothing",
    seen "send_buffer_after_connect_grows_the_queue, tcp_listener_buffers_reach_the_sockets_it_accepts, unix_listener_send_buffer_changes_nothing";
}
kind_rule! {
    READ_TIMEOUT: "[`set_read_timeout`](crate::Socket::set_read_timeout)", CanSetReadTimeout
        generic (Kind) [Connected]
        generic (StreamKind) [Listening, ReadOnly]
        generic (DatagramKind) [Bound],
    why "socket(7), `SO_RCVTIMEO`: \"timeouts only have effect for system calls that perform socket I/O (e.g., accept(2), connect(2), read(2), recvmsg(2), ...)\": the states that receive, and a listener's `accept`",
    seen "read_timeout_bounds_accept";
}
kind_rule! {
    WRITE_TIMEOUT: "[`set_write_timeout`](crate::Socket::set_write_timeout)", CanSetWriteTimeout
        generic (Kind) [Connected]
        generic (StreamKind) [WriteOnly]
        generic (DatagramKind) [Bound],
    why "socket(7), `SO_SNDTIMEO`: bounds the sends of the states that send",
    seen "write_timeout_bounds_a_full_send";
}
rule! {
    TCP_MSS: "[`set_tcp_mss`](crate::Socket::set_tcp_mss)", CanSetMss for TcpKind [Unbound, Bound, Listening],
    why "tcp(7), `TCP_MAXSEG`: \"If this option is set before connection establishment, it also changes the MSS value announced to the other end in the initial packet\"; the kernel copies it into the handshake (`tcp_connect_init`, and `tcp_openreq_init` for a listener's connections, `net/ipv4/tcp_output.c`, `tcp_input.c`) and never reads it again",
    seen "mss_before_connect_shows_in_the_peers_tcp_info",
    on "Unix";
}
rule! {
    TCP_FASTOPEN: "[`set_tcp_fastopen`](crate::Socket::set_tcp_fastopen)", CanSetFastOpen for TcpKind [Unbound, Bound, Listening],
    why "tcp(7), `TCP_FASTOPEN`: the server side of Fast Open, a queue length; the kernel takes it in the `CLOSE` and `LISTEN` states only and answers `EINVAL` otherwise (`net/ipv4/tcp.c`, `do_tcp_setsockopt`)",
    seen "fastopen_carries_data_in_the_syn, fastopen_on_a_connected_socket_is_einval",
    on "Linux, Android";
}
rule! {
    TCP_FASTOPEN_CONNECT: "[`set_tcp_fastopen_connect`](crate::Socket::set_tcp_fastopen_connect)", CanSetFastOpenConnect for TcpKind [Unbound, Bound],
    why "`TCP_FASTOPEN_CONNECT` is read by connect(2), which then sends the first write in the SYN; the kernel takes it in the `CLOSE` state only and answers `EINVAL` otherwise (`net/ipv4/tcp.c`)",
    seen "fastopen_carries_data_in_the_syn, fastopen_on_a_connected_socket_is_einval",
    on "Linux, Android";
}
rule! {
    TCP_DEFER_ACCEPT: "[`set_tcp_defer_accept`](crate::Socket::set_tcp_defer_accept)", CanSetDeferAccept for TcpKind [Unbound, Bound, Listening],
    why "tcp(7), `TCP_DEFER_ACCEPT`: \"Allow a listener to be awakened only when data arrives on the socket\"; read when the handshake's last ACK reaches the listener (`net/ipv4/tcp_minisocks.c`, `tcp_check_req`), so it takes effect set before or after listen(2) (measured: both hold `accept` until data); on a connected socket it is stored and never read",
    seen "defer_accept_holds_accept_until_data",
    on "Linux, Android";
}
rule! {
    TCP_SEND_SIDE: "[`set_tcp_cork`](crate::Socket::set_tcp_cork), [`set_tcp_notsent_lowat`](crate::Socket::set_tcp_notsent_lowat)", CanSetSendOption for TcpKind [Unbound, Bound, Listening, Connecting, Connected, WriteOnly],
    why "tcp(7): `TCP_CORK` holds partial frames, `TCP_NOTSENT_LOWAT` bounds the unsent bytes before the socket is writable: both act on the data still to send, so a socket whose write half is shut down has no use for them; a listener's are copied into the sockets `accept` returns (`sk_clone_lock`, `net/core/sock.c`)",
    seen "cork_holds_a_small_write, notsent_lowat_bounds_the_unsent_queue",
    on "Linux, Android";
}
rule! {
    TCP_RECV_SIDE: "[`set_out_of_band_inline`](crate::Socket::set_out_of_band_inline)", CanSetRecvOption for TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly],
    why "socket(7), `SO_OOBINLINE`: \"out-of-band data is directly placed into the receive data stream\": it acts on data received, so a socket whose read half is shut down has no use for it; a listener's is inherited",
    seen "oob_inline_reads_urgent_data_in_line",
    on "every platform";
}
fixed! {
    TCP_TIMERS: "[`set_tcp_keepalive`](crate::Socket::set_tcp_keepalive), [`set_tcp_user_timeout`](crate::Socket::set_tcp_user_timeout), [`set_tcp_thin_linear_timeouts`](crate::Socket::set_tcp_thin_linear_timeouts), [`set_tcp_congestion`](crate::Socket::set_tcp_congestion), [`set_tcp_quickack`](crate::Socket::set_tcp_quickack)", TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "tcp(7): the keepalive timer, the retransmission timer and the congestion control read them while the connection lives (`TCP_CONGESTION` switches the algorithm of an open connection, `tcp_set_congestion_control`); a listener's are inherited by the sockets `accept` returns; `TCP_QUICKACK` acts on the next ACKs and \"is not permanent\"",
    seen "not observable on loopback: keepalive probes, user timeouts and thin-stream timers act on a peer that stops answering, and loopback never loses a segment; quick ACKs and the congestion algorithm change no byte a peer receives",
    on "keepalive: every platform; the others: Linux, Android (congestion: FreeBSD too)";
}
fixed! {
    PACKET_OPTIONS: "[`set_tos_v4`](crate::Socket::set_tos_v4), [`set_tclass_v6`](crate::Socket::set_tclass_v6), [`set_unicast_hops_v6`](crate::Socket::set_unicast_hops_v6), [`set_mark`](crate::Socket::set_mark), [`set_priority`](crate::Socket::set_priority)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "ip(7) `IP_TOS`, ipv6(7) `IPV6_TCLASS` and `IPV6_UNICAST_HOPS`, socket(7) `SO_MARK`, `SO_PRIORITY`: read for every packet sent (a read-only TCP socket still sends ACKs; a listener's SYN-ACKs carry its values and its accepted sockets inherit them)",
    seen "packet_options_reach_the_receiver",
    on "TOS, traffic class, hops: most platforms (each method's badge says which); mark, priority: Linux, Android";
}
fixed! {
    BUSY_POLL: "[`set_busy_poll`](crate::Socket::set_busy_poll)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "socket(7), `SO_BUSY_POLL`: read at every blocking receive and every poll(2) (`sk_busy_loop`, `sock_poll`), in whichever state; a listener's is inherited",
    seen "not observable on loopback: it busy-waits on a device's NAPI queue, and loopback has none to poll; the time spent is all it changes",
    on "Linux";
}
fixed! {
    FIB: "`set_fib` (FreeBSD)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "FreeBSD setfib(2), `SO_SETFIB`: the routing table of every route the socket looks up and of its packets",
    seen "not observable on Linux, where the tests run; FreeBSD builds are checked to compile",
    on "FreeBSD";
}
kind_rule! {
    DEVICE: "[`bind_device`](crate::Socket::bind_device), [`bind_device_by_index_v4`](crate::Socket::bind_device_by_index_v4), [`bind_device_by_index_v6`](crate::Socket::bind_device_by_index_v6)", CanSetDevice
        generic (UdpKind) [Unbound, Bound, Connected]
        concrete Tcp [Unbound, Bound, Listening],
    why "socket(7), `SO_BINDTODEVICE`: \"only packets received from that particular interface are processed by the socket\", and a TCP connection's route is looked up once, at connect(2): set before it, or on a listener (which then takes connections from that device only); a UDP socket filters every datagram it receives",
    seen "a_listener_bound_to_a_device_refuses_loopback",
    on "by name: Linux, Android; by index: Linux, Android, Apple and others (each method's badge says which)";
}
kind_rule! {
    TRANSPARENT: "[`set_ip_transparent_v4`](crate::Socket::set_ip_transparent_v4), [`set_ip_transparent_v6`](crate::Socket::set_ip_transparent_v6)", CanSetTransparent
        generic (UdpKind) [Unbound, Bound, Connected]
        concrete Tcp [Unbound, Bound, Listening],
    why "ip(7), `IP_TRANSPARENT`: lets a socket \"bind to a nonlocal IP address\" (read by bind(2)) and send from it (the route lookup of connect(2), and of every UDP send); a listener's connections inherit it (`inet_reqsk_alloc`, `no_srccheck`); needs `CAP_NET_ADMIN` or `CAP_NET_RAW`",
    seen "transparent_before_bind_binds_a_foreign_address",
    on "Linux";
}
kind_rule! {
    CPU_AFFINITY: "[`set_cpu_affinity`](crate::Socket::set_cpu_affinity)", CanSetCpuAffinity
        generic (UdpKind) [Unbound, Bound, Connected]
        concrete Tcp [Unbound, Bound, Listening],
    why "socket(7), `SO_INCOMING_CPU`: a tie-breaker when the kernel chooses a listener or a UDP socket for an incoming packet (`compute_score`, `net/ipv4/inet_hashtables.c`, `udp.c`); a connected TCP socket's value is overwritten by each packet it receives",
    seen "not observable on loopback: the choice it steers is among sockets that tie in every other way, on a machine with several CPUs receiving",
    on "Linux";
}
fixed! {
    UNIX_OPTIONS: "[`set_passcred`](crate::Socket::set_passcred)", UnixKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "unix(7), `SO_PASSCRED`: a receiver with it gets `SCM_CREDENTIALS` with each message, and a sender with it attaches them; a listener's is inherited by the sockets `accept` returns (`unix_sock_inherit_flags`, `net/unix/af_unix.c`)",
    seen "passcred_delivers_the_senders_credentials",
    on "Linux";
}
fixed! {
    MPTCP: "[`Socket::mptcp_v4`](crate::Socket::mptcp_v4), [`mptcp_v6`](crate::Socket::mptcp_v6), [`mptcp_for`](crate::Socket::mptcp_for)", Tcp [Unbound],
    why "socket(2): the protocol, `IPPROTO_MPTCP`, is chosen at `socket()` and never changes; the socket then has TCP's lifecycle and options (Documentation/networking/mptcp.rst)",
    seen "mptcp_talks_to_mptcp_and_to_plain_tcp, mptcp_where_the_kernel_refuses_it",
    on "Linux";
}
fixed! {
    TCP_OPTIONS: "[`set_nodelay`](crate::Socket::set_nodelay), [`set_keepalive`](crate::Socket::set_keepalive), [`set_linger`](crate::Socket::set_linger)", TcpKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "tcp(7), socket(7): read at each send, idle period and close; a listener's are inherited by the sockets `accept` returns",
    seen "linger_below_a_second_keeps_the_data";
}
fixed! {
    IP_OPTIONS: "[`set_ttl`](crate::Socket::set_ttl)", InetKind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    why "ip(7), ipv6(7): read for every packet sent (on a dual-stack IPv6 socket, Linux reads `IP_TTL` for the IPv4-mapped ones, and `set_ttl` sets both)",
    seen "ttl_on_a_dual_stack_socket_reaches_its_ipv4_datagrams";
}
fixed! {
    UDP_OPTIONS: "[`set_broadcast`](crate::Socket::set_broadcast), multicast ([`set_multicast_hops_v6`](crate::Socket::set_multicast_hops_v6), [`set_multicast_if_v6`](crate::Socket::set_multicast_if_v6), [`set_multicast_all_v4`](crate::Socket::set_multicast_all_v4), [`set_multicast_all_v6`](crate::Socket::set_multicast_all_v6), [`join_ssm_v4`](crate::Socket::join_ssm_v4), ...)", UdpKind [Unbound, Bound, Connecting, Connected],
    why "ip(7), ipv6(7): read for every datagram sent or group joined",
    seen "not observable on loopback without a broadcast or multicast route";
}
fixed! {
    GRO: "[`with_gro`](crate::Socket::with_gro) (a [`UdpGro`](crate::UdpGro) socket), [`without_gro`](crate::Socket::without_gro) (Linux)", Udp [Unbound, Bound, Connecting, Connected],
    why "udp(7), `UDP_GRO`: read for every datagram the socket receives, from the next one on; a `UdpGro` socket has `Udp`'s rows but `recv_from`, `recv`, `peek_from`, `peek` and the std and tokio conversions, which cannot say where a coalesced datagram ends",
    seen "tests/batch.rs",
    on "Linux, Android";
}
fixed! {
    EVERY_STATE: "[`set_nonblocking`](crate::Socket::set_nonblocking), [`close`](crate::Socket::close), the getters, `AsFd`", Kind [Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly],
    moves [close: * -> closed],
    why "fcntl(2), close(2), getsockopt(2): valid on every socket",
    seen "not observable: no state refuses them";
}
kind_rule! {
    ADOPT: "adopt with [`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E)", CanAdopt
        generic (Kind) [Unbound, Bound, Connected]
        generic (StreamKind) [Listening, ReadOnly]
        concrete Tcp [Connecting, WriteOnly],
    why "the kernel tells these states apart: TCP's own state (`TCP_INFO`, `TCP_CONNECTION_INFO`), `SO_ACCEPTCONN`, getpeername(2), getsockname(2), poll(2)'s `POLLHUP` and `POLLRDHUP`, and a zero-length send on a Unix stream; every other kernel state is refused (the adoption map)",
    seen "tests/adopt_map.rs";
}
fixed! {
    INTO_STD: "into the std types with `From` ([`CanIntoStd`](crate::state::CanIntoStd): `TcpListener`, `TcpStream`, `UdpSocket`, `std::os::unix::net`'s)", Tcp [Listening, Connected] Udp [Bound, Connected] UnixStream [Listening, Connected] UnixDatagram [Bound, Connected],
    why "each std type stands for one state: its methods would fail on any other (a `TcpStream` made of a listener: `ENOTCONN` on every read); back from std is adoption's check, since std builds its types from any descriptor",
    seen "std_types_of_other_states_fail";
}

kind_rule! {
    PEEK: "[`peek`](crate::Socket::peek)", CanPeek
        generic (Kind) [Connected]
        generic (StreamKind) [ReadOnly],
    why "recv(2) with `MSG_PEEK`: the data stays queued; a socket that is not connected has none (`ENOTCONN`)",
    seen "tests/unix_extras.rs",
    on "Unix";
}
fixed! {
    PEEK_FROM: "[`peek_from`](crate::Socket::peek_from)", DatagramKind [Bound],
    why "recvfrom(2) with `MSG_PEEK`, as `recv_from`",
    seen "tests/unix_extras.rs",
    on "Unix";
}
fixed! {
    FDS: "[`send_with_fds`](crate::Socket::send_with_fds)", UnixKind [Connected] UnixSeqpacket [WriteOnly],
    why "unix(7), `SCM_RIGHTS`: only Unix sockets carry descriptors; a socket that is not connected has no peer to carry them to (the bound is `send`'s)",
    seen "tests/unix_extras.rs",
    on "Unix";
}
fixed! {
    FDS_RECV: "[`recv_with_fds`](crate::Socket::recv_with_fds)", UnixKind [Connected] UnixSeqpacket [ReadOnly],
    why "unix(7), `SCM_RIGHTS`: as `send_with_fds` (the bound is `recv`'s)",
    seen "tests/unix_extras.rs",
    on "Unix";
}
fixed! {
    FDS_TO: "[`send_to_with_fds`](crate::Socket::send_to_with_fds), [`recv_from_with_fds`](crate::Socket::recv_from_with_fds)", UnixDatagram [Bound],
    why "unix(7), `SCM_RIGHTS` with `sendmsg(2)` to an address: a bound Unix datagram socket",
    seen "tests/unix_extras.rs",
    on "Unix";
}
rule! {
    PEER_CREDENTIALS: "[`peer_credentials`](crate::Socket::peer_credentials)", CanPeerCredentials for UnixConnectionKind [Connected],
    why "unix(7), `SO_PEERCRED`: \"the credentials of the peer process connected to this socket\", for a connected stream or seqpacket socket",
    seen "tests/unix_extras.rs",
    on "Unix (the pid: Linux, Android, macOS)";
}

/// The constructors, per kind: where a socket starts. They are no rows of the table: no state
/// comes before them, so none is allowed or refused.
pub const MADE: &[(&str, &[Move])] = &[
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

/// Every row, in the order the docs show them.
pub const RULES: &[Rule] = &[
    BIND,
    LISTEN,
    ACCEPT,
    CONNECT,
    FINISH,
    TAKE_ERROR,
    READ,
    WRITE,
    SHUTDOWN_WRITE,
    SHUTDOWN_READ,
    SEND_TO,
    SEND,
    RECV,
    PEEK,
    PEEK_FROM,
    FDS,
    FDS_RECV,
    FDS_TO,
    PEER_CREDENTIALS,
    BATCH_FROM,
    BATCH,
    SEGMENTS_FROM,
    SEGMENTS,
    DISCONNECT,
    LOCAL_ADDR,
    PEER_ADDR,
    TRY_CLONE,
    BIND_OPTIONS,
    RECV_BUFFER,
    SEND_BUFFER,
    READ_TIMEOUT,
    WRITE_TIMEOUT,
    TCP_MSS,
    TCP_FASTOPEN,
    TCP_FASTOPEN_CONNECT,
    TCP_DEFER_ACCEPT,
    TCP_SEND_SIDE,
    TCP_RECV_SIDE,
    TCP_OPTIONS,
    TCP_TIMERS,
    IP_OPTIONS,
    PACKET_OPTIONS,
    BUSY_POLL,
    FIB,
    DEVICE,
    TRANSPARENT,
    CPU_AFFINITY,
    UDP_OPTIONS,
    UNIX_OPTIONS,
    MPTCP,
    GRO,
    EVERY_STATE,
    ADOPT,
    INTO_STD,
];
