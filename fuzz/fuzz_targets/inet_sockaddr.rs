//! A `sockaddr_in`/`sockaddr_in6` the kernel wrote (an error's offender), hostile: no panic,
//! and an address only from bytes long enough for its family.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Some(addr) = typesock::__fuzz::inet_sockaddr(bytes) {
        let needed = if addr.is_ipv4() { 16 } else { 28 };
        assert!(bytes.len() >= needed, "{addr} from {} bytes", bytes.len());
    }
});
