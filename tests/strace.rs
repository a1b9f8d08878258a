//! The lifecycle example under `strace`: the socket syscalls it makes are exactly the
//! diagram's, in order, and no other syscall touches those descriptors.
//!
//! Skipped, with the reason printed, where `strace` is missing or cannot trace (a sandbox
//! without ptrace), or where the example was not built (`cargo test` builds it).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

mod common;
use common::TempPath;

/// The example binary that `cargo test` builds beside this test's.
fn lifecycle_example() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.parent()?.join("examples").join("lifecycle");
    path.exists().then_some(path)
}

/// The syscall's name and its first argument, from a line of `strace -o` output.
fn name_and_first_arg(line: &str) -> Option<(&str, &str)> {
    let open = line.find('(')?;
    let name = line[..open].trim();
    let rest = &line[open + 1..];
    let end = rest.find([',', ')'])?;
    Some((name, rest[..end].trim()))
}

/// The return value of a finished syscall line: what follows the last " = ".
fn result(line: &str) -> Option<&str> {
    let value = line.rsplit(" = ").next()?;
    value.split_whitespace().next()
}

#[test]
fn lifecycle_makes_exactly_the_diagrams_syscalls() {
    let Some(example) = lifecycle_example() else {
        println!("skipped: the lifecycle example is not built (run `cargo test`)");
        return;
    };
    let trace = TempPath::new("strace.txt");
    let status = Command::new("strace")
        .args(["-f", "-qq", "-o"])
        .arg(trace.path())
        .arg(&example)
        .output();
    let output = match status {
        Ok(output) => output,
        Err(e) => {
            println!("skipped: strace could not run ({e})");
            return;
        }
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("ptrace") || stderr.contains("Operation not permitted") {
            println!("skipped: strace cannot trace here: {stderr}");
            return;
        }
        panic!("the example failed under strace: {stderr}");
    }
    let text = std::fs::read_to_string(&trace).unwrap();

    // Follow every syscall from the first socket() on, naming descriptors by role.
    let mut roles: HashMap<String, &str> = HashMap::new();
    let mut sockets_made = 0;
    let mut seen = Vec::new();
    let mut started = false;
    for line in text.lines() {
        // `strace -f` prefixes the pid.
        let line = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest)
            .trim_start();
        let Some((name, first)) = name_and_first_arg(line) else {
            continue;
        };
        if name == "socket" || name == "accept4" || name == "accept" {
            let fd = result(line).unwrap_or("-1").to_owned();
            let role = match (name, sockets_made) {
                ("socket", 0) => "listener",
                ("socket", 1) => "client",
                ("socket", _) => "another socket",
                _ => "connection",
            };
            if name == "socket" {
                sockets_made += 1;
            }
            started = true;
            if name != "socket" {
                let on = roles.get(first).copied().unwrap_or("?");
                seen.push(format!("{name}({on}) -> {role}"));
            } else {
                seen.push(format!("{name}() -> {role}"));
            }
            roles.insert(fd, role);
            continue;
        }
        if !started {
            continue;
        }
        if let Some(role) = roles.get(first).copied() {
            seen.push(format!("{name}({role})"));
            if name == "close" {
                roles.remove(first);
            }
        }
    }

    let expected = [
        "socket() -> listener",
        "bind(listener)",
        "listen(listener)",
        "getsockname(listener)",
        "socket() -> client",
        "connect(client)",
        "accept4(listener) -> connection",
        "sendto(client)",
        "recvfrom(connection)",
        "sendto(connection)",
        "recvfrom(client)",
        "close(client)",
        "recvfrom(connection)",
        "close(connection)",
        "close(listener)",
    ];
    assert_eq!(
        seen, expected,
        "the syscalls on the sockets, in order:\n{text}"
    );
    // Close-on-exec came with socket() and accept4(), not from an fcntl afterwards.
    assert!(text.contains("SOCK_STREAM|SOCK_CLOEXEC"), "{text}");
    assert!(
        text.contains("SOCK_CLOEXEC) = "),
        "accept4 without SOCK_CLOEXEC:\n{text}"
    );
    assert!(text.contains("MSG_NOSIGNAL"), "{text}");
    println!("{}", seen.join("\n"));
}
