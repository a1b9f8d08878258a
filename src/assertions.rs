//! Compile-time proofs of the type-level facts the crate promises: sizes, and which traits
//! each state does and does not implement. They cost nothing at run time.

use std::io::{Read, Write};

use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};

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

// Datagram kinds never stream: messages go through send/recv and send_to/recv_from.
assert_not_impl_any!(Socket<Connected, Udp>: Read, Write);
assert_not_impl_any!(Socket<Bound, Udp>: Read, Write);
#[cfg(unix)]
assert_not_impl_any!(Socket<Connected, UnixDatagram>: Read, Write);

// The states and kinds are uninhabited markers: they can be neither built nor copied.
assert_eq_size!(Unbound, ());
assert_eq_size!(Tcp, ());
