//! Model-based property test: random sequences of socket calls against the real kernel,
//! each call made only where the types allow it, checking the crate's central promise at
//! run time: the kernel never answers a call that the types allowed with a wrong-state
//! error (`EINVAL`, `ENOTCONN`, `EISCONN`, `EALREADY`, `EOPNOTSUPP`, `EDESTADDRREQ`,
//! `EBADF`).
//!
//! A pool of typed sockets of the four kinds (TCP over 127.0.0.1 and ::1, UDP over both, Unix
//! stream and datagram sockets on paths and abstract names) lives in enums, one variant per
//! state. Every op names a slot and, where it needs one, a target slot: the slot index is
//! taken modulo the number of slots whose state offers the op (an op no slot offers is a
//! no-op), and each op is dispatched on the typed state, so exactly the calls the types allow
//! are made, and nothing else. A small model runs alongside: which kernel socket each handle
//! is (clones share one), which connections are still whole, and how full each TCP
//! listener's queue may be. Every wait is bounded: every socket is non-blocking.
//!
//! A failure names the op, the state, the call and the errno, and proptest prints the
//! shortest sequence of ops it found that fails. Such a failure is a bug in the types (or a
//! runtime state change the types cannot follow): it is reported, never filtered out here.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use typesock::kind::{ByteStreamKind, DatagramKind, InetKind};
use typesock::state::{CanConnect, CanSetReadTimeout, CanSetSendBuffer, CanSetWriteTimeout};
use typesock::{
    Address, Bound, Connected, Connecting, FinishError, Kind, Listening, ReadOnly, Socket, State,
    Tcp, Udp, Unbound, UnixAddr, UnixDatagram, UnixStream, WriteOnly,
};

/// How long `connect_timeout` may wait: on loopback a connect to a listener with room in its
/// queue completes in microseconds; only a full queue (the SYN dropped) runs into it.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(100);
/// How long `wait` on a connect in flight may wait.
const WAIT: Duration = Duration::from_millis(20);

/// The errnos that mean "this call is wrong in the socket's current state". Every argument the
/// model passes is valid for the call (addresses of the socket's own kind and family, in-range
/// option values, non-zero timeouts), so an `EINVAL` can only be about the state: `bind` twice,
/// `listen` or `accept` out of order, `IPV6_V6ONLY` after bind, a Unix stream read or connect on
/// a listener all answer `EINVAL`. The check is made for every call, not only bind and listen.
const WRONG_STATE: &[(i32, &str)] = &[
    (libc::EINVAL, "EINVAL"),
    (libc::ENOTCONN, "ENOTCONN"),
    (libc::EISCONN, "EISCONN"),
    (libc::EALREADY, "EALREADY"),
    (libc::EOPNOTSUPP, "EOPNOTSUPP"),
    (libc::EDESTADDRREQ, "EDESTADDRREQ"),
    (libc::EBADF, "EBADF"),
];

// ---------------------------------------------------------------------------------------------
// The ops

#[derive(Clone, Copy, Debug)]
enum NewKind {
    Tcp4,
    Tcp6,
    Udp4,
    Udp6,
    UnixStream,
    UnixDatagram,
}

/// One step of a sequence. The first `usize` is a slot index, taken modulo the number of
/// slots that offer the op; a second one in `Connect*` and `SendTo` picks the target.
#[derive(Clone, Debug)]
enum Op {
    New(NewKind),
    /// For the Unix kinds, `true` binds to an abstract name, `false` to a fresh path.
    Bind(usize, bool),
    Listen(usize, i32),
    Connect(usize, usize),
    ConnectTimeout(usize, usize),
    ConnectNonblocking(usize, usize),
    Finish(usize),
    Wait(usize),
    Accept(usize),
    /// The number of bytes to write.
    Write(usize, usize),
    Read(usize),
    ShutdownWrite(usize),
    ShutdownRead(usize),
    SendTo(usize, usize),
    RecvFrom(usize),
    Send(usize),
    Recv(usize),
    LocalAddr(usize),
    PeerAddr(usize),
    /// Which of the setters the slot's state and kind offer (modulo their number).
    SetOption(usize, usize),
    /// `take_error` (`SO_ERROR`), every state: it consumes an error that `finish`, `read` or
    /// `recv` would otherwise report.
    TakeError(usize),
    TryClone(usize),
    Close(usize),
    Drop(usize),
}

impl Op {
    fn slot(&self) -> usize {
        match *self {
            Op::New(_) => 0,
            Op::Bind(s, _)
            | Op::Listen(s, _)
            | Op::Connect(s, _)
            | Op::ConnectTimeout(s, _)
            | Op::ConnectNonblocking(s, _)
            | Op::Write(s, _)
            | Op::SendTo(s, _)
            | Op::SetOption(s, _) => s,
            Op::Finish(s)
            | Op::Wait(s)
            | Op::Accept(s)
            | Op::Read(s)
            | Op::ShutdownWrite(s)
            | Op::ShutdownRead(s)
            | Op::RecvFrom(s)
            | Op::Send(s)
            | Op::Recv(s)
            | Op::LocalAddr(s)
            | Op::PeerAddr(s)
            | Op::TakeError(s)
            | Op::TryClone(s)
            | Op::Close(s)
            | Op::Drop(s) => s,
        }
    }

    /// The target slot of the ops that send or connect somewhere.
    fn target(&self) -> Option<usize> {
        match *self {
            Op::Connect(_, t)
            | Op::ConnectTimeout(_, t)
            | Op::ConnectNonblocking(_, t)
            | Op::SendTo(_, t) => Some(t),
            _ => None,
        }
    }

    fn connect_mode(&self) -> Option<Mode> {
        match self {
            Op::Connect(..) => Some(Mode::Plain),
            Op::ConnectTimeout(..) => Some(Mode::Timeout),
            Op::ConnectNonblocking(..) => Some(Mode::Nonblocking),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Plain,
    Timeout,
    Nonblocking,
}

impl Mode {
    fn call(self) -> &'static str {
        match self {
            Mode::Plain => "connect",
            Mode::Timeout => "connect_timeout",
            Mode::Nonblocking => "connect_nonblocking",
        }
    }
}

fn kind_strategy() -> impl Strategy<Value = NewKind> {
    prop_oneof![
        Just(NewKind::Tcp4),
        Just(NewKind::Tcp6),
        Just(NewKind::Udp4),
        Just(NewKind::Udp6),
        Just(NewKind::UnixStream),
        Just(NewKind::UnixDatagram),
    ]
}

/// The ops of one case. Its sockets are of one to three kinds (the `palette`): with all six
/// in every case, two sockets of one kind and family, which every connection needs, would be
/// rare. The kind an op `New(k)` draws is mapped onto the palette (a `prop_map`, not a
/// `prop_flat_map`: the palette and the ops then shrink independently).
fn ops_strategy() -> impl Strategy<Value = Vec<Op>> {
    (
        prop::collection::vec(kind_strategy(), 1..=3),
        prop::collection::vec(op_strategy(kind_strategy()), 1..100),
    )
        .prop_map(|(palette, ops)| {
            ops.into_iter()
                .map(|op| match op {
                    Op::New(k) => Op::New(palette[k as usize % palette.len()]),
                    op => op,
                })
                .collect()
        })
}

fn op_strategy(kind: impl Strategy<Value = NewKind> + 'static) -> impl Strategy<Value = Op> {
    let slot = || 0..64usize;
    let len = prop_oneof![Just(1usize), Just(1000), Just(200_000)];
    prop_oneof![
        6 => kind.prop_map(Op::New),
        4 => (slot(), any::<bool>()).prop_map(|(s, a)| Op::Bind(s, a)),
        3 => (slot(), 0..8i32).prop_map(|(s, b)| Op::Listen(s, b)),
        3 => (slot(), slot()).prop_map(|(s, t)| Op::Connect(s, t)),
        2 => (slot(), slot()).prop_map(|(s, t)| Op::ConnectTimeout(s, t)),
        2 => (slot(), slot()).prop_map(|(s, t)| Op::ConnectNonblocking(s, t)),
        2 => slot().prop_map(Op::Finish),
        1 => slot().prop_map(Op::Wait),
        3 => slot().prop_map(Op::Accept),
        3 => (slot(), len).prop_map(|(s, n)| Op::Write(s, n)),
        3 => slot().prop_map(Op::Read),
        1 => slot().prop_map(Op::ShutdownWrite),
        1 => slot().prop_map(Op::ShutdownRead),
        2 => (slot(), slot()).prop_map(|(s, t)| Op::SendTo(s, t)),
        2 => slot().prop_map(Op::RecvFrom),
        2 => slot().prop_map(Op::Send),
        2 => slot().prop_map(Op::Recv),
        1 => slot().prop_map(Op::LocalAddr),
        2 => slot().prop_map(Op::PeerAddr),
        2 => (slot(), 0..16usize).prop_map(|(s, w)| Op::SetOption(s, w)),
        1 => slot().prop_map(Op::TakeError),
        1 => slot().prop_map(Op::TryClone),
        1 => slot().prop_map(Op::Close),
        1 => slot().prop_map(Op::Drop),
    ]
}

// ---------------------------------------------------------------------------------------------
// The typed pool

/// A stream socket (`Tcp`, `UnixStream`) in each of its states.
enum Stream<K: Kind> {
    Unbound(Socket<Unbound, K>),
    Bound(Socket<Bound, K>),
    Listening(Socket<Listening, K>),
    Connected(Socket<Connected, K>),
    ReadOnly(Socket<ReadOnly, K>),
    WriteOnly(Socket<WriteOnly, K>),
    Connecting(Socket<Connecting, K>),
}

/// A datagram socket (`Udp`, `UnixDatagram`) in each of its states.
enum Dgram<K: Kind> {
    Unbound(Socket<Unbound, K>),
    Bound(Socket<Bound, K>),
    Connected(Socket<Connected, K>),
    Connecting(Socket<Connecting, K>),
}

enum Slot {
    Tcp(Stream<Tcp>),
    UnixStream(Stream<UnixStream>),
    Udp(Dgram<Udp>),
    UnixDatagram(Dgram<UnixDatagram>),
}

impl Slot {
    /// Whether a connect or datagram sent to this slot's address can get an answer.
    fn answers(&self) -> bool {
        match self {
            Slot::Tcp(s) => matches!(s, Stream::Listening(_)),
            Slot::UnixStream(s) => matches!(s, Stream::Listening(_)),
            Slot::Udp(s) => matches!(s, Dgram::Bound(_) | Dgram::Connected(_)),
            Slot::UnixDatagram(s) => matches!(s, Dgram::Bound(_) | Dgram::Connected(_)),
        }
    }

    /// Whether the slot's state offers the op: the capability table of `lib.rs`, used only
    /// to pick a slot (the op itself is made where the types allow it, a no-op elsewhere).
    fn offers(&self, op: &Op) -> bool {
        let (stream, state) = match self {
            Slot::Tcp(s) => (true, s.name()),
            Slot::UnixStream(s) => (true, s.name()),
            Slot::Udp(s) => (false, s.name()),
            Slot::UnixDatagram(s) => (false, s.name()),
        };
        let any = |states: &[&str]| states.contains(&state);
        match op {
            Op::New(_) => false,
            Op::Bind(..) => state == "Unbound",
            Op::Listen(..) => stream && state == "Bound",
            Op::Connect(..) | Op::ConnectTimeout(..) | Op::ConnectNonblocking(..) => {
                any(&["Unbound", "Bound"])
            }
            Op::Finish(_) | Op::Wait(_) => state == "Connecting",
            Op::Accept(_) => stream && state == "Listening",
            Op::Read(_) | Op::ShutdownRead(_) => stream && any(&["Connected", "ReadOnly"]),
            Op::Write(..) | Op::ShutdownWrite(_) => stream && any(&["Connected", "WriteOnly"]),
            Op::SendTo(..) | Op::RecvFrom(_) => !stream && state == "Bound",
            Op::Send(_) | Op::Recv(_) => !stream && state == "Connected",
            Op::LocalAddr(_) => state != "Unbound",
            Op::PeerAddr(_) => any(&["Connected", "ReadOnly", "WriteOnly"]),
            Op::TryClone(_) => any(&["Listening", "Connected"]),
            Op::SetOption(..) | Op::TakeError(_) | Op::Close(_) | Op::Drop(_) => true,
        }
    }
}

/// The setters a socket offers in its state, each as a call ready to make.
type Opts<'a> = Vec<(&'static str, Box<dyn FnOnce() -> io::Result<()> + 'a>)>;

impl<K: TestKind + ByteStreamKind> Stream<K> {
    fn name(&self) -> &'static str {
        match self {
            Stream::Unbound(_) => "Unbound",
            Stream::Bound(_) => "Bound",
            Stream::Listening(_) => "Listening",
            Stream::Connected(_) => "Connected",
            Stream::ReadOnly(_) => "ReadOnly",
            Stream::WriteOnly(_) => "WriteOnly",
            Stream::Connecting(_) => "Connecting",
        }
    }

    fn local(&self) -> Option<io::Result<K::Addr>> {
        Some(match self {
            Stream::Unbound(_) => return None,
            Stream::Bound(s) => s.local_addr(),
            Stream::Listening(s) => s.local_addr(),
            Stream::Connected(s) => s.local_addr(),
            Stream::ReadOnly(s) => s.local_addr(),
            Stream::WriteOnly(s) => s.local_addr(),
            Stream::Connecting(s) => s.local_addr(),
        })
    }

    fn peer(&self) -> Option<io::Result<K::Addr>> {
        Some(match self {
            Stream::Connected(s) => s.peer_addr(),
            Stream::ReadOnly(s) => s.peer_addr(),
            Stream::WriteOnly(s) => s.peer_addr(),
            _ => return None,
        })
    }

    fn take_error(&self) -> io::Result<Option<io::Error>> {
        match self {
            Stream::Unbound(s) => s.take_error(),
            Stream::Bound(s) => s.take_error(),
            Stream::Listening(s) => s.take_error(),
            Stream::Connected(s) => s.take_error(),
            Stream::ReadOnly(s) => s.take_error(),
            Stream::WriteOnly(s) => s.take_error(),
            // The type refuses it: the pending error is the connect's outcome.
            Stream::Connecting(_) => Ok(None),
        }
    }

    fn try_clone(&self) -> Option<io::Result<Self>> {
        Some(match self {
            Stream::Listening(s) => s.try_clone().map(Stream::Listening),
            Stream::Connected(s) => s.try_clone().map(Stream::Connected),
            _ => return None,
        })
    }

    fn close(self) -> io::Result<()> {
        match self {
            Stream::Unbound(s) => s.close(),
            Stream::Bound(s) => s.close(),
            Stream::Listening(s) => s.close(),
            Stream::Connected(s) => s.close(),
            Stream::ReadOnly(s) => s.close(),
            Stream::WriteOnly(s) => s.close(),
            Stream::Connecting(s) => s.close(),
        }
    }

    /// Every setter of the table in `lib.rs` that this state offers.
    fn options<'a>(&'a self, v: &mut Opts<'a>) {
        match self {
            Stream::Unbound(s) => {
                common_options(s, v);
                K::before_bind_options(s, v);
                buffer_options(s, v);
            }
            Stream::Bound(s) => {
                common_options(s, v);
                buffer_options(s, v);
            }
            Stream::Listening(s) => {
                common_options(s, v);
                read_timeout_option(s, v);
            }
            Stream::Connected(s) => {
                common_options(s, v);
                buffer_options(s, v);
                read_timeout_option(s, v);
                write_timeout_option(s, v);
            }
            Stream::ReadOnly(s) => {
                common_options(s, v);
                read_timeout_option(s, v);
            }
            Stream::WriteOnly(s) => {
                common_options(s, v);
                buffer_options(s, v);
                write_timeout_option(s, v);
            }
            Stream::Connecting(s) => common_options(s, v),
        }
    }
}

impl<K: TestKind + DatagramKind> Dgram<K> {
    fn name(&self) -> &'static str {
        match self {
            Dgram::Unbound(_) => "Unbound",
            Dgram::Bound(_) => "Bound",
            Dgram::Connected(_) => "Connected",
            Dgram::Connecting(_) => "Connecting",
        }
    }

    fn local(&self) -> Option<io::Result<K::Addr>> {
        Some(match self {
            Dgram::Unbound(_) => return None,
            Dgram::Bound(s) => s.local_addr(),
            Dgram::Connected(s) => s.local_addr(),
            Dgram::Connecting(s) => s.local_addr(),
        })
    }

    fn take_error(&self) -> io::Result<Option<io::Error>> {
        match self {
            Dgram::Unbound(s) => s.take_error(),
            Dgram::Bound(s) => s.take_error(),
            Dgram::Connected(s) => s.take_error(),
            // The type refuses it: the pending error is the connect's outcome.
            Dgram::Connecting(_) => Ok(None),
        }
    }

    fn close(self) -> io::Result<()> {
        match self {
            Dgram::Unbound(s) => s.close(),
            Dgram::Bound(s) => s.close(),
            Dgram::Connected(s) => s.close(),
            Dgram::Connecting(s) => s.close(),
        }
    }

    fn options<'a>(&'a self, v: &mut Opts<'a>) {
        match self {
            Dgram::Unbound(s) => {
                common_options(s, v);
                K::before_bind_options(s, v);
                buffer_options(s, v);
            }
            Dgram::Bound(s) => {
                common_options(s, v);
                buffer_options(s, v);
                read_timeout_option(s, v);
                write_timeout_option(s, v);
            }
            Dgram::Connected(s) => {
                common_options(s, v);
                buffer_options(s, v);
                read_timeout_option(s, v);
                write_timeout_option(s, v);
            }
            Dgram::Connecting(s) => common_options(s, v),
        }
    }
}

/// The setters every state has: `set_nonblocking` (always to `true`: nothing may block) and
/// the kind's own ones.
fn common_options<'a, S: State, K: TestKind>(s: &'a Socket<S, K>, v: &mut Opts<'a>) {
    v.push((
        "set_nonblocking(true)",
        Box::new(|| s.set_nonblocking(true)),
    ));
    K::kind_options(s, v);
}

/// `SO_SNDBUF`, in every state that sends. (`SO_RCVBUF` differs by kind: it is among
/// the internet kinds' options before bind.)
fn buffer_options<'a, S: CanSetSendBuffer<K>, K: Kind>(s: &'a Socket<S, K>, v: &mut Opts<'a>) {
    v.push((
        "set_send_buffer_size(8192)",
        Box::new(|| s.set_send_buffer_size(8192)),
    ));
}

fn read_timeout_option<'a, S: CanSetReadTimeout<K>, K: Kind>(
    s: &'a Socket<S, K>,
    v: &mut Opts<'a>,
) {
    v.push((
        "set_read_timeout(10ms)",
        Box::new(|| s.set_read_timeout(Some(Duration::from_millis(10)))),
    ));
}

fn write_timeout_option<'a, S: CanSetWriteTimeout<K>, K: Kind>(
    s: &'a Socket<S, K>,
    v: &mut Opts<'a>,
) {
    v.push((
        "set_write_timeout(10ms)",
        Box::new(|| s.set_write_timeout(Some(Duration::from_millis(10)))),
    ));
}

/// The options `bind(2)` reads, on an unbound `Tcp` or `Udp` socket. `set_only_v6` on an
/// IPv4 socket fails at run time (`ENOPROTOOPT`): the family is not in the type.
fn inet_before_bind<'a, K: InetKind>(s: &'a Socket<Unbound, K>, v: &mut Opts<'a>) {
    v.push((
        "set_reuse_address(true)",
        Box::new(|| s.set_reuse_address(true)),
    ));
    v.push(("set_reuse_port(true)", Box::new(|| s.set_reuse_port(true))));
    v.push(("set_only_v6(true)", Box::new(|| s.set_only_v6(true))));
    v.push((
        "set_recv_buffer_size(8192)",
        Box::new(|| s.set_recv_buffer_size(8192)),
    ));
}

// ---------------------------------------------------------------------------------------------
// What differs between the kinds

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Tcp,
    Udp,
    UnixStream,
    UnixDatagram,
}

trait TestKind: Kind + Sized {
    const TAG: Tag;
    /// The address type `bind`, `connect` and `send_to` are given.
    type Target: Address<Self> + Clone + fmt::Display;
    /// `Stream<Self>` or `Dgram<Self>`.
    type Sock;
    fn create(v6: bool) -> io::Result<Socket<Unbound, Self>>;
    fn unbound(s: Socket<Unbound, Self>) -> Self::Sock;
    fn wrap(s: Self::Sock) -> Slot;
    fn unwrap(s: Slot) -> Self::Sock;
    fn state_name(s: &Self::Sock) -> &'static str;
    /// The local address of a slot of this kind, if its state has one.
    fn local_of(s: &Slot) -> Option<io::Result<Self::Addr>>;
    /// A fresh local address: 127.0.0.1:0 or [::1]:0, a fresh path or abstract name.
    fn bind_target(ctx: &mut Ctx, v6: bool, abstract_name: bool) -> Self::Target;
    /// An address where nothing of this kind answers.
    fn nobody(ctx: &Ctx, v6: bool) -> Self::Target;
    /// A reported address as a target; `None` for an unnamed Unix address, which no
    /// connect or send can use.
    fn target(addr: Self::Addr) -> Option<Self::Target>;
    fn before_bind_options<'a>(_s: &'a Socket<Unbound, Self>, _v: &mut Opts<'a>) {}
    fn kind_options<'a, S: State>(_s: &'a Socket<S, Self>, _v: &mut Opts<'a>) {}
}

fn loopback(v6: bool) -> SocketAddr {
    if v6 {
        SocketAddr::from((Ipv6Addr::LOCALHOST, 0))
    } else {
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
    }
}

impl TestKind for Tcp {
    const TAG: Tag = Tag::Tcp;
    type Target = SocketAddr;
    type Sock = Stream<Tcp>;
    fn create(v6: bool) -> io::Result<Socket<Unbound, Tcp>> {
        if v6 {
            Socket::tcp_v6()
        } else {
            Socket::tcp_v4()
        }
    }
    fn unbound(s: Socket<Unbound, Tcp>) -> Stream<Tcp> {
        Stream::Unbound(s)
    }
    fn wrap(s: Stream<Tcp>) -> Slot {
        Slot::Tcp(s)
    }
    fn unwrap(s: Slot) -> Stream<Tcp> {
        match s {
            Slot::Tcp(s) => s,
            _ => unreachable!(),
        }
    }
    fn state_name(s: &Stream<Tcp>) -> &'static str {
        s.name()
    }
    fn local_of(s: &Slot) -> Option<io::Result<SocketAddr>> {
        match s {
            Slot::Tcp(s) => s.local(),
            _ => None,
        }
    }
    fn bind_target(_: &mut Ctx, v6: bool, _: bool) -> SocketAddr {
        loopback(v6)
    }
    fn nobody(ctx: &Ctx, v6: bool) -> SocketAddr {
        ctx.nobody.tcp[usize::from(v6)]
    }
    fn target(addr: SocketAddr) -> Option<SocketAddr> {
        Some(addr)
    }
    fn before_bind_options<'a>(s: &'a Socket<Unbound, Tcp>, v: &mut Opts<'a>) {
        inet_before_bind(s, v);
    }
    fn kind_options<'a, S: State>(s: &'a Socket<S, Tcp>, v: &mut Opts<'a>) {
        v.push(("set_nodelay(true)", Box::new(|| s.set_nodelay(true))));
        v.push(("set_keepalive(true)", Box::new(|| s.set_keepalive(true))));
        v.push(("set_linger(None)", Box::new(|| s.set_linger(None))));
        // Never a non-zero linger: `close` would then wait, even on a non-blocking socket.
        v.push((
            "set_linger(Some(0))",
            Box::new(|| s.set_linger(Some(Duration::ZERO))),
        ));
        v.push(("set_ttl(32)", Box::new(|| s.set_ttl(32))));
    }
}

impl TestKind for Udp {
    const TAG: Tag = Tag::Udp;
    type Target = SocketAddr;
    type Sock = Dgram<Udp>;
    fn create(v6: bool) -> io::Result<Socket<Unbound, Udp>> {
        if v6 {
            Socket::udp_v6()
        } else {
            Socket::udp_v4()
        }
    }
    fn unbound(s: Socket<Unbound, Udp>) -> Dgram<Udp> {
        Dgram::Unbound(s)
    }
    fn wrap(s: Dgram<Udp>) -> Slot {
        Slot::Udp(s)
    }
    fn unwrap(s: Slot) -> Dgram<Udp> {
        match s {
            Slot::Udp(s) => s,
            _ => unreachable!(),
        }
    }
    fn state_name(s: &Dgram<Udp>) -> &'static str {
        s.name()
    }
    fn local_of(s: &Slot) -> Option<io::Result<SocketAddr>> {
        match s {
            Slot::Udp(s) => s.local(),
            _ => None,
        }
    }
    fn bind_target(_: &mut Ctx, v6: bool, _: bool) -> SocketAddr {
        loopback(v6)
    }
    fn nobody(ctx: &Ctx, v6: bool) -> SocketAddr {
        ctx.nobody.udp[usize::from(v6)]
    }
    fn target(addr: SocketAddr) -> Option<SocketAddr> {
        Some(addr)
    }
    fn before_bind_options<'a>(s: &'a Socket<Unbound, Udp>, v: &mut Opts<'a>) {
        inet_before_bind(s, v);
    }
    fn kind_options<'a, S: State>(s: &'a Socket<S, Udp>, v: &mut Opts<'a>) {
        v.push(("set_ttl(32)", Box::new(|| s.set_ttl(32))));
        v.push(("set_broadcast(true)", Box::new(|| s.set_broadcast(true))));
        v.push((
            "set_multicast_loop_v4(false)",
            Box::new(|| s.set_multicast_loop_v4(false)),
        ));
        v.push((
            "set_multicast_ttl_v4(4)",
            Box::new(|| s.set_multicast_ttl_v4(4)),
        ));
    }
}

fn unix_bind_target(ctx: &mut Ctx, abstract_name: bool) -> UnixAddr {
    ctx.next += 1;
    if abstract_name {
        let name = format!(
            "typesock-model-{}-{}-{}",
            std::process::id(),
            ctx.case,
            ctx.next
        );
        UnixAddr::from_abstract_name(name).unwrap()
    } else {
        UnixAddr::from_pathname(ctx.dir.join(format!("s{}", ctx.next))).unwrap()
    }
}

fn unix_target(addr: UnixAddr) -> Option<UnixAddr> {
    (!addr.is_unnamed()).then_some(addr)
}

impl TestKind for UnixStream {
    const TAG: Tag = Tag::UnixStream;
    type Target = UnixAddr;
    type Sock = Stream<UnixStream>;
    fn create(_: bool) -> io::Result<Socket<Unbound, UnixStream>> {
        Socket::unix_stream()
    }
    fn unbound(s: Socket<Unbound, UnixStream>) -> Stream<UnixStream> {
        Stream::Unbound(s)
    }
    fn wrap(s: Stream<UnixStream>) -> Slot {
        Slot::UnixStream(s)
    }
    fn unwrap(s: Slot) -> Stream<UnixStream> {
        match s {
            Slot::UnixStream(s) => s,
            _ => unreachable!(),
        }
    }
    fn state_name(s: &Stream<UnixStream>) -> &'static str {
        s.name()
    }
    fn local_of(s: &Slot) -> Option<io::Result<UnixAddr>> {
        match s {
            Slot::UnixStream(s) => s.local(),
            _ => None,
        }
    }
    fn bind_target(ctx: &mut Ctx, _: bool, abstract_name: bool) -> UnixAddr {
        unix_bind_target(ctx, abstract_name)
    }
    fn nobody(ctx: &Ctx, _: bool) -> UnixAddr {
        UnixAddr::from_pathname(ctx.dir.join("nobody")).unwrap()
    }
    fn target(addr: UnixAddr) -> Option<UnixAddr> {
        unix_target(addr)
    }
}

impl TestKind for UnixDatagram {
    const TAG: Tag = Tag::UnixDatagram;
    type Target = UnixAddr;
    type Sock = Dgram<UnixDatagram>;
    fn create(_: bool) -> io::Result<Socket<Unbound, UnixDatagram>> {
        Socket::unix_datagram()
    }
    fn unbound(s: Socket<Unbound, UnixDatagram>) -> Dgram<UnixDatagram> {
        Dgram::Unbound(s)
    }
    fn wrap(s: Dgram<UnixDatagram>) -> Slot {
        Slot::UnixDatagram(s)
    }
    fn unwrap(s: Slot) -> Dgram<UnixDatagram> {
        match s {
            Slot::UnixDatagram(s) => s,
            _ => unreachable!(),
        }
    }
    fn state_name(s: &Dgram<UnixDatagram>) -> &'static str {
        s.name()
    }
    fn local_of(s: &Slot) -> Option<io::Result<UnixAddr>> {
        match s {
            Slot::UnixDatagram(s) => s.local(),
            _ => None,
        }
    }
    fn bind_target(ctx: &mut Ctx, _: bool, abstract_name: bool) -> UnixAddr {
        unix_bind_target(ctx, abstract_name)
    }
    fn nobody(ctx: &Ctx, _: bool) -> UnixAddr {
        UnixAddr::from_pathname(ctx.dir.join("nobody")).unwrap()
    }
    fn target(addr: UnixAddr) -> Option<UnixAddr> {
        unix_target(addr)
    }
}

// ---------------------------------------------------------------------------------------------
// The model

/// Addresses where nothing listens: ports bound once and closed again, per kind and family.
struct Nobody {
    tcp: [SocketAddr; 2],
    udp: [SocketAddr; 2],
}

impl Nobody {
    fn new() -> Nobody {
        let tcp = |v6| {
            TcpListener::bind(loopback(v6))
                .unwrap()
                .local_addr()
                .unwrap()
        };
        let udp = |v6| UdpSocket::bind(loopback(v6)).unwrap().local_addr().unwrap();
        Nobody {
            tcp: [tcp(false), tcp(true)],
            udp: [udp(false), udp(true)],
        }
    }
}

struct Ctx<'n> {
    /// This case's directory for Unix socket files.
    dir: PathBuf,
    case: usize,
    next: usize,
    nobody: &'n Nobody,
}

/// What the model knows of a handle besides its typed socket.
#[derive(Clone, Debug)]
struct Meta {
    v6: bool,
    /// The kernel socket (shared by `try_clone` duplicates).
    kid: usize,
    /// Stream kinds: the connection this end belongs to. Datagram kinds: the association
    /// with the peer `connect` named.
    conn: Option<usize>,
    /// A connect in flight (`Connecting`) to one of the pool's TCP or Unix listeners.
    listener: Option<usize>,
}

struct Entry {
    sock: Slot,
    meta: Meta,
}

/// One kernel socket: how many handles the pool holds to it, and its address.
struct Kern {
    tag: Tag,
    handles: usize,
    /// The address others reach it at: set at bind (and, for datagram kinds, at connect).
    addr: Option<String>,
    listener: Option<ListenerInfo>,
    /// Associations (datagram `connect`s) that end when this socket's last handle closes.
    watchers: Vec<usize>,
}

/// A listening socket's queue, as far as the model can tell.
struct ListenerInfo {
    backlog: usize,
    /// An upper bound on the connections completed and not yet accepted.
    queued: usize,
    /// Connects in flight to it (`Connecting` handles).
    inflight: usize,
    /// Connections not accepted yet: (connection, client address). TCP's `accept` is matched
    /// by the client's address, a Unix listener's in order (its queue is FIFO and a Unix
    /// connect is queued synchronously).
    pending: VecDeque<(usize, Option<String>)>,
}

/// What an op leaves: the slot's socket in its next state (or nothing: closed), and new
/// handles for the pool (an accepted connection, a duplicate).
struct Done<T> {
    keep: Option<T>,
    spawned: Vec<(T, Meta)>,
    /// The state does not offer the op: no call was made.
    skipped: bool,
}

impl<T> Done<T> {
    fn keep(t: T) -> Self {
        Done {
            keep: Some(t),
            spawned: Vec::new(),
            skipped: false,
        }
    }
    fn gone() -> Self {
        Done {
            keep: None,
            spawned: Vec::new(),
            skipped: false,
        }
    }
    fn skip(t: T) -> Self {
        Done {
            skipped: true,
            ..Done::keep(t)
        }
    }
}

/// What a `connect`, `connect_timeout`, `connect_nonblocking` or `send_to` aims at.
struct Target<K: TestKind> {
    addr: K::Target,
    desc: String,
    /// The pool's live listener at that address (stream kinds).
    listener: Option<usize>,
    /// The pool's live socket at that address (datagram kinds).
    peer: Option<usize>,
}

struct Model<'n> {
    ctx: Ctx<'n>,
    pool: Vec<Entry>,
    kern: Vec<Kern>,
    /// Whether each connection is still whole. A stream connection is marked broken (and
    /// stays so) as soon as either end closes, is dropped, shuts a direction down, or reads
    /// the end of the stream or a reset; or when the listener it waits in closes. A datagram
    /// association, when its peer's last handle closes. Conservative: marked broken is "may
    /// be gone", never "is surely alive".
    conns: Vec<bool>,
}

/// The check made on every error: no wrong-state errno. Errors of the crate's own (no raw OS
/// error) are fine, as are the runtime answers (`ECONNREFUSED`, `EAGAIN`, `ECONNRESET`,
/// `EPIPE`, `EADDRINUSE`, `ETIMEDOUT`, `ENOENT`, `EPERM`, ...).
///
/// The one exception, `peer_gone`: once a connection's peer has closed, reset or shut it down,
/// the kernel itself may move this end to a closed state (TCP: `TCP_CLOSE` after a reset or
/// after both FINs; a Unix datagram socket: its association dissolved by a send to the dead
/// peer), and `getpeername` (`peer_addr`) and `shutdown` then answer `ENOTCONN`, and so do a
/// connected datagram socket's `send` and `recv`. That is the peer changing the kernel's
/// state, not a wrong type (the crate documents it on `send`, `recv` and `peer_addr`), and it
/// is allowed for those calls only, and only when the model knows the connection broken.
/// Every other call (`read`, `write`, `accept`, ...) is held to the rule.
fn check(call: &str, e: &io::Error, peer_gone: bool) -> Result<(), TestCaseError> {
    let Some(code) = e.raw_os_error() else {
        count(&ERRORS, format!("{} {call}: {:?}", current(), e.kind()));
        return Ok(());
    };
    count(
        &ERRORS,
        format!("{} {call}: errno {code} ({:?})", current(), e.kind()),
    );
    if code == libc::ENOTCONN && peer_gone {
        return Ok(());
    }
    let wrong = WRONG_STATE.iter().find(|&&(c, _)| c == code);
    prop_assert!(
        wrong.is_none(),
        "{call}: the kernel answered {} ({e}) to a call the types allowed",
        wrong.map_or("", |w| w.1)
    );
    Ok(())
}

/// What ran, for the summary the test prints (`--nocapture` shows it): the calls made, by
/// kind, state and op, and the errors the kernel answered, by call.
static CALLS: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
static ERRORS: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());

thread_local! {
    /// The state and kind of the socket the current op runs on, for the summary.
    static CURRENT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn current() -> String {
    CURRENT.with(|c| format!("{:<26}", c.borrow()))
}

fn count(table: &Mutex<BTreeMap<String, usize>>, key: String) {
    *table.lock().unwrap().entry(key).or_default() += 1;
}

fn check_result<T>(call: &str, r: &io::Result<T>, peer_gone: bool) -> Result<(), TestCaseError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) => check(call, e, peer_gone),
    }
}

/// Calls the setter `which` (modulo their number) of the ones offered.
fn set_option(mut v: Opts<'_>, which: usize) -> Result<(), TestCaseError> {
    let (name, set) = v.swap_remove(which % v.len());
    check_result(name, &set(), false)
}

impl<'n> Model<'n> {
    fn new(ctx: Ctx<'n>) -> Self {
        Model {
            ctx,
            pool: Vec::new(),
            kern: Vec::new(),
            conns: Vec::new(),
        }
    }

    fn new_kern(&mut self, tag: Tag) -> usize {
        self.kern.push(Kern {
            tag,
            handles: 1,
            addr: None,
            listener: None,
            watchers: Vec::new(),
        });
        self.kern.len() - 1
    }

    fn new_conn(&mut self) -> usize {
        self.conns.push(true);
        self.conns.len() - 1
    }

    fn peer_gone(&self, meta: &Meta) -> bool {
        meta.conn.is_none_or(|c| !self.conns[c])
    }

    fn broken(&mut self, meta: &Meta) {
        if let Some(c) = meta.conn {
            self.conns[c] = false;
        }
    }

    /// A handle is closed (close, drop, a failed connect or shutdown, a final shutdown).
    fn release(&mut self, meta: &Meta, stream: bool) {
        if stream {
            self.broken(meta);
        }
        if let Some(l) = meta.listener {
            if let Some(li) = self.kern[l].listener.as_mut() {
                // It may have made it into the queue before it was closed.
                li.inflight -= 1;
                li.queued += 1;
            }
        }
        let k = &mut self.kern[meta.kid];
        k.handles -= 1;
        if k.handles == 0 {
            let watchers = std::mem::take(&mut k.watchers);
            let pending = k.listener.take().map(|l| l.pending).unwrap_or_default();
            for c in watchers
                .into_iter()
                .chain(pending.into_iter().map(|(c, _)| c))
            {
                self.conns[c] = false;
            }
        }
    }

    /// A connect in flight finished into a connected socket.
    fn finished(&mut self, meta: &mut Meta) {
        if let Some(l) = meta.listener.take() {
            if let Some(li) = self.kern[l].listener.as_mut() {
                li.inflight -= 1;
                li.queued += 1;
            }
        }
    }

    fn lookup(&self, tag: Tag, desc: &str, listening: bool) -> Option<usize> {
        self.kern.iter().position(|k| {
            k.tag == tag
                && k.handles > 0
                && k.addr.as_deref() == Some(desc)
                && (!listening || k.listener.is_some())
        })
    }

    /// The local address of a slot of the same kind and family, or an address where nothing
    /// answers.
    ///
    /// Three targets in four are taken among the slots that answer (listeners, bound or
    /// connected datagram sockets), if there are any; the rest among every slot of the kind
    /// and family that has a local address, plus one more choice: the address where nothing
    /// answers. The index is taken modulo the number of choices.
    fn resolve<K: TestKind>(&self, v6: bool, target: usize) -> Result<Target<K>, TestCaseError> {
        let candidates: Vec<&Entry> = self
            .pool
            .iter()
            .filter(|e| e.meta.v6 == v6 && K::local_of(&e.sock).is_some())
            .collect();
        let answering: Vec<&Entry> = candidates
            .iter()
            .copied()
            .filter(|e| e.sock.answers())
            .collect();
        let chosen = if target % 4 != 0 && !answering.is_empty() {
            Some(answering[target / 4 % answering.len()])
        } else {
            candidates.get(target / 4 % (candidates.len() + 1)).copied()
        };
        let mut addr = None;
        if let Some(e) = chosen {
            let local = K::local_of(&e.sock).unwrap();
            check_result("local_addr (of the target)", &local, false)?;
            addr = local.ok().and_then(K::target);
        }
        let addr = addr.unwrap_or_else(|| K::nobody(&self.ctx, v6));
        let desc = addr.to_string();
        Ok(Target {
            listener: self.lookup(K::TAG, &desc, true),
            peer: self.lookup(K::TAG, &desc, false),
            addr,
            desc,
        })
    }

    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        if let Op::New(kind) = *op {
            CURRENT.with(|c| *c.borrow_mut() = format!("{kind:?}"));
            return match kind {
                NewKind::Tcp4 => self.create::<Tcp>(false),
                NewKind::Tcp6 => self.create::<Tcp>(true),
                NewKind::Udp4 => self.create::<Udp>(false),
                NewKind::Udp6 => self.create::<Udp>(true),
                NewKind::UnixStream => self.create::<UnixStream>(false),
                NewKind::UnixDatagram => self.create::<UnixDatagram>(false),
            };
        }
        // The slot index is taken modulo the number of slots whose state offers the op (with
        // the index modulo the whole pool, three ops in four would find a state that does not
        // offer them, and accept, read and write would almost never run).
        let offering: Vec<usize> = (0..self.pool.len())
            .filter(|&i| self.pool[i].sock.offers(op))
            .collect();
        if offering.is_empty() {
            return Ok(());
        }
        let i = offering[op.slot() % offering.len()];
        match self.pool[i].sock {
            Slot::Tcp(_) => self.run::<Tcp>(i, op, stream_op),
            Slot::UnixStream(_) => self.run::<UnixStream>(i, op, stream_op),
            Slot::Udp(_) => self.run::<Udp>(i, op, dgram_op),
            Slot::UnixDatagram(_) => self.run::<UnixDatagram>(i, op, dgram_op),
        }
    }

    fn create<K: TestKind>(&mut self, v6: bool) -> Result<(), TestCaseError> {
        let s = match K::create(v6) {
            Ok(s) => s,
            Err(e) => return check("socket()", &e, false),
        };
        // Every wait bounded: accept, read and recv answer WouldBlock.
        let nb = s.set_nonblocking(true);
        prop_assert!(nb.is_ok(), "set_nonblocking on a new socket: {nb:?}");
        let kid = self.new_kern(K::TAG);
        self.pool.push(Entry {
            sock: K::wrap(K::unbound(s)),
            meta: Meta {
                v6,
                kid,
                conn: None,
                listener: None,
            },
        });
        Ok(())
    }

    /// Takes slot `i` out, runs the op on its typed socket, puts back what is left.
    fn run<K: TestKind>(&mut self, i: usize, op: &Op, f: OpFn<K>) -> Result<(), TestCaseError> {
        let target = match op.target() {
            Some(t) => Some(self.resolve::<K>(self.pool[i].meta.v6, t)?),
            None => None,
        };
        let Entry { sock, mut meta } = self.pool.remove(i);
        let sock = K::unwrap(sock);
        let label = format!("Socket<{}, {}>", K::state_name(&sock), K::NAME);
        CURRENT.with(|c| *c.borrow_mut() = format!("{}, {}", K::state_name(&sock), K::NAME));
        let done = f(self, &mut meta, sock, op, target.as_ref()).map_err(|e| match e {
            TestCaseError::Fail(r) => TestCaseError::fail(format!("on a {label}: {}", r.message())),
            other => other,
        })?;
        if !done.skipped {
            let name = format!("{op:?}");
            let name = name.split('(').next().unwrap_or_default();
            let state = label.trim_start_matches("Socket<").trim_end_matches('>');
            count(&CALLS, format!("{state:<26} {name}"));
        }
        if let Some(sock) = done.keep {
            self.pool.insert(
                i,
                Entry {
                    sock: K::wrap(sock),
                    meta,
                },
            );
        }
        for (sock, meta) in done.spawned {
            self.pool.push(Entry {
                sock: K::wrap(sock),
                meta,
            });
        }
        Ok(())
    }
}

type OpFn<K> = fn(
    &mut Model<'_>,
    &mut Meta,
    <K as TestKind>::Sock,
    &Op,
    Option<&Target<K>>,
) -> Result<Done<<K as TestKind>::Sock>, TestCaseError>;

/// `bind` from `Unbound`, for every kind: the socket comes back `Bound`, or `Unbound` on
/// failure.
#[allow(clippy::type_complexity)]
fn bind<K: TestKind>(
    m: &mut Model<'_>,
    meta: &Meta,
    s: Socket<Unbound, K>,
    abstract_name: bool,
) -> Result<Result<Socket<Bound, K>, Socket<Unbound, K>>, TestCaseError> {
    let target = K::bind_target(&mut m.ctx, meta.v6, abstract_name);
    match s.bind(target.clone()) {
        Ok(b) => {
            let local = b.local_addr();
            prop_assert!(local.is_ok(), "bind, then local_addr: {local:?}");
            let local = local.unwrap().to_string();
            let asked = target.to_string();
            // A Unix socket has the name it asked for; an internet one, the address with a
            // port the kernel picked.
            let same = match asked.strip_suffix(":0") {
                Some(host) => local
                    .rsplit_once(':')
                    .is_some_and(|(h, p)| h == host && p != "0"),
                None => local == asked,
            };
            prop_assert!(same, "bind to {asked}, then local_addr is {local}");
            m.kern[meta.kid].addr = Some(local);
            Ok(Ok(b))
        }
        Err(e) => {
            check("bind", e.error(), false)?;
            Ok(Err(e.into_socket()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The stream kinds

fn stream_op<K: TestKind<Sock = Stream<K>> + ByteStreamKind>(
    m: &mut Model<'_>,
    meta: &mut Meta,
    s: Stream<K>,
    op: &Op,
    t: Option<&Target<K>>,
) -> Result<Done<Stream<K>>, TestCaseError> {
    let gone = m.peer_gone(meta);
    Ok(match (s, op) {
        (s, Op::Close(_)) => {
            let r = s.close();
            m.release(meta, true);
            check_result("close", &r, false)?;
            Done::gone()
        }
        (s, Op::Drop(_)) => {
            drop(s);
            m.release(meta, true);
            Done::gone()
        }
        (s, Op::LocalAddr(_)) => match s.local() {
            Some(r) => {
                check_result("local_addr", &r, false)?;
                Done::keep(s)
            }
            None => Done::skip(s),
        },
        (s, Op::PeerAddr(_)) => match s.peer() {
            Some(r) => {
                check_result("peer_addr", &r, gone)?;
                Done::keep(s)
            }
            None => Done::skip(s),
        },
        (s, Op::SetOption(_, which)) => {
            let mut v = Opts::new();
            s.options(&mut v);
            set_option(v, *which)?;
            Done::keep(s)
        }
        (s, Op::TakeError(_)) => {
            match s.take_error() {
                // A stream's pending error (a reset, a refused or timed-out connect) ends
                // its connection.
                Ok(Some(_)) => m.broken(meta),
                Ok(None) => {}
                Err(e) => check("take_error", &e, false)?,
            }
            Done::keep(s)
        }
        (s, Op::TryClone(_)) => {
            let Some(clone) = s.try_clone() else {
                return Ok(Done::skip(s));
            };
            check_result("try_clone", &clone, false)?;
            let mut done = Done::keep(s);
            if let Ok(clone) = clone {
                let (a, b) = (clone.local(), done.keep.as_ref().unwrap().local());
                let same = matches!((&a, &b), (Some(Ok(a)), Some(Ok(b))) if a.to_string() == b.to_string());
                prop_assert!(
                    same,
                    "try_clone: the duplicate's local_addr {a:?}, the original's {b:?}"
                );
                m.kern[meta.kid].handles += 1;
                let meta = Meta {
                    listener: None,
                    ..meta.clone()
                };
                done.spawned.push((clone, meta));
            }
            done
        }

        (Stream::Unbound(s), Op::Bind(_, abstract_name)) => match bind(m, meta, s, *abstract_name)?
        {
            Ok(b) => Done::keep(Stream::Bound(b)),
            Err(s) => Done::keep(Stream::Unbound(s)),
        },
        (Stream::Unbound(s), op) if op.connect_mode().is_some() => {
            connect_stream(m, meta, s, op.connect_mode().unwrap(), t.unwrap())?
        }
        (Stream::Bound(s), op) if op.connect_mode().is_some() => {
            connect_stream(m, meta, s, op.connect_mode().unwrap(), t.unwrap())?
        }

        (Stream::Bound(s), Op::Listen(_, backlog)) => match s.listen(*backlog) {
            Ok(l) => {
                let local = l.local_addr();
                prop_assert!(local.is_ok(), "listen, then local_addr: {local:?}");
                m.kern[meta.kid].listener = Some(ListenerInfo {
                    backlog: *backlog as usize,
                    queued: 0,
                    inflight: 0,
                    pending: VecDeque::new(),
                });
                Done::keep(Stream::Listening(l))
            }
            Err(e) => {
                check("listen", e.error(), false)?;
                Done::keep(Stream::Bound(e.into_socket()))
            }
        },

        (Stream::Listening(l), Op::Accept(_)) => {
            let mut done = Done::gone();
            match l.accept() {
                Ok((c, peer)) => {
                    // accept4 does not pass O_NONBLOCK on: set it before anything can block.
                    let nb = c.set_nonblocking(true);
                    prop_assert!(nb.is_ok(), "set_nonblocking on an accepted socket: {nb:?}");
                    let conn = m.accepted::<K>(meta.kid, &peer.to_string());
                    if m.conns[conn] {
                        let p = c.peer_addr();
                        let same = matches!(&p, Ok(p) if p.to_string() == peer.to_string());
                        prop_assert!(same, "accept gave peer {peer}, then peer_addr {p:?}");
                    }
                    let kid = m.new_kern(K::TAG);
                    let meta = Meta {
                        v6: meta.v6,
                        kid,
                        conn: Some(conn),
                        listener: None,
                    };
                    done.spawned.push((Stream::Connected(c), meta));
                }
                Err(e) => {
                    if e.kind() == io::ErrorKind::WouldBlock {
                        if let Some(li) = m.kern[meta.kid].listener.as_mut() {
                            li.queued = 0;
                        }
                    }
                    check("accept", e.error(), false)?;
                }
            }
            done.keep = Some(Stream::Listening(l));
            done
        }

        (Stream::Connecting(s), Op::Finish(_) | Op::Wait(_)) => {
            let (call, r) = match op {
                Op::Finish(_) => ("finish", s.finish()),
                _ => ("wait", s.wait(Some(WAIT))),
            };
            match r {
                Ok(c) => {
                    m.finished(meta);
                    if !m.peer_gone(meta) {
                        let p = c.peer_addr();
                        prop_assert!(p.is_ok(), "{call} succeeded, then peer_addr: {p:?}");
                    }
                    Done::keep(Stream::Connected(c))
                }
                Err(FinishError::InProgress(s) | FinishError::TimedOut { socket: s, .. }) => {
                    Done::keep(Stream::Connecting(s))
                }
                Err(FinishError::Failed(e)) => {
                    m.release(meta, true);
                    check(call, e.error(), false)?;
                    Done::gone()
                }
            }
        }

        (Stream::Connected(s), Op::Read(_)) => {
            read(m, meta, &s)?;
            Done::keep(Stream::Connected(s))
        }
        (Stream::ReadOnly(s), Op::Read(_)) => {
            read(m, meta, &s)?;
            Done::keep(Stream::ReadOnly(s))
        }
        (Stream::Connected(s), Op::Write(_, n)) => {
            write(m, meta, &s, *n)?;
            Done::keep(Stream::Connected(s))
        }
        (Stream::WriteOnly(s), Op::Write(_, n)) => {
            write(m, meta, &s, *n)?;
            Done::keep(Stream::WriteOnly(s))
        }

        (Stream::Connected(s), Op::ShutdownWrite(_)) => match s.shutdown_write() {
            Ok(r) => {
                m.broken(meta);
                Done::keep(Stream::ReadOnly(r))
            }
            Err(e) => {
                m.release(meta, true);
                check("shutdown_write", &e, gone)?;
                Done::gone()
            }
        },
        (Stream::Connected(s), Op::ShutdownRead(_)) => match s.shutdown_read() {
            Ok(w) => {
                m.broken(meta);
                Done::keep(Stream::WriteOnly(w))
            }
            Err(e) => {
                m.release(meta, true);
                check("shutdown_read", &e, gone)?;
                Done::gone()
            }
        },
        // The last direction: shut down, then closed.
        (Stream::ReadOnly(s), Op::ShutdownRead(_)) => {
            let r = s.shutdown_read();
            m.release(meta, true);
            check_result("shutdown_read (the last direction)", &r, gone)?;
            Done::gone()
        }
        (Stream::WriteOnly(s), Op::ShutdownWrite(_)) => {
            let r = s.shutdown_write();
            m.release(meta, true);
            check_result("shutdown_write (the last direction)", &r, gone)?;
            Done::gone()
        }

        // Not offered in this state: no call.
        (s, _) => Done::skip(s),
    })
}

impl Model<'_> {
    /// The connection an accepted socket belongs to: the pending one with the client's
    /// address (TCP) or the oldest pending one (Unix). One the model cannot place is taken
    /// as broken.
    fn accepted<K: TestKind>(&mut self, listener: usize, peer: &str) -> usize {
        let found = self.kern[listener].listener.as_mut().and_then(|li| {
            li.queued = li.queued.saturating_sub(1);
            if K::TAG == Tag::Tcp {
                let at = li
                    .pending
                    .iter()
                    .position(|(_, a)| a.as_deref() == Some(peer))?;
                // Two pending connections from one address (a port reused after a reset):
                // which is which is unknown.
                let twice = li
                    .pending
                    .iter()
                    .filter(|(_, a)| a.as_deref() == Some(peer))
                    .count()
                    > 1;
                let (conn, _) = li.pending.remove(at)?;
                Some((conn, twice))
            } else {
                li.pending.pop_front().map(|(conn, _)| (conn, false))
            }
        });
        match found {
            Some((conn, false)) => conn,
            Some((conn, true)) => {
                self.conns[conn] = false;
                conn
            }
            None => {
                let conn = self.new_conn();
                self.conns[conn] = false;
                conn
            }
        }
    }
}

fn connect_stream<S: CanConnect<K>, K: TestKind<Sock = Stream<K>> + ByteStreamKind>(
    m: &mut Model<'_>,
    meta: &mut Meta,
    s: Socket<S, K>,
    mode: Mode,
    t: &Target<K>,
) -> Result<Done<Stream<K>>, TestCaseError> {
    // A plain connect waits for the outcome, even on a non-blocking socket (a Unix one waits
    // for room in the listener's queue): to a listener whose queue may be full, use the
    // bounded connect instead.
    let mode = match mode {
        Mode::Plain if !m.tcp_room(t) => Mode::Timeout,
        mode => mode,
    };
    let result = match mode {
        Mode::Plain => s.connect(t.addr.clone()).map(Stream::Connected),
        Mode::Timeout => s
            .connect_timeout(t.addr.clone(), CONNECT_TIMEOUT)
            .map(Stream::Connected),
        Mode::Nonblocking => s
            .connect_nonblocking(t.addr.clone())
            .map(Stream::Connecting),
    };
    match result {
        Ok(c) => {
            let conn = m.new_conn();
            meta.conn = Some(conn);
            let local = c.local().unwrap();
            check_result("local_addr (after connect)", &local, false)?;
            let local = local.ok().map(|a| a.to_string());
            if let Some(li) = t.listener.and_then(|l| m.kern[l].listener.as_mut()) {
                li.pending.push_back((conn, local));
                if mode == Mode::Nonblocking {
                    li.inflight += 1;
                    meta.listener = t.listener;
                } else {
                    li.queued += 1;
                }
            }
            if let Stream::Connected(c) = &c {
                let p = c.peer_addr();
                let same = matches!(&p, Ok(p) if p.to_string() == t.desc);
                prop_assert!(
                    same,
                    "{} to {} succeeded, then peer_addr: {p:?}",
                    mode.call(),
                    t.desc
                );
            }
            Ok(Done::keep(c))
        }
        Err(e) => {
            // A bounded connect that gave up may have made it into the queue at the last moment.
            if e.kind() == io::ErrorKind::TimedOut {
                if let Some(li) = t.listener.and_then(|l| m.kern[l].listener.as_mut()) {
                    li.queued += 1;
                }
            }
            // The socket is closed.
            m.release(meta, true);
            check(mode.call(), e.error(), false)?;
            Ok(Done::gone())
        }
    }
}

impl Model<'_> {
    /// Whether a plain `connect` (which waits for the outcome, without a deadline) to this
    /// TCP target surely ends at once: nothing of the pool listens there (refused, or a
    /// self-connect), or a listener with room in its queue. Linux drops a SYN to a full
    /// queue and retries it for minutes.
    fn tcp_room<K: TestKind>(&self, t: &Target<K>) -> bool {
        match t.listener.and_then(|l| self.kern[l].listener.as_ref()) {
            None => true,
            Some(li) => li.queued + li.inflight < li.backlog,
        }
    }
}

fn read(m: &mut Model<'_>, meta: &Meta, mut r: impl Read) -> Result<(), TestCaseError> {
    let mut buf = vec![0; 64 * 1024];
    match r.read(&mut buf) {
        // The end of the stream: the peer shut down or closed.
        Ok(0) => m.broken(meta),
        Ok(_) => {}
        Err(e) => {
            if e.kind() == io::ErrorKind::ConnectionReset {
                m.broken(meta);
            }
            check("read", &e, false)?;
        }
    }
    Ok(())
}

fn write(m: &mut Model<'_>, meta: &Meta, mut w: impl Write, n: usize) -> Result<(), TestCaseError> {
    let buf = vec![b'x'; n];
    match w.write(&buf) {
        Ok(written) => prop_assert!(written > 0, "write of {n} bytes wrote nothing"),
        Err(e) => {
            if matches!(
                e.kind(),
                io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
            ) {
                m.broken(meta);
            }
            check("write", &e, false)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The datagram kinds

fn dgram_op<K: TestKind<Sock = Dgram<K>> + DatagramKind>(
    m: &mut Model<'_>,
    meta: &mut Meta,
    s: Dgram<K>,
    op: &Op,
    t: Option<&Target<K>>,
) -> Result<Done<Dgram<K>>, TestCaseError> {
    let gone = m.peer_gone(meta);
    let mut buf = [0u8; 2048];
    Ok(match (s, op) {
        (s, Op::Close(_)) => {
            let r = s.close();
            m.release(meta, false);
            check_result("close", &r, false)?;
            Done::gone()
        }
        (s, Op::Drop(_)) => {
            drop(s);
            m.release(meta, false);
            Done::gone()
        }
        (s, Op::LocalAddr(_)) => match s.local() {
            Some(r) => {
                check_result("local_addr", &r, false)?;
                Done::keep(s)
            }
            None => Done::skip(s),
        },
        (s, Op::SetOption(_, which)) => {
            let mut v = Opts::new();
            s.options(&mut v);
            set_option(v, *which)?;
            Done::keep(s)
        }
        (s, Op::TakeError(_)) => {
            check_result("take_error", &s.take_error(), false)?;
            Done::keep(s)
        }

        (Dgram::Unbound(s), Op::Bind(_, abstract_name)) => {
            match bind(m, meta, s, *abstract_name)? {
                Ok(b) => Done::keep(Dgram::Bound(b)),
                Err(s) => Done::keep(Dgram::Unbound(s)),
            }
        }
        (Dgram::Unbound(s), op) if op.connect_mode().is_some() => {
            connect_dgram(m, meta, s, op.connect_mode().unwrap(), t.unwrap())?
        }
        (Dgram::Bound(s), op) if op.connect_mode().is_some() => {
            connect_dgram(m, meta, s, op.connect_mode().unwrap(), t.unwrap())?
        }

        (Dgram::Bound(s), Op::SendTo(..)) => {
            let t = t.unwrap();
            check_result("send_to", &s.send_to(b"datagram", t.addr.clone()), false)?;
            Done::keep(Dgram::Bound(s))
        }
        (Dgram::Bound(s), Op::RecvFrom(_)) => {
            check_result("recv_from", &s.recv_from(&mut buf), false)?;
            Done::keep(Dgram::Bound(s))
        }
        (Dgram::Connected(s), Op::Send(_)) => {
            check_result("send", &s.send(b"datagram"), gone)?;
            Done::keep(Dgram::Connected(s))
        }
        (Dgram::Connected(s), Op::Recv(_)) => {
            check_result("recv", &s.recv(&mut buf), gone)?;
            Done::keep(Dgram::Connected(s))
        }
        (Dgram::Connected(s), Op::PeerAddr(_)) => {
            check_result("peer_addr", &s.peer_addr(), gone)?;
            Done::keep(Dgram::Connected(s))
        }
        (Dgram::Connected(s), Op::TryClone(_)) => {
            let clone = s.try_clone();
            check_result("try_clone", &clone, false)?;
            let mut done = Done::keep(Dgram::Connected(s));
            if let Ok(clone) = clone {
                m.kern[meta.kid].handles += 1;
                done.spawned.push((Dgram::Connected(clone), meta.clone()));
            }
            done
        }

        (Dgram::Connecting(s), Op::Finish(_) | Op::Wait(_)) => {
            let (call, r) = match op {
                Op::Finish(_) => ("finish", s.finish()),
                _ => ("wait", s.wait(Some(WAIT))),
            };
            match r {
                Ok(c) => Done::keep(Dgram::Connected(c)),
                Err(FinishError::InProgress(s) | FinishError::TimedOut { socket: s, .. }) => {
                    Done::keep(Dgram::Connecting(s))
                }
                Err(FinishError::Failed(e)) => {
                    m.release(meta, false);
                    check(call, e.error(), false)?;
                    Done::gone()
                }
            }
        }

        // Not offered in this state: no call.
        (s, _) => Done::skip(s),
    })
}

fn connect_dgram<S: CanConnect<K>, K: TestKind<Sock = Dgram<K>> + DatagramKind>(
    m: &mut Model<'_>,
    meta: &mut Meta,
    s: Socket<S, K>,
    mode: Mode,
    t: &Target<K>,
) -> Result<Done<Dgram<K>>, TestCaseError> {
    // A datagram connect only records the peer: it never waits.
    let result = match mode {
        Mode::Plain => s.connect(t.addr.clone()).map(Dgram::Connected),
        Mode::Timeout => s
            .connect_timeout(t.addr.clone(), CONNECT_TIMEOUT)
            .map(Dgram::Connected),
        Mode::Nonblocking => s.connect_nonblocking(t.addr.clone()).map(Dgram::Connecting),
    };
    match result {
        Ok(c) => {
            let conn = m.new_conn();
            meta.conn = Some(conn);
            if let Some(peer) = t.peer {
                m.kern[peer].watchers.push(conn);
            }
            let local = c.local().unwrap();
            check_result("local_addr (after connect)", &local, false)?;
            if let Ok(local) = local {
                m.kern[meta.kid].addr = Some(local.to_string());
            }
            if let Dgram::Connected(c) = &c {
                let p = c.peer_addr();
                let same = matches!(&p, Ok(p) if p.to_string() == t.desc);
                prop_assert!(
                    same,
                    "{} to {} succeeded, then peer_addr: {p:?}",
                    mode.call(),
                    t.desc
                );
            }
            Ok(Done::keep(c))
        }
        Err(e) => {
            m.release(meta, false);
            check(mode.call(), e.error(), false)?;
            Ok(Done::gone())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The test

/// This process's directory for Unix socket files; removed when dropped.
struct Root(PathBuf);

impl Root {
    fn new(test: &str) -> Root {
        let dir =
            std::env::temp_dir().join(format!("typesock-model-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Root(dir)
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run_case(ops: &[Op], root: &Path, nobody: &Nobody) -> Result<(), TestCaseError> {
    static CASE: AtomicUsize = AtomicUsize::new(0);
    let case = CASE.fetch_add(1, Ordering::Relaxed);
    let dir = root.join(format!("case{case}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut m = Model::new(Ctx {
        dir: dir.clone(),
        case,
        next: 0,
        nobody,
    });
    let result = ops.iter().enumerate().try_for_each(|(n, op)| {
        m.step(op).map_err(|e| match e {
            TestCaseError::Fail(r) => {
                TestCaseError::fail(format!("op #{n} {op:?} {}", r.message()))
            }
            other => other,
        })
    });
    drop(m);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The random search: 128 cases of up to 99 ops by default (`PROPTEST_CASES` overrides),
/// well under a second in debug; a failure is shrunk for at most 15 s. Nothing is written
/// to disk: no regression files (the counterexamples found are replayed below instead).
/// `--nocapture` shows what ran: the calls made by kind, state and op, and the errors.
#[test]
fn allowed_calls_never_get_a_wrong_state_error() {
    let root = Root::new("search");
    let nobody = Nobody::new();
    let mut config = Config {
        failure_persistence: None,
        max_shrink_iters: 1024,
        max_shrink_time: 15_000,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 128;
    }
    let mut runner = TestRunner::new(config);
    let result = runner.run(&ops_strategy(), |ops| run_case(&ops, &root.0, &nobody));
    drop(root);
    for (title, table) in [("calls made", &CALLS), ("errors answered", &ERRORS)] {
        println!("{title}:");
        for (key, n) in table.lock().unwrap().iter() {
            println!("  {n:>6}  {key}");
        }
    }
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Cases the search found, replayed on every run (slot and target indices are read as in
/// the search: modulo the slots that offer the op, and the targets).
///
/// 1. A connected Unix datagram socket whose peer has closed: the first `send` answers
///    `ECONNREFUSED`, and the kernel then dissolves the association (`unix_dgram_sendmsg`
///    sets the socket's peer to NULL), so the next `send` on the `Socket<Connected,
///    UnixDatagram>` answers `ENOTCONN`, and `peer_addr` too. The peer's death changed the
///    kernel state; no type can follow that, so the crate documents it (`send`, `recv`,
///    `peer_addr`) and the check allows `ENOTCONN` there once the peer is known gone, as it
///    does for a TCP connection's peer.
const COUNTEREXAMPLES: &[&[Op]] = &[&[
    Op::New(NewKind::UnixDatagram), // A
    Op::Bind(0, false),             // A: Bound, to a path
    Op::New(NewKind::UnixDatagram), // B
    Op::Connect(1, 1),              // B (the second slot offering connect) to A: Connected
    Op::Close(0),                   // A closes
    Op::Send(0),                    // B: ECONNREFUSED, and the kernel disconnects B
    Op::Send(0),                    // B, still typed Connected: ENOTCONN
]];

#[test]
fn counterexamples_found_by_the_search() {
    let root = Root::new("replay");
    let nobody = Nobody::new();
    let failures: Vec<String> = COUNTEREXAMPLES
        .iter()
        .filter_map(|ops| match run_case(ops, &root.0, &nobody) {
            Ok(()) => None,
            Err(e) => Some(format!("{e}\n  ops: {ops:?}")),
        })
        .collect();
    drop(root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
