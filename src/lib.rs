//! BSD sockets with the lifecycle in the type system.
//!
//! A [`Socket<S, K>`](Socket) carries its lifecycle state `S` and its kind `K` in its type.
//! Each step of the lifecycle takes the socket by value and returns it in its next state, so
//! a call made out of order (accept before listen, read on a listener, `SO_REUSEADDR` after
//! bind, a receive buffer set after connect) does not compile. The kernel silently ignores
//! several of those mistakes at run time; here they never get that far.
//!
//! Each step is one syscall, the one the diagram names, and nothing else: no option you did
//! not ask for, no extra `fcntl`. Sockets are close-on-exec from the start (`SOCK_CLOEXEC`,
//! `accept4`). A `Socket` is the size of a file descriptor.
//!
//! # The lifecycle
//!
//! <pre>
//!  client                                          server
//!  socket()   <a href="struct.Socket.html#method.tcp_v4">Socket::tcp_v4()</a>                     socket()   <a href="struct.Socket.html#method.tcp_v4">Socket::tcp_v4()</a>
//!  bind()     <a href="struct.Socket.html#method.bind">.bind(addr)</a>  [optional]             bind()     <a href="struct.Socket.html#method.bind">.bind(addr)</a>
//!                                                  listen()   <a href="struct.Socket.html#method.listen">.listen(backlog)</a>
//!  connect()  <a href="struct.Socket.html#method.connect">.connect(addr)</a>  ------------>       accept()   <a href="struct.Socket.html#method.accept">.accept()</a>   &lt;-- loops
//!  write/read <a href="struct.Socket.html#impl-Write-for-Socket%3CConnected,+K%3E">Write</a> + <a href="struct.Socket.html#impl-Read-for-Socket%3CConnected,+K%3E">Read</a>  &lt;---------->       read/write <a href="struct.Socket.html#impl-Read-for-Socket%3CConnected,+K%3E">Read</a> + <a href="struct.Socket.html#impl-Write-for-Socket%3CConnected,+K%3E">Write</a>
//!  close()    <a href="struct.Socket.html#method.close">.close()</a>                             close()    <a href="struct.Socket.html#method.close">.close()</a> / drop
//! </pre>
//!
//! Run end to end, on loopback:
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::SocketAddr;
//! use typesock::Socket;
//!
//! // server: socket() -> bind() -> listen()
//! let listener = Socket::tcp_v4()?
//!     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
//!     .listen(128)?;
//!
//! // client: socket() -> connect()
//! let mut client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
//!
//! // server: accept()
//! let (mut conn, peer) = listener.accept()?;
//! assert_eq!(peer, client.local_addr()?);
//!
//! // write() / read(), both ways
//! client.write_all(b"hello")?;
//! let mut buf = [0; 5];
//! conn.read_exact(&mut buf)?;
//! conn.write_all(&buf)?;
//! client.read_exact(&mut buf)?;
//! assert_eq!(&buf, b"hello");
//!
//! // close()
//! client.close()?;
//! conn.close()?;
//! listener.close()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # States
//!
//! | state | reached by | what it is for |
//! | --- | --- | --- |
//! | [`Unbound`] | a constructor: [`Socket::tcp_v4`], [`Socket::tcp_v6`], [`Socket::tcp_for`], [`Socket::udp_v4`], [`Socket::udp_v6`], [`Socket::udp_for`], [`Socket::unix_stream`], [`Socket::unix_datagram`] | setting the options that `bind(2)` reads |
//! | [`Bound`] | [`bind`](Socket::bind) | `listen`, bind-before-connect; for datagram kinds, `send_to`/`recv_from` |
//! | [`Listening`] | [`listen`](Socket::listen) | [`accept`](Socket::accept), in a loop |
//! | [`Connected`] | [`connect`](Socket::connect), [`connect_timeout`](Socket::connect_timeout), or [`accept`](Socket::accept) | moving data |
//! | [`ReadOnly`], [`WriteOnly`] | shutting one direction of a connected stream down | reading to the end after sending everything, and the reverse |
//!
//! The kinds are [`Tcp`] (the default: `Socket<Listening>` is `Socket<Listening, Tcp>`),
//! [`Udp`], [`UnixStream`] and [`UnixDatagram`].
//!
//! # What each state allows
//!
//! A "no" is a compile error that names the state the socket is in and the step that is
//! missing, and each one is a compile-fail test of the crate (`ui-tests/`).
//!
//! | operation | `Unbound` | `Bound` | `Listening` | `Connecting` | `Connected` | `ReadOnly` | `WriteOnly` |
//! | --- | --- | --- | --- | --- | --- | --- | --- |
//! | [`bind`](Socket::bind) | yes | no | no | no | no | no | no |
//! | [`listen`](Socket::listen) (stream kinds) | no | yes | no | no | no | no | no |
//! | [`accept`](Socket::accept) (stream kinds) | no | no | yes | no | no | no | no |
//! | [`connect`](Socket::connect), [`connect_timeout`](Socket::connect_timeout), [`connect_nonblocking`](Socket::connect_nonblocking) | yes | yes | no | no | no | no | no |
//! | [`finish`](Socket::finish), [`wait`](Socket::wait) | no | no | no | yes | no | no | no |
//! | [`Read`](std::io::Read) (stream kinds) | no | no | no | no | yes | yes | no |
//! | [`Write`](std::io::Write) (stream kinds) | no | no | no | no | yes | no | yes |
//! | [`shutdown_write`](Socket::shutdown_write) (stream kinds) | no | no | no | no | yes | no | yes |
//! | [`shutdown_read`](Socket::shutdown_read) (stream kinds) | no | no | no | no | yes | yes | no |
//! | [`send_to`](Socket::send_to), [`recv_from`](Socket::recv_from) (datagram kinds) | no | yes | – | no | no | – | – |
//! | [`send`](Socket::send), [`recv`](Socket::recv) (datagram kinds) | no | no | – | no | yes | – | – |
//! | [`local_addr`](Socket::local_addr) | no | yes | yes | yes | yes | yes | yes |
//! | [`peer_addr`](Socket::peer_addr) | no | no | no | no | yes | yes | yes |
//! | [`try_clone`](Socket::try_clone) | no | no | yes | no | yes | no | no |
//! | [`set_reuse_address`](Socket::set_reuse_address), [`set_reuse_port`](Socket::set_reuse_port), [`set_only_v6`](Socket::set_only_v6) (`Tcp`, `Udp`) | yes | no | no | no | no | no | no |
//! | [`set_recv_buffer_size`](Socket::set_recv_buffer_size), [`set_send_buffer_size`](Socket::set_send_buffer_size): stream kinds | yes | yes | no | no | no | no | no |
//! | the same: datagram kinds | yes | yes | – | no | yes | – | – |
//! | [`set_read_timeout`](Socket::set_read_timeout) | no | datagram kinds | no | no | yes | yes | no |
//! | [`set_write_timeout`](Socket::set_write_timeout) | no | datagram kinds | no | no | yes | no | yes |
//! | [`set_nodelay`](Socket::set_nodelay), [`set_keepalive`](Socket::set_keepalive), [`set_linger`](Socket::set_linger) (`Tcp`) | yes | yes | yes | yes | yes | yes | yes |
//! | [`set_broadcast`](Socket::set_broadcast), multicast, ... (`Udp`) | yes | yes | – | yes | yes | – | – |
//! | [`set_ttl`](Socket::set_ttl) (`Tcp`, `Udp`) | yes | yes | yes | yes | yes | yes | yes |
//! | [`set_nonblocking`](Socket::set_nonblocking), [`close`](Socket::close), the getters, [`AsFd`](std::os::fd::AsFd) | yes | yes | yes | yes | yes | yes | yes |
//! | adopt with [`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E) | yes | yes | stream kinds | no | yes | no | no |
//!
//! ("–": the state does not exist for the kind: datagram sockets never listen, connect without
//! a handshake, and have no half-close.)
//!
//! The reasons, from the man pages: `bind(2)` reads `SO_REUSEADDR`, `SO_REUSEPORT` and
//! `IPV6_V6ONLY`, and afterwards the kernel ignores them or answers `EINVAL` (socket(7),
//! ipv6(7)); tcp(7) says the buffer sizes "must be set prior to the listen(2) or connect(2)
//! calls in order to have it take effect"; a duplicate made before `listen` or `connect` would
//! leave one handle typed in a state the kernel no longer agrees with, so only `Listening` and
//! `Connected` sockets have [`try_clone`](Socket::try_clone).
//!
//! A misuse reads like this:
//!
//! ```text
//! error[E0277]: this socket is `typesock::Bound`: only a `Listening` socket can `accept`
//!  --> src/main.rs:8:33
//!   |
//! 8 |     let (_conn, _peer) = socket.accept()?;
//!   |                                 ^^^^^^ `accept` needs a `Listening` socket
//!   |
//!   = help: the trait `CanAccept` is not implemented for `typesock::Bound`
//!   = note: `.accept()` is called on the socket that `.listen(backlog)` returns: a server's steps are `Socket::tcp_v4()` -> `.bind(addr)` -> `.listen(backlog)` -> `.accept()`
//! ```
//!
//! Calls through a trait, such as `read` on a listener, are not in the socket's methods and
//! get rustc's own "method not found" error, which names the state in the type
//! (`Socket<Listening>`).
//!
//! # Errors
//!
//! Each step's error names the step and the address (`bind to 127.0.0.1:80 failed:
//! Permission denied (os error 13)`), keeps its [`io::ErrorKind`](std::io::ErrorKind) and
//! converts into [`std::io::Error`], so `?` works. A failed [`bind`](Socket::bind) or
//! [`listen`](Socket::listen) hands the socket back in its old state
//! ([`BindError::into_socket`], [`ListenError::into_socket`]); a failed `connect` closes it,
//! since POSIX leaves its state unspecified.
//!
//! # Unix extras
//!
//! What Unix programs need and std does not give safely: connected pairs
//! ([`Socket::unix_stream_pair`], [`Socket::unix_datagram_pair`]), the sequenced-packet kind
//! `UnixSeqpacket` (Linux, FreeBSD), descriptor passing
//! ([`send_with_fds`](Socket::send_with_fds), [`recv_with_fds`](Socket::recv_with_fds) into a
//! caller's [`FdBuf`], [`send_to_with_fds`](Socket::send_to_with_fds)), the peer's
//! credentials ([`peer_credentials`](Socket::peer_credentials)), and
//! [`peek`](Socket::peek)/[`peek_from`](Socket::peek_from). The types say which sockets can do
//! each (only Unix sockets carry descriptors), so none of them needs `unsafe`. The example
//! `handover` hands a listening socket to a new process with no connection refused.
//!
//! # Signals (`EINTR`)
//!
//! typesock follows std's conventions. A blocking [`accept`](Socket::accept) interrupted by
//! a signal is retried. A blocking [`connect`](Socket::connect) interrupted by a signal goes on
//! in the kernel, so it is waited for (`poll(2)`, then `SO_ERROR`), never retried into
//! `EALREADY` or `EISCONN`; [`connect_timeout`](Socket::connect_timeout) resumes its wait for
//! the time that is left. Data calls (`read`, `write`, `send`, `recv`, ...) return
//! [`Interrupted`](std::io::ErrorKind::Interrupted), which `read_exact` and `write_all` retry.
//!
//!
//! Every socket is [`AsFd`](std::os::fd::AsFd) and converts into an
//! [`OwnedFd`](std::os::fd::OwnedFd). A listening or connected TCP socket converts into
//! [`TcpListener`](std::net::TcpListener) / [`TcpStream`](std::net::TcpStream) and back, so a
//! socket prepared here (options before bind, a chosen backlog) can be handed to any code
//! that takes the std types, tokio's `TcpListener::from_std` included.
//!
//! ```
//! use std::net::{SocketAddr, TcpListener};
//! use typesock::Socket;
//!
//! let socket = Socket::tcp_v4()?;
//! socket.set_reuse_address(true)?;
//! let listener: TcpListener = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?.listen(4096)?.into();
//! assert!(listener.local_addr()?.ip().is_loopback());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg(unix)]
#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms)]
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]

mod addr;
mod adopt;
mod assertions;
mod connecting;
mod error;
mod interop;
mod io;
pub mod kind;
mod options;
mod peek;
mod shutdown;
mod socket;
pub mod state;
mod sys;
mod udp;
mod unix;

pub use addr::UnixAddr;
pub use adopt::AdoptError;
pub use error::{AcceptError, BindError, ConnectError, FinishError, ListenError};
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub use kind::UnixSeqpacket;
pub use kind::{Address, Kind, Tcp, Udp, UnixDatagram, UnixStream};
pub use socket::Socket;
pub use state::{Bound, Connected, Connecting, Listening, ReadOnly, State, Unbound, WriteOnly};
pub use unix::{FdBuf, PeerCredentials, RecvFdsError};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
