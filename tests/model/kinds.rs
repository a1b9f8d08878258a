//! What differs between the kinds: how a socket of each is made, held in the pool and
//! addressed.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use typesock::{
    Address, Kind, Socket, State, Tcp, Udp, Unbound, UnixAddr, UnixDatagram, UnixStream,
};

use crate::common::{self, loopback_for};
use crate::model::Ctx;
use crate::pool::{Dgram, Opts, Slot, Stream, inet_before_bind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    Tcp,
    Udp,
    UnixStream,
    UnixDatagram,
}

pub(crate) trait TestKind: Kind + Sized {
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
        loopback_for(v6)
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
        loopback_for(v6)
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
        common::abstract_name(&format!("model-{}-{}", ctx.case, ctx.next))
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
