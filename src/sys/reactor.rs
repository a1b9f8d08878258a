//! The registration of a socket with tokio's reactor (feature `tokio`): one type with one
//! interface, made of `AsyncFd` on Unix and of tokio's own socket types on Windows.
//!
//! Why two: tokio registers an arbitrary descriptor only on Unix (`AsyncFd`, over epoll or
//! kqueue). On Windows its reactor is mio's AFD polling, reached only through tokio's socket
//! types; of those, `TcpStream` and `UdpSocket` offer `async_io`/`try_io`, which run any
//! syscall under the registration and ask mio to poll again after a `WouldBlock` (AFD polls
//! are one-shot: a syscall made around mio's back that hits `WouldBlock` would otherwise
//! never be woken). mio registers every TCP socket the same way whatever tokio type holds it
//! (a listener's pending connection is its "readable"), so a listening socket is held in a
//! `TcpStream` too: `TcpListener` has no `async_io`. The syscalls themselves are the crate's,
//! made on a view of the same `SOCKET`, never through tokio's type.

use std::io;
use std::task::{Context, Poll};

use tokio::io::Interest;

/// A socket registered with the current runtime's reactor, for its whole life.
#[derive(Debug)]
pub(crate) struct Registration {
    #[cfg(unix)]
    io: tokio::io::unix::AsyncFd<socket2::Socket>,
    #[cfg(windows)]
    io: windows::Registered,
}

impl Registration {
    /// Registers `socket`, which is non-blocking already; `datagram` says which tokio type
    /// carries it on Windows (unused on Unix).
    #[cfg_attr(unix, allow(unused_variables))]
    pub(crate) fn new(socket: socket2::Socket, datagram: bool) -> io::Result<Self> {
        #[cfg(unix)]
        let io = unix::register(socket)?;
        #[cfg(windows)]
        let io = windows::Registered::new(socket, datagram)?;
        Ok(Registration { io })
    }

    /// The socket, for its syscalls.
    pub(crate) fn socket(&self) -> &socket2::Socket {
        #[cfg(unix)]
        return self.io.get_ref();
        #[cfg(windows)]
        return self.io.socket();
    }

    /// The socket, deregistered. On Windows tokio closes the socket if mio cannot
    /// deregister it, and that is the error.
    pub(crate) fn into_socket(self) -> io::Result<socket2::Socket> {
        #[cfg(unix)]
        return Ok(self.io.into_inner());
        #[cfg(windows)]
        return self.io.into_socket();
    }

    /// Runs `op` when the reactor reports `interest`, and again after each readiness that
    /// turns out stale: `op`'s `WouldBlock` clears the readiness and waits again.
    pub(crate) async fn io<R>(
        &self,
        interest: Interest,
        op: impl FnMut() -> io::Result<R>,
    ) -> io::Result<R> {
        #[cfg(unix)]
        {
            let mut op = op;
            loop {
                let mut guard = self.io.ready(interest).await?;
                match guard.try_io(|_| op()) {
                    Ok(done) => return done,
                    Err(_would_block) => continue,
                }
            }
        }
        #[cfg(windows)]
        self.io.io(interest, op).await
    }

    /// Polls `op` when the reactor reports `interest` (the body of `AsyncRead` and
    /// `AsyncWrite`): `Pending` until a call of `op` does not report `WouldBlock`.
    pub(crate) fn poll_io<R>(
        &self,
        cx: &mut Context<'_>,
        interest: Interest,
        op: impl FnMut() -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        #[cfg(unix)]
        {
            let mut op = op;
            loop {
                let mut guard = std::task::ready!(if interest.is_readable() {
                    self.io.poll_read_ready(cx)
                } else {
                    self.io.poll_write_ready(cx)
                })?;
                match guard.try_io(|_| op()) {
                    Ok(done) => return Poll::Ready(done),
                    Err(_would_block) => continue,
                }
            }
        }
        #[cfg(windows)]
        self.io.poll_io(cx, interest, op)
    }

    /// Waits until the reactor reports the socket writable (a connect in flight is done).
    pub(crate) async fn writable(&self) -> io::Result<()> {
        #[cfg(unix)]
        return self.io.writable().await.map(drop);
        #[cfg(windows)]
        return self.io.writable().await;
    }
}

#[cfg(unix)]
mod unix {
    use std::io;

    use tokio::io::unix::AsyncFd;

    /// Registers the descriptor with the current reactor.
    ///
    /// tokio 1.54 deprecates `AsyncFd::new` for its replacement `AsyncFd::register`,
    /// `unsafe` because a `T` could return another descriptor from `as_raw_fd`, or close it.
    /// A `socket2::Socket` owns its descriptor and always returns that one, so `new` is
    /// sound here; it is kept because `register` does not exist in tokio 1.40, the crate's
    /// minimum.
    #[allow(deprecated)]
    pub(super) fn register(socket: socket2::Socket) -> io::Result<AsyncFd<socket2::Socket>> {
        AsyncFd::new(socket)
    }
}

#[cfg(windows)]
mod windows {
    use std::io;
    use std::mem::ManuallyDrop;
    use std::os::windows::io::{AsRawSocket, FromRawSocket};
    use std::task::{Context, Poll, ready};

    use tokio::io::Interest;
    use tokio::net::{TcpStream, UdpSocket};

    /// tokio's type that holds the `SOCKET` and its registration, and a view of the same
    /// `SOCKET` for the crate's syscalls.
    #[derive(Debug)]
    pub(super) struct Registered {
        tokio: Tokio,
        /// The same `SOCKET` as `tokio`'s, never closed through this: `ManuallyDrop`, and
        /// dropped (as nothing) before or after `tokio`, which closes it.
        view: ManuallyDrop<socket2::Socket>,
    }

    #[derive(Debug)]
    enum Tokio {
        Stream(TcpStream),
        Datagram(UdpSocket),
    }

    impl Registered {
        pub(super) fn new(socket: socket2::Socket, datagram: bool) -> io::Result<Self> {
            let tokio = if datagram {
                Tokio::Datagram(UdpSocket::from_std(socket.into())?)
            } else {
                Tokio::Stream(TcpStream::from_std(socket.into())?)
            };
            let raw = match &tokio {
                Tokio::Stream(stream) => stream.as_raw_socket(),
                Tokio::Datagram(datagram) => datagram.as_raw_socket(),
            };
            // SAFETY: `raw` is the open `SOCKET` that `tokio` owns, and stays open while
            // `tokio` lives, which is as long as `view`: the two are fields of one struct,
            // neither is moved out without the other, and `view` is `ManuallyDrop`, never
            // dropped as a socket, so the `SOCKET` is closed once, by `tokio`.
            let view = ManuallyDrop::new(unsafe { socket2::Socket::from_raw_socket(raw) });
            Ok(Registered { tokio, view })
        }

        pub(super) fn socket(&self) -> &socket2::Socket {
            &self.view
        }

        pub(super) fn into_socket(self) -> io::Result<socket2::Socket> {
            // `view` is forgotten with `self`; the socket comes out of tokio's type.
            Ok(match self.tokio {
                Tokio::Stream(stream) => socket2::Socket::from(stream.into_std()?),
                Tokio::Datagram(datagram) => socket2::Socket::from(datagram.into_std()?),
            })
        }

        pub(super) async fn io<R>(
            &self,
            interest: Interest,
            op: impl FnMut() -> io::Result<R>,
        ) -> io::Result<R> {
            match &self.tokio {
                Tokio::Stream(stream) => stream.async_io(interest, op).await,
                Tokio::Datagram(datagram) => datagram.async_io(interest, op).await,
            }
        }

        pub(super) fn poll_io<R>(
            &self,
            cx: &mut Context<'_>,
            interest: Interest,
            mut op: impl FnMut() -> io::Result<R>,
        ) -> Poll<io::Result<R>> {
            loop {
                let done = match &self.tokio {
                    Tokio::Stream(stream) => {
                        ready!(if interest.is_readable() {
                            stream.poll_read_ready(cx)
                        } else {
                            stream.poll_write_ready(cx)
                        })?;
                        stream.try_io(interest, &mut op)
                    }
                    Tokio::Datagram(datagram) => {
                        ready!(if interest.is_readable() {
                            datagram.poll_recv_ready(cx)
                        } else {
                            datagram.poll_send_ready(cx)
                        })?;
                        datagram.try_io(interest, &mut op)
                    }
                };
                match done {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                    done => return Poll::Ready(done),
                }
            }
        }

        pub(super) async fn writable(&self) -> io::Result<()> {
            match &self.tokio {
                Tokio::Stream(stream) => stream.writable().await,
                Tokio::Datagram(datagram) => datagram.writable().await,
            }
        }
    }
}
