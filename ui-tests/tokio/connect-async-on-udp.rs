//! An async connect on a UDP socket: only the stream kinds connect into tokio streams.

use std::net::SocketAddr;
use typesock::Socket;

async fn client() -> Result<(), Box<dyn std::error::Error>> {
    let addr = SocketAddr::from(([127, 0, 0, 1], 9));
    let _socket = Socket::udp_v4()?.connect_async(addr).await?;
    Ok(())
}

fn main() {
    drop(client());
}
