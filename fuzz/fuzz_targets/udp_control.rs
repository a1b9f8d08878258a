//! A UDP datagram's received control data (destination, traffic class, timestamp, GRO),
//! hostile: no panic, no read past the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = typesock::__fuzz::udp_control(bytes);
});
