//! Descriptor passing: `SCM_RIGHTS` control messages on Unix sockets (unix(7)).

use std::fmt;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use crate::addr::UnixAddr;
use crate::kind::address::FromSockAddr;
use crate::kind::{Address, DatagramKind, Kind, UnixKind};
use crate::socket::{Socket, destination};
use crate::state::{CanRecv, CanSend, CanSendTo, State};
use crate::sys::unix_msg::{self, CmsgSpace, Received};
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::unix::PeerCredentials;

/// Caller-provided storage for the descriptors of one received message: room for up to `N`,
/// and the control buffer the kernel writes them into. Receiving into it never allocates.
///
/// [`recv_with_fds`](Socket::recv_with_fds) and
/// [`recv_from_with_fds`](Socket::recv_from_with_fds) fill it; the descriptors are then
/// [`OwnedFd`]s, taken out with [`take`](FdBuf::take) or [`drain`](FdBuf::drain). Those
/// left in it are closed when it is dropped or used for the next receive, so none leaks.
///
/// A message that carries more than `N` descriptors is refused with a truncation error
/// ([`RecvFdsError::is_truncated`]); size `N` for the most a peer may send. Beside the
/// descriptors, it has room for what the socket's options make the kernel add to every
/// message on Linux and Android: the sender's credentials (`SCM_CREDENTIALS`, with
/// [`set_passcred`](Socket::set_passcred); read them with `credentials()`) and a pidfd
/// (`SCM_PIDFD`, with `SO_PASSPIDFD`, which a socket may carry from before it was adopted;
/// closed on arrival). Other messages (`SCM_SECURITY`, with `SO_PASSSEC`) may not fit and
/// then count as a truncation. It also keeps whether the data of the last message was
/// [truncated](FdBuf::is_truncated). It has no heap part: an `FdBuf<N>` is about
/// `8 * N + 112` bytes on Linux (`8 * N + 32` elsewhere) wherever the caller keeps it, stack
/// included.
///
/// # Example
///
/// A file passed over a socket pair and used on the other side:
///
/// ```
/// use std::io::{Read, Seek, Write};
/// use std::os::fd::AsFd;
/// use typesock::{FdBuf, Socket};
///
/// let pid = std::process::id();
/// let path = std::env::temp_dir().join(format!("typesock-doc-fdbuf-{pid}"));
/// let mut file = std::fs::File::options()
///     .read(true)
///     .write(true)
///     .create(true)
///     .truncate(true)
///     .open(&path)?;
/// let (a, b) = Socket::unix_stream_pair()?;
/// a.send_with_fds(b"x", &[file.as_fd()])?;
///
/// let mut fds = FdBuf::<4>::new();
/// let mut buf = [0; 8];
/// assert_eq!(b.recv_with_fds(&mut buf, &mut fds)?, 1);
/// assert_eq!((fds.len(), fds.capacity()), (1, 4));
/// let mut received = std::fs::File::from(fds.take(0).unwrap());
/// received.write_all(b"through the copy")?;
///
/// // One open file, two descriptors: the original sees the write and the shared offset.
/// file.rewind()?;
/// let mut text = String::new();
/// file.read_to_string(&mut text)?;
/// assert_eq!(text, "through the copy");
/// std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct FdBuf<const N: usize> {
    fds: [Option<OwnedFd>; N],
    space: CmsgSpace<N>,
    truncated: bool,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    credentials: Option<PeerCredentials>,
}

impl<const N: usize> FdBuf<N> {
    /// Empty storage for up to `N` descriptors.
    pub const fn new() -> Self {
        FdBuf {
            fds: [const { None }; N],
            space: CmsgSpace::new(),
            truncated: false,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            credentials: None,
        }
    }

    /// `N`: the most descriptors one message may bring into this storage.
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many received descriptors it holds (those not taken yet).
    pub fn len(&self) -> usize {
        self.fds.iter().filter(|fd| fd.is_some()).count()
    }

    /// Whether it holds no descriptor.
    pub fn is_empty(&self) -> bool {
        self.fds.iter().all(Option::is_none)
    }

    /// Borrows the descriptor that arrived at position `index` of the message, if it is
    /// still here.
    pub fn get(&self, index: usize) -> Option<BorrowedFd<'_>> {
        self.fds.get(index)?.as_ref().map(AsFd::as_fd)
    }

    /// Takes the descriptor that arrived at position `index` of the message, if it is still
    /// here.
    pub fn take(&mut self, index: usize) -> Option<OwnedFd> {
        self.fds.get_mut(index)?.take()
    }

    /// Takes every descriptor still here, in the order they arrived.
    pub fn drain(&mut self) -> impl Iterator<Item = OwnedFd> + '_ {
        self.fds.iter_mut().filter_map(Option::take)
    }

    /// Whether the data of the last message received into this storage was longer than the
    /// buffer it was read into (`MSG_TRUNC`): the rest of that datagram or seqpacket record
    /// is lost, as [`RecvMeta::is_truncated`](crate::RecvMeta::is_truncated) says for a batch.
    /// Never set on a stream, where the rest stays queued for the next read. `false` before
    /// any receive; every receive into it sets it anew.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::{FdBuf, Socket};
    ///
    /// let (a, b) = Socket::unix_datagram_pair()?;
    /// a.send_with_fds(b"0123456789", &[])?;
    /// let mut fds = FdBuf::<1>::new();
    /// let mut buf = [0; 4];
    /// assert_eq!(b.recv_with_fds(&mut buf, &mut fds)?, 4);
    /// assert!(fds.is_truncated(), "6 bytes of the datagram are lost");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The sender's credentials that came with the last message received into this
    /// storage: the `SCM_CREDENTIALS` message the kernel adds to every message on a socket
    /// with [`set_passcred(true)`](Socket::set_passcred) ([`unix(7)`]). `None` without
    /// `SO_PASSCRED`; every receive into it sets it anew.
    ///
    /// The kernel fills them in: the sender's pid, effective uid and gid, or what a
    /// privileged sender chose to attach. A pid the receiver's pid namespace cannot see
    /// reads as `None`.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::{FdBuf, Socket};
    ///
    /// let (a, b) = Socket::unix_datagram_pair()?;
    /// b.set_passcred(true)?;
    /// a.send_with_fds(b"who", &[])?;
    /// let mut fds = FdBuf::<1>::new();
    /// b.recv_with_fds(&mut [0; 8], &mut fds)?;
    /// let sender = fds.credentials().expect("SO_PASSCRED is on");
    /// assert_eq!(sender.pid(), Some(std::process::id()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn credentials(&self) -> Option<PeerCredentials> {
        self.credentials
    }

    /// Forgets what the last receive reported, before the next one.
    fn reset(&mut self) {
        self.truncated = false;
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            self.credentials = None;
        }
    }

    /// Keeps what a receive reported beside the descriptors.
    fn record(&mut self, received: &Received) {
        self.truncated = received.data_truncated;
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            self.credentials = received
                .credentials
                .map(|(pid, uid, gid)| PeerCredentials::from_scm(pid, uid, gid));
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let _ = received.credentials;
    }

    /// Closes every descriptor still here.
    pub fn clear(&mut self) {
        self.fds.iter_mut().for_each(|fd| *fd = None);
    }
}

impl<const N: usize> Default for FdBuf<N> {
    fn default() -> Self {
        Self::new()
    }
}

/// Shows the capacity, the descriptors held and the data truncation of the last receive:
/// `FdBuf<4> { fds: [5, 6], truncated: false }`, and the credentials where the platform has
/// them.
impl<const N: usize> fmt::Debug for FdBuf<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fds = self.fds.iter().flatten().map(AsRawFd::as_raw_fd);
        let mut d = f.debug_struct(&format!("FdBuf<{N}>"));
        d.field("fds", &fds.collect::<Vec<_>>())
            .field("truncated", &self.truncated);
        #[cfg(any(target_os = "linux", target_os = "android"))]
        d.field("credentials", &self.credentials);
        d.finish()
    }
}

/// A receive with descriptors failed: the kernel's error, or the descriptors were truncated
/// (`MSG_CTRUNC`: more arrived than the [`FdBuf`] holds, or the process ran out of
/// descriptor slots).
///
/// On truncation the data did arrive: [`received`](RecvFdsError::received) says how many
/// bytes are in the buffer. Every descriptor that arrived with it has been closed, and the
/// [`FdBuf`] is empty: nothing leaks, and nothing half-delivered is handed over.
#[derive(thiserror::Error)]
#[error("{}", self.describe())]
pub struct RecvFdsError {
    error: io::Error,
    truncated: Option<Truncation>,
}

#[derive(Debug, Clone, Copy)]
struct Truncation {
    bytes: usize,
    fds_closed: usize,
    capacity: usize,
}

impl RecvFdsError {
    pub(crate) fn io(error: io::Error) -> Self {
        RecvFdsError {
            error,
            truncated: None,
        }
    }

    fn truncated(received: Received, capacity: usize) -> Self {
        let error = io::Error::new(
            io::ErrorKind::InvalidData,
            "control message truncated (MSG_CTRUNC): the descriptors did not fit",
        );
        RecvFdsError {
            error,
            truncated: Some(Truncation {
                bytes: received.bytes,
                fds_closed: received.fds,
                capacity,
            }),
        }
    }

    fn describe(&self) -> String {
        match self.truncated {
            None => format!("receive with descriptors failed: {}", self.error),
            Some(t) => format!(
                "descriptors truncated: the message brought more than an FdBuf of {} holds, or \
                 the process is at its descriptor limit; the {} that arrived were closed, and \
                 {} bytes of data were received",
                t.capacity, t.fds_closed, t.bytes
            ),
        }
    }

    /// Whether the descriptors were truncated (`MSG_CTRUNC`), as opposed to a failed
    /// receive.
    pub fn is_truncated(&self) -> bool {
        self.truncated.is_some()
    }

    /// For a truncation, the bytes of data written into the buffer: the message's data
    /// arrived, only its descriptors were lost. `None` for a failed receive.
    pub fn received(&self) -> Option<usize> {
        self.truncated.map(|t| t.bytes)
    }

    /// For a truncation, how many descriptors arrived and were closed (possibly 0: the
    /// kernel drops the ones it could not deliver).
    pub fn fds_closed(&self) -> Option<usize> {
        self.truncated.map(|t| t.fds_closed)
    }

    crate::error::error_accessors!(
        "The underlying error: the kernel's, or `InvalidData` for a truncation."
    );
}

impl fmt::Debug for RecvFdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvFdsError")
            .field("error", &self.error)
            .field("truncated", &self.truncated)
            .finish()
    }
}

/// Keeps the kind; the message says what was truncated and how much data arrived.
impl From<RecvFdsError> for io::Error {
    fn from(e: RecvFdsError) -> io::Error {
        if e.is_truncated() {
            io::Error::new(e.kind(), e)
        } else {
            e.error
        }
    }
}

fn check_data(buf: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<()> {
    if buf.is_empty() && !fds.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "descriptors travel with data: send at least one byte with them",
        ));
    }
    Ok(())
}

fn finish<const N: usize>(
    received: io::Result<Received>,
    fds: &mut FdBuf<N>,
) -> Result<usize, RecvFdsError> {
    let received = received.map_err(RecvFdsError::io)?;
    fds.record(&received);
    if received.truncated {
        return Err(RecvFdsError::truncated(received, N));
    }
    Ok(received.bytes)
}

/// Descriptor passing on connected Unix sockets (stream, datagram, seqpacket).
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends `buf` and, with it, the descriptors `fds`: [`sendmsg(2)`] with one
    /// `SCM_RIGHTS` control message ([`unix(7)`]) and `MSG_NOSIGNAL`.
    ///
    /// The peer receives duplicates of the descriptors, open files shared with this
    /// process (closing ours later does not close theirs), with
    /// [`recv_with_fds`](Self::recv_with_fds). Returns the bytes of `buf` sent: a stream
    /// socket may send fewer than all of them, and the descriptors then went with the part
    /// that was sent.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for descriptors with no data (`buf` empty: on a stream nothing would
    /// carry them) or more than 253 of them (`SCM_MAX_FD`); otherwise what `sendmsg(2)`
    /// reports (`BrokenPipe` for a peer that has gone, `EBADF` never: a `BorrowedFd` is
    /// open).
    ///
    /// # Example
    ///
    /// Handing a listening socket to another process (here, another thread) that adopts it:
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::os::fd::AsFd;
    /// use typesock::{FdBuf, Listening, Socket};
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let (ours, theirs) = Socket::unix_stream_pair()?;
    /// ours.send_with_fds(b"listener", &[listener.as_fd()])?;
    ///
    /// let mut fds = FdBuf::<1>::new();
    /// let mut buf = [0; 16];
    /// let n = theirs.recv_with_fds(&mut buf, &mut fds)?;
    /// assert_eq!(&buf[..n], b"listener");
    /// let adopted = Socket::<Listening>::try_from(fds.take(0).unwrap())?;
    /// assert_eq!(adopted.local_addr()?, listener.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    pub fn send_with_fds(&self, buf: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<usize>
    where
        S: CanSend<K>,
        K: UnixKind,
    {
        check_data(buf, fds)?;
        unix_msg::send_with_fds(self.as_fd(), buf, fds, None)
    }

    /// Receives data into `buf` and the descriptors that came with it into `fds`:
    /// [`recvmsg(2)`] with `MSG_CMSG_CLOEXEC`.
    ///
    /// Returns the bytes of data received (`Ok(0)` at a stream's end). On a datagram or
    /// seqpacket socket a message longer than `buf` is cut to it, and
    /// [`fds.is_truncated()`](FdBuf::is_truncated) says so (`MSG_TRUNC`). The descriptors are
    /// [`OwnedFd`]s in `fds`, close-on-exec from their first instant on Linux, Android and
    /// the BSDs; on macOS, which has no `MSG_CMSG_CLOEXEC`, `FD_CLOEXEC` is set right after
    /// `recvmsg` returns, so a `fork`+`exec` in another thread at that instant can inherit
    /// them. Whatever `fds` held before is closed first. Nothing is allocated.
    ///
    /// A received socket can be adopted into its typed state with
    /// [`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E).
    ///
    /// # Errors
    ///
    /// A [`RecvFdsError`]: what `recvmsg(2)` reported, or a truncation, when more
    /// descriptors came than `fds` holds (or the process is at its descriptor limit). On a
    /// truncation the data is in `buf` ([`RecvFdsError::received`] says how much) and every
    /// descriptor that arrived has been closed.
    ///
    /// # Example
    ///
    /// Three descriptors offered to storage for one: the data arrives, no descriptor stays.
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use typesock::{FdBuf, Socket};
    ///
    /// let (a, b) = Socket::unix_datagram_pair()?;
    /// let file = std::fs::File::open("/dev/null")?;
    /// a.send_with_fds(b"three", &[file.as_fd(), file.as_fd(), file.as_fd()])?;
    ///
    /// let mut fds = FdBuf::<1>::new();
    /// let mut buf = [0; 16];
    /// let err = b.recv_with_fds(&mut buf, &mut fds).unwrap_err();
    /// assert!(err.is_truncated());
    /// assert_eq!(err.received(), Some(5));
    /// assert_eq!(&buf[..5], b"three");
    /// assert!(fds.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`recvmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmsg.2.html
    pub fn recv_with_fds<const N: usize>(
        &self,
        buf: &mut [u8],
        fds: &mut FdBuf<N>,
    ) -> Result<usize, RecvFdsError>
    where
        S: CanRecv<K>,
        K: UnixKind,
    {
        fds.reset();
        let received = unix_msg::recv_with_fds(self.as_fd(), buf, &mut fds.space, &mut fds.fds);
        finish(received, fds)
    }
}

/// Descriptor passing on a bound Unix datagram socket: to and from any peer.
impl<S: State, K: Kind> Socket<S, K> {
    /// Sends one datagram to `addr` with the descriptors `fds`: [`sendmsg(2)`] with a
    /// destination and one `SCM_RIGHTS` control message, `MSG_NOSIGNAL`.
    ///
    /// # Errors
    ///
    /// As [`send_with_fds`](Socket::send_with_fds), and `InvalidInput` for an unnamed
    /// address, which names no socket.
    ///
    /// # Example
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use typesock::{FdBuf, Socket};
    ///
    /// let dir = std::env::temp_dir();
    /// let pid = std::process::id();
    /// let pa = dir.join(format!("typesock-doc-fds-a-{pid}"));
    /// let pb = dir.join(format!("typesock-doc-fds-b-{pid}"));
    /// let _ = (std::fs::remove_file(&pa), std::fs::remove_file(&pb));
    /// let a = Socket::unix_datagram()?.bind(&pa)?;
    /// let b = Socket::unix_datagram()?.bind(&pb)?;
    ///
    /// let file = std::fs::File::open("/dev/null")?;
    /// a.send_to_with_fds(b"for b", &[file.as_fd()], &pb)?;
    /// let mut fds = FdBuf::<2>::new();
    /// let mut buf = [0; 16];
    /// let (n, from) = b.recv_from_with_fds(&mut buf, &mut fds)?;
    /// assert_eq!((&buf[..n], fds.len()), (&b"for b"[..], 1));
    /// assert_eq!(from.as_pathname(), Some(pa.as_path()));
    /// std::fs::remove_file(&pa)?;
    /// std::fs::remove_file(&pb)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`sendmsg(2)`]: https://man7.org/linux/man-pages/man2/sendmsg.2.html
    pub fn send_to_with_fds<A: Address<K>>(
        &self,
        buf: &[u8],
        fds: &[BorrowedFd<'_>],
        addr: A,
    ) -> io::Result<usize>
    where
        S: CanSendTo,
        K: UnixKind + DatagramKind,
    {
        self.send_to_addr_with_fds(buf, fds, &addr)
    }

    /// [`send_to_with_fds`](Socket::send_to_with_fds) with the address borrowed (the async
    /// socket sends again after each `WouldBlock`).
    pub(crate) fn send_to_addr_with_fds<A: Address<K>>(
        &self,
        buf: &[u8],
        fds: &[BorrowedFd<'_>],
        addr: &A,
    ) -> io::Result<usize>
    where
        S: CanSendTo,
        K: UnixKind + DatagramKind,
    {
        check_data(buf, fds)?;
        let target = destination(addr)?;
        unix_msg::send_with_fds(self.as_fd(), buf, fds, Some(&target))
    }

    /// Receives one datagram, its sender's address and the descriptors that came with it:
    /// [`recvmsg(2)`] with `MSG_CMSG_CLOEXEC`. Everything
    /// [`recv_with_fds`](Socket::recv_with_fds) says holds here too; nothing is allocated.
    ///
    /// # Errors
    ///
    /// As [`recv_with_fds`](Socket::recv_with_fds).
    ///
    /// [`recvmsg(2)`]: https://man7.org/linux/man-pages/man2/recvmsg.2.html
    pub fn recv_from_with_fds<const N: usize>(
        &self,
        buf: &mut [u8],
        fds: &mut FdBuf<N>,
    ) -> Result<(usize, UnixAddr), RecvFdsError>
    where
        S: CanSendTo,
        K: UnixKind + DatagramKind,
    {
        fds.reset();
        let (received, from) =
            unix_msg::recv_from_with_fds(self.as_fd(), buf, &mut fds.space, &mut fds.fds)
                .map_err(RecvFdsError::io)?;
        let n = finish(Ok(received), fds)?;
        let from = UnixAddr::from_sock_addr(&from).map_err(RecvFdsError::io)?;
        Ok((n, from))
    }
}
