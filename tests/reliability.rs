//! Reliability under load and faults, on 127.0.0.1 and Unix sockets, every wait bounded:
//! 1,000 connections held and echoed at once, 64 MiB through each stream kind with nothing
//! lost or reordered, and a peer reset mid-stream.

use std::io::{self, Read, Write};
use std::thread;
use std::time::{Duration, Instant};

use typesock::{Connected, Socket};

mod common;
use common::{loopback, raise_descriptor_limit, tcp_listener, unix_stream_pair};

#[test]
fn a_thousand_connections_held_and_echoed() {
    // Each connection costs two descriptors here (both ends live in this process).
    let limit = raise_descriptor_limit(4096);
    let connections = 1000.min((limit as usize).saturating_sub(200) / 2);
    if connections < 1000 {
        println!("descriptor limit {limit}: holding {connections} connections, not 1000");
    }
    let listener = tcp_listener(loopback(), 1024);
    let addr = listener.local_addr().unwrap();

    let mut pairs: Vec<(Socket<Connected>, Socket<Connected>)> = Vec::with_capacity(connections);
    for _ in 0..connections {
        let client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
        let (server, peer) = listener.accept().unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        pairs.push((client, server));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    for (i, (client, server)) in pairs.iter_mut().enumerate() {
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        server
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let message = (i as u32).to_be_bytes();
        client.write_all(&message).unwrap();
        let mut got = [0; 4];
        server.read_exact(&mut got).unwrap();
        server.write_all(&got).unwrap();
        client.read_exact(&mut got).unwrap();
        assert_eq!(got, message, "connection {i}");
        assert!(Instant::now() < deadline, "echoing took over 60 s");
    }
    // Every connection is still open: all of them answer a second time.
    for (client, server) in &mut pairs {
        client.write_all(b"!").unwrap();
        let mut got = [0; 1];
        server.read_exact(&mut got).unwrap();
    }
}

/// A deterministic byte stream (xorshift), so that the reader can check every byte and its
/// position without the writer's help.
struct Pattern(u64);

impl Pattern {
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            chunk.copy_from_slice(&self.0.to_le_bytes()[..chunk.len()]);
        }
    }
}

const TOTAL: usize = 64 << 20;
const CHUNK: usize = 64 << 10;

/// Sends 64 MiB from `writer` on a thread; `reader` checks every byte against the pattern,
/// then sees the end of the stream.
fn stream_64_mib<W, R>(writer: W, mut reader: R)
where
    W: Write + Send + 'static,
    R: Read,
{
    let sender = thread::spawn(move || {
        let mut writer = writer;
        let mut pattern = Pattern(0x9e37_79b9_7f4a_7c15);
        let mut buf = vec![0; CHUNK];
        for _ in 0..TOTAL / CHUNK {
            pattern.fill(&mut buf);
            writer.write_all(&buf).unwrap();
        }
        // Dropping the writer closes it: the reader sees the end of the stream.
    });
    let mut expected = Pattern(0x9e37_79b9_7f4a_7c15);
    let mut want = vec![0; CHUNK];
    let mut got = vec![0; CHUNK];
    for offset in (0..TOTAL).step_by(CHUNK) {
        expected.fill(&mut want);
        reader.read_exact(&mut got).unwrap();
        if got != want {
            let at = got.iter().zip(&want).position(|(a, b)| a != b).unwrap();
            panic!("byte {} differs", offset + at);
        }
    }
    assert_eq!(
        reader.read(&mut got).unwrap(),
        0,
        "more than 64 MiB arrived"
    );
    sender.join().unwrap();
}

#[test]
fn sixty_four_mib_over_tcp_arrive_whole_and_in_order() {
    let (client, server) = common::tcp_pair();
    server
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream_64_mib(client, server);
}

#[test]
fn sixty_four_mib_over_a_unix_stream_arrive_whole_and_in_order() {
    let (writer, reader) = unix_stream_pair();
    reader
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream_64_mib(writer, reader);
}

#[test]
fn a_peer_reset_mid_stream_is_connection_reset() {
    let (mut client, mut server) = common::tcp_pair();
    server
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();

    // Mid-stream: data flows both ways, then the client goes with unread data in its
    // buffer, which makes the kernel reset the connection instead of closing it.
    client.write_all(&[1; 4096]).unwrap();
    server.write_all(&[2; 4096]).unwrap();
    let mut buf = [0; 4096];
    server.read_exact(&mut buf).unwrap();
    drop(client);

    let err = server.read(&mut buf).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::ConnectionReset, "{err}");
}
