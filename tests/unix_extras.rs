//! The Unix extras on real sockets: pairs, `UnixSeqpacket`, descriptor passing (`SCM_RIGHTS`)
//! within the process and across a child process, peer credentials and `MSG_PEEK`.
//!
//! Only Unix sockets and loopback are used; every wait is bounded. The tests that count the
//! process's descriptors (`/proc/self/fd`) hold the descriptor lock alone
//! (`common::descriptors_alone`), and every other test holds it shared, so that the counts see
//! no other test's descriptors while the rest run in parallel.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::process::{self, Command, Stdio};
use std::time::{Duration, Instant};

use typesock::{Connected, FdBuf, Listening, ReadOnly, Socket, UnixSeqpacket, UnixStream};

mod common;
use common::{
    TempPath, descriptors_alone, descriptors_shared, loopback, open_descriptors, tcp_listener,
    unix_listener,
};

fn is_cloexec(fd: BorrowedFd<'_>) -> bool {
    // SAFETY: `fd` is open for the call; F_GETFD takes no argument.
    let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) };
    assert!(flags >= 0, "{}", io::Error::last_os_error());
    flags & libc::FD_CLOEXEC != 0
}

/// (device, inode) of the file a descriptor refers to.
fn identity(fd: BorrowedFd<'_>) -> (u64, u64) {
    let meta = File::from(fd.try_clone_to_owned().unwrap())
        .metadata()
        .unwrap();
    (meta.dev(), meta.ino())
}

/// A new file of this test's own under the temp dir, open for reading and writing; removed
/// when the path is dropped.
fn temp_file(name: &str) -> (TempPath, File) {
    let path = TempPath::new(name);
    let file = File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .unwrap();
    (path, file)
}

// ---------------------------------------------------------------------------------------
// Allocation counting, for the receive path (as in tests/alloc.rs).

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::allocations_in;

// ---------------------------------------------------------------------------------------
// Pairs and seqpacket.

#[test]
fn pairs_are_connected_and_close_on_exec() {
    let _fds = descriptors_shared();
    let (mut a, mut b) = Socket::unix_stream_pair().unwrap();
    a.write_all(b"stream").unwrap();
    let mut buf = [0; 6];
    b.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"stream");

    let (c, d) = Socket::unix_datagram_pair().unwrap();
    c.send(b"datagram").unwrap();
    assert_eq!(d.recv(&mut [0; 64]).unwrap(), 8);

    let (e, f) = Socket::unix_seqpacket_pair().unwrap();
    f.send(b"seqpacket").unwrap();
    assert_eq!(e.recv(&mut [0; 64]).unwrap(), 9);

    for fd in [
        a.as_fd(),
        b.as_fd(),
        c.as_fd(),
        d.as_fd(),
        e.as_fd(),
        f.as_fd(),
    ] {
        assert!(is_cloexec(fd));
    }
    assert!(a.peer_addr().unwrap().is_unnamed());
    assert!(format!("{e:?}").starts_with("Socket<Connected, UnixSeqpacket>"));
}

#[test]
fn seqpacket_keeps_message_boundaries() {
    let _fds = descriptors_shared();
    let path = TempPath::new("seqpacket.sock");
    let listener = Socket::unix_seqpacket()
        .unwrap()
        .bind(&path)
        .unwrap()
        .listen(4)
        .unwrap();
    let client = Socket::unix_seqpacket().unwrap().connect(&path).unwrap();
    let (server, peer) = listener.accept().unwrap();
    assert!(peer.is_unnamed());
    assert_eq!(client.peer_addr().unwrap().as_pathname(), Some(path.path()));

    let messages: Vec<Vec<u8>> = [1, 100, 4096, 3, 17]
        .iter()
        .enumerate()
        .map(|(i, &len)| vec![i as u8 + 1; len])
        .collect();
    for message in &messages {
        assert_eq!(client.send(message).unwrap(), message.len());
    }
    let mut buf = [0; 8192];
    for message in &messages {
        let n = server.recv(&mut buf).unwrap();
        assert_eq!(&buf[..n], message.as_slice(), "one recv, one whole message");
    }

    // A message longer than the buffer is cut, and the rest of it is gone: the next receive
    // starts the next message.
    client.send(b"0123456789").unwrap();
    client.send(b"next").unwrap();
    let mut small = [0; 4];
    assert_eq!(server.recv(&mut small).unwrap(), 4);
    assert_eq!(&small, b"0123");
    assert_eq!(server.recv(&mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"next");

    // Half-close: the server sees the end, and can still answer.
    let client = client.shutdown_write().unwrap();
    assert_eq!(server.recv(&mut buf).unwrap(), 0);
    server.send(b"bye").unwrap();
    assert_eq!(client.recv(&mut buf).unwrap(), 3);

    // A seqpacket listener is adopted as one, and as nothing else.
    let fd = OwnedFd::from(listener);
    let err = Socket::<Listening, UnixStream>::try_from(fd).unwrap_err();
    assert!(err.to_string().contains("SOCK_SEQPACKET"), "{err}");
    let listener = Socket::<Listening, UnixSeqpacket>::try_from(err.into_fd()).unwrap();
    assert_eq!(
        listener.local_addr().unwrap().as_pathname(),
        Some(path.path())
    );
}

// ---------------------------------------------------------------------------------------
// Credentials and peek.

#[test]
fn credentials_are_the_processes_own() {
    let _fds = descriptors_shared();
    // SAFETY: getuid and getgid cannot fail and touch no memory.
    let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
    let pid = Some(process::id());

    let (a, b) = Socket::unix_stream_pair().unwrap();
    let (c, d) = Socket::unix_seqpacket_pair().unwrap();
    let path = TempPath::new("cred.sock");
    let listener = unix_listener(&path, 4);
    let client = Socket::unix_stream().unwrap().connect(&path).unwrap();
    let (server, _) = listener.accept().unwrap();

    for cred in [&a, &b, &client, &server]
        .map(|s| s.peer_credentials().unwrap())
        .into_iter()
        .chain([&c, &d].map(|s| s.peer_credentials().unwrap()))
    {
        assert_eq!((cred.uid(), cred.gid(), cred.pid()), (uid, gid, pid));
    }
}

#[test]
fn peek_leaves_the_data_in_place() {
    let _fds = descriptors_shared();
    let mut three = [0; 3];
    let mut five = [0; 5];

    // Byte streams: TCP on loopback and a Unix stream pair.
    let listener = tcp_listener(loopback(), 4);
    let mut tcp = Socket::tcp_v4()
        .unwrap()
        .connect(listener.local_addr().unwrap())
        .unwrap();
    let (mut tcp_server, _) = listener.accept().unwrap();
    let (mut us_a, mut us_b) = Socket::unix_stream_pair().unwrap();
    tcp.write_all(b"hello").unwrap();
    for _ in 0..2 {
        assert_eq!(tcp_server.peek(&mut three).unwrap(), 3);
        assert_eq!(&three, b"hel");
    }
    tcp_server.read_exact(&mut five).unwrap();
    assert_eq!(&five, b"hello");
    us_a.write_all(b"hello").unwrap();
    assert_eq!(us_b.peek(&mut three).unwrap(), 3);
    assert_eq!(&three, b"hel");
    us_b.read_exact(&mut five).unwrap();
    assert_eq!(&five, b"hello");

    // A half-closed stream still peeks.
    us_b.write_all(b"hello").unwrap();
    let us_a = us_a.shutdown_write().unwrap();
    assert_eq!(us_a.peek(&mut three).unwrap(), 3);
    let mut us_a = us_a;
    us_a.read_exact(&mut five).unwrap();
    assert_eq!(&five, b"hello");

    // Message kinds: the start of the next message, which stays whole.
    let (d_a, d_b) = Socket::unix_datagram_pair().unwrap();
    let (s_a, s_b) = Socket::unix_seqpacket_pair().unwrap();
    let udp_server = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let udp = Socket::udp_v4()
        .unwrap()
        .connect(udp_server.local_addr().unwrap())
        .unwrap();
    udp_server
        .send_to(b"hello", udp.local_addr().unwrap())
        .unwrap();
    d_a.send(b"hello").unwrap();
    s_a.send(b"hello").unwrap();
    assert_eq!(d_b.peek(&mut three).unwrap(), 3);
    assert_eq!(s_b.peek(&mut three).unwrap(), 3);
    assert_eq!(udp.peek(&mut three).unwrap(), 3);
    assert_eq!(&three, b"hel");
    assert_eq!(d_b.recv(&mut five).unwrap(), 5);
    assert_eq!(s_b.recv(&mut five).unwrap(), 5);
    assert_eq!(udp.recv(&mut five).unwrap(), 5);
    assert_eq!(&five, b"hello");

    // peek_from on bound datagram sockets: the sender, and the datagram still queued.
    let (pa, pb) = (TempPath::new("peek-a.sock"), TempPath::new("peek-b.sock"));
    let ua = Socket::unix_datagram().unwrap().bind(&pa).unwrap();
    let ub = Socket::unix_datagram().unwrap().bind(&pb).unwrap();
    ua.send_to(b"hello", &pb).unwrap();
    let (n, from) = ub.peek_from(&mut three).unwrap();
    assert_eq!((n, from.as_pathname()), (3, Some(pa.path())));
    let (n, from) = ub.recv_from(&mut five).unwrap();
    assert_eq!(
        (&five[..n], from.as_pathname()),
        (&b"hello"[..], Some(pa.path()))
    );

    let ia = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    ia.send_to(b"hello", udp_server.local_addr().unwrap())
        .unwrap();
    assert_eq!(
        udp_server.peek_from(&mut three).unwrap(),
        (3, ia.local_addr().unwrap())
    );
    assert_eq!(
        udp_server.recv_from(&mut five).unwrap(),
        (5, ia.local_addr().unwrap())
    );
    assert_eq!(&five, b"hello");
}

// ---------------------------------------------------------------------------------------
// Descriptor passing in one process.

#[test]
fn descriptors_pass_on_every_unix_kind() {
    let _fds = descriptors_shared();
    let (_path, file) = temp_file("pass.txt");
    let want = identity(file.as_fd());
    let mut buf = [0; 16];

    fn check<const N: usize>(fds: &mut FdBuf<N>, count: usize, want: (u64, u64)) {
        assert_eq!(fds.len(), count);
        for fd in fds.drain() {
            assert_eq!(identity(fd.as_fd()), want);
            assert!(
                is_cloexec(fd.as_fd()),
                "received descriptors are close-on-exec"
            );
        }
        assert!(fds.is_empty());
    }

    let mut fds = FdBuf::<4>::new();
    let (a, b) = Socket::unix_stream_pair().unwrap();
    assert_eq!(
        a.send_with_fds(b"stream", &[file.as_fd(), file.as_fd()])
            .unwrap(),
        6
    );
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 6);
    check(&mut fds, 2, want);

    let (a, b) = Socket::unix_datagram_pair().unwrap();
    a.send_with_fds(b"dgram", &[file.as_fd()]).unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 5);
    check(&mut fds, 1, want);

    let (a, b) = Socket::unix_seqpacket_pair().unwrap();
    a.send_with_fds(
        b"seq",
        &[file.as_fd(), file.as_fd(), file.as_fd(), file.as_fd()],
    )
    .unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 3);
    check(&mut fds, 4, want);

    // Data without descriptors is an ordinary message.
    a.send_with_fds(b"plain", &[]).unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 5);
    assert!(fds.is_empty());

    // send_to_with_fds from a bound datagram socket, with the sender's address.
    let (pa, pb) = (TempPath::new("fds-a.sock"), TempPath::new("fds-b.sock"));
    let da = Socket::unix_datagram().unwrap().bind(&pa).unwrap();
    let db = Socket::unix_datagram().unwrap().bind(&pb).unwrap();
    da.send_to_with_fds(b"to b", &[file.as_fd()], &pb).unwrap();
    let (n, from) = db.recv_from_with_fds(&mut buf, &mut fds).unwrap();
    assert_eq!(
        (&buf[..n], from.as_pathname()),
        (&b"to b"[..], Some(pa.path()))
    );
    check(&mut fds, 1, want);

    // Refused before any syscall: descriptors with no data, and more than SCM_MAX_FD.
    let err = a.send_with_fds(b"", &[file.as_fd()]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let many = vec![file.as_fd(); 254];
    let err = a.send_with_fds(b"x", &many).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("253"), "{err}");
    // 253 is allowed.
    a.send_with_fds(b"x", &many[..253]).unwrap();
    let mut big = FdBuf::<253>::new();
    assert_eq!(b.recv_with_fds(&mut buf, &mut big).unwrap(), 1);
    assert_eq!(big.len(), 253);
    drop(big);
}

#[test]
fn received_sockets_are_adopted_typed() {
    let _fds = descriptors_shared();
    let listener = tcp_listener(loopback(), 4);
    let (a, b) = Socket::unix_stream_pair().unwrap();
    a.send_with_fds(b"L", &[listener.as_fd()]).unwrap();
    let mut fds = FdBuf::<1>::new();
    assert_eq!(b.recv_with_fds(&mut [0; 4], &mut fds).unwrap(), 1);

    // Offered as the wrong kind, refused and handed back; then adopted as what it is.
    let err = Socket::<Listening, UnixStream>::try_from(fds.take(0).unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("listening AF_INET SOCK_STREAM"),
        "{err}"
    );
    let adopted = Socket::<Listening>::try_from(err.into_fd()).unwrap();
    drop(listener);

    // The adopted copy is the same listening socket: it accepts.
    let addr = adopted.local_addr().unwrap();
    let mut client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let (mut conn, _) = adopted.accept().unwrap();
    conn.write_all(b"ok").unwrap();
    let mut buf = [0; 2];
    client.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ok");
}

#[test]
fn receiving_descriptors_allocates_nothing() {
    let _fds = descriptors_shared();
    let (_path, file) = temp_file("alloc.txt");
    let (a, b) = Socket::unix_seqpacket_pair().unwrap();
    let mut fds = FdBuf::<2>::new();
    let mut buf = [0; 8];
    for _ in 0..3 {
        a.send_with_fds(b"warm", &[file.as_fd()]).unwrap();
        b.recv_with_fds(&mut buf, &mut fds).unwrap();
    }
    let allocations = allocations_in(|| {
        for _ in 0..100 {
            a.send_with_fds(b"pass", &[file.as_fd(), file.as_fd()])
                .unwrap();
            assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 4);
            assert_eq!(fds.len(), 2);
            fds.clear();
        }
    });
    assert_eq!(allocations, 0, "send_with_fds/recv_with_fds allocated");
}

// ---------------------------------------------------------------------------------------
// Descriptor counts: these hold the descriptors alone.

#[test]
fn ten_thousand_passes_leave_the_descriptor_count_unchanged() {
    let _fds = descriptors_alone();
    let (_path, file) = temp_file("count.txt");
    let want = identity(file.as_fd());
    let (a, b) = Socket::unix_stream_pair().unwrap();
    let mut fds = FdBuf::<1>::new();
    let mut buf = [0; 4];
    let before = open_descriptors();

    for round in 0..10_000 {
        assert_eq!(a.send_with_fds(b"p", &[file.as_fd()]).unwrap(), 1);
        assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 1);
        assert_eq!(fds.len(), 1);
        if round % 1000 == 0 {
            assert_eq!(identity(fds.get(0).unwrap()), want);
        }
        // Taken half of the time, left to the next receive the other half: both close it.
        if round % 2 == 0 {
            drop(fds.take(0).unwrap());
        }
    }
    drop(fds);
    assert_eq!(
        open_descriptors(),
        before,
        "10,000 passes leaked descriptors"
    );
}

#[test]
fn truncation_closes_what_arrived_and_reports_the_data() {
    let _fds = descriptors_alone();
    let (_path, file) = temp_file("trunc.txt");
    let stream = Socket::unix_stream_pair().unwrap();
    let dgram = Socket::unix_datagram_pair().unwrap();
    let seq = Socket::unix_seqpacket_pair().unwrap();
    let before = open_descriptors();

    // (sender, receiver) through closures, so the three kinds share one check.
    type Send<'a> = Box<dyn Fn(&[u8], &[BorrowedFd<'_>]) -> io::Result<usize> + 'a>;
    type Recv<'a> =
        Box<dyn Fn(&mut [u8], &mut FdBuf<1>) -> Result<usize, typesock::RecvFdsError> + 'a>;
    let kinds: [(&str, Send<'_>, Recv<'_>); 3] = [
        (
            "stream",
            Box::new(|d, f| stream.0.send_with_fds(d, f)),
            Box::new(|d, f| stream.1.recv_with_fds(d, f)),
        ),
        (
            "datagram",
            Box::new(|d, f| dgram.0.send_with_fds(d, f)),
            Box::new(|d, f| dgram.1.recv_with_fds(d, f)),
        ),
        (
            "seqpacket",
            Box::new(|d, f| seq.0.send_with_fds(d, f)),
            Box::new(|d, f| seq.1.recv_with_fds(d, f)),
        ),
    ];
    let fd = file.as_fd();
    for (kind, send, recv) in &kinds {
        // Two descriptors (which Linux still fits into the control space of one: caught as
        // an overflow) and three (MSG_CTRUNC from the kernel), into storage for one that
        // already holds a descriptor from an earlier message.
        for offered in [2, 3, 10] {
            send(b"x", &[fd]).unwrap();
            let mut fds = FdBuf::<1>::new();
            let mut buf = [0; 16];
            recv(&mut buf, &mut fds).unwrap();
            assert_eq!(fds.len(), 1);

            let many = vec![fd; offered];
            send(b"abc", &many).unwrap();
            let err = recv(&mut buf, &mut fds).unwrap_err();
            assert!(err.is_truncated(), "{kind}, {offered}: {err}");
            assert_eq!(err.received(), Some(3), "{kind}: the data is reported");
            assert_eq!(&buf[..3], b"abc");
            assert!(
                fds.is_empty(),
                "{kind}: nothing half-delivered is handed over"
            );
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
            assert!(
                err.to_string().contains("3 bytes of data were received"),
                "{err}"
            );
            let io_err = io::Error::from(err);
            assert_eq!(io_err.kind(), io::ErrorKind::InvalidData);

            // The connection goes on: the next message arrives whole.
            send(b"next", &[fd]).unwrap();
            assert_eq!(recv(&mut buf, &mut fds).unwrap(), 4, "{kind}");
            assert_eq!(identity(fds.get(0).unwrap()), identity(fd));
            drop(fds);
            assert_eq!(
                open_descriptors(),
                before,
                "{kind}, {offered}: descriptors leaked"
            );
        }
    }
    drop(kinds);
}

// ---------------------------------------------------------------------------------------
// Across a child process: the test binary runs itself again, with only the helper test.

const CHILD_ENV: &str = "TYPESOCK_EXTRAS_CHILD_SOCKET";

#[test]
fn descriptors_cross_into_a_child_process() {
    let _fds = descriptors_shared();
    let socket_path = TempPath::new("child.sock");
    let (file_path, file) = temp_file("child.txt");
    let listener = unix_listener(&socket_path, 1);
    listener.set_nonblocking(true).unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_receives_and_answers",
            "--ignored",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, socket_path.path())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();

    // Accept the child's connection, for at most 20 s.
    let deadline = Instant::now() + Duration::from_secs(20);
    let conn = loop {
        match listener.accept() {
            Ok((conn, _)) => break conn,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "the child exited early"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("no connection from the child: {e}"),
        }
    };
    conn.set_nonblocking(false).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();

    // The kernel says who connected: the child, not whoever claims to be.
    let cred = conn.peer_credentials().unwrap();
    assert_eq!(cred.pid(), Some(child.id()));

    // Parent -> child: a file the child writes into.
    conn.send_with_fds(b"file", &[file.as_fd()]).unwrap();

    // Child -> parent: one end of a socket pair the child made, adopted typed here.
    let mut fds = FdBuf::<2>::new();
    let mut buf = [0; 16];
    let n = conn.recv_with_fds(&mut buf, &mut fds).unwrap();
    assert_eq!(&buf[..n], b"pair");
    assert_eq!(fds.len(), 1);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the child did not exit");
        std::thread::sleep(Duration::from_millis(5));
    };
    // The child has exited, closing its end: the kernel shows the pair's other end shut both
    // ways, which adoption types `ReadOnly` (the greeting is still queued).
    let mut from_child = Socket::<ReadOnly, UnixStream>::try_from(fds.take(0).unwrap()).unwrap();
    from_child
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut greeting = String::new();
    from_child.read_to_string(&mut greeting).unwrap();
    assert_eq!(greeting, format!("hello from {}", child.id()));

    assert!(status.success(), "child failed: {status}");
    assert_eq!(
        fs::read_to_string(&file_path).unwrap(),
        format!("written by {} through a passed descriptor", child.id())
    );
}

/// The child's side of `descriptors_cross_into_a_child_process`: run only by it.
#[test]
#[ignore = "the child of descriptors_cross_into_a_child_process, run by it"]
fn child_receives_and_answers() {
    let path = std::env::var_os(CHILD_ENV).expect("run by descriptors_cross_into_a_child_process");
    let conn = Socket::unix_stream()
        .unwrap()
        .connect(PathBuf::from(path))
        .unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    assert_eq!(
        conn.peer_credentials().unwrap().pid(),
        Some(std::os::unix::process::parent_id())
    );

    let mut fds = FdBuf::<1>::new();
    let mut buf = [0; 16];
    let n = conn.recv_with_fds(&mut buf, &mut fds).unwrap();
    assert_eq!(&buf[..n], b"file");
    let fd = fds.take(0).expect("a descriptor from the parent");
    assert!(is_cloexec(fd.as_fd()));
    let mut file = File::from(fd);
    write!(
        file,
        "written by {} through a passed descriptor",
        process::id()
    )
    .unwrap();

    let (mut mine, theirs) = Socket::unix_stream_pair().unwrap();
    conn.send_with_fds(b"pair", &[theirs.as_fd()]).unwrap();
    drop(theirs);
    write!(mine, "hello from {}", process::id()).unwrap();
}

// ---------------------------------------------------------------------------------------
// Truncation of the data, and what the socket's options add to the control data.

#[test]
fn a_message_longer_than_the_buffer_says_it_was_truncated() {
    let _fds = descriptors_shared();
    let (_path, file) = temp_file("trunc.txt");
    let mut buf = [0; 4];
    let mut fds = FdBuf::<1>::new();
    assert!(!fds.is_truncated());

    let (a, b) = Socket::unix_datagram_pair().unwrap();
    a.send_with_fds(b"0123456789", &[]).unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 4);
    assert!(fds.is_truncated(), "10 bytes into 4 on a datagram socket");
    a.send_with_fds(b"abcd", &[file.as_fd()]).unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 4);
    assert!(!fds.is_truncated(), "4 bytes into 4");
    assert_eq!(fds.len(), 1);

    let (a, b) = Socket::unix_seqpacket_pair().unwrap();
    a.send_with_fds(b"0123456789", &[file.as_fd()]).unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 4);
    assert!(fds.is_truncated(), "10 bytes into 4 on a seqpacket socket");
    assert_eq!(fds.len(), 1, "the descriptor that fit is kept");

    // A stream cuts nothing: the rest waits for the next read.
    let (a, b) = Socket::unix_stream_pair().unwrap();
    a.send_with_fds(b"0123456789", &[]).unwrap();
    assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 4);
    assert!(!fds.is_truncated());

    // recv_from_with_fds, from a bound socket.
    let (pa, pb) = (TempPath::new("trunc-a.sock"), TempPath::new("trunc-b.sock"));
    let da = Socket::unix_datagram().unwrap().bind(&pa).unwrap();
    let db = Socket::unix_datagram().unwrap().bind(&pb).unwrap();
    da.send_to_with_fds(b"0123456789", &[], &pb).unwrap();
    let (n, _) = db.recv_from_with_fds(&mut buf, &mut fds).unwrap();
    assert_eq!(n, 4);
    assert!(
        fds.is_truncated(),
        "10 bytes into 4 through recv_from_with_fds"
    );
}

/// `SO_PASSCRED` makes the kernel put an `SCM_CREDENTIALS` message before the descriptors:
/// the control space has room for it, so every descriptor that fits the `FdBuf` arrives
/// (0 into `FdBuf<1>`, 1 into `<4>`, 2 into `<8>`, and a full one), none is closed, no
/// truncation is reported, and the credentials are the caller's to read.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn passcred_leaves_room_for_the_descriptors_and_hands_over_the_credentials() {
    let _fds = descriptors_shared();
    let (_path, file) = temp_file("passcred.txt");
    // SAFETY: getuid and getgid cannot fail.
    let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
    let pid = process::id();

    macro_rules! check {
        ($kind:literal, $a:expr, $b:expr, $n:literal, $count:expr) => {{
            let (a, b) = (&$a, &$b);
            let mut fds = FdBuf::<$n>::new();
            let mut buf = [0; 8];
            let send = vec![file.as_fd(); $count];
            a.send_with_fds(b"cred", &send).unwrap();
            let got = b.recv_with_fds(&mut buf, &mut fds);
            let what = format!("{} {} fds into FdBuf<{}>", $kind, $count, $n);
            let n = got.unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!((n, fds.len()), (4, $count), "{what}");
            assert!(!fds.is_truncated(), "{what}");
            let cred = fds
                .credentials()
                .unwrap_or_else(|| panic!("{what}: no credentials"));
            assert_eq!(
                (cred.pid(), cred.uid(), cred.gid()),
                (Some(pid), uid, gid),
                "{what}"
            );
        }};
    }

    let dgram = Socket::unix_datagram_pair().unwrap();
    let stream = Socket::unix_stream_pair().unwrap();
    let seq = Socket::unix_seqpacket_pair().unwrap();
    dgram.1.set_passcred(true).unwrap();
    stream.1.set_passcred(true).unwrap();
    seq.1.set_passcred(true).unwrap();
    for count in [0, 1] {
        check!("datagram", dgram.0, dgram.1, 1, count);
        check!("stream", stream.0, stream.1, 1, count);
        check!("seqpacket", seq.0, seq.1, 1, count);
    }
    for count in [0, 1, 4] {
        check!("datagram", dgram.0, dgram.1, 4, count);
        check!("stream", stream.0, stream.1, 4, count);
        check!("seqpacket", seq.0, seq.1, 4, count);
    }
    for count in [0, 2, 8] {
        check!("datagram", dgram.0, dgram.1, 8, count);
        check!("stream", stream.0, stream.1, 8, count);
        check!("seqpacket", seq.0, seq.1, 8, count);
    }

    // One more than fits is still a truncation, and nothing stays open.
    let mut fds = FdBuf::<1>::new();
    dgram
        .0
        .send_with_fds(b"two", &[file.as_fd(), file.as_fd()])
        .unwrap();
    let err = dgram.1.recv_with_fds(&mut [0; 8], &mut fds).unwrap_err();
    assert!(err.is_truncated(), "{err}");
    assert!(fds.is_empty());

    // Without SO_PASSCRED, no credentials.
    dgram.1.set_passcred(false).unwrap();
    dgram.0.send_with_fds(b"anon", &[]).unwrap();
    dgram.1.recv_with_fds(&mut [0; 8], &mut fds).unwrap();
    assert_eq!(fds.credentials(), None);
}

/// `SO_PASSPIDFD` (Linux 6.5), from `include/uapi/asm-generic/socket.h`: the value on the
/// architectures that use the generic socket options (libc does not have it yet).
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "riscv64"
    )
))]
const SO_PASSPIDFD: libc::c_int = 76;

/// A socket that carries `SO_PASSPIDFD` from before its adoption gets a pidfd installed with
/// every message: each receive closes it, so the descriptor count does not grow, whatever
/// else comes along (descriptors, credentials).
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "riscv64"
    )
))]
#[test]
fn a_pidfd_the_kernel_adds_to_every_message_is_closed() {
    use std::os::unix::net::UnixDatagram as StdDatagram;
    use typesock::UnixDatagram;

    let _fds = descriptors_alone();
    let (_path, file) = temp_file("pidfd.txt");
    let (x, y) = StdDatagram::pair().unwrap();
    let on: libc::c_int = 1;
    // SAFETY: `y` is open; the option value is an int of the length given.
    let rc = unsafe {
        libc::setsockopt(
            y.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_PASSPIDFD,
            (&raw const on).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        let err = io::Error::last_os_error();
        eprintln!("skipped: SO_PASSPIDFD not available (Linux 6.5 or later): {err}");
        return;
    }
    let a = Socket::<Connected, UnixDatagram>::try_from(OwnedFd::from(x)).unwrap();
    let b = Socket::<Connected, UnixDatagram>::try_from(OwnedFd::from(y)).unwrap();
    let mut fds = FdBuf::<2>::new();
    let mut buf = [0; 8];
    let before = open_descriptors();
    for round in 0..5 {
        a.send_with_fds(b"plain", &[]).unwrap();
        assert_eq!(b.recv_with_fds(&mut buf, &mut fds).unwrap(), 5);
        a.send_with_fds(b"fds", &[file.as_fd(), file.as_fd()])
            .unwrap();
        let n = b.recv_with_fds(&mut buf, &mut fds).unwrap();
        assert_eq!((n, fds.len()), (3, 2), "round {round}");
        fds.clear();
        if round == 2 {
            b.set_passcred(true).unwrap();
        }
    }
    assert!(fds.credentials().is_some(), "SO_PASSCRED with SO_PASSPIDFD");
    let after = open_descriptors();
    assert_eq!(
        after, before,
        "10 receives: {before} -> {after} open descriptors"
    );
}

/// `peer_pidfd` names the peer's process: its fdinfo shows this process's pid (both ends
/// are ours), and the descriptor is close-on-exec. Skips where the kernel is older than 6.5.
#[cfg(target_os = "linux")]
#[test]
fn peer_pidfd_names_the_peer_process() {
    use std::os::fd::AsRawFd;
    let (a, _b) = typesock::Socket::unix_stream_pair().unwrap();
    let pidfd = match a.peer_pidfd() {
        Ok(fd) => fd,
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
            println!("skipped: {e}");
            return;
        }
        Err(e) => panic!("{e}"),
    };
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", pidfd.as_raw_fd())).unwrap();
    let pid = format!("Pid:\t{}", std::process::id());
    assert!(info.lines().any(|l| l == pid), "{info}");
    // SAFETY: a valid descriptor; F_GETFD reads its flags.
    let flags = unsafe { libc::fcntl(pidfd.as_raw_fd(), libc::F_GETFD) };
    assert!(flags & libc::FD_CLOEXEC != 0, "the pidfd is close-on-exec");
}
