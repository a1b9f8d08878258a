//! 10,000 concurrent connections through one `AsyncSocket<Listening, Tcp>`, each echoing
//! 4 KiB checked byte for byte, all open at once, each side on one `current_thread` runtime.
//!
//! The server runs in a child process (this test binary again, running
//! `echo_server_process`): 10,000 connections are 20,000 descriptors, and one process of a
//! machine whose limit is 20,000 could not hold both ends. A file of its own, so that the
//! memory checkers (`.ci/memcheck`, `.ci/asan`), which run the other test files, do not run
//! 20,000 sockets under valgrind.
#![cfg(all(feature = "tokio", target_os = "linux"))]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use typesock::{AsyncSocket, Socket};

mod common;
use common::{loopback, open_descriptors};

const CONNECTIONS: usize = 10_000;
const MESSAGE: usize = 4096;
const LIMIT: Duration = Duration::from_secs(120);
/// Set in the child's environment: the test `echo_server_process` serves only there.
const SERVER: &str = "TYPESOCK_TEST_ECHO_SERVER";

/// The message of connection `i`: no two connections send the same bytes.
fn message(i: usize) -> Vec<u8> {
    (0..MESSAGE).map(|j| ((i * 31 + j) % 251) as u8).collect()
}

/// Raises the soft `RLIMIT_NOFILE` to `want` (within the hard limit), or says why it cannot.
fn raise_descriptor_limit(want: u64) -> Result<(), String> {
    match common::raise_descriptor_limit(want) {
        soft if soft >= want => Ok(()),
        soft => Err(format!(
            "{want} descriptors are needed a process, and the limit is {soft}"
        )),
    }
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The server, in the child: one listener, one task a connection echoing one message and
/// then holding the connection until the client closes it. Prints its port, then the count
/// of connections served.
#[test]
fn echo_server_process() {
    if std::env::var_os(SERVER).is_none() {
        return; // Run only as the child of the test below.
    }
    raise_descriptor_limit((CONNECTIONS + 256) as u64).unwrap();
    current_thread().block_on(async {
        let listener = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
        let listener = AsyncSocket::new(listener.listen(4096).unwrap()).unwrap();
        println!("port {}", listener.local_addr().unwrap().port());
        let serve = async {
            let mut echoes = Vec::with_capacity(CONNECTIONS);
            for _ in 0..CONNECTIONS {
                let (mut conn, _) = listener.accept().await.unwrap();
                echoes.push(tokio::spawn(async move {
                    let mut buf = vec![0; MESSAGE];
                    conn.read_exact(&mut buf).await.unwrap();
                    conn.write_all(&buf).await.unwrap();
                    assert_eq!(conn.read(&mut buf).await.unwrap(), 0, "the client closes");
                }));
            }
            for echo in echoes {
                echo.await.unwrap();
            }
        };
        tokio::time::timeout(LIMIT, serve)
            .await
            .expect("served in time");
        println!("served {CONNECTIONS}");
    });
}

#[test]
fn ten_thousand_connections_echo_through_one_listener() {
    if std::env::var_os(SERVER).is_some() {
        return; // The child runs the server only.
    }
    if let Err(why) = raise_descriptor_limit((CONNECTIONS + 256) as u64) {
        println!("skipped: {why}");
        return;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "echo_server_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SERVER, "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = lines
        .by_ref()
        .map_while(Result::ok)
        // libtest prints "test echo_server_process ... " first, on the same line.
        .find_map(|line| {
            line.split("port ")
                .nth(1)
                .map(|p| p.trim().parse().unwrap())
        })
        .expect("the server's port");
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));

    let before = open_descriptors();
    current_thread().block_on(async {
        tokio::time::timeout(LIMIT, clients(addr))
            .await
            .expect("10,000 echoes in time");
    });
    assert_eq!(open_descriptors(), before, "a descriptor was left open");

    // Read to the end: a reader gone early would fail the child's last writes (EPIPE).
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let served = rest
        .iter()
        .any(|line| line.contains(&format!("served {CONNECTIONS}")));
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the server did not exit");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success() && served, "the server failed: {status}");
}

/// The clients: each connects, sends its message and checks the echo, then hands its
/// connection back, still open, until all 10,000 are.
async fn clients(addr: std::net::SocketAddr) {
    let mut clients = Vec::with_capacity(CONNECTIONS);
    for i in 0..CONNECTIONS {
        clients.push(tokio::spawn(async move {
            let socket = AsyncSocket::new(Socket::tcp_v4().unwrap()).unwrap();
            let mut conn = socket.connect(addr).await.unwrap();
            let sent = message(i);
            conn.write_all(&sent).await.unwrap();
            let mut echo = vec![0; MESSAGE];
            conn.read_exact(&mut echo).await.unwrap();
            assert!(echo == sent, "connection {i}: the echo differs");
            conn
        }));
    }
    let mut open = Vec::with_capacity(CONNECTIONS);
    for client in clients {
        open.push(client.await.unwrap());
    }
    // All 10,000 are open at once (and their 10,000 peers in the server).
    assert!(open_descriptors() >= CONNECTIONS, "{}", open_descriptors());
    drop(open);
}
