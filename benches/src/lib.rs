//! The set-up typesock's benchmarks share, written once: the sockets each workload runs on,
//! made the same way for `std::net`, socket2 and typesock, so that a benchmark holds only
//! what it measures. For each library:
//!
//! - `*_listener`: a TCP listener on 127.0.0.1 and its address, for connect + accept + close;
//! - `*_stream`: a connected TCP pair with 1 MiB buffers, for the 64 KiB stream;
//! - `*_udp`: two UDP sockets bound to 127.0.0.1 and the receiver's address, for datagrams.
//!
//! Only set-up lives here: the calls a benchmark measures stay in its own loop, where they
//! are inlined as the user's code would inline them.
//!
//! The listeners and the UDP pairs are `#[inline]`, the stream pairs are not. `instructions`
//! inlines its nine loops into one `main`, and a loop's instruction count moves with the code
//! around it there (register allocation): with none of this set-up inlined, typesock's counts
//! came out 12 to 30 per iteration lower than recorded and std's stream 53 lower; with only
//! `typesock_listener` out of line, typesock's connect came out 14 lower. As placed here, the
//! counts are the ones the set-up gave when each benchmark wrote it out (socket2's connect
//! aside: one lower), so `benches/instructions.expected` and the README's table still hold.

use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};

use socket2::{Domain, SockAddr, SockRef, Type};
use typesock::{Bound, Connected, Listening, Socket, Udp};

/// Bytes per write, and per read at the peer, of the stream workloads.
pub const CHUNK: usize = 64 * 1024;

/// Bytes per datagram of the single-datagram workloads.
pub const DATAGRAM: usize = 64;

/// The backlog of every benchmark listener.
const BACKLOG: i32 = 128;

/// The size of the stream pair's buffers: they hold a whole [`CHUNK`].
const STREAM_BUFFER: usize = 1 << 20;

/// 127.0.0.1 with port 0: the kernel picks the port.
#[inline]
pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A `std::net` TCP listener on 127.0.0.1 and its address.
#[inline]
pub fn std_listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind(loopback()).unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// A socket2 TCP listener on 127.0.0.1, backlog 128, and its address.
#[inline]
pub fn socket2_listener() -> (socket2::Socket, SockAddr) {
    let listener = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener.bind(&loopback().into()).unwrap();
    listener.listen(BACKLOG).unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// A typesock TCP listener on 127.0.0.1, backlog 128, and its address.
#[inline]
pub fn typesock_listener() -> (Socket<Listening>, SocketAddr) {
    let listener = Socket::tcp_v4()
        .unwrap()
        .bind(loopback())
        .unwrap()
        .listen(BACKLOG)
        .unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// A connected TCP pair on 127.0.0.1, `(client, server)`, whose buffers (1 MiB, set before
/// `listen` and `connect`) hold a whole [`CHUNK`]: a write and the peer's read of it then
/// run in one thread, without waiting for each other. Built with socket2 for the three
/// libraries, so that they measure the same sockets' data path.
pub fn std_stream() -> (TcpStream, TcpStream) {
    let listener = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener.set_recv_buffer_size(STREAM_BUFFER).unwrap();
    listener.set_send_buffer_size(STREAM_BUFFER).unwrap();
    listener.bind(&loopback().into()).unwrap();
    listener.listen(1).unwrap();
    let client = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    client.set_recv_buffer_size(STREAM_BUFFER).unwrap();
    client.set_send_buffer_size(STREAM_BUFFER).unwrap();
    client.connect(&listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    (client.into(), server.into())
}

/// [`std_stream`]'s pair as socket2 sockets.
pub fn socket2_stream() -> (socket2::Socket, socket2::Socket) {
    let (client, server) = std_stream();
    (client.into(), server.into())
}

/// [`std_stream`]'s pair as typesock sockets.
pub fn typesock_stream() -> (Socket<Connected>, Socket<Connected>) {
    let (client, server) = std_stream();
    (
        Socket::try_from(client).unwrap(),
        Socket::try_from(server).unwrap(),
    )
}

/// Two `std::net` UDP sockets bound to 127.0.0.1, `(sender, receiver, receiver's address)`;
/// the receiver's buffer set to `recv_buffer` bytes if given.
#[inline]
pub fn std_udp(recv_buffer: Option<usize>) -> (UdpSocket, UdpSocket, SocketAddr) {
    let a = UdpSocket::bind(loopback()).unwrap();
    let z = UdpSocket::bind(loopback()).unwrap();
    if let Some(size) = recv_buffer {
        SockRef::from(&z).set_recv_buffer_size(size).unwrap();
    }
    let to = z.local_addr().unwrap();
    (a, z, to)
}

/// [`std_udp`] with socket2.
#[inline]
pub fn socket2_udp(recv_buffer: Option<usize>) -> (socket2::Socket, socket2::Socket, SockAddr) {
    let a = socket2::Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
    a.bind(&loopback().into()).unwrap();
    let z = socket2::Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
    z.bind(&loopback().into()).unwrap();
    if let Some(size) = recv_buffer {
        z.set_recv_buffer_size(size).unwrap();
    }
    let to = z.local_addr().unwrap();
    (a, z, to)
}

/// [`std_udp`] with typesock.
#[inline]
pub fn typesock_udp(
    recv_buffer: Option<usize>,
) -> (Socket<Bound, Udp>, Socket<Bound, Udp>, SocketAddr) {
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let z = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    if let Some(size) = recv_buffer {
        z.set_recv_buffer_size(size).unwrap();
    }
    let to = z.local_addr().unwrap();
    (a, z, to)
}
