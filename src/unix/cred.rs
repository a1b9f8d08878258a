//! Peer credentials of connected Unix stream and seqpacket sockets.

use std::io;
use std::os::fd::AsFd;

use crate::kind::{Kind, UnixConnectionKind};
use crate::socket::Socket;
use crate::state::{CanPeerCredentials, State};
use crate::sys::peer_cred;

/// Who is at the other end of a connected Unix socket: user id, group id and, where the
/// platform gives it, process id. A plain value, read once by
/// [`peer_credentials`](Socket::peer_credentials).
///
/// The kernel records the peer's credentials when it called [`connect(2)`] or
/// [`socketpair(2)`] (or, for the connecting side, when the peer called [`listen(2)`]); they do
/// not follow later `setuid` calls or the peer's exit.
///
/// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
/// [`socketpair(2)`]: https://man7.org/linux/man-pages/man2/socketpair.2.html
/// [`listen(2)`]: https://man7.org/linux/man-pages/man2/listen.2.html
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeerCredentials {
    uid: u32,
    gid: u32,
    pid: Option<u32>,
}

impl PeerCredentials {
    /// The credentials of an `SCM_CREDENTIALS` message: pid, uid, gid as the kernel wrote
    /// them (a pid of 0: one the receiver's pid namespace cannot see).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub(crate) fn from_scm(pid: i32, uid: u32, gid: u32) -> Self {
        PeerCredentials {
            uid,
            gid,
            pid: u32::try_from(pid).ok().filter(|&pid| pid != 0),
        }
    }

    /// The peer's (effective) user id.
    pub fn uid(&self) -> u32 {
        self.uid
    }

    /// The peer's (effective) group id.
    pub fn gid(&self) -> u32 {
        self.gid
    }

    /// The peer's process id: always on Linux and Android (`None` only for a peer in a pid
    /// namespace this process cannot see), from `LOCAL_PEERPID` on macOS and iOS, `None` on
    /// the BSDs.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }
}

/// Peer credentials, on connected Unix stream and seqpacket sockets.
impl<S: State, K: Kind> Socket<S, K> {
    /// The credentials of the peer: `getsockopt(SO_PEERCRED)` ([`unix(7)`]) on Linux and
    /// Android, [`getpeereid(3)`] (and `LOCAL_PEERPID` for the pid on macOS and iOS)
    /// elsewhere.
    ///
    /// Only a connected [`UnixStream`](crate::UnixStream) or `UnixSeqpacket` socket has
    /// them; other kinds do not compile. The values are the kernel's, taken when the
    /// connection was made, so a server can decide whom it serves without trusting what the
    /// client says.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let (a, _b) = Socket::unix_stream_pair()?;
    /// let peer = a.peer_credentials()?;
    /// // Both ends belong to this process.
    /// assert_eq!(peer.pid(), Some(std::process::id()));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    /// [`getpeereid(3)`]: https://man.freebsd.org/cgi/man.cgi?query=getpeereid&sektion=3
    pub fn peer_credentials(&self) -> io::Result<PeerCredentials>
    where
        S: CanPeerCredentials,
        K: UnixConnectionKind,
    {
        let (uid, gid, pid) = peer_cred::peer_credentials(self.as_fd())?;
        Ok(PeerCredentials { uid, gid, pid })
    }

    /// A pidfd of the peer process: `getsockopt(SO_PEERPIDFD)` ([`unix(7)`], Linux 6.5).
    /// Unlike the pid of [`peer_credentials`](Self::peer_credentials), it keeps naming that
    /// process after it exits and its pid is given to another: poll it to learn when the
    /// peer exits, or pass it to `pidfd_send_signal(2)`. The descriptor is the caller's, and
    /// close-on-exec.
    ///
    /// # Errors
    ///
    /// `Unsupported` on kernels older than 6.5; the kernel's error otherwise.
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn peer_pidfd(&self) -> io::Result<std::os::fd::OwnedFd>
    where
        S: CanPeerCredentials,
        K: UnixConnectionKind,
    {
        peer_cred::peer_pidfd(self.as_fd())
    }
}
