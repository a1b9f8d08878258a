//! Datagrams per second over loopback, 64-byte and 1,200-byte: a std `send_to`/`recv_from`
//! loop, the same loop with typesock, typesock batches of 32 and 64
//! (`send_batch_to`/`recv_batch_from`: `sendmmsg`/`recvmmsg` on Linux), and, on Linux,
//! segmentation offload (`send_segments_to` of 32 datagrams, `recv_segments_from` with GRO).
//!
//! Every iteration moves 64 datagrams from one bound socket to another in the same thread:
//! sent, then received. The variants run in one process, interleaved: the groups are
//! rounds (`datagrams_64B_r1`, `datagrams_1200B_r1`, `datagrams_64B_r2`, ...), each running
//! them all in turn, so that a slow spell of the shared machine hits them alike.
//!
//! Run with `cargo bench -p typesock-benches --bench batch`; `python3 benches/batch_ratios.py`
//! prints each round's throughputs and their ratios to std's loop. The sockets are made by
//! the crate's shared set-up (`src/lib.rs`).
#![cfg(target_os = "linux")]

use std::hint::black_box;
use std::io::{IoSlice, IoSliceMut};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use typesock::RecvMeta;
use typesock_benches::{std_udp, typesock_udp};

/// Datagrams per iteration.
const PER_ITER: usize = 64;
/// Rounds of the variants.
const ROUNDS: usize = 3;
/// The receiver's buffer: it holds a whole iteration's datagrams.
const RECV_BUFFER: Option<usize> = Some(1 << 20);

fn round<const SIZE: usize>(c: &mut Criterion, round: usize) {
    let mut group = c.benchmark_group(format!("datagrams_{SIZE}B_r{round}"));
    group.throughput(Throughput::Elements(PER_ITER as u64));
    let data = [0x42_u8; SIZE];
    let mut buf = [0_u8; SIZE];

    group.bench_function("std", |b| {
        let (a, z, to) = std_udp(RECV_BUFFER);
        b.iter(|| {
            for _ in 0..PER_ITER {
                a.send_to(black_box(&data), to).unwrap();
                black_box(z.recv_from(&mut buf).unwrap());
            }
        });
    });

    group.bench_function("typesock", |b| {
        let (a, z, to) = typesock_udp(RECV_BUFFER);
        b.iter(|| {
            for _ in 0..PER_ITER {
                a.send_to(black_box(&data), to).unwrap();
                black_box(z.recv_from(&mut buf).unwrap());
            }
        });
    });

    for batch in [32, 64] {
        group.bench_function(format!("typesock_batch_{batch}"), |b| {
            let (a, z, to) = typesock_udp(RECV_BUFFER);
            let out = [IoSlice::new(&data); PER_ITER];
            let addrs = [to; PER_ITER];
            let mut storage = [[0_u8; SIZE]; PER_ITER];
            let mut meta = [const { RecvMeta::new() }; PER_ITER];
            b.iter_custom(|iters| {
                let mut slices: Vec<IoSliceMut<'_>> =
                    storage.iter_mut().map(|s| IoSliceMut::new(s)).collect();
                let start = Instant::now();
                for _ in 0..iters {
                    for first in (0..PER_ITER).step_by(batch) {
                        let end = first + batch;
                        let mut sent = first;
                        while sent < end {
                            sent += a.send_batch_to(&out[sent..end], &addrs[sent..end]).unwrap();
                        }
                        let mut got = first;
                        while got < end {
                            got += z
                                .recv_batch_from(&mut slices[got..end], &mut meta[got..end])
                                .unwrap();
                        }
                    }
                    black_box(&meta);
                }
                start.elapsed()
            });
        });
    }
    // Linux's segmentation offload: 32 datagrams per `sendmsg` (`UDP_SEGMENT`), received
    // coalesced (`UDP_GRO`), as many as the kernel puts in one buffer.
    group.bench_function("typesock_gso_gro", |b| {
        let (a, z, to) = typesock_udp(RECV_BUFFER);
        let z = z.with_gro().unwrap();
        let out = vec![0x42_u8; SIZE * 32];
        let mut big = vec![0_u8; 1 << 16];
        b.iter(|| {
            for _ in 0..2 {
                a.send_segments_to(black_box(&out), SIZE as u16, to)
                    .unwrap();
            }
            let mut got = 0;
            while got < SIZE * PER_ITER {
                got += z.recv_segments_from(&mut big).unwrap().len();
            }
        });
    });
    group.finish();
}

fn rounds(c: &mut Criterion) {
    for r in 1..=ROUNDS {
        round::<64>(c, r);
        round::<1200>(c, r);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = rounds
}
criterion_main!(benches);

/// The benchmarks are measured on Linux; elsewhere this program does nothing.
#[cfg(not(target_os = "linux"))]
fn main() {}
