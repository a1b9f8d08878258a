//! The platform layer: every syscall that socket2 does not make for us, every `cfg`, and
//! every `unsafe` block of the crate live under this module. The typestate layer above it
//! names neither `libc` nor a platform.

#[cfg(unix)]
mod batch;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod gso;
#[cfg(unix)]
mod inet;
#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub(crate) use batch::*;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use gso::*;
#[cfg(unix)]
pub(crate) use inet::*;
#[cfg(unix)]
pub(crate) use unix::*;
