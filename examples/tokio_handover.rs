//! The zero-downtime restart of `handover.rs`, on tokio (feature `tokio`): the old
//! generation hands its listening socket to a new process over a Unix socket (`SCM_RIGHTS`,
//! `AsyncSocket::send_with_fds`), the new one adopts it typed, and no client is refused.
//!
//! Run it with `cargo run --features tokio --example tokio_handover`. The old generation
//! serves on 127.0.0.1 while client tasks connect in a loop; it starts itself again
//! (`--take-over PATH`), checks with `peer_credentials` that the process on the control
//! socket is the one it started, and sends the listener. The new generation receives it
//! with `recv_with_fds`, adopts it with `Socket::<Listening>::try_from` (which asks the kernel
//! what it is), registers it with its own runtime, and says "ready"; only then does the old
//! generation stop accepting and close its copy. The example asserts 0 refused connections
//! and that both generations served, and exits 0 within seconds.

#[cfg(unix)]
mod unix {
    use std::cell::Cell;
    use std::net::SocketAddr;
    use std::os::fd::AsFd;
    use std::path::Path;
    use std::process::{self, Command};
    use std::rc::Rc;
    use std::time::{Duration, Instant};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use typesock::{AsyncSocket, FdBuf, Listening, Socket, UnixStream};

    pub type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

    /// Load before the handover, and after the old generation has stopped.
    const LOAD: Duration = Duration::from_millis(300);
    /// The longest any step waits for the other process.
    const PATIENCE: Duration = Duration::from_secs(10);

    pub fn main() -> Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let args: Vec<String> = std::env::args().collect();
        match args.get(1).map(String::as_str) {
            None => runtime.block_on(old_generation()),
            Some("--take-over") => {
                let path = args.get(2).ok_or("--take-over needs the control socket")?;
                runtime.block_on(new_generation(Path::new(path)))
            }
            Some(other) => Err(format!("unknown argument {other:?}; run without one").into()),
        }
    }

    /// Accepts until `stop` is set, answering each connection with `name`.
    async fn serve(listener: &AsyncSocket<Listening>, name: &str, stop: &Cell<bool>) -> usize {
        let mut served = 0;
        while !stop.get() {
            let accepted = tokio::time::timeout(Duration::from_millis(5), listener.accept());
            if let Ok(Ok((mut conn, _))) = accepted.await {
                if conn.write_all(name.as_bytes()).await.is_ok() {
                    served += 1;
                }
            }
        }
        served
    }

    /// One client connection: which generation answered, or `None` if refused.
    async fn client(addr: SocketAddr) -> Option<String> {
        let socket = AsyncSocket::new(Socket::tcp_v4().ok()?).ok()?;
        let mut conn = socket.connect(addr).await.ok()?;
        let mut name = String::new();
        conn.read_to_string(&mut name).await.ok()?;
        Some(name)
    }

    async fn old_generation() -> Result<()> {
        let listener = Socket::tcp_v4()?.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let listener = AsyncSocket::new(listener.listen(1024)?)?;
        let addr = listener.local_addr()?;

        // The client load: connections in a loop until told to stop, counted by who served.
        let done = Rc::new(Cell::new(false));
        let load = tokio::task::LocalSet::new();
        let tally = load.spawn_local({
            let done = done.clone();
            async move {
                let (mut old, mut new, mut refused) = (0, 0, 0);
                while !done.get() {
                    match client(addr).await.as_deref() {
                        Some("old") => old += 1,
                        Some("new") => new += 1,
                        _ => refused += 1,
                    }
                }
                (old, new, refused)
            }
        });

        load.run_until(async {
            let stop = Cell::new(false);
            let serving = serve(&listener, "old", &stop);
            let handing_over = async {
                tokio::time::sleep(LOAD).await;
                let (child, control) = start_new_generation().await?;
                // The listener goes to the new generation, which says "ready" once it accepts.
                control
                    .send_with_fds(b"listener", &[listener.as_fd()])
                    .await?;
                let mut ready = [0; 5];
                let mut control = control;
                tokio::time::timeout(PATIENCE, control.read_exact(&mut ready)).await??;
                stop.set(true);
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>((child, control))
            };
            let (served_old, handed) = tokio::join!(serving, handing_over);
            let (child, mut control) = handed?;
            drop(listener);
            tokio::time::sleep(LOAD).await;
            done.set(true);
            let (old, new, refused) = tally.await?;
            control.write_all(b"stop").await?;
            let status = wait(child).await?;
            println!(
                "old generation served {served_old}, clients saw old {old}, new {new}, \
                 refused {refused}; the new generation exited with {status}"
            );
            assert!(status.success(), "the new generation failed");
            assert_eq!(refused, 0, "a client was refused during the handover");
            assert!(old > 0 && new > 0, "both generations served");
            Ok(())
        })
        .await
    }

    /// Waits for the child without blocking the runtime's thread, for `PATIENCE` at most.
    async fn wait(mut child: process::Child) -> Result<process::ExitStatus> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = child.try_wait()? {
                return Ok(status);
            }
            if Instant::now() > deadline {
                child.kill()?;
                return Err(format!("the new generation {} did not exit", child.id()).into());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Starts this program again as the new generation and accepts its control connection,
    /// checking with `peer_credentials` that it comes from the child.
    async fn start_new_generation()
    -> Result<(process::Child, AsyncSocket<typesock::Connected, UnixStream>)> {
        let path = std::env::temp_dir().join(format!("typesock-tokio-handover-{}", process::id()));
        let _ = std::fs::remove_file(&path);
        let control = AsyncSocket::new(Socket::unix_stream()?.bind(&path)?.listen(1)?)?;
        let child = Command::new(std::env::current_exe()?)
            .arg("--take-over")
            .arg(&path)
            .spawn()?;
        let (control, _) = tokio::time::timeout(PATIENCE, control.accept()).await??;
        std::fs::remove_file(&path)?;
        let peer = control.peer_credentials()?;
        // The pid where the kernel reports it (Linux, Android, macOS).
        if peer.pid().is_some_and(|pid| pid != child.id()) {
            return Err(format!("control connection from {peer:?}, not {}", child.id()).into());
        }
        Ok((child, control))
    }

    async fn new_generation(path: &Path) -> Result<()> {
        let control = AsyncSocket::new(Socket::unix_stream()?)?;
        let mut control = control.connect(path).await?;
        let (mut word, mut fds) = ([0; 8], FdBuf::<1>::new());
        tokio::time::timeout(PATIENCE, control.recv_with_fds(&mut word, &mut fds)).await??;
        let fd = fds.take(0).ok_or("no descriptor came with the message")?;
        // Asked of the kernel: a listening TCP socket, or refused.
        let listener = AsyncSocket::new(Socket::<Listening>::try_from(fd)?)?;
        let stop = Cell::new(false);
        let serving = serve(&listener, "new", &stop);
        let told = async {
            control.write_all(b"ready").await?;
            let mut word = [0; 4];
            tokio::time::timeout(PATIENCE, control.read_exact(&mut word)).await??;
            stop.set(true);
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        };
        let (served, told) = tokio::join!(serving, told);
        told?;
        println!("new generation served {served}");
        Ok(())
    }
}

#[cfg(unix)]
fn main() -> unix::Result<()> {
    unix::main()
}

/// The `tokio` feature's async socket is Unix's for now: elsewhere the example says so.
#[cfg(not(unix))]
fn main() {
    eprintln!("the tokio_handover example needs a Unix platform");
}
