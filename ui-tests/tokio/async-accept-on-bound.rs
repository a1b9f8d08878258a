//! An async accept on a `Bound` socket: it must `listen` first, as the blocking one.

use std::net::SocketAddr;
use typesock::{AsyncSocket, Socket};

async fn server() -> Result<(), Box<dyn std::error::Error>> {
    let bound = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let bound = AsyncSocket::new(bound)?;
    let _ = bound.accept().await?;
    Ok(())
}

fn main() {
    drop(server());
}
