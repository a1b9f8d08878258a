//! The conversions of addresses between the user's types and the kernel's `SockAddr`:
//! the sealed half of [`Address`](crate::Address) (what a `bind`, `connect` or `send_to`
//! argument becomes) and of [`Kind::Addr`](crate::Kind::Addr) (what `accept`, `recv_from`
//! and the batches make of what the kernel wrote), with the fast paths of the internet
//! kinds through the platform layer.

use std::io;
#[cfg(unix)]
use std::io::IoSlice;
use std::net::SocketAddr;

use socket2::SockAddr;

#[cfg(any(target_os = "linux", target_os = "android"))]
use super::UdpGro;
#[cfg(unix)]
use super::UnixKind;
use super::{Tcp, Udp};
#[cfg(unix)]
use crate::addr::UnixAddr;
use crate::sys;

/// Conversion of a kernel address into the kind's address type.
pub trait FromSockAddr: Sized {
    /// Borrows the kernel's address: a `SockAddr` is 132 bytes, not worth a copy.
    fn from_sock_addr(addr: &SockAddr) -> io::Result<Self>;

    /// One `accept(2)` (`accept4` with `SOCK_CLOEXEC` where there is one) and the
    /// peer's address; `EINTR` is returned. `nonblocking`: the new socket is non-blocking
    /// (an async accept's). The internet kinds override it with the platform layer's fast
    /// path, which keeps the address on the stack and sets both flags in the one syscall.
    #[inline]
    fn accept(
        listener: &socket2::Socket,
        nonblocking: bool,
    ) -> io::Result<(socket2::Socket, Self)> {
        let (socket, addr) = listener.accept()?;
        if nonblocking {
            socket.set_nonblocking(true)?;
        }
        Ok((socket, Self::from_sock_addr(&addr)?))
    }

    /// Sends a batch, `bufs[i]` to `addrs[i]` (of the same length).
    #[cfg(unix)]
    fn send_batch_to(
        socket: &socket2::Socket,
        bufs: &[IoSlice<'_>],
        addrs: &[Self],
    ) -> io::Result<usize>;

    /// The sender a batch receive wrote into a `RecvMeta`'s slot. (The trait is unnameable
    /// outside the crate, so the crate-private slot type is too.)
    #[cfg(unix)]
    #[inline]
    #[allow(private_interfaces)]
    fn from_recv_slot(slot: &sys::RecvSlot) -> io::Result<Self> {
        Self::from_sock_addr(&slot.sock_addr())
    }

    /// One `recvfrom(2)` and the sender's address; overridden as `accept` is.
    #[inline]
    fn recv_from(socket: &socket2::Socket, buf: &mut [u8]) -> io::Result<(usize, Self)> {
        let (n, addr) = socket.recv_from(sys::as_uninit(buf))?;
        Ok((n, Self::from_sock_addr(&addr)?))
    }
}

/// Conversion of a user's address argument for kind `K` into a kernel address.
pub trait ToSockAddr<K> {
    fn to_sock_addr(&self) -> io::Result<SockAddr>;
    /// The address as an error message shows it.
    fn describe(&self) -> String;
    /// The internet address, for the platform layer's fast paths, which build the
    /// kernel's `sockaddr_in`/`sockaddr_in6` on the stack; `None` for the others, which
    /// go through [`to_sock_addr`](Self::to_sock_addr). Known at compile time for each
    /// address type, so the branch costs nothing.
    #[inline]
    fn as_inet(&self) -> Option<&SocketAddr> {
        None
    }
}

/// A [`SocketAddr`] is the address of each internet kind: the sealed half of `Address`.
macro_rules! inet_address {
    ($($(#[$cfg:meta])* $kind:ident),*) => {$(
        $(#[$cfg])*
        impl ToSockAddr<$kind> for SocketAddr {
            #[inline]
            fn to_sock_addr(&self) -> io::Result<SockAddr> {
                Ok(SockAddr::from(*self))
            }
            fn describe(&self) -> String {
                self.to_string()
            }
            #[inline]
            fn as_inet(&self) -> Option<&SocketAddr> {
                Some(self)
            }
        }
    )*};
}

inet_address!(
    Tcp,
    Udp,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    UdpGro
);

#[cfg(unix)]
impl<K: UnixKind, P: AsRef<std::path::Path>> ToSockAddr<K> for P {
    #[inline]
    fn to_sock_addr(&self) -> io::Result<SockAddr> {
        UnixAddr::from_pathname(self).map(UnixAddr::into_sock_addr)
    }
    fn describe(&self) -> String {
        use std::os::unix::ffi::OsStrExt;
        crate::addr::EscapedPath(self.as_ref().as_os_str().as_bytes()).to_string()
    }
}

#[cfg(unix)]
impl<K: UnixKind> ToSockAddr<K> for UnixAddr {
    #[inline]
    fn to_sock_addr(&self) -> io::Result<SockAddr> {
        Ok(self.as_sock_addr().clone())
    }
    fn describe(&self) -> String {
        self.to_string()
    }
}

impl FromSockAddr for SocketAddr {
    #[inline]
    fn from_sock_addr(addr: &SockAddr) -> io::Result<Self> {
        addr.as_socket().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "the kernel returned an address that is not IPv4 or IPv6",
            )
        })
    }

    #[cfg(unix)]
    #[inline]
    fn send_batch_to(
        socket: &socket2::Socket,
        bufs: &[IoSlice<'_>],
        addrs: &[Self],
    ) -> io::Result<usize> {
        crate::sys::send_batch_to_inet(socket, bufs, addrs)
    }

    #[cfg(unix)]
    #[inline]
    #[allow(private_interfaces)]
    fn from_recv_slot(slot: &crate::sys::RecvSlot) -> io::Result<Self> {
        slot.inet()
    }

    #[inline(always)]
    fn accept(
        listener: &socket2::Socket,
        nonblocking: bool,
    ) -> io::Result<(socket2::Socket, Self)> {
        crate::sys::accept_inet(listener, nonblocking)
    }

    #[inline]
    fn recv_from(socket: &socket2::Socket, buf: &mut [u8]) -> io::Result<(usize, Self)> {
        crate::sys::recv_from_inet(socket, buf)
    }
}

#[cfg(unix)]
impl FromSockAddr for UnixAddr {
    fn send_batch_to(
        socket: &socket2::Socket,
        bufs: &[std::io::IoSlice<'_>],
        addrs: &[Self],
    ) -> io::Result<usize> {
        if addrs.iter().any(UnixAddr::is_unnamed) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "an unnamed Unix address names no socket: nothing can send to it",
            ));
        }
        crate::sys::send_batch_to_sock_addrs(socket, bufs, addrs, UnixAddr::as_sock_addr)
    }

    fn from_sock_addr(addr: &SockAddr) -> io::Result<Self> {
        UnixAddr::from_kernel(addr)
    }
}
