//! `recv_with_fds` on a bound Unix stream socket: nothing arrives before it is connected.

use typesock::{FdBuf, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_stream()?.bind("/tmp/typesock-ui.sock")?;
    let mut fds = FdBuf::<4>::new();
    let _n = socket.recv_with_fds(&mut [0; 16], &mut fds)?;
    Ok(())
}
