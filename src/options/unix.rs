//! Unix-domain options: `SO_PASSCRED`.

#[cfg(any(target_os = "linux", target_os = "cygwin"))]
use std::io;

use crate::kind::Kind;
#[cfg(any(target_os = "linux", target_os = "cygwin"))]
use crate::kind::UnixKind;
use crate::socket::Socket;
use crate::state::State;

/// # Unix-domain options
///
/// [`unix(7)`].
///
/// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Sets `SO_PASSCRED`: the socket receives the sender's credentials (`SCM_CREDENTIALS`:
    /// pid, uid, gid) with each message, and, sending, attaches its own ([`unix(7)`]).
    ///
    /// In every state of the Unix kinds: each message received or sent reads it, and a
    /// listener's is inherited by the sockets `accept` returns. unix(7): set on a socket
    /// that is not yet bound, it makes a `connect` or send bind it to an abstract name the
    /// kernel picks.
    ///
    /// The credentials of each message are read with [`recv_with_fds`](Socket::recv_with_fds) or
    /// [`recv_from_with_fds`](Socket::recv_from_with_fds):
    /// [`FdBuf::credentials`](crate::FdBuf::credentials).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::unix_datagram()?;
    /// socket.set_passcred(true)?;
    /// assert!(socket.passcred()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg(any(target_os = "linux", target_os = "cygwin"))]
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn set_passcred(&self, passcred: bool) -> io::Result<()>
    where
        K: UnixKind,
    {
        self.inner().set_passcred(passcred)
    }

    socket2_getter! {
        /// Whether `SO_PASSCRED` is set.
        #[cfg(any(target_os = "linux", target_os = "cygwin"))]
        #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
        passcred -> bool where K: UnixKind
    }
}
