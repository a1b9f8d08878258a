//! Socket options, each settable only in the states where it takes effect.
//!
//! The options live in one file per group, in the order the `Socket` page shows them (see
//! the note on the modules in `lib.rs`): [`lifecycle`], the options most programs set (those
//! `bind(2)` reads, the buffer sizes, the timeouts, and the first TCP ones); then one file per
//! level, as socket2 groups them: [`socket`] (`SOL_SOCKET`), [`ip`] (`IPPROTO_IP`), [`ipv6`]
//! (`IPPROTO_IPV6`), [`tcp`] (`IPPROTO_TCP`) and [`unix`] (`AF_UNIX`).
//! The options of socket2 left out, and why, are listed in the docs of the socket-level
//! block (`socket.rs`), where the `Socket` page shows them.

use std::io;
use std::time::Duration;

use crate::sys;

/// A getter that reads an option back through socket2's method of the same name, in every
/// state: its docs and `cfg`s, then `mark -> u32 where K: InetKind`. The setters stay
/// written out: each has its own bound, check and docs.
macro_rules! socket2_getter {
    ($(#[$attr:meta])* $name:ident -> $ty:ty $(where $($bound:tt)+)?) => {
        $(#[$attr])*
        pub fn $name(&self) -> std::io::Result<$ty>
        $(where $($bound)+)?
        {
            self.inner().$name()
        }
    };
}
pub(crate) use socket2_getter;

// Kept apart by blank lines, which stop rustfmt from sorting them: this is the page's order.
mod lifecycle;

mod socket;

mod ip;
mod ipv6;
mod tcp;
mod unix;

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use ip::PathMtuDiscovery;
pub use tcp::TcpKeepalive;

/// A timeout as the kernel is to hold it: refused if zero (the kernel's "forever"), or if
/// it is not a whole number of the `timeval`'s microseconds (Windows: milliseconds), which
/// the kernel could only round.
fn kernel_timeout(option: &str, timeout: Option<Duration>) -> io::Result<Option<Duration>> {
    match timeout {
        Some(Duration::ZERO) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{option}: a zero timeout is not allowed: use None to wait forever"),
        )),
        Some(t) => whole(option, t, sys::TIMEOUT_UNIT, Duration::MAX).map(Some),
        None => Ok(None),
    }
}

/// `d` if it is a whole number of `unit`s, at most `max`; else `InvalidInput` naming the
/// option, the value and the kernel's unit or limit. Nothing is rounded.
pub(crate) fn whole(
    option: &str,
    d: Duration,
    unit: Duration,
    max: Duration,
) -> io::Result<Duration> {
    if d.as_nanos() % unit.as_nanos() != 0 {
        return Err(invalid(format!(
            "{option}: {d:?} is not a whole number of {unit:?}, the unit the kernel counts in"
        )));
    }
    if d > max {
        return Err(invalid(format!(
            "{option}: {d:?} is past the kernel's limit, {max:?}"
        )));
    }
    Ok(d)
}

/// `value` if it is in `range`, else `InvalidInput` naming the option, the value and the
/// range the kernel takes.
pub(crate) fn in_range<T: PartialOrd + std::fmt::Display>(
    option: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
) -> io::Result<T> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(invalid(format!(
            "{option}: {value} is out of the range the kernel takes, {}..={}",
            range.start(),
            range.end()
        )))
    }
}

/// An `InvalidInput` error with `message`.
#[cold]
pub(crate) fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Sets a value the kernel may transform in ways that vary by system and configuration
/// (clock ticks, sysctl caps): `set(want)`, then `get()`. If the kernel holds anything but
/// `want`, the value held before is set again and the error names the value asked, the one
/// the kernel would have held, and `why`.
pub(crate) fn set_verified<T: PartialEq + std::fmt::Debug + Clone>(
    option: &str,
    want: T,
    why: &str,
    get: impl Fn() -> io::Result<T>,
    set: impl Fn(T) -> io::Result<()>,
) -> io::Result<()> {
    let before = get()?;
    set(want.clone())?;
    let held = get()?;
    if held == want {
        return Ok(());
    }
    // Best effort: the error below is the one to report.
    let _ = set(before.clone());
    Err(invalid(format!(
        "{option}: asked {want:?}, the kernel would hold {held:?} ({why}); the socket keeps \
         {before:?}"
    )))
}

/// Rounds `d` up to a whole number of `unit`s; a duration too large to round up is returned
/// as it is (it is past every limit the kernel has anyway).
pub(crate) fn round_up(d: Duration, unit: Duration) -> Duration {
    let (n, u) = (d.as_nanos(), unit.as_nanos());
    let rounded = n.div_ceil(u) * u;
    match u64::try_from(rounded / 1_000_000_000) {
        Ok(secs) => Duration::new(secs, (rounded % 1_000_000_000) as u32),
        Err(_) => d,
    }
}

/// Explains an `ENOPROTOOPT` from an IPv6 option on a socket of the other family.
#[cold]
fn ipv6_only_option(error: io::Error, option: &str) -> io::Error {
    if !sys::is_no_such_option(&error) {
        return error;
    }
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{option} is an IPv6 option and this is an IPv4 socket ({error}): make the socket \
             with `Socket::tcp_v6()`, `udp_v6()` or `tcp_for(addr)` with an IPv6 address"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::round_up;
    use std::time::Duration;

    #[test]
    fn round_up_never_rounds_down_and_never_panics() {
        let us = Duration::from_micros(1);
        let s = Duration::from_secs(1);
        assert_eq!(round_up(Duration::from_nanos(1), us), us);
        assert_eq!(round_up(Duration::from_nanos(500), us), us);
        assert_eq!(
            round_up(Duration::from_millis(999), us),
            Duration::from_millis(999)
        );
        assert_eq!(round_up(Duration::from_millis(500), s), s);
        assert_eq!(round_up(Duration::from_millis(1500), s), 2 * s);
        assert_eq!(round_up(Duration::from_secs(3), s), 3 * s);
        assert_eq!(round_up(Duration::MAX, us), Duration::MAX);
        assert_eq!(round_up(Duration::MAX, s), Duration::MAX);
    }
}
