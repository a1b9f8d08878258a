//! `recv_from` on an `Unbound` UDP socket: nothing can be sent to a socket with no address.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::udp_v4()?;
    let mut buf = [0; 64];
    let (_n, _from) = socket.recv_from(&mut buf)?;
    Ok(())
}
