//! `AsyncSocket<S, K>` (feature `tokio`): the typed lifecycle on tokio's reactor.
//!
//! Every test runs on a `current_thread` runtime, where a blocking syscall would stop every
//! task: a ticker task counts its ticks while the operation waits, and the count shows the
//! thread was free. Every wait is bounded by a timeout.
//!
//! The TCP and UDP tests run on Windows too (under Wine in CI); the Unix kinds' and the
//! Linux extras' are marked so.
#![cfg(feature = "tokio")]

use std::future::Future;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use typesock::{AsyncSocket, Connected, Socket, Udp};
#[cfg(unix)]
use typesock::{UnixDatagram, UnixStream};

mod common;
#[cfg(unix)]
use common::TempPath;
use common::loopback;

const LIMIT: Duration = Duration::from_secs(10);

/// Runs `test` on a new `current_thread` runtime.
fn on_current_thread<F: Future>(test: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test)
}

/// A count of ticks and the time they were counted in.
struct Ticks {
    ticks: u64,
    elapsed: Duration,
}

/// Awaits `op` while a ticker task ticks every millisecond, the peer acting after 50 ms;
/// returns `op`'s output and the ticks counted meanwhile.
async fn while_ticking<T>(
    op: impl Future<Output = T>,
    peer: impl Future<Output = ()>,
) -> (T, Ticks) {
    let started = std::time::Instant::now();
    let ticks = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&ticks);
    let ticker = tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_millis(1));
        // Ticks missed while the thread was blocked are skipped, not made up in a burst.
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });
    let peer = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        peer.await;
    };
    let (out, ()) = tokio::time::timeout(LIMIT, async { tokio::join!(op, peer) })
        .await
        .expect("the operation finished in time");
    ticker.abort();
    let ticks = Ticks {
        ticks: ticks.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    };
    (out, ticks)
}

/// The ticker ran all the while the operation waited: at least one tick in every 10 ms (it
/// ticks every millisecond when the thread is free; a blocked thread's missed ticks are
/// skipped), and at least 10 in all.
///
/// Under valgrind (`.ci/memcheck` sets `TYPESOCK_UNDER_VALGRIND`), which runs one thread at
/// a time some fifty times slower, the count is printed, not checked: that run is for the
/// memory the operations touch, and the timing is checked by the ordinary run.
fn assert_ticked(Ticks { ticks, elapsed }: Ticks) {
    if std::env::var_os("TYPESOCK_UNDER_VALGRIND").is_some() {
        println!("under valgrind, the ticks are not checked: {ticks} in {elapsed:?}");
        return;
    }
    let least = (elapsed.as_millis() as u64 / 10).max(10);
    assert!(
        ticks >= least,
        "the runtime's thread was blocked: {ticks} ticks in {elapsed:?}"
    );
}

fn async_listener() -> (AsyncSocket<typesock::Listening>, SocketAddr) {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    (AsyncSocket::new(listener).unwrap(), addr)
}

#[test]
fn new_outside_a_runtime_is_an_error_not_a_panic() {
    let err = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::Other);
    assert!(err.to_string().contains("no tokio runtime"), "{err}");
}

#[test]
fn accept_waits_without_stalling_a_ticker_and_yields_an_async_connection() {
    on_current_thread(async {
        let (listener, addr) = async_listener();
        let client = std::cell::RefCell::new(None);
        let (accepted, ticks) = while_ticking(listener.accept(), async {
            let socket = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
            *client.borrow_mut() = Some(socket.connect(addr).await.unwrap());
        })
        .await;
        assert_ticked(ticks);
        let (mut server, peer) = accepted.unwrap();
        let mut client: AsyncSocket<Connected> = client.into_inner().unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        client.write_all(b"ping").await.unwrap();
        let mut buf = [0; 4];
        server.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"ping");
    });
}

#[test]
fn a_refused_connect_is_the_connect_error() {
    on_current_thread(async {
        // A port nobody listens on: a listener's, closed.
        let addr = common::listener().local_addr().unwrap();
        let socket = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
        let err = tokio::time::timeout(LIMIT, socket.connect(addr))
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused, "{err}");
    });
}

#[test]
fn recv_waits_without_stalling_a_ticker() {
    on_current_thread(async {
        let server = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
        let to = server.local_addr().unwrap();
        let server = AsyncSocket::new(server).unwrap();
        let client = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let from = client.local_addr().unwrap();
        let mut buf = [0; 16];
        // `peek_from` where the platform has it (Unix), else the `recv_from` that follows.
        #[cfg(unix)]
        let waiting = server.peek_from(&mut buf);
        #[cfg(windows)]
        let waiting = server.recv_from(&mut buf);
        let (got, ticks) = while_ticking(waiting, async {
            assert_eq!(client.send_to(b"datagram", to).await.unwrap(), 8);
        })
        .await;
        assert_ticked(ticks);
        assert_eq!(got.unwrap(), (8, from));
        #[cfg(unix)]
        {
            let mut taken = [0; 16];
            assert_eq!(server.recv_from(&mut taken).await.unwrap(), (8, from));
            assert_eq!(&taken[..8], b"datagram");
        }
        #[cfg(windows)]
        assert_eq!(&buf[..8], b"datagram");
        // A connected datagram socket: send and recv, and peek that takes nothing.
        let server: AsyncSocket<Connected, Udp> =
            AsyncSocket::new(server.into_inner().unwrap().connect(from).unwrap()).unwrap();
        let client: AsyncSocket<Connected, Udp> =
            AsyncSocket::new(client.into_inner().unwrap().connect(to).unwrap()).unwrap();
        client.send(b"again").await.unwrap();
        #[cfg(unix)]
        assert_eq!(server.peek(&mut buf).await.unwrap(), 5);
        assert_eq!(server.recv(&mut buf).await.unwrap(), 5);
        assert_eq!(&buf[..5], b"again");
        #[cfg(unix)]
        disconnect_on_the_same_registration(server, client, to, from).await;
    });
}

/// A connected datagram socket's `disconnect` (Unix), then a receive on the same socket.
#[cfg(unix)]
async fn disconnect_on_the_same_registration(
    server: AsyncSocket<Connected, Udp>,
    client: AsyncSocket<Connected, Udp>,
    to: SocketAddr,
    from: SocketAddr,
) {
    let mut buf = [0; 16];
    {
        // Disconnected, on the same registration. The kernel picked the port (a bind to
        // port 0), so it takes it back: the socket is unbound, as the blocking one would be.
        let disconnected = server.disconnect().await.unwrap();
        let typesock::AsyncDisconnected::Unbound(server) = disconnected else {
            panic!("a port the kernel picked is given back: {disconnected:?}");
        };
        let server = server.into_inner().unwrap().bind(to).unwrap();
        let server = AsyncSocket::new(server).unwrap();
        client.send(b"third").await.unwrap();
        assert_eq!(server.recv_from(&mut buf).await.unwrap(), (5, from));
    }
}

#[test]
fn a_write_to_a_peer_that_does_not_read_waits_without_stalling_a_ticker() {
    on_current_thread(async {
        let (listener, addr) = async_listener();
        let client = Socket::tcp_v4().unwrap();
        client
            .set_send_buffer_size(common::buffer_size(64 * 1024))
            .unwrap();
        let client = AsyncSocket::new(client).unwrap();
        let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
        let (mut client, (mut server, _)) = (client.unwrap(), accepted.unwrap());
        // Far more than both buffers hold: the write waits until the peer reads.
        let data: Vec<u8> = (0..16 << 20).map(|i: u32| (i % 251) as u8).collect();
        let read = std::cell::RefCell::new(Vec::new());
        let (written, ticks) = while_ticking(client.write_all(&data), async {
            let mut got = Vec::with_capacity(data.len());
            let mut buf = vec![0; 64 * 1024];
            while got.len() < data.len() {
                let n = server.read(&mut buf).await.unwrap();
                assert_ne!(n, 0);
                got.extend_from_slice(&buf[..n]);
            }
            *read.borrow_mut() = got;
        })
        .await;
        written.unwrap();
        assert_ticked(ticks);
        assert!(read.into_inner() == data, "the bytes arrived as written");
    });
}

/// `shutdown_write`, then read to the end, against a tokio peer and a std peer.
#[test]
fn a_half_close_chain_against_tokio_and_std_peers() {
    on_current_thread(async {
        // The tokio peer.
        let listener = tokio::net::TcpListener::bind(loopback()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
        let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
        let (mut client, (mut peer, _)) = (client.unwrap(), accepted.unwrap());
        client.write_all(b"request").await.unwrap();
        let mut client = client.shutdown_write().await.unwrap();
        let mut request = Vec::new();
        peer.read_to_end(&mut request).await.unwrap();
        assert_eq!(request, b"request");
        peer.write_all(b"reply").await.unwrap();
        drop(peer);
        let mut reply = Vec::new();
        client.read_to_end(&mut reply).await.unwrap();
        assert_eq!(reply, b"reply");
        // Shutting the last direction closes the socket.
        client.shutdown_read().await.unwrap();

        // The std peer, on its own thread.
        let listener = std::net::TcpListener::bind(loopback()).unwrap();
        let addr = listener.local_addr().unwrap();
        let peer = std::thread::spawn(move || {
            let (mut peer, _) = listener.accept().unwrap();
            peer.set_read_timeout(Some(LIMIT)).unwrap();
            let mut request = Vec::new();
            peer.read_to_end(&mut request).unwrap();
            peer.write_all(&request).unwrap();
        });
        let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
        let mut client = tokio::time::timeout(LIMIT, client.connect(addr))
            .await
            .unwrap()
            .unwrap();
        client.write_all(b"echo me").await.unwrap();
        let mut client = client.shutdown_write().await.unwrap();
        let mut echo = Vec::new();
        tokio::time::timeout(LIMIT, client.read_to_end(&mut echo))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(echo, b"echo me");
        peer.join().unwrap();
    });
}

#[test]
fn options_set_in_their_states_survive_new_and_into_inner() {
    on_current_thread(async {
        let socket = Socket::tcp_v4().unwrap();
        socket.set_reuse_address(true).unwrap();
        socket.set_nodelay(true).unwrap();
        let socket = AsyncSocket::new(socket).unwrap();
        assert!(socket.reuse_address().unwrap());
        let socket = socket.into_inner().unwrap();
        assert!(socket.reuse_address().unwrap());
        assert!(socket.nodelay().unwrap());
        // Blocking mode is back: a read with a timeout waits for it.
        let (listener, addr) = async_listener();
        let client = socket.bind(loopback()).unwrap().connect(addr).unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let mut client = AsyncSocket::new(client).unwrap().into_inner().unwrap();
        client
            .set_read_timeout(Some(Duration::from_millis(40)))
            .unwrap();
        let started = std::time::Instant::now();
        let err = client.read(&mut [0; 4]).unwrap_err();
        assert_eq!(err.kind(), common::READ_TIMED_OUT);
        assert!(
            started.elapsed() >= Duration::from_millis(30),
            "the read waited"
        );
        drop(server);
    });
}

#[test]
fn a_dropped_accept_or_recv_loses_nothing() {
    on_current_thread(async {
        let (listener, addr) = async_listener();
        // Dropped while waiting, then the connection arrives: the next accept takes it.
        let waited = tokio::time::timeout(Duration::from_millis(20), listener.accept()).await;
        assert!(waited.is_err(), "nothing to accept yet");
        let _client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
        let (server, _) = tokio::time::timeout(LIMIT, listener.accept())
            .await
            .unwrap()
            .unwrap();

        let a = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let b = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
        let mut buf = [0; 8];
        let waited = tokio::time::timeout(Duration::from_millis(20), a.recv_from(&mut buf)).await;
        assert!(waited.is_err(), "nothing to receive yet");
        b.send_to(b"kept", a.local_addr().unwrap()).unwrap();
        let (n, _) = tokio::time::timeout(LIMIT, a.recv_from(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&buf[..n], b"kept");
        drop(server);
    });
}

#[cfg(unix)]
#[test]
fn unix_streams_and_datagrams_on_tokio() {
    on_current_thread(async {
        let path = TempPath::new("async-stream");
        let listener = AsyncSocket::new(common::unix_listener(path.path(), 4)).unwrap();
        let client = AsyncSocket::new(Socket::unix_stream().unwrap()).unwrap();
        let (client, accepted) = tokio::join!(client.connect(path.path()), listener.accept());
        let (mut client, (mut server, _)): (AsyncSocket<Connected, UnixStream>, _) =
            (client.unwrap(), accepted.unwrap());
        client.write_all(b"over unix").await.unwrap();
        let mut buf = [0; 9];
        assert_eq!(server.peek(&mut buf).await.unwrap(), 9);
        server.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"over unix");

        let (here, there) = (
            TempPath::new("async-dgram-a"),
            TempPath::new("async-dgram-b"),
        );
        let a =
            AsyncSocket::new(Socket::unix_datagram().unwrap().bind(here.path()).unwrap()).unwrap();
        let b: AsyncSocket<_, UnixDatagram> =
            AsyncSocket::new(Socket::unix_datagram().unwrap().bind(there.path()).unwrap()).unwrap();
        a.send_to(b"one", there.path()).await.unwrap();
        let mut buf = [0; 3];
        let (n, from) = b.recv_from(&mut buf).await.unwrap();
        assert_eq!((n, &buf), (3, b"one"));
        assert_eq!(from.as_pathname(), Some(here.path()));
    });
}

/// Descriptor passing between two tasks, 10,000 passes: each arrives, and the process holds
/// as many descriptors after as before.
#[cfg(unix)]
#[test]
fn descriptor_passing_between_two_tasks_leaks_nothing() {
    use std::os::fd::AsFd;
    use typesock::FdBuf;
    const PASSES: usize = 10_000;
    on_current_thread(async {
        let (a, b) = Socket::unix_stream_pair().unwrap();
        let (a, b) = (AsyncSocket::new(a).unwrap(), AsyncSocket::new(b).unwrap());
        let before = common::open_descriptors();
        let sender = tokio::spawn(async move {
            for i in 0..PASSES {
                let (mine, _theirs) = Socket::unix_stream_pair().unwrap();
                let byte = [(i % 256) as u8];
                assert_eq!(a.send_with_fds(&byte, &[mine.as_fd()]).await.unwrap(), 1);
            }
            a
        });
        let receiver = tokio::spawn(async move {
            let mut fds = FdBuf::<1>::new();
            let mut byte = [0; 1];
            for i in 0..PASSES {
                assert_eq!(b.recv_with_fds(&mut byte, &mut fds).await.unwrap(), 1);
                assert_eq!(byte[0], (i % 256) as u8);
                assert_eq!(fds.len(), 1, "pass {i} carried its descriptor");
                drop(fds.take(0));
            }
            b
        });
        let (a, b) = tokio::time::timeout(Duration::from_secs(60), async {
            tokio::join!(sender, receiver)
        })
        .await
        .expect("the passes finished in time");
        let (_a, _b) = (a.unwrap(), b.unwrap());
        // The other tests of this binary run in parallel and open descriptors: compare
        // with a margin only they can fill, far under one leaked descriptor a pass.
        let after = common::open_descriptors();
        assert!(
            after < before + 64,
            "{before} descriptors before, {after} after"
        );
    });
}

/// A batch and GSO/GRO segments on tokio, waiting for the first datagram without stalling.
#[cfg(target_os = "linux")]
#[test]
fn batches_and_segments_on_tokio() {
    use std::io::{IoSlice, IoSliceMut};
    use typesock::RecvMeta;
    on_current_thread(async {
        let z = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
        let z = z.with_gro().unwrap();
        let to = z.local_addr().unwrap();
        let z = AsyncSocket::new(z).unwrap();
        let a = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let from = a.local_addr().unwrap();

        let data: Vec<u8> = (0..1030u32).map(|i| (i / 100) as u8).collect();
        let mut big = vec![0u8; 65536];
        let (got, ticks) = while_ticking(z.recv_segments_from(&mut big), async {
            assert_eq!(a.send_segments_to(&data, 100, to).await.unwrap(), 1030);
        })
        .await;
        assert_ticked(ticks);
        let mut received = Vec::new();
        let got = got.unwrap();
        assert_eq!(got.addr(), from);
        received.extend_from_slice(&big[..got.len()]);
        while received.len() < data.len() {
            let got = z.recv_segments_from(&mut big).await.unwrap();
            received.extend_from_slice(&big[..got.len()]);
        }
        assert_eq!(received, data);

        let z = z.without_gro().unwrap();
        let bufs = [IoSlice::new(b"one"), IoSlice::new(b"two!")];
        assert_eq!(a.send_batch_to(&bufs, &[to, to]).await.unwrap(), 2);
        let (mut x, mut y) = ([0; 8], [0; 8]);
        let mut meta = [RecvMeta::new(), RecvMeta::new()];
        let mut n = 0;
        while n < 2 {
            let mut bufs = [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)];
            let (bufs, meta) = (&mut bufs[n..], &mut meta[n..]);
            n += z.recv_batch_from(bufs, meta).await.unwrap();
        }
        assert_eq!((meta[0].len(), meta[1].len()), (3, 4));
        assert_eq!((&x[..3], &y[..4]), (&b"one"[..], &b"two!"[..]));
        assert_eq!(meta[0].addr().unwrap(), from);
    });
}

/// A lingering socket whose peer does not read: `close(2)` would block for the linger time;
/// neither `close` (which waits for it on a blocking thread) nor a drop blocks the runtime's
/// thread.
#[test]
fn a_lingering_close_never_blocks_the_runtime_thread() {
    on_current_thread(async {
        let (listener, addr) = async_listener();
        for by_close in [true, false] {
            let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
            let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
            let (mut client, (server, _)) = (client.unwrap(), accepted.unwrap());
            client.set_linger(Some(Duration::from_secs(2))).unwrap();
            // Fill both buffers: the peer never reads, so the data stays unsent.
            let data = vec![7u8; 8 << 20];
            let filled = tokio::time::timeout(Duration::from_millis(300), client.write_all(&data));
            assert!(
                filled.await.is_err(),
                "the write waits for a peer that does not read"
            );
            let started = std::time::Instant::now();
            let ((), ticks) = while_ticking(
                async {
                    if by_close {
                        client.close().await.unwrap();
                    } else {
                        drop(client);
                    }
                },
                async {},
            )
            .await;
            // The close ran for the linger time on a blocking thread, or is still running
            // there; the ticker ran meanwhile.
            assert_ticked(ticks);
            // Under valgrind, which runs `close(2)` holding its one-thread lock (it does not
            // count `close` among the syscalls that may block), a lingering close stalls every
            // thread: the time is printed, not checked.
            if !by_close && std::env::var_os("TYPESOCK_UNDER_VALGRIND").is_some() {
                println!("under valgrind, the drop took {:?}", started.elapsed());
            } else if !by_close {
                assert!(
                    started.elapsed() < Duration::from_secs(2),
                    "the drop did not wait"
                );
            }
            drop(server);
        }
    });
}

/// Every waiting receive and a connect in flight, dropped at their await, 100 times: no
/// descriptor is left open, and what arrives afterwards the next call receives whole, the
/// descriptors passed with it included (they arrive only in the poll that returns them).
#[cfg(target_os = "linux")]
#[test]
fn futures_dropped_at_each_await_leak_nothing_and_lose_nothing() {
    use std::io::IoSliceMut;
    use std::os::fd::AsFd;
    use tokio::time::timeout;
    use typesock::{FdBuf, RecvMeta, UdpGro};
    const ROUNDS: usize = 100;
    let short = Duration::from_millis(2);
    on_current_thread(async {
        let (a, b) = Socket::unix_stream_pair().unwrap();
        let (a, b) = (AsyncSocket::new(a).unwrap(), AsyncSocket::new(b).unwrap());
        let x = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let y = Socket::udp_v4().unwrap().with_gro().unwrap();
        let y = AsyncSocket::new(y.bind(loopback()).unwrap()).unwrap();
        let to = y.local_addr().unwrap();
        // A listener whose backlog is full: a connect to it stays in flight.
        let (full, _queued) = common::full_listener();
        let full = full.local_addr().unwrap();
        let mut buf = vec![0; 65_535];
        let before = common::open_descriptors();
        for round in 0..ROUNDS {
            let tag = [round as u8];

            let (mut byte, mut fds) = ([0; 1], FdBuf::<2>::new());
            let waited = timeout(short, b.recv_with_fds(&mut byte, &mut fds)).await;
            assert!(waited.is_err(), "nothing sent yet");
            let (mine, _theirs) = Socket::unix_stream_pair().unwrap();
            a.send_with_fds(&tag, &[mine.as_fd()]).await.unwrap();
            drop(mine);
            assert_eq!(b.recv_with_fds(&mut byte, &mut fds).await.unwrap(), 1);
            assert_eq!((byte, fds.len()), (tag, 1), "round {round}");
            drop(fds.take(0));

            let mut meta = [RecvMeta::<UdpGro>::new()];
            let waited = timeout(
                short,
                y.recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta),
            )
            .await;
            assert!(waited.is_err(), "nothing sent yet");
            x.send_to(&tag, to).await.unwrap();
            let n = y
                .recv_batch_from(&mut [IoSliceMut::new(&mut buf)], &mut meta)
                .await
                .unwrap();
            assert_eq!((n, meta[0].len(), buf[0]), (1, 1, tag[0]));

            let waited = timeout(short, y.recv_segments_from(&mut buf)).await;
            assert!(waited.is_err(), "nothing sent yet");
            x.send_segments_to(&[tag[0]; 300], 100, to).await.unwrap();
            let mut got = 0;
            while got < 300 {
                let segments = y.recv_segments_from(&mut buf).await.unwrap();
                assert_eq!(buf[0], tag[0]);
                got += segments.len();
            }

            let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
            let waited = timeout(short, client.connect(full)).await;
            assert!(waited.is_err(), "the SYN is unanswered");
        }
        // The other tests of this binary run in parallel and open descriptors: a margin
        // only they can fill, far under one leaked descriptor a round.
        let after = common::open_descriptors();
        assert!(
            after < before + 64,
            "{before} descriptors before, {after} after"
        );
    });
}

/// SEQPACKET on tokio: whole messages through `send`/`recv` (a short buffer is cut, the
/// next message is whole), peeked, half-closed with its type, and the peer's credentials.
#[cfg(target_os = "linux")]
#[test]
fn seqpacket_messages_on_tokio() {
    on_current_thread(async {
        let path = TempPath::new("async-seqpacket");
        let listener = Socket::unix_seqpacket().unwrap().bind(path.path()).unwrap();
        let listener = AsyncSocket::new(listener.listen(4).unwrap()).unwrap();
        let client = AsyncSocket::new(Socket::unix_seqpacket().unwrap()).unwrap();
        let (client, accepted) = tokio::join!(client.connect(path.path()), listener.accept());
        let (client, (server, _)) = (client.unwrap(), accepted.unwrap());

        let mut buf = [0; 16];
        let (got, ticks) = while_ticking(server.recv(&mut buf), async {
            client.send(b"first message").await.unwrap();
        })
        .await;
        assert_ticked(ticks);
        assert_eq!(&buf[..got.unwrap()], b"first message");

        client.send(b"second").await.unwrap();
        assert_eq!(server.peek(&mut buf).await.unwrap(), 6);
        let mut short = [0; 3];
        assert_eq!(server.recv(&mut short).await.unwrap(), 3);
        client.send(b"third").await.unwrap();
        let n = server.recv(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"third", "the message after a cut one is whole");

        let me = std::process::id();
        assert_eq!(server.peer_credentials().unwrap().pid(), Some(me));
        let client = client.shutdown_write().await.unwrap();
        assert_eq!(server.recv(&mut buf).await.unwrap(), 0, "end of stream");
        drop(client);
    });
}

/// `recv_with_fds` and `recv_batch_from` wait without stalling a ticker, and so does a
/// connect whose SYN a full backlog drops until a slot frees (the kernel retries the SYN
/// after a second).
#[cfg(target_os = "linux")]
#[test]
fn descriptor_batch_and_connect_waits_do_not_stall_a_ticker() {
    use std::io::IoSliceMut;
    use std::os::fd::AsFd;
    use typesock::{FdBuf, RecvMeta};
    on_current_thread(async {
        let (a, b) = Socket::unix_stream_pair().unwrap();
        let (a, b) = (AsyncSocket::new(a).unwrap(), AsyncSocket::new(b).unwrap());
        let (mut byte, mut fds) = ([0; 1], FdBuf::<1>::new());
        let (got, ticks) = while_ticking(b.recv_with_fds(&mut byte, &mut fds), async {
            let (mine, _theirs) = Socket::unix_stream_pair().unwrap();
            a.send_with_fds(b"f", &[mine.as_fd()]).await.unwrap();
        })
        .await;
        assert_ticked(ticks);
        assert_eq!((got.unwrap(), fds.len()), (1, 1));

        let x = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let y = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let to = y.local_addr().unwrap();
        let mut buf = [0; 16];
        let mut meta = [RecvMeta::new()];
        let mut bufs = [IoSliceMut::new(&mut buf)];
        let (got, ticks) = while_ticking(y.recv_batch_from(&mut bufs, &mut meta), async {
            x.send_to(b"batched", to).await.unwrap();
        })
        .await;
        assert_ticked(ticks);
        assert_eq!((got.unwrap(), meta[0].len()), (1, 7));

        let (full, mut queued) = common::full_listener();
        let addr = full.local_addr().unwrap();
        let client = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
        let (connected, ticks) = while_ticking(client.connect(addr), async {
            // A slot frees: the retried SYN is answered.
            let _ = full.accept().unwrap();
            queued.clear();
        })
        .await;
        assert_ticked(ticks);
        let connected = connected.unwrap();
        assert_eq!(connected.peer_addr().unwrap(), addr);
    });
}

/// A wildcard UDP server on tokio reads each datagram's destination and ECN bits and
/// answers from that destination, its receive waiting without stalling a ticker.
#[cfg(target_os = "linux")]
#[test]
fn receive_metadata_on_tokio() {
    use std::net::IpAddr;
    use typesock::{Ecn, RecvMeta, SendMeta};
    on_current_thread(async {
        let server = Socket::udp_v4()
            .unwrap()
            .bind(SocketAddr::from(([0, 0, 0, 0], 0)))
            .unwrap();
        server.set_recv_destination_v4(true).unwrap();
        server.set_recv_traffic_class_v4(true).unwrap();
        let port = server.local_addr().unwrap().port();
        let server = AsyncSocket::new(server).unwrap();
        let client = AsyncSocket::new(Socket::udp_v4().unwrap().bind(loopback()).unwrap()).unwrap();
        let to = IpAddr::from([127, 0, 0, 2]);
        let mut buf = [0; 16];
        let mut meta = RecvMeta::new();
        let (got, ticks) = while_ticking(server.recv_from_with_meta(&mut buf, &mut meta), async {
            let marked = SendMeta::new().with_ecn(Ecn::Ect1);
            let sent = client.send_to_with_meta(b"req", SocketAddr::new(to, port), &marked);
            assert_eq!(sent.await.unwrap(), 3);
        })
        .await;
        assert_ticked(ticks);
        assert_eq!(got.unwrap(), 3);
        assert_eq!(
            (meta.destination(), meta.ecn()),
            (Some(to), Some(Ecn::Ect1))
        );
        let reply = SendMeta::new().with_source(to);
        let from = meta.addr().unwrap();
        server
            .send_to_with_meta(b"rep", from, &reply)
            .await
            .unwrap();
        let (n, replier) = client.recv_from(&mut buf).await.unwrap();
        assert_eq!((n, replier), (3, SocketAddr::new(to, port)));
    });
}
