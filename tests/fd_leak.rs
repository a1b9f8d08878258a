//! No descriptor leaks on any path: thousands of lifecycles through every error path, then
//! the process's open descriptors (`/proc/self/fd`) are counted again.
//!
//! One test in its own binary, so that no other test opens descriptors meanwhile.

use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::time::Duration;

use typesock::{Listening, Socket, Udp};

mod common;
use common::{assert_no_descriptor_leaked, loopback, open_descriptors, tcp_listener};

#[test]
fn error_paths_leak_no_descriptor() {
    const ROUNDS: usize = 1000;
    let taken = tcp_listener(loopback(), 8);
    let taken_addr = taken.local_addr().unwrap();
    // Held bound, never listening: connects are refused, and the kernel never picks this
    // port for a client, which a freed port risks (the client would connect to itself).
    let unlistened = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let free_addr = unlistened.local_addr().unwrap();
    let too_long = std::env::temp_dir().join("l".repeat(200));
    let before = open_descriptors();

    for round in 0..ROUNDS {
        // bind: address in use; the socket comes back, then is dropped or closed.
        let err = Socket::tcp_v4().unwrap().bind(taken_addr).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
        if round % 2 == 0 {
            err.into_socket().close().unwrap();
        }

        // connect: refused.
        let err = Socket::tcp_v4().unwrap().connect(free_addr).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);

        // connect_timeout: refused.
        let err = Socket::tcp_v4()
            .unwrap()
            .connect_timeout(free_addr, Duration::from_secs(1))
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);

        // Unix path too long, for bind and connect.
        let err = Socket::unix_stream().unwrap().bind(&too_long).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        let err = Socket::unix_stream()
            .unwrap()
            .connect(&too_long)
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);

        // listen: two sockets bound to one port with SO_REUSEADDR, only one may listen.
        let first = Socket::tcp_v4().unwrap();
        first.set_reuse_address(true).unwrap();
        let first = first.bind(loopback()).unwrap();
        let second = Socket::tcp_v4().unwrap();
        second.set_reuse_address(true).unwrap();
        let second = second.bind(first.local_addr().unwrap()).unwrap();
        let _listening = first.listen(1).unwrap();
        let err = second.listen(1).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AddrInUse);

        // Failed adoption: a UDP socket offered as a TCP listener, and a file.
        let fd: OwnedFd = Socket::udp_v4().unwrap().into();
        let err = Socket::<Listening>::try_from(fd).unwrap_err();
        if round % 2 == 0 {
            drop(err.into_fd());
        }
        let err = Socket::<typesock::Bound, Udp>::try_from(OwnedFd::from(
            File::open("/dev/null").unwrap(),
        ))
        .unwrap_err();
        drop(err);

        // A non-blocking connect that fails at finish.
        let connecting = Socket::tcp_v4()
            .unwrap()
            .connect_nonblocking(free_addr)
            .unwrap();
        assert!(connecting.wait(Some(Duration::from_secs(1))).is_err());
    }

    assert_no_descriptor_leaked(before, ROUNDS);
}
