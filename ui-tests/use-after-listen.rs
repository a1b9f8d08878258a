//! The socket used after `listen` moved it: `listen` returns a new `Socket<Listening>`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bound = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _listener = bound.listen(8)?;
    println!("listening on {}", bound.local_addr()?);
    Ok(())
}
