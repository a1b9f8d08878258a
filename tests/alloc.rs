//! The successful path makes no heap allocation: socket, bind, listen, connect, accept,
//! reads, writes, datagrams, batches of datagrams and close, counted by a global allocator
//! after a warm-up.
//! (Errors may allocate: their messages name the step and the address.)

use std::io::{IoSlice, IoSliceMut};

use typesock::{Bound, RecvMeta, Socket, UnixAddr, UnixDatagram};

#[path = "common/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::allocations_in;

mod common;
use common::{UnixName, loopback, unix_listener};

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
    let unix_name = UnixName::new("alloc");
    let name = unix_name.addr();
    let listener = unix_listener(name.clone(), 8);
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

/// Sends `n` datagrams in batches and receives them in batches, until all arrived.
fn batches<K: typesock::kind::DatagramKind>(
    a: &Socket<Bound, K>,
    z: &Socket<Bound, K>,
    to: &K::Addr,
    storage: &mut [[u8; 64]; 80],
    meta: &mut [RecvMeta<K>; 80],
) where
    K::Addr: Clone,
{
    let payload = [9u8; 48];
    let out = [IoSlice::new(&payload); 80];
    let addrs: [K::Addr; 80] = std::array::from_fn(|_| to.clone());
    for _ in 0..5 {
        // 80 datagrams: more than one chunk of 64 headers.
        let mut sent = 0;
        while sent < out.len() {
            sent += a.send_batch_to(&out[sent..], &addrs[sent..]).unwrap();
        }
        let mut slices = storage.each_mut().map(|b| IoSliceMut::new(b));
        let mut got = 0;
        while got < out.len() {
            got += z
                .recv_batch_from(&mut slices[got..], &mut meta[got..])
                .unwrap();
        }
        assert!(meta.iter().all(|m| m.len() == 48 && !m.is_truncated()));
        // Reading a sender allocates nothing either.
        let _sender = meta[79].addr().unwrap();
    }
}

#[test]
fn udp_batches_allocate_nothing() {
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let z = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    z.set_recv_buffer_size(common::buffer_size(1 << 20))
        .unwrap();
    let to = z.local_addr().unwrap();
    let mut storage = [[0u8; 64]; 80];
    let mut meta = [const { RecvMeta::new() }; 80];
    batches(&a, &z, &to, &mut storage, &mut meta);
    let n = allocations_in(|| batches(&a, &z, &to, &mut storage, &mut meta));
    assert_eq!(n, 0);

    // Connected: the same without addresses.
    let client = Socket::udp_v4().unwrap().connect(to).unwrap();
    let payload = [1u8; 32];
    let out = [IoSlice::new(&payload); 16];
    let mut cycle = || {
        assert_eq!(client.send_batch(&out).unwrap(), 16);
        let mut slices = storage.each_mut().map(|b| IoSliceMut::new(b));
        let mut got = 0;
        while got < 16 {
            got += z
                .recv_batch_from(&mut slices[got..16], &mut meta[got..16])
                .unwrap();
        }
    };
    cycle();
    assert_eq!(allocations_in(cycle), 0);
}

#[test]
fn unix_datagram_batches_allocate_nothing() {
    let (a_name, z_name) = (UnixName::new("alloc-a"), UnixName::new("alloc-z"));
    let a = Socket::unix_datagram()
        .unwrap()
        .bind(a_name.addr())
        .unwrap();
    let z: Socket<Bound, UnixDatagram> = Socket::unix_datagram()
        .unwrap()
        .bind(z_name.addr())
        .unwrap();
    let to = z.local_addr().unwrap();
    // A Unix receiver queues few datagrams (`net.unix.max_dgram_qlen`): send from a second
    // thread, which is not measured, and count the receiving thread.
    let mut storage = [[0u8; 64]; 80];
    let mut meta = [const { RecvMeta::new() }; 80];
    let payload = [5u8; 40];
    std::thread::scope(|s| {
        s.spawn(|| {
            let out = [IoSlice::new(&payload); 80];
            let addrs: [UnixAddr; 80] = std::array::from_fn(|_| to.clone());
            for _ in 0..2 {
                let mut sent = 0;
                while sent < out.len() {
                    sent += a.send_batch_to(&out[sent..], &addrs[sent..]).unwrap();
                }
            }
        });
        let mut receive = || {
            let mut slices = storage.each_mut().map(|b| IoSliceMut::new(b));
            let mut got = 0;
            while got < 80 {
                got += z
                    .recv_batch_from(&mut slices[got..], &mut meta[got..])
                    .unwrap();
            }
            assert!(meta.iter().all(|m| m.len() == 40));
        };
        receive();
        assert_eq!(allocations_in(receive), 0);
    });
    // The sending side, measured on its own: a batch that fits the queue.
    let out = [IoSlice::new(&payload); 8];
    let addrs: [UnixAddr; 8] = std::array::from_fn(|_| to.clone());
    let mut slices = storage.each_mut().map(|b| IoSliceMut::new(b));
    let n = allocations_in(|| {
        assert_eq!(a.send_batch_to(&out, &addrs).unwrap(), 8);
    });
    assert_eq!(n, 0);
    let mut got = 0;
    while got < 8 {
        got += z
            .recv_batch_from(&mut slices[got..8], &mut meta[got..8])
            .unwrap();
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn udp_segments_allocate_nothing() {
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let z = Socket::udp_v4().unwrap().with_gro().unwrap();
    let z = z.bind(loopback()).unwrap();
    let to = z.local_addr().unwrap();
    let out = [3u8; 32 * 100];
    let mut big = vec![0u8; 1 << 16];
    let mut cycle = || {
        for _ in 0..10 {
            assert_eq!(a.send_segments_to(&out, 100, to).unwrap(), out.len());
            let mut got = 0;
            while got < out.len() {
                let seg = z.recv_segments_from(&mut big).unwrap();
                assert_eq!(seg.segment_size(), 100);
                got += seg.len();
            }
        }
    };
    cycle();
    assert_eq!(allocations_in(cycle), 0);
}

/// Stream bytes both ways and datagrams, on tokio: the async operations of a registered
/// socket allocate nothing after the first. The runtime's thread is this thread; entering
/// `block_on` with I/O to wait for costs tokio one allocation, the same for 50 rounds and
/// for 100, so the test counts the difference: what the operations themselves allocate.
#[cfg(all(feature = "tokio", unix))]
#[test]
fn async_operations_allocate_nothing_after_the_first() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use typesock::{AsyncSocket, Connected, Udp};

    async fn exchange(
        rounds: usize,
        (client, server): (&mut AsyncSocket<Connected>, &mut AsyncSocket<Connected>),
        (a, b): (&AsyncSocket<Bound, Udp>, &AsyncSocket<Bound, Udp>),
        buf: &mut [u8; 512],
    ) {
        let to = b.local_addr().unwrap();
        for _ in 0..rounds {
            client.write_all(&buf[..]).await.unwrap();
            server.read_exact(&mut buf[..]).await.unwrap();
            server.write_all(&buf[..]).await.unwrap();
            client.read_exact(&mut buf[..]).await.unwrap();
            a.send_to(&buf[..64], to).await.unwrap();
            assert_eq!(b.recv_from(&mut buf[..]).await.unwrap().0, 64);
        }
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (mut client, mut server, a, b) = runtime.block_on(async {
        let listener = AsyncSocket::new(common::listener()).unwrap();
        let addr = listener.local_addr().unwrap();
        let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
        let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
        let udp = || AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap());
        (
            client.unwrap(),
            accepted.unwrap().0,
            udp().unwrap(),
            udp().unwrap(),
        )
    });
    let mut buf = [5u8; 512];
    let mut run = |rounds| {
        let sockets = ((&mut client, &mut server), (&a, &b));
        runtime.block_on(exchange(rounds, sockets.0, sockets.1, &mut buf));
    };
    run(50); // warm-up
    let fifty = allocations_in(|| run(50));
    let hundred = allocations_in(|| run(100));
    assert_eq!(hundred, fifty, "50 more rounds allocated");
    assert!(fifty <= 1, "{fifty} allocations in one block_on");
}

/// Every receive-metadata option on, each datagram received with its metadata and answered
/// from its destination with an ECN mark.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn metadata_exchange(buf: &mut [u8; 512]) {
    use typesock::{Ecn, SendMeta};
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let b = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    b.set_recv_destination_v4(true).unwrap();
    b.set_recv_traffic_class_v4(true).unwrap();
    b.set_recv_timestamps(true).unwrap();
    let to = b.local_addr().unwrap();
    let mut meta = RecvMeta::new();
    for _ in 0..50 {
        a.send_to_with_meta(&buf[..64], to, &SendMeta::new().with_ecn(Ecn::Ect0))
            .unwrap();
        assert_eq!(b.recv_from_with_meta(&mut buf[..], &mut meta).unwrap(), 64);
        assert_eq!(meta.ecn(), Some(Ecn::Ect0));
        assert!(meta.timestamp().is_some());
        let reply = SendMeta::new().with_source(meta.destination().unwrap());
        b.send_to_with_meta(&buf[..8], meta.addr().unwrap(), &reply)
            .unwrap();
        assert_eq!(a.recv_from(&mut buf[..]).unwrap().0, 8);
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn receives_with_metadata_allocate_nothing() {
    let mut buf = [3u8; 512];
    metadata_exchange(&mut buf); // warm-up
    assert_eq!(allocations_in(|| metadata_exchange(&mut buf)), 0);
}
