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
//!
//! The files follow the suite's parts: `ops.rs` (the ops and their strategies), `pool.rs` (the
//! typed pool), `kinds.rs` (what differs between the kinds), `model.rs` (the model, the check
//! and the step), `stream.rs` and `dgram.rs` (the ops on each family of kinds), and this file
//! (the tests).
//!
//! Linux and Android only: the suite binds to abstract names, which only they have.
#![cfg(any(target_os = "linux", target_os = "android"))]

#[path = "../common/mod.rs"]
mod common;
mod dgram;
mod kinds;
mod model;
mod ops;
mod pool;
mod stream;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use proptest::test_runner::{Config, TestCaseError, TestRunner};

use common::TempPath;
use model::{CALLS, Ctx, ERRORS, Model, Nobody};
use ops::{NewKind, Op, ops_strategy};

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
// The test

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
    let root = TempPath::dir("model-search");
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
    let result = runner.run(&ops_strategy(), |ops| run_case(&ops, &root, &nobody));
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
    let root = TempPath::dir("model-replay");
    let nobody = Nobody::new();
    let failures: Vec<String> = COUNTEREXAMPLES
        .iter()
        .filter_map(|ops| match run_case(ops, &root, &nobody) {
            Ok(()) => None,
            Err(e) => Some(format!("{e}\n  ops: {ops:?}")),
        })
        .collect();
    drop(root);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
