//! The control messages of a received UDP datagram: its destination and interface
//! (`IP_PKTINFO`, `IPV6_PKTINFO`; `IP_RECVDSTADDR` on FreeBSD and Apple's systems), its
//! traffic class and ECN bits (`IP_TOS`, `IPV6_TCLASS`; `IP_RECVTOS` on FreeBSD and Apple's),
//! the kernel's receive timestamp (`SO_TIMESTAMPNS`; `SO_TIMESTAMP`, in microseconds, on
//! FreeBSD and Apple's) and the `UDP_GRO` segment size (Linux); and (Linux, Android) the
//! control messages of a send that picks its source address and its traffic class.
//!
//! The messages are read by [`parse_recv`], a pure function over the bytes the kernel wrote
//! (through the one walker, `cmsg::messages`), property-tested below on hostile buffers.

#[cfg(any(target_os = "linux", target_os = "android"))]
use std::io;
use std::mem::size_of;
#[cfg(any(target_os = "linux", target_os = "android"))]
use std::net::SocketAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
#[cfg(any(target_os = "linux", target_os = "android"))]
use std::os::fd::AsRawFd;

#[cfg(any(target_os = "linux", target_os = "android"))]
use super::SEND_FLAGS;
use super::cmsg::{messages, space};
#[cfg(any(target_os = "linux", target_os = "android"))]
use super::inet::InetAddr;

/// `struct in_pktinfo`: `ipi_ifindex`, `ipi_spec_dst`, `ipi_addr` (Linux's `IP_PKTINFO`; the
/// BSDs' `IP_RECVDSTADDR` carries an `in_addr` alone).
#[cfg(any(target_os = "linux", target_os = "android"))]
const IN_PKTINFO_LEN: usize = 12;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const IN_PKTINFO_LEN: usize = 4;
/// `struct in6_pktinfo`: `ipi6_addr`, `ipi6_ifindex`.
const IN6_PKTINFO_LEN: usize = 20;

/// Room for every message a UDP receive can bring at once: `UDP_GRO` (an `int`),
/// `IP_PKTINFO` and `IPV6_PKTINFO` (a dual-stack socket's IPv4 datagram may carry both),
/// `IP_TOS` (one byte) and `IPV6_TCLASS` (an `int`), and `SO_TIMESTAMPNS` (a `timespec`):
/// 176 bytes on 64-bit Linux, fixed at compile time. (The BSDs: no `UDP_GRO`, an `in_addr`
/// for the destination, a `timeval` for the time.)
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const RECV_CONTROL_LEN: usize = space(size_of::<libc::c_int>())
    + space(IN_PKTINFO_LEN)
    + space(IN6_PKTINFO_LEN)
    + space(1)
    + space(size_of::<libc::c_int>())
    + space(size_of::<libc::timespec>());
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) const RECV_CONTROL_LEN: usize = space(IN_PKTINFO_LEN)
    + space(IN6_PKTINFO_LEN)
    + space(1)
    + space(size_of::<libc::c_int>())
    + space(size_of::<libc::timeval>());

/// A receive's control space, aligned for the `cmsghdr`s the kernel writes into it.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
pub(crate) struct RecvControl(pub(crate) [u8; RECV_CONTROL_LEN]);

impl RecvControl {
    pub(crate) const fn new() -> RecvControl {
        RecvControl([0; RECV_CONTROL_LEN])
    }
}

/// What the control messages of one datagram said; `None` for each message that was not
/// there (its option off when the datagram was queued, or no room for it: `MSG_CTRUNC`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Received {
    /// The `UDP_GRO` stride of a coalesced buffer.
    pub(crate) segment: Option<usize>,
    /// The datagram's destination address (`ipi_addr`, `ipi6_addr`).
    pub(crate) destination: Option<IpAddr>,
    /// The interface it arrived on (`ipi_ifindex`, `ipi6_ifindex`).
    pub(crate) interface: Option<u32>,
    /// The IPv4 TOS byte or the IPv6 traffic class: DSCP and the two ECN bits.
    pub(crate) traffic_class: Option<u8>,
    /// When the kernel received it: seconds and nanoseconds since the Unix epoch.
    pub(crate) timestamp: Option<(i64, u32)>,
}

/// Reads what a UDP receive's control messages say; unknown messages are skipped, and a
/// known one whose payload is too short is read as absent.
pub(crate) fn parse_recv(control: &[u8]) -> Received {
    let mut got = Received::default();
    let int = |p: &[u8]| {
        p.get(..4)
            .map(|b| i32::from_ne_bytes(b.try_into().unwrap()))
    };
    for (level, ty, payload) in messages(control) {
        match (level, ty) {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            (libc::SOL_UDP, libc::UDP_GRO) => {
                got.segment = int(payload)
                    .and_then(|n| usize::try_from(n).ok())
                    .filter(|&n| n > 0);
            }
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            (libc::IPPROTO_IP, libc::IP_RECVDSTADDR) if payload.len() >= IN_PKTINFO_LEN => {
                let addr: [u8; 4] = payload[..4].try_into().unwrap();
                got.destination
                    .get_or_insert(IpAddr::V4(Ipv4Addr::from(addr)));
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            (libc::IPPROTO_IP, libc::IP_PKTINFO) if payload.len() >= IN_PKTINFO_LEN => {
                let ifindex = u32::from_ne_bytes(payload[..4].try_into().unwrap());
                let addr: [u8; 4] = payload[8..12].try_into().unwrap();
                // A dual-stack socket's IPv4 datagram may carry `IPV6_PKTINFO` too; the
                // first message read wins, and they name the same address.
                got.destination
                    .get_or_insert(IpAddr::V4(Ipv4Addr::from(addr)));
                got.interface.get_or_insert(ifindex);
            }
            (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO) if payload.len() >= IN6_PKTINFO_LEN => {
                let addr: [u8; 16] = payload[..16].try_into().unwrap();
                let ifindex = u32::from_ne_bytes(payload[16..20].try_into().unwrap());
                got.destination
                    .get_or_insert(IpAddr::V6(Ipv6Addr::from(addr)));
                got.interface.get_or_insert(ifindex);
            }
            // The TOS byte comes as one byte on receive (Linux: `ip_cmsg_recv_tos`, as
            // `IP_TOS`; the BSDs as `IP_RECVTOS`).
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            (libc::IPPROTO_IP, libc::IP_RECVTOS) => {
                if let Some(&tos) = payload.first() {
                    got.traffic_class.get_or_insert(tos);
                }
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            (libc::IPPROTO_IP, libc::IP_TOS) => {
                if let Some(&tos) = payload.first() {
                    got.traffic_class.get_or_insert(tos);
                }
            }
            (libc::IPPROTO_IPV6, libc::IPV6_TCLASS) => {
                if let Some(class) = int(payload).and_then(|n| u8::try_from(n).ok()) {
                    got.traffic_class.get_or_insert(class);
                }
            }
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            (libc::SOL_SOCKET, libc::SCM_TIMESTAMP)
                if payload.len() >= size_of::<libc::timeval>() =>
            {
                // `tv_sec` (a `time_t`), then `tv_usec` (a `suseconds_t`).
                let secs = size_of::<libc::time_t>();
                let micros = secs + size_of::<libc::suseconds_t>();
                let secs = read_signed(&payload[..secs]);
                let micros = payload
                    .get(size_of::<libc::time_t>()..micros)
                    .and_then(read_signed);
                if let (Some(secs), Some(micros)) = (secs, micros) {
                    if let Ok(micros @ 0..1_000_000) = u32::try_from(micros) {
                        got.timestamp = Some((secs, micros * 1000));
                    }
                }
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            (libc::SOL_SOCKET, libc::SCM_TIMESTAMPNS)
                if payload.len() >= size_of::<libc::timespec>() =>
            {
                // `tv_sec` (a `time_t`), then `tv_nsec` (a `long`).
                let secs = size_of::<libc::time_t>();
                let nanos = secs + size_of::<libc::c_long>();
                let secs = read_signed(&payload[..secs]);
                let nanos = payload
                    .get(size_of::<libc::time_t>()..nanos)
                    .and_then(read_signed);
                if let (Some(secs), Some(nanos)) = (secs, nanos) {
                    if let Ok(nanos @ 0..1_000_000_000) = u32::try_from(nanos) {
                        got.timestamp = Some((secs, nanos));
                    }
                }
            }
            _ => {}
        }
    }
    got
}

/// A native-endian signed integer of 4 or 8 bytes (a `time_t`, a `long`).
fn read_signed(bytes: &[u8]) -> Option<i64> {
    match bytes.len() {
        4 => Some(i64::from(i32::from_ne_bytes(bytes.try_into().ok()?))),
        8 => Some(i64::from_ne_bytes(bytes.try_into().ok()?)),
        _ => None,
    }
}

/// Room for the messages a send may carry: a source address as `IP_PKTINFO` and as
/// `IPV6_PKTINFO`, a traffic class as `IP_TOS` and as `IPV6_TCLASS` (an `int` each), and a
/// `UDP_SEGMENT` size (a `u16`).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const SEND_CONTROL_LEN: usize = space(IN_PKTINFO_LEN)
    + space(IN6_PKTINFO_LEN)
    + 2 * space(size_of::<libc::c_int>())
    + space(size_of::<u16>());

/// A send's control space, aligned for `cmsghdr`s.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[repr(C, align(8))]
pub(crate) struct SendControl(pub(crate) [u8; SEND_CONTROL_LEN]);

#[cfg(any(target_os = "linux", target_os = "android"))]
impl SendControl {
    pub(crate) const fn new() -> SendControl {
        SendControl([0; SEND_CONTROL_LEN])
    }
}

/// What a send asks of the kernel beyond the bytes and the destination.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SendExtras {
    /// The source address (`ipi_spec_dst`, `ipi6_addr`).
    pub(crate) source: Option<IpAddr>,
    /// The TOS byte or traffic class, ECN bits included.
    pub(crate) traffic_class: Option<u8>,
    /// The `UDP_SEGMENT` size.
    pub(crate) segment: Option<u16>,
}

/// Writes the control messages of a send into `control`; returns the length written
/// (`msg_controllen`).
///
/// Each of the source and the traffic class goes at both levels, because which one the
/// kernel reads depends on the path the datagram takes, not on the socket alone: an IPv4
/// socket reads only `IPPROTO_IP` messages (`ip_cmsg_send`); an IPv6 socket reads
/// `IPPROTO_IPV6` ones for an IPv6 destination (`ip6_datagram_send_ctl`), and for an
/// IPv4-mapped destination takes the IPv4 path, which reads `IPPROTO_IP` messages and
/// `IPV6_PKTINFO`, but not `IPV6_TCLASS`. Each path skips the level it does not read. An
/// IPv6 source has no IPv4 form and goes as `IPV6_PKTINFO` alone.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn build_send(control: &mut SendControl, extras: SendExtras) -> usize {
    let mut at = 0;
    let mut push = |level: i32, ty: i32, payload: &[u8]| {
        at += super::cmsg::write(&mut control.0[at..], level, ty, payload);
    };
    if let Some(source) = extras.source {
        let v6 = match source {
            IpAddr::V4(ip) => {
                // `ipi_spec_dst` is the source the route lookup uses; `ipi_ifindex` 0: any.
                let mut info = [0u8; IN_PKTINFO_LEN];
                info[4..8].copy_from_slice(&ip.octets());
                push(libc::IPPROTO_IP, libc::IP_PKTINFO, &info);
                ip.to_ipv6_mapped()
            }
            IpAddr::V6(ip) => ip,
        };
        let mut info = [0u8; IN6_PKTINFO_LEN];
        info[..16].copy_from_slice(&v6.octets());
        push(libc::IPPROTO_IPV6, libc::IPV6_PKTINFO, &info);
    }
    if let Some(class) = extras.traffic_class {
        let value = libc::c_int::from(class).to_ne_bytes();
        push(libc::IPPROTO_IP, libc::IP_TOS, &value);
        push(libc::IPPROTO_IPV6, libc::IPV6_TCLASS, &value);
    }
    if let Some(segment) = extras.segment {
        push(libc::SOL_UDP, libc::UDP_SEGMENT, &segment.to_ne_bytes());
    }
    at
}

/// `sendmsg(2)` of `buf` to `addr` or (`None`) the connected peer, with `MSG_NOSIGNAL` and
/// the control messages of `extras`.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn send_with_extras(
    socket: &socket2::Socket,
    buf: &[u8],
    addr: Option<&SocketAddr>,
    extras: SendExtras,
) -> io::Result<usize> {
    let mut iov = libc::iovec {
        iov_base: buf.as_ptr().cast_mut().cast(),
        iov_len: buf.len(),
    };
    let mut control = SendControl::new();
    let control_len = build_send(&mut control, extras);
    // SAFETY: `msghdr` is plain old data; all zeroes is a valid value.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    let name = addr.map(InetAddr::new);
    if let Some((raw, len)) = &name {
        msg.msg_name = raw.as_ptr().cast_mut().cast();
        msg.msg_namelen = *len;
    }
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if control_len > 0 {
        msg.msg_control = control.0.as_mut_ptr().cast();
        msg.msg_controllen = control_len as _;
    }
    // SAFETY: `iov` points at `buf`, the name at an address of the length given, the control
    // buffer at `control_len` initialised bytes of well-formed messages; all live for the
    // call, which only reads them.
    let n = unsafe { libc::sendmsg(socket.as_raw_fd(), &msg, SEND_FLAGS) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::sys::cmsg::one as cmsg;

    fn pktinfo_v4(ifindex: u32, addr: [u8; 4]) -> Vec<u8> {
        let mut info = [0u8; 12];
        info[..4].copy_from_slice(&ifindex.to_ne_bytes());
        info[8..].copy_from_slice(&addr);
        cmsg(libc::IPPROTO_IP, libc::IP_PKTINFO, &info)
    }

    #[test]
    fn several_messages_are_read_and_unknown_ones_skipped() {
        let mut control = cmsg(libc::SOL_SOCKET, 9999, &[1, 2, 3]);
        control.extend(pktinfo_v4(1, [127, 0, 0, 2]));
        control.extend(cmsg(libc::IPPROTO_IP, libc::IP_TOS, &[0b10]));
        control.extend(cmsg(libc::SOL_UDP, libc::UDP_GRO, &1200i32.to_ne_bytes()));
        let got = parse_recv(&control);
        assert_eq!(got.destination, Some(IpAddr::from([127, 0, 0, 2])));
        assert_eq!(got.interface, Some(1));
        assert_eq!(got.traffic_class, Some(0b10));
        assert_eq!(got.segment, Some(1200));
        assert_eq!(got.timestamp, None);
    }

    #[test]
    fn a_truncated_message_ends_the_walk_and_reads_as_absent() {
        let mut control = cmsg(libc::IPPROTO_IP, libc::IP_TOS, &[3]);
        let full = pktinfo_v4(1, [127, 0, 0, 1]);
        control.extend(&full[..full.len() - 8]);
        let got = parse_recv(&control);
        assert_eq!(got.traffic_class, Some(3));
        assert_eq!(got.destination, None, "the cut message is not read");
        // A length past the buffer, or below a header's, ends the walk.
        let mut bad = pktinfo_v4(1, [127, 0, 0, 1]);
        bad[..size_of::<usize>()].copy_from_slice(&4096usize.to_ne_bytes());
        assert_eq!(parse_recv(&bad), Received::default());
        bad[..size_of::<usize>()].copy_from_slice(&1usize.to_ne_bytes());
        assert_eq!(super::messages(&bad).count(), 0);
    }

    #[test]
    fn a_built_send_control_walks_back() {
        let mut control = SendControl::new();
        let extras = SendExtras {
            source: Some(IpAddr::from([127, 0, 0, 2])),
            traffic_class: Some(1),
            segment: Some(1200),
        };
        let len = build_send(&mut control, extras);
        let found: Vec<_> = messages(&control.0[..len])
            .map(|(level, ty, p)| (level, ty, p.len()))
            .collect();
        assert_eq!(
            found,
            [
                (libc::IPPROTO_IP, libc::IP_PKTINFO, 12),
                (libc::IPPROTO_IPV6, libc::IPV6_PKTINFO, 20),
                (libc::IPPROTO_IP, libc::IP_TOS, 4),
                (libc::IPPROTO_IPV6, libc::IPV6_TCLASS, 4),
                (libc::SOL_UDP, libc::UDP_SEGMENT, 2),
            ]
        );
        assert_eq!(
            len, SEND_CONTROL_LEN,
            "the room fits the most a send carries"
        );
        let (_, _, payload) = messages(&control.0[..len]).nth(1).unwrap();
        let mapped = Ipv4Addr::new(127, 0, 0, 2).to_ipv6_mapped();
        assert_eq!(payload[..16], mapped.octets());
        assert_eq!(build_send(&mut control, SendExtras::default()), 0);
    }

    proptest! {
        /// Arbitrary bytes: no panic, no read past them, and the walk ends.
        #[test]
        fn any_control_bytes_parse_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)
        ) {
            let _ = parse_recv(&bytes);
            prop_assert!(messages(&bytes).count() <= bytes.len() / size_of::<libc::cmsghdr>());
        }

        /// A destination among other messages, at any position and behind any junk message,
        /// is found; whatever follows a message with a bad length is not.
        #[test]
        fn a_destination_among_others_is_found(
            before in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            addr in proptest::array::uniform4(proptest::num::u8::ANY),
            ifindex in proptest::num::u32::ANY,
        ) {
            let mut control = cmsg(libc::SOL_SOCKET, 4242, &before);
            control.extend(pktinfo_v4(ifindex, addr));
            let got = parse_recv(&control);
            prop_assert_eq!(got.destination, Some(IpAddr::from(addr)));
            prop_assert_eq!(got.interface, Some(ifindex));
        }
    }
}
