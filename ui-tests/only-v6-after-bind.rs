//! `set_only_v6` after `bind`: `bind(2)` has read `IPV6_V6ONLY` and the kernel refuses it now.

use std::net::{Ipv6Addr, SocketAddr};
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v6()?.bind(SocketAddr::from((Ipv6Addr::LOCALHOST, 0)))?;
    socket.set_only_v6(true)?;
    Ok(())
}
