//! `set_recv_error_v4` on a Unix datagram socket: `IP_RECVERR` queues the ICMP errors of a
//! socket's IP traffic, and a Unix socket has none.

use typesock::Socket;

fn main() -> std::io::Result<()> {
    let socket = Socket::unix_datagram()?;
    socket.set_recv_error_v4(true)?;
    Ok(())
}
