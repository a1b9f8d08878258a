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
#[repr(C, align(8))]
#[derive(Clone, Copy)]
pub(crate) struct CmsgSpace<const N: usize> {
    head: [u64; 2],
    fds: [libc::c_int; N],
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
    let control_end = (msg.msg_control as usize) + (msg.msg_controllen as usize);
    let mut arrived = 0;
    #[cfg_attr(
        not(any(target_os = "linux", target_os = "android")),
        allow(unused_mut)
    )]
    let mut credentials = None;
    // SAFETY: `msg` is the header `recvmsg` filled in; its control pointer and length
    // describe the part of `space` the kernel wrote.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    while !cmsg.is_null() {
        // SAFETY: CMSG_FIRSTHDR/CMSG_NXTHDR return null or a header that lies within the
        // control data; it is read unaligned, as cmsg(3) asks.
        let header = unsafe { ptr::read_unaligned(cmsg) };
        // SAFETY: `cmsg` is a valid header within the control data (above).
        let first = unsafe { libc::CMSG_DATA(cmsg) };
        let header_len = first as usize - cmsg as usize;
        // The payload the header announces, bounded by the control data itself.
        let announced = (header.cmsg_len as usize).saturating_sub(header_len);
        let present = control_end.saturating_sub(first as usize);
        let payload = announced.min(present);
        let level = header.cmsg_level == libc::SOL_SOCKET;
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if level && header.cmsg_type == libc::SCM_CREDENTIALS {
            // SAFETY: `first` starts the `payload` bytes of this message that lie within
            // the control data (above).
            credentials = unsafe { read_credentials(first, payload) };
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if level && header.cmsg_type == SCM_PIDFD {
            // SAFETY: as above, for this message's payload.
            unsafe { close_pidfd(first, payload) };
        }
        if level && header.cmsg_type == libc::SCM_RIGHTS {
            let first = first.cast::<libc::c_int>();
            let count = payload / size_of::<libc::c_int>();
            for i in 0..count {
                // SAFETY: `i < count`, so the int lies within the control data.
                let raw = unsafe { ptr::read_unaligned(first.add(i)) };
                // SAFETY: the kernel installed `raw` in this process's table for this
                // message (unix(7), SCM_RIGHTS); nothing else knows it, so it is ours to own.
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
        }
        // SAFETY: `msg` and `cmsg` are as above; CMSG_NXTHDR checks the control length.
        cmsg = unsafe { libc::CMSG_NXTHDR(&msg, cmsg) };
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

/// The `ucred` of an `SCM_CREDENTIALS` message whose payload of `payload` bytes starts at
/// `data`, if it is whole.
///
/// # Safety
///
/// `data` points to `payload` readable bytes.
#[cfg(any(target_os = "linux", target_os = "android"))]
unsafe fn read_credentials(data: *const u8, payload: usize) -> Option<(i32, u32, u32)> {
    if payload < size_of::<libc::ucred>() {
        return None;
    }
    // SAFETY: `data` starts `payload` readable bytes (the caller's promise), enough for a
    // whole `ucred` (checked just above); read unaligned, as cmsg(3) asks.
    let cred = unsafe { ptr::read_unaligned(data.cast::<libc::ucred>()) };
    Some((cred.pid, cred.uid, cred.gid))
}

/// Closes the pidfd of an `SCM_PIDFD` message whose payload of `payload` bytes starts at
/// `data`: the kernel installed it in this process's table for the message, and nothing
/// else will close it. (The kernel writes no message, and installs nothing, when the
/// control space has no room for it.)
///
/// # Safety
///
/// `data` points to `payload` readable bytes of a control message the kernel wrote.
#[cfg(any(target_os = "linux", target_os = "android"))]
unsafe fn close_pidfd(data: *const u8, payload: usize) {
    if payload < size_of::<libc::c_int>() {
        return;
    }
    // SAFETY: `data` starts `payload` readable bytes (the caller's promise), enough for an
    // int (checked just above); read unaligned, as cmsg(3) asks.
    let raw = unsafe { ptr::read_unaligned(data.cast::<libc::c_int>()) };
    if raw >= 0 {
        // SAFETY: the kernel installed `raw` for this message (`SO_PASSPIDFD`, Linux 6.5);
        // nothing else knows it, so it is ours to own, and dropping it closes it.
        drop(unsafe { OwnedFd::from_raw_fd(raw) });
    }
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
}
