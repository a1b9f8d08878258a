//! What the benchmarks share: the loopback address, a buffered connected pair, a listener and
//! the datagram pairs of each library.

// Each bench target uses its own subset.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpStream, UdpSocket};

use socket2::{Domain, SockAddr, Type};
use typesock::{Bound, Listening, Socket, Udp};

/// 127.0.0.1 with port 0: the kernel picks the port.
pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A connected TCP pair on 127.0.0.1 whose buffers (1 MiB, set before `listen` and
/// `connect`) hold a whole chunk: a write and the peer's read of it then run in one thread,
/// without waiting for each other. Built once with socket2, so that the three libraries
/// measure the same sockets' data path.
pub fn buffered_pair() -> (TcpStream, TcpStream) {
    let listener = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener.set_recv_buffer_size(1 << 20).unwrap();
    listener.set_send_buffer_size(1 << 20).unwrap();
    listener.bind(&loopback().into()).unwrap();
    listener.listen(1).unwrap();
    let client = socket2::Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    client.set_recv_buffer_size(1 << 20).unwrap();
    client.set_send_buffer_size(1 << 20).unwrap();
    client.connect(&listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    (client.into(), server.into())
}

/// A typesock TCP listener on 127.0.0.1, backlog 128.
pub fn typesock_listener() -> Socket<Listening> {
    Socket::tcp_v4()
        .unwrap()
        .bind(loopback())
        .unwrap()
        .listen(128)
        .unwrap()
}

/// Two std UDP sockets bound on 127.0.0.1, and the second's address: one sends, the other
/// receives.
pub fn std_udp_pair() -> (UdpSocket, UdpSocket, SocketAddr) {
    let a = UdpSocket::bind(loopback()).unwrap();
    let z = UdpSocket::bind(loopback()).unwrap();
    let to = z.local_addr().unwrap();
    (a, z, to)
}

/// The same pair with socket2, the address as socket2 takes it.
pub fn socket2_udp_pair() -> (socket2::Socket, socket2::Socket, SockAddr) {
    let bound = || {
        let socket = socket2::Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
        socket.bind(&loopback().into()).unwrap();
        socket
    };
    let (a, z) = (bound(), bound());
    let to = z.local_addr().unwrap();
    (a, z, to)
}

/// The same pair with typesock.
pub fn typesock_udp_pair() -> (Socket<Bound, Udp>, Socket<Bound, Udp>, SocketAddr) {
    let a = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let z = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let to = z.local_addr().unwrap();
    (a, z, to)
}
