//! A UDP echo server and client on 127.0.0.1.
//!
//! The server is a `Socket<Bound, Udp>`: it answers each datagram with `send_to` to the
//! address `recv_from` reported. The client connects its socket (`Socket<Connected, Udp>`),
//! so it sends with `send`, and the kernel drops datagrams from anyone but the server.
//!
//! Run it with `cargo run --example udp_echo`: it echoes three datagrams and exits.

use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use typesock::Socket;

const MESSAGES: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // server: socket() -> bind(); a datagram socket never listens or accepts.
    let server = Socket::udp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let server_addr = server.local_addr()?;
    println!("server: bound to {server_addr}");

    let echo = thread::spawn(move || -> std::io::Result<()> {
        let mut buf = [0; 1500];
        for _ in 0..MESSAGES {
            let (n, from) = server.recv_from(&mut buf)?;
            println!("server: {n} bytes from {from}, echoed");
            server.send_to(&buf[..n], from)?;
        }
        Ok(())
    });

    // client: socket() -> connect(): no handshake, the kernel just fixes the peer.
    let client = Socket::udp_v4()?.connect(server_addr)?;
    client.set_read_timeout(Some(Duration::from_secs(5)))?;
    println!(
        "client: connected from {} to {}",
        client.local_addr()?,
        client.peer_addr()?
    );
    let mut buf = [0; 1500];
    for i in 1..=MESSAGES {
        let message = format!("datagram #{i}");
        client.send(message.as_bytes())?;
        let n = client.recv(&mut buf)?;
        println!(
            "client: sent {message:?}, got {:?}",
            String::from_utf8_lossy(&buf[..n])
        );
    }
    echo.join().expect("the server thread panicked")?;
    Ok(())
}
