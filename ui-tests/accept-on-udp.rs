//! `accept` on a UDP socket: a datagram socket never listens, so it has nothing to accept. No
//! `Socket<Listening, Udp>` can be made (neither `listen` nor adoption gives one); a function
//! can still name the type, and its `accept` does not compile.

use typesock::{Listening, Socket, Udp};

fn serve(listener: &Socket<Listening, Udp>) {
    let _ = listener.accept();
}

fn main() {
    let _ = serve;
}
