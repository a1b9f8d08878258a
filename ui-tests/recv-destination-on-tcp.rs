//! `set_recv_destination_v4` on a TCP socket: Linux takes `IP_PKTINFO` there and never
//! reports it, since TCP has no per-datagram metadata to receive.

use typesock::Socket;

fn main() -> std::io::Result<()> {
    let socket = Socket::tcp_v4()?;
    socket.set_recv_destination_v4(true)?;
    Ok(())
}
