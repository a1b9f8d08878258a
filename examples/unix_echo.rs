//! A Unix stream echo server and client, on a socket file in the temporary directory.
//!
//! `bind` creates the socket file; the kernel never removes it. Whoever binds removes it
//! when done, as this server does, and a file left by an earlier run must be removed
//! before binding again (`bind` fails with `AddrInUse` otherwise).
//!
//! Run it with `cargo run --example unix_echo`: it serves two clients and exits.

#[cfg(unix)]
mod unix {
    use std::thread;

    use typesock::Socket;

    pub fn main() -> Result<(), Box<dyn std::error::Error>> {
        let path =
            std::env::temp_dir().join(format!("typesock-unix-echo-{}.sock", std::process::id()));
        // A stale file from a crashed run of the same pid would make bind fail.
        let _ = std::fs::remove_file(&path);

        let listener = Socket::unix_stream()?.bind(&path)?.listen(16)?;
        println!("server: listening on {}", listener.local_addr()?);

        let server = thread::spawn(move || -> std::io::Result<()> {
            for _ in 0..2 {
                let (mut conn, peer) = listener.accept()?;
                println!("server: accepted a client, address {peer}");
                let mut buf = [0; 1024];
                loop {
                    let n = conn.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    conn.write_all(&buf[..n])?;
                }
            }
            Ok(())
        });

        for i in 1..=2 {
            let mut client = Socket::unix_stream()?.connect(&path)?;
            let message = format!("hello over unix #{i}");
            client.write_all(message.as_bytes())?;
            // Half-close: the server reads to the end of the stream and stops echoing.
            let mut client = client.shutdown_write()?;
            let mut echo = String::new();
            client.read_to_string(&mut echo)?;
            println!("client {i}: sent {message:?}, got {echo:?}");
        }
        server.join().expect("the server thread panicked")?;

        // The socket file outlives every socket: the one who bound it removes it.
        std::fs::remove_file(&path)?;
        println!("server: removed {}", path.display());
        Ok(())
    }
}

#[cfg(unix)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    unix::main()
}

/// Unix sockets and descriptor inheritance are Unix's: elsewhere the example says so.
#[cfg(not(unix))]
fn main() {
    eprintln!("the unix_echo example needs a Unix platform");
}
