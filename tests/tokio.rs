//! Sockets prepared with typesock (options before bind, a chosen backlog) handed to tokio
//! through the std conversions, serving real async clients on 127.0.0.1.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use typesock::Socket;

/// Binds and listens with typesock, then converts into a tokio listener.
fn prepared_listener() -> tokio::net::TcpListener {
    let socket = Socket::tcp_v4().unwrap();
    socket.set_reuse_address(true).unwrap();
    socket.set_recv_buffer_size(256 * 1024).unwrap();
    socket.set_nodelay(true).unwrap();
    let listener = socket
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .unwrap()
        .listen(1024)
        .unwrap();
    listener.set_nonblocking(true).unwrap();
    tokio::net::TcpListener::from_std(listener.into()).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn tokio_serves_a_typesock_listener() {
    let listener = prepared_listener();
    let addr = listener.local_addr().unwrap();

    let server = tokio::spawn(async move {
        for _ in 0..8 {
            let (mut conn, _) = listener.accept().await.unwrap();
            // The accepted socket inherits the options set before bind.
            assert!(conn.nodelay().unwrap());
            tokio::spawn(async move {
                let mut buf = vec![0; 1024];
                loop {
                    let n = conn.read(&mut buf).await.unwrap();
                    if n == 0 {
                        break;
                    }
                    conn.write_all(&buf[..n]).await.unwrap();
                }
            });
        }
    });

    let mut clients = Vec::new();
    for i in 0..8u8 {
        clients.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
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
}

#[tokio::test(flavor = "current_thread")]
async fn a_typesock_connection_is_driven_by_tokio() {
    // The client side: bind-before-connect with typesock, then async I/O with tokio.
    let listener = prepared_listener();
    let addr = listener.local_addr().unwrap();
    let bound = Socket::tcp_v4()
        .unwrap()
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .unwrap();
    let chosen = bound.local_addr().unwrap();
    let connecting = bound.connect_nonblocking(addr).unwrap();
    let (accepted, peer) = listener.accept().await.unwrap();
    assert_eq!(peer, chosen);
    let connected = connecting.wait(Some(Duration::from_secs(5))).unwrap();
    let mut client = tokio::net::TcpStream::from_std(connected.into()).unwrap();
    let mut accepted = accepted;
    client.write_all(b"async").await.unwrap();
    let mut buf = [0; 5];
    accepted.read_exact(&mut buf).await.unwrap();
    assert_eq!(&buf, b"async");
}
