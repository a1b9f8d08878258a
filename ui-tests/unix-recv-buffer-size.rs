//! `set_recv_buffer_size` on a Unix socket, in any state: unix(7) says `SO_RCVBUF` has no
//! effect for Unix sockets.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_stream()?;
    socket.set_recv_buffer_size(1 << 20)?;
    Ok(())
}
