//! `set_nodelay` on a UDP socket: `TCP_NODELAY` is a TCP option.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    socket.set_nodelay(true)?;
    Ok(())
}
