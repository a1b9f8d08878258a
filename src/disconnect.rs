//! Dissolving a datagram socket's association: [`Socket::disconnect`] (Unix).

use std::io;

use crate::kind::{DatagramKind, Kind};
use crate::socket::{Socket, is_bound};
use crate::state::{Bound, CanDisconnect, State, Unbound};
use crate::sys;

/// A connected datagram socket whose association was dissolved by
/// [`disconnect`](Socket::disconnect): still [`Bound`], or [`Unbound`] again.
///
/// Which one is the kernel's choice, read back with [`getsockname(2)`]: measured on Linux, a
/// UDP socket keeps a port it was bound to explicitly, but drops a port the kernel picked
/// (a `bind` to port 0, or the implicit bind of `connect`), after which it can bind again;
/// a Unix datagram socket keeps the path it was bound to.
///
/// [`getsockname(2)`]: https://man7.org/linux/man-pages/man2/getsockname.2.html
#[cfg_attr(docsrs, doc(cfg(unix)))]
#[derive(Debug)]
pub enum Disconnected<K: DatagramKind> {
    /// The socket kept its local address: it sends and receives with `send_to`/`recv_from`.
    Bound(Socket<Bound, K>),
    /// The socket has no local address any more: bind it again, or connect it.
    Unbound(Socket<Unbound, K>),
}

#[cfg_attr(docsrs, doc(cfg(unix)))]
impl<S: State, K: Kind> Socket<S, K> {
    /// Dissolves the association with the peer: [`connect(2)`] to an `AF_UNSPEC` address
    /// ("connectionless sockets may dissolve the association by connecting to an address
    /// with the sa_family member of sockaddr set to AF_UNSPEC"), then [`getsockname(2)`] to
    /// tell which state the socket is in now.
    ///
    /// The result is not always [`Bound`]: see [`Disconnected`].
    ///
    /// # Errors
    ///
    /// What `connect(2)` or `getsockname(2)` reported; the socket is closed.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{Disconnected, Socket};
    ///
    /// let any = SocketAddr::from(([127, 0, 0, 1], 0));
    /// let server = Socket::udp_v4()?.bind(any)?;
    /// let client = Socket::udp_v4()?.bind(any)?;
    /// let port = client.local_addr()?.port();
    /// let client = client.connect(server.local_addr()?)?;
    ///
    /// // Bound to a port the kernel picked: the port goes with the association.
    /// match client.disconnect()? {
    ///     Disconnected::Unbound(socket) => {
    ///         let socket = socket.bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
    ///         assert_eq!(socket.local_addr()?.port(), port);
    ///     }
    ///     Disconnected::Bound(socket) => panic!("kept {}", socket.local_addr()?),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
    /// [`getsockname(2)`]: https://man7.org/linux/man-pages/man2/getsockname.2.html
    pub fn disconnect(self) -> io::Result<Disconnected<K>>
    where
        S: CanDisconnect,
        K: DatagramKind,
    {
        if dissolve(self.inner())? {
            Ok(Disconnected::Bound(self.into_state()))
        } else {
            Ok(Disconnected::Unbound(self.into_state()))
        }
    }
}

/// Dissolves the association (`connect(2)` to `AF_UNSPEC`); whether the socket is still
/// bound after it (the blocking and the async `disconnect`).
pub(crate) fn dissolve(socket: &socket2::Socket) -> io::Result<bool> {
    socket.connect(&sys::unspecified_address())?;
    Ok(is_bound(&socket.local_addr()?))
}
