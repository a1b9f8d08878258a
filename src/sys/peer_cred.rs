//! The credentials of a connected Unix socket's peer: `SO_PEERCRED` on Linux and Android
//! (unix(7)), `getpeereid(3)` elsewhere, with `LOCAL_PEERPID` for the pid on Apple platforms.

use std::io;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use std::os::fd::AsRawFd;
use std::os::fd::BorrowedFd;

/// (uid, gid, pid if known)
pub(crate) type Credentials = (u32, u32, Option<u32>);

/// `getsockopt(SOL_SOCKET, SO_PEERCRED)`: the credentials the peer had when it called
/// `connect(2)` or `socketpair(2)`.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn peer_credentials(socket: BorrowedFd<'_>) -> io::Result<Credentials> {
    let zero = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let cred = super::getsockopt(socket, libc::SOL_SOCKET, libc::SO_PEERCRED, zero)?;
    // A pid of 0: the peer is in a pid namespace this process cannot see (or has none).
    let pid = u32::try_from(cred.pid).ok().filter(|&pid| pid != 0);
    Ok((cred.uid, cred.gid, pid))
}

/// `SO_PEERPIDFD` (`asm-generic/socket.h`; libc does not have it): a pidfd of the peer.
#[cfg(any(target_os = "linux", target_os = "android"))]
const SO_PEERPIDFD: libc::c_int = 77;

/// `getsockopt(SOL_SOCKET, SO_PEERPIDFD)`: a pidfd of the process that connected, which
/// names that process even after its pid is reused (Linux 6.5). `Unsupported` on older
/// kernels (`ENOPROTOOPT`).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn peer_pidfd(socket: BorrowedFd<'_>) -> io::Result<std::os::fd::OwnedFd> {
    let fd = match super::getsockopt(socket, libc::SOL_SOCKET, SO_PEERPIDFD, -1 as libc::c_int) {
        Ok(fd) => fd,
        Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "SO_PEERPIDFD needs Linux 6.5 or later",
            ));
        }
        Err(e) => return Err(e),
    };
    if fd < 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "SO_PEERPIDFD returned no descriptor",
        ));
    }
    // SAFETY: the kernel installed `fd` for this call; nothing else owns it.
    Ok(unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) })
}

/// `getpeereid(3)` for the effective uid and gid; the pid from `LOCAL_PEERPID` on Apple
/// platforms, unknown elsewhere.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn peer_credentials(socket: BorrowedFd<'_>) -> io::Result<Credentials> {
    let mut uid: libc::uid_t = 0;
    let mut gid: libc::gid_t = 0;
    // SAFETY: `uid` and `gid` are valid, exclusively borrowed; `socket` is open.
    if unsafe { libc::getpeereid(socket.as_raw_fd(), &mut uid, &mut gid) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((uid, gid, peer_pid(socket)))
}

#[cfg(any(target_os = "macos", target_os = "ios"))]
fn peer_pid(socket: BorrowedFd<'_>) -> Option<u32> {
    let pid: libc::pid_t =
        super::getsockopt(socket, libc::SOL_LOCAL, libc::LOCAL_PEERPID, 0).ok()?;
    u32::try_from(pid).ok().filter(|&pid| pid != 0)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn peer_pid(_socket: BorrowedFd<'_>) -> Option<u32> {
    None
}
