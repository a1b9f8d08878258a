//! Every TCP option setter, called in a state where it takes effect.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;
use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Unbound: the options `bind(2)` reads, the buffer sizes, the TCP options.
    let socket = Socket::tcp_v4()?;
    socket.set_reuse_address(true)?;
    socket.set_reuse_port(true)?;
    socket.set_recv_buffer_size(64 * 1024)?;
    socket.set_send_buffer_size(64 * 1024)?;
    socket.set_nodelay(true)?;
    socket.set_keepalive(true)?;
    socket.set_linger(None)?;
    socket.set_nonblocking(false)?;

    // `IPV6_V6ONLY` exists on an IPv6 socket; this one is never bound.
    let v6 = Socket::tcp_v6()?;
    v6.set_only_v6(true)?;
    assert!(v6.only_v6()?);

    // Bound: the buffer sizes still take effect, the TCP options too.
    let bound = socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    bound.set_recv_buffer_size(128 * 1024)?;
    bound.set_send_buffer_size(128 * 1024)?;
    bound.set_nodelay(true)?;
    bound.set_keepalive(true)?;
    bound.set_linger(None)?;
    bound.set_nonblocking(false)?;
    assert!(bound.reuse_address()?);

    // Listening: the TCP options and the buffer sizes, inherited by the accepted sockets.
    let listener = bound.listen(8)?;
    listener.set_recv_buffer_size(64 * 1024)?;
    listener.set_send_buffer_size(64 * 1024)?;
    listener.set_nodelay(true)?;
    listener.set_keepalive(true)?;
    listener.set_linger(None)?;
    listener.set_nonblocking(false)?;

    // Connected: the timeouts and the TCP options.
    let client = Socket::tcp_v4()?;
    client.set_send_buffer_size(128 * 1024)?;
    let mut client = client.connect(listener.local_addr()?)?;
    client.set_read_timeout(Some(Duration::from_secs(5)))?;
    client.set_write_timeout(Some(Duration::from_secs(5)))?;
    client.set_nodelay(true)?;
    client.set_keepalive(true)?;
    client.set_linger(Some(Duration::from_secs(1)))?;
    client.set_nonblocking(false)?;
    assert_eq!(client.read_timeout()?, Some(Duration::from_secs(5)));
    assert_eq!(client.write_timeout()?, Some(Duration::from_secs(5)));

    let (conn, _peer) = listener.accept()?;
    assert!(conn.nodelay()?);
    conn.set_read_timeout(None)?;
    conn.set_write_timeout(None)?;
    client.write_all(b"done")?;
    Ok(())
}
