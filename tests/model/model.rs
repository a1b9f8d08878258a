//! The model: what the suite knows besides the typed sockets (which kernel socket each handle
//! is, which connections are whole, how full each listener's queue may be), the check made
//! on every error, and the step that runs one op on the pool.

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::path::PathBuf;
use std::sync::Mutex;

use proptest::prop_assert;
use proptest::test_runner::TestCaseError;
use typesock::{Bound, Socket, Tcp, Udp, Unbound, UnixDatagram, UnixStream};

use crate::WRONG_STATE;
use crate::common::loopback_for;
use crate::dgram::dgram_op;
use crate::kinds::{Tag, TestKind};
use crate::ops::{NewKind, Op};
use crate::pool::{Opts, Slot};
use crate::stream::stream_op;

/// Addresses where nothing listens: ports bound once and closed again, per kind and family.
pub(crate) struct Nobody {
    pub(crate) tcp: [SocketAddr; 2],
    pub(crate) udp: [SocketAddr; 2],
}

impl Nobody {
    pub(crate) fn new() -> Nobody {
        let tcp = |v6| {
            TcpListener::bind(loopback_for(v6))
                .unwrap()
                .local_addr()
                .unwrap()
        };
        let udp = |v6| {
            UdpSocket::bind(loopback_for(v6))
                .unwrap()
                .local_addr()
                .unwrap()
        };
        Nobody {
            tcp: [tcp(false), tcp(true)],
            udp: [udp(false), udp(true)],
        }
    }
}

pub(crate) struct Ctx<'n> {
    /// This case's directory for Unix socket files.
    pub(crate) dir: PathBuf,
    pub(crate) case: usize,
    pub(crate) next: usize,
    pub(crate) nobody: &'n Nobody,
}

/// What the model knows of a handle besides its typed socket.
#[derive(Clone, Debug)]
pub(crate) struct Meta {
    pub(crate) v6: bool,
    /// The kernel socket (shared by `try_clone` duplicates).
    pub(crate) kid: usize,
    /// Stream kinds: the connection this end belongs to. Datagram kinds: the association
    /// with the peer `connect` named.
    pub(crate) conn: Option<usize>,
    /// A connect in flight (`Connecting`) to one of the pool's TCP or Unix listeners.
    pub(crate) listener: Option<usize>,
}

struct Entry {
    sock: Slot,
    meta: Meta,
}

/// One kernel socket: how many handles the pool holds to it, and its address.
pub(crate) struct Kern {
    tag: Tag,
    pub(crate) handles: usize,
    /// The address others reach it at: set at bind (and, for datagram kinds, at connect).
    pub(crate) addr: Option<String>,
    pub(crate) listener: Option<ListenerInfo>,
    /// Associations (datagram `connect`s) that end when this socket's last handle closes.
    pub(crate) watchers: Vec<usize>,
}

/// A listening socket's queue, as far as the model can tell.
pub(crate) struct ListenerInfo {
    pub(crate) backlog: usize,
    /// An upper bound on the connections completed and not yet accepted.
    pub(crate) queued: usize,
    /// Connects in flight to it (`Connecting` handles).
    pub(crate) inflight: usize,
    /// Connections not accepted yet: (connection, client address). TCP's `accept` is matched
    /// by the client's address, a Unix listener's in order (its queue is FIFO and a Unix
    /// connect is queued synchronously).
    pub(crate) pending: VecDeque<(usize, Option<String>)>,
}

/// What an op leaves: the slot's socket in its next state (or nothing: closed), and new
/// handles for the pool (an accepted connection, a duplicate).
pub(crate) struct Done<T> {
    pub(crate) keep: Option<T>,
    pub(crate) spawned: Vec<(T, Meta)>,
    /// The state does not offer the op: no call was made.
    skipped: bool,
}

impl<T> Done<T> {
    pub(crate) fn keep(t: T) -> Self {
        Done {
            keep: Some(t),
            spawned: Vec::new(),
            skipped: false,
        }
    }
    pub(crate) fn gone() -> Self {
        Done {
            keep: None,
            spawned: Vec::new(),
            skipped: false,
        }
    }
    pub(crate) fn skip(t: T) -> Self {
        Done {
            skipped: true,
            ..Done::keep(t)
        }
    }
}

/// What a `connect`, `connect_timeout`, `connect_nonblocking` or `send_to` aims at.
pub(crate) struct Target<K: TestKind> {
    pub(crate) addr: K::Target,
    pub(crate) desc: String,
    /// The pool's live listener at that address (stream kinds).
    pub(crate) listener: Option<usize>,
    /// The pool's live socket at that address (datagram kinds).
    pub(crate) peer: Option<usize>,
}

pub(crate) struct Model<'n> {
    ctx: Ctx<'n>,
    pool: Vec<Entry>,
    pub(crate) kern: Vec<Kern>,
    /// Whether each connection is still whole. A stream connection is marked broken (and
    /// stays so) as soon as either end closes, is dropped, shuts a direction down, or reads
    /// the end of the stream or a reset; or when the listener it waits in closes. A datagram
    /// association, when its peer's last handle closes. Conservative: marked broken is "may
    /// be gone", never "is surely alive".
    pub(crate) conns: Vec<bool>,
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
pub(crate) fn check(call: &str, e: &io::Error, peer_gone: bool) -> Result<(), TestCaseError> {
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
pub(crate) static CALLS: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
pub(crate) static ERRORS: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());

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

pub(crate) fn check_result<T>(
    call: &str,
    r: &io::Result<T>,
    peer_gone: bool,
) -> Result<(), TestCaseError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) => check(call, e, peer_gone),
    }
}

/// Calls the setter `which` (modulo their number) of the ones offered.
pub(crate) fn set_option(mut v: Opts<'_>, which: usize) -> Result<(), TestCaseError> {
    let (name, set) = v.swap_remove(which % v.len());
    check_result(name, &set(), false)
}

impl<'n> Model<'n> {
    pub(crate) fn new(ctx: Ctx<'n>) -> Self {
        Model {
            ctx,
            pool: Vec::new(),
            kern: Vec::new(),
            conns: Vec::new(),
        }
    }

    pub(crate) fn new_kern(&mut self, tag: Tag) -> usize {
        self.kern.push(Kern {
            tag,
            handles: 1,
            addr: None,
            listener: None,
            watchers: Vec::new(),
        });
        self.kern.len() - 1
    }

    pub(crate) fn new_conn(&mut self) -> usize {
        self.conns.push(true);
        self.conns.len() - 1
    }

    pub(crate) fn peer_gone(&self, meta: &Meta) -> bool {
        meta.conn.is_none_or(|c| !self.conns[c])
    }

    pub(crate) fn broken(&mut self, meta: &Meta) {
        if let Some(c) = meta.conn {
            self.conns[c] = false;
        }
    }

    /// A handle is closed (close, drop, a failed connect or shutdown, a final shutdown).
    pub(crate) fn release(&mut self, meta: &Meta, stream: bool) {
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
    pub(crate) fn finished(&mut self, meta: &mut Meta) {
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

    pub(crate) fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
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
pub(crate) fn bind<K: TestKind>(
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
