//! Signals interrupting blocking calls (`EINTR`), following std's conventions: `accept` and
//! `connect` go on (a connect in flight is waited for, never retried into `EALREADY`); a data
//! call returns `Interrupted` for the caller to retry (`read_exact` and `write_all` do).
//!
//! A no-op `SIGUSR1` handler is installed without `SA_RESTART`, so the kernel really returns
//! `EINTR`, and the signal is sent to the blocked thread with `pthread_kill`.

use std::io;
use std::os::unix::thread::JoinHandleExt;
use std::sync::Once;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use typesock::Socket;

mod common;

extern "C" fn ignore(_: libc::c_int) {}

fn install_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: a zeroed sigaction is valid; the handler is an async-signal-safe no-op and
        // SA_RESTART is left out on purpose.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = ignore as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            assert_eq!(
                libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()),
                0
            );
        }
    });
}

/// Sends SIGUSR1 to `thread` every 20 ms for `how_long`, checking that `rx` stays quiet (the
/// thread is still blocked).
fn interrupt_for<T>(thread: libc::pthread_t, rx: &mpsc::Receiver<T>, how_long: Duration) -> usize
where
    T: std::fmt::Debug,
{
    let end = Instant::now() + how_long;
    let mut sent = 0;
    while Instant::now() < end {
        // SAFETY: the thread is alive (it has not reported), and SIGUSR1 has a handler.
        assert_eq!(unsafe { libc::pthread_kill(thread, libc::SIGUSR1) }, 0);
        sent += 1;
        if let Ok(early) = rx.recv_timeout(Duration::from_millis(20)) {
            panic!("the blocked call returned on a signal: {early:?}");
        }
    }
    sent
}

#[test]
fn accept_goes_on_after_a_signal() {
    install_handler();
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let result = listener
            .accept()
            .map(|(_, peer)| peer)
            .map_err(|e| e.to_string());
        tx.send(result).unwrap();
    });
    thread::sleep(Duration::from_millis(50));
    let sent = interrupt_for(handle.as_pthread_t(), &rx, Duration::from_millis(300));
    assert!(sent >= 5);
    let client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let peer = rx.recv_timeout(Duration::from_secs(5)).unwrap().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
    handle.join().unwrap();
}

#[test]
fn read_returns_interrupted_like_std() {
    install_handler();
    let listener = common::listener();
    let mut client = Socket::tcp_v4()
        .unwrap()
        .connect(listener.local_addr().unwrap())
        .unwrap();
    let (_server, _) = listener.accept().unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let result = client.read(&mut [0; 8]).map_err(|e| e.kind());
        tx.send(result).unwrap();
    });
    thread::sleep(Duration::from_millis(100));
    let deadline = Instant::now() + Duration::from_secs(5);
    let result = loop {
        // SAFETY: the thread is alive until it reports, and SIGUSR1 has a handler.
        unsafe { libc::pthread_kill(handle.as_pthread_t(), libc::SIGUSR1) };
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(result) => break result,
            Err(_) if Instant::now() < deadline => continue,
            Err(_) => panic!("the read never returned"),
        }
    };
    assert_eq!(result, Err(io::ErrorKind::Interrupted));
    handle.join().unwrap();
}

#[test]
fn connect_in_flight_goes_on_after_a_signal() {
    install_handler();
    // A listener with a full queue drops SYNs: a blocking connect to it waits in the kernel
    // (the SYN is sent again after a second), so there is time to interrupt it.
    let (listener, _queued) = common::full_listener();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let result = Socket::tcp_v4()
            .unwrap()
            .connect(addr)
            .map(|_| ())
            .map_err(|e| e.to_string());
        tx.send(result).unwrap();
    });
    thread::sleep(Duration::from_millis(50));
    interrupt_for(handle.as_pthread_t(), &rx, Duration::from_millis(300));
    // Make room: the next SYN the kernel sends again gets through.
    listener.set_nonblocking(true).unwrap();
    while listener.accept().is_ok() {}
    let result = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("connect never finished");
    assert_eq!(
        result,
        Ok(()),
        "an interrupted connect must finish, not fail"
    );
    handle.join().unwrap();
}

#[test]
fn connect_timeout_keeps_its_deadline_through_signals() {
    install_handler();
    // A full queue again: the connect neither succeeds nor fails, so only the timeout ends
    // it. Signals interrupt the wait many times; it must resume for the time left, neither
    // failing with Interrupted nor ending early, nor restarting the full timeout each time.
    let (listener, _queued) = common::full_listener();
    let addr = listener.local_addr().unwrap();
    let timeout = Duration::from_millis(600);
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let start = Instant::now();
        let result = Socket::tcp_v4()
            .unwrap()
            .connect_timeout(addr, timeout)
            .map(|_| ())
            .map_err(|e| e.kind());
        tx.send((result, start.elapsed())).unwrap();
    });
    thread::sleep(Duration::from_millis(20));
    let sent = interrupt_for(handle.as_pthread_t(), &rx, Duration::from_millis(400));
    assert!(sent >= 5, "only {sent} signals sent");
    let (result, waited) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(result, Err(io::ErrorKind::TimedOut));
    assert!(
        waited >= timeout,
        "timed out after {waited:?}, before {timeout:?}"
    );
    // Had each signal restarted the whole wait, the last one (at ~420 ms) would push the
    // end past 1 s; the bound leaves room for a loaded machine below that.
    assert!(
        waited < timeout + Duration::from_millis(300),
        "timed out after {waited:?}: the signals restarted the wait"
    );
    handle.join().unwrap();
}
