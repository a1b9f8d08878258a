//! A Unix stream descriptor adopted as `WriteOnly`: the kernel sets the same flag for the
//! socket's own `shutdown(SHUT_RD)` and for the peer's end of stream, so it cannot show a
//! write-only Unix stream; only `Tcp`, whose state tells them apart, is adopted so.

use std::os::fd::OwnedFd;
use typesock::{Socket, UnixStream, WriteOnly};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (left, _right) = Socket::unix_stream_pair()?;
    let fd = OwnedFd::from(left);
    let _socket: Socket<WriteOnly, UnixStream> = fd.try_into()?;
    Ok(())
}
