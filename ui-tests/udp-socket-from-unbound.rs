//! An `Unbound` UDP socket converted into a `UdpSocket`: std's socket is bound, so bind first.

use std::net::UdpSocket;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    let _std = UdpSocket::from(socket);
    Ok(())
}
