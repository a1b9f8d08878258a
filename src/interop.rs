//! Conversions to and from the std socket types, each only where the type proves the state.
//!
//! Into std: a listening or connected stream socket becomes the std listener or stream; a
//! bound or connected datagram socket becomes the std datagram socket. Back from std: every
//! way in is checked. std builds its socket types from any `OwnedFd` in safe code
//! (`TcpListener::from(fd)`), so a std type proves nothing about the kernel's state: the
//! conversions are `TryFrom`, with the same kernel check as adoption
//! ([`TryFrom<OwnedFd>`](Socket#impl-TryFrom%3COwnedFd%3E-for-Socket%3CS,+K%3E)), and a
//! refused value comes back inside the [`AdoptError`].

use std::net::{TcpListener, TcpStream, UdpSocket};
#[cfg(unix)]
use std::os::unix::net as unix;

use crate::error::AdoptError;
use crate::kind::Kind;
use crate::kind::{Tcp, Udp};
#[cfg(unix)]
use crate::kind::{UnixDatagram, UnixStream};
use crate::socket::Socket;
use crate::state::{Bound, CanFromStdUnchecked, CanIntoStd, Connected, Listening};
use crate::sys::OwnedDescriptor;

/// `From<Socket<S, K>> for $std`, moving the descriptor without a syscall, for the states and
/// kinds the rows below give ([`CanIntoStd`]); and `From<$std> for Socket<S, K>` for none,
/// so that an unchecked conversion is refused in the crate's words.
macro_rules! std_type {
    ($($(#[$cfg:meta])* $std:ty;)*) => {$(
        $(#[$cfg])*
        #[doc = concat!("Moves the socket into a [`", stringify!($std), "`]: the descriptor ",
            "moves, no syscall is made. Only the states and kinds a `", stringify!($std),
            "` stands for convert ([`CanIntoStd`](crate::state::CanIntoStd)).")]
        impl<S: CanIntoStd<$std, K>, K: Kind> From<Socket<S, K>> for $std {
            fn from(socket: Socket<S, K>) -> $std {
                <$std>::from(OwnedDescriptor::from(socket))
            }
        }

        $(#[$cfg])*
        /// Never implemented: no state is `CanFromStdUnchecked`. A std socket is adopted
        /// with `TryFrom`, which asks the kernel; this impl only words the refusal.
        #[doc(hidden)]
        impl<S: CanFromStdUnchecked<$std>, K: Kind> From<$std> for Socket<S, K> {
            fn from(_: $std) -> Self {
                unreachable!("no state implements CanFromStdUnchecked")
            }
        }
    )*};
}

/// The rows of the conversions into std: `$state, $kind => $std`.
macro_rules! into_std {
    ($($state:ident, $kind:ident => $std:ty;)*) => {$(
        #[diagnostic::do_not_recommend]
        impl CanIntoStd<$std, $kind> for $state {}
    )*};
}

std_type! {
    TcpListener;
    TcpStream;
    UdpSocket;
    #[cfg(unix)]
    unix::UnixListener;
    #[cfg(unix)]
    unix::UnixStream;
    #[cfg(unix)]
    unix::UnixDatagram;
}

/// `TryFrom<$std> for Socket<$state, $kind>`: the kernel is asked, as for an `OwnedFd`.
macro_rules! try_from_std {
    ($($std:ty => $state:ident, $kind:ident;)*) => {$(
        #[doc = concat!("Adopts a [`", stringify!($std), "`] as a `Socket<", stringify!($state),
            ", ", stringify!($kind), ">` after asking the kernel what it is, as ",
            "`TryFrom<OwnedFd>` does (std builds its types from any descriptor in safe code); ",
            "a mismatch hands the std socket back in the error.")]
        impl TryFrom<$std> for Socket<$state, $kind> {
            type Error = AdoptError<$std>;

            fn try_from(std: $std) -> Result<Self, AdoptError<$std>> {
                Socket::try_from(OwnedDescriptor::from(std)).map_err(|e| e.map(<$std>::from))
            }
        }
    )*};
}

into_std! {
    Listening, Tcp => TcpListener;
    Connected, Tcp => TcpStream;
    Bound, Udp => UdpSocket;
    Connected, Udp => UdpSocket;
}

#[cfg(unix)]
into_std! {
    Listening, UnixStream => unix::UnixListener;
    Connected, UnixStream => unix::UnixStream;
    Bound, UnixDatagram => unix::UnixDatagram;
    Connected, UnixDatagram => unix::UnixDatagram;
}

try_from_std! {
    TcpListener => Listening, Tcp;
    TcpStream => Connected, Tcp;
    UdpSocket => Bound, Udp;
    UdpSocket => Connected, Udp;
}

#[cfg(unix)]
try_from_std! {
    unix::UnixListener => Listening, UnixStream;
    unix::UnixStream => Connected, UnixStream;
    unix::UnixDatagram => Bound, UnixDatagram;
    unix::UnixDatagram => Connected, UnixDatagram;
}
