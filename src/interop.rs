//! Conversions to and from the std socket types, each only where the type proves the state.
//!
//! Into std: a listening or connected stream socket becomes the std listener or stream; a
//! bound or connected datagram socket becomes the std datagram socket. Back from std: only the
//! types whose state is certain (a `TcpListener` listens, a `TcpStream` is connected); a
//! `UdpSocket` or `std::os::unix::net::UnixDatagram` may or may not be connected, so it is
//! adopted through its descriptor (`TryFrom<OwnedFd>`), which asks the kernel.

use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::OwnedFd;
use std::os::unix::net as unix;

use crate::kind::{Tcp, Udp, UnixDatagram, UnixStream};
use crate::socket::Socket;
use crate::state::{Bound, Connected, Listening};

/// `From<Socket<$state, $kind>> for $std`, moving the descriptor without a syscall.
macro_rules! into_std {
    ($($state:ident, $kind:ident => $std:ty;)*) => {$(
        #[doc = concat!("Moves a `Socket<", stringify!($state), ", ", stringify!($kind),
            ">` into a [`", stringify!($std), "`]: the descriptor moves, no syscall is made.")]
        impl From<Socket<$state, $kind>> for $std {
            fn from(socket: Socket<$state, $kind>) -> $std {
                <$std>::from(OwnedFd::from(socket))
            }
        }
    )*};
}

/// `From<$std> for Socket<$state, $kind>`, for the std types whose state is certain.
macro_rules! from_std {
    ($($std:ty => $state:ident, $kind:ident;)*) => {$(
        #[doc = concat!("Adopts a [`", stringify!($std), "`], whose state is certain, as a `Socket<",
            stringify!($state), ", ", stringify!($kind), ">`: the descriptor moves, no syscall is made.")]
        impl From<$std> for Socket<$state, $kind> {
            fn from(std: $std) -> Self {
                crate::socket::from_inner(socket2::Socket::from(OwnedFd::from(std)))
            }
        }
    )*};
}

into_std! {
    Listening, Tcp => TcpListener;
    Connected, Tcp => TcpStream;
    Bound, Udp => UdpSocket;
    Connected, Udp => UdpSocket;
    Listening, UnixStream => unix::UnixListener;
    Connected, UnixStream => unix::UnixStream;
    Bound, UnixDatagram => unix::UnixDatagram;
    Connected, UnixDatagram => unix::UnixDatagram;
}

from_std! {
    TcpListener => Listening, Tcp;
    TcpStream => Connected, Tcp;
    unix::UnixListener => Listening, UnixStream;
    unix::UnixStream => Connected, UnixStream;
}
