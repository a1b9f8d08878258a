//! `send_to_with_fds` on a connected Unix datagram socket: it sends to its peer with `send_with_fds`.

use std::os::fd::AsFd;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (socket, _peer) = Socket::unix_datagram_pair()?;
    let file = std::fs::File::open("/dev/null")?;
    socket.send_to_with_fds(b"x", &[file.as_fd()], "/tmp/typesock-ui.sock")?;
    Ok(())
}
