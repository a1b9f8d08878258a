//! `Socket` is not `Clone`: it owns its descriptor (`try_clone` duplicates a listener or a stream).

use std::net::SocketAddr;
use typesock::{Listening, Socket};

/// A server's shared state, cloned into each worker.
#[derive(Clone)]
struct Server {
    listener: Socket<Listening>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let server = Server { listener };
    let _worker = server.clone();
    Ok(())
}
