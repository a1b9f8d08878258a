//! [`UnixAddr`]: the address of a Unix socket.

use std::fmt;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use socket2::SockAddr;

use crate::sys::SUN_PATH_LEN;

/// The address of a Unix socket: a filesystem path, a Linux abstract name, or unnamed.
///
/// [`accept`](crate::Socket::accept), `recv_from`, [`local_addr`](crate::Socket::local_addr)
/// and [`peer_addr`](crate::Socket::peer_addr) of the Unix kinds return it; `bind`, `connect`
/// and `send_to` take it (or, more simply, a path). A client socket that never bound is
/// *unnamed*: the kernel gives it no address.
///
/// It holds the kernel's `sockaddr_un` by value: making one never allocates.
///
/// # Example
///
/// Addresses are checked when they are made: a path longer than `sun_path` is an error that
/// names the limit, never a silently truncated name.
///
/// ```
/// use typesock::UnixAddr;
///
/// let addr = UnixAddr::from_pathname("/run/app.sock")?;
/// assert_eq!(addr.as_pathname(), Some(std::path::Path::new("/run/app.sock")));
/// assert_eq!(addr.to_string(), "/run/app.sock");
///
/// let long = "/tmp/".to_string() + &"x".repeat(200);
/// let err = UnixAddr::from_pathname(&long).unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
/// assert!(err.to_string().contains("107 bytes"), "{err}");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UnixAddr {
    inner: SockAddr,
}

impl UnixAddr {
    /// The address of a socket file at `path`.
    ///
    /// # Errors
    ///
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) if the path is empty, holds a NUL byte,
    /// or is longer than the kernel's `sun_path` allows (107 bytes on Linux); the message
    /// names the limit and the path's length.
    pub fn from_pathname(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let bytes = path.as_os_str().as_bytes();
        if bytes.is_empty() {
            return Err(invalid("a Unix socket path must not be empty".into()));
        }
        if bytes.contains(&0) {
            return Err(invalid(format!(
                "Unix socket path {} holds a NUL byte",
                path.display()
            )));
        }
        if bytes.len() >= SUN_PATH_LEN {
            return Err(invalid(format!(
                "Unix socket path is {} bytes, longer than the {} bytes that sun_path holds: {}",
                bytes.len(),
                SUN_PATH_LEN - 1,
                path.display()
            )));
        }
        SockAddr::unix(path).map(|inner| UnixAddr { inner })
    }

    /// The address of a socket in Linux's abstract namespace ([`unix(7)`]): a name that lives in
    /// the kernel, not in the filesystem, and vanishes with the last socket bound to it.
    ///
    /// `name` is given without the leading NUL byte that marks it abstract.
    ///
    /// # Errors
    ///
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) if the name is longer than 107 bytes.
    ///
    /// # Example
    ///
    /// ```
    /// let addr = typesock::UnixAddr::from_abstract_name(b"typesock-doc")?;
    /// assert_eq!(addr.as_abstract_name(), Some(&b"typesock-doc"[..]));
    /// assert_eq!(addr.to_string(), "@typesock-doc");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    pub fn from_abstract_name(name: impl AsRef<[u8]>) -> io::Result<Self> {
        let name = name.as_ref();
        if name.len() >= SUN_PATH_LEN {
            return Err(invalid(format!(
                "abstract Unix socket name is {} bytes, longer than the {} bytes that sun_path holds",
                name.len(),
                SUN_PATH_LEN - 1
            )));
        }
        let mut with_nul = Vec::with_capacity(name.len() + 1);
        with_nul.push(0);
        with_nul.extend_from_slice(name);
        SockAddr::unix(std::ffi::OsStr::from_bytes(&with_nul)).map(|inner| UnixAddr { inner })
    }

    /// The path, if this is the address of a socket file.
    pub fn as_pathname(&self) -> Option<&Path> {
        self.inner.as_pathname()
    }

    /// The abstract name (without its leading NUL byte), if this is an abstract address.
    pub fn as_abstract_name(&self) -> Option<&[u8]> {
        self.inner.as_abstract_namespace()
    }

    /// Whether the socket has no name: a client that connected without binding.
    pub fn is_unnamed(&self) -> bool {
        self.inner.is_unnamed()
    }

    pub(crate) fn as_sock_addr(&self) -> &SockAddr {
        &self.inner
    }

    pub(crate) fn into_sock_addr(self) -> SockAddr {
        self.inner
    }
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

impl crate::sealed::FromSockAddr for UnixAddr {
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

    fn from_sock_addr(inner: &SockAddr) -> io::Result<Self> {
        if inner.is_unix() {
            Ok(UnixAddr {
                inner: inner.clone(),
            })
        } else if crate::sys::is_unspecified(inner) {
            // `recvfrom(2)` reports an unnamed sender with an empty address.
            SockAddr::unix("").map(|inner| UnixAddr { inner })
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the kernel returned an address that is not AF_UNIX",
            ))
        }
    }
}

/// Shows a path as it is, an abstract name as `@name` (the convention of [`ss(8)`]), and an
/// unnamed socket as `(unnamed)`.
///
/// [`ss(8)`]: https://man7.org/linux/man-pages/man8/ss.8.html
impl fmt::Display for UnixAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.as_pathname() {
            write!(f, "{}", path.display())
        } else if let Some(name) = self.as_abstract_name() {
            write!(f, "@{}", name.escape_ascii())
        } else {
            f.write_str("(unnamed)")
        }
    }
}

impl fmt::Debug for UnixAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnixAddr({self})")
    }
}
