//! No value changes: every integer, size and duration setter, with every edge value, either
//! makes the kernel hold exactly the value asked for or returns an error, and after an error
//! the socket holds what it held before. One table holds every setter;
//! `every_setter_is_in_the_table` reads the sources so that a new setter cannot be left out.
//!
//! Then the waits that take a deadline, which must never panic.

mod common;

use std::io;
use std::time::{Duration, Instant};

use typesock::{FinishError, Socket};

use common::loopback;

/// What one set-then-read-back showed.
enum Seen<T> {
    /// The parameter's type cannot carry the value (`usize::MAX` into a `u32`): the compiler
    /// refuses it, nothing to check.
    NotTaken,
    /// The setter failed; the value held before and after.
    Refused(io::Error, T, T),
    /// The setter succeeded; the value held after.
    Held(T),
}

/// One integer or size setter: its name, the kernel's largest value, whether it is a byte
/// (TTL, hop limit, TOS), what the getter reads back for an accepted value, and the check.
struct IntRow {
    name: &'static str,
    max: u128,
    byte: bool,
    held_for: fn(u128) -> u128,
    run: fn(u128) -> Seen<u128>,
}

/// One duration setter: its name, the kernel's unit and largest value, and the check.
struct DurationRow {
    name: &'static str,
    unit: Duration,
    max: Duration,
    run: fn(Duration) -> Seen<Option<Duration>>,
}

/// A set then a read back of `$set`/`$get` on a fresh `$socket`, the value converted to
/// the parameter's type `$ty` (and wrapped by `$wrap`), the read value by `$back`.
macro_rules! int_row {
    ($name:ident, $max:expr, $byte:expr, $held:expr, $socket:expr, $ty:ty, $get:ident,
     $wrap:expr, $back:expr) => {
        IntRow {
            name: stringify!($name),
            max: $max,
            byte: $byte,
            held_for: $held,
            run: |v| {
                let Ok(v) = <$ty>::try_from(v) else {
                    return Seen::NotTaken;
                };
                let socket = $socket;
                let before: u128 = ($back)(socket.$get().unwrap());
                match socket.$name(($wrap)(v)) {
                    Ok(()) => Seen::Held(($back)(socket.$get().unwrap())),
                    Err(e) => Seen::Refused(e, before, ($back)(socket.$get().unwrap())),
                }
            },
        }
    };
}

macro_rules! duration_row {
    ($name:ident, $unit:expr, $max:expr, $socket:expr, $get:ident, $wrap:expr,
     $back:expr) => {
        DurationRow {
            name: stringify!($name),
            unit: $unit,
            max: $max,
            run: |d| {
                let socket = $socket;
                let before: Option<Duration> = ($back)(socket.$get().unwrap());
                match socket.$name(($wrap)(d)) {
                    Ok(()) => Seen::Held(($back)(socket.$get().unwrap())),
                    Err(e) => Seen::Refused(e, before, ($back)(socket.$get().unwrap())),
                }
            },
        }
    };
}

fn same<T: Into<u128>>(v: T) -> u128 {
    v.into()
}

fn exact(v: u128) -> u128 {
    v
}

/// Linux holds twice the buffer size asked for (socket(7)); the other systems what was asked.
fn doubled(v: u128) -> u128 {
    if cfg!(any(target_os = "linux", target_os = "android")) {
        v * 2
    } else {
        v
    }
}

fn sysctl(name: &str) -> Option<u128> {
    std::fs::read_to_string(format!("/proc/sys/{name}"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn tcp() -> Socket<typesock::Unbound> {
    Socket::tcp_v4().unwrap()
}

fn udp() -> Socket<typesock::Unbound, typesock::Udp> {
    Socket::udp_v4().unwrap()
}

fn bound_udp() -> Socket<typesock::Bound, typesock::Udp> {
    udp().bind(loopback()).unwrap()
}

fn udp6() -> Socket<typesock::Unbound, typesock::Udp> {
    Socket::udp_v6().unwrap()
}

/// A `TcpKeepalive` built by `with`, kept for the test's life (the rows' setters take it by
/// reference): held in a static, so memcheck sees it reachable, not lost.
fn keepalive(
    with: impl FnOnce(typesock::TcpKeepalive) -> typesock::TcpKeepalive,
) -> &'static typesock::TcpKeepalive {
    static KEPT: std::sync::Mutex<Vec<&'static typesock::TcpKeepalive>> =
        std::sync::Mutex::new(Vec::new());
    let kept = Box::leak(Box::new(with(typesock::TcpKeepalive::new())));
    KEPT.lock().unwrap().push(kept);
    kept
}

const I32_MAX: u128 = i32::MAX as u128;

/// Every integer and size setter, one row each: the setter, the kernel's largest value,
/// whether it is a byte, what the getter reads back for a value held, the socket, the
/// parameter's type, the getter, how the value is passed, and how the read value is counted.
/// (Braces keep rustfmt from laying the table out one field a line.)
#[rustfmt::skip]
fn int_rows() -> Vec<IntRow> {
    let rmem_max = sysctl("net/core/rmem_max").unwrap_or(I32_MAX / 2);
    let wmem_max = sysctl("net/core/wmem_max").unwrap_or(I32_MAX / 2);
    let somaxconn = sysctl("net/core/somaxconn").unwrap_or(4096);
    let u32_max = u32::MAX as u128;
    let _ = (rmem_max, wmem_max, somaxconn, u32_max);
    vec![
        int_row! { set_recv_buffer_size, rmem_max, false, doubled, udp(), usize,
            recv_buffer_size, |v| v, |v: usize| v as u128 },
        int_row! { set_send_buffer_size, wmem_max, false, doubled, udp(), usize,
            send_buffer_size, |v| v, |v: usize| v as u128 },
        int_row! { set_ttl, 255, true, exact, udp(), u32, ttl, |v| v, same },
        int_row! { set_ttl, 255, true, exact, udp6(), u32, ttl, |v| v, same },
        #[cfg(not(any(target_os = "fuchsia", target_os = "redox", target_os = "solaris")))]
        int_row! { set_tos_v4, 255, true, exact, udp(), u32, tos_v4, |v| v, same },
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd",
            target_os = "macos"))]
        int_row! { set_tclass_v6, 255, true, exact, udp6(), u32, tclass_v6, |v| v, same },
        int_row! { set_unicast_hops_v6, 255, true, exact, udp6(), u32, unicast_hops_v6,
            |v| v, same },
        int_row! { set_multicast_hops_v6, 255, true, exact, udp6(), u32, multicast_hops_v6,
            |v| v, same },
        int_row! { set_multicast_if_v6, u32_max, false, exact, udp6(), u32, multicast_if_v6,
            |v| v, same },
        int_row! { set_multicast_ttl_v4, 255, true, exact, udp(), u32, multicast_ttl_v4,
            |v| v, same },
        #[cfg(target_os = "linux")]
        int_row! { set_mark, u32_max, false, exact, udp(), u32, mark, |v| v, same },
        #[cfg(target_os = "linux")]
        int_row! { set_priority, u32_max, false, exact, udp(), u32, priority, |v| v, same },
        #[cfg(target_os = "linux")]
        int_row! { set_busy_poll, I32_MAX, false, exact, udp(), u32, busy_poll, |v| v, same },
        #[cfg(target_os = "linux")]
        int_row! { set_cpu_affinity, I32_MAX, false, exact, udp(), usize, cpu_affinity,
            |v| v, |v: usize| v as u128 },
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        int_row! { bind_device_by_index_v4, u32_max, false, exact, udp(), u32,
            device_index_v4, std::num::NonZeroU32::new,
            |v: Option<std::num::NonZeroU32>| v.map_or(0, |v| v.get() as u128) },
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
        int_row! { bind_device_by_index_v6, u32_max, false, exact, udp6(), u32,
            device_index_v6, std::num::NonZeroU32::new,
            |v: Option<std::num::NonZeroU32>| v.map_or(0, |v| v.get() as u128) },
        #[cfg(unix)]
        int_row! { set_tcp_mss, 32767, false, exact, tcp(), u32, tcp_mss, |v| v, same },
        #[cfg(any(target_os = "linux", target_os = "android"))]
        int_row! { set_tcp_notsent_lowat, u32_max, false, exact, tcp(), u32,
            tcp_notsent_lowat, |v| v, same },
        #[cfg(any(target_os = "linux", target_os = "android"))]
        int_row! { set_tcp_fastopen, somaxconn, false, exact, tcp(), u32, tcp_fastopen,
            |v| v, same },
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd",
            target_os = "macos"))]
        int_row! { set_tcp_keepalive, 127, false, exact, tcp(), u32, tcp_keepalive_retries,
            |v| keepalive(|k| k.with_retries(v)), same },
    ]
}

/// Every duration setter, one row each: the setter, the kernel's unit and largest value, the
/// socket, the getter, how the value is passed, and how the read value is compared.
#[rustfmt::skip]
fn duration_rows() -> Vec<DurationRow> {
    let secs = Duration::from_secs;
    let ms = Duration::from_millis;
    let us = Duration::from_micros;
    let int_max = i32::MAX as u64;
    let _ = (ms, int_max);
    vec![
        duration_row! { set_read_timeout, us(1), Duration::MAX, bound_udp(), read_timeout,
            Some, |v| v },
        duration_row! { set_write_timeout, us(1), Duration::MAX, bound_udp(), write_timeout,
            Some, |v| v },
        duration_row! { set_linger, secs(1), secs(int_max), tcp(), linger, Some, |v| v },
        #[cfg(any(target_os = "linux", target_os = "android"))]
        duration_row! { set_tcp_user_timeout, ms(1), ms(int_max), tcp(), tcp_user_timeout,
            Some, |v| v },
        #[cfg(any(target_os = "linux", target_os = "android"))]
        duration_row! { set_tcp_defer_accept, secs(1), secs(int_max), tcp(), tcp_defer_accept,
            Some, |v| v },
        #[cfg(unix)]
        duration_row! { set_tcp_keepalive, secs(1), secs(32767), tcp(), tcp_keepalive_time,
            |v| keepalive(|k| k.with_time(v)), Some },
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd",
            target_os = "macos"))]
        duration_row! { set_tcp_keepalive, secs(1), secs(32767), tcp(), tcp_keepalive_interval,
            |v| keepalive(|k| k.with_interval(v)), Some },
    ]
}

/// An error must say what it refused: the crate's own errors are `InvalidInput`; the
/// kernel's may be `PermissionDenied` (a value that needs privilege) or `NotFound`/`ENODEV`
/// (an interface that does not exist).
fn check_error(name: &str, asked: &dyn std::fmt::Debug, e: &io::Error, failures: &mut Vec<String>) {
    let ok = matches!(
        e.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::PermissionDenied
    ) || e.raw_os_error() == Some(19); // ENODEV: no interface of that index
    if !ok {
        failures.push(format!("{name}({asked:?}): unexpected error kind: {e}"));
    }
}

#[test]
fn every_integer_setter_holds_the_value_or_refuses_it() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in int_rows() {
        let mut values = vec![0, 1, row.max, row.max + 1, I32_MAX, I32_MAX + 1];
        values.extend([u32::MAX as u128, u32::MAX as u128 + 1, usize::MAX as u128]);
        if row.byte {
            values.extend([255, 256]);
        }
        values.sort();
        values.dedup();
        for asked in values {
            match (row.run)(asked) {
                Seen::NotTaken => {}
                Seen::Held(held) => {
                    checked += 1;
                    let want = (row.held_for)(asked);
                    if held != want {
                        failures.push(format!(
                            "{}({asked}): Ok, but the kernel holds {held} (expected {want})",
                            row.name
                        ));
                    }
                }
                Seen::Refused(e, before, after) => {
                    checked += 1;
                    check_error(row.name, &asked, &e, &mut failures);
                    if before != after {
                        failures.push(format!(
                            "{}({asked}): Err({e}), and the value changed: {before} -> {after}",
                            row.name
                        ));
                    }
                }
            }
        }
    }
    println!("{checked} integer cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_duration_setter_holds_the_value_or_refuses_it() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in duration_rows() {
        let ns = Duration::from_nanos(1);
        let mut values = vec![
            Duration::ZERO,
            ns,
            Duration::from_micros(1) + ns,
            Duration::from_millis(1) + ns,
            Duration::from_millis(999),
            Duration::from_secs(1),
            Duration::from_millis(1500),
            Duration::from_secs(3),
            row.unit,
            row.max,
            Duration::from_secs(i32::MAX as u64),
            Duration::from_secs(i32::MAX as u64 + 1),
            Duration::from_secs(u32::MAX as u64),
            Duration::MAX,
        ];
        if let Some(past) = row.max.checked_add(row.unit) {
            values.push(past);
        }
        values.sort();
        values.dedup();
        for asked in values {
            checked += 1;
            match (row.run)(asked) {
                Seen::NotTaken => {}
                Seen::Held(held) => {
                    if held != Some(asked) {
                        failures.push(format!(
                            "{}({asked:?}): Ok, but the kernel holds {held:?}",
                            row.name
                        ));
                    }
                }
                Seen::Refused(e, before, after) => {
                    check_error(row.name, &asked, &e, &mut failures);
                    if before != after {
                        failures.push(format!(
                            "{}({asked:?}): Err({e}), and the value changed: {before:?} -> \
                             {after:?}",
                            row.name
                        ));
                    }
                }
            }
        }
    }
    println!("{checked} duration cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The parameter types that carry a number, a size or a duration.
const NUMERIC: [&str; 8] = [
    "u8",
    "u16",
    "u32",
    "u64",
    "usize",
    "i32",
    "Duration",
    "NonZeroU32",
];

/// Every public setter (`set_*`, `bind_device*`) in the option files and `udp.rs` whose
/// parameter is a number, a size or a duration (or a `TcpKeepalive`) has a row: a new one
/// fails here until it has. On Linux, where every row but FreeBSD's `set_fib` builds.
#[cfg(target_os = "linux")]
#[test]
fn every_setter_is_in_the_table() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files: Vec<_> = std::fs::read_dir(format!("{dir}/options"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(format!("{dir}/udp.rs").into());
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let line = line.trim();
            let Some(rest) = line.strip_prefix("pub fn ") else {
                continue;
            };
            let Some((name, params)) = rest.split_once('(') else {
                continue;
            };
            let params = params
                .split(')')
                .next()
                .unwrap_or("")
                .replace("[u8]", "bytes");
            let numeric = params
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|word| NUMERIC.contains(&word) || word == "TcpKeepalive");
            let setter = name.starts_with("set_") || name.starts_with("bind_device");
            if setter && params.starts_with("&self,") && numeric {
                found.push(name.to_string());
            }
        }
    }
    found.sort();
    found.dedup();
    let mut table: Vec<&str> = int_rows().iter().map(|r| r.name).collect();
    table.extend(duration_rows().iter().map(|r| r.name));
    // Setters of other platforms, which the table holds where they build.
    let elsewhere = ["set_fib"];
    let missing: Vec<_> = found
        .iter()
        .filter(|n| !table.contains(&n.as_str()) && !elsewhere.contains(&n.as_str()))
        .collect();
    println!("{} numeric setters: {}", found.len(), found.join(", "));
    assert!(
        missing.is_empty(),
        "setters without a row in tests/values.rs: {missing:?}"
    );
}

#[test]
fn waits_with_the_longest_durations_never_panic() {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    let durations = [
        Duration::from_nanos(1),
        Duration::from_millis(999),
        Duration::from_millis(1500),
        Duration::MAX,
    ];
    for asked in durations {
        let client = Socket::tcp_v4()
            .unwrap()
            .connect_timeout(addr, asked)
            .unwrap();
        let _ = listener.accept().unwrap();
        drop(client);
        let connecting = Socket::tcp_v4().unwrap().connect_nonblocking(addr).unwrap();
        match connecting.wait(Some(asked)) {
            Ok(connected) => drop(connected),
            // 1 ns may pass before the handshake on loopback does.
            Err(FinishError::TimedOut { socket, .. }) if asked < Duration::from_millis(1) => {
                let _ = socket.wait(Some(Duration::from_secs(5))).unwrap();
            }
            Err(e) => panic!("wait({asked:?}): {e}"),
        }
        let _ = listener.accept().unwrap();
    }
}

#[test]
fn a_timeout_the_kernel_can_hold_times_out() {
    let socket = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    assert_eq!(
        socket.read_timeout().unwrap(),
        Some(Duration::from_millis(20))
    );
    let start = Instant::now();
    let err = socket.recv_from(&mut [0; 8]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
    assert!(start.elapsed() < Duration::from_secs(5));
}
