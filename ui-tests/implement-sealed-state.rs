//! A user type as a state: `State` is sealed, the lifecycle is the crate's.

use typesock::State;

/// A state between `Connected` and gone.
pub enum Closing {}

impl State for Closing {
    const NAME: &'static str = "Closing";
}

fn main() {}
