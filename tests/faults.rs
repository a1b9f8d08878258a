//! Peers that go away in the middle of an operation (Linux): a TCP reset in the middle of a
//! write, a closed UDP port in the middle of a `sendmmsg` batch, a Unix peer that closes
//! with descriptors in flight. Each time the error is reported, no descriptor leaks, and
//! the socket is what its type says; the kernel's own view of it, read by adoption (the
//! adoption map's tests are the oracle), agrees.
//!
//! The descriptor counts need the process to themselves: every test holds the descriptor
//! lock alone. Loopback only; every wait is bounded.
#![cfg(target_os = "linux")]

use std::io::{self, IoSlice};
use std::os::fd::{AsFd, OwnedFd};
use std::time::{Duration, Instant};

use typesock::{Connected, FdBuf, Socket, Udp, UnixStream};

mod common;
use common::{assert_no_descriptor_leaked, descriptors_alone, loopback, open_descriptors};

const LIMIT: Duration = Duration::from_secs(10);

/// A peer that resets (`SO_LINGER` 0, then close) while the other end writes: the write
/// fails with `ConnectionReset` or `BrokenPipe`, the socket is still `Connected` in its type
/// and its reads say the connection is gone, and the kernel, asked by adoption, says the
/// connection has ended. Ten rounds, no descriptor left behind.
#[test]
fn a_reset_in_the_middle_of_a_write_is_reported() {
    let _alone = descriptors_alone();
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    let before = open_descriptors();
    for round in 0..10 {
        let mut client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
        client.set_write_timeout(Some(LIMIT)).unwrap();
        client.set_read_timeout(Some(LIMIT)).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        server.set_linger(Some(Duration::ZERO)).unwrap();
        let resetter = std::thread::spawn(move || {
            // Take a little, so that the write is under way, then reset.
            let mut buf = [0; 4096];
            server.read_exact(&mut buf).unwrap();
            drop(server);
        });
        let data = vec![5u8; 1 << 20];
        let started = Instant::now();
        let err = loop {
            assert!(
                started.elapsed() < LIMIT,
                "round {round}: the writes never failed"
            );
            if let Err(e) = client.write_all(&data) {
                break e;
            }
        };
        resetter.join().unwrap();
        assert!(
            matches!(
                err.kind(),
                io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
            ),
            "round {round}: {err}"
        );
        // Still `Connected` in its type: reads compile, and say the connection is gone.
        match client.read(&mut [0; 16]) {
            Ok(0) => {}
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {}
            other => panic!("round {round}: a read after the reset gave {other:?}"),
        }
        // The kernel's view: a connection that has ended, which adoption refuses to call
        // connected, and hands back.
        let refused = Socket::<Connected>::try_from(OwnedFd::from(client)).unwrap_err();
        assert!(
            refused.to_string().contains("has ended"),
            "round {round}: {refused}"
        );
        drop(refused.into_fd());
    }
    assert_no_descriptor_leaked(before, 10);
}

/// A connected UDP socket whose peer's port closes in the middle of a stream of batches:
/// the ICMP error cuts a `sendmmsg` batch short (the kernel reports the count sent and
/// drops the error, sendmmsg(2): "the error code is lost"), or fails it with
/// `ConnectionRefused` when it meets the error first; a single send then reports the
/// error. The socket stays connected, as its type says and as the kernel says when
/// adopted, and its next batch goes out once the port is there again.
#[test]
fn a_closed_port_in_the_middle_of_batches_is_reported() {
    let _alone = descriptors_alone();
    let before = open_descriptors();
    let peer = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let to = peer.local_addr().unwrap();
    let client: Socket<Connected, Udp> = Socket::udp_v4().unwrap().connect(to).unwrap();
    let payload = [1u8; 100];
    let bufs = [IoSlice::new(&payload); 64];
    assert_eq!(client.send_batch(&bufs).unwrap(), 64);
    drop(peer);
    let started = Instant::now();
    let cut = loop {
        assert!(
            started.elapsed() < LIMIT,
            "no batch was cut short or refused"
        );
        match client.send_batch(&bufs) {
            Err(e) => {
                assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e}");
                break None;
            }
            Ok(n) if n < bufs.len() => break Some(n),
            Ok(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    };
    println!("the closed port cut a batch to {cut:?} datagrams");
    // One datagram at a time, the refusal itself is reported (every other send, as the
    // kernel answers each datagram's ICMP error on the next send).
    let refused = (0..100)
        .find_map(|_| client.send(&payload).err())
        .expect("a send reports the refusal");
    assert_eq!(
        refused.kind(),
        io::ErrorKind::ConnectionRefused,
        "{refused}"
    );
    assert_eq!(client.peer_addr().unwrap(), to, "still connected to it");
    // The kernel agrees: adopted as a connected UDP socket.
    let client = Socket::<Connected, Udp>::try_from(OwnedFd::from(client)).unwrap();
    // The port is back (the same address, bound again): the next batch is delivered.
    let peer = Socket::udp_v4().unwrap().bind(to).unwrap();
    peer.set_read_timeout(Some(LIMIT)).unwrap();
    // A refusal left pending by the last batch may still be reported once.
    let n = match client.send_batch(&bufs[..4]) {
        Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
            client.send_batch(&bufs[..4]).unwrap()
        }
        other => other.unwrap(),
    };
    assert_eq!(n, 4);
    let mut buf = [0; 128];
    assert_eq!(peer.recv_from(&mut buf).unwrap().0, 100);
    drop((client, peer));
    assert_no_descriptor_leaked(before, 1);
}

/// A Unix peer that takes some messages, then closes with more in flight, each carrying
/// descriptors: the sender's next send fails with `BrokenPipe` (no `SIGPIPE`), the kernel
/// closes the descriptors that were never received, and those that were received are the
/// receiver's, closed with its `FdBuf`. Twenty rounds, the count flat.
#[test]
fn a_peer_that_closes_with_descriptors_in_flight_leaks_none() {
    let _alone = descriptors_alone();
    let before = open_descriptors();
    for round in 0..20 {
        let (sender, receiver): (Socket<Connected, UnixStream>, _) = common::unix_stream_pair();
        sender.set_write_timeout(Some(LIMIT)).unwrap();
        receiver.set_read_timeout(Some(LIMIT)).unwrap();
        let passed = std::fs::File::open("/proc/self/stat").unwrap();
        let fds = [passed.as_fd(), passed.as_fd(), passed.as_fd()];
        for _ in 0..8 {
            assert_eq!(sender.send_with_fds(b"msg", &fds).unwrap(), 3);
        }
        // Take two messages, then close with six in flight.
        let mut fdbuf = FdBuf::<4>::new();
        for _ in 0..2 {
            let mut buf = [0; 3];
            assert_eq!(receiver.recv_with_fds(&mut buf, &mut fdbuf).unwrap(), 3);
            assert_eq!(fdbuf.len(), 3, "round {round}");
            fdbuf.clear();
        }
        drop(receiver);
        let err = sender.send_with_fds(b"late", &fds).unwrap_err();
        assert_eq!(
            err.kind(),
            io::ErrorKind::BrokenPipe,
            "round {round}: {err}"
        );
        drop((sender, passed));
    }
    // The kernel frees what was in flight when the receiver closed: at once here (no
    // cycle of Unix sockets holds them), checked within the limit all the same.
    let started = Instant::now();
    while open_descriptors() != before && started.elapsed() < LIMIT {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_no_descriptor_leaked(before, 20);
}
