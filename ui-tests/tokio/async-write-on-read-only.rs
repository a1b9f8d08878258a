//! An async write after `shutdown_write`: the `ReadOnly` socket has no write half.

use std::net::SocketAddr;
use tokio::io::AsyncWriteExt;
use typesock::{AsyncSocket, Socket};

async fn client() -> Result<(), Box<dyn std::error::Error>> {
    let addr = SocketAddr::from(([127, 0, 0, 1], 7));
    let connected = AsyncSocket::new(Socket::tcp_v4()?)?.connect(addr).await?;
    let mut read_only = connected.shutdown_write().await?;
    read_only.write_all(b"late").await?;
    Ok(())
}

fn main() {
    drop(client());
}
