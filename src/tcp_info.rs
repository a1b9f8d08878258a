//! TCP's own view of a connection: `TCP_INFO` (Linux, Android, FreeBSD) and
//! `TCP_CONNECTION_INFO` (Apple's systems), typed.

use std::fmt;
use std::io;
use std::time::Duration;

use crate::kind::TcpKind;
use crate::socket::Socket;
use crate::state::State;
use crate::sys;

/// A TCP connection's state as the kernel keeps it, in the names of RFC 9293.
///
/// It is the kernel's, read now, and can be ahead of the socket's type: a `Connected`
/// socket whose peer has closed is [`CloseWait`](Self::CloseWait), and one reset by its peer
/// is [`Closed`](Self::Closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TcpState {
    /// No connection: never connected, reset, or closed both ways.
    Closed,
    /// Waiting for connections.
    Listen,
    /// A connect in flight: the SYN sent, no answer yet.
    SynSent,
    /// A SYN received and answered (an accepted Fast Open connection stays here until the
    /// handshake ends).
    SynReceived,
    /// The connection is open both ways.
    Established,
    /// This side has shut its write half; the FIN is not acknowledged yet.
    FinWait1,
    /// This side's FIN is acknowledged; the peer may still send.
    FinWait2,
    /// The peer has shut its write half; this side may still send.
    CloseWait,
    /// Both sides sent FINs at once; waiting for the acknowledgement.
    Closing,
    /// The peer closed first, then this side; waiting for the last acknowledgement.
    LastAck,
    /// Closed; the kernel keeps the connection's addresses for a while (2 MSL).
    TimeWait,
}

impl TcpState {
    fn from_kernel(state: sys::TcpState) -> TcpState {
        match state {
            sys::TcpState::Closed { .. } => TcpState::Closed,
            sys::TcpState::Listen => TcpState::Listen,
            sys::TcpState::SynSent => TcpState::SynSent,
            sys::TcpState::SynReceived => TcpState::SynReceived,
            sys::TcpState::Established => TcpState::Established,
            sys::TcpState::FinWait1 => TcpState::FinWait1,
            sys::TcpState::FinWait2 => TcpState::FinWait2,
            sys::TcpState::CloseWait => TcpState::CloseWait,
            sys::TcpState::Closing => TcpState::Closing,
            sys::TcpState::LastAck => TcpState::LastAck,
            sys::TcpState::TimeWait => TcpState::TimeWait,
        }
    }
}

/// A snapshot of TCP's own numbers for one socket ([`Socket::tcp_info`]): the state, the
/// round-trip time, the congestion window, the retransmissions and, where the kernel keeps
/// them, the bytes acknowledged and received and the delivery rate. A plain value, read in
/// one `getsockopt(2)`.
///
/// Each accessor says which platforms fill it. Those that return an `Option` are `None`
/// where the platform (or the running kernel, for the newer Linux fields) does not keep the
/// number: never a zero that looks real.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TcpInfo {
    snapshot: sys::TcpSnapshot,
}

impl TcpInfo {
    /// The connection's state (every platform).
    pub fn state(&self) -> TcpState {
        TcpState::from_kernel(self.snapshot.state)
    }

    /// The smoothed round-trip time (every platform; microseconds on Linux and FreeBSD,
    /// milliseconds on Apple's systems). Zero before anything was measured.
    pub fn rtt(&self) -> Duration {
        Duration::from_micros(u64::from(self.snapshot.rtt_us))
    }

    /// The variation of the round-trip time (every platform, as [`rtt`](Self::rtt)).
    pub fn rtt_variance(&self) -> Duration {
        Duration::from_micros(u64::from(self.snapshot.rtt_var_us))
    }

    /// The lowest round-trip time seen (Linux 4.6 and later).
    pub fn min_rtt(&self) -> Option<Duration> {
        self.snapshot
            .min_rtt_us
            .map(|us| Duration::from_micros(u64::from(us)))
    }

    /// The maximum segment size this side sends, in bytes (every platform).
    pub fn mss(&self) -> u32 {
        self.snapshot.mss
    }

    /// The congestion window, in bytes (every platform; Linux counts it in segments, and
    /// this is that count times [`mss`](Self::mss)).
    pub fn congestion_window(&self) -> u64 {
        self.snapshot.cwnd_bytes
    }

    /// The segments retransmitted over the connection's life (Linux, FreeBSD; Apple's
    /// kernels count retransmitted bytes instead, and this is `None` there).
    pub fn retransmits(&self) -> Option<u64> {
        self.snapshot.retransmits
    }

    /// The bytes the peer has acknowledged (Linux 4.1 and later).
    pub fn bytes_acked(&self) -> Option<u64> {
        self.snapshot.bytes_acked
    }

    /// The bytes received (Linux 4.1 and later, Apple's systems).
    pub fn bytes_received(&self) -> Option<u64> {
        self.snapshot.bytes_received
    }

    /// The most recent delivery rate the kernel measured, in bytes a second (Linux 4.9 and
    /// later).
    pub fn delivery_rate(&self) -> Option<u64> {
        self.snapshot.delivery_rate
    }
}

impl fmt::Debug for TcpInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpInfo")
            .field("state", &self.state())
            .field("rtt", &self.rtt())
            .field("rtt_variance", &self.rtt_variance())
            .field("min_rtt", &self.min_rtt())
            .field("mss", &self.mss())
            .field("congestion_window", &self.congestion_window())
            .field("retransmits", &self.retransmits())
            .field("bytes_acked", &self.bytes_acked())
            .field("bytes_received", &self.bytes_received())
            .field("delivery_rate", &self.delivery_rate())
            .finish()
    }
}

/// TCP's own view of the connection.
impl<S: State, K: TcpKind> Socket<S, K> {
    /// A snapshot of TCP's numbers for this socket: `getsockopt(TCP_INFO)` ([`tcp(7)`]; on
    /// Apple's systems `TCP_CONNECTION_INFO`). In every state: a listener's is `Listen` with
    /// no traffic, a connection's carries its round-trip time, window and counters (see
    /// [`TcpInfo`] for which platform fills what).
    ///
    /// # Errors
    ///
    /// `Unsupported` where the kernel will not describe the socket (an MPTCP socket on a
    /// kernel without `TCP_INFO` for it); the kernel's error otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use typesock::{Socket, TcpState};
    ///
    /// let listener = Socket::tcp_v4()?
    ///     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
    ///     .listen(8)?;
    /// assert_eq!(listener.tcp_info()?.state(), TcpState::Listen);
    /// let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    /// client.write_all(b"measured")?;
    /// let info = client.tcp_info()?;
    /// assert_eq!(info.state(), TcpState::Established);
    /// assert!(info.mss() > 0 && info.congestion_window() > 0);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// [`tcp(7)`]: https://man7.org/linux/man-pages/man7/tcp.7.html
    pub fn tcp_info(&self) -> io::Result<TcpInfo> {
        match sys::tcp_snapshot(self.inner())? {
            Some(snapshot) => Ok(TcpInfo { snapshot }),
            None => Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "the kernel does not describe this socket (TCP_INFO)",
            )),
        }
    }
}
