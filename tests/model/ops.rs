//! The ops: the steps a sequence is made of, and the strategies that draw them.

use proptest::prelude::*;

#[derive(Clone, Copy, Debug)]
pub(crate) enum NewKind {
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
pub(crate) enum Op {
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
    pub(crate) fn slot(&self) -> usize {
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
    pub(crate) fn target(&self) -> Option<usize> {
        match *self {
            Op::Connect(_, t)
            | Op::ConnectTimeout(_, t)
            | Op::ConnectNonblocking(_, t)
            | Op::SendTo(_, t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn connect_mode(&self) -> Option<Mode> {
        match self {
            Op::Connect(..) => Some(Mode::Plain),
            Op::ConnectTimeout(..) => Some(Mode::Timeout),
            Op::ConnectNonblocking(..) => Some(Mode::Nonblocking),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Plain,
    Timeout,
    Nonblocking,
}

impl Mode {
    pub(crate) fn call(self) -> &'static str {
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
pub(crate) fn ops_strategy() -> impl Strategy<Value = Vec<Op>> {
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
