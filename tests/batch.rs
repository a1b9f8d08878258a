//! Batches of datagrams: message boundaries, lengths, senders, partial batches and
//! truncation, for UDP (IPv4 and IPv6) and Unix datagram sockets, bound and connected.

use std::io::{self, IoSlice, IoSliceMut};
use std::net::SocketAddr;

use typesock::{Bound, RecvMeta, Socket, Udp, UnixDatagram};

mod common;
use common::{UnixName, loopback, loopback_v6};

/// Receives exactly `want` datagrams into `bufs`, in as many batches as it takes.
fn recv_all<K: typesock::kind::DatagramKind>(
    socket: &Socket<Bound, K>,
    bufs: &mut [IoSliceMut<'_>],
    meta: &mut [RecvMeta<K>],
    want: usize,
) -> usize {
    let mut got = 0;
    let mut calls = 0;
    while got < want {
        let n = socket
            .recv_batch_from(&mut bufs[got..want], &mut meta[got..want])
            .unwrap();
        assert!(
            n >= 1,
            "a blocking batch receive returns at least one datagram"
        );
        got += n;
        calls += 1;
    }
    calls
}

fn udp_pair(addr: SocketAddr) -> (Socket<Bound, Udp>, Socket<Bound, Udp>) {
    let a = Socket::udp_for(addr).unwrap().bind(addr).unwrap();
    let b = Socket::udp_for(addr).unwrap().bind(addr).unwrap();
    (a, b)
}

fn boundaries_lengths_and_senders(addr: SocketAddr) {
    let (a, z) = udp_pair(addr);
    let c = Socket::udp_for(addr).unwrap().bind(addr).unwrap();
    let to = z.local_addr().unwrap();
    let msgs: [&[u8]; 4] = [b"a", b"", b"three", b"a longer datagram"];
    let bufs: Vec<IoSlice<'_>> = msgs.iter().map(|m| IoSlice::new(m)).collect();
    assert_eq!(a.send_batch_to(&bufs[..2], &[to, to]).unwrap(), 2);
    assert_eq!(c.send_batch_to(&bufs[2..], &[to, to]).unwrap(), 2);

    let mut storage = [[0xee_u8; 32]; 4];
    let mut slices: Vec<IoSliceMut<'_>> = storage.iter_mut().map(|b| IoSliceMut::new(b)).collect();
    let mut meta = [const { RecvMeta::new() }; 4];
    recv_all(&z, &mut slices, &mut meta, 4);
    let senders = [
        a.local_addr().unwrap(),
        a.local_addr().unwrap(),
        c.local_addr().unwrap(),
        c.local_addr().unwrap(),
    ];
    for i in 0..4 {
        assert_eq!(meta[i].len(), msgs[i].len(), "datagram {i}");
        assert_eq!(&slices[i][..meta[i].len()], msgs[i], "datagram {i}");
        assert!(!meta[i].is_truncated());
        assert_eq!(meta[i].addr().unwrap(), senders[i], "datagram {i}");
        // Nothing written past the datagram: each one kept its own buffer.
        assert!(slices[i][meta[i].len()..].iter().all(|&b| b == 0xee));
    }
    assert!(meta[1].is_empty());
}

#[test]
fn udp_v4_batches_keep_boundaries_lengths_and_senders() {
    boundaries_lengths_and_senders(loopback());
}

#[test]
fn udp_v6_batches_keep_boundaries_lengths_and_senders() {
    boundaries_lengths_and_senders(loopback_v6());
}

#[test]
fn a_receive_takes_no_more_than_its_buffers() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    let payloads: Vec<[u8; 1]> = (0..5u8).map(|i| [i]).collect();
    let bufs: Vec<IoSlice<'_>> = payloads.iter().map(|p| IoSlice::new(p)).collect();
    assert_eq!(a.send_batch_to(&bufs, &[to; 5]).unwrap(), 5);

    let mut storage = [[0u8; 8]; 5];
    let mut slices: Vec<IoSliceMut<'_>> = storage.iter_mut().map(|b| IoSliceMut::new(b)).collect();
    let mut meta = [const { RecvMeta::new() }; 5];
    // Two buffers, five queued: at most two come, the rest stay queued, in order.
    let n = z.recv_batch_from(&mut slices[..2], &mut meta).unwrap();
    assert!((1..=2).contains(&n), "{n}");
    recv_all(&z, &mut slices[n..], &mut meta[n..], 5 - n);
    for (i, slice) in slices.iter().enumerate() {
        assert_eq!(slice[0], i as u8);
    }
    // Fewer entries of meta than buffers: the shorter decides.
    assert_eq!(a.send_batch_to(&bufs[..2], &[to; 2]).unwrap(), 2);
    let mut got = 0;
    while got < 2 {
        let n = z.recv_batch_from(&mut slices, &mut meta[..1]).unwrap();
        assert_eq!(n, 1);
        got += n;
    }
}

#[test]
fn batches_longer_than_a_chunk_go_whole() {
    let (a, z) = udp_pair(loopback());
    z.set_recv_buffer_size(common::buffer_size(1 << 20))
        .unwrap();
    let to = z.local_addr().unwrap();
    const N: usize = 150;
    let payloads: Vec<[u8; 2]> = (0..N as u16).map(|i| i.to_be_bytes()).collect();
    let bufs: Vec<IoSlice<'_>> = payloads.iter().map(|p| IoSlice::new(p)).collect();
    assert_eq!(a.send_batch_to(&bufs, &vec![to; N]).unwrap(), N);

    let mut storage = vec![[0u8; 4]; N];
    let mut slices: Vec<IoSliceMut<'_>> = storage.iter_mut().map(|b| IoSliceMut::new(b)).collect();
    let mut meta: Vec<RecvMeta> = (0..N).map(|_| RecvMeta::new()).collect();
    recv_all(&z, &mut slices, &mut meta, N);
    for (i, (slice, m)) in slices.iter().zip(&meta).enumerate() {
        assert_eq!(m.len(), 2);
        assert_eq!(u16::from_be_bytes([slice[0], slice[1]]), i as u16);
    }
}

#[test]
fn a_datagram_longer_than_its_buffer_is_truncated_and_says_so() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    let bufs = [IoSlice::new(b"0123456789"), IoSlice::new(b"abc")];
    assert_eq!(a.send_batch_to(&bufs, &[to, to]).unwrap(), 2);
    let (mut x, mut y) = ([0u8; 4], [0u8; 4]);
    let mut slices = [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)];
    let mut meta = [RecvMeta::new(), RecvMeta::new()];
    recv_all(&z, &mut slices, &mut meta, 2);
    assert_eq!((meta[0].len(), meta[0].is_truncated()), (4, true));
    assert_eq!((meta[1].len(), meta[1].is_truncated()), (3, false));
    assert_eq!(&x, b"0123");
    assert_eq!(&y[..3], b"abc");
}

#[test]
fn an_empty_nonblocking_receive_would_block_and_an_empty_batch_is_nothing() {
    let (a, z) = udp_pair(loopback());
    z.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 8];
    let mut meta = [RecvMeta::new()];
    let err = z
        .recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    assert_eq!(z.recv_batch_from(&mut [], &mut meta).unwrap(), 0);
    assert_eq!(a.send_batch_to(&[], &[]).unwrap(), 0);
}

#[test]
fn a_batch_needs_one_address_per_datagram() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    let err = a
        .send_batch_to(&[IoSlice::new(b"x"), IoSlice::new(b"y")], &[to])
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("2 datagrams"), "{err}");
}

#[test]
fn connected_udp_batches_name_the_peer() {
    let (server, _) = udp_pair(loopback());
    let client = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let client_addr = client.local_addr().unwrap();
    let client = client.connect(server.local_addr().unwrap()).unwrap();
    let server_addr = server.local_addr().unwrap();
    let server = server.connect(client_addr).unwrap();
    let bufs = [IoSlice::new(b"first"), IoSlice::new(b"second")];
    assert_eq!(client.send_batch(&bufs).unwrap(), 2);

    let (mut x, mut y) = ([0u8; 16], [0u8; 16]);
    let mut slices = [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)];
    let mut meta = [RecvMeta::new(), RecvMeta::new()];
    let mut got = 0;
    while got < 2 {
        got += server
            .recv_batch(&mut slices[got..], &mut meta[got..])
            .unwrap();
    }
    assert_eq!((meta[0].len(), meta[1].len()), (5, 6));
    assert_eq!(meta[0].addr().unwrap(), client_addr);
    assert_eq!(&y[..6], b"second");
    // And back, to the client's peer.
    assert_eq!(server.send_batch(&[IoSlice::new(b"r")]).unwrap(), 1);
    let mut meta = [RecvMeta::new()];
    assert_eq!(
        client
            .recv_batch(&mut [IoSliceMut::new(&mut x)], &mut meta)
            .unwrap(),
        1
    );
    assert_eq!(meta[0].addr().unwrap(), server_addr);
}

#[test]
fn unix_datagram_batches_keep_boundaries_and_senders() {
    let z_name = UnixName::new("batch-z");
    let z = Socket::unix_datagram()
        .unwrap()
        .bind(z_name.addr())
        .unwrap();
    let a_name = UnixName::new("batch-a");
    let named = Socket::unix_datagram()
        .unwrap()
        .bind(a_name.addr())
        .unwrap();
    let to = z.local_addr().unwrap();
    let bufs = [IoSlice::new(b"one"), IoSlice::new(b"two!")];
    assert_eq!(
        named
            .send_batch_to(&bufs, &[to.clone(), to.clone()])
            .unwrap(),
        2
    );
    // An unnamed sender: connected without binding.
    let unnamed = Socket::unix_datagram()
        .unwrap()
        .connect(to.clone())
        .unwrap();
    assert_eq!(unnamed.send_batch(&[IoSlice::new(b"3")]).unwrap(), 1);

    let mut storage = [[0u8; 8]; 3];
    let mut slices: Vec<IoSliceMut<'_>> = storage.iter_mut().map(|b| IoSliceMut::new(b)).collect();
    let mut meta: [RecvMeta<UnixDatagram>; 3] = [const { RecvMeta::new() }; 3];
    recv_all(&z, &mut slices, &mut meta, 3);
    assert_eq!((meta[0].len(), meta[1].len(), meta[2].len()), (3, 4, 1));
    assert_eq!(&slices[1][..4], b"two!");
    assert_eq!(meta[0].addr().unwrap(), named.local_addr().unwrap());
    assert!(meta[2].addr().unwrap().is_unnamed());
}

#[test]
fn an_unnamed_unix_address_is_refused_before_any_syscall() {
    let u_name = UnixName::new("batch-u");
    let z = Socket::unix_datagram()
        .unwrap()
        .bind(u_name.addr())
        .unwrap();
    let unnamed = Socket::unix_datagram()
        .unwrap()
        .connect(z.local_addr().unwrap())
        .unwrap();
    let mut meta = [RecvMeta::new()];
    unnamed.send_batch(&[IoSlice::new(b"x")]).unwrap();
    let mut buf = [0u8; 4];
    z.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)
        .unwrap();
    let sender = meta[0].addr().unwrap();
    assert!(sender.is_unnamed());
    let err = z
        .send_batch_to(&[IoSlice::new(b"reply")], &[sender])
        .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

/// A Unix datagram receiver's queue holds `net.unix.max_dgram_qlen` datagrams (10 by
/// default on Linux); a non-blocking sender's batch stops where the queue is full and says
/// how many went.
#[cfg(target_os = "linux")]
#[test]
fn a_full_queue_makes_a_partial_send() {
    let full_name = UnixName::new("batch-full");
    let z = Socket::unix_datagram()
        .unwrap()
        .bind(full_name.addr())
        .unwrap();
    let sender = Socket::unix_datagram()
        .unwrap()
        .connect(z.local_addr().unwrap())
        .unwrap();
    sender.set_nonblocking(true).unwrap();
    let payloads: Vec<[u8; 1]> = (0..200u8).map(|i| [i]).collect();
    let bufs: Vec<IoSlice<'_>> = payloads.iter().map(|p| IoSlice::new(p)).collect();
    let sent = sender.send_batch(&bufs).unwrap();
    assert!(
        sent >= 1 && sent < bufs.len(),
        "sent {sent} of {}",
        bufs.len()
    );
    // The next datagram is refused as the queue is full; the ones sent are all there, in
    // order.
    let err = sender.send_batch(&bufs[sent..]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    z.set_nonblocking(true).unwrap();
    let mut storage = vec![[0u8; 2]; 200];
    let mut slices: Vec<IoSliceMut<'_>> = storage.iter_mut().map(|b| IoSliceMut::new(b)).collect();
    let mut meta: Vec<RecvMeta<UnixDatagram>> = (0..200).map(|_| RecvMeta::new()).collect();
    let got = z.recv_batch_from(&mut slices, &mut meta).unwrap();
    assert_eq!(got, sent);
    for (i, slice) in slices[..got].iter().enumerate() {
        assert_eq!(slice[0], i as u8);
    }
}

#[test]
fn an_unwritten_entry_has_no_address_and_shows_so() {
    let meta: RecvMeta = RecvMeta::default();
    assert_eq!(meta.len(), 0);
    assert_eq!(meta.addr().unwrap_err().kind(), io::ErrorKind::InvalidData);
    assert_eq!(
        format!("{meta:?}"),
        "RecvMeta { len: 0, segment_size: 0, truncated: false, addr: (none) }"
    );
}

/// Segmentation offload: one buffer of ten 100-byte datagrams (and a short last one) is ten
/// datagrams to a receiver without GRO, and one coalesced buffer, with the size, to one with
/// it (or several, if the kernel delivers them apart: the bytes and the size are the same).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn segments_are_datagrams_without_gro_and_one_buffer_with_it() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    let data: Vec<u8> = (0..1030u32).map(|i| (i / 100) as u8).collect();
    assert_eq!(a.send_segments_to(&data, 100, to).unwrap(), 1030);
    let mut buf = [0u8; 2048];
    for i in 0..11 {
        let (n, from) = z.recv_from(&mut buf).unwrap();
        assert_eq!(n, if i < 10 { 100 } else { 30 }, "datagram {i}");
        assert!(buf[..n].iter().all(|&b| b == i as u8));
        assert_eq!(from, a.local_addr().unwrap());
    }

    let z = z.with_gro().unwrap();
    assert_eq!(a.send_segments_to(&data, 100, to).unwrap(), 1030);
    let mut big = vec![0u8; 65536];
    let mut received = Vec::new();
    while received.len() < 1030 {
        let got = z.recv_segments_from(&mut big).unwrap();
        let (n, segment, from) = (got.len(), got.segment_size(), got.addr());
        assert_eq!(from, a.local_addr().unwrap());
        assert!(segment == 100 || n == 30, "segment {segment} of {n}");
        received.extend_from_slice(&big[..n]);
    }
    assert_eq!(received, data);

    // Connected, both ways.
    let a_addr = a.local_addr().unwrap();
    let a = a.connect(to).unwrap();
    let z = z.connect(a_addr).unwrap();
    assert_eq!(a.send_segments(&data[..400], 200).unwrap(), 400);
    let mut got = 0;
    while got < 400 {
        let seg = z.recv_segments(&mut big).unwrap();
        assert_eq!(seg.segment_size(), 200);
        got += seg.len();
    }
    assert_eq!(z.send_segments(b"back", 4).unwrap(), 4);
    let back = a.recv_segments(&mut big).unwrap();
    assert_eq!((back.len(), back.segment_size()), (4, 4));
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_segment_size_of_zero_sends_one_datagram_and_too_many_segments_are_refused() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    // Zero: no segmentation (the kernel's reading of `UDP_SEGMENT` 0).
    assert_eq!(a.send_segments_to(&[0; 100], 0, to).unwrap(), 100);
    let mut buf = [0u8; 256];
    assert_eq!(z.recv_from(&mut buf).unwrap().0, 100);
    // More segments than UDP_MAX_SEGMENTS (128 on current kernels, 64 on older ones).
    let err = a.send_segments_to(&[0; 300], 1, to).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
}

/// An entry written again forgets its earlier sender: a named sender, then an unnamed one,
/// through the same entry.
#[test]
fn a_reused_entry_reports_the_new_sender_only() {
    let unwritten: RecvMeta<UnixDatagram> = RecvMeta::new();
    assert!(unwritten.addr().unwrap().is_unnamed());

    let reuse_name = UnixName::new("batch-reuse");
    let z = Socket::unix_datagram()
        .unwrap()
        .bind(reuse_name.addr())
        .unwrap();
    let to = z.local_addr().unwrap();
    let named_name = UnixName::new("batch-named");
    let named = Socket::unix_datagram()
        .unwrap()
        .bind(named_name.addr())
        .unwrap();
    let unnamed = Socket::unix_datagram()
        .unwrap()
        .connect(to.clone())
        .unwrap();
    let mut meta = [RecvMeta::new()];
    let mut buf = [0u8; 8];
    named.send_to(b"1", to.clone()).unwrap();
    z.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)
        .unwrap();
    assert_eq!(meta[0].addr().unwrap(), named.local_addr().unwrap());
    unnamed.send(b"2").unwrap();
    z.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)
        .unwrap();
    assert!(meta[0].addr().unwrap().is_unnamed(), "{:?}", meta[0]);
}

/// A segmented receive into a buffer shorter than what the kernel had says so: a lone
/// 2000-byte datagram into 100 bytes, and ten coalesced 100-byte datagrams into 250.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_segmented_receive_longer_than_its_buffer_says_it_was_truncated() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    a.send_to(&[1; 2000], to).unwrap();
    let mut small = [0u8; 100];
    let got = z.recv_segments_from(&mut small).unwrap();
    assert_eq!(got.len(), 100);
    assert!(got.is_truncated(), "2000 bytes into 100: {got:?}");

    a.send_to(&[2; 50], to).unwrap();
    let got = z.recv_segments_from(&mut small).unwrap();
    assert_eq!((got.len(), got.is_truncated()), (50, false), "{got:?}");

    let z = z.with_gro().unwrap();
    let mut cut = 0;
    let mut received = 0;
    let mut buf = [0u8; 250];
    a.send_segments_to(&[3; 1000], 100, to).unwrap();
    // Loopback coalesces some or all of the ten; whatever arrived beyond 250 bytes in one
    // receive is reported.
    while received < 1000 {
        let got = z.recv_segments_from(&mut buf).unwrap();
        assert!(got.len() <= 250);
        received += got.len();
        if got.is_truncated() {
            cut += 1;
            break;
        }
    }
    assert!(
        cut == 1 || received == 1000,
        "bytes lost with no sign: {received} of 1000 received"
    );

    // Connected: the same report.
    let a_addr = a.local_addr().unwrap();
    let a = a.connect(to).unwrap();
    let z = z.connect(a_addr).unwrap();
    let z = z.without_gro().unwrap();
    while z.set_nonblocking(true).is_ok() && z.recv(&mut buf).is_ok() {}
    z.set_nonblocking(false).unwrap();
    a.send(&[4; 400]).unwrap();
    let got = z.recv_segments(&mut small).unwrap();
    assert_eq!(got.addr(), a_addr);
    assert!(got.is_truncated(), "400 bytes into 100: {got:?}");
}

/// A batch receive on a GRO socket says which entries hold coalesced datagrams and their
/// size: ten 100-byte datagrams sent as one GSO buffer arrive in entries whose
/// `segment_size()` is 100, and a coalesced buffer cut by a short buffer says so.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_gro_batch_receive_reports_the_segment_size() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    let z = z.with_gro().unwrap();
    a.send_segments_to(&[5; 1000], 100, to).unwrap();
    let mut big = vec![0u8; 65536];
    let mut received = 0;
    let mut coalesced = false;
    while received < 1000 {
        let mut meta = [RecvMeta::new()];
        let n = z
            .recv_batch_from(&mut [IoSliceMut::new(&mut big)], &mut meta)
            .unwrap();
        assert_eq!(n, 1);
        let m = &meta[0];
        assert!(!m.is_truncated(), "{m:?}");
        assert_eq!(m.addr().unwrap(), a.local_addr().unwrap());
        if m.len() > 100 {
            coalesced = true;
            assert_eq!(m.segment_size(), 100, "{m:?}");
        } else {
            assert_eq!(m.segment_size(), m.len(), "{m:?}");
        }
        received += m.len();
    }
    assert_eq!(received, 1000);
    if !coalesced {
        eprintln!("note: loopback delivered the GSO buffer as ten datagrams");
    }

    // A coalesced buffer into 250 bytes: cut, and the entry says so.
    a.send_segments_to(&[6; 1000], 100, to).unwrap();
    let mut small = [0u8; 250];
    let mut meta = [RecvMeta::new()];
    z.recv_batch_from(&mut [IoSliceMut::new(&mut small)], &mut meta)
        .unwrap();
    let m = &meta[0];
    assert!(
        m.len() <= 100 || (m.is_truncated() && m.segment_size() == 100),
        "{m:?}"
    );

    // An ordinary socket: the segment size is the length.
    let (c, d) = udp_pair(loopback());
    c.send_to(&[7; 300], d.local_addr().unwrap()).unwrap();
    let mut meta = [RecvMeta::new()];
    d.recv_batch_from(&mut [IoSliceMut::new(&mut big)], &mut meta)
        .unwrap();
    assert_eq!((meta[0].len(), meta[0].segment_size()), (300, 300));
}

/// A segmented send with more segments than any kernel takes is refused before the
/// syscall, with an error that says so; the kernel's own limit (128 on current kernels, 64
/// on older ones) is reported the same way.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn too_many_segments_are_refused_before_the_syscall_and_say_so() {
    let (a, z) = udp_pair(loopback());
    let to = z.local_addr().unwrap();
    let err = a.send_segments_to(&[0; 129], 1, to).unwrap_err();
    assert!(err.is_too_many_segments(), "{err}");
    assert!(!err.is_offload_refused());
    assert_eq!(err.segments(), 129);
    assert_eq!(
        err.raw_os_error(),
        None,
        "refused before the syscall: {err:?}"
    );
    assert!(err.to_string().contains("128"), "{err}");
    let io: io::Error = err.into();
    assert_eq!(io.kind(), io::ErrorKind::InvalidInput);

    // 1000 bytes in 8-byte segments: 125, within the limit of current kernels.
    match a.send_segments_to(&[1; 1000], 8, to) {
        Ok(n) => assert_eq!(n, 1000),
        Err(e) => {
            assert!(e.is_too_many_segments(), "an older kernel's limit: {e}");
            assert_eq!(e.raw_os_error(), Some(22), "{e:?}");
            eprintln!("note: this kernel takes 64 segments at most: {e}");
        }
    }

    // A connected socket checks the same.
    let a = a.connect(to).unwrap();
    let err = a.send_segments(&[0; 300], 2).unwrap_err();
    assert!(err.is_too_many_segments(), "{err}");
    assert_eq!(err.raw_os_error(), None);
}
