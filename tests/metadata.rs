//! What the kernel knows of each datagram (Linux, Android): destinations on a wildcard
//! socket, the traffic class and ECN bits both ways, receive timestamps; single and batched.
//! Loopback only; every receive is bounded by a read timeout.
#![cfg(any(target_os = "linux", target_os = "android"))]

use std::io::IoSliceMut;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, SystemTime};

use typesock::{Bound, Ecn, RecvMeta, SendMeta, Socket};

const LIMIT: Duration = Duration::from_secs(5);

fn bound_v4(ip: [u8; 4]) -> Socket<Bound, typesock::Udp> {
    let socket = Socket::udp_v4()
        .unwrap()
        .bind(SocketAddr::from((ip, 0)))
        .unwrap();
    socket.set_read_timeout(Some(LIMIT)).unwrap();
    socket
}

fn bound_v6(ip: Ipv6Addr, dual_stack: bool) -> Socket<Bound, typesock::Udp> {
    let socket = Socket::udp_v6().unwrap();
    socket.set_only_v6(!dual_stack).unwrap();
    let socket = socket.bind(SocketAddr::from((ip, 0))).unwrap();
    socket.set_read_timeout(Some(LIMIT)).unwrap();
    socket
}

/// On `0.0.0.0`, datagrams sent to 127.0.0.1 and to 127.0.0.2 report those destinations,
/// the loopback interface, and a reply sent from 127.0.0.2 arrives from 127.0.0.2.
#[test]
fn destinations_of_a_wildcard_socket_are_reported() {
    let server = bound_v4([0, 0, 0, 0]);
    server.set_recv_destination_v4(true).unwrap();
    assert!(server.recv_destination_v4().unwrap());
    let port = server.local_addr().unwrap().port();
    let client = bound_v4([127, 0, 0, 1]);
    let mut buf = [0; 32];
    for to in [Ipv4Addr::new(127, 0, 0, 1), Ipv4Addr::new(127, 0, 0, 2)] {
        client
            .send_to(b"where", SocketAddr::from((to, port)))
            .unwrap();
        let mut meta = RecvMeta::new();
        assert_eq!(server.recv_from_with_meta(&mut buf, &mut meta).unwrap(), 5);
        assert_eq!(meta.destination(), Some(IpAddr::V4(to)));
        assert_eq!(meta.addr().unwrap(), client.local_addr().unwrap());
        let lo = if_index("lo");
        assert_eq!(meta.interface(), Some(lo), "loopback's index");
        assert!(!meta.is_control_truncated());
        // The reply, from the address the request went to.
        let reply = SendMeta::new().with_source(IpAddr::V4(to));
        server
            .send_to_with_meta(b"here", meta.addr().unwrap(), &reply)
            .unwrap();
        let (n, from) = client.recv_from(&mut buf).unwrap();
        assert_eq!((&buf[..n], from.ip()), (&b"here"[..], IpAddr::V4(to)));
    }
    // Off again: the next datagram carries no destination, and reads as none, not 0.0.0.0.
    server.set_recv_destination_v4(false).unwrap();
    client
        .send_to(b"x", SocketAddr::from(([127, 0, 0, 2], port)))
        .unwrap();
    let mut meta = RecvMeta::new();
    server.recv_from_with_meta(&mut buf, &mut meta).unwrap();
    assert_eq!((meta.destination(), meta.interface()), (None, None));
}

/// The same on `::`, dual-stack: `::1` and an IPv4 peer (its datagrams IPv4-mapped), each
/// answered from the address it went to.
#[test]
fn destinations_on_a_dual_stack_wildcard_socket() {
    let server = bound_v6(Ipv6Addr::UNSPECIFIED, true);
    server.set_recv_destination_v6(true).unwrap();
    assert!(server.recv_destination_v6().unwrap());
    let port = server.local_addr().unwrap().port();
    let v6_client = bound_v6(Ipv6Addr::LOCALHOST, false);
    let v4_client = bound_v4([127, 0, 0, 1]);
    let mut buf = [0; 32];

    v6_client
        .send_to(b"six", SocketAddr::from((Ipv6Addr::LOCALHOST, port)))
        .unwrap();
    let mut meta = RecvMeta::new();
    server.recv_from_with_meta(&mut buf, &mut meta).unwrap();
    assert_eq!(meta.destination(), Some(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    let reply = SendMeta::new().with_source(IpAddr::V6(Ipv6Addr::LOCALHOST));
    server
        .send_to_with_meta(b"6", meta.addr().unwrap(), &reply)
        .unwrap();
    let (_, from) = v6_client.recv_from(&mut buf).unwrap();
    assert_eq!(from.ip(), IpAddr::V6(Ipv6Addr::LOCALHOST));

    let to = Ipv4Addr::new(127, 0, 0, 2);
    v4_client
        .send_to(b"four", SocketAddr::from((to, port)))
        .unwrap();
    let mut meta = RecvMeta::new();
    server.recv_from_with_meta(&mut buf, &mut meta).unwrap();
    let mapped = IpAddr::V6(to.to_ipv6_mapped());
    assert_eq!(meta.destination(), Some(mapped));
    // The IPv4 source, given as it is, goes as its mapped address on this IPv6 socket.
    let reply = SendMeta::new().with_source(IpAddr::V4(to));
    server
        .send_to_with_meta(b"4", meta.addr().unwrap(), &reply)
        .unwrap();
    let (_, from) = v4_client.recv_from(&mut buf).unwrap();
    assert_eq!(from.ip(), IpAddr::V4(to));
}

/// Datagrams sent with ECT(0), ECT(1) and CE (and a DSCP) arrive with those bits, single
/// and batched, over IPv4, IPv6, and IPv4-mapped on a dual-stack socket.
#[test]
fn traffic_class_and_ecn_arrive_as_sent() {
    let marks = [Ecn::Ect0, Ecn::Ect1, Ecn::Ce, Ecn::NotEct];
    let dscp = 0b1011_1000; // EF, 46 << 2.

    // IPv4, one at a time.
    let (a, b) = (bound_v4([127, 0, 0, 1]), bound_v4([127, 0, 0, 1]));
    b.set_recv_traffic_class_v4(true).unwrap();
    assert!(b.recv_traffic_class_v4().unwrap());
    let to = b.local_addr().unwrap();
    let mut buf = [0; 16];
    for ecn in marks {
        let meta = SendMeta::new().with_traffic_class(dscp).with_ecn(ecn);
        assert_eq!(meta.traffic_class(), Some(dscp | ecn.bits()));
        a.send_to_with_meta(b"ecn", to, &meta).unwrap();
        let mut got = RecvMeta::new();
        b.recv_from_with_meta(&mut buf, &mut got).unwrap();
        assert_eq!(got.ecn(), Some(ecn));
        assert_eq!(got.traffic_class(), Some(dscp | ecn.bits()));
    }

    // IPv4, batched: four marks, one `recvmmsg`.
    for ecn in marks {
        a.send_to_with_meta(b"batch", to, &SendMeta::new().with_ecn(ecn))
            .unwrap();
    }
    let mut bufs = [[0u8; 16]; 4];
    let mut slices = bufs.each_mut().map(|b| IoSliceMut::new(b));
    let mut meta = [const { RecvMeta::new() }; 4];
    let mut got = 0;
    for _ in 0..16 {
        if got == 4 {
            break;
        }
        got += b
            .recv_batch_from(&mut slices[got..], &mut meta[got..])
            .unwrap();
    }
    assert_eq!(got, 4);
    let ecns: Vec<_> = meta.iter().map(RecvMeta::ecn).collect();
    assert_eq!(ecns, marks.map(Some));

    // IPv6, and the IPv4-mapped datagrams of a dual-stack socket (they carry their TOS byte
    // with `IP_RECVTOS`, and take the send's `IP_TOS`).
    let server = bound_v6(Ipv6Addr::LOCALHOST, false);
    server.set_recv_traffic_class_v6(true).unwrap();
    let client = bound_v6(Ipv6Addr::LOCALHOST, false);
    let to = server.local_addr().unwrap();
    for ecn in marks {
        client
            .send_to_with_meta(b"six", to, &SendMeta::new().with_ecn(ecn))
            .unwrap();
        let mut got = RecvMeta::new();
        server.recv_from_with_meta(&mut buf, &mut got).unwrap();
        assert_eq!(got.ecn(), Some(ecn), "IPv6");
    }
    let dual = bound_v6(Ipv6Addr::UNSPECIFIED, true);
    dual.set_recv_traffic_class_v4(true).unwrap();
    dual.set_recv_traffic_class_v6(true).unwrap();
    let port = dual.local_addr().unwrap().port();
    let dual_client = bound_v6(Ipv6Addr::UNSPECIFIED, true);
    let mapped = SocketAddr::from((Ipv4Addr::LOCALHOST.to_ipv6_mapped(), port));
    for ecn in marks {
        dual_client
            .send_to_with_meta(b"mapped", mapped, &SendMeta::new().with_ecn(ecn))
            .unwrap();
        let mut got = RecvMeta::new();
        dual.recv_from_with_meta(&mut buf, &mut got).unwrap();
        assert_eq!(got.ecn(), Some(ecn), "IPv4-mapped");
    }
}

/// Batched sends with a mark each, and segmented sends with one mark for all: each datagram
/// arrives with its sender's marks, and a batch's source is the one asked for.
#[test]
fn batches_and_segments_send_their_metadata() {
    use std::io::IoSlice;
    let server = bound_v4([0, 0, 0, 0]);
    server.set_recv_traffic_class_v4(true).unwrap();
    server.set_recv_destination_v4(true).unwrap();
    let port = server.local_addr().unwrap().port();
    let to = SocketAddr::from(([127, 0, 0, 1], port));
    let client = bound_v4([127, 0, 0, 1]);
    let marks = [Ecn::Ce, Ecn::Ect0, Ecn::Ect1, Ecn::NotEct];
    let meta = marks.map(|ecn| SendMeta::new().with_ecn(ecn));
    let bufs = [b"a", b"b", b"c", b"d"].map(|b| IoSlice::new(b));
    assert_eq!(
        client
            .send_batch_to_with_meta(&bufs, &[to; 4], &meta)
            .unwrap(),
        4
    );
    let mut buf = [0; 16];
    for ecn in marks {
        let mut got = RecvMeta::new();
        server.recv_from_with_meta(&mut buf, &mut got).unwrap();
        assert_eq!(got.ecn(), Some(ecn), "batched");
    }
    let err = client
        .send_batch_to_with_meta(&bufs, &[to; 4], &meta[..3])
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);

    // Three segments of 100 bytes, CE on each; from 127.0.0.1 to the wildcard server's
    // 127.0.0.2, answered by a batch sent from 127.0.0.2.
    let payload = [9u8; 300];
    let ce = SendMeta::new().with_ecn(Ecn::Ce);
    let to_two = SocketAddr::from(([127, 0, 0, 2], port));
    client
        .send_segments_to_with_meta(&payload, 100, to_two, &ce)
        .unwrap();
    let mut from = None;
    for _ in 0..3 {
        let mut got = RecvMeta::new();
        assert_eq!(server.recv_from_with_meta(&mut buf, &mut got).unwrap(), 16);
        assert!(got.is_truncated(), "100 bytes into 16");
        assert_eq!(got.ecn(), Some(Ecn::Ce), "segmented");
        assert_eq!(got.destination(), Some(to_two.ip()));
        from = Some(got.addr().unwrap());
    }
    let two = SendMeta::new().with_source(to_two.ip());
    let replies = [IoSlice::new(b"r1"), IoSlice::new(b"r2")];
    let back = [from.unwrap(); 2];
    assert_eq!(
        server
            .send_batch_to_with_meta(&replies, &back, &[two; 2])
            .unwrap(),
        2
    );
    for _ in 0..2 {
        let (_, replier) = client.recv_from(&mut buf).unwrap();
        assert_eq!(replier, to_two, "the batch went from the source asked for");
    }
}

/// Each timestamp lies between the sender's clock before the send and the receiver's after
/// the receive; without the option there is none.
#[test]
fn timestamps_lie_between_the_send_and_the_receive() {
    let (a, b) = (bound_v4([127, 0, 0, 1]), bound_v4([127, 0, 0, 1]));
    let to = b.local_addr().unwrap();
    let mut buf = [0; 16];
    let mut meta = RecvMeta::new();
    a.send_to(b"unstamped", to).unwrap();
    b.recv_from_with_meta(&mut buf, &mut meta).unwrap();
    assert_eq!(meta.timestamp(), None, "the option is off");

    // Queued before the option was on: stamped all the same, with its arrival if another
    // socket of the machine had timestamps on then, else with the time of the receive
    // call (`false_tstamp` in `__sock_recv_timestamp`), as documented.
    let sent = SystemTime::now();
    a.send_to(b"early", to).unwrap();
    b.set_recv_timestamps(true).unwrap();
    assert!(b.recv_timestamps().unwrap());
    b.recv_from_with_meta(&mut buf, &mut meta).unwrap();
    let stamp = meta.timestamp().expect("the kernel stamps it");
    assert!(sent <= stamp && stamp <= SystemTime::now());

    for _ in 0..20 {
        let before = SystemTime::now();
        a.send_to(b"stamped", to).unwrap();
        b.recv_from_with_meta(&mut buf, &mut meta).unwrap();
        let after = SystemTime::now();
        let stamp = meta.timestamp().expect("SO_TIMESTAMPNS is on");
        assert!(
            before <= stamp && stamp <= after,
            "{before:?} <= {stamp:?} <= {after:?}"
        );
    }
}

/// Every option in one receive: all of them fit the entry, none is cut.
#[test]
fn every_option_at_once_fits() {
    let server = bound_v6(Ipv6Addr::UNSPECIFIED, true);
    server.set_recv_destination_v4(true).unwrap();
    server.set_recv_destination_v6(true).unwrap();
    server.set_recv_traffic_class_v4(true).unwrap();
    server.set_recv_traffic_class_v6(true).unwrap();
    server.set_recv_timestamps(true).unwrap();
    let port = server.local_addr().unwrap().port();
    let client = bound_v4([127, 0, 0, 1]);
    client
        .send_to_with_meta(
            b"all",
            SocketAddr::from(([127, 0, 0, 1], port)),
            &SendMeta::new().with_ecn(Ecn::Ce),
        )
        .unwrap();
    let mut buf = [0; 16];
    let mut meta = RecvMeta::new();
    server.recv_from_with_meta(&mut buf, &mut meta).unwrap();
    assert!(!meta.is_control_truncated());
    assert!(meta.destination().is_some());
    assert_eq!(meta.ecn(), Some(Ecn::Ce));
    assert!(meta.timestamp().is_some());
}

/// The index of the interface named `name`, from `/sys/class/net`.
fn if_index(name: &str) -> u32 {
    std::fs::read_to_string(format!("/sys/class/net/{name}/ifindex"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
