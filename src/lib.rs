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
//! <!-- state diagram: generated from src/rules.rs -->
//! <div>
//! <svg xmlns="http://www.w3.org/2000/svg" width="880" height="650" viewBox="0 0 880 650" role="img" aria-labelledby="typesock-lifecycle-title" style="max-width:100%;height:auto" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="12">
//! <title id="typesock-lifecycle-title">The states of a typesock Socket (Unbound, Bound, Listening, Connecting, Connected, ReadOnly, WriteOnly) and the methods that move a socket from one to another</title>
//! <rect x="0.5" y="0.5" width="879" height="649" rx="10" fill="#ffffff" stroke="#d0d7de"/>
//! <path d="M192 110 Q325 110 449 110" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M458 110 L448 114.5 L448 105.5 Z" fill="#1f2328"/>
//! <path d="M582 110 Q660 110 729 110" fill="none" stroke="#0550ae" stroke-width="1.6"/>
//! <path d="M738 110 L728 114.5 L728 105.5 Z" fill="#0550ae"/>
//! <path d="M800 130 Q800 400 396 400" fill="none" stroke="#0550ae" stroke-width="1.6" stroke-dasharray="7 4"/>
//! <path d="M387 400 L397 395.5 L397 404.5 Z" fill="#0550ae"/>
//! <path d="M135.9 130 Q181.9 285.7 292.9 374.4" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M300 380 L289.3 377.3 L294.9 370.2 Z" fill="#1f2328"/>
//! <path d="M514.1 130 Q468.1 285.7 357.1 374.4" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M350 380 L355.1 370.2 L360.7 377.3 Z" fill="#1f2328"/>
//! <path d="M335.6 420 C363.8 473 286.2 473 310.1 427.9" fill="none" stroke="#953800" stroke-width="1.6"/>
//! <path d="M314.4 420 L313.6 430.9 L305.7 426.7 Z" fill="#953800"/>
//! <path d="M163.9 130 Q227.5 167.5 283.3 200.4" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M291.1 205 L280.2 203.8 L284.8 196 Z" fill="#1f2328"/>
//! <path d="M486.1 130 Q422.5 167.5 366.7 200.4" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M358.9 205 L365.2 196 L369.8 203.8 Z" fill="#1f2328"/>
//! <path d="M333 380 Q360 312.5 336.3 253.4" fill="none" stroke="#953800" stroke-width="1.6"/>
//! <path d="M333 245 L340.9 252.6 L332.5 256 Z" fill="#953800"/>
//! <path d="M317 245 Q290 312.5 313.7 371.6" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M317 380 L309.1 372.4 L317.5 369 Z" fill="#1f2328"/>
//! <path d="M301.2 420 Q247.5 465 200.7 504.2" fill="none" stroke="#0550ae" stroke-width="1.6"/>
//! <path d="M193.8 510 L198.6 500.1 L204.4 507 Z" fill="#0550ae"/>
//! <path d="M441.2 550 Q402.5 570 341 601.7" fill="none" stroke="#0550ae" stroke-width="1.6"/>
//! <path d="M333 605.9 L339.8 597.3 L343.9 605.3 Z" fill="#0550ae"/>
//! <path d="M348.8 420 Q402.5 465 449.3 504.2" fill="none" stroke="#0550ae" stroke-width="1.6"/>
//! <path d="M456.2 510 L445.6 507 L451.4 500.1 Z" fill="#0550ae"/>
//! <path d="M208.8 550 Q247.5 570 309 601.7" fill="none" stroke="#0550ae" stroke-width="1.6"/>
//! <path d="M317 605.9 L306.1 605.3 L310.2 597.3 Z" fill="#0550ae"/>
//! <path d="M363.3 380 Q501.3 308 517.3 139" fill="none" stroke="#953800" stroke-width="1.6"/>
//! <path d="M518.1 130 L521.7 140.4 L512.7 139.5 Z" fill="#953800"/>
//! <path d="M286.7 380 Q148.7 308 132.7 139" fill="none" stroke="#953800" stroke-width="1.6"/>
//! <path d="M131.9 130 L137.3 139.5 L128.3 140.4 Z" fill="#953800"/>
//! <path d="M130 37 Q130 70 130 81" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M130 90 L125.5 80 L134.5 80 Z" fill="#1f2328"/>
//! <circle cx="130" cy="30" r="5" fill="#1f2328"/>
//! <path d="M67 400 Q192.5 400 254 400" fill="none" stroke="#1f2328" stroke-width="1.6"/>
//! <path d="M263 400 L253 404.5 L253 395.5 Z" fill="#1f2328"/>
//! <circle cx="60" cy="400" r="5" fill="#1f2328"/>
//! <rect x="68" y="90" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#1f2328" stroke-width="1.6"/>
//! <text x="130" y="115" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">Unbound</text>
//! <rect x="458" y="90" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#1f2328" stroke-width="1.6"/>
//! <text x="520" y="115" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">Bound</text>
//! <rect x="738" y="90" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#0550ae" stroke-width="1.6"/>
//! <text x="800" y="115" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">Listening</text>
//! <rect x="263" y="205" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#1f2328" stroke-width="1.6"/>
//! <text x="325" y="230" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">Connecting</text>
//! <rect x="263" y="380" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#1f2328" stroke-width="1.6"/>
//! <text x="325" y="405" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">Connected</text>
//! <rect x="108" y="510" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#0550ae" stroke-width="1.6"/>
//! <text x="170" y="535" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">ReadOnly</text>
//! <rect x="418" y="510" width="124" height="40" rx="8" fill="#f6f8fa" stroke="#0550ae" stroke-width="1.6"/>
//! <text x="480" y="535" text-anchor="middle" fill="#1f2328" font-size="15" font-weight="bold">WriteOnly</text>
//! <circle cx="325" cy="610" r="9" fill="#ffffff" stroke="#1f2328" stroke-width="1.6"/>
//! <circle cx="325" cy="610" r="5" fill="#1f2328"/>
//! <text x="342" y="614" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">closed</text>
//! <text x="342" y="628" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">close: from every state</text>
//! <text x="325" y="102" text-anchor="middle" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">bind</text>
//! <text x="635" y="102" text-anchor="middle" fill="#0550ae" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">listen</text>
//! <text x="772" y="292" text-anchor="start" fill="#0550ae" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">accept</text>
//! <text x="124" y="196" text-anchor="end" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect,</text>
//! <text x="124" y="210" text-anchor="end" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect_timeout</text>
//! <text x="526" y="196" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect,</text>
//! <text x="526" y="210" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect_timeout</text>
//! <text x="325" y="482" text-anchor="middle" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect,</text>
//! <text x="325" y="496" text-anchor="middle" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect_timeout</text>
//! <text x="325" y="160" text-anchor="middle" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect_nonblocking</text>
//! <text x="348" y="303" text-anchor="start" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">connect_nonblocking</text>
//! <text x="300" y="296" text-anchor="end" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">finish,</text>
//! <text x="300" y="310" text-anchor="end" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">wait</text>
//! <text x="228" y="452" text-anchor="end" fill="#0550ae" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">shutdown_write</text>
//! <text x="422" y="572" text-anchor="start" fill="#0550ae" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">shutdown_write</text>
//! <text x="422" y="452" text-anchor="start" fill="#0550ae" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">shutdown_read</text>
//! <text x="228" y="600" text-anchor="end" fill="#0550ae" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">shutdown_read</text>
//! <text x="520" y="276" text-anchor="start" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">disconnect</text>
//! <text x="520" y="290" text-anchor="start" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">(Unix)</text>
//! <text x="130" y="276" text-anchor="end" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">disconnect</text>
//! <text x="130" y="290" text-anchor="end" fill="#953800" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">(Unix)</text>
//! <text x="144" y="28" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">tcp_v4, tcp_v6, tcp_for, mptcp_v4,</text>
//! <text x="144" y="42" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">mptcp_v6, mptcp_for, udp_v4, udp_v6,</text>
//! <text x="144" y="56" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">udp_for, unix_stream, unix_datagram,</text>
//! <text x="144" y="70" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">unix_seqpacket</text>
//! <text x="40" y="344" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">unix_stream_pair,</text>
//! <text x="40" y="358" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">unix_datagram_pair,</text>
//! <text x="40" y="372" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">unix_seqpacket_pair</text>
//! <text x="40" y="386" text-anchor="start" fill="#1f2328" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">(Unix kinds)</text>
//! <path d="M615 466 h28" stroke="#1f2328" stroke-width="1.6"/>
//! <text x="651" y="470" fill="#57606a">every kind</text>
//! <path d="M615 486 h28" stroke="#0550ae" stroke-width="1.6"/>
//! <text x="651" y="490" fill="#57606a">connection-oriented: Tcp,</text>
//! <text x="651" y="504" fill="#57606a">UnixStream, UnixSeqpacket</text>
//! <path d="M615 520 h28" stroke="#953800" stroke-width="1.6"/>
//! <text x="651" y="524" fill="#57606a">datagram: Udp, UnixDatagram</text>
//! <path d="M615 540 h28" stroke="#1f2328" stroke-width="1.6" stroke-dasharray="7 4"/>
//! <text x="651" y="544" fill="#57606a">a new socket, the first stays</text>
//! <circle cx="629" cy="560" r="5" fill="#1f2328"/>
//! <text x="651" y="564" fill="#57606a">a constructor</text>
//! </svg>
//! </div>
//! <!-- end of state diagram -->
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
//!
//! # The rule table
//!
//! Every rule is one row of one table in the code (`src/rules.rs`), with its reason (the man
//! page, or the kernel source) and the test that shows the kernel agrees (`tests/rules.rs`,
//! on loopback). The capability traits that the methods' bounds name are implemented from
//! those rows, and the table below is rendered from them: the docs, the bounds and the
//! evidence cannot drift apart. A "no" is a compile error that names the state the socket is
//! in and the step that is missing, and each one is a compile-fail test of the crate
//! (`ui-tests/`). ("–": the state does not exist for the kind: datagram sockets never listen
//! and have no half-close. A line for every kind answers for the states each kind has.)
//!
//! <!-- rule table: generated from src/rules.rs -->
//!
//! | operation | kinds | `Unbound` | `Bound` | `Listening` | `Connecting` | `Connected` | `ReadOnly` | `WriteOnly` |
//! | --- | --- | --- | --- | --- | --- | --- | --- | --- |
//! | [`bind`](crate::Socket::bind), `bind_autobind` (Linux, the Unix kinds) | every kind | yes | no | no | no | no | no | no |
//! | [`listen`](crate::Socket::listen) | connection-oriented kinds | no | yes | no | no | no | no | no |
//! | [`accept`](crate::Socket::accept) | connection-oriented kinds | no | no | yes | no | no | no | no |
//! | [`connect`](crate::Socket::connect), [`connect_timeout`](crate::Socket::connect_timeout), [`connect_nonblocking`](crate::Socket::connect_nonblocking) | connection-oriented kinds | yes | yes | no | no | no | no | no |
//! | [`connect`](crate::Socket::connect), [`connect_timeout`](crate::Socket::connect_timeout), [`connect_nonblocking`](crate::Socket::connect_nonblocking) | datagram kinds | yes | yes | – | no | yes | – | – |
//! | [`finish`](crate::Socket::finish), [`wait`](crate::Socket::wait) | every kind | no | no | no | yes | no | no | no |
//! | [`take_error`](crate::Socket::take_error) | every kind | yes | yes | yes | no | yes | yes | yes |
//! | [`read`](crate::Socket::read), `read_exact`, ... and [`Read`](std::io::Read) | byte-stream kinds | no | no | no | no | yes | yes | no |
//! | [`write`](crate::Socket::write), `write_all`, ... and [`Write`](std::io::Write) | byte-stream kinds | no | no | no | no | yes | no | yes |
//! | [`shutdown_write`](crate::Socket::shutdown_write) | connection-oriented kinds | no | no | no | no | yes | no | yes |
//! | [`shutdown_read`](crate::Socket::shutdown_read) | connection-oriented kinds | no | no | no | no | yes | yes | no |
//! | [`send_to`](crate::Socket::send_to), [`recv_from`](crate::Socket::recv_from) | datagram kinds | no | yes | – | no | no | – | – |
//! | [`send`](crate::Socket::send) | `Tcp`, `UnixStream`, `Udp`, `UnixDatagram` | no | no | no | no | yes | no | no |
//! | [`send`](crate::Socket::send) | `UnixSeqpacket` | no | no | no | no | yes | no | yes |
//! | [`recv`](crate::Socket::recv) | `Tcp`, `UnixStream`, `Udp`, `UnixDatagram` | no | no | no | no | yes | no | no |
//! | [`recv`](crate::Socket::recv) | `UnixSeqpacket` | no | no | no | no | yes | yes | no |
//! | [`peek`](crate::Socket::peek) | connection-oriented kinds | no | no | no | no | yes | yes | no |
//! | [`peek`](crate::Socket::peek) | datagram kinds | no | no | – | no | yes | – | – |
//! | [`peek_from`](crate::Socket::peek_from) | datagram kinds | no | yes | – | no | no | – | – |
//! | [`send_with_fds`](crate::Socket::send_with_fds) | `UnixStream`, `UnixDatagram` | no | no | no | no | yes | no | no |
//! | [`send_with_fds`](crate::Socket::send_with_fds) | `UnixSeqpacket` | no | no | no | no | yes | no | yes |
//! | [`recv_with_fds`](crate::Socket::recv_with_fds) | `UnixStream`, `UnixDatagram` | no | no | no | no | yes | no | no |
//! | [`recv_with_fds`](crate::Socket::recv_with_fds) | `UnixSeqpacket` | no | no | no | no | yes | yes | no |
//! | [`send_to_with_fds`](crate::Socket::send_to_with_fds), [`recv_from_with_fds`](crate::Socket::recv_from_with_fds) | `UnixDatagram` | no | yes | – | no | no | – | – |
//! | [`peer_credentials`](crate::Socket::peer_credentials) | `UnixStream`, `UnixSeqpacket` | no | no | no | no | yes | no | no |
//! | [`send_batch_to`](crate::Socket::send_batch_to), [`recv_batch_from`](crate::Socket::recv_batch_from) | datagram kinds | no | yes | – | no | no | – | – |
//! | [`send_batch`](crate::Socket::send_batch), [`recv_batch`](crate::Socket::recv_batch) | datagram kinds | no | no | – | no | yes | – | – |
//! | [`send_segments_to`](crate::Socket::send_segments_to), [`recv_segments_from`](crate::Socket::recv_segments_from) (Linux) | `Udp` | no | yes | – | no | no | – | – |
//! | [`send_segments`](crate::Socket::send_segments), [`recv_segments`](crate::Socket::recv_segments) (Linux) | `Udp` | no | no | – | no | yes | – | – |
//! | [`disconnect`](crate::Socket::disconnect) | datagram kinds | no | no | – | no | yes | – | – |
//! | [`local_addr`](crate::Socket::local_addr) | every kind | no | yes | yes | yes | yes | yes | yes |
//! | [`peer_addr`](crate::Socket::peer_addr) | every kind | no | no | no | no | yes | yes | yes |
//! | [`try_clone`](crate::Socket::try_clone) | every kind | no | no | yes | no | yes | no | no |
//! | [`set_reuse_address`](crate::Socket::set_reuse_address), [`set_reuse_port`](crate::Socket::set_reuse_port), [`set_only_v6`](crate::Socket::set_only_v6), [`set_freebind_v4`](crate::Socket::set_freebind_v4), [`set_freebind_v6`](crate::Socket::set_freebind_v6), [`set_bind_address_no_port`](crate::Socket::set_bind_address_no_port), `set_reuse_port_lb` (FreeBSD), `set_exclusive_address_use` (Windows) | `Tcp`, `Udp` | yes | no | no | no | no | no | no |
//! | [`set_recv_buffer_size`](crate::Socket::set_recv_buffer_size) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`set_recv_buffer_size`](crate::Socket::set_recv_buffer_size) | `UnixStream`, `UnixDatagram` | no | no | no | no | no | no | no |
//! | [`set_recv_buffer_size`](crate::Socket::set_recv_buffer_size) | `Udp` | yes | yes | – | no | yes | – | – |
//! | [`set_send_buffer_size`](crate::Socket::set_send_buffer_size) | `Tcp` | yes | yes | yes | no | yes | no | yes |
//! | [`set_send_buffer_size`](crate::Socket::set_send_buffer_size) | `UnixStream`, `UnixSeqpacket` | yes | yes | no | no | yes | no | yes |
//! | [`set_send_buffer_size`](crate::Socket::set_send_buffer_size) | datagram kinds | yes | yes | – | no | yes | – | – |
//! | [`set_read_timeout`](crate::Socket::set_read_timeout) | connection-oriented kinds | no | no | yes | no | yes | yes | no |
//! | [`set_read_timeout`](crate::Socket::set_read_timeout) | datagram kinds | no | yes | – | no | yes | – | – |
//! | [`set_write_timeout`](crate::Socket::set_write_timeout) | connection-oriented kinds | no | no | no | no | yes | no | yes |
//! | [`set_write_timeout`](crate::Socket::set_write_timeout) | datagram kinds | no | yes | – | no | yes | – | – |
//! | [`set_tcp_mss`](crate::Socket::set_tcp_mss) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`set_tcp_fastopen`](crate::Socket::set_tcp_fastopen) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`set_tcp_fastopen_connect`](crate::Socket::set_tcp_fastopen_connect) | `Tcp` | yes | yes | no | no | no | no | no |
//! | [`set_tcp_defer_accept`](crate::Socket::set_tcp_defer_accept) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`set_tcp_cork`](crate::Socket::set_tcp_cork), [`set_tcp_notsent_lowat`](crate::Socket::set_tcp_notsent_lowat) | `Tcp` | yes | yes | yes | yes | yes | no | yes |
//! | [`set_out_of_band_inline`](crate::Socket::set_out_of_band_inline) | `Tcp` | yes | yes | yes | yes | yes | yes | no |
//! | [`set_nodelay`](crate::Socket::set_nodelay), [`set_keepalive`](crate::Socket::set_keepalive), [`set_linger`](crate::Socket::set_linger) | `Tcp` | yes | yes | yes | yes | yes | yes | yes |
//! | [`set_tcp_keepalive`](crate::Socket::set_tcp_keepalive), [`set_tcp_user_timeout`](crate::Socket::set_tcp_user_timeout), [`set_tcp_thin_linear_timeouts`](crate::Socket::set_tcp_thin_linear_timeouts), [`set_tcp_congestion`](crate::Socket::set_tcp_congestion), [`set_tcp_quickack`](crate::Socket::set_tcp_quickack) | `Tcp` | yes | yes | yes | yes | yes | yes | yes |
//! | [`set_ttl`](crate::Socket::set_ttl) | `Tcp`, `Udp` | yes | yes | yes | yes | yes | yes | yes |
//! | [`set_tos_v4`](crate::Socket::set_tos_v4), [`set_tclass_v6`](crate::Socket::set_tclass_v6), [`set_unicast_hops_v6`](crate::Socket::set_unicast_hops_v6), [`set_mark`](crate::Socket::set_mark), [`set_priority`](crate::Socket::set_priority) | `Tcp`, `Udp` | yes | yes | yes | yes | yes | yes | yes |
//! | [`set_busy_poll`](crate::Socket::set_busy_poll) | `Tcp`, `Udp` | yes | yes | yes | yes | yes | yes | yes |
//! | `set_fib` (FreeBSD) | `Tcp`, `Udp` | yes | yes | yes | yes | yes | yes | yes |
//! | [`bind_device`](crate::Socket::bind_device), [`bind_device_by_index_v4`](crate::Socket::bind_device_by_index_v4), [`bind_device_by_index_v6`](crate::Socket::bind_device_by_index_v6) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`bind_device`](crate::Socket::bind_device), [`bind_device_by_index_v4`](crate::Socket::bind_device_by_index_v4), [`bind_device_by_index_v6`](crate::Socket::bind_device_by_index_v6) | `Udp` | yes | yes | – | no | yes | – | – |
//! | [`set_ip_transparent_v4`](crate::Socket::set_ip_transparent_v4), [`set_ip_transparent_v6`](crate::Socket::set_ip_transparent_v6) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`set_ip_transparent_v4`](crate::Socket::set_ip_transparent_v4), [`set_ip_transparent_v6`](crate::Socket::set_ip_transparent_v6) | `Udp` | yes | yes | – | no | yes | – | – |
//! | [`set_cpu_affinity`](crate::Socket::set_cpu_affinity) | `Tcp` | yes | yes | yes | no | no | no | no |
//! | [`set_cpu_affinity`](crate::Socket::set_cpu_affinity) | `Udp` | yes | yes | – | no | yes | – | – |
//! | [`set_broadcast`](crate::Socket::set_broadcast), multicast ([`set_multicast_hops_v6`](crate::Socket::set_multicast_hops_v6), [`set_multicast_if_v6`](crate::Socket::set_multicast_if_v6), [`set_multicast_all_v4`](crate::Socket::set_multicast_all_v4), [`set_multicast_all_v6`](crate::Socket::set_multicast_all_v6), [`join_ssm_v4`](crate::Socket::join_ssm_v4), ...) | `Udp` | yes | yes | – | yes | yes | – | – |
//! | [`set_passcred`](crate::Socket::set_passcred) | `UnixStream`, `UnixSeqpacket`, `UnixDatagram` | yes | yes | yes | yes | yes | yes | yes |
//! | [`Socket::mptcp_v4`](crate::Socket::mptcp_v4), [`mptcp_v6`](crate::Socket::mptcp_v6), [`mptcp_for`](crate::Socket::mptcp_for) | `Tcp` | yes | no | no | no | no | no | no |
//! | [`set_gro`](crate::Socket::set_gro) (Linux) | `Udp` | yes | yes | – | yes | yes | – | – |
//! | [`set_nonblocking`](crate::Socket::set_nonblocking), [`close`](crate::Socket::close), the getters, `AsFd` | every kind | yes | yes | yes | yes | yes | yes | yes |
//! | adopt with [`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E) | `Tcp` | yes | yes | yes | yes | yes | yes | yes |
//! | adopt with [`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E) | `UnixStream`, `UnixSeqpacket` | yes | yes | yes | no | yes | yes | no |
//! | adopt with [`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E) | datagram kinds | yes | yes | – | no | yes | – | – |
//! | into the std types with `From` ([`CanIntoStd`](crate::state::CanIntoStd): `TcpListener`, `TcpStream`, `UdpSocket`, `std::os::unix::net`'s) | byte-stream kinds | no | no | yes | no | yes | no | no |
//! | into the std types with `From` ([`CanIntoStd`](crate::state::CanIntoStd): `TcpListener`, `TcpStream`, `UdpSocket`, `std::os::unix::net`'s) | datagram kinds | no | yes | – | no | yes | – | – |
//!
//! Why, and the test that shows it:
//!
//! | operation | why | evidence | platforms |
//! | --- | --- | --- | --- |
//! | [`bind`](crate::Socket::bind), `bind_autobind` (Linux, the Unix kinds) | bind(2): `EINVAL`, "the socket is already bound to an address"; a listening or connected socket is bound already | `tests/rules.rs`: `bind_twice_is_einval` | every platform |
//! | [`listen`](crate::Socket::listen) | listen(2) on an unbound TCP socket binds it to a port the kernel picks (ip(7): "automatic bind"), which no server wants, and fails with `EINVAL` on an unbound Unix socket and on a connected one | `tests/rules.rs`: `listen_outside_bound_is_wrong` | every platform |
//! | [`accept`](crate::Socket::accept) | accept(2): `EINVAL`, "socket is not listening for connections" | `tests/rules.rs`: `accept_before_listen_is_einval` | every platform |
//! | [`connect`](crate::Socket::connect), [`connect_timeout`](crate::Socket::connect_timeout), [`connect_nonblocking`](crate::Socket::connect_nonblocking) | connect(2): a connected stream socket answers `EISCONN`, a listening one `EISCONN` (TCP) or `EINVAL` (Unix); "datagram sockets may use connect() multiple times to change their association" | `tests/rules.rs`: `stream_connects_once_datagram_again` | every platform |
//! | [`finish`](crate::Socket::finish), [`wait`](crate::Socket::wait) | they read the outcome of the connect in flight (`poll(2)` for writability, then `SO_ERROR`, connect(2) `EINPROGRESS`) | `tests/rules.rs`: `finish_reports_a_refusal` | every platform |
//! | [`take_error`](crate::Socket::take_error) | socket(7), `SO_ERROR`: "get and clear the pending socket error"; while a connect is in flight, that error is its outcome (connect(2), `EINPROGRESS`), which `finish` must read | `tests/rules.rs`: `take_error_while_connecting_erases_the_refusal` | every platform |
//! | [`read`](crate::Socket::read), `read_exact`, ... and [`Read`](std::io::Read) | recv(2) on a stream socket that is not connected: `ENOTCONN`; a listener has no data | `tests/rules.rs`: `read_on_a_listener_is_enotconn` | every platform |
//! | [`write`](crate::Socket::write), `write_all`, ... and [`Write`](std::io::Write) | send(2): `ENOTCONN` before connect, `EPIPE` after `shutdown(SHUT_WR)` | `tests/rules.rs`: `write_after_shutdown_write_is_epipe` | every platform |
//! | [`shutdown_write`](crate::Socket::shutdown_write) | shutdown(2): `ENOTCONN` on a socket that is not connected | `tests/rules.rs`: `shutdown_before_connect_is_enotconn` | every platform |
//! | [`shutdown_read`](crate::Socket::shutdown_read) | shutdown(2): `ENOTCONN` on a socket that is not connected | `tests/rules.rs`: `shutdown_before_connect_is_enotconn` | every platform |
//! | [`send_to`](crate::Socket::send_to), [`recv_from`](crate::Socket::recv_from) | an unbound socket has no address to be answered at: sendto(2) binds it to a port the kernel picks (udp(7): "autobind"), and recvfrom(2) would wait on no port; a connected socket has one peer, and `send`/`recv` | `tests/rules.rs`: `unbound_udp_send_to_binds_behind_the_type` | every platform |
//! | [`send`](crate::Socket::send) | send(2) without an address on a datagram socket that is not connected: `EDESTADDRREQ`; a seqpacket socket moves whole messages once connected (unix(7)), and still sends after `shutdown_read` | `tests/rules.rs`: `send_before_connect_is_edestaddrreq` | every platform; for `UnixSeqpacket`: Linux, Android, FreeBSD |
//! | [`recv`](crate::Socket::recv) | recv(2) on a datagram socket that is not connected would take any sender's datagram, with no address to tell which (`recv_from` tells it); a seqpacket socket still receives after `shutdown_write` | not observable as a failure: the kernel answers such a recv; the rule keeps the sender's address from being lost | every platform; for `UnixSeqpacket`: Linux, Android, FreeBSD |
//! | [`peek`](crate::Socket::peek) | recv(2) with `MSG_PEEK`: the data stays queued; a socket that is not connected has none (`ENOTCONN`) | tests/unix_extras.rs | Unix |
//! | [`peek_from`](crate::Socket::peek_from) | recvfrom(2) with `MSG_PEEK`, as `recv_from` | tests/unix_extras.rs | Unix |
//! | [`send_with_fds`](crate::Socket::send_with_fds) | unix(7), `SCM_RIGHTS`: only Unix sockets carry descriptors; a socket that is not connected has no peer to carry them to (the bound is `send`'s) | tests/unix_extras.rs | Unix |
//! | [`recv_with_fds`](crate::Socket::recv_with_fds) | unix(7), `SCM_RIGHTS`: as `send_with_fds` (the bound is `recv`'s) | tests/unix_extras.rs | Unix |
//! | [`send_to_with_fds`](crate::Socket::send_to_with_fds), [`recv_from_with_fds`](crate::Socket::recv_from_with_fds) | unix(7), `SCM_RIGHTS` with `sendmsg(2)` to an address: a bound Unix datagram socket | tests/unix_extras.rs | Unix |
//! | [`peer_credentials`](crate::Socket::peer_credentials) | unix(7), `SO_PEERCRED`: "the credentials of the peer process connected to this socket", for a connected stream or seqpacket socket | tests/unix_extras.rs | Unix (the pid: Linux, Android, macOS) |
//! | [`send_batch_to`](crate::Socket::send_batch_to), [`recv_batch_from`](crate::Socket::recv_batch_from) | as `send_to` and `recv_from`: sendmmsg(2) on an unbound socket binds it to a port the kernel picks (udp(7): "autobind"), recvmmsg(2) would wait on no port; a connected socket has one peer, and `send_batch`/`recv_batch` | `tests/rules.rs`: `unbound_udp_send_batch_binds_behind_the_type` | Unix: `sendmmsg`/`recvmmsg` on Linux, Android, FreeBSD; one call a datagram elsewhere |
//! | [`send_batch`](crate::Socket::send_batch), [`recv_batch`](crate::Socket::recv_batch) | sendmmsg(2) without addresses on a datagram socket that is not connected: `EDESTADDRREQ`, as send(2) | `tests/rules.rs`: `send_batch_before_connect_is_edestaddrreq` | Unix: `sendmmsg`/`recvmmsg` on Linux, Android, FreeBSD; one call a datagram elsewhere |
//! | [`send_segments_to`](crate::Socket::send_segments_to), [`recv_segments_from`](crate::Socket::recv_segments_from) (Linux) | as `send_to` and `recv_from`: one sendmsg(2) with `UDP_SEGMENT`, one recvmsg(2) (udp(7)); an unbound socket would be bound behind the type's back | tests/batch.rs | Linux, Android |
//! | [`send_segments`](crate::Socket::send_segments), [`recv_segments`](crate::Socket::recv_segments) (Linux) | as `send` and `recv`: without an address, only a connected socket has a destination (`EDESTADDRREQ`) | tests/batch.rs | Linux, Android |
//! | [`disconnect`](crate::Socket::disconnect) | connect(2): "connectionless sockets may dissolve the association by connecting to an address with the sa_family member of sockaddr set to AF_UNSPEC"; the state after it is read back with getsockname(2) | `tests/rules.rs`: `disconnect_drops_a_port_the_kernel_picked` | Unix |
//! | [`local_addr`](crate::Socket::local_addr) | getsockname(2) on an unbound socket reports the unspecified address and port 0: no address | `tests/rules.rs`: `unbound_local_addr_is_unspecified` | every platform |
//! | [`peer_addr`](crate::Socket::peer_addr) | getpeername(2): `ENOTCONN`, "the socket is not connected" | `tests/rules.rs`: `peer_addr_before_connect_is_enotconn` | every platform |
//! | [`try_clone`](crate::Socket::try_clone) | a rule about handles, not the kernel: a duplicate made before `listen` or `connect`, or of a half-closed socket, would keep in its type a state the original leaves at its next step | not observable: the kernel allows `dup(2)` in every state; the rule keeps two handles' types in agreement | every platform |
//! | [`set_reuse_address`](crate::Socket::set_reuse_address), [`set_reuse_port`](crate::Socket::set_reuse_port), [`set_only_v6`](crate::Socket::set_only_v6), [`set_freebind_v4`](crate::Socket::set_freebind_v4), [`set_freebind_v6`](crate::Socket::set_freebind_v6), [`set_bind_address_no_port`](crate::Socket::set_bind_address_no_port), `set_reuse_port_lb` (FreeBSD), `set_exclusive_address_use` (Windows) | socket(7): `SO_REUSEADDR` and `SO_REUSEPORT` are read by the socket's own bind(2) ("must be set on each socket (including the first socket) prior to calling bind(2)"): set later, they cannot help a bind that has happened (Linux still reads a bound socket's `SO_REUSEADDR` when another socket binds the same address; not a use typesock offers); ipv6(7): `IPV6_V6ONLY` after bind fails with `EINVAL`; ip(7): `IP_FREEBIND` lets bind(2) take "a nonlocal or nonexistent address", and `IP_BIND_ADDRESS_NO_PORT` tells a bind(2) to port 0 to reserve no port (`net/ipv4/af_inet.c`, `__inet_bind`); FreeBSD's `SO_REUSEPORT_LB` is read by bind(2) like `SO_REUSEPORT`, and Windows' `SO_EXCLUSIVEADDRUSE` by bind like `SO_REUSEADDR` | `tests/rules.rs`: `reuse_address_before_bind_binds_over_time_wait`, `tests/rules.rs`: `only_v6_after_bind_is_einval`, `tests/options.rs`: `freebind_before_bind_binds_a_foreign_address`, `tests/options.rs`: `bind_address_no_port_shares_source_ports` | every platform; `set_reuse_port` on Unix, `set_exclusive_address_use` on Windows |
//! | [`set_recv_buffer_size`](crate::Socket::set_recv_buffer_size) | tcp(7): the window scale is agreed in the handshake, so the buffer sizes "must be set prior to the listen(2) or connect(2) calls"; the kernel contradicts it for listen(2): the sockets a listener accepts are clones of it (`sk_clone_lock`) and take its buffer size and window scale (measured on Linux 6.18: `SO_RCVBUF` 4096 set after listen gives the accepted socket `rcv_wscale` 0 against 10); unix(7): "the SO_RCVBUF option does not" have an effect for Unix sockets; a UDP socket has no handshake | `tests/rules.rs`: `tcp_recv_buffer_after_connect_keeps_the_window_scale`, `tests/rules.rs`: `tcp_listener_buffers_reach_the_sockets_it_accepts`, `tests/rules.rs`: `unix_recv_buffer_changes_nothing` | every platform (the Unix kinds on Unix) |
//! | [`set_send_buffer_size`](crate::Socket::set_send_buffer_size) | `SO_SNDBUF` bounds the send queue, checked at every send (`net/core/sock.c`, `sock_alloc_send_pskb`; `net/ipv4/tcp.c`, `sk_stream_memory_free`), so it takes effect in every state that still sends; unix(7): it "does have an effect for UNIX domain sockets"; a TCP listener sends nothing, but the sockets it accepts are its clones and take its size (measured on Linux 6.18: 16384 set after listen gives the accepted socket 32768 against 3,939,840); a Unix listener's accepted sockets are made anew and do not; a read-only socket sends nothing | `tests/rules.rs`: `send_buffer_after_connect_grows_the_queue`, `tests/rules.rs`: `tcp_listener_buffers_reach_the_sockets_it_accepts`, `tests/rules.rs`: `unix_listener_send_buffer_changes_nothing` | every platform |
//! | [`set_read_timeout`](crate::Socket::set_read_timeout) | socket(7), `SO_RCVTIMEO`: "timeouts only have effect for system calls that perform socket I/O (e.g., accept(2), connect(2), read(2), recvmsg(2), ...)": the states that receive, and a listener's `accept` | `tests/rules.rs`: `read_timeout_bounds_accept` | every platform |
//! | [`set_write_timeout`](crate::Socket::set_write_timeout) | socket(7), `SO_SNDTIMEO`: bounds the sends of the states that send | `tests/rules.rs`: `write_timeout_bounds_a_full_send` | every platform |
//! | [`set_tcp_mss`](crate::Socket::set_tcp_mss) | tcp(7), `TCP_MAXSEG`: "If this option is set before connection establishment, it also changes the MSS value announced to the other end in the initial packet"; the kernel copies it into the handshake (`tcp_connect_init`, and `tcp_openreq_init` for a listener's connections, `net/ipv4/tcp_output.c`, `tcp_input.c`) and never reads it again | `tests/options.rs`: `mss_before_connect_shows_in_the_peers_tcp_info` | Unix |
//! | [`set_tcp_fastopen`](crate::Socket::set_tcp_fastopen) | tcp(7), `TCP_FASTOPEN`: the server side of Fast Open, a queue length; the kernel takes it in the `CLOSE` and `LISTEN` states only and answers `EINVAL` otherwise (`net/ipv4/tcp.c`, `do_tcp_setsockopt`) | `tests/options.rs`: `fastopen_carries_data_in_the_syn`, `tests/options.rs`: `fastopen_on_a_connected_socket_is_einval` | Linux, Android |
//! | [`set_tcp_fastopen_connect`](crate::Socket::set_tcp_fastopen_connect) | `TCP_FASTOPEN_CONNECT` is read by connect(2), which then sends the first write in the SYN; the kernel takes it in the `CLOSE` state only and answers `EINVAL` otherwise (`net/ipv4/tcp.c`) | `tests/options.rs`: `fastopen_carries_data_in_the_syn`, `tests/options.rs`: `fastopen_on_a_connected_socket_is_einval` | Linux, Android |
//! | [`set_tcp_defer_accept`](crate::Socket::set_tcp_defer_accept) | tcp(7), `TCP_DEFER_ACCEPT`: "Allow a listener to be awakened only when data arrives on the socket"; read when the handshake's last ACK reaches the listener (`net/ipv4/tcp_minisocks.c`, `tcp_check_req`), so it takes effect set before or after listen(2) (measured: both hold `accept` until data); on a connected socket it is stored and never read | `tests/options.rs`: `defer_accept_holds_accept_until_data` | Linux, Android |
//! | [`set_tcp_cork`](crate::Socket::set_tcp_cork), [`set_tcp_notsent_lowat`](crate::Socket::set_tcp_notsent_lowat) | tcp(7): `TCP_CORK` holds partial frames, `TCP_NOTSENT_LOWAT` bounds the unsent bytes before the socket is writable: both act on the data still to send, so a socket whose write half is shut down has no use for them; a listener's are copied into the sockets `accept` returns (`sk_clone_lock`, `net/core/sock.c`) | `tests/options.rs`: `cork_holds_a_small_write`, `tests/options.rs`: `notsent_lowat_bounds_the_unsent_queue` | Linux, Android |
//! | [`set_out_of_band_inline`](crate::Socket::set_out_of_band_inline) | socket(7), `SO_OOBINLINE`: "out-of-band data is directly placed into the receive data stream": it acts on data received, so a socket whose read half is shut down has no use for it; a listener's is inherited | `tests/options.rs`: `oob_inline_reads_urgent_data_in_line` | every platform |
//! | [`set_nodelay`](crate::Socket::set_nodelay), [`set_keepalive`](crate::Socket::set_keepalive), [`set_linger`](crate::Socket::set_linger) | tcp(7), socket(7): read at each send, idle period and close; a listener's are inherited by the sockets `accept` returns | `tests/rules.rs`: `linger_below_a_second_keeps_the_data` | every platform |
//! | [`set_tcp_keepalive`](crate::Socket::set_tcp_keepalive), [`set_tcp_user_timeout`](crate::Socket::set_tcp_user_timeout), [`set_tcp_thin_linear_timeouts`](crate::Socket::set_tcp_thin_linear_timeouts), [`set_tcp_congestion`](crate::Socket::set_tcp_congestion), [`set_tcp_quickack`](crate::Socket::set_tcp_quickack) | tcp(7): the keepalive timer, the retransmission timer and the congestion control read them while the connection lives (`TCP_CONGESTION` switches the algorithm of an open connection, `tcp_set_congestion_control`); a listener's are inherited by the sockets `accept` returns; `TCP_QUICKACK` acts on the next ACKs and "is not permanent" | not observable on loopback: keepalive probes, user timeouts and thin-stream timers act on a peer that stops answering, and loopback never loses a segment; quick ACKs and the congestion algorithm change no byte a peer receives | keepalive: every platform; the others: Linux, Android (congestion: FreeBSD too) |
//! | [`set_ttl`](crate::Socket::set_ttl) | ip(7), ipv6(7): read for every packet sent (on a dual-stack IPv6 socket, Linux reads `IP_TTL` for the IPv4-mapped ones, and `set_ttl` sets both) | `tests/options.rs`: `ttl_on_a_dual_stack_socket_reaches_its_ipv4_datagrams` | every platform |
//! | [`set_tos_v4`](crate::Socket::set_tos_v4), [`set_tclass_v6`](crate::Socket::set_tclass_v6), [`set_unicast_hops_v6`](crate::Socket::set_unicast_hops_v6), [`set_mark`](crate::Socket::set_mark), [`set_priority`](crate::Socket::set_priority) | ip(7) `IP_TOS`, ipv6(7) `IPV6_TCLASS` and `IPV6_UNICAST_HOPS`, socket(7) `SO_MARK`, `SO_PRIORITY`: read for every packet sent (a read-only TCP socket still sends ACKs; a listener's SYN-ACKs carry its values and its accepted sockets inherit them) | `tests/options.rs`: `packet_options_reach_the_receiver` | TOS, traffic class, hops: most platforms (each method's badge says which); mark, priority: Linux, Android |
//! | [`set_busy_poll`](crate::Socket::set_busy_poll) | socket(7), `SO_BUSY_POLL`: read at every blocking receive and every poll(2) (`sk_busy_loop`, `sock_poll`), in whichever state; a listener's is inherited | not observable on loopback: it busy-waits on a device's NAPI queue, and loopback has none to poll; the time spent is all it changes | Linux |
//! | `set_fib` (FreeBSD) | FreeBSD setfib(2), `SO_SETFIB`: the routing table of every route the socket looks up and of its packets | not observable on Linux, where the tests run; FreeBSD builds are checked to compile | FreeBSD |
//! | [`bind_device`](crate::Socket::bind_device), [`bind_device_by_index_v4`](crate::Socket::bind_device_by_index_v4), [`bind_device_by_index_v6`](crate::Socket::bind_device_by_index_v6) | socket(7), `SO_BINDTODEVICE`: "only packets received from that particular interface are processed by the socket", and a TCP connection's route is looked up once, at connect(2): set before it, or on a listener (which then takes connections from that device only); a UDP socket filters every datagram it receives | `tests/options.rs`: `a_listener_bound_to_a_device_refuses_loopback` | by name: Linux, Android; by index: Linux, Android, Apple and others (each method's badge says which) |
//! | [`set_ip_transparent_v4`](crate::Socket::set_ip_transparent_v4), [`set_ip_transparent_v6`](crate::Socket::set_ip_transparent_v6) | ip(7), `IP_TRANSPARENT`: lets a socket "bind to a nonlocal IP address" (read by bind(2)) and send from it (the route lookup of connect(2), and of every UDP send); a listener's connections inherit it (`inet_reqsk_alloc`, `no_srccheck`); needs `CAP_NET_ADMIN` or `CAP_NET_RAW` | `tests/options.rs`: `transparent_before_bind_binds_a_foreign_address` | Linux |
//! | [`set_cpu_affinity`](crate::Socket::set_cpu_affinity) | socket(7), `SO_INCOMING_CPU`: a tie-breaker when the kernel chooses a listener or a UDP socket for an incoming packet (`compute_score`, `net/ipv4/inet_hashtables.c`, `udp.c`); a connected TCP socket's value is overwritten by each packet it receives | not observable on loopback: the choice it steers is among sockets that tie in every other way, on a machine with several CPUs receiving | Linux |
//! | [`set_broadcast`](crate::Socket::set_broadcast), multicast ([`set_multicast_hops_v6`](crate::Socket::set_multicast_hops_v6), [`set_multicast_if_v6`](crate::Socket::set_multicast_if_v6), [`set_multicast_all_v4`](crate::Socket::set_multicast_all_v4), [`set_multicast_all_v6`](crate::Socket::set_multicast_all_v6), [`join_ssm_v4`](crate::Socket::join_ssm_v4), ...) | ip(7), ipv6(7): read for every datagram sent or group joined | not observable on loopback without a broadcast or multicast route | every platform |
//! | [`set_passcred`](crate::Socket::set_passcred) | unix(7), `SO_PASSCRED`: a receiver with it gets `SCM_CREDENTIALS` with each message, and a sender with it attaches them; a listener's is inherited by the sockets `accept` returns (`unix_sock_inherit_flags`, `net/unix/af_unix.c`) | `tests/options.rs`: `passcred_delivers_the_senders_credentials` | Linux |
//! | [`Socket::mptcp_v4`](crate::Socket::mptcp_v4), [`mptcp_v6`](crate::Socket::mptcp_v6), [`mptcp_for`](crate::Socket::mptcp_for) | socket(2): the protocol, `IPPROTO_MPTCP`, is chosen at `socket()` and never changes; the socket then has TCP's lifecycle and options (Documentation/networking/mptcp.rst) | `tests/options.rs`: `mptcp_talks_to_mptcp_and_to_plain_tcp`, `tests/options.rs`: `mptcp_where_the_kernel_refuses_it` | Linux |
//! | [`set_gro`](crate::Socket::set_gro) (Linux) | udp(7), `UDP_GRO`: read for every datagram the socket receives, from the next one on | tests/batch.rs | Linux, Android |
//! | [`set_nonblocking`](crate::Socket::set_nonblocking), [`close`](crate::Socket::close), the getters, `AsFd` | fcntl(2), close(2), getsockopt(2): valid on every socket | not observable: no state refuses them | every platform |
//! | adopt with [`TryFrom<OwnedFd>`](crate::Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E) | the kernel tells these states apart: TCP's own state (`TCP_INFO`, `TCP_CONNECTION_INFO`), `SO_ACCEPTCONN`, getpeername(2), getsockname(2), poll(2)'s `POLLHUP` and `POLLRDHUP`, and a zero-length send on a Unix stream; every other kernel state is refused (the adoption map) | tests/adopt_map.rs | every platform |
//! | into the std types with `From` ([`CanIntoStd`](crate::state::CanIntoStd): `TcpListener`, `TcpStream`, `UdpSocket`, `std::os::unix::net`'s) | each std type stands for one state: its methods would fail on any other (a `TcpStream` made of a listener: `ENOTCONN` on every read); back from std is adoption's check, since std builds its types from any descriptor | `tests/rules.rs`: `std_types_of_other_states_fail` | every platform |
//!
//! <!-- end of rule table -->
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
//!   = note: `.accept()` is called on the socket that `.listen(backlog)` returns: a
//!           server's steps are `Socket::tcp_v4()` -> `.bind(addr)` ->
//!           `.listen(backlog)` -> `.accept()`
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
//! | feature `tokio` | yes | yes | yes | not yet |
//! | `SO_REUSEADDR` (`set_reuse_address`) | binds over `TIME_WAIT` | the same | the same | lets a socket bind a port another socket, of any process, listens on, and take its traffic (std's `TcpListener` sets it on Unix only, for that reason); `set_exclusive_address_use` (`SO_EXCLUSIVEADDRUSE`) keeps a port to its socket |
//! | buffer sizes read back | twice the size set (checked by the setter) | the size set | the size set | the size set |
//! | timeouts the kernel holds | whole clock ticks (`CONFIG_HZ`; a multiple of 100 ms fits every one); the setter refuses others | whole microseconds (not measured) | whole microseconds (not measured) | whole milliseconds |
//! | `set_ttl` on a dual-stack IPv6 socket | the hop limit and `IP_TTL`, for its IPv4-mapped datagrams | the hop limit only | the hop limit only | the hop limit only |
//! | syscalls of one TCP lifecycle | `socket`, `bind`, `listen`, `accept4`, `connect`, `sendto`/`recvfrom`, `close`: the C program's | the same | `+ setsockopt(SO_NOSIGPIPE)` and `fcntl(FD_CLOEXEC)` after `socket`, `fcntl(FD_CLOEXEC)` after `accept` | `WSASocketW`, `bind`, `listen`, `accept`, `connect`, `send`/`recv`, `closesocket` |
//! | how it is verified | every test, on this project's CI | type-checked and linted (`clippy -D warnings`) | type-checked and linted, x86_64 and aarch64 | type-checked and linted (MSVC); the TCP and UDP test suites and three examples run under Wine, which implements Winsock over Linux sockets: not a run on Windows |
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
mod common;

// The options: those of the lifecycle first, then by level; then UDP's, and MPTCP.
mod options;

mod udp;

#[cfg(target_os = "linux")]
mod mptcp;

// The Unix extras, the datagram batches, then the conversions.
#[cfg(unix)]
mod unix;

#[cfg(unix)]
mod batch;

mod adopt;
mod interop;
#[cfg(all(feature = "tokio", unix))]
mod tokio;

// No methods of `Socket` of their own.
#[cfg(unix)]
mod addr;
mod assertions;
mod error;
pub mod kind;
mod rules;
mod sealed;
pub mod state;
mod sys;

#[cfg(all(feature = "tokio", unix))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "tokio", unix))))]
pub use crate::tokio::FromTokioError;
#[cfg(unix)]
pub use addr::UnixAddr;
#[cfg(unix)]
pub use batch::RecvMeta;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use batch::{Segments, SegmentsError};
#[cfg(unix)]
pub use disconnect::Disconnected;
pub use error::{
    AcceptError, AdoptError, BindError, ConnectError, FinishError, ListenError, os_error,
};
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub use kind::UnixSeqpacket;
pub use kind::{Address, Kind, Tcp, Udp};
#[cfg(unix)]
pub use kind::{UnixDatagram, UnixStream};
pub use options::TcpKeepalive;
pub use socket::Socket;
pub use state::{Bound, Connected, Connecting, Listening, ReadOnly, State, Unbound, WriteOnly};
#[cfg(unix)]
pub use unix::{FdBuf, PeerCredentials, RecvFdsError};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
