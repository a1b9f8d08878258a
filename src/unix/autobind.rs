//! `bind_autobind`: the kernel's choice of an abstract name, asked for by name (Linux).

use crate::error::BindError;
use crate::kind::UnixKind;
use crate::socket::Socket;
use crate::state::{Bound, CanBind, State};
use crate::sys;

impl<S: State, K: UnixKind> Socket<S, K> {
    /// Binds the socket to an abstract name the kernel picks: [`bind(2)`] with an address
    /// of `sun_family` alone, Linux's *autobind* ([`unix(7)`]): five hexadecimal digits in
    /// the abstract namespace, such as `@51a20`, read back with
    /// [`local_addr`](crate::Socket::local_addr).
    ///
    /// [`bind`](crate::Socket::bind) refuses an unnamed address, which would ask for this
    /// without saying so; this is the way to ask for it.
    ///
    /// # Errors
    ///
    /// Every failure hands the socket back, still `Unbound`, in a [`BindError`]; the
    /// kernel answers `AddrInUse` once its 2^20 names are all taken.
    ///
    /// # Example
    ///
    /// ```
    /// use typesock::Socket;
    ///
    /// let socket = Socket::unix_datagram()?.bind_autobind()?;
    /// let name = socket.local_addr()?;
    /// assert_eq!(name.as_abstract_name().map(<[u8]>::len), Some(5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
    /// [`unix(7)`]: https://man7.org/linux/man-pages/man7/unix.7.html
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    #[must_use = "the bound socket is returned, not kept in place; dropping it closes it"]
    pub fn bind_autobind(self) -> Result<Socket<Bound, K>, BindError<K>>
    where
        S: CanBind,
    {
        match self.inner().bind(&sys::unix_autobind_address()) {
            Ok(()) => Ok(self.into_state()),
            Err(e) => Err(BindError::new(self.into_state(), "(autobind)".into(), e)),
        }
    }
}
