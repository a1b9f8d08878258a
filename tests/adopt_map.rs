//! The adoption map, one test per row: each builds the kernel state for real, adopts the
//! descriptor as the one state the map gives it, and checks that the types next to it (the
//! ones adoption gave it before the map) refuse it. Linux only: the map reads `TCP_INFO`,
//! `POLLRDHUP` and `SO_PROTOCOL`, which the other platforms spell differently or lack.
#![cfg(target_os = "linux")]

mod common;

use std::io::{self, Read};
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::Duration;

use socket2::{Domain, Protocol, Type};
use typesock::{
    AdoptError, Bound, Connected, Connecting, Kind, Listening, ReadOnly, Socket, State, Tcp, Udp,
    UdpGro, Unbound, UnixSeqpacket, UnixStream, WriteOnly,
};

use common::{UnixName, loopback, tcp_pair, unix_stream_pair};

/// Adopts `fd` as `Socket<S, K>`, or panics with the refusal.
fn adopt<S: State, K: Kind>(fd: OwnedFd) -> Socket<S, K>
where
    Socket<S, K>: TryFrom<OwnedFd, Error = AdoptError>,
{
    match Socket::<S, K>::try_from(fd) {
        Ok(socket) => socket,
        Err(err) => panic!("refused as Socket<{}, {}>: {err}", S::NAME, K::NAME),
    }
}

/// Asserts that `fd` is refused as `Socket<S, K>`, with an `InvalidInput` error whose message
/// names `found`; returns the descriptor, handed back.
fn refuse<S: State, K: Kind>(fd: OwnedFd, found: &str) -> OwnedFd
where
    Socket<S, K>: TryFrom<OwnedFd, Error = AdoptError>,
{
    match Socket::<S, K>::try_from(fd) {
        Ok(socket) => panic!(
            "adopted as Socket<{}, {}>, expected a refusal naming {found:?}: {socket:?}",
            S::NAME,
            K::NAME
        ),
        Err(err) => {
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
            assert!(err.found().contains(found), "{err}");
            err.into_fd()
        }
    }
}

/// Shuts down `fd` with `how` behind the type's back (the process that handed it over did).
fn shutdown(fd: &OwnedFd, how: libc::c_int) {
    // SAFETY: a valid descriptor and a valid `how`; no memory is passed.
    assert_eq!(unsafe { libc::shutdown(fd.as_raw_fd(), how) }, 0);
}

/// A connected pair whose reads give up after 5 s.
fn pair() -> (Socket<Connected>, Socket<Connected>) {
    let (client, server) = tcp_pair();
    for socket in [&client, &server] {
        socket
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
    }
    (client, server)
}

/// Reads until end of stream or an error (a timed-out read is one).
fn read_to_end(socket: &mut impl Read) -> io::Result<()> {
    let mut buf = [0; 64];
    loop {
        if socket.read(&mut buf)? == 0 {
            return Ok(());
        }
    }
}

#[test]
fn a_connect_in_flight_is_connecting_not_bound() {
    // A listener with a full accept queue drops further SYNs: their connects stay in SYN-SENT.
    let (listener, _queued) = common::full_listener();
    let addr = listener.local_addr().unwrap();
    let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
    let fd = OwnedFd::from(connecting);
    let fd = refuse::<Bound, Tcp>(fd, "a connecting AF_INET SOCK_STREAM socket");
    let fd = refuse::<Connected, Tcp>(fd, "a connecting");
    let connecting: Socket<Connecting> = adopt(fd);
    assert!(connecting.local_addr().unwrap().port() != 0);
}

#[test]
fn a_stream_shut_for_writing_is_read_only() {
    let (client, mut server) = pair();
    let fd = OwnedFd::from(client);
    shutdown(&fd, libc::SHUT_WR);
    let fd = refuse::<Connected, Tcp>(fd, "a read-only AF_INET SOCK_STREAM socket");
    let mut client: Socket<ReadOnly> = adopt(fd);
    read_to_end(&mut server).unwrap();
    server.write_all(b"still read").unwrap();
    let mut buf = [0; 10];
    client.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"still read");
}

#[test]
fn a_stream_shut_for_reading_is_write_only() {
    let (client, mut server) = pair();
    let fd = OwnedFd::from(client);
    shutdown(&fd, libc::SHUT_RD);
    let fd = refuse::<Connected, Tcp>(fd, "a write-only AF_INET SOCK_STREAM socket");
    let mut client: Socket<WriteOnly> = adopt(fd);
    client.write_all(b"written").unwrap();
    let mut buf = [0; 7];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"written");
}

#[test]
fn a_stream_whose_peer_shut_for_writing_is_still_connected() {
    // CLOSE-WAIT: the peer's end of stream changes nothing of what this end may do.
    let (client, server) = pair();
    let mut server = server.shutdown_write().unwrap();
    let mut client = client;
    read_to_end(&mut client).unwrap();
    let mut client: Socket<Connected> = adopt(OwnedFd::from(client));
    client.write_all(b"reply").unwrap();
    let mut buf = [0; 5];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"reply");
}

#[test]
fn a_stream_shut_down_both_ways_is_read_only_and_reads_what_is_queued() {
    let (client, mut server) = pair();
    server.write_all(b"queued").unwrap();
    let fd = OwnedFd::from(client);
    shutdown(&fd, libc::SHUT_RDWR);
    let fd = refuse::<Connected, Tcp>(fd, "a read-only AF_INET SOCK_STREAM socket");
    let fd = refuse::<WriteOnly, Tcp>(fd, "a read-only");
    let mut client: Socket<ReadOnly> = adopt(fd);
    let mut buf = [0; 6];
    client.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"queued");
}

#[test]
fn a_connection_closed_both_ways_is_refused() {
    let (client, mut server) = pair();
    let mut client = client.shutdown_write().unwrap();
    read_to_end(&mut server).unwrap();
    let _server = server.shutdown_write().unwrap();
    read_to_end(&mut client).unwrap();
    let fd = OwnedFd::from(client);
    let ended = "whose connection has ended (reset, or closed both ways)";
    let fd = refuse::<Bound, Tcp>(fd, ended);
    let fd = refuse::<Connected, Tcp>(fd, ended);
    let _ = refuse::<ReadOnly, Tcp>(fd, ended);
}

#[test]
fn a_reset_connection_is_refused() {
    // The client binds before it connects: a port `connect` picks for itself may be shared
    // with other tests' connections to other peers (and `bind` would then meet them), a port
    // `bind` picks is this socket's alone until the reset gives it back.
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    let mut client = Socket::tcp_v4()
        .unwrap()
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .unwrap()
        .connect(addr)
        .unwrap();
    let (server, _) = listener.accept().unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    server.set_linger(Some(Duration::ZERO)).unwrap();
    drop(server);
    let err = read_to_end(&mut client).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::ConnectionReset, "{err}");
    let port = client.local_addr().unwrap().port();
    let fd = OwnedFd::from(client);
    let ended = "an AF_INET SOCK_STREAM socket whose connection has ended";
    let fd = refuse::<Bound, Tcp>(fd, ended);
    let _ = refuse::<Connected, Tcp>(fd, ended);
    // What a `Socket<Bound>` would have promised and not kept: the port is free.
    let other = Socket::tcp_v4().unwrap();
    let _taken = other
        .bind(SocketAddr::from(([127, 0, 0, 1], port)))
        .unwrap();
}

#[test]
fn a_listener_shut_down_gives_its_port_back_and_is_refused() {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    let fd = OwnedFd::from(listener);
    shutdown(&fd, libc::SHUT_RDWR);
    let released = "whose port the kernel no longer holds";
    let fd = refuse::<Bound, Tcp>(fd, released);
    let _ = refuse::<Listening, Tcp>(fd, released);
    let _taken = Socket::tcp_v4().unwrap().bind(addr).unwrap();
}

#[test]
fn a_listener_on_a_chosen_port_shut_down_keeps_it_and_is_bound() {
    // A port asked for by number stays the socket's (`SOCK_BINDPORT_LOCK`): the socket is
    // bound, and listens again.
    let port = common::listener().local_addr().unwrap().port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = Socket::tcp_v4()
        .unwrap()
        .bind(addr)
        .unwrap()
        .listen(4)
        .unwrap();
    let fd = OwnedFd::from(listener);
    shutdown(&fd, libc::SHUT_RDWR);
    let bound: Socket<Bound> = adopt(fd);
    let listener = bound.listen(4).unwrap();
    let _client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let _ = listener.accept().unwrap();
}

#[test]
fn a_udp_lite_socket_is_not_udp() {
    let lite = match socket2::Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::from(136))) {
        Ok(socket) => socket,
        Err(e) => {
            eprintln!("skipped: this kernel makes no UDP-Lite socket ({e})");
            return;
        }
    };
    let fd = refuse::<Unbound, Udp>(
        lite.into(),
        "an unbound AF_INET SOCK_DGRAM IPPROTO_UDPLITE socket",
    );
    drop(fd);
}

#[test]
fn an_icmp_ping_socket_is_not_udp() {
    let ping = match socket2::Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::ICMPV4)) {
        Ok(socket) => socket,
        Err(e) => {
            eprintln!(
                "skipped: ping sockets are not allowed here (net.ipv4.ping_group_range): {e}"
            );
            return;
        }
    };
    let _ = refuse::<Unbound, Udp>(
        ping.into(),
        "an unbound AF_INET SOCK_DGRAM IPPROTO_ICMP socket",
    );
}

/// A UDP socket with `UDP_GRO` on (set behind the type's back, as the process that handed
/// it over did) is a `UdpGro`: as a `Udp`, its `recv_from` would read coalesced datagrams as
/// one. With `UDP_GRO` off again, it is a `Udp` and no `UdpGro`.
#[test]
fn a_udp_socket_with_gro_on_is_udp_gro() {
    let plain = socket2::Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
    plain.bind(&loopback().into()).unwrap();
    let on: libc::c_int = 1;
    // SAFETY: a valid descriptor, and a pointer and length that describe `on`.
    let r = unsafe {
        libc::setsockopt(
            plain.as_raw_fd(),
            libc::SOL_UDP,
            libc::UDP_GRO,
            (&raw const on).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(r, 0, "{}", io::Error::last_os_error());
    let fd = refuse::<Bound, Udp>(
        plain.into(),
        "a bound AF_INET SOCK_DGRAM socket with UDP_GRO on",
    );
    let gro = adopt::<Bound, UdpGro>(fd);

    // What it receives says where each datagram ends.
    let tx = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let to = gro.local_addr().unwrap();
    tx.send_segments_to(&[9; 300], 100, to).unwrap();
    let mut buf = vec![0; 65_535];
    let mut got = 0;
    while got < 300 {
        let segments = gro.recv_segments_from(&mut buf).unwrap();
        assert_eq!(segments.segment_size(), 100, "{segments:?}");
        got += segments.len();
    }

    let udp = gro.without_gro().unwrap();
    let fd = refuse::<Bound, UdpGro>(udp.into(), "a bound AF_INET SOCK_DGRAM socket");
    let udp = adopt::<Bound, Udp>(fd);
    tx.send_segments_to(&[9; 300], 100, to).unwrap();
    for _ in 0..3 {
        assert_eq!(udp.recv_from(&mut buf).unwrap().0, 100);
    }
}

#[test]
fn an_mptcp_socket_is_tcp() {
    let mptcp = match Socket::mptcp_v4() {
        Ok(socket) => socket,
        Err(e) => {
            eprintln!("skipped: this kernel makes no MPTCP socket (net.mptcp.enabled): {e}");
            return;
        }
    };
    let bound = mptcp.bind(loopback()).unwrap();
    let bound: Socket<Bound> = adopt(OwnedFd::from(bound));
    let listener = bound.listen(4).unwrap();
    let addr = listener.local_addr().unwrap();
    let _client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let (conn, _) = listener.accept().unwrap();
    let _: Socket<Connected> = adopt(OwnedFd::from(conn));
}

#[test]
fn a_unix_listener_shut_down_is_refused() {
    let name = UnixName::new("adopt-map-shut");
    let listener = common::unix_listener(name.addr(), 4);
    let fd = OwnedFd::from(listener);
    shutdown(&fd, libc::SHUT_RDWR);
    let _ = refuse::<Listening, UnixStream>(fd, "a shut-down listening AF_UNIX SOCK_STREAM socket");
}

#[test]
fn a_unix_stream_shut_for_writing_is_read_only() {
    let (left, mut right) = unix_stream_pair();
    let fd = OwnedFd::from(left);
    shutdown(&fd, libc::SHUT_WR);
    let fd = refuse::<Connected, UnixStream>(fd, "a read-only AF_UNIX SOCK_STREAM socket");
    let mut left: Socket<ReadOnly, UnixStream> = adopt(fd);
    right.write_all(b"hi").unwrap();
    let mut buf = [0; 2];
    left.read_exact(&mut buf).unwrap();
}

#[test]
fn a_unix_stream_whose_peer_shut_for_reading_is_read_only() {
    let (left, right) = unix_stream_pair();
    let _right = right.shutdown_read().unwrap();
    let fd = refuse::<Connected, UnixStream>(OwnedFd::from(left), "a read-only");
    let _: Socket<ReadOnly, UnixStream> = adopt(fd);
}

#[test]
fn a_unix_stream_whose_peer_closed_is_read_only_and_reads_what_the_peer_sent() {
    let (left, mut right) = unix_stream_pair();
    right.write_all(b"last words").unwrap();
    drop(right);
    let fd = refuse::<Connected, UnixStream>(
        OwnedFd::from(left),
        "a read-only AF_UNIX SOCK_STREAM socket",
    );
    let mut left: Socket<ReadOnly, UnixStream> = adopt(fd);
    let mut buf = [0; 10];
    left.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"last words");
    assert_eq!(left.read(&mut buf).unwrap(), 0);
}

#[test]
fn a_seqpacket_socket_whose_peer_closed_is_read_only() {
    let (left, right) = Socket::unix_seqpacket_pair().unwrap();
    right.send(b"one").unwrap();
    drop(right);
    let fd = refuse::<Connected, UnixSeqpacket>(
        OwnedFd::from(left),
        "a read-only AF_UNIX SOCK_SEQPACKET socket",
    );
    let left: Socket<ReadOnly, UnixSeqpacket> = adopt(fd);
    let mut buf = [0; 8];
    assert_eq!(left.recv(&mut buf).unwrap(), 3);
}

#[test]
fn a_unix_stream_shut_for_reading_is_connected_as_the_kernel_shows_no_difference() {
    // Our `shutdown(SHUT_RD)` and the peer's `shutdown(SHUT_WR)` set the same flag: reads
    // then see end of stream either way, which a `Connected` socket's reads may.
    let (left, mut right) = unix_stream_pair();
    let fd = OwnedFd::from(left);
    shutdown(&fd, libc::SHUT_RD);
    let mut left: Socket<Connected, UnixStream> = adopt(fd);
    let mut buf = [0; 1];
    assert_eq!(left.read(&mut buf).unwrap(), 0);
    left.write_all(b"x").unwrap();
    right.read_exact(&mut buf).unwrap();
}

#[test]
fn a_seqpacket_socket_shut_for_writing_is_seen_as_connected() {
    // The limit of the map: a seqpacket socket's write half shows in no call that sends
    // nothing (poll(2) is silent on it, and a zero-length send is a message).
    let (left, _right) = Socket::unix_seqpacket_pair().unwrap();
    let fd = OwnedFd::from(left);
    shutdown(&fd, libc::SHUT_WR);
    let _: Socket<Connected, UnixSeqpacket> = adopt(fd);
}

#[test]
fn refusals_name_other_families_in_words() {
    // SAFETY: socket(2) with constant arguments; the result is checked and owned at once.
    let netlink = unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW, 0) };
    assert!(netlink >= 0, "{}", io::Error::last_os_error());
    // SAFETY: `netlink` is a descriptor this test just opened and owns alone.
    let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(netlink) };
    let err = Socket::<Connected, Tcp>::try_from(fd).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("found an AF_NETLINK SOCK_RAW socket"),
        "{err}"
    );
    for (family, name) in [(libc::AF_PACKET, "AF_PACKET"), (libc::AF_VSOCK, "AF_VSOCK")] {
        let ty = if family == libc::AF_PACKET {
            libc::SOCK_DGRAM
        } else {
            libc::SOCK_STREAM
        };
        // SAFETY: as above.
        let raw = unsafe { libc::socket(family, ty, 0) };
        if raw < 0 {
            eprintln!("skipped {name}: {}", io::Error::last_os_error());
            continue;
        }
        // SAFETY: as above.
        let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(raw) };
        let err = Socket::<Bound, Tcp>::try_from(fd).unwrap_err();
        assert!(err.found().starts_with(&format!("an {name} ")), "{err}");
    }
}

#[test]
fn a_pipe_is_invalid_input_with_the_kernels_error_as_source() {
    let (reader, _writer) = io::pipe().unwrap();
    let err = Socket::<Connected>::try_from(OwnedFd::from(reader)).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let source = err
        .error()
        .get_ref()
        .and_then(|e| e.downcast_ref::<io::Error>())
        .expect("the kernel's error is the source");
    assert_eq!(source.raw_os_error(), Some(libc::ENOTSOCK));
}
