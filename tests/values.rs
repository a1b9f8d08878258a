//! No value reaches the kernel changed for the worse: every setter that takes a duration or a
//! size, with 1 ns, 999 ms, 1.5 s and `Duration::MAX` (sizes: 0, 1, an odd value,
//! `usize::MAX`), and the waits that take a deadline.

mod common;

use std::io;
use std::time::{Duration, Instant};

use typesock::{FinishError, Socket};

use common::{loopback, tcp_pair};

const DURATIONS: [Duration; 4] = [
    Duration::from_nanos(1),
    Duration::from_millis(999),
    Duration::from_millis(1500),
    Duration::MAX,
];

/// A timeout the kernel holds is never shorter than the one asked for, and never "forever"
/// for a finite one it can hold; one too long for it is "as long as it allows".
fn check_timeout(asked: Duration, held: Option<Duration>) {
    match held {
        Some(held) => assert!(held >= asked, "asked {asked:?}, the kernel holds {held:?}"),
        // Linux holds timeouts past `MAX_SCHEDULE_TIMEOUT / HZ` seconds as "forever", and
        // reports that as 0, which socket2 reads as `None`.
        None => assert!(
            asked >= Duration::from_secs(1 << 40),
            "asked {asked:?}, the kernel holds forever"
        ),
    }
}

#[test]
fn read_and_write_timeouts_round_up_and_saturate() {
    let (client, _server) = tcp_pair();
    for asked in DURATIONS {
        client.set_read_timeout(Some(asked)).unwrap();
        check_timeout(asked, client.read_timeout().unwrap());
        client.set_write_timeout(Some(asked)).unwrap();
        check_timeout(asked, client.write_timeout().unwrap());
    }
    // The smallest timeout is small: rounded up to the kernel's tick, not to a second.
    client
        .set_read_timeout(Some(Duration::from_nanos(1)))
        .unwrap();
    let held = client.read_timeout().unwrap().unwrap();
    assert!(held <= Duration::from_millis(20), "{held:?}");
}

#[test]
fn a_sub_microsecond_timeout_times_out_instead_of_waiting_forever() {
    let socket = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_nanos(500)))
        .unwrap();
    assert!(socket.read_timeout().unwrap().is_some());
    let start = Instant::now();
    let err = socket.recv_from(&mut [0; 8]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn linger_rounds_up_to_the_second_and_saturates() {
    let socket = Socket::tcp_v4().unwrap();
    let expected = [
        Duration::from_secs(1),
        Duration::from_secs(1),
        Duration::from_secs(2),
        Duration::from_secs(i32::MAX as u64),
    ];
    for (asked, expected) in DURATIONS.into_iter().zip(expected) {
        socket.set_linger(Some(asked)).unwrap();
        assert_eq!(socket.linger().unwrap(), Some(expected), "asked {asked:?}");
    }
    socket.set_linger(Some(Duration::ZERO)).unwrap();
    assert_eq!(socket.linger().unwrap(), Some(Duration::ZERO));
    socket.set_linger(None).unwrap();
    assert_eq!(socket.linger().unwrap(), None);
}

#[test]
fn waits_with_the_longest_durations_never_panic() {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    for asked in DURATIONS {
        let client = Socket::tcp_v4()
            .unwrap()
            .connect_timeout(addr, asked)
            .unwrap();
        let _ = listener.accept().unwrap();
        drop(client);
        let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
        match connecting.wait(Some(asked)) {
            Ok(connected) => drop(connected),
            // 1 ns may pass before the handshake on loopback does.
            Err(FinishError::TimedOut { socket, .. }) if asked < Duration::from_millis(1) => {
                let _ = socket.wait(Some(Duration::from_secs(5))).unwrap();
            }
            Err(e) => panic!("wait({asked:?}): {e}"),
        }
        let _ = listener.accept().unwrap();
    }
}

#[test]
fn buffer_sizes_reach_the_kernel_unwrapped() {
    let socket = Socket::udp_v4().unwrap();
    socket.set_recv_buffer_size(1 << 20).unwrap();
    let megabyte = socket.recv_buffer_size().unwrap();
    for asked in [0, 1, 4097, usize::MAX] {
        socket.set_recv_buffer_size(asked).unwrap();
        let held = socket.recv_buffer_size().unwrap();
        assert!(held > 0, "SO_RCVBUF {asked}: {held}");
        socket.set_send_buffer_size(asked).unwrap();
        assert!(socket.send_buffer_size().unwrap() > 0);
        if asked == usize::MAX {
            // "As large as the kernel allows", never a negative int that the kernel would
            // read as a small one.
            assert!(held >= megabyte, "{held} < {megabyte}");
        }
    }
}
