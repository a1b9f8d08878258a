//! An async send on a connected TCP socket: `send` is for the message kinds; a stream writes.

use std::net::SocketAddr;
use typesock::{AsyncSocket, Socket};

async fn client() -> Result<(), Box<dyn std::error::Error>> {
    let addr = SocketAddr::from(([127, 0, 0, 1], 7));
    let connected = AsyncSocket::new(Socket::tcp_v4()?)?.connect(addr).await?;
    connected.send(b"message").await?;
    Ok(())
}

fn main() {
    drop(client());
}
