//! UDP segmentation offload on Linux and Android (udp(7)): `UDP_SEGMENT` as a control message
//! of `sendmsg(2)` sends one buffer as many datagrams of one size, cut by the kernel (or the
//! NIC) after the stack has carried the buffer once; `UDP_GRO` lets `recvmsg(2)` return many
//! datagrams of one sender, coalesced, with their size in a control message.

use std::io;
use std::mem;
use std::net::SocketAddr;
use std::os::fd::{AsFd, AsRawFd};

use super::inet::read_inet;

/// Room for one control message of an `int` (`CMSG_SPACE(4)` is 24 bytes on 64-bit Linux),
/// aligned for a `cmsghdr`.
#[repr(C, align(8))]
struct Control([u8; 64]);

/// `sendmsg(2)` of `buf` as datagrams of `segment` bytes (the last may be shorter), to
/// `addr` or (`None`) the connected peer, with `MSG_NOSIGNAL`; `extras` may add a source
/// address and a traffic class.
pub(crate) fn send_segments(
    socket: &socket2::Socket,
    buf: &[u8],
    segment: u16,
    addr: Option<&SocketAddr>,
    extras: super::SendExtras,
) -> io::Result<usize> {
    let extras = super::SendExtras {
        segment: Some(segment),
        ..extras
    };
    super::send_with_extras(socket, buf, addr, extras)
}

/// `recvmsg(2)` of one buffer: the bytes received, the size of the datagrams coalesced in it
/// (the `UDP_GRO` control message; the length itself when there is none, a single
/// datagram), whether it was truncated, and the sender.
pub(crate) fn recv_segments(
    socket: &socket2::Socket,
    buf: &mut [u8],
) -> io::Result<(usize, usize, bool, SocketAddr)> {
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let mut control = Control([0; 64]);
    // SAFETY: `sockaddr_storage` is plain old data; all zeroes is a valid value.
    let mut name: libc::sockaddr_storage = unsafe { mem::zeroed() };
    // SAFETY: as above, for `msghdr`.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_name = (&raw mut name).cast();
    msg.msg_namelen = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast();
    msg.msg_controllen = control.0.len() as _;
    // SAFETY: every pointer in `msg` is valid for writes of the length beside it for the
    // call.
    let n = unsafe { libc::recvmsg(socket.as_raw_fd(), &mut msg, 0) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let n = n as usize;
    // `msg_controllen` is a `size_t` with glibc, a `socklen_t` with musl.
    #[allow(clippy::unnecessary_cast)]
    let written = (msg.msg_controllen as usize).min(control.0.len());
    let segment = super::ancillary::parse_recv(&control.0[..written])
        .segment
        .unwrap_or(n);
    let len = (msg.msg_namelen as usize).min(size_of::<libc::sockaddr_storage>());
    // SAFETY: `name` is initialised throughout (zeroed, then written) and aligned for any
    // address; `len` is within it.
    let from = unsafe { read_inet((&raw const name).cast(), len) }?;
    Ok((n, segment, msg.msg_flags & libc::MSG_TRUNC != 0, from))
}

/// The most segments one `UDP_SEGMENT` send may carry on any kernel: `UDP_MAX_SEGMENTS`,
/// `(1 << 7)` in current kernels' `include/linux/udp.h` (128; accepted on Linux 6.18, one
/// more is `EINVAL`). Older kernels have `(1 << 6)`, [`OLD_MAX_SEGMENTS`].
pub(crate) const MAX_SEGMENTS: usize = 128;

/// `UDP_MAX_SEGMENTS` of older kernels (`1 << 6`): past it they answer `EINVAL`.
pub(crate) const OLD_MAX_SEGMENTS: usize = 64;

/// Why the kernel refused a segmented send, as far as its errno tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegmentRefusal {
    /// `EIO`: the route's device cannot segment (no checksum offload, or an `xfrm`
    /// transform on the route; `udp_send_skb` in `net/ipv4/udp.c`).
    Device,
    /// `EINVAL`: a limit of the kernel (too many segments for its `UDP_MAX_SEGMENTS`, a
    /// segment larger than the path's MTU allows) or a socket option that rules GSO out
    /// (`SO_NO_CHECK`).
    Limit,
    /// Anything else: an ordinary send error.
    Other,
}

/// What the errno of a failed segmented send says.
pub(crate) fn segment_refusal(error: &io::Error) -> SegmentRefusal {
    match error.raw_os_error() {
        Some(libc::EIO) => SegmentRefusal::Device,
        Some(libc::EINVAL) => SegmentRefusal::Limit,
        _ => SegmentRefusal::Other,
    }
}

/// `setsockopt(SOL_UDP, UDP_GRO)`.
pub(crate) fn set_gro(socket: &socket2::Socket, on: bool) -> io::Result<()> {
    super::setsockopt(
        socket.as_fd(),
        libc::SOL_UDP,
        libc::UDP_GRO,
        libc::c_int::from(on),
    )
}

/// Whether `UDP_GRO` is on: `getsockopt(SOL_UDP, UDP_GRO)`. A kernel that cannot read it
/// back (`ENOPROTOOPT`, before Linux 5.12) is taken to have it off.
pub(crate) fn gro_enabled(socket: &socket2::Socket) -> io::Result<bool> {
    match super::getsockopt(
        socket.as_fd(),
        libc::SOL_UDP,
        libc::UDP_GRO,
        0 as libc::c_int,
    ) {
        Ok(on) => Ok(on != 0),
        Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => Ok(false),
        Err(e) => Err(e),
    }
}
