//! `AsyncSocket` against tokio's own `TcpStream`/`TcpListener`, side by side in one process,
//! on a `current_thread` runtime, on 127.0.0.1:
//!
//! - `tokio_stream_64k`: 64 KiB written with `write_all` and read with `read_exact` at the
//!   other end, both awaited together;
//! - `tokio_connect_accept_close`: connect, accept, and close both ends.
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

criterion_group!(benches, stream_64k, connect_accept_close);
criterion_main!(benches);
