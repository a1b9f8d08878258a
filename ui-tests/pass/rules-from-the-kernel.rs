//! The rules the kernel showed to be wider than they once were: a listener's read timeout
//! (it bounds `accept`), the send buffer of a connected socket, a Unix socket's send buffer,
//! a datagram socket's re-connect and disconnect.

use std::net::SocketAddr;
use std::time::Duration;
use typesock::{Disconnected, Socket};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    let listener = Socket::tcp_v4()?.bind(any)?.listen(8)?;
    listener.set_read_timeout(Some(Duration::from_millis(100)))?;
    assert!(listener.accept().is_err());

    let client = Socket::tcp_v4()?.connect(listener.local_addr()?)?;
    client.set_send_buffer_size(256 * 1024)?;
    let write_only = client.shutdown_read()?;
    write_only.set_send_buffer_size(64 * 1024)?;

    let path = std::env::temp_dir().join(format!("typesock-ui-pass-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let unix_listener = Socket::unix_stream()?.bind(&path)?.listen(4)?;
    unix_listener.set_read_timeout(Some(Duration::from_secs(5)))?;
    let unix = Socket::unix_stream()?.connect(&path)?;
    unix.set_send_buffer_size(1 << 20)?;
    std::fs::remove_file(&path)?;

    let a = Socket::udp_v4()?.bind(any)?;
    let b = Socket::udp_v4()?.bind(any)?;
    let udp = Socket::udp_v4()?.connect(a.local_addr()?)?;
    udp.set_recv_buffer_size(64 * 1024)?;
    let udp = udp.connect(b.local_addr()?)?;
    match udp.disconnect()? {
        Disconnected::Bound(socket) => drop(socket),
        Disconnected::Unbound(socket) => drop(socket),
    }
    Ok(())
}
