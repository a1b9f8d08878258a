//! Adopting descriptors: `TryFrom<OwnedFd>` accepts a socket of the kind and state the type
//! names, and refuses every other one, handing the descriptor back.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

use typesock::{
    AdoptError, Bound, Connected, Listening, Socket, State, Tcp, Udp, Unbound, UnixDatagram,
    UnixStream,
};

mod common;
use common::{UnixName, loopback, loopback_v6, unix_datagram_pair, unix_stream_pair};

/// One descriptor of every kind in every state it can be in, with its label.
fn every_descriptor() -> Vec<(&'static str, OwnedFd, Vec<OwnedFd>)> {
    let mut all = Vec::new();
    let tcp_listener = common::tcp_listener(loopback(), 8);
    let tcp_client = Socket::tcp_v4()
        .unwrap()
        .connect(tcp_listener.local_addr().unwrap())
        .unwrap();
    let (tcp_server, _) = tcp_listener.accept().unwrap();
    all.push(("Unbound Tcp", Socket::tcp_v4().unwrap().into(), vec![]));
    all.push((
        "Bound Tcp",
        Socket::tcp_v6()
            .unwrap()
            .bind(loopback_v6())
            .unwrap()
            .into(),
        vec![],
    ));
    all.push(("Connected Tcp", tcp_client.into(), vec![tcp_server.into()]));
    all.push(("Listening Tcp", tcp_listener.into(), vec![]));

    let udp_server = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let udp_client = Socket::udp_v4()
        .unwrap()
        .connect(udp_server.local_addr().unwrap())
        .unwrap();
    all.push(("Unbound Udp", Socket::udp_v4().unwrap().into(), vec![]));
    all.push(("Connected Udp", udp_client.into(), vec![]));
    all.push(("Bound Udp", udp_server.into(), vec![]));

    let (left, right) = unix_stream_pair();
    all.push((
        "Unbound UnixStream",
        Socket::unix_stream().unwrap().into(),
        vec![],
    ));
    all.push(("Connected UnixStream", left.into(), vec![right.into()]));
    let name = UnixName::new("adopt-bound");
    let unix_bound = Socket::unix_stream().unwrap().bind(name.addr()).unwrap();
    all.push(("Bound UnixStream", unix_bound.into(), vec![]));
    let name = UnixName::new("adopt-listening");
    let unix_listener = common::unix_listener(name.addr(), 4);
    all.push(("Listening UnixStream", unix_listener.into(), vec![]));

    let (left, right) = unix_datagram_pair();
    all.push((
        "Unbound UnixDatagram",
        Socket::unix_datagram().unwrap().into(),
        vec![],
    ));
    all.push(("Connected UnixDatagram", left.into(), vec![right.into()]));
    let name = UnixName::new("adopt-dgram");
    let bound = Socket::unix_datagram().unwrap().bind(name.addr()).unwrap();
    all.push(("Bound UnixDatagram", bound.into(), vec![]));
    all
}

/// Tries to adopt `fd` as `Socket<S, K>`. Returns the descriptor, which comes back either
/// way, and whether it was adopted.
fn try_adopt<S, K>(fd: OwnedFd) -> (OwnedFd, bool)
where
    S: State,
    K: typesock::Kind,
    Socket<S, K>: TryFrom<OwnedFd, Error = AdoptError>,
{
    let raw = fd.as_raw_fd();
    match Socket::<S, K>::try_from(fd) {
        Ok(socket) => {
            let fd = OwnedFd::from(socket);
            assert_eq!(fd.as_raw_fd(), raw, "adoption keeps the descriptor");
            (fd, true)
        }
        Err(err) => {
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{err}");
            let message = err.to_string();
            let head = format!(
                "cannot adopt fd {raw} as Socket<{}, {}>: expected ",
                S::NAME,
                K::NAME
            );
            assert!(message.starts_with(&head), "{message}");
            assert!(
                message.contains(&format!(", found {}", err.found())),
                "{message}"
            );
            let fd = err.into_fd();
            assert_eq!(fd.as_raw_fd(), raw, "the refused descriptor comes back");
            (fd, false)
        }
    }
}

/// Tries `fd` as each listed `Socket<State, Kind>`; asserts it is adopted exactly as the
/// type its label names, and refused as every other.
macro_rules! adopt_as_each {
    ($label:expr, $fd:expr, $($state:ident $kind:ident),* $(,)?) => {{
        let mut fd = $fd;
        $(
            let (back, adopted) = try_adopt::<$state, $kind>(fd);
            fd = back;
            let target = concat!(stringify!($state), " ", stringify!($kind));
            assert_eq!(adopted, $label == target, "{} adopted as Socket<{}>: {}", $label, target, adopted);
        )*
        fd
    }};
}

#[test]
fn each_descriptor_is_adopted_as_its_own_type_and_refused_as_every_other() {
    let all = every_descriptor();
    assert_eq!(all.len(), 14);
    for (label, fd, _peers) in all {
        // Every adoptable type: four states for the stream kinds, three for the datagram
        // kinds (a `Socket<Listening, Udp>` does not even compile).
        let fd = adopt_as_each!(
            label, fd,
            Unbound Tcp, Bound Tcp, Listening Tcp, Connected Tcp,
            Unbound Udp, Bound Udp, Connected Udp,
            Unbound UnixStream, Bound UnixStream, Listening UnixStream, Connected UnixStream,
            Unbound UnixDatagram, Bound UnixDatagram, Connected UnixDatagram,
        );
        drop(fd);
    }
}

#[test]
fn an_adopted_listener_accepts() {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();
    let fd: OwnedFd = listener.into();
    let listener = Socket::<Listening, Tcp>::try_from(fd).unwrap();
    let _client = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let (conn, _) = listener.accept().unwrap();
    let _: Socket<Connected> = conn;
}

#[test]
fn a_descriptor_that_is_not_a_socket_is_refused() {
    let file = File::open("/dev/null").unwrap();
    let raw = file.as_raw_fd();
    let err = Socket::<Listening>::try_from(OwnedFd::from(file)).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let source = err
        .error()
        .get_ref()
        .and_then(|e| e.downcast_ref::<io::Error>());
    assert_eq!(
        source.and_then(io::Error::raw_os_error),
        Some(libc::ENOTSOCK)
    );
    assert_eq!(
        err.to_string(),
        format!(
            "cannot adopt fd {raw} as Socket<Listening, Tcp>: expected a listening TCP socket, found a descriptor that is not a socket"
        )
    );
    let io_err: io::Error = err.into();
    assert_eq!(
        io_err.raw_os_error(),
        None,
        "the io::Error wraps the message"
    );
}

#[test]
fn refusal_names_what_was_found() {
    let fd: OwnedFd = Socket::udp_v6().unwrap().into();
    let raw = fd.as_raw_fd();
    let err = Socket::<Bound, Tcp>::try_from(fd).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot adopt fd {raw} as Socket<Bound, Tcp>: expected a bound TCP socket, found an unbound AF_INET6 SOCK_DGRAM socket"
        )
    );
}
