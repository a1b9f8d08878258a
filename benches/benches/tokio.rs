//! `AsyncSocket` against tokio's own `TcpStream`/`TcpListener`, side by side in one process,
//! on a `current_thread` runtime, on 127.0.0.1:
//!
//! - `tokio_stream_64k`: 64 KiB written with `write_all` and read with `read_exact` at the
//!   other end, both awaited together;
//! - `tokio_connect_accept_close`: connect, accept, and close both ends;
//! - `tokio_udp_gso_gro`: 1,200-byte datagrams, 32 to a send with GSO and received
//!   coalesced with GRO, `AsyncSocket`'s segments against quinn-udp's `UdpSocketState` on
//!   tokio's `UdpSocket` (each send waits for writability, each receive for readability).
//!
//! Run with `cargo bench -p typesock-benches --bench tokio`.
#![cfg(target_os = "linux")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::runtime::Runtime;
use typesock::{AsyncSocket, Socket};
use typesock_benches::{CHUNK, loopback, typesock_stream};

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// `data` written at `client` and read at `server`, both awaited together.
async fn exchange<T: AsyncRead + AsyncWrite + Unpin>(
    client: &mut T,
    server: &mut T,
    data: &[u8],
    received: &mut [u8],
) {
    let (w, r) = tokio::join!(
        client.write_all(black_box(data)),
        server.read_exact(black_box(received))
    );
    w.unwrap();
    r.unwrap();
}

fn stream_64k(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokio_stream_64k");
    group.throughput(criterion::Throughput::Bytes(CHUNK as u64));
    let data = vec![0x5a_u8; CHUNK];
    let mut received = vec![0_u8; CHUNK];
    let rt = runtime();

    group.bench_function("tokio", |b| {
        let (mut client, mut server) = rt.block_on(async {
            let (client, server) = typesock_stream();
            let client = tokio::net::TcpStream::try_from(client).unwrap();
            let server = tokio::net::TcpStream::try_from(server).unwrap();
            (client, server)
        });
        b.iter(|| rt.block_on(exchange(&mut client, &mut server, &data, &mut received)));
    });

    group.bench_function("typesock", |b| {
        let (mut client, mut server) = rt.block_on(async {
            let (client, server) = typesock_stream();
            (
                AsyncSocket::new(client).unwrap(),
                AsyncSocket::new(server).unwrap(),
            )
        });
        b.iter(|| rt.block_on(exchange(&mut client, &mut server, &data, &mut received)));
    });
    group.finish();
}

fn connect_accept_close(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokio_connect_accept_close");
    let rt = runtime();

    group.bench_function("tokio", |b| {
        let listener = rt
            .block_on(tokio::net::TcpListener::bind(loopback()))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        b.iter(|| {
            rt.block_on(async {
                let (client, accepted) =
                    tokio::join!(tokio::net::TcpStream::connect(addr), listener.accept());
                drop(black_box((client.unwrap(), accepted.unwrap())));
            })
        });
    });

    group.bench_function("typesock", |b| {
        let listener = rt.block_on(async {
            let listener = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
            AsyncSocket::new(listener.listen(1024).unwrap()).unwrap()
        });
        let addr = listener.local_addr().unwrap();
        b.iter(|| {
            rt.block_on(async {
                let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
                let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
                drop(black_box((client.unwrap(), accepted.unwrap())));
            })
        });
    });
    group.finish();
}

/// The datagrams of one UDP iteration: 4 sends of 32 segments of 1,200 bytes.
const SEGMENT: usize = 1200;
const SEGMENTS_PER_SEND: usize = 32;
const SENDS: usize = 4;

fn udp_gso_gro(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokio_udp_gso_gro");
    let datagrams = SENDS * SEGMENTS_PER_SEND;
    group.throughput(criterion::Throughput::Elements(datagrams as u64));
    let data = vec![0x17_u8; SEGMENT * SEGMENTS_PER_SEND];
    let mut buf = vec![0_u8; 65_535];
    let rt = runtime();

    group.bench_function("quinn-udp", |b| {
        let (tx, rx, tx_state, rx_state, to) = rt.block_on(async {
            let tx = tokio::net::UdpSocket::bind(loopback()).await.unwrap();
            let rx = tokio::net::UdpSocket::bind(loopback()).await.unwrap();
            let tx_state = quinn_udp::UdpSocketState::new((&tx).into()).unwrap();
            let rx_state = quinn_udp::UdpSocketState::new((&rx).into()).unwrap();
            assert!(tx_state.max_gso_segments() >= SEGMENTS_PER_SEND);
            assert!(rx_state.gro_segments() > 1);
            let to = rx.local_addr().unwrap();
            (tx, rx, tx_state, rx_state, to)
        });
        let transmit = quinn_udp::Transmit {
            destination: to,
            ecn: None,
            contents: &data,
            segment_size: Some(SEGMENT),
            src_ip: None,
        };
        b.iter(|| {
            rt.block_on(async {
                for _ in 0..SENDS {
                    tx.async_io(tokio::io::Interest::WRITABLE, || {
                        tx_state.try_send((&tx).into(), black_box(&transmit))
                    })
                    .await
                    .unwrap();
                }
                let mut got = 0;
                while got < datagrams * SEGMENT {
                    let mut meta = [quinn_udp::RecvMeta::default()];
                    let mut bufs = [std::io::IoSliceMut::new(&mut buf)];
                    rx.async_io(tokio::io::Interest::READABLE, || {
                        rx_state.recv((&rx).into(), &mut bufs, &mut meta)
                    })
                    .await
                    .unwrap();
                    got += meta[0].len;
                }
            })
        });
    });

    group.bench_function("typesock", |b| {
        let (tx, rx, to) = rt.block_on(async {
            let tx = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
            let rx = Socket::udp_v4().unwrap().with_gro().unwrap();
            let rx = rx.bind(loopback()).unwrap();
            let to = rx.local_addr().unwrap();
            (
                AsyncSocket::new(tx).unwrap(),
                AsyncSocket::new(rx).unwrap(),
                to,
            )
        });
        b.iter(|| {
            rt.block_on(async {
                for _ in 0..SENDS {
                    tx.send_segments_to(black_box(&data), SEGMENT as u16, to)
                        .await
                        .unwrap();
                }
                let mut got = 0;
                while got < datagrams * SEGMENT {
                    got += rx.recv_segments_from(&mut buf).await.unwrap().len();
                }
            })
        });
    });
    group.finish();
}

criterion_group!(benches, stream_64k, connect_accept_close, udp_gso_gro);
criterion_main!(benches);
