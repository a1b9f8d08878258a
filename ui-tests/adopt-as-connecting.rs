//! A descriptor adopted as `Connecting`: the kernel cannot tell a connect in flight from a bound
//! socket, so only `Unbound`, `Bound`, `Listening` and `Connected` can be adopted.

use std::net::SocketAddr;
use std::os::fd::OwnedFd;
use typesock::{Connecting, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fd = OwnedFd::from(Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?);
    let _socket: Socket<Connecting> = fd.try_into()?;
    Ok(())
}
