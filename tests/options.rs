//! The evidence of the option rows of the rule table (`src/state/rules.rs`), on loopback: each test
//! shows the option taking effect in a state the type allows and, where it can, doing
//! nothing or failing in a state the type refuses (the call made behind the type's back,
//! through `socket2::SockRef`). Tests that need a network namespace of their own (to change
//! a sysctl without touching the machine's) or a second interface skip with a printed
//! reason where they cannot have one.
#![cfg(target_os = "linux")]

mod common;

use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::os::fd::{AsFd, AsRawFd};
use std::time::{Duration, Instant};

use socket2::SockRef;
use typesock::{Connected, Socket, TcpKeepalive, Udp};

use common::{errno, loopback, loopback_v6, tcp_listener, unix_datagram_pair};

/// `TCP_INFO` of a TCP socket.
fn tcp_info(fd: impl AsFd) -> libc::tcp_info {
    // SAFETY: all zeroes is a valid tcp_info.
    let mut info: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut len = size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` and `len` are valid for writes, and `len` holds the size of `info`.
    let r = unsafe {
        libc::getsockopt(
            fd.as_fd().as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            (&raw mut info).cast(),
            &mut len,
        )
    };
    assert_eq!(r, 0, "{}", io::Error::last_os_error());
    info
}

fn set_int(fd: impl AsFd, level: i32, name: i32, value: i32) {
    // SAFETY: the pointer and length describe `value`.
    let r = unsafe {
        libc::setsockopt(
            fd.as_fd().as_raw_fd(),
            level,
            name,
            (&raw const value).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    };
    assert_eq!(r, 0, "{}", io::Error::last_os_error());
}

/// A control message: `(level, type, payload)`.
type Cmsg = (i32, i32, Vec<u8>);

/// One datagram and its control messages.
fn recv_with_cmsgs(fd: impl AsFd) -> (Vec<u8>, Vec<Cmsg>) {
    recvmsg_with_cmsgs(fd, 0).unwrap()
}

/// One `recvmsg(2)` with `flags`: the data and the control messages.
fn recvmsg_with_cmsgs(fd: impl AsFd, flags: i32) -> io::Result<(Vec<u8>, Vec<Cmsg>)> {
    let mut data = [0u8; 256];
    let mut control = [0u64; 64];
    let mut iov = libc::iovec {
        iov_base: data.as_mut_ptr().cast(),
        iov_len: data.len(),
    };
    // SAFETY: all zeroes is a valid msghdr.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = size_of_val(&control);
    // SAFETY: `msg` points at buffers valid for the call.
    let n = unsafe { libc::recvmsg(fd.as_fd().as_raw_fd(), &mut msg, flags) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut cmsgs = Vec::new();
    // SAFETY: the CMSG macros walk the control buffer the kernel filled, within
    // `msg_controllen`.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            let len = (*cmsg).cmsg_len - libc::CMSG_LEN(0) as usize;
            let payload = std::slice::from_raw_parts(libc::CMSG_DATA(cmsg), len).to_vec();
            cmsgs.push(((*cmsg).cmsg_level, (*cmsg).cmsg_type, payload));
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
    }
    Ok((data[..n as usize].to_vec(), cmsgs))
}

fn cmsg_int(cmsgs: &[Cmsg], level: i32, ty: i32) -> Option<u32> {
    cmsgs
        .iter()
        .find(|(l, t, _)| *l == level && *t == ty)
        .map(|(_, _, p)| {
            if p.len() >= 4 {
                u32::from_ne_bytes(p[..4].try_into().unwrap())
            } else {
                u32::from(p[0])
            }
        })
}

/// Runs `f` on a thread of its own in a new network namespace, with its loopback up: the
/// sysctls of `net.*` it writes are that namespace's, not the machine's. `None` (with the
/// reason printed) where the process may not make one.
fn in_netns<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    std::thread::spawn(move || {
        // SAFETY: unshare(2) on the calling thread only; no memory is shared with it.
        if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
            eprintln!(
                "skipped: no network namespace of our own ({}): needs CAP_SYS_ADMIN",
                io::Error::last_os_error()
            );
            return None;
        }
        let up = std::process::Command::new("ip")
            .args(["link", "set", "lo", "up"])
            .status();
        if !matches!(up, Ok(s) if s.success()) {
            eprintln!("skipped: `ip link set lo up` failed in the new namespace: {up:?}");
            return None;
        }
        Some(f())
    })
    .join()
    .unwrap()
}

/// Writes a `net.*` sysctl of the calling thread's network namespace.
fn sysctl(path: &str, value: &str) {
    std::fs::write(format!("/proc/sys/{path}"), value)
        .unwrap_or_else(|e| panic!("writing {value} to {path}: {e}"));
}

#[test]
fn mss_before_connect_shows_in_the_peers_tcp_info() {
    let listener = common::listener();
    let addr = listener.local_addr().unwrap();

    // Default: the server may send loopback-sized segments.
    let _default = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let (server, _) = listener.accept().unwrap();
    let default_mss = tcp_info(&server).tcpi_snd_mss;

    // Set before connect: the SYN announces it, and the server's segments obey it.
    let client = Socket::tcp_v4().unwrap();
    client.set_tcp_mss(1000).unwrap();
    let client = client.connect(addr).unwrap();
    let (server, _) = listener.accept().unwrap();
    let announced = tcp_info(&server).tcpi_snd_mss;
    eprintln!("server's snd_mss: default {default_mss}, client MSS 1000 -> {announced}");
    assert!(announced <= 1000 && announced > 900, "{announced}");
    assert!(default_mss > 10_000, "{default_mss}");
    drop(client);

    // On a listener: its accepted sockets announce it in the SYN-ACK.
    let small = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    small.set_tcp_mss(1200).unwrap();
    let small = small.listen(8).unwrap();
    let client = Socket::tcp_v4()
        .unwrap()
        .connect(small.local_addr().unwrap())
        .unwrap();
    let client_mss = tcp_info(&client).tcpi_snd_mss;
    assert!(client_mss <= 1200 && client_mss > 1100, "{client_mss}");

    // Set after connect (behind the type): the MSS in use does not move.
    let late = Socket::tcp_v4().unwrap().connect(addr).unwrap();
    let before = late.tcp_mss().unwrap();
    SockRef::from(&late).set_tcp_mss(600).unwrap();
    assert_eq!(late.tcp_mss().unwrap(), before);
    assert_eq!(tcp_info(&late).tcpi_snd_mss, before);
}

#[test]
fn mss_sizes_reach_the_kernel_unchanged_or_refused() {
    let socket = Socket::tcp_v4().unwrap();
    socket.set_tcp_mss(1001).unwrap();
    assert_eq!(socket.tcp_mss().unwrap(), 1001);
    // Below the kernel's minimum (88): refused, never raised.
    let err = socket.set_tcp_mss(1).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert_eq!(socket.tcp_mss().unwrap(), 1001);
    // Past the kernel's largest (32767), and 0 (read back as 536): refused, never capped.
    for asked in [0, 32768, u32::MAX] {
        let err = socket.set_tcp_mss(asked).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{asked}: {err}");
        assert_eq!(socket.tcp_mss().unwrap(), 1001);
    }
    socket.set_tcp_mss(32767).unwrap();
    assert_eq!(socket.tcp_mss().unwrap(), 32767);
}

const TCPI_OPT_SYN_DATA: u8 = 32;

/// One Fast Open exchange: a client with `TCP_FASTOPEN_CONNECT` writes `data`; whether the
/// server saw it in the SYN.
fn fastopen_exchange(listener: &Socket<typesock::Listening>, data: &[u8]) -> bool {
    let client = Socket::tcp_v4().unwrap();
    client.set_tcp_fastopen_connect(true).unwrap();
    let mut client = client.connect(listener.local_addr().unwrap()).unwrap();
    client.write_all(data).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    let mut buf = vec![0; data.len()];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(buf, data);
    tcp_info(&server).tcpi_options & TCPI_OPT_SYN_DATA != 0
}

#[test]
fn fastopen_carries_data_in_the_syn() {
    let Some(seen) = in_netns(|| {
        // Client and server sides on, in this namespace only.
        sysctl("net/ipv4/tcp_fastopen", "3");
        let server = Socket::tcp_v4().unwrap();
        server.set_tcp_fastopen(8).unwrap();
        let server = server.bind(loopback()).unwrap().listen(8).unwrap();
        // The first connection fetches the cookie; the next ones carry data in the SYN.
        let first = fastopen_exchange(&server, b"first");
        let second = fastopen_exchange(&server, b"second");
        let third = fastopen_exchange(&server, b"third");

        // Without TCP_FASTOPEN on the listener, no data rides in the SYN.
        let plain = tcp_listener(loopback(), 8);
        let plain_seen = [
            fastopen_exchange(&plain, b"a"),
            fastopen_exchange(&plain, b"b"),
        ];
        // Set on the listener after listen: it takes effect too.
        let late = tcp_listener(loopback(), 8);
        late.set_tcp_fastopen(8).unwrap();
        let late_seen = [
            fastopen_exchange(&late, b"c"),
            fastopen_exchange(&late, b"d"),
        ];
        // With the server bit of the sysctl off (the machine's default, 1), the option is
        // stored and no SYN data is taken.
        sysctl("net/ipv4/tcp_fastopen", "1");
        let off = Socket::tcp_v4().unwrap();
        off.set_tcp_fastopen(8).unwrap();
        let off = off.bind(loopback()).unwrap().listen(8).unwrap();
        assert_eq!(off.tcp_fastopen().unwrap(), 8);
        let off_seen = [fastopen_exchange(&off, b"e"), fastopen_exchange(&off, b"f")];
        assert_eq!(off_seen, [false, false]);
        (first, second, third, plain_seen, late_seen)
    }) else {
        return;
    };
    eprintln!("SYN data seen by the server: {seen:?}");
    let (first, second, third, plain_seen, late_seen) = seen;
    assert!(!first, "the first connection has no cookie yet");
    assert!(second && third);
    assert_eq!(plain_seen, [false, false]);
    // The client holds the cookie for 127.0.0.1 from the first listener (cookies are kept
    // per destination address, the server's key per namespace): the first SYN carries data.
    assert_eq!(late_seen, [true, true]);
}

#[test]
fn fastopen_on_a_connected_socket_is_einval() {
    let (client, server) = common::tcp_pair();
    for socket in [&client, &server] {
        assert_eq!(
            errno(sys_set(socket, libc::TCP_FASTOPEN, 5)),
            Some(libc::EINVAL)
        );
        assert_eq!(
            errno(sys_set(socket, libc::TCP_FASTOPEN_CONNECT, 1)),
            Some(libc::EINVAL)
        );
    }
    // And on a listener, which has no `set_tcp_fastopen_connect`: refused too.
    let listener = common::listener();
    assert_eq!(
        errno(sys_set(&listener, libc::TCP_FASTOPEN_CONNECT, 1)),
        Some(libc::EINVAL)
    );
}

/// `setsockopt(IPPROTO_TCP, name, value)` behind the type's back.
fn sys_set(fd: impl AsFd, name: i32, value: i32) -> io::Result<()> {
    // SAFETY: the pointer and length describe `value`.
    let r = unsafe {
        libc::setsockopt(
            fd.as_fd().as_raw_fd(),
            libc::IPPROTO_TCP,
            name,
            (&raw const value).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[test]
fn fastopen_queue_lengths_reach_the_kernel() {
    let somaxconn: u32 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let socket = Socket::tcp_v4().unwrap();
    for asked in [0, 1, 7, somaxconn] {
        socket.set_tcp_fastopen(asked).unwrap();
        assert_eq!(socket.tcp_fastopen().unwrap(), asked);
    }
    // Past net.core.somaxconn the kernel would cap it: refused, the length kept.
    for asked in [somaxconn + 1, u32::MAX] {
        let err = socket.set_tcp_fastopen(asked).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{asked}: {err}");
        assert_eq!(socket.tcp_fastopen().unwrap(), somaxconn);
    }
}

/// Whether a non-blocking `accept` on `listener` finds a connection within `wait`.
fn accepts_within(listener: &Socket<typesock::Listening>, wait: Duration) -> bool {
    let start = Instant::now();
    loop {
        match listener.accept() {
            Ok(_) => return true,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("{e}"),
        }
        if start.elapsed() > wait {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn defer_accept_holds_accept_until_data() {
    // Set before listen, and after: both hold the connection until data arrives.
    let before = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    before
        .set_tcp_defer_accept(Some(Duration::from_secs(7)))
        .unwrap();
    let before = before.listen(8).unwrap();
    let after = common::listener();
    after
        .set_tcp_defer_accept(Some(Duration::from_secs(7)))
        .unwrap();
    let plain = common::listener();

    for (name, listener, deferred) in [
        ("before listen", &before, true),
        ("after listen", &after, true),
        ("unset", &plain, false),
    ] {
        listener.set_nonblocking(true).unwrap();
        let mut client = Socket::tcp_v4()
            .unwrap()
            .connect(listener.local_addr().unwrap())
            .unwrap();
        let early = accepts_within(listener, Duration::from_millis(300));
        assert_eq!(early, !deferred, "{name}: accepted before data: {early}");
        if deferred {
            client.write_all(b"x").unwrap();
            assert!(
                accepts_within(listener, Duration::from_secs(3)),
                "{name}: data came, and accept still waits"
            );
        }
    }
}

#[test]
fn defer_accept_takes_only_the_times_the_kernel_holds() {
    let socket = Socket::tcp_v4().unwrap();
    // The kernel keeps a count of SYN-ACK retransmissions (1 s, then doubling): it holds
    // 1 s, 3 s, 7 s, ... exactly.
    for secs in [1, 3, 7, 15] {
        let asked = Duration::from_secs(secs);
        socket.set_tcp_defer_accept(Some(asked)).unwrap();
        assert_eq!(socket.tcp_defer_accept().unwrap(), Some(asked));
    }
    for asked in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_millis(1500),
        Duration::from_secs(2),
        Duration::from_secs(i32::MAX as u64),
        Duration::MAX,
    ] {
        let err = socket.set_tcp_defer_accept(Some(asked)).unwrap_err();
        eprintln!("TCP_DEFER_ACCEPT {asked:?}: {err}");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            socket.tcp_defer_accept().unwrap(),
            Some(Duration::from_secs(15))
        );
    }
    socket.set_tcp_defer_accept(None).unwrap();
    assert_eq!(socket.tcp_defer_accept().unwrap(), None);
}

#[test]
fn user_timeout_and_keepalive_durations_are_held_or_refused() {
    let socket = Socket::tcp_v4().unwrap();
    for asked in [
        Duration::from_millis(1),
        Duration::from_millis(999),
        Duration::from_millis(1500),
        Duration::from_millis(i32::MAX as u64),
    ] {
        socket.set_tcp_user_timeout(Some(asked)).unwrap();
        assert_eq!(socket.tcp_user_timeout().unwrap(), Some(asked));
    }
    for asked in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_micros(1500),
        Duration::from_millis(i32::MAX as u64 + 1),
        Duration::MAX,
    ] {
        let err = socket.set_tcp_user_timeout(Some(asked)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{asked:?}: {err}");
    }
    socket.set_tcp_user_timeout(None).unwrap();
    assert_eq!(socket.tcp_user_timeout().unwrap(), None);

    for secs in [1, 2, 32767] {
        let asked = Duration::from_secs(secs);
        let keepalive = TcpKeepalive::new().with_time(asked).with_interval(asked);
        socket.set_tcp_keepalive(&keepalive).unwrap();
        assert_eq!(socket.tcp_keepalive_time().unwrap(), asked);
        assert_eq!(socket.tcp_keepalive_interval().unwrap(), asked);
    }
    for asked in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_millis(1500),
        Duration::from_secs(32768),
        Duration::MAX,
    ] {
        for keepalive in [
            TcpKeepalive::new().with_time(asked),
            TcpKeepalive::new().with_interval(asked),
        ] {
            let err = socket.set_tcp_keepalive(&keepalive).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{asked:?}: {err}");
        }
        assert_eq!(
            socket.tcp_keepalive_time().unwrap(),
            Duration::from_secs(32767)
        );
    }
    for asked in [1, 7, 127] {
        socket
            .set_tcp_keepalive(&TcpKeepalive::new().with_retries(asked))
            .unwrap();
        assert_eq!(socket.tcp_keepalive_retries().unwrap(), asked);
    }
    // 0 and past 127: refused; nothing raised to 1 or capped at 127 behind the caller's back.
    for asked in [0, 128, u32::MAX] {
        let err = socket
            .set_tcp_keepalive(&TcpKeepalive::new().with_retries(asked))
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{asked}: {err}");
        assert_eq!(socket.tcp_keepalive_retries().unwrap(), 127);
    }
}

#[test]
fn send_and_poll_sizes_reach_the_kernel() {
    let socket = Socket::tcp_v4().unwrap();
    for lowat in [0, 1, 7, u32::MAX] {
        socket.set_tcp_notsent_lowat(lowat).unwrap();
        assert_eq!(socket.tcp_notsent_lowat().unwrap(), lowat);
    }
    assert_eq!(
        socket
            .set_busy_poll(i32::MAX as u32 + 1)
            .unwrap_err()
            .kind(),
        io::ErrorKind::InvalidInput
    );
    for asked in [0, 1, 7, i32::MAX as u32] {
        match socket.set_busy_poll(asked) {
            Ok(()) => assert_eq!(socket.busy_poll().unwrap(), asked),
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                eprintln!("skipped SO_BUSY_POLL {asked}: needs CAP_NET_ADMIN");
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn cork_holds_a_small_write() {
    let (mut client, mut server) = common::tcp_pair();
    // 100 ms: a whole number of every Linux clock's ticks, which the kernel holds exactly.
    server
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    client.set_tcp_cork(true).unwrap();
    client.write_all(b"0123456789").unwrap();
    let mut buf = [0; 10];
    let held = server.read(&mut buf).unwrap_err();
    assert_eq!(held.kind(), io::ErrorKind::WouldBlock);
    client.set_tcp_cork(false).unwrap();
    server
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"0123456789");
}

/// Sends "ab", then "!" as urgent data; what a plain read gets within 200 ms.
fn urgent_read(inline: bool) -> Vec<u8> {
    let (client, mut server) = common::tcp_pair();
    if inline {
        server.set_out_of_band_inline(true).unwrap();
    }
    let mut client = client;
    client.write_all(b"ab").unwrap();
    SockRef::from(&client).send_out_of_band(b"!").unwrap();
    server
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0; 8];
    loop {
        match server.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
        if got.len() >= 3 {
            break;
        }
    }
    got
}

#[test]
fn oob_inline_reads_urgent_data_in_line() {
    assert_eq!(urgent_read(true), b"ab!");
    assert_eq!(urgent_read(false), b"ab");
}

#[test]
fn packet_options_reach_the_receiver() {
    // IPv4: TOS, then mark and priority (priority after TOS, which resets it).
    let receiver = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    set_int(&receiver, libc::IPPROTO_IP, libc::IP_RECVTOS, 1);
    const SO_RCVMARK: i32 = 75;
    const SO_RCVPRIORITY: i32 = 82;
    let has_rcvmark = sys_sol_socket(&receiver, SO_RCVMARK);
    let has_rcvprio = sys_sol_socket(&receiver, SO_RCVPRIORITY);

    let sender = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    sender.set_tos_v4(0x28).unwrap();
    sender.set_mark(7).unwrap();
    sender.set_priority(5).unwrap();
    sender
        .send_to(b"v4", receiver.local_addr().unwrap())
        .unwrap();
    let (data, cmsgs) = recv_with_cmsgs(&receiver);
    assert_eq!(data, b"v4");
    assert_eq!(cmsg_int(&cmsgs, libc::IPPROTO_IP, libc::IP_TOS), Some(0x28));
    if has_rcvmark {
        assert_eq!(cmsg_int(&cmsgs, libc::SOL_SOCKET, libc::SO_MARK), Some(7));
    } else {
        eprintln!("SO_MARK not seen: this kernel has no SO_RCVMARK (Linux 5.19)");
    }
    if has_rcvprio {
        assert_eq!(
            cmsg_int(&cmsgs, libc::SOL_SOCKET, libc::SO_PRIORITY),
            Some(5)
        );
    } else {
        eprintln!("SO_PRIORITY not seen: this kernel has no SO_RCVPRIORITY (Linux 6.14)");
    }

    // IPv6: traffic class and hop limit.
    let receiver = Socket::udp_v6().unwrap().bind(loopback_v6()).unwrap();
    set_int(&receiver, libc::IPPROTO_IPV6, libc::IPV6_RECVTCLASS, 1);
    set_int(&receiver, libc::IPPROTO_IPV6, libc::IPV6_RECVHOPLIMIT, 1);
    let sender = Socket::udp_v6().unwrap().bind(loopback_v6()).unwrap();
    sender.set_tclass_v6(0x48).unwrap();
    sender.set_unicast_hops_v6(9).unwrap();
    sender
        .send_to(b"v6", receiver.local_addr().unwrap())
        .unwrap();
    let (data, cmsgs) = recv_with_cmsgs(&receiver);
    assert_eq!(data, b"v6");
    assert_eq!(
        cmsg_int(&cmsgs, libc::IPPROTO_IPV6, libc::IPV6_TCLASS),
        Some(0x48)
    );
    assert_eq!(
        cmsg_int(&cmsgs, libc::IPPROTO_IPV6, libc::IPV6_HOPLIMIT),
        Some(9)
    );
}

/// Turns a `SOL_SOCKET` flag on; whether the kernel knows it.
fn sys_sol_socket(fd: impl AsFd, name: i32) -> bool {
    let one: i32 = 1;
    // SAFETY: the pointer and length describe `one`.
    let r = unsafe {
        libc::setsockopt(
            fd.as_fd().as_raw_fd(),
            libc::SOL_SOCKET,
            name,
            (&raw const one).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    };
    r == 0
}

#[test]
fn ipv6_options_on_an_ipv4_socket_say_so() {
    let socket = Socket::udp_v4().unwrap();
    let err = socket.set_tclass_v6(0x28).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("IPV6_TCLASS"), "{err}");
}

/// A network interface other than loopback, if the machine has one.
fn other_interface() -> Option<String> {
    std::fs::read_dir("/sys/class/net")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name != "lo")
}

#[test]
fn a_listener_bound_to_a_device_refuses_loopback() {
    let Some(device) = other_interface() else {
        eprintln!("skipped: no network interface but loopback");
        return;
    };
    let elsewhere = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    elsewhere.bind_device(Some(device.as_bytes())).unwrap();
    let elsewhere = elsewhere.listen(8).unwrap();
    let refused = Socket::tcp_v4()
        .unwrap()
        .connect(elsewhere.local_addr().unwrap())
        .unwrap_err();
    assert_eq!(
        refused.kind(),
        io::ErrorKind::ConnectionRefused,
        "{refused}"
    );

    // The same by index (SO_BINDTOIFINDEX).
    let name = std::ffi::CString::new(device.clone()).unwrap();
    // SAFETY: a NUL-terminated name, valid for the call.
    let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
    let by_index = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    by_index
        .bind_device_by_index_v4(std::num::NonZeroU32::new(index))
        .unwrap();
    assert_eq!(by_index.device_index_v4().unwrap().unwrap().get(), index);
    let by_index = by_index.listen(8).unwrap();
    let refused = Socket::tcp_v4()
        .unwrap()
        .connect(by_index.local_addr().unwrap())
        .unwrap_err();
    assert_eq!(
        refused.kind(),
        io::ErrorKind::ConnectionRefused,
        "{refused}"
    );

    let on_lo = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    on_lo.bind_device(Some(b"lo")).unwrap();
    assert_eq!(on_lo.device().unwrap().as_deref(), Some(&b"lo"[..]));
    let on_lo = on_lo.listen(8).unwrap();
    let _client = Socket::tcp_v4()
        .unwrap()
        .connect(on_lo.local_addr().unwrap())
        .unwrap();
    let _accepted = on_lo.accept().unwrap();

    // A UDP socket bound to the other device drops loopback datagrams.
    let udp = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    udp.bind_device(Some(device.as_bytes())).unwrap();
    udp.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let sender = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    sender.send_to(b"x", udp.local_addr().unwrap()).unwrap();
    let mut buf = [0; 4];
    assert!(
        udp.recv_from(&mut buf).is_err(),
        "a datagram from lo arrived"
    );
    // Unbound from the device (a UDP socket may, in every state), it receives again.
    udp.bind_device(None).unwrap();
    sender.send_to(b"y", udp.local_addr().unwrap()).unwrap();
    assert_eq!(udp.recv_from(&mut buf).unwrap().0, 1);
}

/// An address on no interface of this machine (TEST-NET-1).
fn foreign() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::new(192, 0, 2, 1), 0))
}

/// Whether a plain bind to a foreign address fails, as it must for the tests below to
/// show anything (`net.ipv4.ip_nonlocal_bind = 1` lets every socket bind anywhere).
fn foreign_bind_fails() -> bool {
    match Socket::tcp_v4().unwrap().bind(foreign()) {
        Err(e) => {
            assert_eq!(e.kind(), io::ErrorKind::AddrNotAvailable, "{e}");
            true
        }
        Ok(_) => {
            eprintln!("skipped: net.ipv4.ip_nonlocal_bind lets every socket bind anywhere");
            false
        }
    }
}

#[test]
fn freebind_before_bind_binds_a_foreign_address() {
    if !foreign_bind_fails() {
        return;
    }
    let socket = Socket::tcp_v4().unwrap();
    socket.set_freebind_v4(true).unwrap();
    let bound = socket.bind(foreign()).unwrap();
    assert_eq!(bound.local_addr().unwrap().ip(), foreign().ip());
    // Set after a failed bind would be too late for that bind: the bind reads it.
    let v6 = Socket::tcp_v6().unwrap();
    v6.set_freebind_v6(true).unwrap();
    assert!(v6.freebind_v6().unwrap());
    let addr: SocketAddr = "[2001:db8::1]:0".parse().unwrap();
    let _bound = v6.bind(addr).unwrap();
}

#[test]
fn transparent_before_bind_binds_a_foreign_address() {
    if !foreign_bind_fails() {
        return;
    }
    let socket = Socket::tcp_v4().unwrap();
    match socket.set_ip_transparent_v4(true) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            eprintln!("skipped: IP_TRANSPARENT needs CAP_NET_ADMIN or CAP_NET_RAW");
            return;
        }
        Err(e) => panic!("{e}"),
    }
    assert!(socket.ip_transparent_v4().unwrap());
    let bound = socket.bind(foreign()).unwrap();
    assert_eq!(bound.local_addr().unwrap().ip(), foreign().ip());
    let udp = Socket::udp_v6().unwrap();
    udp.set_ip_transparent_v6(true).unwrap();
    let _bound = udp
        .bind("[2001:db8::2]:0".parse::<SocketAddr>().unwrap())
        .unwrap();
}

#[test]
fn bind_address_no_port_shares_source_ports() {
    let Some((plain, sharing)) = in_netns(|| {
        // Four ephemeral ports in this namespace; eight listeners on ports outside them.
        sysctl("net/ipv4/ip_local_port_range", "40000 40003");
        let listeners: Vec<_> = (0..8)
            .map(|i| tcp_listener(SocketAddr::from((Ipv4Addr::LOCALHOST, 5000 + i)), 8))
            .collect();
        // Without the option, each bind to port 0 holds a port of its own.
        let mut held = Vec::new();
        for _ in 0..8 {
            match Socket::tcp_v4().unwrap().bind(loopback()) {
                Ok(bound) => held.push(bound),
                Err(e) => {
                    assert_eq!(e.kind(), io::ErrorKind::AddrInUse, "{e}");
                    break;
                }
            }
        }
        let plain = held.len();
        drop(held);
        // With it, every client binds, and connect shares the four ports among them.
        let mut clients: Vec<Socket<Connected>> = Vec::new();
        for listener in &listeners {
            let socket = Socket::tcp_v4().unwrap();
            socket.set_bind_address_no_port(true).unwrap();
            let bound = socket.bind(loopback()).unwrap();
            assert_eq!(bound.local_addr().unwrap().port(), 0);
            clients.push(bound.connect(listener.local_addr().unwrap()).unwrap());
        }
        let mut ports: Vec<u16> = clients
            .iter()
            .map(|c| c.local_addr().unwrap().port())
            .collect();
        ports.sort_unstable();
        ports.dedup();
        eprintln!("source ports shared by 8 clients: {ports:?}");
        assert!(ports.iter().all(|p| (40000..=40003).contains(p)));
        (plain, clients.len())
    }) else {
        return;
    };
    eprintln!("binds to port 0 with 4 ephemeral ports: {plain} plain, {sharing} with the option");
    assert!(plain <= 4, "{plain}");
    assert_eq!(sharing, 8);
}

#[test]
fn passcred_delivers_the_senders_credentials() {
    let (sender, receiver) = unix_datagram_pair();
    receiver.set_passcred(true).unwrap();
    sender.send(b"who").unwrap();
    let (data, cmsgs) = recv_with_cmsgs(&receiver);
    assert_eq!(data, b"who");
    let creds = cmsgs
        .iter()
        .find(|(l, t, _)| *l == libc::SOL_SOCKET && *t == libc::SCM_CREDENTIALS)
        .expect("no SCM_CREDENTIALS");
    let pid = i32::from_ne_bytes(creds.2[..4].try_into().unwrap());
    assert_eq!(pid, std::process::id() as i32);

    let (sender, receiver) = unix_datagram_pair();
    sender.send(b"who").unwrap();
    let (_, cmsgs) = recv_with_cmsgs(&receiver);
    assert!(cmsgs.is_empty(), "{cmsgs:?}");
}

/// `SO_PROTOCOL` of a socket.
fn protocol(fd: impl AsFd) -> i32 {
    let mut value = 0i32;
    let mut len = size_of::<i32>() as libc::socklen_t;
    // SAFETY: `value` and `len` are valid for writes, and `len` holds the size of `value`.
    let r = unsafe {
        libc::getsockopt(
            fd.as_fd().as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PROTOCOL,
            (&raw mut value).cast(),
            &mut len,
        )
    };
    assert_eq!(r, 0);
    value
}

#[test]
fn mptcp_talks_to_mptcp_and_to_plain_tcp() {
    let listener = match Socket::mptcp_v4() {
        Ok(socket) => socket,
        Err(e) => {
            eprintln!("skipped: {e}");
            return;
        }
    };
    assert_eq!(protocol(&listener), libc::IPPROTO_MPTCP);
    let listener = listener.bind(loopback()).unwrap().listen(8).unwrap();
    let mut client = Socket::mptcp_for(listener.local_addr().unwrap())
        .unwrap()
        .connect(listener.local_addr().unwrap())
        .unwrap();
    let (mut server, _) = listener.accept().unwrap();
    assert_eq!(protocol(&server), libc::IPPROTO_MPTCP);
    client.write_all(b"mp").unwrap();
    let mut buf = [0; 2];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"mp");

    // A plain TCP server: the connection falls back to TCP, and data still flows.
    let plain = common::listener();
    let mut client = Socket::mptcp_v4()
        .unwrap()
        .connect(plain.local_addr().unwrap())
        .unwrap();
    assert_eq!(protocol(&client), libc::IPPROTO_MPTCP);
    let (mut server, _) = plain.accept().unwrap();
    client.write_all(b"tcp").unwrap();
    let mut buf = [0; 3];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"tcp");

    let v6 = Socket::mptcp_v6().unwrap();
    assert_eq!(protocol(&v6), libc::IPPROTO_MPTCP);
}

#[test]
fn mptcp_where_the_kernel_refuses_it() {
    let Some(result) = in_netns(|| {
        if std::fs::metadata("/proc/sys/net/mptcp/enabled").is_err() {
            return None;
        }
        sysctl("net/mptcp/enabled", "0");
        Some(Socket::mptcp_v4().map(drop))
    }) else {
        return;
    };
    let Some(result) = result else {
        eprintln!("skipped: this kernel has no MPTCP (net.mptcp.enabled missing)");
        return;
    };
    let err = result.unwrap_err();
    eprintln!("net.mptcp.enabled = 0: {err}");
    assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    let source = std::error::Error::source(err.get_ref().unwrap()).unwrap();
    let os = source.downcast_ref::<io::Error>().unwrap();
    assert_eq!(os.raw_os_error(), Some(libc::ENOPROTOOPT));
    assert!(err.to_string().contains("Multipath TCP"), "{err}");
}

#[test]
fn udp_options_in_every_state() {
    let socket = Socket::<typesock::Unbound, Udp>::udp_v6().unwrap();
    socket.set_multicast_hops_v6(3).unwrap();
    assert_eq!(socket.multicast_hops_v6().unwrap(), 3);
    socket.set_multicast_all_v6(false).unwrap();
    assert!(!socket.multicast_all_v6().unwrap());
    let socket = socket.bind(loopback_v6()).unwrap();
    socket.set_multicast_if_v6(1).unwrap();
    assert_eq!(socket.multicast_if_v6().unwrap(), 1);
    let v4 = Socket::udp_v4().unwrap();
    v4.set_multicast_all_v4(false).unwrap();
    assert!(!v4.multicast_all_v4().unwrap());
}

#[test]
fn getters_in_every_state() {
    // SO_COOKIE: one number per socket, the same through every state.
    let unbound = Socket::tcp_v4().unwrap();
    let cookie = unbound.cookie().unwrap();
    let listener = unbound.bind(loopback()).unwrap().listen(8).unwrap();
    assert_eq!(listener.cookie().unwrap(), cookie);
    let (client, server) = common::connected_pair(&listener);
    assert_ne!(client.cookie().unwrap(), server.cookie().unwrap());

    // SO_ORIGINAL_DST on a connection no firewall rule redirected: ENOENT.
    let err = server.original_dst_v4().unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");
    let v6 = common::listener_on(loopback_v6());
    let (_client, server) = common::connected_pair(&v6);
    let err = server.original_dst_v6().unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ENOENT), "{err}");

    // The congestion algorithm reads back without the kernel's NUL padding.
    client.set_tcp_congestion(b"reno").unwrap();
    assert_eq!(client.tcp_congestion().unwrap(), b"reno");
}

/// Writes without blocking until the kernel refuses more: what it queues for a peer that
/// does not read.
fn queued(socket: &Socket<Connected>) -> usize {
    socket.set_nonblocking(true).unwrap();
    let chunk = [0u8; 4096];
    let mut total = 0;
    while total < 64 << 20 {
        match (&*SockRef::from(socket)).write(&chunk) {
            Ok(n) => total += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
    }
    total
}

#[test]
fn notsent_lowat_bounds_the_unsent_queue() {
    let listener = Socket::tcp_v4().unwrap();
    listener.set_recv_buffer_size(64 * 1024).unwrap();
    let listener = listener.bind(loopback()).unwrap().listen(8).unwrap();
    let (writer, _reader) = common::connected_pair(&listener);
    let default = queued(&writer);
    let (writer, _reader) = common::connected_pair(&listener);
    writer.set_tcp_notsent_lowat(1).unwrap();
    let low = queued(&writer);
    eprintln!(
        "queued for a peer that does not read: {default} by default, {low} with TCP_NOTSENT_LOWAT 1"
    );
    assert!(low < default, "{low} vs {default}");
}

/// The TTL of the IPv4 datagram `sender` sends to `to` (a 127.0.0.1 receiver), as the
/// receiver's `IP_RECVTTL` control message reports it.
fn ttl_received(sender: &Socket<typesock::Bound, Udp>, to: SocketAddr) -> u32 {
    let receiver = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    set_int(&receiver, libc::IPPROTO_IP, libc::IP_RECVTTL, 1);
    let port = receiver.local_addr().unwrap().port();
    let to = match to {
        SocketAddr::V6(v6) => SocketAddr::new(v6.ip().to_owned().into(), port),
        SocketAddr::V4(v4) => SocketAddr::new((*v4.ip()).into(), port),
    };
    sender.send_to(b"ttl", to).unwrap();
    let (data, cmsgs) = recv_with_cmsgs(&receiver);
    assert_eq!(data, b"ttl");
    cmsg_int(&cmsgs, libc::IPPROTO_IP, libc::IP_TTL).expect("an IP_TTL control message")
}

#[test]
fn ttl_on_a_dual_stack_socket_reaches_its_ipv4_datagrams() {
    let mapped: SocketAddr = "[::ffff:127.0.0.1]:0".parse().unwrap();
    let v4 = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    v4.set_ttl(7).unwrap();
    assert_eq!(ttl_received(&v4, loopback()), 7);

    let dual = Socket::udp_v6().unwrap();
    dual.set_only_v6(false).unwrap();
    let dual = dual.bind(mapped).unwrap();
    dual.set_ttl(9).unwrap();
    assert_eq!(dual.ttl().unwrap(), 9);
    let got = ttl_received(&dual, mapped);
    eprintln!("set_ttl(9) on a dual-stack socket: its IPv4-mapped datagram left with TTL {got}");
    assert_eq!(got, 9);
}

/// A UDP port on loopback with no socket: bound, then closed.
fn closed_udp_port() -> SocketAddr {
    let closed = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    closed.local_addr().unwrap()
}

/// A UDP socket with `IP_RECVERR` set to `on` that sent "to nobody" to `to`, once the ICMP
/// error came back through loopback (`POLLERR`, bounded: 5 s, or 200 ms when `on` is off).
fn sent_to_nobody(on: bool, to: SocketAddr) -> Socket<typesock::Bound, Udp> {
    let socket = Socket::udp_v4().unwrap();
    socket.set_recv_error_v4(on).unwrap();
    assert_eq!(socket.recv_error_v4().unwrap(), on);
    let socket = socket.bind(loopback()).unwrap();
    socket.send_to(b"to nobody", to).unwrap();
    let mut pollfd = libc::pollfd {
        fd: socket.as_raw_fd(),
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd; POLLERR is reported whatever `events` asks.
    unsafe { libc::poll(&mut pollfd, 1, if on { 5000 } else { 200 }) };
    socket
}

/// `IP_RECVERR` queues the ICMP error of a datagram sent to a closed port, with the
/// datagram: `recvmsg(MSG_ERRQUEUE)` returns it, and an `IP_RECVERR` control message whose
/// `sock_extended_err` says `ECONNREFUSED`, from ICMP. Without the option the queue stays
/// empty (`EAGAIN`). The option holds in every state the row allows, a listener's accepted
/// sockets inherit it, and the IPv6 one reads back as well.
#[test]
fn recv_error_queues_a_refused_datagram() {
    let to = closed_udp_port();
    let queued = |on: bool| -> io::Result<(Vec<u8>, Vec<Cmsg>)> {
        let socket = sent_to_nobody(on, to);
        recvmsg_with_cmsgs(&socket, libc::MSG_ERRQUEUE | libc::MSG_DONTWAIT)
    };

    let (data, cmsgs) = queued(true).unwrap();
    assert_eq!(data, b"to nobody");
    let (_, _, err) = cmsgs
        .iter()
        .find(|(l, t, _)| *l == libc::IPPROTO_IP && *t == libc::IP_RECVERR)
        .expect("an IP_RECVERR control message");
    assert!(err.len() >= size_of::<libc::sock_extended_err>());
    // SAFETY: the payload holds a `sock_extended_err` (checked length); read unaligned.
    let ee: libc::sock_extended_err = unsafe { std::ptr::read_unaligned(err.as_ptr().cast()) };
    assert_eq!(ee.ee_errno, libc::ECONNREFUSED as u32);
    assert_eq!(ee.ee_origin, libc::SO_EE_ORIGIN_ICMP);

    let empty = queued(false).unwrap_err();
    assert_eq!(empty.kind(), io::ErrorKind::WouldBlock, "{empty}");

    // Every state: a listener's, inherited by what it accepts; a connected UDP socket's.
    let tcp = Socket::tcp_v4().unwrap().bind(loopback()).unwrap();
    let listener = tcp.listen(8).unwrap();
    listener.set_recv_error_v4(true).unwrap();
    let _client = Socket::tcp_v4()
        .unwrap()
        .connect(listener.local_addr().unwrap())
        .unwrap();
    let (accepted, _) = listener.accept().unwrap();
    assert!(accepted.recv_error_v4().unwrap());
    accepted.set_recv_error_v4(false).unwrap();
    assert!(!accepted.recv_error_v4().unwrap());

    let v6 = Socket::udp_v6().unwrap().bind(loopback_v6()).unwrap();
    v6.set_recv_error_v6(true).unwrap();
    assert!(v6.recv_error_v6().unwrap());
}

/// `tcp_info` follows the connection: `Listen` on the listener; `Established` both ways
/// with a round-trip time, a window and the 64 KiB counted by each side once it is moved;
/// `CloseWait` at the side that read the peer's end of stream.
#[test]
fn tcp_info_follows_the_connection() {
    use typesock::TcpState;
    let listener = tcp_listener(loopback(), 8);
    assert_eq!(listener.tcp_info().unwrap().state(), TcpState::Listen);
    let mut client = Socket::tcp_v4()
        .unwrap()
        .connect(listener.local_addr().unwrap())
        .unwrap();
    let (mut server, _) = listener.accept().unwrap();
    let data = vec![7u8; 64 * 1024];
    client.write_all(&data).unwrap();
    let mut got = vec![0u8; data.len()];
    std::io::Read::read_exact(&mut server, &mut got).unwrap();

    // The last ACKs may still be on their way: wait for them, bounded.
    let deadline = Instant::now() + Duration::from_secs(5);
    let sent = loop {
        let info = client.tcp_info().unwrap();
        if info.bytes_acked() >= Some(data.len() as u64) || Instant::now() > deadline {
            break info;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    assert_eq!(sent.state(), TcpState::Established, "{sent:?}");
    assert!(sent.bytes_acked() >= Some(data.len() as u64), "{sent:?}");
    assert!(
        sent.rtt() > Duration::ZERO && sent.min_rtt().is_some(),
        "{sent:?}"
    );
    assert!(sent.mss() > 0 && sent.congestion_window() >= u64::from(sent.mss()));
    // Loopback loses nothing, but a slow machine (valgrind, a loaded CI runner) may fire a
    // tail-loss probe or a spurious timeout, which the kernel counts as a retransmission.
    assert!(
        sent.retransmits().is_some_and(|n| n <= 2),
        "loopback loses nothing, a probe or two aside: {sent:?}"
    );
    assert!(
        sent.delivery_rate().is_some_and(|rate| rate > 0),
        "{sent:?}"
    );
    let received = server.tcp_info().unwrap();
    assert!(
        received.bytes_received() >= Some(data.len() as u64),
        "{received:?}"
    );

    let client = client.shutdown_write().unwrap();
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut server, &mut rest).unwrap();
    assert_eq!(server.tcp_info().unwrap().state(), TcpState::CloseWait);
    let state = client.tcp_info().unwrap().state();
    assert!(
        matches!(state, TcpState::FinWait1 | TcpState::FinWait2),
        "{state:?}"
    );
}

/// The path MTU is a connected socket's: on a connected UDP socket, loopback's MTU (as
/// IPv4 caps it; IPv6's within loopback's); on one that is only bound, behind the type's back, `ENOTCONN`. The discovery
/// mode reads back as set.
#[test]
fn path_mtu_is_a_connected_sockets() {
    use typesock::PathMtuDiscovery;
    let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/mtu")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let peer = Socket::udp_v4().unwrap().bind(loopback()).unwrap();
    let socket = Socket::udp_v4().unwrap();
    socket
        .set_path_mtu_discovery_v4(PathMtuDiscovery::Do)
        .unwrap();
    assert_eq!(
        socket.path_mtu_discovery_v4().unwrap(),
        PathMtuDiscovery::Do
    );
    let bound = socket.bind(loopback()).unwrap();
    let mut mtu: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `mtu` and `len` are valid for writes, and `len` holds the size of `mtu`.
    let r = unsafe {
        libc::getsockopt(
            bound.as_raw_fd(),
            libc::IPPROTO_IP,
            libc::IP_MTU,
            (&raw mut mtu).cast(),
            &mut len,
        )
    };
    let error = io::Error::last_os_error();
    assert_eq!(
        (r, error.raw_os_error()),
        (-1, Some(libc::ENOTCONN)),
        "a bound socket has no path MTU"
    );
    let socket = bound.connect(peer.local_addr().unwrap()).unwrap();
    // The route's MTU, which IPv4 caps at 65,535 (`IP_MAX_MTU`; loopback's is 65,536).
    assert_eq!(socket.path_mtu_v4().unwrap(), lo.min(65_535));

    let peer6 = Socket::udp_v6().unwrap().bind(loopback_v6()).unwrap();
    let socket6 = Socket::udp_v6().unwrap();
    socket6
        .set_path_mtu_discovery_v6(PathMtuDiscovery::Probe)
        .unwrap();
    assert_eq!(
        socket6.path_mtu_discovery_v6().unwrap(),
        PathMtuDiscovery::Probe
    );
    let socket6 = socket6.connect(peer6.local_addr().unwrap()).unwrap();
    let mtu6 = socket6.path_mtu_v6().unwrap();
    assert!(
        (1280..=lo).contains(&mtu6),
        "IPv6 path MTU {mtu6}, loopback's {lo}"
    );
}

/// `recv_error` reads the error queue typed: the ICMP port unreachable of a datagram sent
/// to a closed port, with its origin, type and code, the offender, the destination and the
/// datagram; then the queue is empty. Without `IP_RECVERR` it stays empty.
#[test]
fn recv_error_reads_the_queue_typed() {
    use typesock::ErrorOrigin;
    let to = closed_udp_port();
    for on in [true, false] {
        let socket = sent_to_nobody(on, to);
        let mut buf = [0u8; 4];
        let queued = socket.recv_error(&mut buf).unwrap();
        if !on {
            assert!(queued.is_none(), "no IP_RECVERR, no queue: {queued:?}");
            continue;
        }
        let queued = queued.expect("the ICMP error is queued");
        assert_eq!(queued.origin(), ErrorOrigin::Icmp, "{queued:?}");
        assert_eq!(
            (queued.icmp_type(), queued.icmp_code()),
            (3, 3),
            "port unreachable"
        );
        assert_eq!(queued.error().raw_os_error(), Some(libc::ECONNREFUSED));
        assert_eq!(queued.offender().map(|a| a.ip()), Some(to.ip()));
        assert_eq!(queued.destination(), Some(to));
        assert_eq!((queued.len(), &buf[..]), (4, &b"to n"[..]));
        assert!(queued.is_truncated(), "9 bytes into 4");
        assert!(
            socket.recv_error(&mut buf).unwrap().is_none(),
            "the queue is empty"
        );
    }
}

/// `IPV6_DONTFRAG`: over `::1` (MTU 65536), a 65,500-byte datagram exceeds the path MTU once
/// its headers are on; with the option it fails with `EMSGSIZE`, without it the host
/// fragments it and it arrives whole.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn dont_fragment_v6_refuses_a_datagram_over_the_mtu() {
    let any = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0));
    let receiver = Socket::udp_v6().unwrap().bind(any).unwrap();
    receiver
        .set_recv_buffer_size(common::buffer_size(256 * 1024))
        .unwrap();
    receiver
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let to = receiver.local_addr().unwrap();
    let sender = Socket::udp_v6().unwrap().bind(any).unwrap();
    let big = vec![3u8; 65_500];

    assert!(!sender.dont_fragment_v6().unwrap());
    assert_eq!(sender.send_to(&big, to).unwrap(), big.len(), "fragmented");
    let mut buf = vec![0u8; 70_000];
    assert_eq!(receiver.recv_from(&mut buf).unwrap().0, big.len());

    sender.set_dont_fragment_v6(true).unwrap();
    assert!(sender.dont_fragment_v6().unwrap());
    let err = sender.send_to(&big, to).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::EMSGSIZE), "{err}");
    // A datagram within the MTU still goes.
    assert_eq!(sender.send_to(&big[..1000], to).unwrap(), 1000);
}
