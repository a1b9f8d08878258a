//! The error queue (`IP_RECVERR`, `IPV6_RECVERR`; Linux): one `recvmsg(2)` with
//! `MSG_ERRQUEUE`, and the parser of its control messages.
//!
//! The parser is a pure function over the bytes the kernel wrote ([`parse_control`]): it
//! reads headers and payloads with bounds checks only, trusting no length in them, so it
//! is tested on hostile buffers (its property tests below) as well as on the kernel's.

use std::io;
use std::mem::size_of;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsRawFd, BorrowedFd};

/// `struct sock_extended_err` (`linux/errqueue.h`): 16 bytes, the offender's address after.
const EXTENDED_ERR_LEN: usize = 16;

/// One queued error, as the kernel described it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct QueuedErr {
    pub(crate) errno: u32,
    pub(crate) origin: u8,
    pub(crate) icmp_type: u8,
    pub(crate) icmp_code: u8,
    pub(crate) info: u32,
    pub(crate) offender: Option<SocketAddr>,
}

/// What one error-queue receive brought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ErrReceived {
    /// Bytes of the datagram that met the error, copied into the buffer.
    pub(crate) len: usize,
    /// Whether the datagram was longer than the buffer (`MSG_TRUNC`).
    pub(crate) truncated: bool,
    /// Where that datagram was going.
    pub(crate) destination: Option<SocketAddr>,
    /// The error; `None` if the control buffer held no error message (never seen: the
    /// kernel queues none without one).
    pub(crate) error: Option<QueuedErr>,
}

/// The control messages of one `MSG_ERRQUEUE` receive: the first `IP_RECVERR` (level
/// `IPPROTO_IP`) or `IPV6_RECVERR` (level `IPPROTO_IPV6`) message, read from `control`, the
/// bytes the kernel wrote (its `msg_controllen`). Headers are `cmsghdr`s aligned to a
/// `size_t`; a length that points past `control`, or below a header's, ends the walk.
pub(crate) fn parse_control(control: &[u8]) -> Option<QueuedErr> {
    super::cmsg::messages(control)
        .find(|&(level, ty, _)| {
            (level == libc::IPPROTO_IP && ty == libc::IP_RECVERR)
                || (level == libc::IPPROTO_IPV6 && ty == libc::IPV6_RECVERR)
        })
        .and_then(|(_, _, payload)| parse_extended_err(payload))
}

/// A `sock_extended_err` and, after it, the offender's `sockaddr` (`SO_EE_OFFENDER`).
fn parse_extended_err(payload: &[u8]) -> Option<QueuedErr> {
    let ee = payload.get(..EXTENDED_ERR_LEN)?;
    let u32_at = |i: usize| u32::from_ne_bytes(ee[i..i + 4].try_into().unwrap());
    Some(QueuedErr {
        errno: u32_at(0),
        origin: ee[4],
        icmp_type: ee[5],
        icmp_code: ee[6],
        info: u32_at(8),
        offender: parse_sockaddr(&payload[EXTENDED_ERR_LEN..]),
    })
}

/// A `sockaddr_in` or `sockaddr_in6` from raw bytes; `None` for `AF_UNSPEC` (no offender,
/// as for a local error) or anything shorter than its family's size.
pub(crate) fn parse_sockaddr(bytes: &[u8]) -> Option<SocketAddr> {
    let family = i32::from(u16::from_ne_bytes(bytes.get(..2)?.try_into().ok()?));
    // `sin_port`, `sin6_port`: network byte order, at the same offset.
    let port = || u16::from_be_bytes(bytes[2..4].try_into().unwrap());
    match family {
        libc::AF_INET if bytes.len() >= size_of::<libc::sockaddr_in>() => {
            let ip: [u8; 4] = bytes[4..8].try_into().ok()?;
            Some(SocketAddrV4::new(Ipv4Addr::from(ip), port()).into())
        }
        libc::AF_INET6 if bytes.len() >= size_of::<libc::sockaddr_in6>() => {
            let flow = u32::from_be_bytes(bytes[4..8].try_into().ok()?);
            let ip: [u8; 16] = bytes[8..24].try_into().ok()?;
            let scope = u32::from_ne_bytes(bytes[24..28].try_into().ok()?);
            Some(SocketAddrV6::new(Ipv6Addr::from(ip), port(), flow, scope).into())
        }
        _ => None,
    }
}

/// Control space for one error message with a `sockaddr_in6` offender (16 + 16 + 28 bytes,
/// aligned: 64), with room to spare, aligned for the `cmsghdr`s the kernel writes.
#[repr(C, align(8))]
struct Control([u8; 128]);

/// One `recvmsg(2)` with `MSG_ERRQUEUE | MSG_DONTWAIT`: `Ok(None)` when the queue is empty.
pub(crate) fn recv_err(socket: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<Option<ErrReceived>> {
    let mut control = Control([0; 128]);
    let mut name = [0u8; size_of::<libc::sockaddr_in6>()];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: all zeroes is a valid `msghdr` (null pointers, zero lengths).
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_name = name.as_mut_ptr().cast();
    msg.msg_namelen = name.len() as libc::socklen_t;
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.0.as_mut_ptr().cast();
    msg.msg_controllen = control.0.len() as _;
    // SAFETY: every pointer of `msg` points at a live buffer of the length given, valid
    // for writes for the call; the error queue installs no descriptors.
    let n = unsafe {
        libc::recvmsg(
            socket.as_raw_fd(),
            &mut msg,
            libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT,
        )
    };
    if n < 0 {
        let error = io::Error::last_os_error();
        return match error.kind() {
            io::ErrorKind::WouldBlock => Ok(None),
            _ => Err(error),
        };
    }
    // The kernel wrote `msg_controllen` bytes of `control` (at most its size).
    let written = (msg.msg_controllen as usize).min(control.0.len());
    let control = &control.0[..written];
    let name_len = (msg.msg_namelen as usize).min(name.len());
    Ok(Some(ErrReceived {
        len: n as usize,
        truncated: msg.msg_flags & libc::MSG_TRUNC != 0,
        destination: parse_sockaddr(&name[..name_len]),
        error: parse_control(control),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sys::cmsg::one as cmsg;

    fn refused_from(ip: [u8; 4], port: u16) -> Vec<u8> {
        let mut ee = Vec::new();
        ee.extend_from_slice(&(libc::ECONNREFUSED as u32).to_ne_bytes());
        ee.extend_from_slice(&[2, 3, 3, 0]); // ICMP, type 3, code 3
        ee.extend_from_slice(&0u32.to_ne_bytes());
        ee.extend_from_slice(&0u32.to_ne_bytes());
        ee.extend_from_slice(&(libc::AF_INET as u16).to_ne_bytes());
        ee.extend_from_slice(&port.to_be_bytes());
        ee.extend_from_slice(&ip);
        ee.extend_from_slice(&[0; 8]);
        ee
    }

    #[test]
    fn an_icmp_error_is_read_after_other_messages() {
        let mut control = cmsg(libc::SOL_SOCKET, 99, &[1, 2, 3]);
        control.extend(cmsg(
            libc::IPPROTO_IP,
            libc::IP_RECVERR,
            &refused_from([127, 0, 0, 1], 0),
        ));
        let err = parse_control(&control).unwrap();
        assert_eq!(err.errno, libc::ECONNREFUSED as u32);
        assert_eq!((err.origin, err.icmp_type, err.icmp_code), (2, 3, 3));
        assert_eq!(err.offender, Some(SocketAddr::from(([127, 0, 0, 1], 0))));
    }

    #[test]
    fn lengths_past_the_buffer_or_below_a_header_end_the_walk() {
        let mut control = cmsg(libc::IPPROTO_IP, libc::IP_RECVERR, &refused_from([1; 4], 9));
        // The length claims more than is there.
        let past = control.len() + 1;
        control[..size_of::<usize>()].copy_from_slice(&past.to_ne_bytes());
        assert_eq!(parse_control(&control), None);
        // A length shorter than a header.
        control[..size_of::<usize>()].copy_from_slice(&1usize.to_ne_bytes());
        assert_eq!(parse_control(&control), None);
        // A truncated error: its header and too few payload bytes.
        let short = cmsg(libc::IPPROTO_IP, libc::IP_RECVERR, &[0; 8]);
        assert_eq!(parse_control(&short), None);
        assert_eq!(parse_control(&[]), None);
    }

    proptest::proptest! {
        /// Any bytes: no panic, no read past the buffer (every index is checked), and an
        /// answer that depends only on the bytes.
        #[test]
        fn any_control_bytes_parse_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let once = parse_control(&bytes);
            proptest::prop_assert_eq!(once, parse_control(&bytes));
            let _ = parse_sockaddr(&bytes);
        }

        /// A well-formed error message among arbitrary others of other levels is found.
        #[test]
        fn an_error_among_other_messages_is_found(
            others in proptest::collection::vec((0i32..200, 0i32..200, proptest::collection::vec(proptest::num::u8::ANY, 0..40)), 0..4),
            port in proptest::num::u16::ANY,
        ) {
            let mut control = Vec::new();
            for (level, ty, payload) in &others {
                let level = if *level == libc::IPPROTO_IP || *level == libc::IPPROTO_IPV6 { 255 } else { *level };
                control.extend(cmsg(level, *ty, payload));
            }
            control.extend(cmsg(libc::IPPROTO_IP, libc::IP_RECVERR, &refused_from([10, 0, 0, 1], port)));
            let err = parse_control(&control).unwrap();
            proptest::prop_assert_eq!(err.offender, Some(SocketAddr::from(([10, 0, 0, 1], port))));
        }
    }
}
