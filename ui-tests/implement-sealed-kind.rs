//! A user type as a kind: `Kind` is sealed, the kinds are the crate's.

use std::net::SocketAddr;
use typesock::Kind;

/// SCTP, which `socket(2)` also offers.
pub enum Sctp {}

impl Kind for Sctp {
    const NAME: &'static str = "Sctp";
    type Addr = SocketAddr;
}

fn main() {}
