//! The client's chains: `connect` from `Unbound`, and bind-before-connect from `Bound`.

use std::net::SocketAddr;
use std::time::Duration;
use typesock::{Connected, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .listen(8)?;
    let server = listener.local_addr()?;

    // Plain connect: the kernel picks the local address.
    let plain: Socket<Connected> = Socket::tcp_v4()?.connect(server)?;
    assert_eq!(plain.peer_addr()?, server);

    // Bind before connect: the socket keeps the address it was bound to.
    let bound = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let local = bound.local_addr()?;
    let pinned = bound.connect(server)?;
    assert_eq!(pinned.local_addr()?, local);
    assert_eq!(pinned.peer_addr()?, server);

    // The same two, with a timeout.
    let timed = Socket::tcp_v4()?.connect_timeout(server, Duration::from_secs(5))?;
    assert_eq!(timed.peer_addr()?, server);
    let timed_bound = Socket::tcp_v4()?
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
        .connect_timeout(server, Duration::from_secs(5))?;
    assert_eq!(timed_bound.peer_addr()?, server);

    for client in [plain, pinned, timed, timed_bound] {
        let (conn, peer) = listener.accept()?;
        assert_eq!(peer, client.local_addr()?);
        conn.close()?;
        client.close()?;
    }
    Ok(())
}
