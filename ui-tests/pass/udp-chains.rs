//! The UDP chains: `bind` -> `send_to`/`recv_from`, and `connect` (from `Unbound` and from
//! `Bound`) -> `send`/`recv`, with the options a datagram socket keeps in every state.

use std::net::SocketAddr;
use std::time::Duration;
use typesock::{Bound, Connected, Socket, Udp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));

    // Bound: datagrams to and from any address; a bound datagram socket has timeouts.
    let a: Socket<Bound, Udp> = Socket::udp_v4()?.bind(loopback)?;
    let b: Socket<Bound, Udp> = Socket::udp_v4()?.bind(loopback)?;
    a.set_read_timeout(Some(Duration::from_secs(5)))?;
    b.set_read_timeout(Some(Duration::from_secs(5)))?;
    b.set_write_timeout(Some(Duration::from_secs(5)))?;
    assert_eq!(a.send_to(b"ping", b.local_addr()?)?, 4);
    let mut buf = [0; 16];
    let (n, from) = b.recv_from(&mut buf)?;
    assert_eq!((&buf[..n], from), (&b"ping"[..], a.local_addr()?));
    b.send_to(b"pong", from)?;
    let (n, from) = a.recv_from(&mut buf)?;
    assert_eq!((&buf[..n], from), (&b"pong"[..], b.local_addr()?));

    // Connect from `Unbound`: the kernel picks the local address.
    let plain: Socket<Connected, Udp> = Socket::udp_v4()?.connect(b.local_addr()?)?;
    plain.set_read_timeout(Some(Duration::from_secs(5)))?;
    assert_eq!(plain.peer_addr()?, b.local_addr()?);
    plain.send(b"one")?;
    let (n, from) = b.recv_from(&mut buf)?;
    assert_eq!((&buf[..n], from), (&b"one"[..], plain.local_addr()?));
    b.send_to(b"two", from)?;
    let n = plain.recv(&mut buf)?;
    assert_eq!(&buf[..n], b"two");

    // Connect from `Bound`: the socket keeps the address it was bound to.
    let bound = Socket::udp_v4()?.bind(loopback)?;
    let local = bound.local_addr()?;
    let pinned = bound.connect(a.local_addr()?)?;
    pinned.set_read_timeout(Some(Duration::from_secs(5)))?;
    assert_eq!(pinned.local_addr()?, local);
    pinned.send(b"three")?;
    let (n, from) = a.recv_from(&mut buf)?;
    assert_eq!((&buf[..n], from), (&b"three"[..], local));
    a.send_to(b"four", local)?;
    let n = pinned.recv(&mut buf)?;
    assert_eq!(&buf[..n], b"four");

    // A connected datagram socket still sets its buffer sizes (they apply to each datagram).
    pinned.set_recv_buffer_size(64 * 1024)?;
    pinned.set_send_buffer_size(64 * 1024)?;
    assert!(pinned.recv_buffer_size()? >= 64 * 1024);
    assert!(pinned.send_buffer_size()? >= 64 * 1024);

    // The UDP options exist in every state.
    pinned.set_broadcast(false)?;
    pinned.set_ttl(16)?;
    assert_eq!(pinned.ttl()?, 16);

    pinned.close()?;
    plain.close()?;
    a.close()?;
    b.close()?;
    Ok(())
}
