//! Segmentation offload on a Unix datagram socket: `UDP_SEGMENT` is UDP's.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::unix_datagram()?.connect("/tmp/typesock-ui.sock")?;
    socket.send_segments(&[0; 1000], 100)?;
    Ok(())
}
