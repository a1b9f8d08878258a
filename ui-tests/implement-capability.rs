//! A capability granted to a user type: the capability traits are sealed.

use typesock::state::CanAccept;

/// A state meant to accept without `listen`.
pub enum Ready {}

impl CanAccept for Ready {}

fn main() {}
