//! `send_with_fds` on a TCP socket: descriptors travel only between Unix sockets.

use std::net::SocketAddr;
use std::os::fd::AsFd;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 9)))?;
    let file = std::fs::File::open("/dev/null")?;
    socket.send_with_fds(b"x", &[file.as_fd()])?;
    Ok(())
}
