//! An accept loop under `EMFILE`: with the descriptor limit lowered to what the process
//! holds, `accept` fails with `is_out_of_resources()`, a loop that waits between tries
//! neither spins nor dies, and the queued connection is served once a descriptor is free.
//!
//! A file of its own: it lowers the process's `RLIMIT_NOFILE`, which no other test may see.
#![cfg(target_os = "linux")]

mod common;

use std::time::{Duration, Instant};

use typesock::Socket;

use common::loopback;

fn set_descriptor_limit(soft: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is valid for writes, then read only.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        limit.rlim_cur = soft;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
}

fn descriptor_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is valid for writes.
    assert_eq!(
        unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
        0
    );
    limit.rlim_cur
}

/// The lowest descriptor number not open: with the limit set to it, the next one fails.
fn next_descriptor() -> u64 {
    (0..)
        .find(|fd| !std::path::Path::new(&format!("/proc/self/fd/{fd}")).exists())
        .unwrap()
}

#[test]
fn an_accept_loop_under_emfile_waits_and_serves_again() {
    let listener = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let listener = listener.listen(8).unwrap();
    listener.set_nonblocking(true).unwrap();
    let mut client = Socket::tcp_v4()
        .unwrap()
        .connect(listener.local_addr().unwrap())
        .unwrap();
    // A descriptor to give back later, then the limit at the next free number.
    let spare = Socket::tcp_v4().unwrap();
    let before = descriptor_limit();
    set_descriptor_limit(next_descriptor());

    let err = listener.accept().unwrap_err();
    assert!(err.is_out_of_resources(), "{err}");
    assert_eq!(err.raw_os_error(), Some(libc::EMFILE));

    // The loop: it waits 10 ms after each refusal, for 200 ms; the accept fails each time,
    // the listener lives, and the attempts are bounded by the waits, not by the CPU.
    let started = Instant::now();
    let mut attempts = 0;
    while started.elapsed() < Duration::from_millis(200) {
        match listener.accept() {
            Err(e) if e.is_out_of_resources() => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => panic!("still out of descriptors: {other:?}"),
        }
    }
    assert!(
        (5..=25).contains(&attempts),
        "{attempts} attempts in 200 ms"
    );

    // A descriptor is free again: the queued connection is served.
    drop(spare);
    let (mut conn, _) = listener.accept().expect("served once a descriptor is free");
    set_descriptor_limit(before);
    conn.write_all(b"served").unwrap();
    drop(conn);
    let mut got = String::new();
    client.read_to_string(&mut got).unwrap();
    assert_eq!(got, "served");
}
