//! `set_out_of_band_inline` after `shutdown_read`: nothing more is received.

use std::net::SocketAddr;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?.connect(SocketAddr::from(([127, 0, 0, 1], 80)))?;
    let write_only = socket.shutdown_read()?;
    write_only.set_out_of_band_inline(true)?;
    Ok(())
}
