//! The lifecycle's moves (the rows' `moves [...]` and `CONSTRUCTORS`): checked against the methods'
//! signatures, and drawn as the state diagram of the crate docs (inline) and the README
//! (`docs/lifecycle.svg`).

use std::collections::BTreeSet;
#[cfg(test)]
use std::{io, net::SocketAddr, time::Duration};

use crate::{KINDS, STATES, allowed, exists, members};
use typesock::__docgen::{CONSTRUCTORS, Move, RULES};
#[cfg(test)]
use typesock::{
    Bound, Connected, Connecting, Disconnected, Kind, Listening, ReadOnly, Socket, Tcp, Udp,
    Unbound, UnixDatagram, UnixSeqpacket, UnixStream, WriteOnly,
};

/// One move of one kind from one state: as a row says, or as a signature says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Step {
    by: &'static str,
    kind: &'static str,
    /// `""`: a constructor.
    from: &'static str,
    /// `"closed"`: the method closes the socket.
    to: Vec<&'static str>,
    /// The socket stays, and a new one is returned.
    new: bool,
}

/// Each move of the rows and of `CONSTRUCTORS` with its row's platforms, and its steps: one per kind
/// and state the move starts from.
fn moves() -> Vec<(&'static Move, &'static str, Vec<Step>)> {
    let mut out = Vec::new();
    for rule in RULES {
        for by in rule.moves {
            let mut steps = Vec::new();
            for kind in KINDS {
                let Some(states) = allowed(rule, kind) else {
                    continue;
                };
                let from = states
                    .into_iter()
                    .filter(|s| (by.from == "*" || by.from == *s) && exists(s, kind));
                for from in from {
                    steps.push(Step {
                        by: by.by,
                        kind,
                        from,
                        to: by.to.to_vec(),
                        new: by.makes_new,
                    });
                }
            }
            out.push((by, rule.on, steps));
        }
    }
    for (kind, made) in CONSTRUCTORS {
        for by in *made {
            let step = Step {
                by: by.by,
                kind,
                from: by.from,
                to: by.to.to_vec(),
                new: by.makes_new,
            };
            out.push((by, "every platform", vec![step]));
        }
    }
    out
}

/// A function pointer type whose first parameter is given apart from the others.
#[cfg(test)]
macro_rules! fn_type {
    ($first:ty; ($($arg:ty),*) -> $ret:ty) => {
        fn($first $(, $arg)*) -> $ret
    };
    (; ($($arg:ty),*) -> $ret:ty) => {
        fn($($arg),*) -> $ret
    };
}

/// The steps the methods' signatures make, for each kind listed: each line is a coercion of
/// the method to a function pointer from and to the states it names, which the compiler
/// checks, and gives the steps it names.
///
/// - `move m(args): From, ... -> To;` takes the socket and returns it in `To`;
/// - `new m(args): From -> To;` borrows the socket and returns a new one in `To`;
/// - `end m(args): From, ...;` takes the socket and closes it;
/// - `enum m(args): From -> Enum { A, B };` returns `Enum::A(Socket<A, _>)` or `Enum::B(...)`;
/// - `make m(args): To;` and `pair m(args): To;` make one socket, or two.
///
/// `Addr` is the kind's address type.
#[cfg(test)]
macro_rules! signatures {
    ($out:ident, [$($kind:ident),+] $body:tt) => {
        $(signatures!(@kind $out, $kind, $body);)+
    };
    (@kind $out:ident, $k:ident, { $($entry:tt)* }) => {{
        #[allow(dead_code)]
        type Addr = <$k as Kind>::Addr;
        signatures!(@entry $out, $k, $($entry)*);
    }};
    (@entry $out:ident, $k:ident,) => {};
    (@entry $out:ident, $k:ident, move $by:ident $args:tt: $($from:ident),+ -> $to:ident;
     $($rest:tt)*) => {
        $(
            let _: fn_type!(Socket<$from, $k>; $args -> Result<Socket<$to, $k>, _>) =
                Socket::<$from, $k>::$by;
            $out.push(step(stringify!($by), stringify!($k), stringify!($from),
                &[stringify!($to)], false));
        )+
        signatures!(@entry $out, $k, $($rest)*);
    };
    (@entry $out:ident, $k:ident, new $by:ident $args:tt: $from:ident -> $to:ident;
     $($rest:tt)*) => {
        let _: fn_type!(&Socket<$from, $k>; $args -> Result<(Socket<$to, $k>, _), _>) =
            Socket::<$from, $k>::$by;
        $out.push(step(stringify!($by), stringify!($k), stringify!($from),
            &[stringify!($to)], true));
        signatures!(@entry $out, $k, $($rest)*);
    };
    (@entry $out:ident, $k:ident, end $by:ident $args:tt: $($from:ident),+; $($rest:tt)*) => {
        $(
            let _: fn_type!(Socket<$from, $k>; $args -> io::Result<()>) =
                Socket::<$from, $k>::$by;
            $out.push(step(stringify!($by), stringify!($k), stringify!($from), &["closed"],
                false));
        )+
        signatures!(@entry $out, $k, $($rest)*);
    };
    (@entry $out:ident, $k:ident, enum $by:ident $args:tt: $from:ident -> $enum:ident
     { $($to:ident),+ }; $($rest:tt)*) => {
        let _: fn_type!(Socket<$from, $k>; $args -> io::Result<$enum<$k>>) =
            Socket::<$from, $k>::$by;
        // Exhaustive: the enum has these variants and no other.
        let _ = |result: $enum<$k>| match result {
            $($enum::$to(socket) => {
                let _: Socket<$to, $k> = socket;
            })+
        };
        $out.push(step(stringify!($by), stringify!($k), stringify!($from),
            &[$(stringify!($to)),+], false));
        signatures!(@entry $out, $k, $($rest)*);
    };
    (@entry $out:ident, $k:ident, make $by:ident $args:tt: $to:ident; $($rest:tt)*) => {
        let _: fn_type!(; $args -> io::Result<Socket<$to, $k>>) = Socket::<$to, $k>::$by;
        $out.push(step(stringify!($by), stringify!($k), "", &[stringify!($to)], false));
        signatures!(@entry $out, $k, $($rest)*);
    };
    (@entry $out:ident, $k:ident, pair $by:ident $args:tt: $to:ident; $($rest:tt)*) => {
        let _: fn_type!(; $args -> io::Result<(Socket<$to, $k>, Socket<$to, $k>)>) =
            Socket::<$to, $k>::$by;
        $out.push(step(stringify!($by), stringify!($k), "", &[stringify!($to)], false));
        signatures!(@entry $out, $k, $($rest)*);
    };
}

#[cfg(test)]
fn step(
    by: &'static str,
    kind: &'static str,
    from: &'static str,
    to: &[&'static str],
    new: bool,
) -> Step {
    Step {
        by,
        kind,
        from,
        to: to.to_vec(),
        new,
    }
}

/// The steps of the lifecycle's methods, as their signatures say.
#[cfg(test)]
fn signature_steps() -> Vec<Step> {
    let mut out = Vec::new();
    signatures!(out, [Tcp, Udp, UnixStream, UnixDatagram, UnixSeqpacket] {
        move bind(Addr): Unbound -> Bound;
        move connect(Addr): Unbound, Bound -> Connected;
        move connect_timeout(Addr, Duration): Unbound, Bound -> Connected;
        move connect_nonblocking(Addr): Unbound, Bound -> Connecting;
        move finish(): Connecting -> Connected;
        move wait(Option<Duration>): Connecting -> Connected;
        end close(): Unbound, Bound, Connecting, Connected;
    });
    signatures!(out, [Tcp, UnixStream, UnixSeqpacket] {
        move listen(i32): Bound -> Listening;
        new accept(): Listening -> Connected;
        move shutdown_write(): Connected -> ReadOnly;
        move shutdown_read(): Connected -> WriteOnly;
        end shutdown_read(): ReadOnly;
        end shutdown_write(): WriteOnly;
        end close(): Listening, ReadOnly, WriteOnly;
    });
    signatures!(out, [Udp, UnixDatagram] {
        move connect(Addr): Connected -> Connected;
        move connect_timeout(Addr, Duration): Connected -> Connected;
        move connect_nonblocking(Addr): Connected -> Connecting;
        enum disconnect(): Connected -> Disconnected { Bound, Unbound };
    });
    signatures!(out, [Tcp] {
        make tcp_v4(): Unbound;
        make tcp_v6(): Unbound;
        make tcp_for(SocketAddr): Unbound;
        make mptcp_v4(): Unbound;
        make mptcp_v6(): Unbound;
        make mptcp_for(SocketAddr): Unbound;
    });
    signatures!(out, [Udp] {
        make udp_v4(): Unbound;
        make udp_v6(): Unbound;
        make udp_for(SocketAddr): Unbound;
    });
    signatures!(out, [UnixStream] {
        make unix_stream(): Unbound;
        pair unix_stream_pair(): Connected;
    });
    signatures!(out, [UnixDatagram] {
        make unix_datagram(): Unbound;
        pair unix_datagram_pair(): Connected;
    });
    signatures!(out, [UnixSeqpacket] {
        make unix_seqpacket(): Unbound;
        pair unix_seqpacket_pair(): Connected;
    });
    out
}

/// Each move names a method of its row, a state of its row (or `*`), and states (or
/// `closed`) to go to; each constructor names a kind and no state before it.
#[test]
fn every_move_is_well_formed() {
    for rule in RULES {
        for by in rule.moves {
            assert!(
                rule.op.contains(&format!("`{}`", by.by)),
                "{}: the row does not name `{}`",
                rule.op,
                by.by
            );
            assert!(
                by.from == "*" || rule.allowed.iter().any(|(_, s)| s.contains(&by.from)),
                "{}: `{}` moves from `{}`, which the row does not allow",
                rule.op,
                by.by,
                by.from
            );
            for to in by.to {
                assert!(
                    *to == "closed" || STATES.contains(to),
                    "{}: no state {to}",
                    by.by
                );
            }
        }
    }
    for (kind, made) in CONSTRUCTORS {
        assert!(KINDS.contains(kind), "CONSTRUCTORS: no kind {kind}");
        for by in *made {
            assert_eq!(by.from, "", "{}: a constructor starts from no state", by.by);
            assert!(by.to.iter().all(|to| STATES.contains(to)), "{}", by.by);
        }
    }
}

/// The moves the rows name, kind by kind and state by state, are those the signatures make.
#[test]
fn the_moves_are_the_signatures() {
    let rows: BTreeSet<Step> = moves().into_iter().flat_map(|(_, _, s)| s).collect();
    let signatures: BTreeSet<Step> = signature_steps().into_iter().collect();
    let only_rows: Vec<_> = rows.difference(&signatures).collect();
    let only_signatures: Vec<_> = signatures.difference(&rows).collect();
    assert!(
        only_rows.is_empty() && only_signatures.is_empty(),
        "moves the rows name and no signature makes: {only_rows:#?}\n\
         moves the signatures make and no row names: {only_signatures:#?}"
    );
}

// The drawing.

/// An arrow: the moves from one state to another, merged.
struct Edge {
    /// `""`: a constructor.
    from: &'static str,
    /// `"closed"` for a method that closes the socket.
    to: &'static str,
    by: Vec<&'static str>,
    kinds: Vec<&'static str>,
    new: bool,
    /// Platforms, when not every one.
    on: Vec<&'static str>,
}

/// The arrows, and the moves made from every state, which are written at their target rather
/// than drawn from each state.
fn edges() -> (Vec<Edge>, Vec<(&'static str, &'static str)>) {
    let mut edges: Vec<Edge> = Vec::new();
    let mut everywhere = Vec::new();
    for (by, on, steps) in moves() {
        let from: BTreeSet<&str> = steps.iter().map(|s| s.from).collect();
        if from == STATES.into_iter().collect() {
            for to in by.to {
                everywhere.push((by.by, *to));
            }
            continue;
        }
        for step in steps {
            for to in &step.to {
                let i = match edges
                    .iter()
                    .position(|e| (e.from, e.to, e.new) == (step.from, *to, step.new))
                {
                    Some(i) => i,
                    None => {
                        edges.push(Edge {
                            from: step.from,
                            to,
                            by: Vec::new(),
                            kinds: Vec::new(),
                            new: step.new,
                            on: Vec::new(),
                        });
                        edges.len() - 1
                    }
                };
                let edge = &mut edges[i];
                if !edge.by.contains(&step.by) {
                    edge.by.push(step.by);
                }
                if !edge.kinds.contains(&step.kind) {
                    edge.kinds.push(step.kind);
                }
                if on != "every platform" && !edge.on.contains(&on) {
                    edge.on.push(on);
                }
            }
        }
    }
    (edges, everywhere)
}

/// The kinds a colour stands for.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    Every,
    Stream,
    Datagram,
    /// Another set of kinds: named in the label.
    Some,
}

fn same(kinds: &[&str], group: &str) -> bool {
    let group = members(group);
    kinds.len() == group.len() && kinds.iter().all(|k| group.contains(k))
}

fn class(kinds: &[&str]) -> Class {
    if same(kinds, "Kind") {
        Class::Every
    } else if same(kinds, "StreamKind") {
        Class::Stream
    } else if same(kinds, "DatagramKind") {
        Class::Datagram
    } else {
        Class::Some
    }
}

const WIDTH: f64 = 880.0;
const HEIGHT: f64 = 650.0;
const BOX_W: f64 = 124.0;
const BOX_H: f64 = 40.0;
/// The radius of the end node, and of a start dot.
const END_R: f64 = 9.0;
const START_R: f64 = 5.0;
/// Label text: monospace, so its width is known.
const LABEL_PX: f64 = 12.0;
const LINE_H: f64 = 14.0;

const BACKGROUND: &str = "#ffffff";
const BORDER: &str = "#d0d7de";
const INK: &str = "#1f2328";
const STATE_FILL: &str = "#f6f8fa";
const STREAM: &str = "#0550ae";
const DATAGRAM: &str = "#953800";
const NOTE: &str = "#57606a";

fn colour(class: Class) -> &'static str {
    match class {
        Class::Every | Class::Some => INK,
        Class::Stream => STREAM,
        Class::Datagram => DATAGRAM,
    }
}

/// Where each node is (its centre).
fn at(node: &str) -> P {
    match node {
        "Unbound" => P(130.0, 110.0),
        "Bound" => P(520.0, 110.0),
        "Listening" => P(800.0, 110.0),
        "Connecting" => P(325.0, 225.0),
        "Connected" => P(325.0, 400.0),
        "ReadOnly" => P(170.0, 530.0),
        "WriteOnly" => P(480.0, 530.0),
        "closed" => P(325.0, 610.0),
        other => panic!("no place in the diagram for {other}"),
    }
}

/// How an arrow runs.
enum Route {
    Straight,
    /// A curve bent this far to the right of the direction of travel (negative: left).
    Bend(f64),
    /// A curve through this control point.
    Via(f64, f64),
    /// From and back to the same state, leaving at this angle (degrees, 0 = right,
    /// 90 = down).
    Loop(f64),
    /// From a start dot here (a constructor).
    Start(f64, f64),
}

enum Anchor {
    Start,
    Middle,
    End,
}

/// Where an arrow's label goes.
enum Label {
    /// The first line's baseline at this point, wrapped at this many characters.
    At(f64, f64, Anchor, usize),
    /// Not written: the arrow from this state to the same target has the same label.
    SameAs(&'static str),
}

/// The layout of the arrows: by `(from, to)`. Any arrow without one is drawn straight and
/// labelled at its middle; a layout no arrow uses fails the test.
const LAYOUT: &[(&str, &str, Route, Label)] = &[
    (
        "",
        "Unbound",
        Route::Start(130.0, 30.0),
        Label::At(144.0, 28.0, Anchor::Start, 40),
    ),
    (
        "",
        "Connected",
        Route::Start(60.0, 400.0),
        Label::At(40.0, 344.0, Anchor::Start, 22),
    ),
    (
        "Unbound",
        "Bound",
        Route::Straight,
        Label::At(325.0, 102.0, Anchor::Middle, 40),
    ),
    (
        "Bound",
        "Listening",
        Route::Straight,
        Label::At(635.0, 102.0, Anchor::Middle, 40),
    ),
    (
        "Unbound",
        "Connecting",
        Route::Straight,
        Label::At(325.0, 160.0, Anchor::Middle, 40),
    ),
    (
        "Bound",
        "Connecting",
        Route::Straight,
        Label::SameAs("Unbound"),
    ),
    (
        "Unbound",
        "Connected",
        Route::Bend(55.0),
        Label::At(124.0, 196.0, Anchor::End, 16),
    ),
    (
        "Bound",
        "Connected",
        Route::Bend(-55.0),
        Label::At(526.0, 196.0, Anchor::Start, 16),
    ),
    (
        "Connected",
        "Unbound",
        Route::Bend(-95.0),
        Label::At(130.0, 276.0, Anchor::End, 10),
    ),
    (
        "Connected",
        "Bound",
        Route::Bend(95.0),
        Label::At(520.0, 276.0, Anchor::Start, 10),
    ),
    (
        "Connecting",
        "Connected",
        Route::Bend(35.0),
        Label::At(300.0, 296.0, Anchor::End, 8),
    ),
    (
        "Connected",
        "Connecting",
        Route::Bend(35.0),
        Label::At(348.0, 303.0, Anchor::Start, 20),
    ),
    (
        "Connected",
        "Connected",
        Route::Loop(90.0),
        Label::At(325.0, 482.0, Anchor::Middle, 16),
    ),
    (
        "Listening",
        "Connected",
        Route::Via(800.0, 400.0),
        Label::At(772.0, 292.0, Anchor::Start, 14),
    ),
    (
        "Connected",
        "ReadOnly",
        Route::Straight,
        Label::At(228.0, 452.0, Anchor::End, 20),
    ),
    (
        "Connected",
        "WriteOnly",
        Route::Straight,
        Label::At(422.0, 452.0, Anchor::Start, 20),
    ),
    (
        "ReadOnly",
        "closed",
        Route::Straight,
        Label::At(228.0, 600.0, Anchor::End, 20),
    ),
    (
        "WriteOnly",
        "closed",
        Route::Straight,
        Label::At(422.0, 572.0, Anchor::Start, 20),
    ),
];

#[derive(Clone, Copy, Debug)]
struct P(f64, f64);

impl P {
    fn plus(self, o: P) -> P {
        P(self.0 + o.0, self.1 + o.1)
    }
    fn minus(self, o: P) -> P {
        P(self.0 - o.0, self.1 - o.1)
    }
    fn times(self, k: f64) -> P {
        P(self.0 * k, self.1 * k)
    }
    fn unit(self) -> P {
        self.times(1.0 / self.0.hypot(self.1))
    }
    /// Turned a quarter to the right (y grows downwards).
    fn right(self) -> P {
        P(-self.1, self.0)
    }
    fn of_angle(degrees: f64) -> P {
        let r = degrees.to_radians();
        P(r.cos(), r.sin())
    }
}

/// A number as SVG wants it: at most one decimal.
fn n(x: f64) -> String {
    let s = format!("{:.1}", x);
    s.strip_suffix(".0").unwrap_or(&s).to_owned()
}

fn pt(p: P) -> String {
    format!("{} {}", n(p.0), n(p.1))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Where a line from the centre `c` of `node` towards `toward` leaves the node.
fn rim(node: &str, c: P, toward: P) -> P {
    let d = toward.minus(c);
    if node == "closed" {
        return c.plus(d.unit().times(END_R));
    }
    let t = f64::min((BOX_W / 2.0) / d.0.abs(), (BOX_H / 2.0) / d.1.abs());
    c.plus(d.times(t))
}

/// Words wrapped into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The label of an arrow: its methods, the kinds when no colour names them, the platforms.
fn label_text(edge: &Edge) -> String {
    let mut text = edge.by.join(", ");
    if class(&edge.kinds) == Class::Some {
        let kinds = if same(&edge.kinds, "UnixKind") {
            "Unix kinds".to_owned()
        } else {
            edge.kinds.join(", ")
        };
        text += &format!(" ({kinds})");
    }
    for on in &edge.on {
        text += &format!(" ({on})");
    }
    text
}

/// Lines of text, the first one's baseline at `(x, y)`, with a halo of the background so
/// that a line crossing them does not hide them.
fn text(out: &mut Vec<String>, lines: &[String], x: f64, y: f64, anchor: &Anchor, fill: &str) {
    let anchor = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    for (i, line) in lines.iter().enumerate() {
        out.push(format!(
            r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{fill}" stroke="{BACKGROUND}" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            n(x),
            n(y + i as f64 * LINE_H),
            escape(line)
        ));
    }
}

fn arrowhead(out: &mut Vec<String>, tip: P, from: P, fill: &str) {
    let u = tip.minus(from).unit();
    let base = tip.minus(u.times(10.0));
    let side = u.right().times(4.5);
    out.push(format!(
        r#"<path d="M{} L{} L{} Z" fill="{fill}"/>"#,
        pt(tip),
        pt(base.plus(side)),
        pt(base.minus(side))
    ));
}

/// The path of an arrow, the point its head comes from (for the head's direction), and the
/// middle of the path (for a label without a layout).
fn route(edge: &Edge, how: &Route) -> (String, P, P) {
    let b = at(edge.to);
    let a = match how {
        Route::Start(x, y) => P(*x, *y),
        _ => at(edge.from),
    };
    if let Route::Loop(angle) = how {
        let (out, back) = (P::of_angle(angle - 28.0), P::of_angle(angle + 28.0));
        let p0 = rim(edge.to, b, b.plus(out));
        let p2 = rim(edge.to, b, b.plus(back));
        let (c1, c2) = (p0.plus(out.times(60.0)), p2.plus(back.times(60.0)));
        let end = p2.plus(c2.minus(p2).unit().times(9.0));
        let middle = p0
            .plus(p2)
            .times(0.5)
            .plus(out.plus(back).unit().times(37.0));
        return (
            format!("M{} C{} {} {}", pt(p0), pt(c1), pt(c2), pt(end)),
            c2,
            middle,
        );
    }
    let control = match how {
        Route::Bend(k) => {
            let d = b.minus(a);
            a.plus(b).times(0.5).plus(d.right().unit().times(*k))
        }
        Route::Via(x, y) => P(*x, *y),
        _ => a.plus(b).times(0.5),
    };
    let p0 = match how {
        Route::Start(..) => a.plus(control.minus(a).unit().times(START_R + 2.0)),
        _ => rim(edge.from, a, control),
    };
    let p2 = rim(edge.to, b, control);
    let end = p2.minus(p2.minus(control).unit().times(9.0));
    let middle = p0.times(0.25).plus(control.times(0.5)).plus(p2.times(0.25));
    (
        format!("M{} Q{} {}", pt(p0), pt(control), pt(end)),
        control,
        middle,
    )
}

/// The state diagram, as SVG: one element a line, no blank line.
pub fn render_svg() -> String {
    let (edges, everywhere) = edges();
    let mut out = Vec::new();
    out.push(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="typesock-lifecycle-title" style="max-width:100%;height:auto" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="{LABEL_PX}">"#,
        w = n(WIDTH),
        h = n(HEIGHT)
    ));
    out.push(format!(
        r#"<title id="typesock-lifecycle-title">{}</title>"#,
        alt_text()
    ));
    out.push(format!(
        r#"<rect x="0.5" y="0.5" width="{}" height="{}" rx="10" fill="{BACKGROUND}" stroke="{BORDER}"/>"#,
        n(WIDTH - 1.0),
        n(HEIGHT - 1.0)
    ));

    // The arrows first, the states over their ends.
    let mut used = vec![false; LAYOUT.len()];
    let mut labels = Vec::new();
    for edge in &edges {
        let layout = LAYOUT
            .iter()
            .position(|(from, to, _, _)| (*from, *to) == (edge.from, edge.to));
        let (how, label) = match layout {
            Some(i) => {
                used[i] = true;
                (&LAYOUT[i].2, Some(&LAYOUT[i].3))
            }
            None => (&Route::Straight, None),
        };
        let fill = colour(class(&edge.kinds));
        let (path, head_from, middle) = route(edge, how);
        let dash = if edge.new {
            r#" stroke-dasharray="7 4""#
        } else {
            ""
        };
        out.push(format!(
            r#"<path d="{path}" fill="none" stroke="{fill}" stroke-width="1.6"{dash}/>"#
        ));
        let tip = {
            // The head ends at the rim: the path stops short of it by the head's length.
            let b = at(edge.to);
            match how {
                Route::Loop(angle) => rim(edge.to, b, b.plus(P::of_angle(angle + 28.0))),
                _ => rim(edge.to, b, head_from),
            }
        };
        arrowhead(&mut out, tip, head_from, fill);
        let text_of = label_text(edge);
        match label {
            Some(Label::At(x, y, anchor, width)) => {
                labels.push((wrap(&text_of, *width), *x, *y, anchor, fill));
            }
            Some(Label::SameAs(other)) => {
                let twin = edges
                    .iter()
                    .find(|e| e.from == *other && e.to == edge.to && e.new == edge.new)
                    .unwrap_or_else(|| panic!("no arrow {other} -> {} to share", edge.to));
                assert_eq!(
                    (label_text(twin), class(&twin.kinds)),
                    (text_of, class(&edge.kinds)),
                    "the arrows {other} -> {to} and {} -> {to} share a label, and differ",
                    edge.from,
                    to = edge.to
                );
            }
            None => {
                labels.push((
                    vec![text_of],
                    middle.0,
                    middle.1 - 6.0,
                    &Anchor::Middle,
                    fill,
                ));
            }
        }
        if let Route::Start(x, y) = how {
            out.push(format!(
                r#"<circle cx="{}" cy="{}" r="{}" fill="{INK}"/>"#,
                n(*x),
                n(*y),
                n(START_R)
            ));
        }
    }
    if let Some(i) = used.iter().position(|u| !u) {
        panic!(
            "the layout of the arrow {:?} -> {:?} is for no arrow: the moves changed; lay out the new arrows",
            LAYOUT[i].0, LAYOUT[i].1
        );
    }

    // The states.
    for state in STATES {
        let c = at(state);
        let kinds: Vec<&str> = KINDS.into_iter().filter(|k| exists(state, k)).collect();
        let stroke = colour(class(&kinds));
        out.push(format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{STATE_FILL}" stroke="{stroke}" stroke-width="1.6"/>"#,
            n(c.0 - BOX_W / 2.0),
            n(c.1 - BOX_H / 2.0),
            n(BOX_W),
            n(BOX_H)
        ));
        out.push(format!(
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{INK}" font-size="15" font-weight="bold">{state}</text>"#,
            n(c.0),
            n(c.1 + 5.0)
        ));
    }
    // The end.
    let end = at("closed");
    out.push(format!(
        r#"<circle cx="{}" cy="{}" r="{}" fill="{BACKGROUND}" stroke="{INK}" stroke-width="1.6"/>"#,
        n(end.0),
        n(end.1),
        n(END_R)
    ));
    out.push(format!(
        r#"<circle cx="{}" cy="{}" r="{}" fill="{INK}"/>"#,
        n(end.0),
        n(end.1),
        n(END_R - 4.0)
    ));
    let mut note = vec!["closed".to_owned()];
    for (by, to) in &everywhere {
        assert_eq!(
            *to, "closed",
            "{by} from every state: to {to}, which has no note"
        );
        note.push(format!("{by}: from every state"));
    }
    text(
        &mut out,
        &note,
        end.0 + END_R + 8.0,
        end.1 + 4.0,
        &Anchor::Start,
        INK,
    );

    // The labels last, over every line.
    for (lines, x, y, anchor, fill) in &labels {
        text(&mut out, lines, *x, *y, anchor, fill);
    }

    legend(&mut out);
    out.push("</svg>".to_owned());
    out.join("\n")
}

fn legend(out: &mut Vec<String>) {
    let (x, mut y) = (615.0, 470.0);
    let names = |group: &str| members(group).join(", ");
    let rows: [(&str, &str, String); 4] = [
        (INK, "", "every kind".to_owned()),
        (
            STREAM,
            "",
            format!("connection-oriented: {}", names("StreamKind")),
        ),
        (DATAGRAM, "", format!("datagram: {}", names("DatagramKind"))),
        (INK, "7 4", "a new socket, the first stays".to_owned()),
    ];
    for (stroke, dash, what) in rows {
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        out.push(format!(
            r#"<path d="M{} {} h28" stroke="{stroke}" stroke-width="1.6"{dash}/>"#,
            n(x),
            n(y - 4.0)
        ));
        for (i, line) in wrap(&what, 30).iter().enumerate() {
            out.push(format!(
                r#"<text x="{}" y="{}" fill="{NOTE}">{}</text>"#,
                n(x + 36.0),
                n(y + i as f64 * LINE_H),
                escape(line)
            ));
            if i > 0 {
                y += LINE_H;
            }
        }
        y += 20.0;
    }
    out.push(format!(
        r#"<circle cx="{}" cy="{}" r="{}" fill="{INK}"/>"#,
        n(x + 14.0),
        n(y - 4.0),
        n(START_R)
    ));
    out.push(format!(
        r#"<text x="{}" y="{}" fill="{NOTE}">a constructor</text>"#,
        n(x + 36.0),
        n(y)
    ));
}

/// What the diagram shows, in words.
fn alt_text() -> String {
    format!(
        "The states of a typesock Socket ({}) and the methods that move a socket from one to another",
        STATES.join(", ")
    )
}

pub const BEGIN: &str = "<!-- state diagram: generated from src/state/rules.rs -->";
pub const END: &str = "<!-- end of state diagram -->";

/// The README's region: the file, since GitHub shows no inline SVG.
pub fn readme_block() -> String {
    format!(
        "{BEGIN}\n<p align=\"center\"><img src=\"docs/lifecycle.svg\" alt=\"{}\"></p>\n{END}",
        alt_text()
    )
}
