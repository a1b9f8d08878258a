//! The TCP lifecycle against the real kernel, on 127.0.0.1 and ::1.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use typesock::{Connected, Listening, Socket, Tcp};

mod common;

use common::{
    connected_pair as pair, listener_on, loopback as loopback_v4, loopback_v6, raw, tcp_listener,
};

fn echo_round_trip(addr: SocketAddr) {
    let listener = listener_on(addr);
    let (mut client, mut server) = pair(&listener);
    assert_eq!(client.peer_addr().unwrap(), listener.local_addr().unwrap());
    assert_eq!(server.local_addr().unwrap(), listener.local_addr().unwrap());

    client.write_all(b"request").unwrap();
    let mut buf = [0; 7];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"request");
    server.write_all(b"reply").unwrap();
    let mut buf = [0; 5];
    client.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"reply");

    client.close().unwrap();
    assert_eq!(
        server.read(&mut [0; 8]).unwrap(),
        0,
        "the peer's close is EOF"
    );
    server.close().unwrap();
    listener.close().unwrap();
}

#[test]
fn lifecycle_over_ipv4() {
    echo_round_trip(loopback_v4());
}

#[test]
fn lifecycle_over_ipv6() {
    echo_round_trip(loopback_v6());
}

#[test]
fn bind_before_connect_keeps_the_chosen_address() {
    let listener = listener_on(loopback_v4());
    let bound = Socket::tcp_v4().unwrap().bind(loopback_v4()).unwrap();
    let chosen = bound.local_addr().unwrap();
    let client = bound.connect(listener.local_addr().unwrap()).unwrap();
    assert_eq!(client.local_addr().unwrap(), chosen);
    let (_server, peer) = listener.accept().unwrap();
    assert_eq!(peer, chosen);
}

#[test]
fn ipv6_socket_can_be_restricted_to_ipv6() {
    let socket = Socket::tcp_v6().unwrap();
    socket.set_only_v6(true).unwrap();
    let listener = socket.bind(loopback_v6()).unwrap().listen(4).unwrap();
    assert!(listener.only_v6().unwrap());
    let (client, _server) = pair(&listener);
    assert!(client.peer_addr().unwrap().is_ipv6());
}

#[test]
fn failed_bind_hands_the_socket_back_usable() {
    let taken = listener_on(loopback_v4());
    let taken_addr = taken.local_addr().unwrap();

    let err = Socket::tcp_v4().unwrap().bind(taken_addr).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
    assert_eq!(err.addr(), taken_addr.to_string());
    assert_eq!(
        err.to_string(),
        format!("bind to {taken_addr} failed: {}", err.error())
    );

    // The socket comes back Unbound and binds elsewhere.
    let bound = err.into_socket().bind(loopback_v4()).unwrap();
    assert_ne!(bound.local_addr().unwrap(), taken_addr);
}

#[test]
fn failed_listen_hands_the_socket_back_usable() {
    // Two sockets with SO_REUSEADDR may bind one port, but only one may listen on it.
    let first = Socket::tcp_v4().unwrap();
    first.set_reuse_address(true).unwrap();
    let first = first.bind(loopback_v4()).unwrap();
    let addr = first.local_addr().unwrap();
    let second = Socket::tcp_v4().unwrap();
    second.set_reuse_address(true).unwrap();
    let second = second.bind(addr).unwrap();
    let _listening = first.listen(8).unwrap();

    let err = second.listen(8).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AddrInUse);
    assert_eq!(err.backlog(), 8);
    assert!(
        err.to_string()
            .starts_with(&format!("listen on {addr} with backlog 8 failed: ")),
        "{err}"
    );
    // Still Bound: its address is intact, and it can still connect.
    let second = err.into_socket();
    assert_eq!(second.local_addr().unwrap(), addr);
}

#[test]
fn refused_connect_names_the_address() {
    // A port held by a bound socket that never listens: connects to it are refused, and the
    // kernel cannot pick it as a client's own port (a connect to a free port could, and
    // would then connect the socket to itself).
    let unlistened = Socket::tcp_v4().unwrap().bind(loopback_v4()).unwrap();
    let addr = unlistened.local_addr().unwrap();
    let err = Socket::tcp_v4().unwrap().connect(addr).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    assert_eq!(err.addr(), Some(addr.to_string().as_str()));
    assert!(
        err.to_string()
            .starts_with(&format!("connect to {addr} failed: ")),
        "{err}"
    );
    let io_err: io::Error = err.into();
    assert_eq!(io_err.kind(), io::ErrorKind::ConnectionRefused);
    assert!(io_err.to_string().contains(&addr.to_string()));
}

#[test]
fn errors_work_with_the_question_mark_operator() {
    fn as_io() -> io::Result<()> {
        let taken = listener_on(loopback_v4());
        let _bound = Socket::tcp_v4()?.bind(taken.local_addr()?)?;
        Ok(())
    }
    fn as_boxed() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let taken = listener_on(loopback_v4());
        let _bound = Socket::tcp_v4()?.bind(taken.local_addr()?)?;
        Ok(())
    }
    assert_eq!(as_io().unwrap_err().kind(), io::ErrorKind::AddrInUse);
    assert!(as_boxed().unwrap_err().to_string().starts_with("bind to "));
}

#[test]
fn connect_timeout_connects_in_time() {
    let listener = listener_on(loopback_v4());
    let client = Socket::tcp_v4()
        .unwrap()
        .connect_timeout(listener.local_addr().unwrap(), Duration::from_secs(5))
        .unwrap();
    assert_eq!(client.peer_addr().unwrap(), listener.local_addr().unwrap());
    // The wait left the socket blocking, as it found it.
    let mut client = client;
    client
        .set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let err = client.read(&mut [0; 1]).unwrap_err();
    assert_eq!(err.kind(), common::READ_TIMED_OUT);
}

// Windows cannot report a socket's mode, so `connect_timeout` leaves it blocking there (the
// platform table says so).
#[cfg(unix)]
#[test]
fn connect_timeout_keeps_a_nonblocking_socket_nonblocking() {
    let listener = listener_on(loopback_v4());
    let socket = Socket::tcp_v4().unwrap();
    socket.set_nonblocking(true).unwrap();
    let mut client = socket
        .connect_timeout(listener.local_addr().unwrap(), Duration::from_secs(5))
        .unwrap();
    let err = client.read(&mut [0; 1]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
}

#[test]
fn connect_timeout_refuses_a_zero_timeout() {
    let err = Socket::tcp_v4()
        .unwrap()
        .connect_timeout(loopback_v4(), Duration::ZERO)
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

#[test]
fn connect_timeout_times_out_against_a_full_backlog() {
    // A listener that never accepts, with the smallest backlog: once its queue is full the
    // kernel drops further SYNs, so a connect neither succeeds nor fails until it times out.
    let listener = tcp_listener(loopback_v4(), 0);
    let addr = listener.local_addr().unwrap();
    let timeout = Duration::from_millis(200);
    let mut held = Vec::new();
    for _ in 0..16 {
        let start = Instant::now();
        match Socket::tcp_v4().unwrap().connect_timeout(addr, timeout) {
            Ok(client) => held.push(client),
            Err(err) => {
                let waited = start.elapsed();
                assert_eq!(err.kind(), io::ErrorKind::TimedOut, "{err}");
                assert!(
                    waited >= timeout,
                    "gave up after {waited:?}, before {timeout:?}"
                );
                assert!(
                    err.to_string()
                        .starts_with(&format!("connect to {addr} failed: "))
                );
                return;
            }
        }
    }
    panic!("16 connects to a full backlog all succeeded");
}

#[test]
fn nonblocking_accept_would_block() {
    let listener = listener_on(loopback_v4());
    listener.set_nonblocking(true).unwrap();
    let err = listener.accept().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    assert_eq!(io::Error::from(err).kind(), io::ErrorKind::WouldBlock);
}

// Linux fails accept on a listener whose read half is shut down; Windows refuses the shutdown.
#[cfg(target_os = "linux")]
#[test]
fn accept_error_names_the_listener() {
    // A listener whose read half is shut down fails accept with EINVAL: a real failure, so
    // the message names the listening address.
    let listener = listener_on(loopback_v4());
    let addr = listener.local_addr().unwrap();
    socket2::SockRef::from(&listener)
        .shutdown(std::net::Shutdown::Read)
        .unwrap();
    let err = listener.accept().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("accept on {addr} failed: ")),
        "{err}"
    );
}

#[test]
fn nonblocking_connect_waits_instead_of_failing() {
    let listener = listener_on(loopback_v4());
    let socket = Socket::tcp_v4().unwrap();
    socket.set_nonblocking(true).unwrap();
    let client = socket.connect(listener.local_addr().unwrap()).unwrap();
    assert_eq!(client.peer_addr().unwrap(), listener.local_addr().unwrap());
}

#[test]
fn write_to_a_vanished_peer_is_broken_pipe() {
    let listener = listener_on(loopback_v4());
    let (mut client, server) = pair(&listener);
    // Reset the connection from the server side: SO_LINGER 0 makes close send RST.
    server.set_linger(Some(Duration::ZERO)).unwrap();
    drop(server);
    let deadline = Instant::now() + Duration::from_secs(5);
    let err = loop {
        match client.write(&[0; 1024]) {
            Ok(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(_) => panic!("writes to a reset peer kept succeeding for 5 s"),
            Err(e) => break e,
        }
    };
    assert!(
        matches!(
            err.kind(),
            io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset
        ),
        "{err}"
    );
}

/// Runs in a child process that restored SIGPIPE to its default (the test harness ignores
/// it): a write to a closed peer must return `BrokenPipe`, and the child must live. (Windows
/// has no `SIGPIPE`.)
#[cfg(unix)]
#[test]
fn write_to_a_closed_peer_raises_no_sigpipe() {
    const CHILD: &str = "TYPESOCK_SIGPIPE_CHILD";
    if std::env::var_os(CHILD).is_some() {
        // SAFETY: setting a signal disposition to its default has no preconditions.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
        let listener = listener_on(loopback_v4());
        let (mut client, server) = pair(&listener);
        drop(server);
        let mut last = Ok(0);
        for _ in 0..1000 {
            last = client.write(&[0; 4096]);
            if last.is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let err = last.expect_err("writes to a closed peer kept succeeding");
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe, "{err}");
        println!("child: write returned BrokenPipe");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "write_to_a_closed_peer_raises_no_sigpipe",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child died: {:?}\n{stdout}",
        out.status
    );
    assert!(
        stdout.contains("child: write returned BrokenPipe"),
        "{stdout}"
    );
}

#[test]
fn try_clone_shares_the_socket() {
    let listener = listener_on(loopback_v4());
    let second = listener.try_clone().unwrap();
    assert_ne!(raw(&second), raw(&listener));
    let addr = listener.local_addr().unwrap();
    let mut client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let (conn, _) = second.accept().unwrap();

    // One handle reads while the other writes.
    let writer = conn.try_clone().unwrap();
    (&writer).write_all(b"x").unwrap();
    let mut buf = [0; 1];
    client.read_exact(&mut buf).unwrap();
    client.write_all(b"y").unwrap();
    (&conn).read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"y");
}

#[cfg(unix)]
#[test]
fn sockets_are_close_on_exec_and_get_no_unasked_options() {
    use std::os::fd::AsRawFd;
    let listener = listener_on(loopback_v4());
    let (client, server) = pair(&listener);
    for fd in [listener.as_raw_fd(), client.as_raw_fd(), server.as_raw_fd()] {
        // SAFETY: F_GETFD on an open descriptor takes no argument.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
        assert!(
            flags & libc::FD_CLOEXEC != 0,
            "fd {fd} is not close-on-exec"
        );
    }
    assert!(
        !listener.reuse_address().unwrap(),
        "SO_REUSEADDR set unasked"
    );
    assert!(!client.nodelay().unwrap());
}

#[test]
fn options_are_set_where_they_take_effect() {
    let socket = Socket::tcp_v4().unwrap();
    socket.set_reuse_address(true).unwrap();
    #[cfg(unix)]
    socket.set_reuse_port(true).unwrap();
    socket.set_recv_buffer_size(128 * 1024).unwrap();
    socket.set_send_buffer_size(128 * 1024).unwrap();
    let bound = socket.bind(loopback_v4()).unwrap();
    let big = common::buffer_size(256 * 1024);
    bound.set_recv_buffer_size(big).unwrap();
    bound.set_nodelay(true).unwrap();
    bound.set_keepalive(true).unwrap();
    let listener = bound.listen(8).unwrap();
    assert!(listener.reuse_address().unwrap());
    assert!(listener.recv_buffer_size().unwrap() >= big);

    let (client, server) = pair(&listener);
    // Linux hands the listener's options down to the accepted socket.
    assert!(server.nodelay().unwrap());
    assert!(server.keepalive().unwrap());
    assert!(server.recv_buffer_size().unwrap() >= big);
    client
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    client.set_write_timeout(None).unwrap();
    assert_eq!(client.read_timeout().unwrap(), Some(Duration::from_secs(3)));
    assert_eq!(
        client
            .set_read_timeout(Some(Duration::ZERO))
            .unwrap_err()
            .kind(),
        io::ErrorKind::InvalidInput
    );
}

#[test]
fn converts_to_and_from_std() {
    let listener = listener_on(loopback_v4());
    let addr = listener.local_addr().unwrap();
    let std_listener = TcpListener::from(listener);
    assert_eq!(std_listener.local_addr().unwrap(), addr);

    let mut std_client = TcpStream::connect(addr).unwrap();
    let listener: Socket<Listening, Tcp> = Socket::try_from(std_listener).unwrap();
    let (conn, _) = listener.accept().unwrap();
    let mut std_conn = TcpStream::from(conn);
    std_conn.write_all(b"std").unwrap();
    let mut buf = [0; 3];
    std_client.read_exact(&mut buf).unwrap();

    let mut back: Socket<Connected> = Socket::try_from(std_client).unwrap();
    back.write_all(b"ok").unwrap();
    std_conn.read_exact(&mut buf[..2]).unwrap();
    assert_eq!(&buf[..2], b"ok");

    let number = raw(&back);
    #[cfg(unix)]
    let owned: std::os::fd::OwnedFd = back.into();
    #[cfg(windows)]
    let owned: std::os::windows::io::OwnedSocket = back.into();
    assert_eq!(raw(&owned), number);
}

#[test]
fn debug_shows_the_state_and_addresses() {
    let unbound = Socket::tcp_v4().unwrap();
    let fd = raw(&unbound);
    assert_eq!(
        format!("{unbound:?}"),
        format!("Socket<Unbound, Tcp> {{ fd: {fd} }}")
    );

    let listener = unbound.bind(loopback_v4()).unwrap().listen(4).unwrap();
    let addr = listener.local_addr().unwrap();
    assert_eq!(
        format!("{listener:?}"),
        format!("Socket<Listening, Tcp> {{ local: {addr}, fd: {fd} }}")
    );
    let (client, _server) = pair(&listener);
    let debug = format!("{client:?}");
    assert!(
        debug.starts_with("Socket<Connected, Tcp> { local: 127.0.0.1:"),
        "{debug}"
    );
    assert!(debug.contains(&format!("peer: {addr}")), "{debug}");
}

#[test]
fn an_address_of_the_other_family_is_explained() {
    // The family is a run-time property: the kernel's EINVAL / EAFNOSUPPORT becomes an
    // InvalidInput that says what does not match.
    let err = Socket::tcp_v6().unwrap().bind(loopback_v4()).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .contains("an IPv4 address for an IPv6 socket"),
        "{err}"
    );
    let socket = err.into_socket();
    let _bound = socket.bind(loopback_v6()).unwrap();

    let v6 = listener_on(loopback_v6());
    let err = Socket::tcp_v4()
        .unwrap()
        .connect(v6.local_addr().unwrap())
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    assert!(
        err.to_string()
            .contains("an IPv6 address for an IPv4 socket"),
        "{err}"
    );
}
