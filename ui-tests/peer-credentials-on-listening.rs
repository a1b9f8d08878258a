//! `peer_credentials` on a listening Unix socket: it has no peer; the accepted socket has.

use typesock::Socket;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = Socket::unix_stream()?.bind("/tmp/typesock-ui.sock")?.listen(8)?;
    let _cred = listener.peer_credentials()?;
    Ok(())
}
