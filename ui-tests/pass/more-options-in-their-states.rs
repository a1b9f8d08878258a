//! Every option of the option levels, called in each state the rule table allows it: the
//! "yes" cells of those rows compile. `main` runs the ones that need no privilege.

use std::io;
use std::time::Duration;
use typesock::{
    Bound, Connected, Connecting, Listening, ReadOnly, Socket, TcpKeepalive, Udp, Unbound,
    UnixDatagram, UnixStream, WriteOnly,
};

/// The options every TCP state has.
fn tcp_every_state<S: typesock::State>(s: &Socket<S>) -> io::Result<()> {
    s.set_tcp_keepalive(&TcpKeepalive::new().with_time(Duration::from_secs(60)))?;
    s.set_tcp_user_timeout(Some(Duration::from_secs(30)))?;
    s.set_tcp_thin_linear_timeouts(true)?;
    s.set_tcp_congestion(b"reno")?;
    s.set_tcp_quickack(true)?;
    s.set_tos_v4(0x28)?;
    s.set_priority(3)?;
    let _ = (
        s.tcp_mss()?,
        s.tcp_fastopen()?,
        s.tcp_defer_accept()?,
        s.cookie()?,
    );
    Ok(())
}

/// The handshake's options: before it, and on a listener.
fn tcp_before_handshake(
    unbound: &Socket<Unbound>,
    bound: &Socket<Bound>,
    listening: &Socket<Listening>,
) -> io::Result<()> {
    unbound.set_tcp_mss(1200)?;
    bound.set_tcp_mss(1200)?;
    listening.set_tcp_mss(1200)?;
    unbound.set_tcp_fastopen(8)?;
    bound.set_tcp_fastopen(8)?;
    listening.set_tcp_fastopen(8)?;
    unbound.set_tcp_defer_accept(Some(Duration::from_secs(1)))?;
    bound.set_tcp_defer_accept(Some(Duration::from_secs(1)))?;
    listening.set_tcp_defer_accept(None)?;
    unbound.set_tcp_fastopen_connect(true)?;
    bound.set_tcp_fastopen_connect(false)?;
    unbound.bind_device(None)?;
    bound.bind_device(None)?;
    listening.bind_device(None)?;
    unbound.set_cpu_affinity(0)?;
    bound.set_cpu_affinity(0)?;
    listening.set_cpu_affinity(0)?;
    unbound.set_freebind_v4(true)?;
    unbound.set_bind_address_no_port(true)?;
    Ok(())
}

/// Needs CAP_NET_ADMIN: compiled, not run.
#[allow(dead_code)]
fn privileged(
    unbound: &Socket<Unbound>,
    bound: &Socket<Bound>,
    listening: &Socket<Listening>,
    udp: &Socket<Connected, Udp>,
) -> io::Result<()> {
    unbound.set_ip_transparent_v4(true)?;
    bound.set_ip_transparent_v4(true)?;
    listening.set_ip_transparent_v4(true)?;
    udp.set_ip_transparent_v4(true)?;
    udp.set_mark(1)?;
    Ok(())
}

/// The send side: every state but `ReadOnly`; the receive side: every state but `WriteOnly`.
#[allow(dead_code)]
fn sides(
    connecting: &Socket<Connecting>,
    connected: &Socket<Connected>,
    write_only: &Socket<WriteOnly>,
    read_only: &Socket<ReadOnly>,
) -> io::Result<()> {
    connecting.set_tcp_cork(true)?;
    connected.set_tcp_cork(true)?;
    write_only.set_tcp_notsent_lowat(4096)?;
    connecting.set_out_of_band_inline(true)?;
    connected.set_out_of_band_inline(true)?;
    read_only.set_out_of_band_inline(true)?;
    tcp_every_state(read_only)?;
    tcp_every_state(write_only)?;
    tcp_every_state(connecting)
}

/// UDP: the device, transparency and CPU in every state that receives.
fn udp(
    unbound: &Socket<Unbound, Udp>,
    bound: &Socket<Bound, Udp>,
    connected: &Socket<Connected, Udp>,
) -> io::Result<()> {
    unbound.bind_device(None)?;
    bound.bind_device(None)?;
    connected.bind_device(None)?;
    connected.set_cpu_affinity(0)?;
    connected.set_tos_v4(0x10)?;
    connected.set_busy_poll(0)?;
    bound.set_multicast_all_v4(false)?;
    Ok(())
}

/// Unix: `SO_PASSCRED`.
fn unix(
    stream: &Socket<Unbound, UnixStream>,
    datagram: &Socket<Connected, UnixDatagram>,
) -> io::Result<()> {
    stream.set_passcred(true)?;
    datagram.set_passcred(true)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let unbound = Socket::tcp_v4()?;
    let bound = Socket::tcp_v4()?.bind(loopback)?;
    let listening = Socket::tcp_v4()?.bind(loopback)?.listen(8)?;
    tcp_before_handshake(&unbound, &bound, &listening)?;
    tcp_every_state(&unbound)?;
    tcp_every_state(&bound)?;
    tcp_every_state(&listening)?;
    let connected = Socket::tcp_v4()?.connect(listening.local_addr()?)?;
    tcp_every_state(&connected)?;
    connected.set_tcp_cork(false)?;
    connected.set_out_of_band_inline(true)?;

    let target = Socket::udp_v4()?.bind(loopback)?;
    let udp_connected = Socket::udp_v4()?.connect(target.local_addr()?)?;
    udp(
        &Socket::udp_v4()?,
        &Socket::udp_v4()?.bind(loopback)?,
        &udp_connected,
    )?;
    let (a, _b) = std::os::unix::net::UnixDatagram::pair()?;
    unix(&Socket::unix_stream()?, &Socket::try_from(a)?)?;
    Ok(())
}
