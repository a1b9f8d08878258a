//! The successful path makes no heap allocation: socket, bind, listen, connect, accept,
//! reads, writes, datagrams and close, counted by a global allocator after a warm-up.
//! (Errors may allocate: their messages name the step and the address.)

use typesock::{Socket, UnixAddr};

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::allocations_in;

mod common;
use common::loopback;

fn tcp_lifecycle(buf: &mut [u8; 512]) {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    for _ in 0..50 {
        let mut client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
        let (mut server, _peer) = listener.accept().unwrap();
        client.write_all(&buf[..]).unwrap();
        server.read_exact(&mut buf[..]).unwrap();
        server.write_all(&buf[..]).unwrap();
        client.read_exact(&mut buf[..]).unwrap();
        let mut client = client.shutdown_write().unwrap();
        assert_eq!(server.read(&mut buf[..]).unwrap(), 0);
        server.close().unwrap();
        assert_eq!(client.read(&mut buf[..]).unwrap(), 0);
        client.close().unwrap();
    }
    listener.close().unwrap();
}

#[test]
fn tcp_lifecycle_allocates_nothing() {
    let mut buf = [7u8; 512];
    tcp_lifecycle(&mut buf); // warm-up
    assert_eq!(allocations_in(|| tcp_lifecycle(&mut buf)), 0);
}

fn udp_exchange(buf: &mut [u8; 512]) {
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let b = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let to = b.local_addr().unwrap();
    for _ in 0..50 {
        a.send_to(&buf[..64], to).unwrap();
        let (n, _from) = b.recv_from(&mut buf[..]).unwrap();
        assert_eq!(n, 64);
    }
    let connected = Socket::udp_v4().unwrap().connect(to).unwrap();
    connected.send(&buf[..32]).unwrap();
    assert_eq!(b.recv_from(&mut buf[..]).unwrap().0, 32);
}

#[test]
fn udp_datagrams_allocate_nothing() {
    let mut buf = [1u8; 512];
    udp_exchange(&mut buf);
    assert_eq!(allocations_in(|| udp_exchange(&mut buf)), 0);
}

#[test]
fn unix_accept_and_connect_allocate_nothing() {
    let name =
        UnixAddr::from_abstract_name(format!("typesock-alloc-{}", std::process::id())).unwrap();
    let listener = Socket::unix_stream()
        .unwrap()
        .bind(name.clone())
        .unwrap()
        .listen(8)
        .unwrap();
    let mut buf = [3u8; 64];
    let mut cycle = || {
        for _ in 0..20 {
            let mut client = Socket::unix_stream()
                .unwrap()
                .connect(name.clone())
                .unwrap();
            let (mut server, peer) = listener.accept().unwrap();
            assert!(peer.is_unnamed());
            client.write_all(&buf).unwrap();
            server.read_exact(&mut buf).unwrap();
            client.close().unwrap();
            server.close().unwrap();
        }
    };
    cycle();
    assert_eq!(allocations_in(cycle), 0);
}
