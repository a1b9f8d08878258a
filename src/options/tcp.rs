//! TCP options (`IPPROTO_TCP`), each in the states where it takes effect.

use std::io;
#[cfg(any(target_os = "linux", target_os = "android"))]
use std::os::fd::AsFd;
use std::time::Duration;

use super::{invalid, whole};
use crate::kind::{Kind, TcpKind};
use crate::socket::Socket;
#[cfg(all(unix, not(any(target_os = "redox", target_os = "wasi"))))]
use crate::state::CanSetMss;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::CanSetSendOption;
use crate::state::State;
#[cfg(any(target_os = "linux", target_os = "android"))]
use crate::state::{CanSetDeferAccept, CanSetFastOpen, CanSetFastOpenConnect};
use crate::sys;

/// TCP keepalive timing: how long a connection may be idle before the first probe, how long
/// between probes, and how many unanswered probes end it ([`tcp(7)`]: `TCP_KEEPIDLE`,
/// `TCP_KEEPINTVL`, `TCP_KEEPCNT`). A field left unset keeps the kernel's value.
///
/// The kernel counts the times in whole seconds (Windows: milliseconds), from 1 s to
/// 32767 s (`MAX_TCP_KEEPIDLE`, `MAX_TCP_KEEPINTVL`), and the retries from 1 to 127
/// (`MAX_TCP_KEEPCNT`). [`set_tcp_keepalive`](Socket::set_tcp_keepalive) refuses any other
/// value (`500ms`, `1.5s`, 0, 32768 s, 128 retries) before it sets anything: nothing is
/// rounded or capped.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use typesock::{Socket, TcpKeepalive};
///
/// let socket = Socket::tcp_v4()?;
/// let keepalive = TcpKeepalive::new()
///     .with_time(Duration::from_secs(60))
///     .with_interval(Duration::from_secs(2))
///     .with_retries(4);
/// socket.set_tcp_keepalive(&keepalive)?;
/// assert!(socket.keepalive()?);
/// assert_eq!(socket.tcp_keepalive_time()?, Duration::from_secs(60));
/// # #[cfg(target_os = "linux")]
/// assert_eq!(socket.tcp_keepalive_interval()?, Duration::from_secs(2));
///
/// let too_fine = TcpKeepalive::new().with_interval(Duration::from_millis(1500));
/// assert!(socket.set_tcp_keepalive(&too_fine).is_err()); // never rounded to 2 s
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpKeepalive {
    time: Option<Duration>,
    interval: Option<Duration>,
    retries: Option<u32>,
}

impl TcpKeepalive {
    /// Keepalive on, with the kernel's timing.
    pub const fn new() -> Self {
        TcpKeepalive {
            time: None,
            interval: None,
            retries: None,
        }
    }

    /// The idle time before the first probe: `TCP_KEEPIDLE` (`TCP_KEEPALIVE` on Apple's
    /// systems).
    pub const fn with_time(self, time: Duration) -> Self {
        TcpKeepalive {
            time: Some(time),
            ..self
        }
    }

    /// The time between probes: `TCP_KEEPINTVL`.
    pub const fn with_interval(self, interval: Duration) -> Self {
        TcpKeepalive {
            interval: Some(interval),
            ..self
        }
    }

    /// How many unanswered probes end the connection: `TCP_KEEPCNT`.
    pub const fn with_retries(self, retries: u32) -> Self {
        TcpKeepalive {
            retries: Some(retries),
            ..self
        }
    }

    /// The value socket2 sends, each field as the kernel is to hold it; refused if the
    /// kernel cannot hold a field.
    fn to_socket2(self) -> io::Result<socket2::TcpKeepalive> {
        let kernel = |option: &str, d: Duration| {
            if d.is_zero() {
                return Err(invalid(format!(
                    "{option}: zero is not a keepalive time the kernel takes (at least \
                     {:?})",
                    sys::KEEPALIVE_UNIT
                )));
            }
            whole(option, d, sys::KEEPALIVE_UNIT, sys::KEEPALIVE_MAX)
        };
        let mut out = socket2::TcpKeepalive::new();
        if let Some(time) = self.time {
            out = out.with_time(kernel("TCP_KEEPIDLE", time)?);
        }
        #[cfg(any(
            target_os = "android",
            target_os = "dragonfly",
            target_os = "freebsd",
            target_os = "fuchsia",
            target_os = "illumos",
            target_os = "ios",
            target_os = "visionos",
            target_os = "linux",
            target_os = "macos",
            target_os = "netbsd",
            target_os = "tvos",
            target_os = "watchos",
            target_os = "cygwin",
        ))]
        {
            if let Some(interval) = self.interval {
                out = out.with_interval(kernel("TCP_KEEPINTVL", interval)?);
            }
            if let Some(retries) = self.retries {
                let retries =
                    super::in_range("TCP_KEEPCNT", retries, 1..=sys::KEEPALIVE_RETRIES_MAX)?;
                out = out.with_retries(retries);
            }
        }
        Ok(out)
    }
}

/// # TCP options (`IPPROTO_TCP`)
///
/// [`tcp(7)`]. The options read by the handshake (`TCP_MAXSEG`, Fast Open, `TCP_DEFER_ACCEPT`)
/// exist only before it, the options of the data to send only while there is some; the
/// rest in every state, a listener's inherited by the sockets `accept` returns. The [rule
/// table](crate#the-rule-table) has each reason and test.
///
/// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
impl<S: State, K: Kind> Socket<S, K> {
    /// Turns keepalive on (`SO_KEEPALIVE`) with the timing of `keepalive`: `TCP_KEEPIDLE`,
    /// `TCP_KEEPINTVL`, `TCP_KEEPCNT` ([`tcp(7)`]).
    ///
    /// In every state: the keepalive timer reads them while the connection lives, and a
    /// listener's are inherited. Times are whole seconds from 1 s to 32767 s, retries 1 to
    /// 127, as [`TcpKeepalive`] says.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a field the kernel cannot hold, before anything is set.
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    pub fn set_tcp_keepalive(&self, keepalive: &TcpKeepalive) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_tcp_keepalive(&keepalive.to_socket2()?)
    }

    socket2_getter! {
        /// The idle time before the first keepalive probe, as the kernel holds it.
        #[cfg(all(
            unix,
            not(any(target_os = "haiku", target_os = "openbsd", target_os = "vita"))
        ))]
        #[cfg_attr(docsrs, doc(cfg(unix)))]
        tcp_keepalive_time -> Duration where K: TcpKind
    }

    socket2_getter! {
        /// The time between keepalive probes, as the kernel holds it.
        #[cfg(any(
            target_os = "android",
            target_os = "dragonfly",
            target_os = "freebsd",
            target_os = "fuchsia",
            target_os = "illumos",
            target_os = "ios",
            target_os = "visionos",
            target_os = "linux",
            target_os = "macos",
            target_os = "netbsd",
            target_os = "tvos",
            target_os = "watchos",
            target_os = "cygwin",
        ))]
        tcp_keepalive_interval -> Duration where K: TcpKind
    }

    socket2_getter! {
        /// How many unanswered keepalive probes end the connection, as the kernel holds it.
        #[cfg(any(
            target_os = "android",
            target_os = "dragonfly",
            target_os = "freebsd",
            target_os = "fuchsia",
            target_os = "illumos",
            target_os = "ios",
            target_os = "visionos",
            target_os = "linux",
            target_os = "macos",
            target_os = "netbsd",
            target_os = "tvos",
            target_os = "watchos",
            target_os = "cygwin",
        ))]
        tcp_keepalive_retries -> u32 where K: TcpKind
    }

    /// Sets `TCP_USER_TIMEOUT`: how long sent data may stay unacknowledged before the
    /// connection is closed with `ETIMEDOUT` ([`tcp(7)`]). `None` restores the system default.
    ///
    /// In every state: the retransmission timer reads it, and a listener's is inherited
    /// (tcp(7): "set it on a listening socket"). The kernel counts whole milliseconds, up to
    /// `INT_MAX` ms (about 24.8 days): a duration with a fraction of a millisecond, or past
    /// that limit (up to `Duration::MAX`), is refused, never rounded or capped.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for `Some(Duration::ZERO)` (use `None` for the default) and for a
    /// duration the kernel cannot hold.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_tcp_user_timeout(Some(Duration::from_millis(1500)))?;
    /// assert_eq!(socket.tcp_user_timeout()?, Some(Duration::from_millis(1500)));
    /// assert!(socket.set_tcp_user_timeout(Some(Duration::from_micros(1500))).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(
        target_os = "android",
        target_os = "fuchsia",
        target_os = "linux",
        target_os = "cygwin"
    ))]
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    pub fn set_tcp_user_timeout(&self, timeout: Option<Duration>) -> io::Result<()>
    where
        K: TcpKind,
    {
        let timeout = match timeout {
            Some(Duration::ZERO) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a zero TCP_USER_TIMEOUT means the system default: use None",
                ));
            }
            Some(t) => Some(whole(
                "TCP_USER_TIMEOUT",
                t,
                sys::USER_TIMEOUT_UNIT,
                sys::USER_TIMEOUT_MAX,
            )?),
            None => None,
        };
        self.inner().set_tcp_user_timeout(timeout)
    }

    socket2_getter! {
        /// The `TCP_USER_TIMEOUT` the kernel holds; `None` for the system default.
        #[cfg(any(
            target_os = "android",
            target_os = "fuchsia",
            target_os = "linux",
            target_os = "cygwin"
        ))]
        #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
        tcp_user_timeout -> Option<Duration> where K: TcpKind
    }

    /// Sets `TCP_MAXSEG`, the largest segment this side sends, and the MSS it announces in
    /// its SYN ([`tcp(7)`]).
    ///
    /// Only before the handshake: on an [`Unbound`](crate::Unbound) or
    /// [`Bound`](crate::Bound) socket before `connect`, or on a listener, whose accepted
    /// sockets announce it in their SYN-ACK. tcp(7): "If this option is set before connection
    /// establishment, it also changes the MSS value announced to the other end in the initial
    /// packet"; once connected the kernel stores it and never reads it again (measured: the
    /// MSS read back does not change).
    ///
    /// Linux takes 88 to 32767 (`MAX_TCP_WINDOW`); the setter reads the MSS back, and a value
    /// the kernel would not hold as asked is refused: below 88 or past 32767 (up to
    /// `u32::MAX`), never capped, and 0, which the kernel takes as "the route's MSS" and reads
    /// back as 536. The socket then keeps the MSS it had.
    ///
    /// # Errors
    ///
    /// `InvalidInput`, naming the value and the one the kernel would hold.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_tcp_mss(1200)?;
    /// assert_eq!(socket.tcp_mss()?, 1200);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(all(unix, not(any(target_os = "redox", target_os = "wasi"))))]
    pub fn set_tcp_mss(&self, mss: u32) -> io::Result<()>
    where
        S: CanSetMss,
        K: TcpKind,
    {
        super::in_range("TCP_MAXSEG", mss, 1..=sys::MSS_MAX)?;
        super::set_verified(
            "TCP_MAXSEG",
            mss,
            "the kernel raises or caps the MSS to what it can send",
            || self.inner().tcp_mss(),
            |mss| self.inner().set_tcp_mss(mss),
        )
    }

    socket2_getter! {
        /// The `TCP_MAXSEG` value: before a connection, the one set (or the default, 536); once
        /// connected, the MSS in use.
        #[cfg(all(unix, not(any(target_os = "redox", target_os = "wasi"))))]
        tcp_mss -> u32 where K: TcpKind
    }

    /// Sets `TCP_CONGESTION`, the congestion control algorithm, by name (`b"cubic"`,
    /// `b"reno"`, ...; [`tcp(7)`]).
    ///
    /// In every state: it switches the algorithm of an open connection too, and a listener's
    /// is inherited. An unprivileged process may pick only those in
    /// `net.ipv4.tcp_allowed_congestion_control` (else `PermissionDenied`); an unknown name
    /// is `NotFound` (`ENOENT`).
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_tcp_congestion(b"reno")?;
    /// assert_eq!(socket.tcp_congestion()?, b"reno");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(target_os = "freebsd", target_os = "linux"))]
    pub fn set_tcp_congestion(&self, name: &[u8]) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_tcp_congestion(name)
    }

    /// The name of the congestion control algorithm in use, without the padding of NUL
    /// bytes the kernel's fixed-size buffer comes with.
    #[cfg(any(target_os = "freebsd", target_os = "linux"))]
    pub fn tcp_congestion(&self) -> io::Result<Vec<u8>>
    where
        K: TcpKind,
    {
        let mut name = self.inner().tcp_congestion()?;
        let len = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        name.truncate(len);
        Ok(name)
    }

    /// Sets `TCP_CORK`: hold partial segments until the cork is removed (or for 200 ms at
    /// most), to send headers and body in full segments ([`tcp(7)`]).
    ///
    /// In every state that will still send: not on a [`ReadOnly`](crate::ReadOnly) socket,
    /// whose write half is shut down. A listener's is inherited.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_tcp_cork(true)?;
    /// assert!(socket.tcp_cork()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_tcp_cork(&self, cork: bool) -> io::Result<()>
    where
        S: CanSetSendOption,
        K: TcpKind,
    {
        self.inner().set_tcp_cork(cork)
    }

    socket2_getter! {
        /// Whether `TCP_CORK` is set.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        tcp_cork -> bool where K: TcpKind
    }

    /// Sets `TCP_QUICKACK`: acknowledge at once rather than delayed. [`tcp(7)`]: "not permanent",
    /// the kernel may leave quick-ACK mode later.
    ///
    /// In every state.
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(
        target_os = "android",
        target_os = "fuchsia",
        target_os = "linux",
        target_os = "cygwin"
    ))]
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    pub fn set_tcp_quickack(&self, quickack: bool) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_tcp_quickack(quickack)
    }

    socket2_getter! {
        /// Whether the socket is in quick-ACK mode (`TCP_QUICKACK`).
        #[cfg(any(
            target_os = "android",
            target_os = "fuchsia",
            target_os = "linux",
            target_os = "cygwin"
        ))]
        #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
        tcp_quickack -> bool where K: TcpKind
    }

    /// Sets `TCP_NOTSENT_LOWAT`: the socket reports itself writable only while fewer than
    /// `lowat` bytes wait unsent ([`tcp(7)`], `tcp_notsent_lowat`).
    ///
    /// In every state that will still send, as [`set_tcp_cork`](Self::set_tcp_cork). Every
    /// `u32` reaches the kernel as it is: `u32::MAX` is the kernel's own "no limit", and reads
    /// back as `u32::MAX`.
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_tcp_notsent_lowat(&self, lowat: u32) -> io::Result<()>
    where
        S: CanSetSendOption,
        K: TcpKind,
    {
        self.inner().set_tcp_notsent_lowat(lowat)
    }

    socket2_getter! {
        /// The `TCP_NOTSENT_LOWAT` value; `u32::MAX` when unset.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        tcp_notsent_lowat -> u32 where K: TcpKind
    }

    /// Sets `TCP_THIN_LINEAR_TIMEOUTS`: for a thin stream (few packets in flight), retransmit
    /// on linear rather than exponential timeouts ([`tcp(7)`]). In every state.
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_tcp_thin_linear_timeouts(&self, on: bool) -> io::Result<()>
    where
        K: TcpKind,
    {
        self.inner().set_tcp_thin_linear_timeouts(on)
    }

    socket2_getter! {
        /// Whether `TCP_THIN_LINEAR_TIMEOUTS` is set.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        tcp_thin_linear_timeouts -> bool where K: TcpKind
    }

    /// Sets `TCP_FASTOPEN` on a server socket: it accepts data in the SYN of clients that
    /// hold a Fast Open cookie, and `queue_len` bounds the connections waiting with such data
    /// before their handshake completes ([`tcp(7)`]; 0 turns it off for this socket).
    ///
    /// On a socket that is to listen ([`Unbound`](crate::Unbound), [`Bound`](crate::Bound))
    /// or listens: the kernel takes it in the `CLOSE` and `LISTEN` states only and answers
    /// `EINVAL` once connected. The server side also needs bit `0x2` of
    /// `net.ipv4.tcp_fastopen` (the default is `0x1`, the client side only); without it the
    /// option is stored and SYN data is not accepted. The kernel caps the queue at
    /// `net.core.somaxconn`: the setter reads it back, and a length past that cap (or past
    /// `INT_MAX`) is refused, the socket keeping the length it had.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a length the kernel would cap.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    ///
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_tcp_fastopen(16)?;
    /// let listener = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(128)?;
    /// assert_eq!(listener.tcp_fastopen()?, 16);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_tcp_fastopen(&self, queue_len: u32) -> io::Result<()>
    where
        S: CanSetFastOpen,
        K: TcpKind,
    {
        super::in_range("TCP_FASTOPEN", queue_len, 0..=sys::FASTOPEN_MAX)?;
        super::set_verified(
            "TCP_FASTOPEN",
            queue_len,
            "the kernel caps the queue at net.core.somaxconn",
            || sys::tcp_fastopen(self.as_fd()),
            |len| sys::set_tcp_fastopen(self.as_fd(), len),
        )
    }

    /// The `TCP_FASTOPEN` queue length; 0 when Fast Open is off for this socket.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn tcp_fastopen(&self) -> io::Result<u32>
    where
        K: TcpKind,
    {
        sys::tcp_fastopen(self.as_fd())
    }

    /// Sets `TCP_FASTOPEN_CONNECT`: `connect` returns at once, and the first write is sent
    /// in the SYN, with the Fast Open cookie the kernel holds for the server (the first
    /// connection to a server fetches the cookie, and its data follows the handshake).
    ///
    /// Only before `connect`, which reads it: the kernel takes it in the `CLOSE` state only
    /// and answers `EINVAL` later. Needs bit `0x1` of `net.ipv4.tcp_fastopen` (the default);
    /// without it the kernel answers `EOPNOTSUPP` (`Unsupported`).
    ///
    /// With it set, `connect` reports success before the handshake: a refused connection
    /// shows at the first write or read.
    ///
    /// # Example
    ///
    /// ```
    /// let socket = typesock::Socket::tcp_v4()?;
    /// socket.set_tcp_fastopen_connect(true)?;
    /// assert!(socket.tcp_fastopen_connect()?);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_tcp_fastopen_connect(&self, on: bool) -> io::Result<()>
    where
        S: CanSetFastOpenConnect,
        K: TcpKind,
    {
        sys::set_tcp_fastopen_connect(self.as_fd(), on)
    }

    /// Whether `TCP_FASTOPEN_CONNECT` is set.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn tcp_fastopen_connect(&self) -> io::Result<bool>
    where
        K: TcpKind,
    {
        sys::tcp_fastopen_connect(self.as_fd())
    }

    /// Sets `TCP_DEFER_ACCEPT`: a connection is handed to `accept` only once its first data
    /// has arrived, or after `timeout` ([`tcp(7)`]); `None` turns it off.
    ///
    /// On a socket that is to listen or listens: the kernel reads it when the handshake's
    /// last ACK reaches the listener, so it takes effect set before or after `listen`
    /// (measured: both hold `accept` until data). The kernel keeps the time as a count of
    /// SYN-ACK retransmissions (1 s, then doubling), so it reads back the time that count
    /// covers: the setter reads it back, and takes only the times the kernel holds exactly,
    /// 1 s, 3 s, 7 s, 15 s, 31 s, ... (2<sup>n</sup> - 1 s, the sums of the retransmission
    /// timeouts; 2 s would read back 3 s). Any other time, a fraction of a second, or one past
    /// what the kernel holds (`INT_MAX` s, capped at 255 retransmissions, up to
    /// `Duration::MAX`) is refused, the socket keeping the time it had.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for `Some(Duration::ZERO)` (use `None` to turn it off) and for a time
    /// the kernel would change, naming the one it would hold.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use std::time::Duration;
    ///
    /// let listener = typesock::Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    /// listener.set_tcp_defer_accept(Some(Duration::from_secs(1)))?;
    /// let listener = listener.listen(128)?;
    /// assert_eq!(listener.tcp_defer_accept()?, Some(Duration::from_secs(1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn set_tcp_defer_accept(&self, timeout: Option<Duration>) -> io::Result<()>
    where
        S: CanSetDeferAccept,
        K: TcpKind,
    {
        let secs = match timeout {
            Some(Duration::ZERO) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "a zero TCP_DEFER_ACCEPT turns it off: use None",
                ));
            }
            Some(t) => whole(
                "TCP_DEFER_ACCEPT",
                t,
                sys::KEEPALIVE_UNIT,
                sys::DEFER_ACCEPT_MAX,
            )?
            .as_secs(),
            None => 0,
        };
        super::set_verified(
            "TCP_DEFER_ACCEPT",
            secs,
            "the kernel counts SYN-ACK retransmissions, and holds the time they cover",
            || sys::tcp_defer_accept(self.as_fd()),
            |secs| sys::set_tcp_defer_accept(self.as_fd(), secs),
        )
    }

    /// The `TCP_DEFER_ACCEPT` time the kernel holds; `None` when off.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn tcp_defer_accept(&self) -> io::Result<Option<Duration>>
    where
        K: TcpKind,
    {
        let secs = sys::tcp_defer_accept(self.as_fd())?;
        Ok((secs > 0).then(|| Duration::from_secs(secs)))
    }
}
