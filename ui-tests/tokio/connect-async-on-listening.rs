//! An async connect on a `Listening` socket: only an `Unbound` or `Bound` one connects.

use std::net::SocketAddr;
use typesock::Socket;

async fn client() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let addr = listener.local_addr()?;
    let _stream = listener.connect_async(addr).await?;
    Ok(())
}

fn main() {
    drop(client());
}
