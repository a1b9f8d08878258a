//! A path given to a UDP socket's `connect`: `Udp` takes a `SocketAddr`; paths are for Unix kinds.

use std::path::Path;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _socket = Socket::udp_v4()?.connect(Path::new("/tmp/x.sock"))?;
    Ok(())
}
