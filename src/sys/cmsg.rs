//! The walk over received control messages, for every Unix platform: a pure function over
//! the bytes the kernel wrote, with bounds checks only, trusting no length in them. Every
//! parser of kernel-written control data (descriptors, credentials, the UDP metadata, the
//! error queue) reads its messages through [`messages`]; the property tests below, and the
//! fuzz targets in `fuzz/`, feed it hostile buffers.

use std::mem::size_of;

/// The alignment of control messages and their payloads (`CMSG_ALIGN`): a `size_t` on
/// Linux, Android and the BSDs; 4 bytes on Apple's systems (`__DARWIN_ALIGN32`).
#[cfg(not(target_vendor = "apple"))]
const ALIGN: usize = size_of::<usize>();
#[cfg(target_vendor = "apple")]
const ALIGN: usize = 4;

/// The width of `cmsg_len`: a `size_t` on Linux and Android (glibc, musl and Bionic alike:
/// the kernel writes a `__kernel_size_t`), a `socklen_t` elsewhere.
#[cfg(any(target_os = "linux", target_os = "android"))]
const LEN_BYTES: usize = size_of::<usize>();
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const LEN_BYTES: usize = size_of::<u32>();

/// `CMSG_ALIGN(n)`.
pub(crate) const fn align(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

/// The bytes of a `cmsghdr`: `cmsg_len`, `cmsg_level`, `cmsg_type`.
const HEADER: usize = LEN_BYTES + 8;

/// Where a message's payload starts (`CMSG_DATA` less the header's address).
pub(crate) const DATA: usize = align(HEADER);

/// `CMSG_LEN(n)`: a header and `n` bytes of payload.
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
pub(crate) const fn len(n: usize) -> usize {
    DATA + n
}

/// `CMSG_SPACE(n)`: the room one message with an `n`-byte payload takes.
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
pub(crate) const fn space(n: usize) -> usize {
    DATA + align(n)
}

/// The control messages in `control` (the bytes the kernel wrote, its `msg_controllen`), as
/// (level, type, payload), in order. A length below a header's, or past `control`, ends the
/// walk: nothing after it is read.
pub(crate) fn messages(control: &[u8]) -> impl Iterator<Item = (i32, i32, &[u8])> {
    let mut at: usize = 0;
    std::iter::from_fn(move || {
        let h = control.get(at..at.checked_add(HEADER)?)?;
        let len = match LEN_BYTES {
            8 => u64::from_ne_bytes(h[..8].try_into().ok()?) as usize,
            _ => u32::from_ne_bytes(h[..4].try_into().ok()?) as usize,
        };
        let level = i32::from_ne_bytes(h[LEN_BYTES..LEN_BYTES + 4].try_into().ok()?);
        let ty = i32::from_ne_bytes(h[LEN_BYTES + 4..LEN_BYTES + 8].try_into().ok()?);
        if len < DATA || len > control.len() - at {
            at = control.len();
            return None;
        }
        let payload = &control[at + DATA..at + len];
        at = at.saturating_add(align(len));
        Some((level, ty, payload))
    })
}

/// Writes one control message (header, payload, zeroed padding) at the start of `into`;
/// returns the room it took (`CMSG_SPACE`). `into` must hold `space(payload.len())` bytes.
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
pub(crate) fn write(into: &mut [u8], level: i32, ty: i32, payload: &[u8]) -> usize {
    let room = space(payload.len());
    let bytes = &mut into[..room];
    bytes.fill(0);
    let len = len(payload.len());
    match LEN_BYTES {
        8 => bytes[..8].copy_from_slice(&(len as u64).to_ne_bytes()),
        _ => bytes[..4].copy_from_slice(&(len as u32).to_ne_bytes()),
    }
    bytes[LEN_BYTES..LEN_BYTES + 4].copy_from_slice(&level.to_ne_bytes());
    bytes[LEN_BYTES + 4..LEN_BYTES + 8].copy_from_slice(&ty.to_ne_bytes());
    bytes[DATA..DATA + payload.len()].copy_from_slice(payload);
    room
}

/// The `int`s of a payload (`SCM_RIGHTS`'s descriptors), whole ones only.
pub(crate) fn ints(payload: &[u8]) -> impl Iterator<Item = i32> + '_ {
    payload
        .chunks_exact(4)
        .map(|b| i32::from_ne_bytes(b.try_into().unwrap()))
}

/// One message as the kernel lays it out (header, payload, padding), for the parsers' tests.
#[cfg(test)]
pub(crate) fn one(level: i32, ty: i32, payload: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0; space(payload.len())];
    write(&mut bytes, level, ty, payload);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_layout_is_the_platforms() {
        // SAFETY: CMSG_LEN, CMSG_SPACE are arithmetic on their argument.
        unsafe {
            for n in [0, 1, 4, 12, 20, 253 * 4] {
                assert_eq!(len(n), libc::CMSG_LEN(n as u32) as usize, "CMSG_LEN({n})");
                assert_eq!(
                    space(n),
                    libc::CMSG_SPACE(n as u32) as usize,
                    "CMSG_SPACE({n})"
                );
            }
        }
        assert_eq!(HEADER, size_of::<libc::cmsghdr>());
    }

    #[test]
    fn several_messages_walk_in_order_and_a_bad_length_ends_the_walk() {
        let mut control = one(1, 2, &[9; 3]);
        control.extend(one(3, 4, &7i32.to_ne_bytes()));
        let found: Vec<_> = messages(&control)
            .map(|(l, t, p)| (l, t, p.to_vec()))
            .collect();
        assert_eq!(
            found,
            [(1, 2, vec![9; 3]), (3, 4, 7i32.to_ne_bytes().to_vec())]
        );
        // The second header claims more than there is: the walk stops after the first.
        let at = space(3);
        control[at..at + LEN_BYTES].fill(0xff);
        assert_eq!(messages(&control).count(), 1);
        // A length below a header's stops it at once.
        control[..LEN_BYTES].fill(0);
        assert_eq!(messages(&control).count(), 0);
    }

    proptest! {
        /// Arbitrary bytes: no panic, no read past them, and the walk ends within them.
        #[test]
        fn any_bytes_walk_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)
        ) {
            let mut seen = 0;
            for (_, _, payload) in messages(&bytes) {
                seen += DATA + payload.len();
                prop_assert!(seen <= bytes.len() + ALIGN);
            }
        }

        /// Descriptors in an `SCM_RIGHTS` message behind any other message come out each
        /// once, in order; a cut-off last one is not read.
        #[test]
        fn rights_behind_junk_come_out_once(
            junk in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            fds in proptest::collection::vec(0i32..1 << 20, 0..16),
            cut in 0usize..4,
        ) {
            let payload: Vec<u8> = fds.iter().flat_map(|fd| fd.to_ne_bytes()).collect();
            let mut control = one(0x7777, 1, &junk);
            control.extend(one(libc::SOL_SOCKET, libc::SCM_RIGHTS, &payload));
            let got: Vec<i32> = messages(&control)
                .filter(|&(l, t, _)| l == libc::SOL_SOCKET && t == libc::SCM_RIGHTS)
                .flat_map(|(_, _, p)| ints(p))
                .collect();
            prop_assert_eq!(&got, &fds);
            // Cut into the payload: the message's length now points past the bytes.
            if !payload.is_empty() {
                let short = control.len() - align(payload.len()) + payload.len() - 1 - cut.min(payload.len() - 1);
                let got = messages(&control[..short])
                    .filter(|&(l, t, _)| l == libc::SOL_SOCKET && t == libc::SCM_RIGHTS)
                    .count();
                prop_assert_eq!(got, 0);
            }
        }
    }
}
