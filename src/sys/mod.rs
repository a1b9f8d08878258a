//! The platform layer, the bottom of the crate: every syscall that socket2 does not make for
//! us and every `unsafe` block live under this module. It works on `socket2::Socket`s,
//! borrowed descriptors and std's types, and names no module above it (the import check:
//! `cargo test -p typesock-docgen imports`). The typestate layer above it never names
//! `libc`; its `cfg`s say only which platforms have a method or a type.
//!
//! One `unsafe` item sits outside: `unsafe impl SocketView for Socket<S, K>`, on the type
//! whose `#[repr(transparent)]` layout it promises, for [`view`].

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
mod ancillary;
#[cfg(unix)]
mod batch;
#[cfg(unix)]
pub(crate) mod cmsg;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod errqueue;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod gso;
#[cfg(unix)]
mod inet;
#[cfg(unix)]
mod options;
#[cfg(unix)]
mod unix;
#[cfg(all(feature = "__fuzz", any(target_os = "linux", target_os = "android")))]
pub(crate) use ancillary::parse_recv;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use ancillary::{SendExtras, send_with_extras};
#[cfg(unix)]
pub(crate) use batch::*;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use errqueue::*;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use gso::*;
#[cfg(unix)]
pub(crate) use inet::*;
#[cfg(unix)]
pub(crate) use options::*;
#[cfg(unix)]
pub(crate) use unix::*;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub(crate) use windows::*;

/// What the wait for writability (`poll(2)`; Windows: `select`) reported for a socket that
/// became writable.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Writable {
    /// `POLLHUP` (Windows: the exception set): the connection was closed, or the connect
    /// failed.
    hang_up: bool,
}

impl Writable {
    /// Whether the connection was closed (or, on Windows, the connect failed).
    pub(crate) fn hang_up(self) -> bool {
        self.hang_up
    }
}

/// Whether `UDP_GRO` is on: never, where the kernel has no receive offload.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn gro_enabled(_socket: &socket2::Socket) -> std::io::Result<bool> {
    Ok(false)
}

/// Views an initialised byte buffer as the `MaybeUninit` buffer socket2's `recv_from` takes.
pub(crate) fn as_uninit(buf: &mut [u8]) -> &mut [std::mem::MaybeUninit<u8>] {
    // SAFETY: `u8` and `MaybeUninit<u8>` have the same layout, the buffer starts initialised,
    // and the kernel writes only initialised bytes into it, so it stays initialised.
    unsafe { &mut *(buf as *mut [u8] as *mut [std::mem::MaybeUninit<u8>]) }
}

#[cfg(unix)]
pub(crate) mod peer_cred;
#[cfg(feature = "tokio")]
pub(crate) mod reactor;
#[cfg(unix)]
pub(crate) mod unix_msg;

/// The protocol numbers adoption checks against `SO_PROTOCOL`: IANA's, the same on every
/// platform (MPTCP's is Linux's own, above the 8-bit IANA range).
pub(crate) const IPPROTO_TCP: i32 = 6;
/// UDP's protocol number.
pub(crate) const IPPROTO_UDP: i32 = 17;
/// Multipath TCP's protocol number on Linux (`IPPROTO_MPTCP`, `include/uapi/linux/in.h`).
pub(crate) const IPPROTO_MPTCP: i32 = 262;

/// A TCP socket's state as the kernel keeps it (`TCP_INFO`'s `tcpi_state` on Linux and
/// FreeBSD, `TCP_CONNECTION_INFO`'s on Apple's kernels), in the names of RFC 9293.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(windows, allow(dead_code))]
pub(crate) enum TcpState {
    /// No connection. `used`: whether the socket has sent or received a segment (a
    /// connection that was reset or closed both ways), where the kernel counts them
    /// (`tcpi_segs_out`/`tcpi_segs_in` on Linux, `tcpi_txpackets`/`tcpi_rxpackets` on Apple's
    /// kernels); `None` where it does not.
    Closed {
        used: Option<bool>,
    },
    Listen,
    SynSent,
    SynReceived,
    Established,
    CloseWait,
    FinWait1,
    FinWait2,
    Closing,
    LastAck,
    TimeWait,
}

/// A type that is nothing but a `socket2::Socket` in memory, so that [`view`] may show a
/// `socket2::Socket` as one: the crate's `Socket<S, K>`.
///
/// # Safety
///
/// Implement it only for a `#[repr(transparent)]` struct whose one field that is not
/// zero-sized is a `socket2::Socket`.
#[cfg_attr(not(feature = "tokio"), allow(dead_code))]
pub(crate) unsafe trait SocketView {}

/// Views a registered descriptor as the typed socket it is, without moving it: the async
/// socket keeps one registration for its whole life (`reactor::Registration`: tokio's
/// `AsyncFd` on Unix), and its state in its own type.
#[cfg(feature = "tokio")]
pub(crate) fn view<T: SocketView>(inner: &socket2::Socket) -> &T {
    // SAFETY: `T: SocketView` is `#[repr(transparent)]` over `socket2::Socket` (its other
    // fields are zero-sized), so the two have one layout and alignment; the returned
    // reference borrows `inner` for the same lifetime, and the crate's `Socket` adds no
    // invariant a `socket2::Socket` lacks beyond the state the caller's type vouches for.
    unsafe { &*(inner as *const socket2::Socket).cast::<T>() }
}
