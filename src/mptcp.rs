//! Multipath TCP: a `Tcp` socket made with `IPPROTO_MPTCP`.

use std::io;
use std::net::SocketAddr;

use socket2::{Domain, Protocol, Type};

use crate::kind::Tcp;
use crate::socket::{Socket, from_inner};
use crate::state::Unbound;
use crate::sys;

/// # Multipath TCP (Linux)
///
/// [`socket(2)`] with `IPPROTO_MPTCP`: the protocol is chosen when the socket is made and never
/// changes. The socket has TCP's lifecycle and options, and its type is a plain
/// `Socket<Unbound, Tcp>`. This is the design, not a shortcut: MPTCP answers every call of
/// TCP's lifecycle as TCP does, and falls back to plain TCP with a peer that does not speak
/// it, so no method of `Tcp` would be refused. Adoption agrees: an MPTCP descriptor is
/// adopted as `Tcp` (`SO_PROTOCOL` reads `IPPROTO_MPTCP`; see the adoption map on
/// [`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E)).
///
/// **Where MPTCP is missing, these constructors fail; they never hand back a plain TCP socket.**
/// Read in the kernel, and measured where a test can: a kernel built without MPTCP (or older than
/// 5.6) answers `EPROTONOSUPPORT` ("Protocol not supported"), and one with `net.mptcp.enabled = 0`
/// answers `ENOPROTOOPT` ("Protocol not available"; measured on Linux 6.18 in a network namespace
/// with the sysctl at 0); either error comes back with kind `Unsupported` and a message naming
/// MPTCP, the kernel's own error (with its errno) as the [`source`](std::error::Error::source) of
/// its [`get_ref`](io::Error::get_ref). A caller that wants TCP in that case says so, in its own
/// code:
///
/// ```
/// # use typesock::Socket;
/// let socket = match Socket::mptcp_v4() {
///     Ok(socket) => socket,
///     Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Socket::tcp_v4()?,
///     Err(e) => return Err(e),
/// };
/// assert!(format!("{socket:?}").starts_with("Socket<Unbound, Tcp>"));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// What the protocol itself falls back to is another matter: an MPTCP socket whose peer
/// does not speak MPTCP (a plain TCP server or client, or a middlebox that strips the
/// options) carries on as plain TCP on the same connection (RFC 8684, section 3.7), with
/// no error; the typesock tests connect an MPTCP client to a plain TCP listener and move
/// data. Only socket options that MPTCP implements are accepted: others answer
/// `EOPNOTSUPP`/`ENOPROTOOPT` (Documentation/networking/mptcp.rst).
///
/// [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
impl Socket<Unbound, Tcp> {
    /// Creates an IPv4 Multipath TCP socket: `socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
    /// IPPROTO_MPTCP)`.
    ///
    /// # Errors
    ///
    /// `Unsupported` where the kernel has no MPTCP, or has it turned off (see above).
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::Socket;
    ///
    /// # if Socket::mptcp_v4().is_err() { return Ok(()); } // no MPTCP in this kernel
    /// let listener = Socket::mptcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// let client = Socket::mptcp_v4()?.connect(listener.local_addr()?)?;
    /// let (conn, _) = listener.accept()?;
    /// assert_eq!(conn.peer_addr()?, client.local_addr()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn mptcp_v4() -> io::Result<Self> {
        mptcp(Domain::IPV4)
    }

    /// Creates an IPv6 Multipath TCP socket: `socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC,
    /// IPPROTO_MPTCP)`.
    ///
    /// # Errors
    ///
    /// As [`mptcp_v4`](Self::mptcp_v4).
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn mptcp_v6() -> io::Result<Self> {
        mptcp(Domain::IPV6)
    }

    /// Creates a Multipath TCP socket of the family of `addr`.
    ///
    /// # Errors
    ///
    /// As [`mptcp_v4`](Self::mptcp_v4).
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn mptcp_for(addr: SocketAddr) -> io::Result<Self> {
        mptcp(Domain::for_address(addr))
    }
}

fn mptcp(domain: Domain) -> io::Result<Socket<Unbound, Tcp>> {
    // socket2 adds SOCK_CLOEXEC to the type on Linux: one syscall, atomically.
    match socket2::Socket::new(domain, Type::STREAM, Some(Protocol::MPTCP)) {
        Ok(socket) => Ok(from_inner(socket)),
        Err(e) if sys::is_mptcp_unavailable(&e) => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            MptcpUnavailable(e),
        )),
        Err(e) => Err(e),
    }
}

/// The kernel's answer to an MPTCP socket, kept as the source of the `Unsupported` error.
#[derive(Debug)]
struct MptcpUnavailable(io::Error);

impl std::fmt::Display for MptcpUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "this kernel offers no Multipath TCP ({}): it is built without MPTCP, or \
             `net.mptcp.enabled` is 0; make a plain TCP socket with `Socket::tcp_v4()` if \
             that will do",
            self.0
        )
    }
}

impl std::error::Error for MptcpUnavailable {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
