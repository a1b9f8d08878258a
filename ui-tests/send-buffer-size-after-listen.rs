//! `set_send_buffer_size` on a `Listening` Unix stream socket: it sends nothing, and the
//! sockets it accepts are made anew, so they do not inherit it (a TCP listener's do).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = typesock::Socket::unix_stream()?
        .bind(typesock::UnixAddr::from_abstract_name("ui-send-buffer-after-listen")?)?
        .listen(8)?;
    listener.set_send_buffer_size(1 << 16)?;
    Ok(())
}
