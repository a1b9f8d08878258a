//! An echo server and its clients on tokio, typed all the way (feature `tokio`).
//!
//! typesock prepares the sockets as tokio's `TcpListener::bind` and `TcpStream::connect`
//! cannot: options in the state where they take effect (`SO_REUSEADDR` and the buffer sizes
//! before `bind`, `TCP_NODELAY` inherited by every accepted socket), a backlog of your
//! choosing, a client bound to an address of its own before it connects. Then
//! `AsyncSocket::new` registers each with tokio's reactor and the types go on: the server
//! accepts `AsyncSocket<Connected>`s, each client writes its message, shuts its write half
//! down (the socket is `AsyncSocket<ReadOnly>` from there: a late write does not compile),
//! and reads the echo to the end.
//!
//! Run it with `cargo run --features tokio --example tokio_echo`: it serves three clients of
//! its own on 127.0.0.1 and exits.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use typesock::{AsyncSocket, Socket};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));

    // The server, prepared with typesock: every option in the state where it takes effect.
    let socket = Socket::tcp_v4()?;
    socket.set_reuse_address(true)?;
    socket.set_recv_buffer_size(256 * 1024)?;
    socket.set_nodelay(true)?;
    let listener = socket.bind(loopback)?.listen(4096)?;
    println!("prepared: {listener:?}");
    // Registered with tokio's reactor; a missing runtime is an error, not a panic.
    let listener = AsyncSocket::new(listener)?;
    let addr = listener.local_addr()?;

    let server = tokio::spawn(async move {
        for _ in 0..3 {
            let (mut conn, peer) = listener.accept().await.map_err(std::io::Error::from)?;
            println!("server: accepted {peer} (TCP_NODELAY {})", conn.nodelay()?);
            tokio::spawn(async move {
                // Echo until the client's half-close, then close.
                let mut buf = [0; 4096];
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
            });
        }
        Ok::<_, std::io::Error>(())
    });

    for i in 1..=3 {
        // The client: options, then bind-before-connect, then an async connect with a timeout.
        let client = Socket::tcp_v4()?;
        client.set_nodelay(true)?;
        client.set_send_buffer_size(64 * 1024)?;
        let client = client.bind(loopback)?;
        let local = client.local_addr()?;
        let client = AsyncSocket::new(client)?;
        let mut stream =
            tokio::time::timeout(Duration::from_secs(5), client.connect(addr)).await??;
        assert_eq!(stream.local_addr()?, local);

        let message = format!("hello #{i}");
        stream.write_all(message.as_bytes()).await?;
        // The typed half-close: `stream` is `AsyncSocket<ReadOnly>` from here.
        let mut stream = stream.shutdown_write().await?;
        let mut back = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut back)).await??;
        println!(
            "client {i} from {local}: sent {message:?}, got {:?} and the end of the stream",
            String::from_utf8_lossy(&back)
        );
        assert_eq!(back, message.as_bytes());
    }
    tokio::time::timeout(Duration::from_secs(5), server).await???;
    Ok(())
}
