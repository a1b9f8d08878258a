//! The internet fast paths: `socket`, `connect`, `accept4`, `sendto` and `recvfrom` with the
//! address in a `sockaddr_in`/`sockaddr_in6` on the stack (28 bytes), converted straight from
//! and to [`SocketAddr`], where socket2 would go through a zeroed 128-byte
//! `sockaddr_storage` and copy it around. The syscalls and their flags are the ones socket2
//! makes; only the user-space work around them is less.

use std::io;
use std::mem::{self, MaybeUninit};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::AsRawFd;

use super::SEND_FLAGS;

/// An internet socket address as the kernel reads and writes it: room for either family.
#[repr(C)]
pub(crate) union InetAddr {
    v4: libc::sockaddr_in,
    v6: libc::sockaddr_in6,
}

impl InetAddr {
    /// The kernel's form of `addr`, and its length.
    #[inline]
    pub(crate) fn new(addr: &SocketAddr) -> (InetAddr, libc::socklen_t) {
        match addr {
            SocketAddr::V4(a) => {
                // SAFETY: `sockaddr_in` is plain old data; all zeroes is a valid value (and
                // the zeroes are what `sin_zero`, and `sin_len` on the BSDs, need).
                let mut v4: libc::sockaddr_in = unsafe { mem::zeroed() };
                v4.sin_family = libc::AF_INET as libc::sa_family_t;
                v4.sin_port = a.port().to_be();
                v4.sin_addr = libc::in_addr {
                    s_addr: u32::from_ne_bytes(a.ip().octets()),
                };
                (
                    InetAddr { v4 },
                    size_of::<libc::sockaddr_in>() as libc::socklen_t,
                )
            }
            SocketAddr::V6(a) => {
                // SAFETY: as above, for `sockaddr_in6`.
                let mut v6: libc::sockaddr_in6 = unsafe { mem::zeroed() };
                v6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                v6.sin6_port = a.port().to_be();
                v6.sin6_flowinfo = a.flowinfo();
                v6.sin6_addr = libc::in6_addr {
                    s6_addr: a.ip().octets(),
                };
                v6.sin6_scope_id = a.scope_id();
                (
                    InetAddr { v6 },
                    size_of::<libc::sockaddr_in6>() as libc::socklen_t,
                )
            }
        }
    }

    pub(crate) fn as_ptr(&self) -> *const libc::sockaddr {
        (self as *const InetAddr).cast()
    }
}

/// Room for the address the kernel writes: a `sockaddr_in6`, which also holds a
/// `sockaddr_in`.
type InetStorage = MaybeUninit<libc::sockaddr_in6>;

/// Reads the address the kernel wrote into `storage`, `len` bytes of it.
#[inline]
fn read_addr(storage: &InetStorage, len: libc::socklen_t) -> io::Result<SocketAddr> {
    let len = (len as usize).min(size_of::<InetStorage>());
    // SAFETY: the kernel initialised the first `len` bytes of `storage`, which holds them.
    unsafe { read_inet(storage.as_ptr().cast(), len) }
}

/// Reads an internet address of `len` bytes at `ptr`, checking its family and length.
///
/// # Safety
///
/// `ptr` is valid for reads of `len` bytes, all initialised, and aligned for a
/// `sockaddr_in6` (a `sockaddr_storage` or a `sockaddr_in6` is).
#[inline]
pub(crate) unsafe fn read_inet(ptr: *const libc::sockaddr, len: usize) -> io::Result<SocketAddr> {
    if len >= size_of::<libc::sockaddr_in>() {
        // SAFETY: at least a `sockaddr_in` is initialised (the caller's promise and the
        // check above), so the family field is; it lies at the same offset in both layouts.
        let family = unsafe { (*ptr.cast::<libc::sockaddr_in>()).sin_family };
        if family == libc::AF_INET as libc::sa_family_t {
            // SAFETY: a whole `sockaddr_in` is initialised (checked above).
            let a = unsafe { &*ptr.cast::<libc::sockaddr_in>() };
            return Ok(SocketAddr::V4(SocketAddrV4::new(
                Ipv4Addr::from(a.sin_addr.s_addr.to_ne_bytes()),
                u16::from_be(a.sin_port),
            )));
        }
        if family == libc::AF_INET6 as libc::sa_family_t && len >= size_of::<libc::sockaddr_in6>() {
            // SAFETY: a whole `sockaddr_in6` is initialised (checked just above).
            let a = unsafe { &*ptr.cast::<libc::sockaddr_in6>() };
            return Ok(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(a.sin6_addr.s6_addr),
                u16::from_be(a.sin6_port),
                a.sin6_flowinfo,
                a.sin6_scope_id,
            )));
        }
    }
    Err(not_inet())
}

#[cold]
fn not_inet() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the kernel returned an address that is not IPv4 or IPv6",
    )
}

/// `socket(2)` with `SOCK_CLOEXEC` in the type: one syscall, atomically close-on-exec. On
/// Apple's systems, which have no `SOCK_CLOEXEC`, socket2 makes the socket (`socket`, then
/// `FD_CLOEXEC` and `SO_NOSIGPIPE`).
#[inline]
pub(crate) fn socket(domain: socket2::Domain, ty: socket2::Type) -> io::Result<socket2::Socket> {
    #[cfg(not(target_vendor = "apple"))]
    {
        let (domain, ty): (libc::c_int, libc::c_int) = (domain.into(), ty.into());
        // SAFETY: `socket(2)` takes plain integers; a non-negative result is a new
        // descriptor that nothing else owns.
        let fd = unsafe { libc::socket(domain, ty | libc::SOCK_CLOEXEC, 0) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just created and is owned by nobody else.
        let fd: std::os::fd::OwnedFd = unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) };
        Ok(socket2::Socket::from(fd))
    }
    #[cfg(target_vendor = "apple")]
    {
        socket2::Socket::new(domain, ty, None)
    }
}

/// One `connect(2)` to an internet address. `EINTR` and `EINPROGRESS` are returned: the
/// connect goes on in the kernel, and the caller waits for it.
#[inline]
pub(crate) fn connect_inet(socket: &socket2::Socket, addr: &SocketAddr) -> io::Result<()> {
    let (raw, len) = InetAddr::new(addr);
    // SAFETY: `raw` holds a valid address of `len` bytes for the duration of the call; the
    // socket is open for the borrow's lifetime.
    if unsafe { libc::connect(socket.as_raw_fd(), raw.as_ptr(), len) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// One `sendto(2)` to an internet address, with `MSG_NOSIGNAL`.
#[inline]
pub(crate) fn send_to_inet(
    socket: &socket2::Socket,
    buf: &[u8],
    addr: &SocketAddr,
) -> io::Result<usize> {
    let (raw, len) = InetAddr::new(addr);
    // SAFETY: `buf` is valid for reads of its length and `raw` holds a valid address of
    // `len` bytes, both for the duration of the call.
    let n = unsafe {
        libc::sendto(
            socket.as_raw_fd(),
            buf.as_ptr().cast(),
            buf.len(),
            SEND_FLAGS,
            raw.as_ptr(),
            len,
        )
    };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// One `recvfrom(2)` and the sender's internet address. `EINTR` is returned, as std does.
#[inline]
pub(crate) fn recv_from_inet(
    socket: &socket2::Socket,
    buf: &mut [u8],
) -> io::Result<(usize, SocketAddr)> {
    let mut storage = InetStorage::uninit();
    let mut len = size_of::<InetStorage>() as libc::socklen_t;
    // SAFETY: `buf` is valid for writes of its length, `storage` for writes of `len` bytes;
    // the kernel writes at most that many and reports how many in `len`.
    let n = unsafe {
        libc::recvfrom(
            socket.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            0,
            storage.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok((n as usize, read_addr(&storage, len)?))
}

/// One `accept4(2)` with `SOCK_CLOEXEC` (and `SOCK_NONBLOCK` if `nonblocking`) on an
/// internet listener, and the peer's address. `EINTR` is returned: the caller retries.
/// Where there is no `accept4` (Apple's systems), socket2's `accept` (`accept`, then
/// `FD_CLOEXEC`), `FIONBIO` if asked, and its address conversion.
#[inline]
pub(crate) fn accept_inet(
    listener: &socket2::Socket,
    nonblocking: bool,
) -> io::Result<(socket2::Socket, SocketAddr)> {
    #[cfg(not(target_vendor = "apple"))]
    {
        let mut storage = InetStorage::uninit();
        let mut len = size_of::<InetStorage>() as libc::socklen_t;
        // SAFETY: `storage` is valid for writes of `len` bytes; the kernel writes at most
        // that many and reports how many in `len`. A non-negative result is a new
        // descriptor that nothing else owns.
        let fd = unsafe {
            libc::accept4(
                listener.as_raw_fd(),
                storage.as_mut_ptr().cast(),
                &mut len,
                if nonblocking {
                    libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK
                } else {
                    libc::SOCK_CLOEXEC
                },
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just created by `accept4` and is owned by nobody else.
        let fd: std::os::fd::OwnedFd = unsafe { std::os::fd::FromRawFd::from_raw_fd(fd) };
        let socket = socket2::Socket::from(fd);
        Ok((socket, read_addr(&storage, len)?))
    }
    #[cfg(target_vendor = "apple")]
    {
        let (socket, addr) = listener.accept()?;
        if nonblocking {
            socket.set_nonblocking(true)?;
        }
        Ok((socket, addr.as_socket().ok_or_else(not_inet)?))
    }
}
