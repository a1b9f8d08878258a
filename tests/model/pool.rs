//! The typed pool: a socket of each kind in each of its states, one enum variant per state,
//! and the setters each state offers.

use std::io;
use std::time::Duration;

use typesock::kind::{ByteStreamKind, DatagramKind, InetKind};
use typesock::state::{CanSetReadTimeout, CanSetSendBuffer, CanSetWriteTimeout};
use typesock::{
    Bound, Connected, Connecting, Kind, Listening, ReadOnly, Socket, State, Tcp, Udp, Unbound,
    UnixDatagram, UnixStream, WriteOnly,
};

use crate::kinds::TestKind;
use crate::ops::Op;

/// A stream socket (`Tcp`, `UnixStream`) in each of its states.
pub(crate) enum Stream<K: Kind> {
    Unbound(Socket<Unbound, K>),
    Bound(Socket<Bound, K>),
    Listening(Socket<Listening, K>),
    Connected(Socket<Connected, K>),
    ReadOnly(Socket<ReadOnly, K>),
    WriteOnly(Socket<WriteOnly, K>),
    Connecting(Socket<Connecting, K>),
}

/// A datagram socket (`Udp`, `UnixDatagram`) in each of its states.
pub(crate) enum Dgram<K: Kind> {
    Unbound(Socket<Unbound, K>),
    Bound(Socket<Bound, K>),
    Connected(Socket<Connected, K>),
    Connecting(Socket<Connecting, K>),
}

pub(crate) enum Slot {
    Tcp(Stream<Tcp>),
    UnixStream(Stream<UnixStream>),
    Udp(Dgram<Udp>),
    UnixDatagram(Dgram<UnixDatagram>),
}

impl Slot {
    /// Whether a connect or datagram sent to this slot's address can get an answer.
    pub(crate) fn answers(&self) -> bool {
        match self {
            Slot::Tcp(s) => matches!(s, Stream::Listening(_)),
            Slot::UnixStream(s) => matches!(s, Stream::Listening(_)),
            Slot::Udp(s) => matches!(s, Dgram::Bound(_) | Dgram::Connected(_)),
            Slot::UnixDatagram(s) => matches!(s, Dgram::Bound(_) | Dgram::Connected(_)),
        }
    }

    /// Whether the slot's state offers the op: the capability table of `lib.rs`, used only
    /// to pick a slot (the op itself is made where the types allow it, a no-op elsewhere).
    pub(crate) fn offers(&self, op: &Op) -> bool {
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
pub(crate) type Opts<'a> = Vec<(&'static str, Box<dyn FnOnce() -> io::Result<()> + 'a>)>;

impl<K: TestKind + ByteStreamKind> Stream<K> {
    pub(crate) fn name(&self) -> &'static str {
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

    pub(crate) fn local(&self) -> Option<io::Result<K::Addr>> {
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

    pub(crate) fn peer(&self) -> Option<io::Result<K::Addr>> {
        Some(match self {
            Stream::Connected(s) => s.peer_addr(),
            Stream::ReadOnly(s) => s.peer_addr(),
            Stream::WriteOnly(s) => s.peer_addr(),
            _ => return None,
        })
    }

    pub(crate) fn take_error(&self) -> io::Result<Option<io::Error>> {
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

    pub(crate) fn try_clone(&self) -> Option<io::Result<Self>> {
        Some(match self {
            Stream::Listening(s) => s.try_clone().map(Stream::Listening),
            Stream::Connected(s) => s.try_clone().map(Stream::Connected),
            _ => return None,
        })
    }

    pub(crate) fn close(self) -> io::Result<()> {
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
    pub(crate) fn options<'a>(&'a self, v: &mut Opts<'a>) {
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
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Dgram::Unbound(_) => "Unbound",
            Dgram::Bound(_) => "Bound",
            Dgram::Connected(_) => "Connected",
            Dgram::Connecting(_) => "Connecting",
        }
    }

    pub(crate) fn local(&self) -> Option<io::Result<K::Addr>> {
        Some(match self {
            Dgram::Unbound(_) => return None,
            Dgram::Bound(s) => s.local_addr(),
            Dgram::Connected(s) => s.local_addr(),
            Dgram::Connecting(s) => s.local_addr(),
        })
    }

    pub(crate) fn take_error(&self) -> io::Result<Option<io::Error>> {
        match self {
            Dgram::Unbound(s) => s.take_error(),
            Dgram::Bound(s) => s.take_error(),
            Dgram::Connected(s) => s.take_error(),
            // The type refuses it: the pending error is the connect's outcome.
            Dgram::Connecting(_) => Ok(None),
        }
    }

    pub(crate) fn close(self) -> io::Result<()> {
        match self {
            Dgram::Unbound(s) => s.close(),
            Dgram::Bound(s) => s.close(),
            Dgram::Connected(s) => s.close(),
            Dgram::Connecting(s) => s.close(),
        }
    }

    pub(crate) fn options<'a>(&'a self, v: &mut Opts<'a>) {
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
        "set_read_timeout(100ms)",
        Box::new(|| s.set_read_timeout(Some(Duration::from_millis(100)))),
    ));
}

fn write_timeout_option<'a, S: CanSetWriteTimeout<K>, K: Kind>(
    s: &'a Socket<S, K>,
    v: &mut Opts<'a>,
) {
    v.push((
        "set_write_timeout(100ms)",
        Box::new(|| s.set_write_timeout(Some(Duration::from_millis(100)))),
    ));
}

/// The options `bind(2)` reads, on an unbound `Tcp` or `Udp` socket. `set_only_v6` on an
/// IPv4 socket fails at run time (`ENOPROTOOPT`): the family is not in the type.
pub(crate) fn inet_before_bind<'a, K: InetKind>(s: &'a Socket<Unbound, K>, v: &mut Opts<'a>) {
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
