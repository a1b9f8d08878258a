//! UDP sockets against the real kernel, on 127.0.0.1 and ::1.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::time::Duration;

use typesock::{Bound, Socket, Udp};

mod common;
use common::{READ_TIMED_OUT, loopback, loopback_v6};

fn bound(addr: SocketAddr) -> Socket<Bound, Udp> {
    let socket = Socket::udp_for(addr).unwrap().bind(addr).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    socket
}

fn datagrams_both_ways(addr: SocketAddr) {
    let a = bound(addr);
    let b = bound(addr);
    assert_eq!(a.send_to(b"ping", b.local_addr().unwrap()).unwrap(), 4);
    let mut buf = [0; 64];
    let (n, from) = b.recv_from(&mut buf).unwrap();
    assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr().unwrap()));
    b.send_to(b"pong", from).unwrap();
    let (n, from) = a.recv_from(&mut buf).unwrap();
    assert_eq!((&buf[..n], from), (&b"pong"[..], b.local_addr().unwrap()));
}

#[test]
fn bound_sockets_exchange_datagrams_over_ipv4() {
    datagrams_both_ways(loopback());
}

#[test]
fn bound_sockets_exchange_datagrams_over_ipv6() {
    datagrams_both_ways(loopback_v6());
}

#[test]
fn connected_socket_sends_and_receives_from_its_peer_only() {
    let server = bound(loopback());
    let stranger = bound(loopback());
    // Connect from Unbound: the kernel picks the local address.
    let client = Socket::udp_v4()
        .unwrap()
        .connect(server.local_addr().unwrap())
        .unwrap();
    client
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    assert_eq!(client.peer_addr().unwrap(), server.local_addr().unwrap());

    client.send(b"hello").unwrap();
    let mut buf = [0; 16];
    let (n, from) = server.recv_from(&mut buf).unwrap();
    assert_eq!(
        (&buf[..n], from),
        (&b"hello"[..], client.local_addr().unwrap())
    );

    // A datagram from another address is dropped by the kernel; the peer's arrives.
    stranger
        .send_to(b"noise", client.local_addr().unwrap())
        .unwrap();
    server.send_to(b"reply", from).unwrap();
    let n = client.recv(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"reply");
    let err = client.recv(&mut buf).unwrap_err();
    assert_eq!(err.kind(), READ_TIMED_OUT);
}

#[test]
fn bound_socket_connects_keeping_its_address() {
    let server = bound(loopback());
    let client = bound(loopback());
    let chosen = client.local_addr().unwrap();
    let client = client.connect(server.local_addr().unwrap()).unwrap();
    assert_eq!(client.local_addr().unwrap(), chosen);
}

#[test]
fn datagram_buffer_sizes_can_change_when_connected() {
    let server = bound(loopback());
    let client = Socket::udp_v4()
        .unwrap()
        .connect(server.local_addr().unwrap())
        .unwrap();
    client.set_recv_buffer_size(64 * 1024).unwrap();
    client.set_send_buffer_size(64 * 1024).unwrap();
    assert!(client.recv_buffer_size().unwrap() >= 64 * 1024);
}

#[test]
fn multicast_options_round_trip() {
    // Tests send only to 127.0.0.1 and ::1, so no group is joined here: the options are
    // checked through the kernel's answers.
    let sender = bound(loopback());
    sender.set_multicast_if_v4(&Ipv4Addr::LOCALHOST).unwrap();
    assert_eq!(sender.multicast_if_v4().unwrap(), Ipv4Addr::LOCALHOST);
    sender.set_multicast_loop_v4(false).unwrap();
    assert!(!sender.multicast_loop_v4().unwrap());
    sender.set_multicast_ttl_v4(3).unwrap();
    assert_eq!(sender.multicast_ttl_v4().unwrap(), 3);
    sender.set_broadcast(true).unwrap();
    assert!(sender.broadcast().unwrap());

    let v6 = Socket::udp_v6().unwrap();
    v6.set_multicast_loop_v6(false).unwrap();
    assert!(!v6.multicast_loop_v6().unwrap());
}

#[test]
fn ttl_applies_to_both_families() {
    let v4 = Socket::udp_v4().unwrap();
    v4.set_ttl(7).unwrap();
    assert_eq!(v4.ttl().unwrap(), 7);
    let v6 = Socket::udp_v6().unwrap();
    v6.set_ttl(9).unwrap();
    assert_eq!(v6.ttl().unwrap(), 9);
}

#[test]
fn converts_into_std_udp_socket() {
    let a = bound(loopback());
    let b = bound(loopback());
    let b_addr = b.local_addr().unwrap();
    let std_a = UdpSocket::from(a);
    std_a.send_to(b"std", b_addr).unwrap();
    let mut buf = [0; 8];
    let (n, _) = b.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"std");

    let connected = Socket::udp_v4().unwrap().connect(b_addr).unwrap();
    let std_connected = UdpSocket::from(connected);
    assert_eq!(std_connected.peer_addr().unwrap(), b_addr);
}
