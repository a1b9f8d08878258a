//! [`UnixAddr`]: the address of a Unix socket.

use std::fmt;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use socket2::SockAddr;

#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::sys::SUN_PATH_LEN;
use crate::sys::UNIX_PATH_MAX;

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
/// assert!(err.to_string().contains("bytes that sun_path holds"), "{err}");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UnixAddr {
    inner: SockAddr,
}

impl UnixAddr {
    /// The address of a socket file at `path`.
    ///
    /// A path as long as `sun_path` itself (108 bytes on Linux, which then stores it with no
    /// NUL after it, as [`unix(7)`] allows) is taken, and round-trips: the address
    /// [`local_addr`](crate::Socket::local_addr) reads back equals this one and connects.
    ///
    /// # Errors
    ///
    /// [`InvalidInput`](io::ErrorKind::InvalidInput) if the path is empty, holds a NUL byte,
    /// or is longer than the kernel's `sun_path` allows (108 bytes on Linux, 103 on the BSDs
    /// and Apple's systems); the message names the limit and the path's length, and shows
    /// the path escaped as [`Display`](#impl-Display-for-UnixAddr) does.
    ///
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    pub fn from_pathname(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let bytes = path.as_os_str().as_bytes();
        if bytes.is_empty() {
            return Err(invalid("a Unix socket path must not be empty".into()));
        }
        if bytes.contains(&0) {
            return Err(invalid(format!(
                "Unix socket path {} holds a NUL byte",
                EscapedPath(bytes)
            )));
        }
        if bytes.len() > UNIX_PATH_MAX {
            return Err(invalid(format!(
                "Unix socket path is {} bytes, longer than the {} bytes that sun_path holds: {}",
                bytes.len(),
                UNIX_PATH_MAX,
                EscapedPath(bytes)
            )));
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if bytes.len() == SUN_PATH_LEN {
            return crate::sys::unix_full_path(bytes).map(|inner| UnixAddr { inner });
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
        // Read here rather than by socket2, which assumes a NUL after the path: a path that
        // fills `sun_path` has none.
        let bytes = crate::sys::sun_path_bytes(&self.inner);
        if bytes.first().is_none_or(|&b| b == 0) {
            return None;
        }
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        Some(Path::new(std::ffi::OsStr::from_bytes(&bytes[..end])))
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

impl UnixAddr {
    /// The address the kernel wrote (`accept`, `recvfrom`, `getsockname`): a Unix one, or
    /// the empty one `recvfrom(2)` reports for an unnamed sender.
    pub(crate) fn from_kernel(inner: &SockAddr) -> io::Result<UnixAddr> {
        if inner.is_unix() {
            Ok(UnixAddr {
                inner: crate::sys::unix_kernel_form(inner.clone()),
            })
        } else if crate::sys::is_unspecified(inner) {
            SockAddr::unix("").map(|inner| UnixAddr { inner })
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the kernel returned an address that is not AF_UNIX",
            ))
        }
    }
}

/// Shows a path, an abstract name as `@name` (the convention of [`ss(8)`]), and an unnamed
/// socket as `(unnamed)`; every distinct address prints distinctly.
///
/// Bytes that are not printable UTF-8 are escaped: `\\` for a backslash, `\0`, `\n`, `\r` and
/// `\t`, `\u{..}` for another control character, `\xNN` for a byte that is not UTF-8. A path
/// whose first byte is `@` or `(` shows it as `\x40` or `\x28`, so that it reads neither as
/// an abstract name nor as `(unnamed)`.
///
/// # Example
///
/// ```
/// use std::ffi::OsStr;
/// use std::os::unix::ffi::OsStrExt;
/// use typesock::UnixAddr;
///
/// let odd = UnixAddr::from_pathname(OsStr::from_bytes(b"@odd\n\xff"))?;
/// assert_eq!(odd.to_string(), r"\x40odd\n\xff");
/// assert_eq!(format!("{odd:?}"), r"UnixAddr(\x40odd\n\xff)");
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// [`ss(8)`]: https://man7.org/linux/man-pages/man8/ss.8.html
impl fmt::Display for UnixAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.as_pathname() {
            write!(f, "{}", EscapedPath(path.as_os_str().as_bytes()))
        } else if let Some(name) = self.as_abstract_name() {
            write!(f, "@{}", Escaped(name))
        } else {
            f.write_str("(unnamed)")
        }
    }
}

/// Shows `UnixAddr(` and the [`Display`](#impl-Display-for-UnixAddr) form, escaped the same.
impl fmt::Debug for UnixAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnixAddr({self})")
    }
}

/// A path as addresses and messages show it: escaped, and its first byte escaped too when it
/// is `@` or `(`, which would read as an abstract name or as `(unnamed)`.
pub(crate) struct EscapedPath<'a>(pub(crate) &'a [u8]);

impl fmt::Display for EscapedPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_first() {
            Some((&first @ (b'@' | b'('), rest)) => {
                write!(f, "\\x{first:02x}{}", Escaped(rest))
            }
            _ => write!(f, "{}", Escaped(self.0)),
        }
    }
}

/// Bytes shown as UTF-8 where they are, every other byte and every control character
/// escaped, so that distinct bytes never print alike.
struct Escaped<'a>(&'a [u8]);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        for chunk in self.0.utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\\' => f.write_str("\\\\")?,
                    '\0' => f.write_str("\\0")?,
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    c if c.is_control() => write!(f, "{}", c.escape_unicode())?,
                    c => f.write_char(c)?,
                }
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}
