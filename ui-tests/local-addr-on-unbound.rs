//! `local_addr` on an `Unbound` socket: it has no address before `bind` or `connect`.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_v4()?;
    println!("{}", socket.local_addr()?);
    Ok(())
}
