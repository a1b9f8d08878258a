//! A tokio `TcpStream` taken back as a `Listening` socket: a stream comes back `Connected`.

use typesock::{Listening, Socket};

fn back(stream: tokio::net::TcpStream) -> Result<Socket<Listening>, Box<dyn std::error::Error>> {
    Ok(Socket::<Listening>::try_from(stream)?)
}

fn main() {
    let _ = back;
}
