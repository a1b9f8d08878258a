//! Soak: 1,000,000 connect/accept/close cycles on loopback, with the process's descriptor
//! count and resident memory reported at the start and the end, and checked flat.
//!
//! Ignored by `cargo test` (it takes about a minute); `.ci/run` runs it on its own with
//! `cargo test --test soak -- --ignored --nocapture`. `SOAK_CYCLES` sets another count.
#![cfg(target_os = "linux")]

mod common;

use std::time::Instant;

use typesock::Socket;

use common::{loopback, open_descriptors};

/// Resident memory, in KiB (`VmRSS` of `/proc/self/status`).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
#[ignore = "a minute long: .ci/run runs it with --ignored"]
fn a_million_connections_leave_descriptors_and_memory_flat() {
    let cycles: usize = std::env::var("SOAK_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let listener = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let listener = listener.listen(128).unwrap();
    let addr = listener.local_addr().unwrap();
    let cycle = || {
        // SO_LINGER 0: the client's close resets the connection, so none stays in
        // TIME-WAIT and the ports the connects pick do not run out.
        let client = Socket::tcp_v4().unwrap();
        client.set_linger(Some(std::time::Duration::ZERO)).unwrap();
        let client = client.connect(addr).unwrap();
        let (server, _) = listener.accept().unwrap();
        client.close().unwrap();
        drop(server);
    };
    // Warm up: the allocator's and the kernel's first-use costs are not a leak.
    for _ in 0..10_000.min(cycles) {
        cycle();
    }
    let (fds, rss, started) = (open_descriptors(), resident_kib(), Instant::now());
    println!("start: {fds} descriptors, {rss} KiB resident");
    for _ in 0..cycles {
        cycle();
    }
    let (fds_end, rss_end) = (open_descriptors(), resident_kib());
    println!(
        "after {cycles} cycles in {:?}: {fds_end} descriptors, {rss_end} KiB resident",
        started.elapsed()
    );
    assert_eq!(fds_end, fds, "descriptors leaked");
    assert!(
        rss_end < rss + 1024,
        "resident memory grew by {} KiB",
        rss_end.saturating_sub(rss)
    );
}
