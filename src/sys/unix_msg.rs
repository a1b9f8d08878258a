//! `sendmsg(2)`/`recvmsg(2)` with `SCM_RIGHTS` control messages (unix(7), cmsg(3)), and
//! `recv(2)`/`recvfrom(2)` with `MSG_PEEK`.
//!
//! Every descriptor the kernel installs for a received message becomes an `OwnedFd` before
//! anything else happens to it, so that none can leak: the ones the caller's storage cannot
//! hold, and all of them when the control message was truncated, are closed here, and so is
//! the pidfd of an `SCM_PIDFD` message (Linux, `SO_PASSPIDFD`). `SCM_RIGHTS` and `SCM_PIDFD`
//! are the only control messages through which the kernel installs descriptors.

use std::io;
use std::mem::{self, size_of};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::ptr;

use socket2::{SockAddr, SockAddrStorage};

/// The most descriptors one message may carry: `SCM_MAX_FD` of the Linux kernel (253); the
/// kernel answers `EINVAL` beyond it.
pub(crate) const MAX_FDS: usize = 253;

use super::SEND_FLAGS;

/// `recvmsg(2)` flags: descriptors arrive close-on-exec, atomically, where the OS can do it.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
))]
const RECV_FLAGS: libc::c_int = libc::MSG_CMSG_CLOEXEC;
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
const RECV_FLAGS: libc::c_int = 0;

/// `SCM_PIDFD`: a control message carrying a pidfd of the sender, which the kernel (Linux
/// 6.5 and later) installs in the receiver's table for every message on a socket with
/// `SO_PASSPIDFD`. Defined here because libc does not have it: `#define SCM_PIDFD 0x04` in
/// the kernel's `include/linux/socket.h`, the same on every architecture.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const SCM_PIDFD: libc::c_int = 0x04;

/// Room, beyond the `SCM_RIGHTS` message, for what the socket's options make the kernel add
/// to every message (Linux and Android): `SCM_CREDENTIALS` with `SO_PASSCRED`
/// (`CMSG_SPACE(sizeof(struct ucred))`, 32 bytes on 64-bit, 28 on 32-bit) and `SCM_PIDFD`
/// with `SO_PASSPIDFD` (`CMSG_SPACE(sizeof(int))`, 24 or 16), in 8-byte words. A unit test
/// checks it against the platform's `CMSG_SPACE`.
#[cfg(any(target_os = "linux", target_os = "android"))]
const EXTRA_WORDS: usize = 8;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const EXTRA_WORDS: usize = 0;

/// Whether received descriptors are close-on-exec from their first instant
/// (`MSG_CMSG_CLOEXEC`); elsewhere they get `FD_CLOEXEC` right after `recvmsg` returns.
pub(crate) const ATOMIC_CLOEXEC: bool = RECV_FLAGS != 0;

/// Room for a control message of up to `N` descriptors, aligned for `cmsghdr`, and (Linux,
/// Android) for the credentials and pidfd messages the socket's options may add before and
/// after it.
///
/// Larger than `CMSG_SPACE(N * sizeof(int))` on every platform: the header of a `cmsghdr` is
/// at most 16 bytes once aligned, and the payload is padded to at most 8 bytes. A unit test
/// checks it against the platform's `CMSG_SPACE`.
///
/// Every field is words of 8 bytes (a descriptor takes a whole word, twice its need), so the
/// struct has no padding: all of its bytes are initialised, and the kernel-written part can
/// be read as bytes.
#[repr(C, align(8))]
#[derive(Clone, Copy)]
pub(crate) struct CmsgSpace<const N: usize> {
    head: [u64; 2],
    fds: [u64; N],
    tail: u64,
    extra: [u64; EXTRA_WORDS],
}

impl<const N: usize> CmsgSpace<N> {
    pub(crate) const fn new() -> Self {
        CmsgSpace {
            head: [0; 2],
            fds: [0; N],
            tail: 0,
            extra: [0; EXTRA_WORDS],
        }
    }

    /// The first `len` bytes (at most the whole space), as the kernel left them.
    fn bytes(&self, len: usize) -> &[u8] {
        let len = len.min(size_of::<Self>());
        // SAFETY: `Self` is `repr(C)` of `u64` words only, so it has no padding and all of
        // its bytes are initialised (zeroed by `new`, then written by the kernel); `len` is
        // within it, and the bytes are borrowed from `self`.
        unsafe { std::slice::from_raw_parts(ptr::from_ref(self).cast::<u8>(), len) }
    }

    /// `CMSG_SPACE(n * sizeof(int))`: the control length for `n` descriptors.
    fn space_for(n: usize) -> usize {
        // SAFETY: CMSG_SPACE is arithmetic on its argument, which fits in a c_uint
        // (n <= MAX_FDS, or n is a const generic the caller checked through `control_len`).
        unsafe { libc::CMSG_SPACE((n * size_of::<libc::c_int>()) as libc::c_uint) as usize }
    }

    /// The control length to offer the kernel: room for `N` descriptors and what the
    /// socket's options add (the `extra` words), never more than the buffer holds. A message
    /// with more than `N` descriptors can then get a few of them in: they count as a
    /// truncation all the same.
    fn control_len(&self) -> usize {
        (Self::space_for(N) + EXTRA_WORDS * size_of::<u64>()).min(size_of::<Self>())
    }
}

/// What one `recvmsg(2)` brought.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Received {
    /// Bytes of data written into the caller's buffer.
    pub(crate) bytes: usize,
    /// Descriptors that arrived (kept in the caller's storage unless `truncated`).
    pub(crate) fds: usize,
    /// `MSG_CTRUNC`, or more descriptors than the storage holds: every descriptor that
    /// arrived has been closed.
    pub(crate) truncated: bool,
    /// `MSG_TRUNC`: the datagram or record was longer than the data buffer, and the rest is
    /// lost (never set on a stream).
    pub(crate) data_truncated: bool,
    /// The sender's `SCM_CREDENTIALS` (`SO_PASSCRED`): pid, uid, gid.
    pub(crate) credentials: Option<(i32, u32, u32)>,
}

/// `sendmsg(2)`: `data` and, when `fds` is not empty, one `SCM_RIGHTS` control message
/// carrying them; to `to` when given (an unconnected datagram socket).
pub(crate) fn send_with_fds(
    socket: BorrowedFd<'_>,
    data: &[u8],
    fds: &[BorrowedFd<'_>],
    to: Option<&SockAddr>,
) -> io::Result<usize> {
    if fds.len() > MAX_FDS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} descriptors in one message: the kernel takes at most {MAX_FDS} (SCM_MAX_FD)",
                fds.len()
            ),
        ));
    }
    let mut space = CmsgSpace::<MAX_FDS>::new();
    let mut iov = libc::iovec {
        iov_base: data.as_ptr().cast_mut().cast(),
        iov_len: data.len(),
    };
    // SAFETY: `msghdr` is plain old data; all zeroes is a valid, empty value of it.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if let Some(to) = to {
        msg.msg_name = to.as_ptr().cast_mut().cast();
        msg.msg_namelen = to.len();
    }
    if !fds.is_empty() {
        let payload = fds.len() * size_of::<libc::c_int>();
        let control_len = CmsgSpace::<MAX_FDS>::space_for(fds.len());
        debug_assert!(control_len <= size_of::<CmsgSpace<MAX_FDS>>());
        msg.msg_control = ptr::from_mut(&mut space).cast();
        msg.msg_controllen = control_len as _;
        // SAFETY: `msg_control` points to `space`, aligned for `cmsghdr` and at least
        // `control_len` = CMSG_SPACE(payload) bytes long, so CMSG_FIRSTHDR returns a header
        // inside it with room for `payload` bytes after CMSG_DATA; the descriptors are
        // written unaligned, as cmsg(3) asks. The bytes are zeroed first: the struct's
        // padding (after an odd number of descriptors) is inside `control_len` and would
        // otherwise reach the kernel uninitialised (valgrind's memcheck reported it for 253).
        unsafe {
            ptr::write_bytes(msg.msg_control.cast::<u8>(), 0, control_len);
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(payload as libc::c_uint) as _;
            let data = libc::CMSG_DATA(cmsg).cast::<libc::c_int>();
            for (i, fd) in fds.iter().enumerate() {
                ptr::write_unaligned(data.add(i), fd.as_raw_fd());
            }
        }
    }
    // SAFETY: every pointer in `msg` (the iovec, the name, the control buffer) points to
    // memory that outlives the call, with the lengths given; `socket` is an open descriptor.
    let n = unsafe { libc::sendmsg(socket.as_raw_fd(), &msg, SEND_FLAGS) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// `recvmsg(2)` into `data`, the descriptors of its `SCM_RIGHTS` messages into `out` (first
/// emptied, closing what it held). Allocates nothing.
pub(crate) fn recv_with_fds<const N: usize>(
    socket: BorrowedFd<'_>,
    data: &mut [u8],
    space: &mut CmsgSpace<N>,
    out: &mut [Option<OwnedFd>; N],
) -> io::Result<Received> {
    recvmsg_fds(socket, data, space, out, None).map(|(received, _)| received)
}

/// [`recv_with_fds`], with the sender's address.
pub(crate) fn recv_from_with_fds<const N: usize>(
    socket: BorrowedFd<'_>,
    data: &mut [u8],
    space: &mut CmsgSpace<N>,
    out: &mut [Option<OwnedFd>; N],
) -> io::Result<(Received, SockAddr)> {
    let mut storage = SockAddrStorage::zeroed();
    let (received, len) = recvmsg_fds(socket, data, space, out, Some(&mut storage))?;
    // SAFETY: `recvmsg(2)` wrote the sender's address into `storage` (zeroed before, so an
    // unnamed sender reads as AF_UNSPEC) and its length into `len`, at most the storage's size.
    let addr = unsafe { SockAddr::new(storage, len) };
    Ok((received, addr))
}

fn recvmsg_fds<const N: usize>(
    socket: BorrowedFd<'_>,
    data: &mut [u8],
    space: &mut CmsgSpace<N>,
    out: &mut [Option<OwnedFd>; N],
    name: Option<&mut SockAddrStorage>,
) -> io::Result<(Received, libc::socklen_t)> {
    out.iter_mut().for_each(|slot| *slot = None);
    let control_len = space.control_len();
    let mut iov = libc::iovec {
        iov_base: data.as_mut_ptr().cast(),
        iov_len: data.len(),
    };
    // SAFETY: `msghdr` is plain old data; all zeroes is a valid, empty value of it.
    let mut msg: libc::msghdr = unsafe { mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if let Some(name) = name {
        msg.msg_namelen = name.size_of();
        msg.msg_name = ptr::from_mut(name).cast();
    }
    msg.msg_control = ptr::from_mut(space).cast();
    msg.msg_controllen = control_len as _;
    // SAFETY: every pointer in `msg` points to exclusively borrowed memory of the length
    // given (the data buffer, the address storage, the control buffer); `socket` is open.
    let n = unsafe { libc::recvmsg(socket.as_raw_fd(), &mut msg, RECV_FLAGS) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    // `msg_controllen` is a `size_t` with glibc, a `socklen_t` with musl and the BSDs.
    #[allow(clippy::unnecessary_cast)]
    let control = space.bytes(msg.msg_controllen as usize);
    let mut arrived = 0;
    #[cfg_attr(
        not(any(target_os = "linux", target_os = "android")),
        allow(unused_mut)
    )]
    let mut credentials = None;
    for item in parse_control(control) {
        match item {
            Control::Descriptor(raw) => {
                // SAFETY: the kernel installed `raw` in this process's table for this
                // message (unix(7), SCM_RIGHTS; `SCM_PIDFD`), and the walk yields each once:
                // nothing else knows it, so it is ours to own, once.
                let fd = unsafe { OwnedFd::from_raw_fd(raw) };
                if !ATOMIC_CLOEXEC {
                    // Best effort: a failure leaves the descriptor open, not leaked.
                    let _ = set_cloexec(&fd);
                }
                match out.get_mut(arrived) {
                    Some(slot) => *slot = Some(fd),
                    None => drop(fd),
                }
                arrived += 1;
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Control::Pidfd(raw) => {
                // SAFETY: as above: the kernel installed it for this message
                // (`SO_PASSPIDFD`, Linux 6.5), and dropping it closes it.
                drop(unsafe { OwnedFd::from_raw_fd(raw) });
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Control::Credentials(pid, uid, gid) => credentials = Some((pid, uid, gid)),
        }
    }
    let truncated = msg.msg_flags & libc::MSG_CTRUNC != 0 || arrived > N;
    if truncated {
        out.iter_mut().for_each(|slot| *slot = None);
    }
    let received = Received {
        bytes: n as usize,
        fds: arrived,
        truncated,
        data_truncated: msg.msg_flags & libc::MSG_TRUNC != 0,
        credentials,
    };
    Ok((received, msg.msg_namelen))
}

/// One thing a received message's control data holds, as [`parse_control`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Control {
    /// A descriptor of `SCM_RIGHTS`, installed in this process's table.
    Descriptor(i32),
    /// The pidfd of `SCM_PIDFD` (Linux 6.5, `SO_PASSPIDFD`), installed too.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Pidfd(i32),
    /// `SCM_CREDENTIALS` (`SO_PASSCRED`): pid, uid, gid.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Credentials(i32, u32, u32),
}

/// What the control data of one `recvmsg(2)` holds: every descriptor the kernel installed
/// (each once, in order: the caller owns and closes each), and the credentials. A pure
/// function over the bytes the kernel wrote; a message cut short yields only its whole
/// `int`s, credentials only when whole, and unknown messages are skipped.
pub(crate) fn parse_control(control: &[u8]) -> impl Iterator<Item = Control> + '_ {
    super::cmsg::messages(control)
        .filter(|&(level, _, _)| level == libc::SOL_SOCKET)
        .flat_map(|(_, ty, payload)| {
            let fds = (ty == libc::SCM_RIGHTS).then_some(payload);
            #[cfg(any(target_os = "linux", target_os = "android"))]
            let (pidfd, credentials) = (
                (ty == SCM_PIDFD)
                    .then(|| super::cmsg::ints(payload).next())
                    .flatten()
                    .filter(|&raw| raw >= 0)
                    .map(Control::Pidfd),
                (ty == libc::SCM_CREDENTIALS && payload.len() >= 12).then(|| {
                    let word = |i: usize| payload[i..i + 4].try_into().unwrap();
                    Control::Credentials(
                        i32::from_ne_bytes(word(0)),
                        u32::from_ne_bytes(word(4)),
                        u32::from_ne_bytes(word(8)),
                    )
                }),
            );
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            let (pidfd, credentials) = (None, None);
            // A descriptor is never negative; a negative `int` is not one to own.
            fds.into_iter()
                .flat_map(super::cmsg::ints)
                .filter(|&raw| raw >= 0)
                .map(Control::Descriptor)
                .chain(pidfd)
                .chain(credentials)
        })
}

/// `fcntl(F_SETFD, FD_CLOEXEC)`, for the platforms without `MSG_CMSG_CLOEXEC`.
fn set_cloexec(fd: &OwnedFd) -> io::Result<()> {
    // SAFETY: `fd` is an open descriptor we own; F_SETFD takes an int.
    if unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `recv(2)` with `MSG_PEEK`: the data stays queued.
pub(crate) fn peek(socket: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: `buf` is exclusively borrowed and `buf.len()` bytes long; `socket` is open.
    let n = unsafe {
        libc::recv(
            socket.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            libc::MSG_PEEK,
        )
    };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

/// `recvfrom(2)` with `MSG_PEEK`: the datagram and its sender, the datagram left queued.
pub(crate) fn peek_from(socket: BorrowedFd<'_>, buf: &mut [u8]) -> io::Result<(usize, SockAddr)> {
    let mut storage = SockAddrStorage::zeroed();
    let mut len = storage.size_of();
    // SAFETY: `buf` and `storage` are exclusively borrowed, of the lengths given; `socket`
    // is open.
    let n = unsafe {
        libc::recvfrom(
            socket.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            libc::MSG_PEEK,
            ptr::from_mut(&mut storage).cast(),
            &mut len,
        )
    };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `recvfrom(2)` wrote the sender's address and its length (zeroed storage reads
    // as AF_UNSPEC for an unnamed sender).
    let addr = unsafe { SockAddr::new(storage, len) };
    Ok((n as usize, addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_space_holds_cmsg_space_for_every_capacity() {
        fn check<const N: usize>() {
            assert!(
                CmsgSpace::<N>::space_for(N) <= size_of::<CmsgSpace<N>>(),
                "N = {N}"
            );
            assert_eq!(
                CmsgSpace::<N>::new().control_len(),
                CmsgSpace::<N>::space_for(N) + EXTRA_WORDS * size_of::<u64>()
            );
        }
        check::<0>();
        check::<1>();
        check::<2>();
        check::<3>();
        check::<7>();
        check::<64>();
        check::<MAX_FDS>();
    }

    /// The extra room holds what `SO_PASSCRED` and `SO_PASSPIDFD` add to every message.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn the_extra_room_holds_credentials_and_a_pidfd() {
        let space = |len: usize| {
            // SAFETY: CMSG_SPACE is arithmetic on its argument.
            unsafe { libc::CMSG_SPACE(len as libc::c_uint) as usize }
        };
        let need = space(size_of::<libc::ucred>()) + space(size_of::<libc::c_int>());
        assert!(need <= EXTRA_WORDS * size_of::<u64>(), "{need}");
    }

    /// Arbitrary control bytes: no panic, and every descriptor read is one the bytes hold.
    #[test]
    fn parse_control_takes_each_descriptor_once() {
        use super::super::cmsg::{space, write};
        let mut control = vec![0; space(12) + space(8) + space(4)];
        let mut at = 0;
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let cred: Vec<u8> =
                [7i32.to_ne_bytes(), 8u32.to_ne_bytes(), 9u32.to_ne_bytes()].concat();
            at += write(
                &mut control[at..],
                libc::SOL_SOCKET,
                libc::SCM_CREDENTIALS,
                &cred,
            );
        }
        let fds: Vec<u8> = [3i32.to_ne_bytes(), 4i32.to_ne_bytes()].concat();
        at += write(&mut control[at..], libc::SOL_SOCKET, libc::SCM_RIGHTS, &fds);
        at += write(
            &mut control[at..],
            99,
            libc::SCM_RIGHTS,
            &5i32.to_ne_bytes(),
        );
        let got: Vec<Control> = parse_control(&control[..at]).collect();
        let mut want = vec![Control::Descriptor(3), Control::Descriptor(4)];
        #[cfg(any(target_os = "linux", target_os = "android"))]
        want.insert(0, Control::Credentials(7, 8, 9));
        assert_eq!(got, want, "the other level's message is skipped");
    }

    proptest::proptest! {
        #[test]
        fn parse_control_survives_any_bytes(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)
        ) {
            let n = parse_control(&bytes).count();
            proptest::prop_assert!(n <= bytes.len() / 4);
        }
    }
}
