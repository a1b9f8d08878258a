//! `set_tcp_user_timeout` on a UDP socket: a TCP option.

use std::time::Duration;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    socket.set_tcp_user_timeout(Some(Duration::from_secs(5)))?;
    Ok(())
}
