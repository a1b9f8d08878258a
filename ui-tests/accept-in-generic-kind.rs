//! `accept` in code generic over the kind, without `K: StreamKind`: the kind might be a
//! datagram kind.

use typesock::{Kind, Listening, Socket};

fn serve<K: Kind>(listener: &Socket<Listening, K>) {
    let _ = listener.accept();
}

fn main() {}
