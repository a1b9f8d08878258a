//! The whole socket lifecycle, both sides, on loopback: every step, the syscall it makes, and
//! the type the socket has afterwards.
//!
//! ```text
//!  client: socket() -> bind() [optional] -> connect() -> write()/read() -> close()
//!  server: socket() -> bind() -> listen() -> accept() -> read()/write() -> close()   (accept loops)
//! ```
//!
//! Run it with:
//!
//! ```text
//! cargo run --example lifecycle
//! ```
//!
//! Both sides run in one thread, in a fixed order, so the output is the same on every run
//! (but for the port numbers and descriptors): `connect` to a listening socket completes
//! without the server calling `accept`, because the kernel finishes the handshake and queues
//! the connection in the listen backlog; `accept` later just takes it from the queue. On
//! loopback, a `write` has put the bytes in the peer's receive queue by the time it returns,
//! so the other side's `read` finds them there.
//!
//! Each line shows a socket through its `Debug` output, `Socket<State, Kind> { local, peer,
//! fd }`, with the state read from the type. Printing it is not free: for the states that
//! have addresses, `Debug` asks the kernel for them (`getsockname(2)` and `getpeername(2)`).
//! Those two calls per printed socket are the only ones in a syscall trace (`strace -e
//! trace=network ./lifecycle`) that the lifecycle itself does not make.
//!
//! A real server accepts in a loop, one connection after the other; see the `echo_server`
//! example for that.

use std::io::{Read, Write};
use std::net::SocketAddr;

use typesock::Socket;

const REQUEST: &[u8] = b"ping";
const REPLY: &[u8] = b"pong";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // server: socket() -> bind() -> listen()
    let server = Socket::tcp_v4()?;
    step("server", "socket()", &server);

    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = server.bind(any_port)?;
    step("server", &format!("bind({any_port})"), &server);

    let listener = server.listen(128)?;
    step("server", "listen(128)", &listener);

    // The port the kernel picked for port 0: the address the client connects to.
    let addr = listener.local_addr()?;
    step("server", "getsockname()", addr);

    // client: socket() -> bind() [optional] -> connect()
    let client = Socket::tcp_v4()?;
    step("client", "socket()", &client);

    // Bind-before-connect is optional: it fixes the client's local address (here, the
    // loopback address with a port the kernel picks). Without it, `connect` picks both.
    // To skip it, call `client.connect(addr)` on the unbound socket.
    let client = client.bind(any_port)?;
    step("client", &format!("bind({any_port})  [optional]"), &client);

    let mut client = client.connect(addr)?;
    step("client", &format!("connect({addr})"), &client);

    // server: accept(). The connection has been waiting in the backlog since `connect`.
    let (mut conn, peer) = listener.accept()?;
    step("server", "accept()", (&conn, peer));

    // The request and the reply: write() on one side, read() on the other.
    client.write_all(REQUEST)?;
    let call = format!("write({:?})", text(REQUEST));
    step(
        "client",
        &call,
        format_args!("{} bytes sent", REQUEST.len()),
    );

    let mut request = [0; REQUEST.len()];
    conn.read_exact(&mut request)?;
    step("server", "read()", format_args!("{}", received(&request)));

    conn.write_all(REPLY)?;
    let call = format!("write({:?})", text(REPLY));
    step("server", &call, format_args!("{} bytes sent", REPLY.len()));

    let mut reply = [0; REPLY.len()];
    client.read_exact(&mut reply)?;
    step("client", "read()", format_args!("{}", received(&reply)));

    // client: close(). The kernel sends the server a FIN.
    let closed = client.close();
    step("client", "close()", &closed);
    closed?;

    // server: read() returns 0, the end of the stream: the client has closed.
    let n = conn.read(&mut [0; 64])?;
    let eof = format!("{n} bytes: the end of the stream, the client has closed");
    step("server", "read()", format_args!("{eof}"));
    if n != 0 {
        return Err(format!("expected the end of the stream, read {n} more bytes").into());
    }

    // server: close() the connection, then the listener (which would otherwise go on
    // accepting).
    let closed = conn.close();
    step("server", "close()  [connection]", &closed);
    closed?;
    let closed = listener.close();
    step("server", "close()  [listener]", &closed);
    closed?;

    Ok(())
}

/// Prints one step: which side, the call, and what came of it.
fn step(side: &str, call: &str, result: impl std::fmt::Debug) {
    println!("{side}: {call:<32} -> {result:?}");
}

/// What a read reports: how much it received, and what.
fn received(bytes: &[u8]) -> String {
    format!("{} bytes: {:?}", bytes.len(), text(bytes))
}

/// The bytes as text, for printing.
fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or("(not UTF-8)")
}
