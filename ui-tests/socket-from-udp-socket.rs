//! A std `UdpSocket` converted with `into()`: it may or may not be connected, so it is adopted
//! through its descriptor (`TryFrom<OwnedFd>`), which asks the kernel.

use std::net::{SocketAddr, UdpSocket};
use typesock::{Bound, Socket, Udp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let std = UdpSocket::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let _socket: Socket<Bound, Udp> = std.into();
    Ok(())
}
