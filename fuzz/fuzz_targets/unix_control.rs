//! A Unix socket's received control data (descriptors, credentials, pidfds), hostile: no
//! panic, no read past the bytes, and every descriptor read is a whole `int` of an
//! `SCM_RIGHTS` message within them, each once.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let fds = typesock::__fuzz::unix_control(bytes);
    // Each descriptor takes four bytes of a message that also has a header.
    assert!(fds.len() * 4 <= bytes.len());
    assert!(fds.iter().all(|&fd| fd >= 0));
    let _ = typesock::__fuzz::control_messages(bytes);
});
