//! Compile-time proofs of the type-level facts the crate promises: sizes, and which traits
//! each state does and does not implement. They cost nothing at run time.

use std::io::{Read, Write};

use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};

use crate::state::{CanShutdownRead, CanShutdownWrite};
use crate::sys::RawDescriptor;
use crate::{Bound, Connected, Connecting, Listening, ReadOnly, Socket, Unbound, WriteOnly};
use crate::{Tcp, Udp};
#[cfg(unix)]
use crate::{UnixDatagram, UnixStream};

/// For every state and kind: a `Socket` and an `Option<Socket>` are a descriptor's size, the
/// socket is `Send + Sync`, and never `Clone` or `Copy`.
macro_rules! every_socket {
    ($($state:ident),*) => {$(
        every_socket!(@kinds $state, Tcp, Udp);
        #[cfg(unix)]
        every_socket!(@kinds $state, UnixStream, UnixDatagram);
    )*};
    (@kinds $state:ident, $($kind:ident),*) => {$(
        assert_eq_size!(Socket<$state, $kind>, RawDescriptor);
        assert_eq_size!(Option<Socket<$state, $kind>>, RawDescriptor);
        assert_impl_all!(Socket<$state, $kind>: Send, Sync, std::fmt::Debug);
        assert_not_impl_any!(Socket<$state, $kind>: Clone, Copy);
    )*};
}

every_socket!(
    Unbound, Bound, Listening, Connected, ReadOnly, WriteOnly, Connecting
);

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
mod seqpacket {
    use super::*;
    use crate::UnixSeqpacket;

    macro_rules! seqpacket_socket {
        ($($state:ident),*) => {$(
            assert_eq_size!(Socket<$state, UnixSeqpacket>, RawDescriptor);
            assert_eq_size!(Option<Socket<$state, UnixSeqpacket>>, RawDescriptor);
            assert_impl_all!(Socket<$state, UnixSeqpacket>: Send, Sync, std::fmt::Debug);
            assert_not_impl_any!(Socket<$state, UnixSeqpacket>: Clone, Copy, Read, Write);
            assert_not_impl_any!(&'static Socket<$state, UnixSeqpacket>: Read, Write);
        )*};
    }

    // A seqpacket socket keeps message boundaries in every state: never `Read` or `Write`.
    seqpacket_socket!(
        Unbound, Bound, Listening, Connected, ReadOnly, WriteOnly, Connecting
    );
}

// Received descriptors are held without allocation: one `Option<OwnedFd>` is a descriptor's
// size. The storage and the credentials are plain values that cross threads.
#[cfg(unix)]
mod unix_extras {
    use super::*;

    assert_eq_size!(Option<std::os::fd::OwnedFd>, RawDescriptor);
    assert_impl_all!(crate::FdBuf<4>: Send, Sync, Default, std::fmt::Debug);
    assert_not_impl_any!(crate::FdBuf<4>: Clone, Copy);
    assert_impl_all!(
        crate::PeerCredentials: Copy,
        Eq,
        std::hash::Hash,
        Send,
        Sync,
        std::fmt::Debug
    );
    assert_impl_all!(crate::RecvFdsError: std::error::Error, Send, Sync);
}

// Only a connected stream socket moves bytes through `Read` and `Write`, owned or shared.
assert_impl_all!(Socket<Connected, Tcp>: Read, Write);
assert_impl_all!(&'static Socket<Connected, Tcp>: Read, Write);
#[cfg(unix)]
assert_impl_all!(Socket<Connected, UnixStream>: Read, Write);
#[cfg(unix)]
assert_impl_all!(&'static Socket<Connected, UnixStream>: Read, Write);

assert_not_impl_any!(Socket<Unbound, Tcp>: Read, Write);
assert_not_impl_any!(Socket<Bound, Tcp>: Read, Write);
assert_not_impl_any!(Socket<Listening, Tcp>: Read, Write);
assert_not_impl_any!(&'static Socket<Listening, Tcp>: Read, Write);
#[cfg(unix)]
assert_not_impl_any!(Socket<Listening, UnixStream>: Read, Write);
assert_not_impl_any!(Socket<Connecting, Tcp>: Read, Write);

// Half-closed sockets keep only their remaining direction.
assert_impl_all!(Socket<ReadOnly, Tcp>: Read);
assert_impl_all!(&'static Socket<ReadOnly, Tcp>: Read);
assert_not_impl_any!(Socket<ReadOnly, Tcp>: Write);
assert_not_impl_any!(&'static Socket<ReadOnly, Tcp>: Write);
#[cfg(unix)]
assert_impl_all!(Socket<WriteOnly, UnixStream>: Write);
#[cfg(unix)]
assert_not_impl_any!(Socket<WriteOnly, UnixStream>: Read);
assert_not_impl_any!(&'static Socket<WriteOnly, Tcp>: Read);

// Shutting a direction down (the rule table's `shutdown_write` and `shutdown_read` rows): a
// connected socket half-closes, a half-closed one shuts its last direction; nothing else.
assert_impl_all!(Connected: CanShutdownWrite, CanShutdownRead);
assert_impl_all!(WriteOnly: CanShutdownWrite);
assert_impl_all!(ReadOnly: CanShutdownRead);
assert_not_impl_any!(ReadOnly: CanShutdownWrite);
assert_not_impl_any!(WriteOnly: CanShutdownRead);
assert_not_impl_any!(Unbound: CanShutdownWrite, CanShutdownRead);
assert_not_impl_any!(Bound: CanShutdownWrite, CanShutdownRead);
assert_not_impl_any!(Listening: CanShutdownWrite, CanShutdownRead);
assert_not_impl_any!(Connecting: CanShutdownWrite, CanShutdownRead);

// Datagram kinds never stream: messages go through send/recv and send_to/recv_from.
assert_not_impl_any!(Socket<Connected, Udp>: Read, Write);
assert_not_impl_any!(Socket<Bound, Udp>: Read, Write);
#[cfg(unix)]
assert_not_impl_any!(Socket<Connected, UnixDatagram>: Read, Write);

// The states and kinds are uninhabited markers: they can be neither built nor copied.
assert_eq_size!(Unbound, ());
assert_eq_size!(Tcp, ());
