//! An error-queue message's control data (`IP_RECVERR`, `IPV6_RECVERR`), hostile: no panic,
//! no read past the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = typesock::__fuzz::error_queue(bytes);
});
