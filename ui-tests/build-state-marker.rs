//! A state marker built by hand: the states are types that have no values.

use typesock::Unbound;

fn main() {
    let _state: Unbound = Unbound;
}
