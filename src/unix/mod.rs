//! What Unix programs need from their sockets beyond the lifecycle: connected pairs
//! (`socketpair(2)`), the sequenced-packet kind, descriptor passing (`SCM_RIGHTS`) and peer
//! credentials. Every syscall is made by the platform layer (`crate::sys`).

#[cfg(any(target_os = "linux", target_os = "android"))]
mod autobind;
mod cred;
mod fds;
mod pair;
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
mod seqpacket;

pub use cred::PeerCredentials;
pub use fds::{FdBuf, RecvFdsError};
