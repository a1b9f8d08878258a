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
mod options;
#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub(crate) use batch::*;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) use gso::*;
#[cfg(unix)]
pub(crate) use inet::*;
#[cfg(unix)]
pub(crate) use options::*;
#[cfg(unix)]
pub(crate) use unix::*;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub(crate) use windows::*;

/// Views an initialised byte buffer as the `MaybeUninit` buffer socket2's `recv_from` takes.
pub(crate) fn as_uninit(buf: &mut [u8]) -> &mut [std::mem::MaybeUninit<u8>] {
    // SAFETY: `u8` and `MaybeUninit<u8>` have the same layout, the buffer starts initialised,
    // and the kernel writes only initialised bytes into it, so it stays initialised.
    unsafe { &mut *(buf as *mut [u8] as *mut [std::mem::MaybeUninit<u8>]) }
}

#[cfg(unix)]
pub(crate) mod peer_cred;
#[cfg(unix)]
pub(crate) mod unix_msg;
