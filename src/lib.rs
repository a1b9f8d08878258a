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
//!  client                                    server
//!  socket()    <a href="struct.Socket.html#method.tcp_v4">Socket::tcp_v4()</a>              socket()    <a href="struct.Socket.html#method.tcp_v4">Socket::tcp_v4()</a>
//!  bind()      <a href="struct.Socket.html#method.bind">.bind(addr)</a>  [optional]       bind()      <a href="struct.Socket.html#method.bind">.bind(addr)</a>
//!                                            listen()    <a href="struct.Socket.html#method.listen">.listen(backlog)</a>
//!  connect()   <a href="struct.Socket.html#method.connect">.connect(addr)</a>  ---------&gt;    accept()    <a href="struct.Socket.html#method.accept">.accept()</a>   &lt;-- loops
//!  write/read  <a href="struct.Socket.html#impl-Write-for-Socket%3CS,+K%3E">Write</a> + <a href="struct.Socket.html#impl-Read-for-Socket%3CS,+K%3E">Read</a>    &lt;--------&gt;    read/write  <a href="struct.Socket.html#impl-Read-for-Socket%3CS,+K%3E">Read</a> + <a href="struct.Socket.html#impl-Write-for-Socket%3CS,+K%3E">Write</a>
//!  close()     <a href="struct.Socket.html#method.close">.close()</a>                      close()     <a href="struct.Socket.html#method.close">.close()</a> / drop
//! </pre>
//!
//! Every state, and every method that moves a socket from one to another, drawn from the rule
//! table below:
//!
//! <div>
#![doc = include_str!("../docs/lifecycle.svg")]
//! </div>
//!
//! Run end to end, on loopback:
//!
//! ```
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
//! | [`Unbound`] | a constructor: [`Socket::tcp_v4`], [`Socket::tcp_v6`], [`Socket::tcp_for`], [`Socket::udp_v4`], [`Socket::udp_v6`], [`Socket::udp_for`], [`Socket::unix_stream`], [`Socket::unix_datagram`] | setting the options that [`bind(2)`] reads |
//! | [`Bound`] | [`bind`](Socket::bind) | `listen`, bind-before-connect; for datagram kinds, `send_to`/`recv_from` |
//! | [`Listening`] | [`listen`](Socket::listen) | [`accept`](Socket::accept), in a loop |
//! | [`Connected`] | [`connect`](Socket::connect), [`connect_timeout`](Socket::connect_timeout), or [`accept`](Socket::accept) | moving data |
//! | [`Connecting`] | [`connect_nonblocking`](Socket::connect_nonblocking) | a connect in flight, for an event loop: [`finish`](Socket::finish) or [`wait`](Socket::wait) turn it into `Connected` |
//! | [`ReadOnly`], [`WriteOnly`] | shutting one direction of a connected stream down | reading to the end after sending everything, and the reverse |
//!
//! The kinds are [`Tcp`] (the default: `Socket<Listening>` is `Socket<Listening, Tcp>`),
//! [`Udp`], [`UnixStream`], [`UnixDatagram`] and, on Linux, Android and FreeBSD,
//! [`UnixSeqpacket`]. The [`Socket`] page lists its methods in the lifecycle's order, with
//! a short guide to the methods of each state.
//!
//! # Examples
//!
//! ## A server's accept loop
//!
//! A server that serves three clients, one after the other, and stops: each connection is
//! echoed until its client shuts its write half down. The clients run in threads.
//!
//! ```
//! use std::net::SocketAddr;
//! use std::thread;
//! use typesock::Socket;
//!
//! let listener = Socket::tcp_v4()?
//!     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
//!     .listen(128)?;
//! let addr = listener.local_addr()?;
//! # // A test must not hang: `accept` and the reads give up after 10 s.
//! # let limit = Some(std::time::Duration::from_secs(10));
//! # listener.set_read_timeout(limit)?;
//!
//! let clients: Vec<_> = (0..3)
//!     .map(|i| {
//!         thread::spawn(move || -> std::io::Result<String> {
//!             let mut client = Socket::tcp_v4()?.connect(addr)?;
//! #           client.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
//!             client.write_all(format!("hello {i}").as_bytes())?;
//!             // Half-close: the server reads to the end, then the echo comes back.
//!             let mut client = client.shutdown_write()?;
//!             let mut echo = String::new();
//!             client.read_to_string(&mut echo)?;
//!             Ok(echo)
//!         })
//!     })
//!     .collect();
//!
//! for _ in 0..3 {
//!     let (mut conn, _peer) = listener.accept()?;
//! #   conn.set_read_timeout(limit)?;
//!     let mut buf = [0; 1024];
//!     loop {
//!         let n = conn.read(&mut buf)?;
//!         if n == 0 {
//!             break; // the client has shut its write half down
//!         }
//!         conn.write_all(&buf[..n])?;
//!     }
//! } // each `conn` is dropped, closed, here: its client reads the end of the echo
//!
//! for (i, client) in clients.into_iter().enumerate() {
//!     assert_eq!(client.join().expect("a client panicked")?, format!("hello {i}"));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## A Unix socket
//!
//! The same lifecycle on a socket file: [`bind`](Socket::bind) takes a path (or a
//! [`UnixAddr`]) and creates the file, which the kernel never removes: whoever binds removes
//! it. ([`Socket::unix_stream_pair`] makes a connected pair with no file at all.)
//!
//! ```
//! # #[cfg(unix)]
//! # {
//! use typesock::Socket;
//!
//! let pid = std::process::id();
//! let path = std::env::temp_dir().join(format!("typesock-doc-crate-{pid}.sock"));
//! let _ = std::fs::remove_file(&path); // a file left by an earlier run
//!
//! let listener = Socket::unix_stream()?.bind(&path)?.listen(8)?;
//! let mut client = Socket::unix_stream()?.connect(&path)?;
//! let (mut conn, peer) = listener.accept()?;
//! assert!(peer.is_unnamed()); // the client never bound: it has no address
//! assert_eq!(listener.local_addr()?.as_pathname(), Some(path.as_path()));
//!
//! client.write_all(b"ping")?;
//! let mut buf = [0; 4];
//! conn.read_exact(&mut buf)?;
//! assert_eq!(&buf, b"ping");
//!
//! listener.close()?;
//! std::fs::remove_file(&path)?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The programs in `examples/`
//!
//! Whole programs, each run with `cargo run --example NAME` from the crate's source (CI runs
//! every one):
//!
//! - `lifecycle`: both sides of the lifecycle on loopback, each step with the syscall it
//!   makes and the socket's type after it.
//! - `echo_server` and `echo_client`: a TCP echo server, a thread per connection, and its
//!   client (`cargo run --example echo_server`, then, in another terminal,
//!   `cargo run --example echo_client`).
//! - `udp_echo`: a UDP echo server (`send_to`/`recv_from` on a `Bound` socket) and a
//!   connected client.
//! - `unix_echo`: an echo server and its clients over a Unix stream socket, with a
//!   half-close, and the socket file removed afterwards.
//! - `socket_activation`: a listener passed by a service manager (systemd's `LISTEN_FDS`),
//!   adopted with `TryFrom<OwnedFd>` once the kernel confirms what it is.
//! - `handover`: a zero-downtime restart: a listening socket handed to a new process over a
//!   Unix socket (`SCM_RIGHTS`), with no connection refused.
//! - `tokio_echo` (`cargo run --features tokio --example tokio_echo`): a server and
//!   bind-before-connect clients prepared with typesock and driven by tokio.
//! - `tokio_handover`: `handover` on tokio, the descriptor passed with
//!   `AsyncSocket::send_with_fds`.
//! - `tokio_udp_gso` (Linux): a UDP echo server on tokio with GRO in and GSO out.
//!
//! # The rule table
//!
//! Every rule is one row of one table in the code (`src/state/rules.rs`), with its reason (the man
//! page, or the kernel source) and the test that shows the kernel agrees (`tests/rules.rs`,
//! on loopback). The capability traits that the methods' bounds name are implemented from
//! those rows, and the table below is rendered from them: the docs, the bounds and the
//! evidence cannot drift apart. A "no" is a compile error that names the state the socket is
//! in and the step that is missing, and each one is a compile-fail test of the crate
//! (`ui-tests/`). ("–": the state does not exist for the kind: datagram sockets never listen
//! and have no half-close. A line for every kind answers for the states each kind has.)
//!
#![doc = include_str!("../docs/rule-table.md")]
//!
//! Where the kernel allows more than the table (a `listen` on an unbound TCP socket, which
//! binds it to a port the kernel picks; a `send_to` on an unbound datagram socket, likewise),
//! the table is the stricter one, and says why. Where no check can hold, the docs say so in
//! one place: a duplicate of a descriptor made outside the crate can change the socket's
//! state behind its type (see [`try_clone`](Socket::try_clone), "What no check can see").
//!
//! A misuse reads like this (rustc's long lines wrapped to fit the page):
//!
//! ```text
//! error[E0277]: this socket is `typesock::Bound`: only a `Listening` socket can
//!               `accept`
//!  --> src/main.rs:8:33
//!   |
//! 8 |     let (_conn, _peer) = socket.accept()?;
//!   |                                 ^^^^^^ `accept` needs a `Listening` socket
//!   |
//!   = help: the trait `CanAccept` is not implemented for `typesock::Bound`
//!   = note: `.accept()` is called on the socket `.listen(backlog)` returns:
//!           `.bind(addr)` -> `.listen(backlog)` -> `.accept()`
//! ```
//!
//! The std I/O calls (`read`, `read_exact`, `write_all`, ...) are methods of the socket too,
//! bounded by the states that move data, so `read` on a listener gets the same kind of
//! message; [`Read`](std::io::Read) and [`Write`](std::io::Write) stay implemented, for
//! generic code.
//!
//! # Errors
//!
//! Each step's error names the step and the address (`bind to 127.0.0.1:80 failed:
//! Permission denied (os error 13)`), keeps its [`io::ErrorKind`](std::io::ErrorKind) and
//! converts into [`std::io::Error`], so `?` works. A failed [`bind`](Socket::bind) or
//! [`listen`](Socket::listen) hands the socket back in its old state
//! ([`BindError::into_socket`], [`ListenError::into_socket`]); a failed `connect` closes it,
//! since POSIX leaves its state unspecified. Turned into an [`std::io::Error`] (by `?`), an
//! error releases the socket it held at once and keeps its message, with the kernel's error
//! as its source: [`os_error`] finds the errno in either place.
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
//! # Platforms
//!
//! The same API and the same rules on Linux, Android, macOS/iOS, FreeBSD and the other BSDs
//! socket2 builds on, and Windows (`Tcp` and `Udp`; the Unix kinds where there is Unix). Where a
//! platform keeps a promise differently, or not at all, the table says so:
//!
//! | | Linux, Android | FreeBSD (and the other BSDs socket2 builds on) | macOS, iOS | Windows |
//! | --- | --- | --- | --- | --- |
//! | kinds | all four (`UnixSeqpacket` too, where built) | all four | all four | `Tcp`, `Udp` |
//! | close-on-exec / no inheritance | `SOCK_CLOEXEC` in [`socket(2)`], atomic | `SOCK_CLOEXEC`, atomic | `fcntl(FD_CLOEXEC)` right after `socket(2)`: not atomic, a `fork` in another thread in between inherits the socket | `WSA_FLAG_NO_HANDLE_INHERIT` in `WSASocketW`, atomic |
//! | accepted sockets | `accept4(SOCK_CLOEXEC)` | `accept4(SOCK_CLOEXEC)` | `accept`, then `fcntl(FD_CLOEXEC)`: not atomic | `accept`: the socket takes the listener's properties |
//! | no `SIGPIPE` | `MSG_NOSIGNAL` on every send | `MSG_NOSIGNAL` | `SO_NOSIGPIPE` set at `socket(2)`; accepted sockets inherit it (setting it on them fails, socket2 issue #631) | no `SIGPIPE` exists |
//! | adoption's check | `SO_TYPE`, family from `getsockname`, `SO_ACCEPTCONN`, `getpeername`, `getsockname` | the same | the same | `SO_TYPE`, `SO_PROTOCOL_INFOW`, `SO_ACCEPTCONN`, `getpeername`, `getsockname` (`WSAEINVAL`: unbound) |
//! | adoption makes it private | `fcntl(FD_CLOEXEC)` | the same | the same | `SetHandleInformation` (no inheritance) |
//! | non-blocking mode | `ioctl(FIONBIO)`; read back with `fcntl(F_GETFL)` | the same | the same | `ioctlsocket(FIONBIO)`; Winsock cannot read it back, so `connect_timeout` leaves the socket blocking |
//! | waiting for a connect | [`poll(2)`] | `poll(2)` | `poll(2)` | `select` (write and exception sets), as std |
//! | a receive timeout expires as | `WouldBlock` | `WouldBlock` | `WouldBlock` | `TimedOut` (`WSAETIMEDOUT`), as std maps it |
//! | a Unix `connect` to a full queue | waits for room (bounded by `SO_SNDTIMEO`) | the kernel refuses at once (`ECONNREFUSED`) | the kernel refuses at once | – |
//! | a failed non-blocking connect names its address | yes (`SO_PEERNAME`) | no | no | no |
//! | `disconnect` (datagram kinds) | yes, measured | built, not measured | built, not measured | no |
//! | datagram batches | `sendmmsg`/`recvmmsg` | `sendmmsg`/`recvmmsg` | one `sendmsg`/`recvmsg` a datagram | not yet |
//! | UDP GSO/GRO, the Unix extras (`peek`, descriptor passing, credentials) | yes | the Unix extras | the Unix extras | no |
//! | `tcp_info` (TCP's numbers) | `TCP_INFO`: every field (the byte counts from 4.1, `min_rtt` 4.6, the delivery rate 4.9), tested | `TCP_INFO`: state, RTT, window, retransmitted segments; no byte counts or rate: built, not run | `TCP_CONNECTION_INFO`: state, RTT (milliseconds), window, bytes received; no retransmitted segments (it counts bytes): built, not run | not yet (`SIO_TCP_INFO`) |
//! | the error queue (`set_recv_error_v4`/`_v6`, `recv_error`) and the path MTU | yes, tested (`IPV6_DONTFRAG` too) | no error queue, no `IP_MTU`; don't-fragment as `IP_DONTFRAG`/`IPV6_DONTFRAG` (`set_dont_fragment_v4`/`_v6`): built, not run | the same as FreeBSD | no |
//! | each datagram's metadata (`RecvMeta::destination`, `ecn`, `timestamp`; `SendMeta`'s source and traffic class) | `IP_PKTINFO`/`IPV6_RECVPKTINFO`, `IP_RECVTOS`/`IPV6_RECVTCLASS`, `SO_TIMESTAMPNS`: tested, single, batched and on tokio | received: `IP_RECVDSTADDR` (no IPv4 interface), `IPV6_RECVPKTINFO`, `IP_RECVTOS`/`IPV6_RECVTCLASS`, `SO_TIMESTAMP` (microseconds): built, not run; `SendMeta`: not yet | the same as FreeBSD | no |
//! | feature `tokio` | yes | yes | yes | `Tcp` and `Udp`: `AsyncSocket`, `connect_async`, the conversions; tested under Wine |
//! | `AsyncSocket` (feature `tokio`): the states and rules on tokio's reactor | yes, tested (`AsyncFd`) | built, not run | built, not run | `Tcp`, `Udp`: every method the blocking socket has there (no `peek`, batches or `disconnect`, as blocking); registered through tokio's `TcpStream`/`UdpSocket` (tokio's `AsyncFd` is Unix only), a lingering close made in blocking mode on a blocking thread (a non-blocking `closesocket` would fail and leave the socket open); tested under Wine |
//! | `SO_REUSEADDR` (`set_reuse_address`) | binds over `TIME_WAIT` | the same | the same | lets a socket bind a port another socket, of any process, listens on, and take its traffic (std's `TcpListener` sets it on Unix only, for that reason); `set_exclusive_address_use` (`SO_EXCLUSIVEADDRUSE`) keeps a port to its socket |
//! | buffer sizes read back | twice the size set (checked by the setter) | the size set | the size set | the size set |
//! | timeouts the kernel holds | whole clock ticks (`CONFIG_HZ`; a multiple of 100 ms fits every one); the setter refuses others | whole microseconds (not measured) | whole microseconds (not measured) | whole milliseconds |
//! | `set_ttl` on a dual-stack IPv6 socket | the hop limit and `IP_TTL`, for its IPv4-mapped datagrams | the hop limit only | the hop limit only | the hop limit only |
//! | syscalls of one TCP lifecycle | `socket`, `bind`, `listen`, `accept4`, `connect`, `sendto`/`recvfrom`, `close`: the C program's | the same | `+ setsockopt(SO_NOSIGPIPE)` and `fcntl(FD_CLOEXEC)` after `socket`, `fcntl(FD_CLOEXEC)` after `accept` | `WSASocketW`, `bind`, `listen`, `accept`, `connect`, `send`/`recv`, `closesocket` |
//! | how it is verified | every test, on this project's CI | type-checked and linted (`clippy -D warnings`) | type-checked and linted, x86_64 and aarch64 | type-checked and linted (MSVC); the TCP, UDP, `AsyncSocket` and tokio test suites and four examples run under Wine, which implements Winsock over Linux sockets: not a run on Windows |
//!
//! Linux is tested by the whole test suite; Windows under Wine, which is not Windows; macOS and
//! FreeBSD are type-checked and linted only.
//!
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
//! # Interop
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
//! let listener: TcpListener = socket
//!     .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
//!     .listen(4096)?
//!     .into();
//! assert!(listener.local_addr()?.ip().is_loopback());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Async (feature `tokio`)
//!
//! The `tokio` feature is off by default; without it, tokio is not a dependency at all. With
//! it, the typed lifecycle carries on into tokio, with no `unsafe` in your code:
//!
//! - `AsyncSocket<S, K>` (Unix; `Tcp` and `Udp` on Windows): a socket registered with
//!   tokio's reactor that keeps its state and kind. Its `accept`, `connect`, `send`/`recv`, `send_to`/`recv_from`, `peek`,
//!   `peek_from`, descriptor passing, batches, GSO/GRO segments (Linux),
//!   `shutdown_write`/`shutdown_read` and `close` are `async fn`s under the
//!   blocking methods' bounds (a misuse reads the same message), each a non-blocking syscall
//!   when the reactor reports readiness; the byte-stream kinds are tokio's `AsyncRead` and
//!   `AsyncWrite` in the states that read and write.
//! - [`connect_async`] on an `Unbound` or `Bound` [`Tcp`] or [`UnixStream`] socket: set the
//!   options and bind-before-connect in their states first, then connect without blocking the
//!   runtime's thread. The socket is set non-blocking, [`connect(2)`] starts, tokio's reactor
//!   reports writability, and `SO_ERROR` tells the outcome. A timeout is a tokio timeout
//!   around it (`tokio::time::timeout(d, socket.connect_async(addr))`); dropping the future
//!   closes the socket.
//! - `TryFrom<Socket<..>>` for tokio's `TcpListener`, `TcpStream`, `UdpSocket`,
//!   `UnixListener`, `UnixStream` and `UnixDatagram`, from the states those types imply (a
//!   `Listening` socket into a listener, ...). The conversion sets the socket non-blocking
//!   itself, which tokio requires and does not check in release builds, and outside a tokio
//!   runtime it returns an error where tokio's `from_std` panics.
//! - Back from tokio: `TryFrom<tokio type> for Socket<S, K>` asks the kernel what the socket
//!   is, as [`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E) does,
//!   and a mismatch is a [`FromTokioError`] that hands the descriptor back.
//!
//! The connected result is tokio's own `TcpStream` or `UnixStream`, not a wrapper: tokio's
//! stream types exist only connected and its listeners only listening, so the state stays in
//! the type, and every tokio-based library takes them as they are. (Registering a descriptor
//! by hand with tokio's `AsyncFd` is `unsafe` since tokio 1.54; typesock does not need it: the
//! descriptor goes through std's types to tokio's `from_std`.) One case tokio gives no way to
//! detect: a runtime built without its I/O driver (`enable_io`) still makes tokio panic.
//!
//! ```
//! # #[cfg(feature = "tokio")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::net::SocketAddr;
//! use std::time::Duration;
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! use typesock::Socket;
//!
//! let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
//! let listener = Socket::tcp_v4()?;
//! listener.set_reuse_address(true)?;
//! let listener = listener.bind(loopback)?.listen(1024)?;
//! let listener = tokio::net::TcpListener::try_from(listener)?;
//!
//! // A client bound to its own address, with its options set before it connects.
//! let client = Socket::tcp_v4()?;
//! client.set_nodelay(true)?;
//! let client = client.bind(loopback)?;
//! let connect = client.connect_async(listener.local_addr()?);
//! let mut stream = tokio::time::timeout(Duration::from_secs(5), connect).await??;
//!
//! let (mut conn, _) = listener.accept().await?;
//! stream.write_all(b"hi").await?;
//! let mut buf = [0; 2];
//! conn.read_exact(&mut buf).await?;
//! assert_eq!(&buf, b"hi");
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "tokio"))]
//! # fn main() {}
//! ```
//!
//! [`bind(2)`]: https://man7.org/linux/man-pages/man2/bind.2.html
//! [`socket(2)`]: https://man7.org/linux/man-pages/man2/socket.2.html
//! [`poll(2)`]: https://man7.org/linux/man-pages/man2/poll.2.html
//! [`connect(2)`]: https://man7.org/linux/man-pages/man2/connect.2.html
#![cfg_attr(
    feature = "tokio",
    doc = "[`connect_async`]: Socket::connect_async",
    doc = "[`FromTokioError`]: FromTokioError"
)]
#![cfg_attr(
    not(feature = "tokio"),
    doc = "[`connect_async`]: https://docs.rs/typesock/latest/typesock/struct.Socket.html#method.connect_async",
    doc = "[`FromTokioError`]: https://docs.rs/typesock/latest/typesock/enum.FromTokioError.html"
)]
#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms)]
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]

// The order of these modules is the order of the `Socket` page: rustdoc lists the methods'
// impl blocks in the order it meets them. The groups are kept apart by blank lines, which
// stop rustfmt from sorting them.

// The constructors, then `bind`, `listen`, `accept`.
mod server;
mod socket;

// `connect` and its variants, `finish`, `wait`.
mod connecting;

// The data calls, then half-close and a datagram socket's `disconnect`.
mod io;
#[cfg(unix)]
mod peek;

mod shutdown;

#[cfg(unix)]
mod disconnect;

// The addresses, `try_clone`, `close`, the blocking mode, the pending error.
mod every_state;

// The options: those of the lifecycle first, then by level; then UDP's, and MPTCP.
mod options;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod errqueue;
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
mod tcp_info;
mod udp;

#[cfg(target_os = "linux")]
mod mptcp;

// The Unix extras, the datagram batches, then the conversions.
#[cfg(unix)]
mod unix;

#[cfg(unix)]
mod batch;
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
mod metadata;

mod adopt;
#[cfg(feature = "tokio")]
mod async_socket;
mod interop;
#[cfg(feature = "tokio")]
mod tokio;

// No methods of `Socket` of their own.
#[cfg(unix)]
mod addr;
mod assertions;
mod error;
pub mod kind;
/// The rule table's rows, for the docs generator (`docgen/`): not part of the API.
#[cfg(feature = "__docgen")]
#[doc(hidden)]
pub mod __docgen {
    #[cfg(target_os = "linux")]
    pub use crate::state::rules::GROUPS;
    pub use crate::state::rules::{CONSTRUCTORS, Move, RULES, Rule};
}
/// The parsers of kernel-written bytes, for the fuzz targets (`fuzz/`): not part of the API.
#[cfg(all(feature = "__fuzz", unix))]
#[doc(hidden)]
pub mod __fuzz {
    /// Walks `bytes` as received control data, as every parser does; returns the number of
    /// messages seen.
    pub fn control_messages(bytes: &[u8]) -> usize {
        crate::sys::cmsg::messages(bytes).count()
    }

    /// Reads `bytes` as a Unix socket's control data (descriptors, credentials, pidfds);
    /// returns the descriptors it would own, which the caller must not close (they are
    /// numbers only here).
    pub fn unix_control(bytes: &[u8]) -> Vec<i32> {
        crate::sys::unix_msg::parse_control(bytes)
            .filter_map(|item| match item {
                crate::sys::unix_msg::Control::Descriptor(raw) => Some(raw),
                #[allow(unreachable_patterns)]
                _ => None,
            })
            .collect()
    }

    /// Reads `bytes` as a UDP datagram's control data (Linux): the metadata found.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn udp_control(bytes: &[u8]) -> String {
        format!("{:?}", crate::sys::parse_recv(bytes))
    }

    /// Reads `bytes` as an error-queue message's control data (Linux).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn error_queue(bytes: &[u8]) -> String {
        format!("{:?}", crate::sys::parse_control(bytes))
    }

    /// Reads `bytes` as a `sockaddr_in`/`sockaddr_in6` (Linux).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn inet_sockaddr(bytes: &[u8]) -> Option<std::net::SocketAddr> {
        crate::sys::parse_sockaddr(bytes)
    }
}
mod sealed;
pub mod state;
mod sys;

#[cfg(feature = "tokio")]
pub use crate::tokio::FromTokioError;
#[cfg(unix)]
pub use addr::UnixAddr;
#[cfg(all(feature = "tokio", unix))]
pub use async_socket::AsyncDisconnected;
#[cfg(feature = "tokio")]
pub use async_socket::{AfterShutdown, AsyncSocket};
#[cfg(unix)]
pub use batch::RecvMeta;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use batch::{GroError, Segments, SegmentsError};
#[cfg(unix)]
pub use disconnect::Disconnected;
pub use error::{
    AcceptError, AdoptError, BindError, ConnectError, FinishError, ListenError, os_error,
};
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use errqueue::{ErrorOrigin, QueuedError};
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use kind::UdpGro;
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub use kind::UnixSeqpacket;
pub use kind::{Address, Kind, Tcp, Udp};
#[cfg(unix)]
pub use kind::{UnixDatagram, UnixStream};
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
pub use metadata::Ecn;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use metadata::SendMeta;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use options::PathMtuDiscovery;
pub use options::TcpKeepalive;
pub use socket::Socket;
pub use state::{Bound, Connected, Connecting, Listening, ReadOnly, State, Unbound, WriteOnly};
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_vendor = "apple"
))]
pub use tcp_info::{TcpInfo, TcpState};
#[cfg(unix)]
pub use unix::{FdBuf, PeerCredentials, RecvFdsError};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
