//! An echo server prepared with typesock and served by tokio.
//!
//! typesock does the parts tokio's `TcpListener::bind` cannot: options before `bind`
//! (`SO_REUSEADDR`, the receive buffer, `TCP_NODELAY` inherited by every accepted socket)
//! and a backlog of your choosing. The listening socket then becomes a
//! `std::net::TcpListener` and a `tokio::net::TcpListener`, and tokio serves it.
//!
//! Run it with `cargo run --example tokio_echo`: it serves three clients of its own on
//! 127.0.0.1 and exits.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use typesock::Socket;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Prepared with typesock: every option in the state where it takes effect.
    let socket = Socket::tcp_v4()?;
    socket.set_reuse_address(true)?;
    socket.set_recv_buffer_size(256 * 1024)?;
    socket.set_nodelay(true)?;
    let listener = socket
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(4096)?;
    println!("prepared: {listener:?}");

    // Handed to tokio: the std type proves the state, tokio needs it non-blocking.
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener.into())?;
    let addr = listener.local_addr()?;

    let server = tokio::spawn(async move {
        for _ in 0..3 {
            let (mut conn, peer) = listener.accept().await?;
            println!("server: accepted {peer}");
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
        let mut client = tokio::net::TcpStream::connect(addr).await?;
        let message = format!("hello #{i}");
        client.write_all(message.as_bytes()).await?;
        let mut back = vec![0; message.len()];
        client.read_exact(&mut back).await?;
        println!(
            "client {i}: sent {message:?}, got {:?}",
            String::from_utf8_lossy(&back)
        );
    }
    server.await??;
    Ok(())
}
