//! The datagram kinds (`Udp`, `UnixDatagram`): each op on a datagram socket, and what it
//! leaves.

use proptest::prop_assert;
use proptest::test_runner::TestCaseError;
use typesock::kind::{DatagramKind, UncoalescedKind};
use typesock::state::CanConnect;
use typesock::{FinishError, Socket};

use crate::kinds::TestKind;
use crate::model::{Done, Meta, Model, Target, bind, check, check_result, set_option};
use crate::ops::{Mode, Op};
use crate::pool::{Dgram, Opts};
use crate::{CONNECT_TIMEOUT, WAIT};

pub(crate) fn dgram_op<K: TestKind<Sock = Dgram<K>> + DatagramKind + UncoalescedKind>(
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
