//! Batches of datagrams: [`sendmmsg(2)`] and [`recvmmsg(2)`] on Linux, Android and FreeBSD,
//! one `sendmsg(2)` or `recvmsg(2)` per datagram elsewhere (Apple's systems, the other BSDs).
//!
//! The headers of a batch are built on the stack, [`CHUNK`] at a time; the buffers are the
//! caller's `IoSlice`s and `IoSliceMut`s, which are `iovec`s (std guarantees their layout),
//! and a received datagram's sender is written straight into the caller's [`RecvSlot`].
//! Nothing allocates.
//!
//! [`sendmmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmmsg.2.html
//! [`recvmmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmmsg.2.html

use std::io::{self, IoSlice, IoSliceMut};
use std::mem::{self, MaybeUninit};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::ptr;

use socket2::SockAddr;

use super::SEND_FLAGS;
use super::inet::{InetAddr, read_inet};

/// How many datagrams one syscall takes: the headers of a chunk live on the stack (64
/// bytes each, plus 28 for an internet destination), and a longer batch is moved in
/// chunks of this many.
pub(crate) const CHUNK: usize = 64;

/// One datagram's header: `mmsghdr` where the kernel has it, a `msghdr` and its length
/// elsewhere.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
type Header = libc::mmsghdr;

/// One datagram's header: `mmsghdr` where the kernel has it, a `msghdr` and its length
/// elsewhere.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
#[repr(C)]
struct Header {
    msg_hdr: libc::msghdr,
    msg_len: usize,
}

/// A chunk of zeroed headers: no name, no buffer, no control data, no flags.
fn zeroed_headers() -> [Header; CHUNK] {
    // SAFETY: `mmsghdr` and `msghdr` are plain old data (integers and raw pointers); all
    // zeroes is a valid value of each: null pointers and zero lengths.
    unsafe { mem::zeroed() }
}

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
use super::ancillary::{Received, RecvControl, parse_recv};

/// What the kernel reported for one received datagram: its sender's address, its length,
/// its flags (`MSG_TRUNC`, `MSG_CTRUNC`) and, on Linux, what its control messages said
/// (the `UDP_GRO` segment size, the destination, the traffic class, the timestamp).
#[derive(Clone, Copy)]
pub(crate) struct RecvSlot {
    name: libc::sockaddr_storage,
    name_len: libc::socklen_t,
    len: usize,
    flags: libc::c_int,
    /// The control space the kernel writes a UDP datagram's messages into: zeroed when
    /// made, so that the padding the kernel skips is never uninitialised.
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    control: RecvControl,
    /// What those messages said, parsed as the datagram arrived.
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    received: Received,
}

impl RecvSlot {
    /// An empty slot: no datagram, the unspecified address.
    pub(crate) const fn new() -> RecvSlot {
        RecvSlot {
            // SAFETY: `sockaddr_storage` is plain old data; all zeroes is a valid value.
            name: unsafe { mem::zeroed() },
            name_len: 0,
            len: 0,
            flags: 0,
            #[cfg(any(
                target_os = "linux",
                target_os = "android",
                target_os = "freebsd",
                target_vendor = "apple"
            ))]
            control: RecvControl::new(),
            #[cfg(any(
                target_os = "linux",
                target_os = "android",
                target_os = "freebsd",
                target_vendor = "apple"
            ))]
            received: Received {
                segment: None,
                destination: None,
                interface: None,
                traffic_class: None,
                timestamp: None,
            },
        }
    }

    /// The number of bytes of the datagram written into its buffer.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The size of the datagrams in the buffer: the `UDP_GRO` stride of a coalesced buffer,
    /// the length itself otherwise.
    pub(crate) fn segment_size(&self) -> usize {
        #[cfg(any(
            target_os = "linux",
            target_os = "android",
            target_os = "freebsd",
            target_vendor = "apple"
        ))]
        if let Some(segment) = self.received.segment {
            return segment;
        }
        self.len
    }

    /// `MSG_TRUNC`: the datagram was longer than its buffer, and the rest is lost.
    pub(crate) fn is_truncated(&self) -> bool {
        self.flags & libc::MSG_TRUNC != 0
    }

    /// `MSG_CTRUNC`: the datagram's control messages did not all fit (never, with the
    /// options the crate sets: the space holds them all at once).
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    pub(crate) fn is_control_truncated(&self) -> bool {
        self.flags & libc::MSG_CTRUNC != 0
    }

    /// What the datagram's control messages said (Linux, Android).
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    pub(crate) fn received(&self) -> &Received {
        &self.received
    }

    /// The sender, for an internet socket.
    pub(crate) fn inet(&self) -> io::Result<SocketAddr> {
        let len = (self.name_len as usize).min(size_of::<libc::sockaddr_storage>());
        // SAFETY: the storage is initialised throughout (zeroed when made, then written by
        // the kernel) and aligned for any address; `len` is within it.
        unsafe { read_inet((&raw const self.name).cast(), len) }
    }

    /// The sender as the kernel wrote it, for the other families.
    pub(crate) fn sock_addr(&self) -> SockAddr {
        let len = (self.name_len as usize).min(size_of::<libc::sockaddr_storage>());
        // SAFETY: `try_init` hands a storage of `sockaddr_storage`'s size; `len` bytes of
        // ours are copied into it, and the length set to match.
        let ((), addr) = unsafe {
            SockAddr::try_init(|storage, storage_len| {
                ptr::copy_nonoverlapping((&raw const self.name).cast::<u8>(), storage.cast(), len);
                *storage_len = len as libc::socklen_t;
                Ok(())
            })
        }
        .expect("an infallible initialisation");
        addr
    }
}

/// A caller's value that holds a [`RecvSlot`]: what a batch receive writes into.
pub(crate) trait HasRecvSlot {
    fn recv_slot(&mut self) -> &mut RecvSlot;
}

/// The destination of one datagram of a batch: a kernel address and its length, or none
/// (a connected socket).
pub(crate) type RawName = (*const libc::sockaddr, libc::socklen_t);

/// An internet destination, written into `slot`, which must outlive the send.
#[inline]
pub(crate) fn inet_name(addr: &SocketAddr, slot: &mut MaybeUninit<InetAddr>) -> RawName {
    let (raw, len) = InetAddr::new(addr);
    (slot.write(raw).as_ptr(), len)
}

/// A destination held by socket2 (a Unix address): used in place.
#[inline]
pub(crate) fn sock_addr_name(addr: &SockAddr) -> RawName {
    (addr.as_ptr().cast(), addr.len())
}

/// Sends `bufs`, one datagram each, to the destination `name` gives for each (its index,
/// and a slot on the stack to build it in); `None` for a connected socket. Stops at the
/// first datagram the kernel does not take: the count says how many went. An error after
/// at least one went ends the batch with the count; the next call reports it if it lasts.
pub(crate) fn send_batch<N>(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
    name: Option<N>,
) -> io::Result<usize>
where
    N: FnMut(usize, &mut MaybeUninit<InetAddr>) -> RawName,
{
    send_batch_with(socket, bufs, name, None::<fn(usize) -> Extras>)
}

/// What one datagram of a batch asks for beyond its bytes (Linux, Android: a source
/// address, a traffic class); nothing elsewhere.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) type Extras = super::SendExtras;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) type Extras = ();

/// [`send_batch`], each datagram with the control messages `extras` gives for its index
/// (Linux, Android), built on the stack beside its header.
pub(crate) fn send_batch_with<N, E>(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
    mut name: Option<N>,
    extras: Option<E>,
) -> io::Result<usize>
where
    N: FnMut(usize, &mut MaybeUninit<InetAddr>) -> RawName,
    E: Fn(usize) -> Extras,
{
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = extras;
    let mut headers = zeroed_headers();
    let mut slots = [const { MaybeUninit::<InetAddr>::uninit() }; CHUNK];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let mut controls = [const { MaybeUninit::<super::ancillary::SendControl>::uninit() }; CHUNK];
    let mut sent = 0;
    for chunk in bufs.chunks(CHUNK) {
        for (j, (buf, header)) in chunk.iter().zip(headers.iter_mut()).enumerate() {
            let hdr = &mut header.msg_hdr;
            if let Some(name) = name.as_mut() {
                let (addr, len) = name(sent + j, &mut slots[j]);
                hdr.msg_name = addr.cast_mut().cast();
                hdr.msg_namelen = len;
            }
            #[cfg(any(target_os = "linux", target_os = "android"))]
            if let Some(extras) = extras.as_ref() {
                let control = controls[j].write(super::ancillary::SendControl::new());
                let len = super::ancillary::build_send(control, extras(sent + j));
                hdr.msg_control = control.0.as_mut_ptr().cast();
                hdr.msg_controllen = len as _;
            }
            // An `IoSlice` is an `iovec` (std guarantees the layout); the kernel only reads
            // it for a send.
            hdr.msg_iov = ptr::from_ref(buf).cast_mut().cast();
            hdr.msg_iovlen = 1;
        }
        let n = match send_chunk(socket, &mut headers[..chunk.len()]) {
            Ok(n) => n,
            Err(e) if sent == 0 => return Err(e),
            Err(_) => return Ok(sent),
        };
        sent += n;
        if n < chunk.len() {
            break;
        }
    }
    Ok(sent)
}

/// Receives up to `min(bufs.len(), slots.len())` datagrams, one per buffer: waits for the
/// first as the socket's mode says (blocking, non-blocking, `SO_RCVTIMEO`), then takes those
/// already queued without waiting (`MSG_WAITFORONE`, then `MSG_DONTWAIT`). Each datagram's
/// length, flags and sender go into its slot. An error after at least one arrived ends the
/// batch with the count.
///
/// With `udp` (a UDP socket, Linux and Android), each header gets its slot's control space,
/// and what the messages say (the `UDP_GRO` segment size of a coalesced buffer, and the
/// metadata asked for) goes into the slot. Without it (the Unix kinds) no control space is
/// offered, so the kernel installs no descriptor (`SCM_RIGHTS`, `SCM_PIDFD`) for a batch.
pub(crate) fn recv_batch<M: HasRecvSlot>(
    socket: &socket2::Socket,
    bufs: &mut [IoSliceMut<'_>],
    slots: &mut [M],
    udp: bool,
) -> io::Result<usize> {
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    )))]
    let _ = udp;
    let count = bufs.len().min(slots.len());
    let mut headers = zeroed_headers();
    let mut received = 0;
    while received < count {
        let chunk = (count - received).min(CHUNK);
        for (j, header) in headers[..chunk].iter_mut().enumerate() {
            let slot = slots[received + j].recv_slot();
            let hdr = &mut header.msg_hdr;
            hdr.msg_name = (&raw mut slot.name).cast();
            hdr.msg_namelen = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // An `IoSliceMut` is an `iovec` (std guarantees the layout); the kernel writes
            // into the buffer it points to.
            hdr.msg_iov = (&raw mut bufs[received + j]).cast();
            hdr.msg_iovlen = 1;
            #[cfg(any(
                target_os = "linux",
                target_os = "android",
                target_os = "freebsd",
                target_vendor = "apple"
            ))]
            if udp {
                hdr.msg_control = (&raw mut slot.control).cast();
                hdr.msg_controllen = size_of::<RecvControl>() as _;
            }
        }
        let n = match recv_chunk(socket, &mut headers[..chunk], received == 0) {
            Ok(n) => n,
            Err(e) if received == 0 => return Err(e),
            Err(_) => break,
        };
        for (j, header) in headers[..n].iter().enumerate() {
            let slot = slots[received + j].recv_slot();
            // `msg_len` is a `c_uint` with `recvmmsg`, a `usize` in the loop's own header.
            #[allow(clippy::unnecessary_cast)]
            {
                slot.len = header.msg_len as usize;
            }
            slot.name_len = header.msg_hdr.msg_namelen;
            slot.flags = header.msg_hdr.msg_flags;
            #[cfg(any(
                target_os = "linux",
                target_os = "android",
                target_os = "freebsd",
                target_vendor = "apple"
            ))]
            {
                // `msg_controllen` is a `size_t` with glibc, a `socklen_t` with musl.
                #[allow(clippy::unnecessary_cast)]
                let written = if udp {
                    (header.msg_hdr.msg_controllen as usize).min(size_of::<RecvControl>())
                } else {
                    0
                };
                slot.received = parse_recv(&slot.control.0[..written]);
            }
        }
        received += n;
        if n < chunk {
            break;
        }
    }
    Ok(received)
}

/// One `sendmmsg(2)`.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
fn send_chunk(socket: &socket2::Socket, headers: &mut [Header]) -> io::Result<usize> {
    // SAFETY: every header points at a live `iovec` of one buffer valid for reads, at a
    // destination address of the length given (or none), and at that many initialised
    // bytes of well-formed control messages (or none), all borrowed for the call.
    let n = unsafe {
        libc::sendmmsg(
            socket.as_raw_fd(),
            headers.as_mut_ptr(),
            headers.len() as _,
            SEND_FLAGS as _,
        )
    };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// One `recvmmsg(2)`: `MSG_WAITFORONE` for the first chunk of a batch, `MSG_DONTWAIT` for
/// the next ones.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
fn recv_chunk(socket: &socket2::Socket, headers: &mut [Header], first: bool) -> io::Result<usize> {
    let flags = if first {
        libc::MSG_WAITFORONE
    } else {
        libc::MSG_DONTWAIT
    };
    // SAFETY: every header points at a live `iovec` of one buffer valid for writes, and at
    // a `sockaddr_storage` valid for writes of `msg_namelen` bytes, all borrowed for the
    // call; no timeout.
    let n = unsafe {
        libc::recvmmsg(
            socket.as_raw_fd(),
            headers.as_mut_ptr(),
            headers.len() as _,
            flags as _,
            ptr::null_mut::<libc::timespec>(),
        )
    };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// One `sendmsg(2)` per datagram, stopping at the first error after one went.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
fn send_chunk(socket: &socket2::Socket, headers: &mut [Header]) -> io::Result<usize> {
    for (i, header) in headers.iter_mut().enumerate() {
        // SAFETY: the header points at a live `iovec` of one buffer valid for reads, and at
        // a destination address of the length given (or none), borrowed for the call.
        let n = unsafe { libc::sendmsg(socket.as_raw_fd(), &header.msg_hdr, SEND_FLAGS) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if i == 0 { Err(e) } else { Ok(i) };
        }
        header.msg_len = n as usize;
    }
    Ok(headers.len())
}

/// One `recvmsg(2)` per datagram: the first waits as the socket's mode says, the others
/// take `MSG_DONTWAIT`.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
fn recv_chunk(socket: &socket2::Socket, headers: &mut [Header], first: bool) -> io::Result<usize> {
    for (i, header) in headers.iter_mut().enumerate() {
        let flags = if first && i == 0 {
            0
        } else {
            libc::MSG_DONTWAIT
        };
        // SAFETY: the header points at a live `iovec` of one buffer valid for writes, and at
        // a `sockaddr_storage` valid for writes of `msg_namelen` bytes, borrowed for the
        // call.
        let n = unsafe { libc::recvmsg(socket.as_raw_fd(), &mut header.msg_hdr, flags) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if i == 0 { Err(e) } else { Ok(i) };
        }
        header.msg_len = n as usize;
    }
    Ok(headers.len())
}

/// [`send_batch`] to internet destinations, one per buffer.
#[inline]
pub(crate) fn send_batch_to_inet(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
    addrs: &[SocketAddr],
) -> io::Result<usize> {
    send_batch(
        socket,
        bufs,
        Some(|i, slot: &mut _| inet_name(&addrs[i], slot)),
    )
}

/// [`send_batch`] to destinations socket2 holds (Unix addresses), one per buffer.
#[inline]
pub(crate) fn send_batch_to_sock_addrs<A>(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
    addrs: &[A],
    sock_addr: impl Fn(&A) -> &SockAddr,
) -> io::Result<usize> {
    send_batch(
        socket,
        bufs,
        Some(|i, _: &mut _| sock_addr_name(sock_addr(&addrs[i]))),
    )
}

/// [`send_batch_with`] to internet destinations, each datagram with its extras.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn send_batch_to_inet_with(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
    addrs: &[SocketAddr],
    extras: impl Fn(usize) -> Extras,
) -> io::Result<usize> {
    send_batch_with(
        socket,
        bufs,
        Some(|i, slot: &mut _| inet_name(&addrs[i], slot)),
        Some(extras),
    )
}

/// [`send_batch_with`] on a connected socket, each datagram with its extras.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn send_batch_connected_with(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
    extras: impl Fn(usize) -> Extras,
) -> io::Result<usize> {
    send_batch_with(
        socket,
        bufs,
        None::<fn(usize, &mut MaybeUninit<InetAddr>) -> RawName>,
        Some(extras),
    )
}

/// [`send_batch`] on a connected socket: no destinations.
#[inline]
pub(crate) fn send_batch_connected(
    socket: &socket2::Socket,
    bufs: &[IoSlice<'_>],
) -> io::Result<usize> {
    send_batch(
        socket,
        bufs,
        None::<fn(usize, &mut MaybeUninit<InetAddr>) -> RawName>,
    )
}
