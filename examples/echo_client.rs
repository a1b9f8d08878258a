//! A client for the `echo_server` example: sends one message, reads the echo back, prints it.
//!
//! ```text
//! cargo run --example echo_server -- 127.0.0.1:7878 &
//! cargo run --example echo_client -- 127.0.0.1:7878 "hello, echo"
//! ```
//!
//! Both arguments are optional: the address defaults to 127.0.0.1:7878, the message to
//! `hello`. The echo goes to standard output, exactly as received; the exit status is 0 when
//! it came back, nonzero otherwise.
//!
//! The client connects with a timeout of 5 seconds, writes the message and reads back exactly
//! as many bytes as it sent: it does not shut its write side down to tell the server it has
//! finished, it just closes once the echo is in.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use typesock::Socket;

/// How long to wait for the connection, and then for the echo.
const TIMEOUT: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Display, not Debug: `connect to 127.0.0.1:7878 failed: Connection refused (os
            // error 111)`.
            eprintln!("echo_client: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = match args.next() {
        Some(arg) => arg
            .parse()
            .map_err(|e| format!("not an address (like 127.0.0.1:7878): {arg}: {e}"))?,
        None => SocketAddr::from(([127, 0, 0, 1], 7878)),
    };
    let message = args.next().unwrap_or_else(|| "hello".to_owned());
    if let Some(extra) = args.next() {
        return Err(format!("unexpected argument: {extra} (quote a message with spaces)").into());
    }

    let mut conn = Socket::tcp_for(addr)?.connect_timeout(addr, TIMEOUT)?;
    // A server that accepts and never answers should not hang the client.
    conn.set_read_timeout(Some(TIMEOUT))?;

    conn.write_all(message.as_bytes())?;
    let mut echo = vec![0; message.len()];
    conn.read_exact(&mut echo).map_err(|e| match e.kind() {
        // SO_RCVTIMEO expired: the kernel reports EAGAIN, which reads "Resource temporarily
        // unavailable".
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            format!("no echo from {addr} within {} s", TIMEOUT.as_secs())
        }
        _ => format!("reading the echo from {addr}: {e}"),
    })?;
    conn.close()?;

    let mut stdout = io::stdout().lock();
    stdout.write_all(&echo)?;
    stdout.write_all(b"\n")?;
    if echo != message.as_bytes() {
        return Err("the echo differs from the message".into());
    }
    Ok(())
}
