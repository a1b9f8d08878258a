//! `set_recv_buffer_size` on a `Listening` TCP socket: tcp(7) wants it before `listen`.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    listener.set_recv_buffer_size(1 << 20)?;
    Ok(())
}
