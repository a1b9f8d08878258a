//! `set_recv_buffer_size` on a `Connected` Unix stream socket: stream buffers are set before
//! `connect`.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_stream()?.connect("/tmp/typesock-ui.sock")?;
    socket.set_recv_buffer_size(1 << 20)?;
    Ok(())
}
