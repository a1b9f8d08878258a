//! A `Socket` built by hand: only the crate makes one, in the state its syscalls reached.

use typesock::{Connected, Socket};

fn main() {
    let _socket: Socket<Connected> = Socket {};
}
