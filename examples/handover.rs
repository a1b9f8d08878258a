//! A zero-downtime restart: a running server hands its listening socket to a new process over
//! a Unix socket (`SCM_RIGHTS`), the new process adopts it typed and goes on serving, and no
//! client is refused in between.
//!
//! Run it with `cargo run --example handover`. The old generation listens on 127.0.0.1 and
//! starts a client load (threads connecting in a loop). Meanwhile it starts itself again
//! (`--take-over PATH`) as the new generation, checks with `peer_credentials` that the
//! process on the other end of the control socket is the one it started, and sends it the
//! listener. The new generation adopts the descriptor with `Socket::<Listening>::try_from`,
//! which asks the kernel what it is, starts accepting, and says "ready"; only then does the
//! old generation stop accepting and close its copy. Connections that arrive meanwhile wait
//! in the one accept queue both share, so none is refused. The example asserts 0 refused
//! connections, that both generations served, and exits 0 within a few seconds.

#[cfg(unix)]
mod unix {
    use std::io;
    use std::net::SocketAddr;
    use std::os::fd::AsFd;
    use std::path::{Path, PathBuf};
    use std::process::{self, Child, Command};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::thread;
    use std::time::{Duration, Instant};

    use typesock::{Connected, FdBuf, Listening, Socket, UnixStream};

    pub type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

    /// Client threads of the load.
    const CLIENTS: usize = 4;
    /// The bound of each client's loop, whatever happens to the timing.
    const MAX_CONNECTIONS_PER_CLIENT: usize = 20_000;
    /// Load before the handover, and after the old generation has stopped.
    const LOAD_BEFORE: Duration = Duration::from_millis(300);
    const LOAD_AFTER: Duration = Duration::from_millis(300);
    /// The longest any step waits for the other process.
    const PATIENCE: Duration = Duration::from_secs(10);

    pub fn main() -> Result<()> {
        let args: Vec<String> = std::env::args().collect();
        match args.get(1).map(String::as_str) {
            None => old_generation(),
            Some("--take-over") => {
                let path = args
                    .get(2)
                    .ok_or("--take-over needs the control socket's path")?;
                new_generation(Path::new(path))
            }
            Some(other) => Err(format!("unknown argument {other:?}; run without arguments").into()),
        }
    }

    /// Accepts until `stop` is set, answering each connection with `name`. The listener is
    /// non-blocking (a flag of the open socket, shared by every process holding it), so the loop
    /// looks at `stop` at least every millisecond.
    fn serve(listener: &Socket<Listening>, name: &str, stop: &AtomicBool) -> io::Result<usize> {
        let mut served = 0;
        while !stop.load(Ordering::Acquire) {
            match listener.accept() {
                Ok((mut conn, _)) => {
                    conn.write_all(name.as_bytes())?;
                    served += 1;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    thread::sleep(Duration::from_millis(1));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(served)
    }

    /// What the client load saw.
    #[derive(Default)]
    struct Tally {
        by_old: AtomicUsize,
        by_new: AtomicUsize,
        refused: AtomicUsize,
        failed: AtomicUsize,
    }

    /// One client: connects, reads the answer to the end, again, until `done` (or its bound).
    fn client(addr: SocketAddr, done: &AtomicBool, tally: &Tally) {
        for _ in 0..MAX_CONNECTIONS_PER_CLIENT {
            if done.load(Ordering::Acquire) {
                return;
            }
            let answer = Socket::tcp_v4().and_then(|s| {
                let mut conn = s.connect(addr)?;
                conn.set_read_timeout(Some(PATIENCE))?;
                let mut answer = String::new();
                conn.read_to_string(&mut answer)?;
                Ok(answer)
            });
            let counter = match answer {
                Ok(answer) if answer == "old" => &tally.by_old,
                Ok(answer) if answer == "new" => &tally.by_new,
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => &tally.refused,
                Ok(answer) => {
                    eprintln!("client: unexpected answer {answer:?}");
                    &tally.failed
                }
                Err(e) => {
                    eprintln!("client: {e}");
                    &tally.failed
                }
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn old_generation() -> Result<()> {
        let listener = Socket::tcp_v4()?
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
            .listen(128)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        println!(
            "old generation (pid {}): listening on {addr}",
            process::id()
        );

        let listener = Arc::new(listener);
        let stop_old = Arc::new(AtomicBool::new(false));
        let old_server = {
            let (listener, stop) = (Arc::clone(&listener), Arc::clone(&stop_old));
            thread::spawn(move || serve(&listener, "old", &stop))
        };

        let done = Arc::new(AtomicBool::new(false));
        let tally = Arc::new(Tally::default());
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (done, tally) = (Arc::clone(&done), Arc::clone(&tally));
                thread::spawn(move || client(addr, &done, &tally))
            })
            .collect();

        thread::sleep(LOAD_BEFORE);
        let (mut child, mut control, path) = start_new_generation()?;

        // Send the listener, then wait until the new generation accepts on it.
        control.send_with_fds(b"listener", &[listener.as_fd()])?;
        let mut ready = [0; 5];
        control.read_exact(&mut ready)?;
        if &ready != b"ready" {
            return Err(format!("the new generation said {ready:?}, not ready").into());
        }

        // Only now stop accepting here, and close this process's copy of the listener.
        stop_old.store(true, Ordering::Release);
        let served_old = old_server.join().map_err(|_| "the old server panicked")??;
        Arc::try_unwrap(listener)
            .map_err(|_| "the listener is still shared")?
            .close()?;
        println!(
            "old generation: served {served_old}, closed its listener; the new one serves alone"
        );

        thread::sleep(LOAD_AFTER);
        done.store(true, Ordering::Release);
        for client in clients {
            client.join().map_err(|_| "a client panicked")?;
        }

        // Tell the new generation to finish, and wait for it.
        control.write_all(b"stop")?;
        let status = wait(&mut child)?;
        std::fs::remove_file(&path)?;

        let (by_old, by_new) = (
            tally.by_old.load(Ordering::Relaxed),
            tally.by_new.load(Ordering::Relaxed),
        );
        let (refused, failed) = (
            tally.refused.load(Ordering::Relaxed),
            tally.failed.load(Ordering::Relaxed),
        );
        println!(
            "{} connections: {by_old} served by the old generation, {by_new} by the new one, \
             {refused} refused, {failed} failed",
            by_old + by_new + refused + failed
        );
        assert!(status.success(), "the new generation failed: {status}");
        assert_eq!(refused, 0, "connections were refused during the handover");
        assert_eq!(failed, 0, "connections failed during the handover");
        assert!(
            by_old > 0 && by_new > 0,
            "both generations must have served"
        );
        println!("handover done: 0 refused");
        Ok(())
    }

    /// Starts this program again as the new generation and accepts its control connection,
    /// checking with the kernel's credentials that it comes from that process.
    fn start_new_generation() -> Result<(Child, Socket<Connected, UnixStream>, PathBuf)> {
        let path = std::env::temp_dir().join(format!("typesock-handover-{}.sock", process::id()));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
        let control_listener = Socket::unix_stream()?.bind(&path)?.listen(1)?;
        control_listener.set_nonblocking(true)?;
        let mut child = Command::new(std::env::current_exe()?)
            .arg("--take-over")
            .arg(&path)
            .spawn()?;

        let deadline = Instant::now() + PATIENCE;
        let control = loop {
            match control_listener.accept() {
                Ok((control, _)) => break control,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                    if let Some(status) = child.try_wait()? {
                        return Err(format!("the new generation exited early: {status}").into());
                    }
                    thread::sleep(Duration::from_millis(2));
                }
                Err(e) => {
                    let _ = child.kill();
                    return Err(e.into());
                }
            }
        };
        control.set_nonblocking(false)?;
        control.set_read_timeout(Some(PATIENCE))?;

        // Whoever can reach the path could connect: hand the listener only to our child.
        let peer = control.peer_credentials()?;
        if peer.pid() != Some(child.id()) {
            let _ = child.kill();
            return Err(format!(
                "control connection from {peer:?}, not from pid {}",
                child.id()
            )
            .into());
        }
        println!(
            "old generation: started pid {}, connected as uid {}",
            child.id(),
            peer.uid()
        );
        Ok((child, control, path))
    }

    /// Waits for `child` to exit, for at most `PATIENCE`.
    fn wait(child: &mut Child) -> Result<process::ExitStatus> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = child.try_wait()? {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                child.kill()?;
                return Err("the new generation did not exit".into());
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    fn new_generation(path: &Path) -> Result<()> {
        let mut control = Socket::unix_stream()?.connect(path)?;
        control.set_read_timeout(Some(PATIENCE))?;

        // Receive the listener, with no allocation and close-on-exec from the first instant,
        // and adopt it only if the kernel says it is a listening TCP socket.
        let mut fds = FdBuf::<1>::new();
        let mut buf = [0; 16];
        let n = control.recv_with_fds(&mut buf, &mut fds)?;
        let fd = fds.take(0).ok_or("the message carried no descriptor")?;
        let listener = Socket::<Listening>::try_from(fd)?;
        println!(
            "new generation (pid {}): got {:?}, adopted {listener:?}",
            process::id(),
            String::from_utf8_lossy(&buf[..n])
        );

        let stop = AtomicBool::new(false);
        let served = thread::scope(|scope| -> Result<usize> {
            let server = scope.spawn(|| serve(&listener, "new", &stop));
            control.write_all(b"ready")?;
            // Serve until told to stop (or until the old generation is gone: end of stream).
            let mut word = [0; 4];
            let told = control.read_exact(&mut word);
            stop.store(true, Ordering::Release);
            let served = server.join().map_err(|_| "the new server panicked")??;
            told?;
            Ok(served)
        })?;
        listener.close()?;
        println!("new generation: served {served}, stopping");
        Ok(())
    }
}

#[cfg(unix)]
fn main() -> unix::Result<()> {
    unix::main()
}

/// Passing a descriptor between processes is Unix's (`SCM_RIGHTS`): elsewhere the example
/// says so.
#[cfg(not(unix))]
fn main() {
    eprintln!("the handover example needs a Unix platform");
}
