//! An echo server and its clients, prepared with typesock and driven by tokio (feature
//! `tokio`).
//!
//! typesock does the parts tokio's `TcpListener::bind` and `TcpStream::connect` cannot: options
//! in the state where they take effect (`SO_REUSEADDR` and the buffer sizes before `bind`,
//! `TCP_NODELAY` inherited by every accepted socket), a backlog of your choosing, and a client
//! bound to an address of its own before it connects. The listener becomes tokio's with
//! `try_from`, which sets it non-blocking itself; the clients connect with `connect_async`,
//! which awaits the connection on tokio's reactor and returns tokio's `TcpStream`. No
//! `unsafe`, no `set_nonblocking` to remember, and the types hold all the way.
//!
//! Run it with `cargo run --features tokio --example tokio_echo`: it serves three clients of
//! its own on 127.0.0.1 and exits.

#[cfg(unix)]
mod unix {
    use std::net::SocketAddr;
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use typesock::Socket;

    #[tokio::main(flavor = "current_thread")]
    pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));

        // The server, prepared with typesock: every option in the state where it takes effect.
        let socket = Socket::tcp_v4()?;
        socket.set_reuse_address(true)?;
        socket.set_recv_buffer_size(256 * 1024)?;
        socket.set_nodelay(true)?;
        let listener = socket.bind(loopback)?.listen(4096)?;
        println!("prepared: {listener:?}");
        // Handed to tokio: non-blocking is set by the conversion, a missing runtime is an error.
        let listener = tokio::net::TcpListener::try_from(listener)?;
        let addr = listener.local_addr()?;

        let server = tokio::spawn(async move {
            for _ in 0..3 {
                let (mut conn, peer) = listener.accept().await?;
                println!("server: accepted {peer} (TCP_NODELAY {})", conn.nodelay()?);
                tokio::spawn(async move {
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
            let mut stream =
                tokio::time::timeout(Duration::from_secs(5), client.connect_async(addr)).await??;
            assert_eq!(stream.local_addr()?, local);

            let message = format!("hello #{i}");
            stream.write_all(message.as_bytes()).await?;
            let mut back = vec![0; message.len()];
            stream.read_exact(&mut back).await?;
            println!(
                "client {i} from {local}: sent {message:?}, got {:?}",
                String::from_utf8_lossy(&back)
            );
        }
        tokio::time::timeout(Duration::from_secs(5), server).await???;
        Ok(())
    }
}

#[cfg(unix)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    unix::main()
}

/// The `tokio` feature's layer is Unix's for now: elsewhere the example says so.
#[cfg(not(unix))]
fn main() {
    eprintln!("the tokio_echo example needs a Unix platform: the `tokio` feature is Unix-only");
}
