//! One workload of `benches/benches/sockets.rs`, run a given number of times with one
//! library, for counting instructions with callgrind (`benches/instructions.sh` runs them
//! all): the syscalls are the same for the three libraries (see `tests/strace.rs`), so the
//! user-space instructions per iteration are the cost each library adds around them. The
//! sockets are made by the crate's shared set-up (`src/lib.rs`), whose `#[inline]`s say why
//! they matter to the counts.
//!
//! `instructions <connect|stream|udp> <std|socket2|typesock> <iterations>`
#![cfg(target_os = "linux")]

use std::hint::black_box;
use std::io::{Read, Write};
use std::mem::MaybeUninit;
use std::net::TcpStream;

use socket2::{Domain, Type};
use typesock::Socket;
use typesock_benches::{
    CHUNK, DATAGRAM, socket2_listener, socket2_stream, socket2_udp, std_listener, std_stream,
    std_udp, typesock_listener, typesock_stream, typesock_udp,
};

fn connect(lib: &str, n: usize) {
    match lib {
        "std" => {
            let (listener, addr) = std_listener();
            for _ in 0..n {
                let client = TcpStream::connect(addr).unwrap();
                let (server, _) = listener.accept().unwrap();
                drop(black_box((client, server)));
            }
        }
        "socket2" => {
            let (listener, addr) = socket2_listener();
            for _ in 0..n {
                let client = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
                client.connect(&addr).unwrap();
                let (server, _) = listener.accept().unwrap();
                drop(black_box((client, server)));
            }
        }
        _ => {
            let (listener, addr) = typesock_listener();
            for _ in 0..n {
                let client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
                let (server, _) = listener.accept().unwrap();
                drop(black_box((client, server)));
            }
        }
    }
}

fn stream(lib: &str, n: usize) {
    let data = vec![0x5a_u8; CHUNK];
    let mut got = vec![0_u8; CHUNK];
    match lib {
        "std" => {
            let (mut c, mut s) = std_stream();
            for _ in 0..n {
                c.write_all(black_box(&data)).unwrap();
                s.read_exact(&mut got).unwrap();
            }
        }
        "socket2" => {
            let (mut c, mut s) = socket2_stream();
            for _ in 0..n {
                c.write_all(black_box(&data)).unwrap();
                s.read_exact(&mut got).unwrap();
            }
        }
        _ => {
            let (mut c, mut s) = typesock_stream();
            for _ in 0..n {
                c.write_all(black_box(&data)).unwrap();
                s.read_exact(&mut got).unwrap();
            }
        }
    }
}

fn udp(lib: &str, n: usize) {
    let data = [0x42_u8; DATAGRAM];
    match lib {
        "std" => {
            let (a, z, to) = std_udp(None);
            let mut buf = [0; DATAGRAM];
            for _ in 0..n {
                a.send_to(black_box(&data), to).unwrap();
                black_box(z.recv_from(&mut buf).unwrap());
            }
        }
        "socket2" => {
            let (a, z, to) = socket2_udp(None);
            let mut buf = [MaybeUninit::new(0u8); DATAGRAM];
            for _ in 0..n {
                a.send_to(black_box(&data), &to).unwrap();
                black_box(z.recv_from(&mut buf).unwrap());
            }
        }
        _ => {
            let (a, z, to) = typesock_udp(None);
            let mut buf = [0; DATAGRAM];
            for _ in 0..n {
                a.send_to(black_box(&data), to).unwrap();
                black_box(z.recv_from(&mut buf).unwrap());
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` runs every bench target with `--bench`: nothing to do then.
    let [_, workload, lib, n] = &args[..] else {
        return;
    };
    let n: usize = n.parse().expect("iterations");
    match workload.as_str() {
        "connect" => connect(lib, n),
        "stream" => stream(lib, n),
        "udp" => udp(lib, n),
        other => panic!("unknown workload {other}"),
    }
}

/// The benchmarks are measured on Linux; elsewhere this program does nothing.
#[cfg(not(target_os = "linux"))]
fn main() {}
