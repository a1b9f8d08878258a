//! typesock, `std::net` and `socket2` side by side, in one process, on 127.0.0.1:
//!
//! - `stream_64k`: 64 KiB written with `write_all` on a connected TCP socket and read with
//!   `read_exact` at the other end;
//! - `connect_accept_close`: a whole connection's life: connect, accept, close both ends;
//! - `udp_datagram`: one 64-byte datagram sent with `send_to` and received with `recv_from`.
//!
//! Run with `cargo bench -p typesock-benches --bench sockets`; each group reports the three
//! side by side. The sockets are made by the crate's shared set-up (`src/lib.rs`).
#![cfg(target_os = "linux")]

use std::hint::black_box;
use std::io::{Read, Write};
use std::mem::MaybeUninit;
use std::net::TcpStream;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use socket2::{Domain, Type};
use typesock::Socket;
use typesock_benches::{
    CHUNK, DATAGRAM, socket2_listener, socket2_stream, socket2_udp, std_listener, std_stream,
    std_udp, typesock_listener, typesock_stream, typesock_udp,
};

fn stream_64k(c: &mut Criterion) {
    let mut group = c.benchmark_group("stream_64k");
    group.throughput(criterion::Throughput::Bytes(CHUNK as u64));
    let data = vec![0x5a_u8; CHUNK];
    let mut received = vec![0_u8; CHUNK];

    group.bench_function("std", |b| {
        let (mut client, mut server) = std_stream();
        b.iter(|| {
            client.write_all(black_box(&data)).unwrap();
            server.read_exact(black_box(&mut received)).unwrap();
        });
    });

    group.bench_function("socket2", |b| {
        let (mut client, mut server) = socket2_stream();
        b.iter(|| {
            client.write_all(black_box(&data)).unwrap();
            server.read_exact(black_box(&mut received)).unwrap();
        });
    });

    group.bench_function("typesock", |b| {
        let (mut client, mut server) = typesock_stream();
        b.iter(|| {
            client.write_all(black_box(&data)).unwrap();
            server.read_exact(black_box(&mut received)).unwrap();
        });
    });
    group.finish();
}

fn connect_accept_close(c: &mut Criterion) {
    let mut group = c.benchmark_group("connect_accept_close");

    group.bench_function("std", |b| {
        let (listener, addr) = std_listener();
        b.iter(|| {
            let client = TcpStream::connect(addr).unwrap();
            let (server, _) = listener.accept().unwrap();
            drop(black_box(client));
            drop(black_box(server));
        });
    });

    group.bench_function("socket2", |b| {
        let (listener, addr) = socket2_listener();
        b.iter(|| {
            let client = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
            client.connect(&addr).unwrap();
            let (server, _) = listener.accept().unwrap();
            drop(black_box(client));
            drop(black_box(server));
        });
    });

    group.bench_function("typesock", |b| {
        let (listener, addr) = typesock_listener();
        b.iter(|| {
            let client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
            let (server, _) = listener.accept().unwrap();
            client.close().unwrap();
            server.close().unwrap();
        });
    });
    group.finish();
}

fn udp_datagram(c: &mut Criterion) {
    let mut group = c.benchmark_group("udp_datagram");
    let data = [0x42_u8; DATAGRAM];

    group.bench_function("std", |b| {
        let (a, z, to) = std_udp(None);
        let mut buf = [0; DATAGRAM];
        b.iter(|| {
            a.send_to(black_box(&data), to).unwrap();
            black_box(z.recv_from(&mut buf).unwrap());
        });
    });

    group.bench_function("socket2", |b| {
        let (a, z, to) = socket2_udp(None);
        let mut buf = [MaybeUninit::new(0u8); DATAGRAM];
        b.iter(|| {
            a.send_to(black_box(&data), &to).unwrap();
            black_box(z.recv_from(&mut buf).unwrap());
        });
    });

    group.bench_function("typesock", |b| {
        let (a, z, to) = typesock_udp(None);
        let mut buf = [0; DATAGRAM];
        b.iter(|| {
            a.send_to(black_box(&data), to).unwrap();
            black_box(z.recv_from(&mut buf).unwrap());
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = stream_64k, connect_accept_close, udp_datagram
}
criterion_main!(benches);

/// The benchmarks are measured on Linux; elsewhere this program does nothing.
#[cfg(not(target_os = "linux"))]
fn main() {}
