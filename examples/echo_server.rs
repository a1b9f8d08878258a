//! A TCP echo server: one thread per connection, each sending back what it receives until the
//! client closes.
//!
//! ```text
//! cargo run --example echo_server                       # listens on 127.0.0.1:7878
//! cargo run --example echo_server -- 127.0.0.1:0        # on a port the kernel picks
//! cargo run --example echo_server -- 127.0.0.1:7878 --max-connections 3
//! ```
//!
//! It prints the address it listens on (`listening on 127.0.0.1:7878`; with port 0, the port
//! the kernel picked), then one line per connection. Try it with the `echo_client` example,
//! or with `nc 127.0.0.1 7878`.
//!
//! A client that goes away in the middle (a reset, a broken pipe) ends its own connection's
//! thread with a message and nothing else; an error from `accept` is printed and the server
//! accepts again. With `--max-connections N` the server stops accepting after `N`
//! connections, waits for them to finish and exits.

use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use typesock::{Connected, Socket};

const USAGE: &str =
    "usage: echo_server [ADDRESS] [--max-connections N]   (ADDRESS defaults to 127.0.0.1:7878)";

fn main() -> ExitCode {
    if std::env::args().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (addr, max_connections) = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("echo_server: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match serve(addr, max_connections) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("echo_server: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(addr: SocketAddr, max_connections: Option<u64>) -> Result<(), Box<dyn std::error::Error>> {
    let socket = Socket::tcp_for(addr)?;
    // SO_REUSEADDR lets the server bind its port again at once after a restart: without it,
    // the connections of the previous run that are still in TIME_WAIT (on Linux, for 60
    // seconds after they closed) hold the port, and `bind` fails with "Address already in
    // use". `bind(2)` is what reads the option, so it has to be set now, on the unbound
    // socket; the type has no `set_reuse_address` after `bind`, where it would silently do
    // nothing.
    socket.set_reuse_address(true)?;
    let listener = socket.bind(addr)?.listen(128)?;
    println!("listening on {}", listener.local_addr()?);

    let mut accepted = 0;
    let mut workers = Vec::new();
    while max_connections.is_none_or(|max| accepted < max) {
        match listener.accept() {
            Ok((conn, peer)) => {
                accepted += 1;
                println!("{peer}: connected");
                workers.push(thread::spawn(move || echo(conn, peer)));
                // Forget the threads that have finished; keep the others to wait for.
                workers.retain(|worker| !worker.is_finished());
            }
            Err(e) => {
                // The listener is untouched by a failed accept. Most failures concern one
                // connection (ConnectionAborted: the client gave up while in the queue) or
                // pass (EMFILE, ENOBUFS under load): report, pause a moment so that a
                // lasting one does not spin the loop, accept again.
                eprintln!("{e}");
                thread::sleep(Duration::from_millis(100));
            }
        }
    }

    // --max-connections: every connection has been accepted. Let them finish.
    for worker in workers {
        let _ = worker.join();
    }
    listener.close()?;
    Ok(())
}

/// Sends back everything `conn` receives, until the client closes its side.
fn echo(mut conn: Socket<Connected>, peer: SocketAddr) {
    let mut buf = [0; 4096];
    let mut total = 0;
    loop {
        let n = match conn.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return vanished(peer, "read", &e),
        };
        // Writes never raise SIGPIPE: a client that has gone is a `BrokenPipe` error here.
        if let Err(e) = conn.write_all(&buf[..n]) {
            return vanished(peer, "write", &e);
        }
        total += n;
    }
    match conn.close() {
        Ok(()) => println!("{peer}: closed after echoing {total} bytes"),
        Err(e) => println!("{peer}: closed after echoing {total} bytes; close: {e}"),
    }
}

/// Reports a connection that ended in an error. The socket is dropped (closed) on return.
fn vanished(peer: SocketAddr, during: &str, e: &io::Error) {
    match e.kind() {
        io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe => {
            println!("{peer}: the client went away during {during}: {e}");
        }
        _ => println!("{peer}: {during} failed: {e}"),
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(SocketAddr, Option<u64>), String> {
    let mut addr = None;
    let mut max_connections = None;
    while let Some(arg) = args.next() {
        if arg == "--max-connections" {
            let n = args.next().ok_or("--max-connections needs a number")?;
            let n = n
                .parse()
                .map_err(|_| format!("--max-connections: not a number: {n}"))?;
            max_connections = Some(n);
        } else if addr.is_none() {
            addr = Some(
                arg.parse()
                    .map_err(|e| format!("not an address (like 127.0.0.1:7878): {arg}: {e}"))?,
            );
        } else {
            return Err(format!("unexpected argument: {arg}"));
        }
    }
    let addr = addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 7878)));
    Ok((addr, max_connections))
}
