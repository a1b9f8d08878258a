//! The evidence of the rule table (`src/state/rules.rs`): each test observes the kernel on
//! loopback. Where the type allows an operation, the test shows it takes effect; where the
//! type refuses it, the test makes the same call behind the type's back (through
//! `socket2::SockRef`, from the socket's `AsFd`) and shows the kernel failing or ignoring it.

mod common;

use std::io::{self, Read};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use socket2::SockRef;
use typesock::{Disconnected, FinishError, Socket, Udp};

use common::{errno, loopback, loopback_v6, tcp_pair, unix_stream_pair};

/// Writes without blocking until the kernel refuses more: the bytes the kernel queues for a
/// peer that does not read. Bounded by `limit` bytes.
fn queued<S: typesock::State, K: typesock::Kind>(socket: &Socket<S, K>, limit: usize) -> usize {
    let socket = SockRef::from(socket);
    socket.set_nonblocking(true).unwrap();
    let chunk = [0u8; 16 * 1024];
    let mut total = 0;
    while total < limit {
        match socket.send(&chunk) {
            Ok(n) => total += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
    }
    total
}

#[test]
fn bind_twice_is_einval() {
    let bound = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let again = SockRef::from(&bound).bind(&loopback().into());
    assert_eq!(errno(again), Some(libc::EINVAL));
}

#[test]
fn listen_outside_bound_is_wrong() {
    // An unbound TCP socket that listens is bound to a port the kernel picks.
    let unbound = Socket::tcp_v4().unwrap();
    SockRef::from(&unbound).listen(8).unwrap();
    let picked = SockRef::from(&unbound).local_addr().unwrap();
    assert_ne!(picked.as_socket().unwrap().port(), 0);
    // A connected one cannot listen.
    let (client, _server) = tcp_pair();
    assert_eq!(errno(SockRef::from(&client).listen(8)), Some(libc::EINVAL));
    // Nor can an unbound Unix stream socket.
    let unix = Socket::unix_stream().unwrap();
    assert_eq!(errno(SockRef::from(&unix).listen(8)), Some(libc::EINVAL));
}

#[test]
fn accept_before_listen_is_einval() {
    let bound = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    assert_eq!(errno(SockRef::from(&bound).accept()), Some(libc::EINVAL));
}

#[test]
fn stream_connects_once_datagram_again() {
    let listener = common::listener();
    let (client, _server) = common::connected_pair(&listener);
    let again = SockRef::from(&client).connect(&listener.local_addr().unwrap().into());
    assert_eq!(errno(again), Some(libc::EISCONN));
    assert_eq!(
        errno(SockRef::from(&listener).connect(&listener.local_addr().unwrap().into())),
        Some(libc::EISCONN)
    );

    // A datagram socket re-connects, typed, and keeps its local port.
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let b = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let client = Socket::udp_v4()
        .unwrap()
        .connect(a.local_addr().unwrap())
        .unwrap();
    let port = client.local_addr().unwrap();
    let client = client.connect(b.local_addr().unwrap()).unwrap();
    assert_eq!(client.local_addr().unwrap(), port);
    assert_eq!(client.peer_addr().unwrap(), b.local_addr().unwrap());
    client.send(b"to b").unwrap();
    let mut buf = [0; 8];
    b.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!((&buf[..n], from), (&b"to b"[..], port));
}

/// A port that refuses: bound, never listening.
fn refusing() -> (Socket<typesock::Bound>, SocketAddr) {
    let bound = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let addr = bound.local_addr().unwrap();
    (bound, addr)
}

#[test]
fn finish_reports_a_refusal() {
    let (_held, addr) = refusing();
    let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
    match connecting.wait(Some(Duration::from_secs(5))) {
        Err(FinishError::Failed(e)) => {
            assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused);
            // The kernel still tells where the connect was going (SO_PEERNAME).
            assert_eq!(e.addr(), Some(addr.to_string().as_str()), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn take_error_while_connecting_erases_the_refusal() {
    let (_held, addr) = refusing();
    let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
    let mut pollfd = libc::pollfd {
        fd: connecting.as_raw_fd(),
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid pollfd, for one call.
    assert_eq!(unsafe { libc::poll(&mut pollfd, 1, 5000) }, 1);
    // Behind the type's back: SO_ERROR read and cleared before `finish` reads it.
    let taken = SockRef::from(&connecting).take_error().unwrap();
    assert_eq!(taken.unwrap().kind(), io::ErrorKind::ConnectionRefused);
    assert!(SockRef::from(&connecting).take_error().unwrap().is_none());
}

#[test]
fn read_on_a_listener_is_enotconn() {
    let listener = common::listener();
    let mut buf = [0; 8];
    let read = (&*SockRef::from(&listener)).read(&mut buf);
    assert_eq!(errno(read), Some(libc::ENOTCONN));
}

#[test]
fn write_after_shutdown_write_is_epipe() {
    let (client, _server) = tcp_pair();
    let read_only = client.shutdown_write().unwrap();
    let sent = SockRef::from(&read_only).send_with_flags(b"x", libc::MSG_NOSIGNAL);
    assert_eq!(errno(sent), Some(libc::EPIPE));
}

#[test]
fn shutdown_before_connect_is_enotconn() {
    let bound = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    for how in [std::net::Shutdown::Read, std::net::Shutdown::Write] {
        assert_eq!(
            errno(SockRef::from(&bound).shutdown(how)),
            Some(libc::ENOTCONN)
        );
    }
}

#[test]
fn unbound_udp_send_to_binds_behind_the_type() {
    let receiver = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let unbound = Socket::udp_v4().unwrap();
    SockRef::from(&unbound)
        .send_to(b"x", &receiver.local_addr().unwrap().into())
        .unwrap();
    let local = SockRef::from(&unbound).local_addr().unwrap();
    assert_ne!(local.as_socket().unwrap().port(), 0, "sendto bound it");
}

#[test]
fn send_before_connect_is_edestaddrreq() {
    let bound = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    assert_eq!(
        errno(SockRef::from(&bound).send(b"x")),
        Some(libc::EDESTADDRREQ)
    );
}

/// One `sendmmsg(2)` of one datagram, to `to` or (`None`) to the connected peer, made
/// behind the type's back.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
fn raw_sendmmsg(fd: std::os::fd::RawFd, to: Option<&socket2::SockAddr>) -> io::Result<usize> {
    let mut payload = *b"x";
    let mut iov = libc::iovec {
        iov_base: payload.as_mut_ptr().cast(),
        iov_len: payload.len(),
    };
    // SAFETY: `mmsghdr` is plain old data; all zeroes is a valid value.
    let mut header: libc::mmsghdr = unsafe { std::mem::zeroed() };
    header.msg_hdr.msg_iov = &mut iov;
    header.msg_hdr.msg_iovlen = 1;
    if let Some(to) = to {
        header.msg_hdr.msg_name = to.as_ptr().cast_mut().cast();
        header.msg_hdr.msg_namelen = to.len();
    }
    // SAFETY: the header points at a live iovec and, if any, a live address of its length.
    let n = unsafe { libc::sendmmsg(fd, &mut header, 1, 0) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[test]
fn unbound_udp_send_batch_binds_behind_the_type() {
    let receiver = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let unbound = Socket::udp_v4().unwrap();
    let to = socket2::SockAddr::from(receiver.local_addr().unwrap());
    assert_eq!(raw_sendmmsg(unbound.as_raw_fd(), Some(&to)).unwrap(), 1);
    let local = SockRef::from(&unbound).local_addr().unwrap();
    assert_ne!(local.as_socket().unwrap().port(), 0, "sendmmsg bound it");
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[test]
fn send_batch_before_connect_is_edestaddrreq() {
    let bound = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    assert_eq!(
        errno(raw_sendmmsg(bound.as_raw_fd(), None)),
        Some(libc::EDESTADDRREQ)
    );
}

#[test]
fn disconnect_drops_a_port_the_kernel_picked() {
    let server = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let to = server.local_addr().unwrap();

    // Bound to a port the kernel picked: after disconnect, the socket is unbound again.
    let picked = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    match picked.connect(to).unwrap().disconnect().unwrap() {
        Disconnected::Unbound(socket) => {
            let local = SockRef::from(&socket).local_addr().unwrap();
            assert_eq!(local.as_socket().unwrap().port(), 0);
            let _rebound = socket.bind(loopback()).unwrap();
        }
        Disconnected::Bound(socket) => panic!("still bound: {socket:?}"),
    }

    // Bound to an explicit port: the port stays, and the socket is bound.
    let holder = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let port = holder.local_addr().unwrap();
    drop(holder);
    let explicit = Socket::udp_v4().unwrap().bind(port).unwrap();
    match explicit.connect(to).unwrap().disconnect().unwrap() {
        Disconnected::Bound(socket) => {
            assert_eq!(socket.local_addr().unwrap(), port);
            // It sends to anyone again; its old peer's address is no longer implied.
            assert_eq!(
                errno(SockRef::from(&socket).send(b"x")),
                Some(libc::EDESTADDRREQ)
            );
            socket.send_to(b"again", to).unwrap();
        }
        Disconnected::Unbound(socket) => panic!("unbound: {socket:?}"),
    }
}

#[test]
fn unbound_local_addr_is_unspecified() {
    let unbound = Socket::tcp_v4().unwrap();
    let local = SockRef::from(&unbound).local_addr().unwrap();
    let local = local.as_socket().unwrap();
    assert!(local.ip().is_unspecified());
    assert_eq!(local.port(), 0);
}

#[test]
fn peer_addr_before_connect_is_enotconn() {
    let bound = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    assert_eq!(
        errno(SockRef::from(&bound).peer_addr()),
        Some(libc::ENOTCONN)
    );
    let listener = common::listener();
    assert_eq!(
        errno(SockRef::from(&listener).peer_addr()),
        Some(libc::ENOTCONN)
    );
}

#[test]
fn reuse_address_before_bind_binds_over_time_wait() {
    // The server side closes first, so its port is held in TIME_WAIT. A server that is to
    // be restarted sets the option on every incarnation (the TIME_WAIT socket keeps it).
    let listener = Socket::tcp_v4().unwrap();
    listener.set_reuse_address(true).unwrap();
    let listener = listener.bind(loopback()).unwrap().listen(8).unwrap();
    let addr = listener.local_addr().unwrap();
    let (client, server) = common::connected_pair(&listener);
    drop(listener);
    server.close().unwrap();
    let mut buf = [0; 1];
    let mut client = client;
    assert_eq!(client.read(&mut buf).unwrap(), 0);
    drop(client);

    let plain = Socket::tcp_v4().unwrap().bind(addr);
    assert_eq!(plain.unwrap_err().kind(), io::ErrorKind::AddrInUse);
    // Set after bind, the option cannot help a bind that already failed: set it first.
    let reusing = Socket::tcp_v4().unwrap();
    reusing.set_reuse_address(true).unwrap();
    let _restarted = reusing.bind(addr).unwrap().listen(8).unwrap();
}

#[test]
fn only_v6_after_bind_is_einval() {
    let bound = Socket::tcp_v6().unwrap().bind(loopback_v6()).unwrap();
    assert_eq!(
        errno(SockRef::from(&bound).set_only_v6(true)),
        Some(libc::EINVAL)
    );
}

/// The receive window scale this side announced in the handshake (`TCP_INFO`).
fn rcv_wscale<S: typesock::State>(socket: &Socket<S>) -> u8 {
    // SAFETY: all zeroes is a valid tcp_info.
    let mut info: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut len = size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` and `len` are valid for writes, and `len` holds the size of `info`.
    let r = unsafe {
        libc::getsockopt(
            socket.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&raw mut info).cast(),
            &mut len,
        )
    };
    assert_eq!(r, 0, "{}", io::Error::last_os_error());
    // `tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4`: the receive scale is the high nibble.
    info.tcpi_snd_rcv_wscale >> 4
}

#[test]
fn tcp_recv_buffer_after_connect_keeps_the_window_scale() {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();

    let default = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let default_scale = rcv_wscale(&default);

    // Set before connect, a small buffer is announced with a small scale.
    let small = Socket::tcp_v4().unwrap();
    small.set_recv_buffer_size(4096).unwrap();
    let small = small.connect(addr).unwrap();
    assert!(
        rcv_wscale(&small) < default_scale,
        "{} vs {default_scale}",
        rcv_wscale(&small)
    );

    // Set after connect (behind the type), the scale agreed in the handshake stays.
    let late = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    SockRef::from(&late).set_recv_buffer_size(4096).unwrap();
    assert_eq!(rcv_wscale(&late), default_scale);
}

#[test]
fn unix_recv_buffer_changes_nothing() {
    let (writer, _reader) = unix_stream_pair();
    let default = queued(&writer, 64 << 20);
    for size in [4096, 4 << 20] {
        let (writer, reader) = unix_stream_pair();
        SockRef::from(&reader).set_recv_buffer_size(size).unwrap();
        let n = queued(&writer, 64 << 20);
        assert!(
            n.abs_diff(default) <= default / 20,
            "SO_RCVBUF {size} on the reader: {n} queued vs {default}"
        );
    }
}

#[test]
fn send_buffer_after_connect_grows_the_queue() {
    // Unix: the writer's SO_SNDBUF, set once connected, bounds its queue.
    let (writer, _reader) = unix_stream_pair();
    let default = queued(&writer, 64 << 20);
    let (writer, _reader) = unix_stream_pair();
    writer.set_send_buffer_size(16 * 1024).unwrap();
    let small = queued(&writer, 64 << 20);
    assert!(small < default / 2, "{small} vs {default}");
    let (writer, _reader) = unix_stream_pair();
    writer
        .set_send_buffer_size(common::buffer_size(default * 4))
        .unwrap();
    let large = queued(&writer, 64 << 20);
    assert!(large > default, "{large} vs {default}");

    // TCP: the same, once connected.
    let listener = Socket::tcp_v4().unwrap();
    listener.set_recv_buffer_size(4096).unwrap();
    let listener = listener.bind(loopback()).unwrap().listen(8).unwrap();
    let (writer, _reader) = common::connected_pair(&listener);
    let default = queued(&writer, 64 << 20);
    let (writer, _reader) = common::connected_pair(&listener);
    writer.set_send_buffer_size(16 * 1024).unwrap();
    let small = queued(&writer, 64 << 20);
    assert!(small < default / 2, "TCP: {small} vs {default}");
}

#[test]
fn read_timeout_bounds_accept() {
    let listener = common::listener();
    listener
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let start = Instant::now();
    let err = listener.accept().unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(50), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[test]
fn write_timeout_bounds_a_full_send() {
    let (mut writer, _reader) = unix_stream_pair();
    writer
        .set_write_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let start = Instant::now();
    let chunk = vec![0u8; 1 << 20];
    let mut result = Ok(());
    for _ in 0..64 {
        result = writer.write_all(&chunk);
        if result.is_err() {
            break;
        }
    }
    assert_eq!(result.unwrap_err().kind(), io::ErrorKind::WouldBlock);
    assert!(start.elapsed() < Duration::from_secs(5));
}

/// Sends 1 MiB and closes with `linger`, while the peer reads only after a pause: what
/// the peer gets.
fn linger_outcome(linger: Duration) -> (usize, io::Result<()>) {
    let listener = Socket::tcp_v4().unwrap();
    listener.set_recv_buffer_size(64 * 1024).unwrap();
    let listener = listener.bind(loopback()).unwrap().listen(8).unwrap();
    let (client, mut server) = common::connected_pair(&listener);
    client.set_linger(Some(linger)).unwrap();
    let sender = std::thread::spawn(move || {
        let mut client = client;
        client.set_nonblocking(true).unwrap();
        let data = vec![7u8; 1 << 20];
        let mut sent = 0;
        // Queue what the kernel takes without waiting, then close with data unsent.
        while sent < data.len() {
            match client.write(&data[sent..]) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => panic!("{e}"),
            }
        }
        client.set_nonblocking(false).unwrap();
        client.close().unwrap();
        sent
    });
    std::thread::sleep(Duration::from_millis(100));
    let mut got = Vec::new();
    server
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let end = server.read_to_end(&mut got).map(|_| ());
    let sent = sender.join().unwrap();
    assert!(got.len() <= sent);
    (got.len(), end.map(|()| assert_eq!(got.len(), sent)))
}

#[test]
fn linger_below_a_second_keeps_the_data() {
    // The kernel counts whole seconds: 500 ms is refused, never rounded (down, it would be
    // the zero that resets), and the linger stays off.
    let probe = Socket::tcp_v4().unwrap();
    let err = probe
        .set_linger(Some(Duration::from_millis(500)))
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
    assert_eq!(probe.linger().unwrap(), None);

    // A second: every byte arrives, then a clean end of stream.
    let (_, end) = linger_outcome(Duration::from_secs(1));
    end.unwrap();
    // Zero is what resets.
    let (_, end) = linger_outcome(Duration::ZERO);
    assert_eq!(end.unwrap_err().kind(), io::ErrorKind::ConnectionReset);
}

#[test]
fn adopted_std_types_are_checked() {
    // A UDP socket is no listener, whatever std type it is dressed as.
    let udp =
        Socket::<typesock::Bound, Udp>::try_from(std::net::UdpSocket::bind(loopback()).unwrap())
            .unwrap();
    let fake = std::net::TcpListener::from(std::os::fd::OwnedFd::from(udp));
    let err = Socket::<typesock::Listening>::try_from(fake).unwrap_err();
    assert!(err.to_string().contains("SOCK_DGRAM"), "{err}");
    let _back: std::net::TcpListener = err.into_inner();
}

#[test]
fn std_types_of_other_states_fail() {
    // A `TcpStream` made of a listener: every read is `ENOTCONN`.
    let listener = Socket::tcp_v4()
        .unwrap()
        .bind(loopback())
        .unwrap()
        .listen(1)
        .unwrap();
    let mut stream = std::net::TcpStream::from(std::os::fd::OwnedFd::from(listener));
    assert_eq!(errno(stream.read(&mut [0; 1])), Some(libc::ENOTCONN));

    // A `TcpListener` made of a connected socket: `accept` is `EINVAL`.
    let (client, _server) = tcp_pair();
    let listener = std::net::TcpListener::from(std::os::fd::OwnedFd::from(client));
    assert_eq!(errno(listener.accept()), Some(libc::EINVAL));
}

#[test]
fn tcp_listener_buffers_reach_the_sockets_it_accepts() {
    let plain = common::listener();
    let (_client, default) = common::connected_pair(&plain);
    let default_scale = rcv_wscale(&default);

    // Set after `listen`: the sockets accepted later inherit both (they are the listener's
    // clones), and the receive buffer sets the window scale announced in the SYN-ACK.
    let listener = common::listener();
    listener.set_recv_buffer_size(4096).unwrap();
    listener.set_send_buffer_size(16384).unwrap();
    let (_client, accepted) = common::connected_pair(&listener);
    eprintln!(
        "accepted: rcv_wscale {} (default {default_scale}), SO_RCVBUF {} (default {}), \
         SO_SNDBUF {} (default {})",
        rcv_wscale(&accepted),
        accepted.recv_buffer_size().unwrap(),
        default.recv_buffer_size().unwrap(),
        accepted.send_buffer_size().unwrap(),
        default.send_buffer_size().unwrap(),
    );
    assert!(rcv_wscale(&accepted) < default_scale);
    assert_eq!(
        accepted.recv_buffer_size().unwrap(),
        listener.recv_buffer_size().unwrap()
    );
    assert_eq!(
        accepted.send_buffer_size().unwrap(),
        listener.send_buffer_size().unwrap()
    );
    assert_ne!(
        accepted.send_buffer_size().unwrap(),
        default.send_buffer_size().unwrap()
    );
}

#[test]
fn unix_listener_send_buffer_changes_nothing() {
    // A Unix listener's SO_SNDBUF (behind the type) is not what its accepted sockets get:
    // the kernel makes each of them anew (`unix_stream_connect`).
    let name = common::abstract_name("listener-sndbuf");
    let listener = common::unix_listener(name.clone(), 8);
    let (_w, plain) = unix_stream_pair();
    SockRef::from(&listener)
        .set_send_buffer_size(16384)
        .unwrap();
    let _client = Socket::unix_stream().unwrap().connect(name).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    assert_eq!(
        accepted.send_buffer_size().unwrap(),
        plain.send_buffer_size().unwrap()
    );
}
