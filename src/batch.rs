//! Batches of datagrams: many datagrams per syscall, for the datagram kinds (see
//! [`RecvMeta`]).

use std::fmt;
use std::io::{self, IoSlice, IoSliceMut};
use std::marker::PhantomData;

use crate::kind::address::FromSockAddr;
use crate::kind::{DatagramKind, Kind, Udp};
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::kind::{UdpGro, UdpKind};
use crate::socket::Socket;
use crate::state::{CanRecv, CanSend, CanSendTo, State};
use crate::sys;

/// What a batch receive reports for one datagram: its length, whether it was truncated, its
/// sender, and (UDP with GRO) the size of the datagrams coalesced in it. Caller-owned and
/// reused from call to call.
///
/// Make a batch's worth once (`[const { RecvMeta::new() }; 32]`, or a `Vec` made before
/// the loop) and pass it to every receive: the receive writes into it and allocates
/// nothing. Only the first `n` entries, `n` being what the receive returned, describe the
/// datagrams of that call.
///
/// # Batches
///
/// | state | send | receive |
/// | --- | --- | --- |
/// | [`Bound`](crate::Bound) | [`send_batch_to`](Socket::send_batch_to): each datagram to its address | [`recv_batch_from`](Socket::recv_batch_from): each datagram's length and sender |
/// | [`Connected`](crate::Connected) | [`send_batch`](Socket::send_batch) | [`recv_batch`](Socket::recv_batch) |
///
/// The buffers are the caller's ([`IoSlice`], [`IoSliceMut`]: one buffer per datagram), and
/// so is the [`RecvMeta`] each received datagram's length, truncation and sender are
/// written into: a batch call allocates nothing. On Linux, Android and FreeBSD a batch is
/// one [`sendmmsg(2)`] or [`recvmmsg(2)`] per 64 datagrams (the headers are built on the
/// stack, 64 at a time); elsewhere (macOS, iOS, the other BSDs) it is one [`sendmsg(2)`] or
/// [`recvmsg(2)`] per datagram, with the same results.
///
/// Each call reports how many datagrams went: a batch can be partial. A send stops at the
/// first datagram the kernel does not take; a receive waits for the first datagram (as the
/// socket's mode says: blocking, non-blocking, read timeout), then takes only those already
/// queued. An error after at least one datagram went ends the batch early with the count,
/// and the kernel drops the error itself ([`sendmmsg(2)`]: "the error code is lost"): a
/// batch cut short says only that something stopped it; an error that lasts is reported by
/// the next call that meets it first (`tests/faults.rs`: a closed UDP port cuts each batch
/// to one datagram, and a single `send` then reports `ConnectionRefused`).
///
/// [`sendmmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmmsg.2.html
/// [`recvmmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmmsg.2.html
///
/// # Example
///
/// ```
/// use std::io::{IoSlice, IoSliceMut};
/// use std::net::SocketAddr;
/// use typesock::{RecvMeta, Socket};
///
/// let any = SocketAddr::from(([127, 0, 0, 1], 0));
/// let a = Socket::udp_v4()?.bind(any)?;
/// let b = Socket::udp_v4()?.bind(any)?;
/// let to = b.local_addr()?;
/// let bufs = [IoSlice::new(b"one"), IoSlice::new(b"three")];
/// assert_eq!(a.send_batch_to(&bufs, &[to, to])?, 2);
///
/// let mut bufs = [[0u8; 16]; 4];
/// let mut slices = bufs.each_mut().map(|b| IoSliceMut::new(b));
/// let mut meta = [const { RecvMeta::new() }; 4];
/// let mut got = 0;
/// while got < 2 {
///     got += b.recv_batch_from(&mut slices[got..], &mut meta[got..])?;
/// }
/// assert_eq!((meta[0].len(), meta[1].len()), (3, 5));
/// assert_eq!(meta[1].addr()?, a.local_addr()?);
/// assert_eq!(&slices[1][..meta[1].len()], b"three");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
/// [`recvmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmsg.2.html
pub struct RecvMeta<K: DatagramKind = Udp> {
    slot: sys::RecvSlot,
    _kind: PhantomData<K>,
}

impl<K: DatagramKind> RecvMeta<K> {
    /// An empty entry, to be written by a batch receive.
    pub const fn new() -> Self {
        RecvMeta {
            slot: sys::RecvSlot::new(),
            _kind: PhantomData,
        }
    }

    /// The number of bytes written into the datagram's buffer: the datagram's length, or
    /// the buffer's if it was [truncated](Self::is_truncated).
    pub fn len(&self) -> usize {
        self.slot.len()
    }

    /// Whether the datagram was empty (a datagram may carry no bytes).
    pub fn is_empty(&self) -> bool {
        self.slot.len() == 0
    }

    /// Whether the datagram was longer than its buffer (`MSG_TRUNC`): the rest is lost.
    pub fn is_truncated(&self) -> bool {
        self.slot.is_truncated()
    }

    /// The size of each datagram in the buffer: the length itself for an ordinary datagram,
    /// or, on a [`UdpGro`] socket (Linux, Android), the
    /// `UDP_GRO` segment size of a buffer the kernel filled with many datagrams of one
    /// sender, all but the last of this size. An entry whose `segment_size()` is less than
    /// its [`len`](Self::len) holds several datagrams.
    ///
    /// # Example
    ///
    /// ```
    /// use std::io::IoSliceMut;
    /// use std::net::SocketAddr;
    /// use typesock::{RecvMeta, Socket};
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let (a, z) = (Socket::udp_v4()?.bind(any)?, Socket::udp_v4()?.bind(any)?);
    /// a.send_to(b"one datagram", z.local_addr()?)?;
    /// let mut buf = [0; 64];
    /// let mut meta = [RecvMeta::new()];
    /// z.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)?;
    /// assert_eq!((meta[0].len(), meta[0].segment_size()), (12, 12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn segment_size(&self) -> usize {
        self.slot.segment_size()
    }

    /// The sender's address: for a connected socket, its peer. A Unix sender that never
    /// bound is [unnamed](crate::UnixAddr::is_unnamed).
    ///
    /// # Errors
    ///
    /// `InvalidData` if a `Udp` entry holds no internet address: one that no receive has
    /// written. (A `UnixDatagram` entry that no receive has written reads as unnamed, as
    /// the kernel reports a sender that never bound.)
    pub fn addr(&self) -> io::Result<K::Addr> {
        K::Addr::from_recv_slot(&self.slot)
    }
}

impl<K: DatagramKind> RecvMeta<K> {
    /// What the receive wrote, for the metadata's readers.
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    ))]
    pub(crate) fn slot(&self) -> &sys::RecvSlot {
        &self.slot
    }
}

impl<K: DatagramKind> sys::HasRecvSlot for RecvMeta<K> {
    fn recv_slot(&mut self) -> &mut sys::RecvSlot {
        &mut self.slot
    }
}

impl<K: DatagramKind> Default for RecvMeta<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: DatagramKind> Clone for RecvMeta<K> {
    fn clone(&self) -> Self {
        RecvMeta {
            slot: self.slot,
            _kind: PhantomData,
        }
    }
}

/// Shows the length, the segment size, the truncation and the sender: `RecvMeta { len: 64,
/// segment_size: 64, truncated: false, addr: 127.0.0.1:4000 }`.
impl<K: DatagramKind> fmt::Debug for RecvMeta<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("RecvMeta");
        d.field("len", &self.len())
            .field("segment_size", &self.segment_size())
            .field("truncated", &self.is_truncated());
        match self.addr() {
            Ok(addr) => d.field("addr", &format_args!("{addr}")),
            Err(_) => d.field("addr", &format_args!("(none)")),
        };
        d.finish()
    }
}

/// A bound datagram socket: batches to and from any peer.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends one datagram per buffer, `bufs[i]` to `addrs[i]`: [`sendmmsg(2)`] with
    /// `MSG_NOSIGNAL` (one [`sendmsg(2)`] per datagram where there is no `sendmmsg`; see the
    /// [`RecvMeta`] docs).
    ///
    /// Returns how many datagrams went, from the first: fewer than `bufs.len()` when the
    /// kernel stopped taking them (a non-blocking socket with a full send buffer), or when
    /// an error came after at least one went (its code is lost; the next call reports it if
    /// it lasts and is met first).
    ///
    /// # Errors
    ///
    /// `InvalidInput` if `bufs` and `addrs` differ in length, or (Unix) an address is
    /// unnamed; before any syscall. Otherwise the error of the first datagram, as
    /// [`send_to`](Self::send_to) would report it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::io::IoSlice;
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let sender = Socket::udp_v4()?.bind(any)?;
    /// let (x, y) = (Socket::udp_v4()?.bind(any)?, Socket::udp_v4()?.bind(any)?);
    /// let bufs = [IoSlice::new(b"to x"), IoSlice::new(b"to y")];
    /// assert_eq!(sender.send_batch_to(&bufs, &[x.local_addr()?, y.local_addr()?])?, 2);
    ///
    /// let mut buf = [0; 8];
    /// assert_eq!(x.recv_from(&mut buf)?.0, 4);
    /// assert_eq!(&buf[..4], b"to x");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`sendmmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmmsg.2.html
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    pub fn send_batch_to(&self, bufs: &[IoSlice<'_>], addrs: &[K::Addr]) -> io::Result<usize>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        if bufs.len() != addrs.len() {
            return Err(length_mismatch(bufs.len(), addrs.len()));
        }
        K::Addr::send_batch_to(self.inner(), bufs, addrs)
    }

    /// Receives up to `min(bufs.len(), meta.len())` datagrams, one per buffer, each one's
    /// length, truncation and sender into `meta`: [`recvmmsg(2)`] with `MSG_WAITFORONE`
    /// (one [`recvmsg(2)`] per datagram where there is no `recvmmsg`; see the
    /// [`RecvMeta`] docs).
    ///
    /// Waits for the first datagram as the socket's mode says (blocking, non-blocking, read
    /// timeout), then takes only those already queued: returns how many arrived, at least
    /// one. A datagram longer than its buffer is truncated, and its entry says so.
    ///
    /// # Errors
    ///
    /// What [`recv_from`](Self::recv_from) would report for the first datagram:
    /// `WouldBlock` on a non-blocking socket with nothing queued, for example. An empty
    /// batch receives nothing and returns `Ok(0)` at once.
    ///
    /// [`recvmmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmmsg.2.html
    /// [`recvmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmsg.2.html
    pub fn recv_batch_from(
        &self,
        bufs: &mut [IoSliceMut<'_>],
        meta: &mut [RecvMeta<K>],
    ) -> io::Result<usize>
    where
        S: CanSendTo,
        K: DatagramKind,
    {
        sys::recv_batch(self.inner(), bufs, meta, is_udp::<K>())
    }
}

/// A connected datagram socket: batches to and from its one peer.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends one datagram per buffer to the connected peer: [`sendmmsg(2)`] with
    /// `MSG_NOSIGNAL`, as [`send_batch_to`](Socket::send_batch_to) without addresses.
    ///
    /// Returns how many datagrams went, from the first.
    ///
    /// # Errors
    ///
    /// The error of the first datagram, as [`send`](Self::send) would report it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::io::{IoSlice, IoSliceMut};
    /// use typesock::{RecvMeta, Socket};
    ///
    /// let pid = std::process::id();
    /// let path = std::env::temp_dir().join(format!("typesock-batch-doc-{pid}"));
    /// # let _ = std::fs::remove_file(&path);
    /// let b = Socket::unix_datagram()?.bind(&path)?;
    /// let a = Socket::unix_datagram()?.connect(&path)?;
    /// assert_eq!(a.send_batch(&[IoSlice::new(b"ab"), IoSlice::new(b"cde")])?, 2);
    ///
    /// let (mut x, mut y) = ([0; 8], [0; 8]);
    /// let mut meta = [RecvMeta::new(), RecvMeta::new()];
    /// let mut bufs = [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)];
    /// let n = b.recv_batch_from(&mut bufs, &mut meta)?;
    /// assert_eq!(n, 2);
    /// assert!(meta[0].addr()?.is_unnamed());
    /// assert_eq!((meta[0].len(), meta[1].len()), (2, 3));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`sendmmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmmsg.2.html
    pub fn send_batch(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize>
    where
        S: CanSend<K>,
        K: DatagramKind,
    {
        sys::send_batch_connected(self.inner(), bufs)
    }

    /// Receives up to `min(bufs.len(), meta.len())` datagrams from the connected peer:
    /// [`recvmmsg(2)`], as [`recv_batch_from`](Socket::recv_batch_from). Each entry of
    /// `meta` names the peer as the sender.
    ///
    /// # Errors
    ///
    /// What [`recv`](Self::recv) would report for the first datagram.
    ///
    /// [`recvmmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmmsg.2.html
    pub fn recv_batch(
        &self,
        bufs: &mut [IoSliceMut<'_>],
        meta: &mut [RecvMeta<K>],
    ) -> io::Result<usize>
    where
        S: CanRecv<K>,
        K: DatagramKind,
    {
        sys::recv_batch(self.inner(), bufs, meta, is_udp::<K>())
    }
}

/// UDP segmentation offload ([`udp(7)`], Linux and Android): one buffer carries many datagrams
/// of one size through the stack. `send_segments_to` sends `buf` as datagrams of
/// `segment_size` bytes (`UDP_SEGMENT`; the last may be shorter); a [`UdpGro`] receiver
/// (receive offload on: [`with_gro`](Socket::with_gro)) gets many datagrams of one sender
/// in one buffer, with their size, from `recv_segments_from`.
///
/// The kernel's limits apply: at most `UDP_MAX_SEGMENTS` segments (64 on older kernels) and
/// 65,507 bytes in all, or `EINVAL`. A receiver without GRO gets ordinary datagrams.
///
/// # Example
///
/// ```
/// use std::net::SocketAddr;
/// use typesock::Socket;
///
/// let any = SocketAddr::from(([127, 0, 0, 1], 0));
/// let a = Socket::udp_v4()?.bind(any)?;
/// let z = Socket::udp_v4()?.with_gro()?.bind(any)?;
/// assert_eq!(a.send_segments_to(&[7; 1000], 100, z.local_addr()?)?, 1000);
///
/// let mut buf = vec![0; 65536];
/// let mut total = 0;
/// while total < 1000 {
///     let got = z.recv_segments_from(&mut buf)?;
///     assert_eq!((got.segment_size(), got.addr()), (100, a.local_addr()?));
///     assert!(!got.is_truncated());
///     total += got.len();
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`udp(7)`]: https://man7.org/linux/man-pages/man7/udp.7.html
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends `buf` to `addr` as datagrams of `segment_size` bytes, the last one possibly
    /// shorter: one [`sendmsg(2)`] with a `UDP_SEGMENT` control message and `MSG_NOSIGNAL`.
    /// Returns the bytes sent: all of them, or an error. A `segment_size` of 0 is the
    /// kernel's "no segmentation": `buf` goes as one datagram.
    ///
    /// # Errors
    ///
    /// A [`SegmentsError`]: [`is_too_many_segments`](SegmentsError::is_too_many_segments)
    /// before any syscall when `buf` makes more than 128 segments (`UDP_MAX_SEGMENTS`; no
    /// kernel takes more), or after the kernel's `EINVAL` past 64 (older kernels' limit);
    /// [`is_offload_refused`](SegmentsError::is_offload_refused) when the kernel answers
    /// `EIO`: the route's device cannot segment, and the caller should send ordinary
    /// datagrams to that destination (as quinn-udp turns GSO off at run time). Otherwise
    /// the kernel's error, as [`send_to`](Socket::send_to) would report it.
    ///
    /// Whether a device segments depends on the route: a send that works on loopback (which
    /// always does) proves nothing for another interface, and one that works to one
    /// destination proves nothing for another. Keep a fallback for each destination.
    ///
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    pub fn send_segments_to(
        &self,
        buf: &[u8],
        segment_size: u16,
        addr: std::net::SocketAddr,
    ) -> Result<usize, SegmentsError>
    where
        S: CanSendTo,
        K: UdpKind,
    {
        let segments = SegmentsError::check(buf, segment_size)?;
        sys::send_segments(
            self.inner(),
            buf,
            segment_size,
            Some(&addr),
            sys::SendExtras::default(),
        )
        .map_err(|e| SegmentsError::from_kernel(e, segments, segment_size))
    }

    /// Receives one buffer of datagrams from one sender: [`recvmsg(2)`]. The [`Segments`]
    /// it returns says the bytes received, the size of each datagram in them (all but the
    /// last have it; on a `Udp` socket (no GRO), or for a lone datagram, it is the
    /// length itself), whether the buffer was [truncated](Segments::is_truncated), and the
    /// sender. Give it a buffer of 64 KiB: a coalesced buffer longer than `buf` is
    /// truncated, and the entry says so.
    ///
    /// [`recvmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmsg.2.html
    pub fn recv_segments_from(&self, buf: &mut [u8]) -> io::Result<Segments>
    where
        S: CanSendTo,
        K: UdpKind,
    {
        Segments::recv(self.inner(), buf)
    }
}

/// UDP segmentation offload on a connected socket: as on a [`Bound`](crate::Bound) one, to and from
/// the peer.
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends `buf` to the peer as datagrams of `segment_size` bytes: [`sendmsg(2)`] with
    /// `UDP_SEGMENT`, as [`send_segments_to`](Socket::send_segments_to).
    ///
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    ///
    /// # Errors
    ///
    /// As [`send_segments_to`](Socket::send_segments_to).
    pub fn send_segments(&self, buf: &[u8], segment_size: u16) -> Result<usize, SegmentsError>
    where
        S: CanSend<K>,
        K: UdpKind,
    {
        let segments = SegmentsError::check(buf, segment_size)?;
        sys::send_segments(
            self.inner(),
            buf,
            segment_size,
            None,
            sys::SendExtras::default(),
        )
        .map_err(|e| SegmentsError::from_kernel(e, segments, segment_size))
    }

    /// Receives one buffer of datagrams from the peer, their size and whether the buffer
    /// was truncated: as [`recv_segments_from`](Socket::recv_segments_from) (the sender is
    /// the peer).
    pub fn recv_segments(&self, buf: &mut [u8]) -> io::Result<Segments>
    where
        S: CanRecv<K>,
        K: UdpKind,
    {
        Segments::recv(self.inner(), buf)
    }
}

/// The receiving half of segmentation offload, in every UDP state: a [`UdpGro`] socket.
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State> Socket<S, Udp> {
    /// Turns receive offload on (`UDP_GRO`, [`udp(7)`]): the same socket, in the same state,
    /// as a [`UdpGro`] socket, whose datagrams of one sender and size may arrive coalesced in
    /// one buffer. Only the receives that say where each datagram ends compile on it (see
    /// [`UdpGro`]).
    ///
    /// GRO is a kind, not a runtime flag, because it changes what a receive returns: on a
    /// `Udp` socket with `UDP_GRO` on, `recv_from` would read ten coalesced datagrams as
    /// one 1000-byte datagram and nothing would say so.
    ///
    /// # Errors
    ///
    /// The kernel's, with the socket unchanged inside the [`GroError`] (`ENOPROTOOPT`
    /// before Linux 5.0).
    ///
    /// [`udp(7)`]: https://man7.org/linux/man-pages/man7/udp.7.html
    pub fn with_gro(self) -> Result<Socket<S, UdpGro>, GroError<Self>> {
        self.with_gro_set(true)
    }
}

/// Receive offload off again.
#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State> Socket<S, UdpGro> {
    /// Turns receive offload off (`UDP_GRO` 0): the same socket, in the same state, as a
    /// [`Udp`] socket. Datagrams the kernel coalesced before may still be queued; each
    /// later one arrives alone, and `recv_from` reads it whole.
    ///
    /// # Errors
    ///
    /// The kernel's, with the socket unchanged inside the [`GroError`].
    pub fn without_gro(self) -> Result<Socket<S, Udp>, GroError<Self>> {
        self.with_gro_set(false)
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl<S: State, K: UdpKind> Socket<S, K> {
    /// Sets `UDP_GRO` to `on`: the same socket as the kind `L` that says so, or the error and
    /// the socket unchanged.
    fn with_gro_set<L: UdpKind>(self, on: bool) -> Result<Socket<S, L>, GroError<Self>> {
        match sys::set_gro(self.inner(), on) {
            Ok(()) => Ok(crate::socket::from_inner(self.into_inner())),
            Err(error) => Err(GroError::new(self, error)),
        }
    }
}

/// [`with_gro`](Socket::with_gro) or [`without_gro`](Socket::without_gro) failed (on a
/// [`Socket`] or an [`AsyncSocket`](crate::AsyncSocket)): the kernel's error, and the
/// socket `T`, unchanged (Linux and Android).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug, thiserror::Error)]
#[error("setting UDP_GRO failed: {error}")]
pub struct GroError<T> {
    socket: T,
    #[source]
    error: io::Error,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl<T> GroError<T> {
    pub(crate) fn new(socket: T, error: io::Error) -> Self {
        GroError { socket, error }
    }

    /// The kernel's error.
    pub fn error(&self) -> &io::Error {
        &self.error
    }

    /// The socket, as it was before the call.
    pub fn into_socket(self) -> T {
        self.socket
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl<T> From<GroError<T>> for io::Error {
    fn from(e: GroError<T>) -> io::Error {
        e.error
    }
}

/// What one segmented receive ([`recv_segments_from`](Socket::recv_segments_from),
/// [`recv_segments`](Socket::recv_segments); Linux and Android) brought: the bytes written,
/// the size of the datagrams coalesced in them, whether the buffer was truncated, and the
/// sender. A plain value: nothing is allocated.
///
/// The buffer holds `len()` bytes: datagrams of `segment_size()` bytes each, the last one
/// possibly shorter. If [`is_truncated`](Self::is_truncated), the kernel had more bytes
/// than the buffer held and the rest are lost: whole datagrams among them.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    len: usize,
    segment_size: usize,
    truncated: bool,
    from: std::net::SocketAddr,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl Segments {
    /// One segmented receive, `recvmsg(2)` with `UDP_GRO`'s control message: the one body of
    /// `recv_segments_from` and `recv_segments`.
    fn recv(socket: &socket2::Socket, buf: &mut [u8]) -> io::Result<Segments> {
        let (len, segment_size, truncated, from) = sys::recv_segments(socket, buf)?;
        Ok(Segments {
            len,
            segment_size,
            truncated,
            from,
        })
    }

    /// The number of bytes written into the buffer.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no byte was written (an empty datagram).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The size of each datagram in the buffer, the last one possibly shorter: the
    /// `UDP_GRO` stride, or the length itself for a lone datagram.
    pub fn segment_size(&self) -> usize {
        self.segment_size
    }

    /// Whether the kernel had more than the buffer held (`MSG_TRUNC`): the rest is lost.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The sender: for [`recv_segments`](Socket::recv_segments), the peer.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.from
    }
}

/// A segmented send ([`send_segments_to`](Socket::send_segments_to),
/// [`send_segments`](Socket::send_segments); Linux and Android) failed: too many segments
/// for the kernel, a device that cannot segment, or an ordinary send error.
///
/// The two refusals are told apart from the rest, because the answer to them is not to
/// retry: split the buffer ([`is_too_many_segments`](Self::is_too_many_segments)), or send
/// ordinary datagrams on that route ([`is_offload_refused`](Self::is_offload_refused)).
/// Nothing was sent in either case.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(thiserror::Error)]
#[error("{}", self.describe())]
pub struct SegmentsError {
    error: io::Error,
    cause: SegmentsCause,
    segments: usize,
    segment_size: u16,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentsCause {
    /// More than any kernel takes, refused before the syscall.
    TooMany,
    /// The kernel's `EINVAL` for more than older kernels take.
    KernelLimit,
    /// `EIO`: the device cannot segment.
    Offload,
    /// Any other error.
    Os,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl SegmentsError {
    /// The number of segments `buf` makes, or the error for more than any kernel takes.
    pub(crate) fn check(buf: &[u8], segment_size: u16) -> Result<usize, SegmentsError> {
        let segments = match segment_size {
            0 => 1,
            size => buf.len().div_ceil(usize::from(size)),
        };
        if segments > sys::MAX_SEGMENTS {
            let error = io::Error::new(
                io::ErrorKind::InvalidInput,
                "too many segments for one send (UDP_MAX_SEGMENTS)",
            );
            return Err(SegmentsError {
                error,
                cause: SegmentsCause::TooMany,
                segments,
                segment_size,
            });
        }
        Ok(segments)
    }

    pub(crate) fn from_kernel(
        error: io::Error,
        segments: usize,
        segment_size: u16,
    ) -> SegmentsError {
        let cause = match sys::segment_refusal(&error) {
            sys::SegmentRefusal::Device => SegmentsCause::Offload,
            sys::SegmentRefusal::Limit if segments > sys::OLD_MAX_SEGMENTS => {
                SegmentsCause::KernelLimit
            }
            _ => SegmentsCause::Os,
        };
        SegmentsError {
            error,
            cause,
            segments,
            segment_size,
        }
    }

    fn describe(&self) -> String {
        let (n, size) = (self.segments, self.segment_size);
        match self.cause {
            SegmentsCause::TooMany => format!(
                "{n} segments of {size} bytes in one send: no kernel takes more than {} \
                 (UDP_MAX_SEGMENTS); split the buffer",
                sys::MAX_SEGMENTS
            ),
            SegmentsCause::KernelLimit => format!(
                "{n} segments of {size} bytes refused ({}): this kernel takes at most {} \
                 (UDP_MAX_SEGMENTS of kernels before the limit became {}); split the buffer",
                self.error,
                sys::OLD_MAX_SEGMENTS,
                sys::MAX_SEGMENTS
            ),
            SegmentsCause::Offload => format!(
                "segmentation offload refused by the route's device ({}): send ordinary \
                 datagrams to this destination",
                self.error
            ),
            SegmentsCause::Os => format!("segmented send failed: {}", self.error),
        }
    }

    /// Whether the send had more segments than the kernel takes: refused before the syscall
    /// past 128 (`UDP_MAX_SEGMENTS`), or by an older kernel's `EINVAL` past 64. Nothing was
    /// sent; a shorter buffer (or a larger `segment_size`) goes.
    pub fn is_too_many_segments(&self) -> bool {
        matches!(
            self.cause,
            SegmentsCause::TooMany | SegmentsCause::KernelLimit
        )
    }

    /// Whether the kernel answered `EIO`: the device of the route to this destination cannot
    /// segment (no checksum offload, or an IPsec transform on the route). Nothing was sent;
    /// ordinary datagrams ([`send_to`](Socket::send_to), the batch sends) still go. What
    /// loopback does says nothing about another route.
    pub fn is_offload_refused(&self) -> bool {
        self.cause == SegmentsCause::Offload
    }

    /// How many segments the send would have made.
    pub fn segments(&self) -> usize {
        self.segments
    }

    crate::error::error_accessors!(
        "The underlying error: the kernel's, or `InvalidInput` for the check before the syscall."
    );
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl fmt::Debug for SegmentsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SegmentsError")
            .field("error", &self.error)
            .field("cause", &self.cause)
            .field("segments", &self.segments)
            .field("segment_size", &self.segment_size)
            .finish()
    }
}

/// An ordinary send error stays as it was; a refusal keeps its kind (`InvalidInput` for too
/// many segments, `Unsupported` for a device that cannot segment) and the message says why.
#[cfg(any(target_os = "linux", target_os = "android"))]
impl From<SegmentsError> for io::Error {
    fn from(e: SegmentsError) -> io::Error {
        match e.cause {
            SegmentsCause::Os => e.error,
            SegmentsCause::Offload => io::Error::new(io::ErrorKind::Unsupported, e),
            SegmentsCause::TooMany | SegmentsCause::KernelLimit => {
                io::Error::new(io::ErrorKind::InvalidInput, e)
            }
        }
    }
}

/// Whether a batch receive offers control space for `UDP_GRO`: for the UDP kinds only, so
/// that no Unix socket is given room for descriptors it would then have to close.
fn is_udp<K: Kind>() -> bool {
    K::PROTOCOLS.contains(&sys::IPPROTO_UDP)
}

#[cold]
pub(crate) fn length_mismatch(bufs: usize, addrs: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("a batch of {bufs} datagrams needs as many addresses, not {addrs}"),
    )
}

/// A batch whose metadata does not match its datagrams, one for one.
#[cold]
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn meta_mismatch(bufs: usize, meta: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("a batch of {bufs} datagrams needs as many `SendMeta`s, not {meta}"),
    )
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;

    /// `EIO` (a device that cannot segment; not reproducible on loopback, which always
    /// segments, without privilege) and `EINVAL` past older kernels' 64 segments are told
    /// apart from ordinary errors.
    #[test]
    fn kernel_refusals_of_a_segmented_send_are_told_apart() {
        let eio = io::Error::from_raw_os_error(5);
        let e = SegmentsError::from_kernel(eio, 10, 100);
        assert!(e.is_offload_refused() && !e.is_too_many_segments(), "{e:?}");
        assert_eq!(e.raw_os_error(), Some(5));
        assert!(e.to_string().contains("offload refused"), "{e}");
        assert_eq!(io::Error::from(e).kind(), io::ErrorKind::Unsupported);

        let einval = || io::Error::from_raw_os_error(22);
        let e = SegmentsError::from_kernel(einval(), 100, 10);
        assert!(e.is_too_many_segments() && !e.is_offload_refused(), "{e:?}");
        assert_eq!(io::Error::from(e).kind(), io::ErrorKind::InvalidInput);
        // EINVAL within every kernel's limit is some other limit (a segment past the MTU):
        // the kernel's error as it came.
        let e = SegmentsError::from_kernel(einval(), 10, 9000);
        assert!(
            !e.is_too_many_segments() && !e.is_offload_refused(),
            "{e:?}"
        );
        assert_eq!(io::Error::from(e).raw_os_error(), Some(22));

        let refused = io::Error::from_raw_os_error(111);
        let e = SegmentsError::from_kernel(refused, 1, 1);
        assert_eq!(io::Error::from(e).raw_os_error(), Some(111));
    }
}
