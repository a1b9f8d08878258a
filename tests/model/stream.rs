//! The stream kinds (`Tcp`, `UnixStream`): each op on a stream socket, and what it leaves.

use std::collections::VecDeque;
use std::io::{self, Read, Write};

use proptest::prop_assert;
use proptest::test_runner::TestCaseError;
use typesock::kind::ByteStreamKind;
use typesock::state::CanConnect;
use typesock::{FinishError, Socket};

use crate::kinds::{Tag, TestKind};
use crate::model::{
    Done, ListenerInfo, Meta, Model, Target, bind, check, check_result, set_option,
};
use crate::ops::{Mode, Op};
use crate::pool::{Opts, Stream};
use crate::{CONNECT_TIMEOUT, WAIT};

pub(crate) fn stream_op<K: TestKind<Sock = Stream<K>> + ByteStreamKind>(
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
