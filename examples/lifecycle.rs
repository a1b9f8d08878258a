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
//! Each line shows a socket as `Socket<State, Kind> { fd }`, the state and kind read from the
//! type (`State::NAME`, `Kind::NAME`), with no syscall: so a syscall trace of this program
//! (`strace -f -e trace=%network,close ./lifecycle`) holds exactly the diagram's calls, and
//! the test `tests/strace.rs` checks that it does. (`Debug` would show the addresses too,
//! but it asks the kernel for them with `getsockname(2)` and `getpeername(2)`.)
//!
//! A real server accepts in a loop, one connection after the other; see the `echo_server`
//! example for that.

use std::net::SocketAddr;

use typesock::{Kind, Socket, State};

const REQUEST: &[u8] = b"ping";
const REPLY: &[u8] = b"pong";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // server: socket() -> bind() -> listen()
    let server = Socket::tcp_v4()?;
    step("server", "socket()", show(&server));

    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = server.bind(any_port)?;
    step("server", &format!("bind({any_port})"), show(&server));

    let listener = server.listen(128)?;
    step("server", "listen(128)", show(&listener));

    // The port the kernel picked for port 0: the address the client connects to.
    let addr = listener.local_addr()?;
    step("server", "getsockname()", addr);

    // client: socket() -> bind() [optional] -> connect()
    let client = Socket::tcp_v4()?;
    step("client", "socket()", show(&client));

    // Bind-before-connect is optional: `client.bind(addr)?` would fix the client's local
    // address. Without it, `connect` has the kernel pick one, as here.
    step(
        "client",
        "bind()  [optional]",
        "skipped: connect() picks the address",
    );

    let mut client = client.connect(addr)?;
    step("client", &format!("connect({addr})"), show(&client));

    // server: accept(). The connection has been waiting in the backlog since `connect`.
    let (mut conn, peer) = listener.accept()?;
    step("server", "accept()", format!("({}, {peer})", show(&conn)));

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
    step("client", "close()", format!("{closed:?}"));
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
    step("server", "close()  [connection]", format!("{closed:?}"));
    closed?;
    let closed = listener.close();
    step("server", "close()  [listener]", format!("{closed:?}"));
    closed?;

    Ok(())
}

/// Prints one step: which side, the call, and what came of it.
fn step(side: &str, call: &str, result: impl std::fmt::Display) {
    println!("{side}: {call:<32} -> {result}");
}

/// A socket as its type and descriptor, `Socket<Listening, Tcp> { fd: 3 }`, with no syscall.
fn show<S: State, K: Kind>(socket: &Socket<S, K>) -> String {
    format!("Socket<{}, {}> {{ fd: {} }}", S::NAME, K::NAME, raw(socket))
}

/// The socket's descriptor (Unix) or handle (Windows), as a number.
#[cfg(unix)]
fn raw<S: State, K: Kind>(socket: &Socket<S, K>) -> i64 {
    i64::from(std::os::fd::AsRawFd::as_raw_fd(socket))
}

/// The socket's descriptor (Unix) or handle (Windows), as a number.
#[cfg(windows)]
fn raw<S: State, K: Kind>(socket: &Socket<S, K>) -> u64 {
    std::os::windows::io::AsRawSocket::as_raw_socket(socket)
}

/// What a read reports: how much it received, and what.
fn received(bytes: &[u8]) -> String {
    format!("{} bytes: {:?}", bytes.len(), text(bytes))
}

/// The bytes as text, for printing.
fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or("(not UTF-8)")
}
