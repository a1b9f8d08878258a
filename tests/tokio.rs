//! The `tokio` feature: sockets prepared with typesock (options before bind, a chosen backlog,
//! bind-before-connect) connected and served by tokio, on 127.0.0.1 and Unix sockets.
//!
//! Every wait is bounded by a timeout. The descriptor count of the leak test is only
//! meaningful while no other test opens descriptors: the tests hold the descriptor lock shared
//! (`common::descriptors_shared`), the leak test holds it alone.
//!
//! The TCP and UDP tests run on Windows too (under Wine in CI); the Unix kinds' parts and the
//! tests that count descriptors or fill a listener's queue are marked Unix or Linux.
#![cfg(feature = "tokio")]

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
#[cfg(unix)]
use std::sync::Arc;
#[cfg(unix)]
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use typesock::{Bound, Connected, Listening, Socket, Udp};
#[cfg(unix)]
use typesock::{UnixDatagram, UnixStream};

mod common;
#[cfg(unix)]
use common::{TempPath, full_listener, raise_descriptor_limit, unix_listener};
#[cfg(target_os = "linux")]
use common::{assert_no_descriptor_leaked, descriptors_alone, open_descriptors};
use common::{descriptors_shared, loopback, tcp_listener};

/// Runs `test` on a new `current_thread` runtime, built and dropped while the descriptor lock
/// is held shared: a runtime's own descriptors (epoll, eventfd) never open or close during the
/// leak test's count.
fn on_current_thread<F: Future>(test: F) -> F::Output {
    let _shared = descriptors_shared();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(test)
}

/// As [`on_current_thread`], on a runtime of two worker threads.
#[cfg(unix)]
fn on_two_threads<F: Future>(test: F) -> F::Output {
    let _shared = descriptors_shared();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(test)
}

/// Binds and listens with typesock (options before bind), then hands the listener to tokio.
fn prepared_listener(backlog: i32) -> tokio::net::TcpListener {
    let socket = Socket::tcp_v4().unwrap();
    socket.set_reuse_address(true).unwrap();
    socket
        .set_recv_buffer_size(common::buffer_size(256 * 1024))
        .unwrap();
    socket.set_nodelay(true).unwrap();
    let listener = socket.bind(loopback()).unwrap().listen(backlog).unwrap();
    tokio::net::TcpListener::try_from(listener).unwrap()
}

/// Echoes `conn` until its peer ends the stream.
async fn echo(mut conn: tokio::net::TcpStream) {
    let mut buf = vec![0; 1024];
    loop {
        match conn.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if conn.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        }
    }
}

#[test]
fn tokio_serves_a_typesock_listener() {
    on_current_thread(async {
        let listener = prepared_listener(1024);
        let addr = listener.local_addr().unwrap();

        let server = tokio::spawn(async move {
            for _ in 0..8 {
                let (conn, _) = listener.accept().await.unwrap();
                // The accepted socket inherits the options set before bind.
                assert!(conn.nodelay().unwrap());
                tokio::spawn(echo(conn));
            }
        });

        let mut clients = Vec::new();
        for i in 0..8u8 {
            clients.push(tokio::spawn(async move {
                let mut stream = Socket::tcp_v4().unwrap().connect_async(addr).await.unwrap();
                let message = vec![i; 100 + usize::from(i)];
                stream.write_all(&message).await.unwrap();
                let mut back = vec![0; message.len()];
                stream.read_exact(&mut back).await.unwrap();
                assert_eq!(back, message);
            }));
        }
        tokio::time::timeout(Duration::from_secs(10), async {
            for client in clients {
                client.await.unwrap();
            }
            server.await.unwrap();
        })
        .await
        .expect("the echo round trips took over 10 s");
    });
}

#[test]
fn a_typesock_connection_is_driven_by_tokio() {
    on_current_thread(async {
        // The client side: bind-before-connect with typesock, the connect awaited on tokio's
        // reactor (the runtime's one thread is never blocked), then async I/O with tokio.
        let listener = prepared_listener(16);
        let addr = listener.local_addr().unwrap();
        let bound: Socket<Bound> = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
        let chosen = bound.local_addr().unwrap();

        let (connected, accepted) = tokio::time::timeout(Duration::from_secs(10), async {
            tokio::join!(bound.connect_async(addr), listener.accept())
        })
        .await
        .expect("connect and accept took over 10 s");
        let mut client = connected.unwrap();
        let (mut accepted, peer) = accepted.unwrap();
        assert_eq!(peer, chosen);
        assert_eq!(client.local_addr().unwrap(), chosen);
        assert_eq!(client.peer_addr().unwrap(), addr);

        tokio::time::timeout(Duration::from_secs(10), async {
            client.write_all(b"async").await.unwrap();
            let mut buf = [0; 5];
            accepted.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"async");
            accepted.write_all(b"back").await.unwrap();
            let mut buf = [0; 4];
            client.read_exact(&mut buf).await.unwrap();
            assert_eq!(&buf, b"back");
        })
        .await
        .expect("the round trip took over 10 s");
    });
}

#[cfg(unix)]
#[test]
fn a_pending_connect_does_not_stop_other_tasks() {
    on_current_thread(async {
        // The kernel drops SYNs to a listener whose queue is full; the client sends its SYN again
        // about a second later. Until then the connect is pending, and on this runtime's single
        // thread the ticker can only advance if the connect waits on the reactor.
        let (listener, queued) = full_listener();
        let addr = listener.local_addr().unwrap();

        let ticks = Arc::new(AtomicU64::new(0));
        let ticker = tokio::spawn({
            let ticks = Arc::clone(&ticks);
            async move {
                for _ in 0..100_000 {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    ticks.fetch_add(1, Ordering::Relaxed);
                }
            }
        });

        let started = Instant::now();
        let connect = tokio::spawn(async move {
            let client = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
            client.connect_async(addr).await
        });

        // The queue is released after a delay, by another thread: accepting the connections
        // that fill it makes room for the client's next SYN.
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            for _ in 0..queued.len() {
                drop(listener.accept().unwrap());
            }
            (listener, queued)
        });

        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            !connect.is_finished(),
            "the connect to a full listener finished at once"
        );
        let ticks_while_pending = ticks.load(Ordering::Relaxed);
        assert!(
            ticks_while_pending >= 5,
            "the ticker advanced {ticks_while_pending} times in 200 ms while the connect was pending"
        );

        let stream = tokio::time::timeout(Duration::from_secs(15), connect)
            .await
            .expect("the connect did not finish within 15 s of the queue's release")
            .unwrap()
            .expect("the connect failed");
        let took = started.elapsed();
        let ticks_total = ticks.load(Ordering::Relaxed);
        ticker.abort();
        let (listener, _queued) = release.join().unwrap();
        assert_eq!(stream.peer_addr().unwrap(), listener.local_addr().unwrap());
        // The connect waited for the queue's release, and the ticker ran all along.
        assert!(
            took >= Duration::from_millis(300),
            "connected after {took:?}"
        );
        assert!(
            ticks_total > ticks_while_pending,
            "the ticker stopped: {ticks_total} ticks in {took:?}"
        );
        println!("connected after {took:?}; the ticker ticked {ticks_total} times meanwhile");
    });
}

#[cfg(unix)]
#[test]
fn a_thousand_async_clients_echo() {
    on_two_threads(async {
        // Each connection costs two descriptors here (both ends live in this process).
        let limit = raise_descriptor_limit(4096);
        let clients = 1000.min((limit as usize).saturating_sub(200) / 2);
        if clients < 1000 {
            println!("descriptor limit {limit}: {clients} clients, not 1000");
        }
        let listener = prepared_listener(1024);
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            for _ in 0..clients {
                let (conn, _) = listener.accept().await.unwrap();
                tokio::spawn(echo(conn));
            }
        });

        let started = Instant::now();
        let tasks: Vec<_> = (0..clients)
            .map(|i| {
                tokio::spawn(async move {
                    let socket = Socket::tcp_v4().unwrap();
                    // Half of them bind before connecting.
                    let mut stream = if i % 2 == 0 {
                        socket.connect_async(addr).await
                    } else {
                        socket.bind(loopback()).unwrap().connect_async(addr).await
                    }
                    .unwrap();
                    let message = (i as u64).to_be_bytes();
                    stream.write_all(&message).await.unwrap();
                    let mut back = [0; 8];
                    stream.read_exact(&mut back).await.unwrap();
                    assert_eq!(back, message, "client {i}");
                    stream
                })
            })
            .collect();
        let streams = tokio::time::timeout(Duration::from_secs(60), async {
            let mut streams = Vec::with_capacity(clients);
            for task in tasks {
                streams.push(task.await.unwrap());
            }
            server.await.unwrap();
            streams
        })
        .await
        .expect("1,000 echo round trips took over 60 s");
        // All of them were open at once.
        assert_eq!(streams.len(), clients);
        println!("{clients} clients echoed in {:?}", started.elapsed());
    });
}

#[test]
fn conversions_keep_the_options_set_earlier() {
    on_current_thread(async {
        // Listener: options before bind, read back after the round trip through tokio.
        let socket = Socket::tcp_v4().unwrap();
        socket.set_nodelay(true).unwrap();
        socket.set_recv_buffer_size(200 * 1024).unwrap();
        socket.set_send_buffer_size(100 * 1024).unwrap();
        let (rcv, snd) = (
            socket.recv_buffer_size().unwrap(),
            socket.send_buffer_size().unwrap(),
        );
        let listener = socket.bind(loopback()).unwrap().listen(8).unwrap();
        let addr = listener.local_addr().unwrap();
        let listener = tokio::net::TcpListener::try_from(listener).unwrap();

        // Client: options on the bound socket, then the async connect.
        let client = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
        client.set_nodelay(true).unwrap();
        client.set_recv_buffer_size(300 * 1024).unwrap();
        client.set_send_buffer_size(150 * 1024).unwrap();
        let (client_rcv, client_snd) = (
            client.recv_buffer_size().unwrap(),
            client.send_buffer_size().unwrap(),
        );
        let (stream, accepted) = tokio::time::timeout(Duration::from_secs(10), async {
            tokio::join!(client.connect_async(addr), listener.accept())
        })
        .await
        .unwrap();
        let stream = stream.unwrap();
        let (accepted, _) = accepted.unwrap();
        assert!(stream.nodelay().unwrap());
        assert!(accepted.nodelay().unwrap(), "inherited from the listener");

        let back: Socket<Connected> = stream.try_into().unwrap();
        assert!(back.nodelay().unwrap());
        assert_eq!(back.recv_buffer_size().unwrap(), client_rcv);
        assert_eq!(back.send_buffer_size().unwrap(), client_snd);
        let accepted: Socket<Connected> = accepted.try_into().unwrap();
        assert_eq!(accepted.recv_buffer_size().unwrap(), rcv);
        let listener: Socket<Listening> = listener.try_into().unwrap();
        assert!(listener.nodelay().unwrap());
        assert_eq!(listener.recv_buffer_size().unwrap(), rcv);
        assert_eq!(listener.send_buffer_size().unwrap(), snd);

        // Into tokio from a connected typesock socket, blocking until now: the conversion sets
        // it non-blocking itself, so tokio's I/O on it never blocks the thread.
        let connected = Socket::tcp_v4().unwrap().connect(addr).unwrap();
        connected.set_nodelay(true).unwrap();
        let mut stream = tokio::net::TcpStream::try_from(connected).unwrap();
        assert!(stream.nodelay().unwrap());
        let mut buf = [0; 1];
        // Nothing to read: a blocking socket would hang here; a non-blocking one says so.
        assert_eq!(
            stream.try_read(&mut buf).unwrap_err().kind(),
            io::ErrorKind::WouldBlock
        );
        let (mut accepted, _) = listener.accept().unwrap();
        std::io::Write::write_all(&mut accepted, b"x").unwrap();
        tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&buf, b"x");
    });
}

#[test]
fn datagram_and_unix_conversions_both_ways() {
    on_current_thread(async {
        // UDP: bound into tokio, and back only as what the kernel says it is.
        let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
        let b = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
        let b_addr = b.local_addr().unwrap();
        let a = tokio::net::UdpSocket::try_from(a).unwrap();
        let b = tokio::net::UdpSocket::try_from(b).unwrap();
        a.send_to(b"dgram", b_addr).await.unwrap();
        let mut buf = [0; 16];
        let (n, from) = tokio::time::timeout(Duration::from_secs(10), b.recv_from(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((&buf[..n], from), (&b"dgram"[..], a.local_addr().unwrap()));
        let err = Socket::<Connected, Udp>::try_from(a).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("found a bound"), "{err}");
        let a = Socket::<Bound, Udp>::try_from(err.into_fd().unwrap()).unwrap();
        let a = a.connect(b_addr).unwrap();
        let a = tokio::net::UdpSocket::try_from(a).unwrap();
        assert_eq!(a.peer_addr().unwrap(), b_addr);
        let _: Socket<Connected, Udp> = a.try_into().unwrap();
        #[cfg(unix)]
        unix_conversions_both_ways().await;
    });
}

/// The Unix kinds into tokio and back.
#[cfg(unix)]
async fn unix_conversions_both_ways() {
    {
        // Unix: a listener, an async connect from an unbound socket, a datagram pair of paths.
        let path = TempPath::new("listener.sock");
        let listener = unix_listener(&path, 8);
        let listener = tokio::net::UnixListener::try_from(listener).unwrap();
        let (client, accepted) = tokio::time::timeout(Duration::from_secs(10), async {
            tokio::join!(
                Socket::unix_stream().unwrap().connect_async(&path),
                listener.accept()
            )
        })
        .await
        .unwrap();
        let mut client = client.unwrap();
        let (mut accepted, _) = accepted.unwrap();
        client.write_all(b"unix").await.unwrap();
        let mut buf = [0; 4];
        accepted.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"unix");
        let _: Socket<Connected, UnixStream> = client.try_into().unwrap();
        let _: Socket<Listening, UnixStream> = listener.try_into().unwrap();

        let (pa, pb) = (TempPath::new("a.dgram"), TempPath::new("b.dgram"));
        let da = Socket::unix_datagram().unwrap().bind(&pa).unwrap();
        let db = Socket::unix_datagram().unwrap().bind(&pb).unwrap();
        let da = tokio::net::UnixDatagram::try_from(da).unwrap();
        let db = tokio::net::UnixDatagram::try_from(db).unwrap();
        da.send_to(b"unix dgram", &pb).await.unwrap();
        let mut buf = [0; 16];
        let n = tokio::time::timeout(Duration::from_secs(10), db.recv(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&buf[..n], b"unix dgram");
        let _: Socket<Bound, UnixDatagram> = da.try_into().unwrap();
        let err = Socket::<Connected, UnixDatagram>::try_from(db).unwrap_err();
        assert!(err.into_fd().is_some());
    }
}

#[test]
fn a_failed_async_connect_names_the_address() {
    on_current_thread(async {
        // Held bound, never listening: refused.
        let unlistened = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
        let addr = unlistened.local_addr().unwrap();
        let err = tokio::time::timeout(
            Duration::from_secs(10),
            Socket::tcp_v4().unwrap().connect_async(addr),
        )
        .await
        .unwrap()
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
        assert_eq!(err.addr(), Some(addr.to_string().as_str()));

        // An IPv6 address for an IPv4 socket: refused at once, and explained.
        let v6: SocketAddr = "[::1]:9".parse().unwrap();
        let err = Socket::tcp_v4()
            .unwrap()
            .connect_async(v6)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(
            err.to_string()
                .contains("an IPv6 address for an IPv4 socket"),
            "{err}"
        );
        #[cfg(unix)]
        unix_connects_that_fail().await;
    });
}

/// Failed Unix connects: no listener, a full queue.
#[cfg(unix)]
async fn unix_connects_that_fail() {
    {
        // A Unix path nobody listens on.
        let nobody = TempPath::new("nobody.sock");
        let err = Socket::unix_stream()
            .unwrap()
            .connect_async(&nobody)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);

        // A Unix listener whose queue is full: refused at once with WouldBlock, never a wait
        // that blocks the thread.
        let path = TempPath::new("full.sock");
        let listener = unix_listener(&path, 0);
        let mut queued = Vec::new();
        let err = loop {
            assert!(queued.len() < 16, "the Unix listener's queue never filled");
            match Socket::unix_stream().unwrap().connect_async(&path).await {
                Ok(stream) => queued.push(stream),
                Err(err) => break err,
            }
        };
        assert_eq!(err.kind(), io::ErrorKind::WouldBlock, "{err}");
        assert!(!queued.is_empty());
        drop(listener);
    }
}

/// Polls `future` once, outside any runtime, with a waker that does nothing.
fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    let mut future = pin!(future);
    future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
}

#[test]
fn a_missing_runtime_is_an_error_not_a_panic() {
    let _shared = descriptors_shared();
    assert!(tokio::runtime::Handle::try_current().is_err());
    let no_runtime = |e: &io::Error| {
        assert_eq!(e.kind(), io::ErrorKind::Other);
        assert!(e.to_string().contains("no tokio runtime"), "{e}");
    };

    let listener = tcp_listener(loopback(), 8);
    let addr = listener.local_addr().unwrap();
    let connected = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    no_runtime(&tokio::net::TcpStream::try_from(connected).unwrap_err());
    no_runtime(&tokio::net::TcpListener::try_from(listener).unwrap_err());
    let udp = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    no_runtime(&tokio::net::UdpSocket::try_from(udp).unwrap_err());

    // The async connect, polled by something that is not tokio: an error at the first poll.
    let future = Socket::tcp_v4().unwrap().connect_async(addr);
    match poll_once(future) {
        Poll::Ready(Err(e)) => {
            assert_eq!(e.addr(), Some(addr.to_string().as_str()));
            no_runtime(&e.into_error());
        }
        Poll::Ready(Ok(_)) => panic!("connected without a runtime"),
        Poll::Pending => panic!("pending without a runtime"),
    }
    #[cfg(unix)]
    unix_without_a_runtime(no_runtime);
}

/// The Unix kinds' conversions and async connect outside a runtime.
#[cfg(unix)]
fn unix_without_a_runtime(no_runtime: impl Fn(&io::Error)) {
    let (path, dpath) = (
        TempPath::new("no-runtime.sock"),
        TempPath::new("no-runtime.dgram"),
    );
    let unix = unix_listener(&path, 8);
    no_runtime(&tokio::net::UnixListener::try_from(unix).unwrap_err());
    let dgram = Socket::unix_datagram().unwrap().bind(&dpath).unwrap();
    no_runtime(&tokio::net::UnixDatagram::try_from(dgram).unwrap_err());
    match poll_once(Socket::unix_stream().unwrap().connect_async(&path)) {
        Poll::Ready(Err(e)) => no_runtime(&e.into_error()),
        _ => panic!("the Unix async connect did not fail without a runtime"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn dropping_a_pending_connect_leaks_no_descriptor() {
    let _alone = descriptors_alone();
    const ROUNDS: usize = 50;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (listener, _queued) = full_listener();
    let addr = listener.local_addr().unwrap();
    // The runtime's own descriptors (epoll, eventfd) and the listener's exist before the count.
    let before = open_descriptors();

    runtime.block_on(async {
        for round in 0..ROUNDS {
            // Dropped by a timeout while the connect waits on the reactor.
            let result = tokio::time::timeout(
                Duration::from_millis(20),
                Socket::tcp_v4().unwrap().connect_async(addr),
            )
            .await;
            assert!(
                result.is_err(),
                "round {round}: the connect to a full listener finished"
            );

            // Bind-before-connect, dropped the same way.
            let bound = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
            let result =
                tokio::time::timeout(Duration::from_millis(5), bound.connect_async(addr)).await;
            assert!(
                result.is_err(),
                "round {round}: the connect to a full listener finished"
            );

            // Dropped before its first poll: the socket was never connected.
            drop(Socket::tcp_v4().unwrap().connect_async(addr));
        }
    });

    assert_no_descriptor_leaked(before, ROUNDS);
}
