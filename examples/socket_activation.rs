//! Adopting a socket-activated listener (systemd's `LISTEN_FDS` protocol, sd_listen_fds(3)).
//!
//! A service manager binds and listens, then starts the service with the listening socket as
//! descriptor 3, `LISTEN_FDS=1` and `LISTEN_PID` set to the service's pid. The service must not
//! trust the descriptor blindly: `Socket::<Listening, Tcp>::try_from(fd)` asks the kernel what
//! it is (type, family, listening or not) and refuses anything else.
//!
//! Run it with `cargo run --example socket_activation`. Started without `LISTEN_FDS`, it plays
//! the service manager: it listens on 127.0.0.1, starts itself again with the listener as
//! descriptor 3, connects to it, and prints what the activated copy answered.

#[cfg(unix)]
mod unix {
    use std::io::Write;
    use std::net::SocketAddr;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};

    use typesock::{Listening, Socket, Tcp};

    /// The first descriptor a service manager passes (`SD_LISTEN_FDS_START`).
    const LISTEN_FDS_START: i32 = 3;

    pub fn main() -> Result<(), Box<dyn std::error::Error>> {
        match activated_listener()? {
            Some(listener) => serve(listener),
            None => play_service_manager(),
        }
    }

    /// The listener passed by a service manager, if this process was socket-activated.
    fn activated_listener() -> Result<Option<Socket<Listening, Tcp>>, Box<dyn std::error::Error>> {
        let for_us = std::env::var("LISTEN_PID").ok() == Some(std::process::id().to_string());
        let count: i32 = match std::env::var("LISTEN_FDS") {
            Ok(n) if for_us => n.parse()?,
            _ => return Ok(None),
        };
        if count != 1 {
            return Err(format!("expected one socket, LISTEN_FDS={count}").into());
        }
        // SAFETY: F_GETFD takes no argument; it only asks whether descriptor 3 is open.
        if unsafe { libc::fcntl(LISTEN_FDS_START, libc::F_GETFD) } < 0 {
            return Err("LISTEN_FDS=1, but descriptor 3 is not open".into());
        }
        // SAFETY: the LISTEN_FDS protocol hands this process descriptor 3, checked open above
        // and owned by nobody else in it; nothing here has claimed it before.
        let fd = unsafe { OwnedFd::from_raw_fd(LISTEN_FDS_START) };
        // Ask the kernel before typing it: a UDP socket, a file, or a socket that is not
        // listening is refused, with the descriptor handed back in the error.
        let listener = Socket::<Listening, Tcp>::try_from(fd)?;
        Ok(Some(listener))
    }

    /// The activated service: answers one connection and exits.
    fn serve(listener: Socket<Listening, Tcp>) -> Result<(), Box<dyn std::error::Error>> {
        println!("service: adopted {listener:?}");
        let (mut conn, peer) = listener.accept()?;
        let mut name = String::new();
        conn.read_to_string(&mut name)?;
        write!(
            conn,
            "hello, {name}, from pid {} (via {peer})",
            std::process::id()
        )?;
        Ok(())
    }

    /// Plays the service manager: listen, start this program again as the activated service,
    /// and talk to it.
    fn play_service_manager() -> Result<(), Box<dyn std::error::Error>> {
        let listener = Socket::tcp_v4()?
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))?
            .listen(16)?;
        let addr = listener.local_addr()?;
        println!("manager: listening on {addr}, starting the service");

        let listener_fd = listener.as_raw_fd();
        let exe = std::env::current_exe()?;
        // `sh -c 'LISTEN_PID=$$ exec ...'`: `exec` keeps the shell's pid, so LISTEN_PID names the
        // service's own process, as a service manager sets it after fork.
        let mut service = Command::new("sh");
        service
            .args(["-c", "LISTEN_PID=$$ exec \"$0\""])
            .arg(&exe)
            .env("LISTEN_FDS", "1")
            .stdin(Stdio::null());
        // SAFETY: between fork and exec the closure only calls dup2(2) and fcntl(2), which are
        // async-signal-safe, on a descriptor that stays open in the parent until spawn returns.
        unsafe {
            service.pre_exec(move || {
                // Descriptor 3 must survive exec: a dup2 copy does not inherit close-on-exec, but
                // dup2 onto itself does nothing, so then the flag is cleared instead.
                let done = if listener_fd == LISTEN_FDS_START {
                    libc::fcntl(LISTEN_FDS_START, libc::F_SETFD, 0)
                } else {
                    libc::dup2(listener_fd, LISTEN_FDS_START)
                };
                if done < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = service.spawn()?;
        // The service has its copy; the manager's can go.
        listener.close()?;

        let mut client = Socket::tcp_v4()?.connect(addr)?;
        client.write_all(b"world")?;
        let mut client = client.shutdown_write()?;
        let mut answer = String::new();
        client.read_to_string(&mut answer)?;
        println!("manager: the service answered {answer:?}");
        let status = child.wait()?;
        if !status.success() {
            return Err(format!("the service failed: {status}").into());
        }
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
    eprintln!("the socket_activation example needs a Unix platform");
}
