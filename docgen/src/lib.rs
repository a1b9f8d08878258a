//! The generator of typesock's generated documentation: the rule table (`docs/rule-table.md`,
//! pulled into the crate docs, and a region of the README) and the state diagram
//! (`docs/lifecycle.svg`), drawn from the rows of `src/state/rules.rs`; and the checks that the
//! rows are what the methods' signatures and the tests say.
//!
//! `cargo run -p typesock-docgen` writes the files; `cargo run -p typesock-docgen -- --check`
//! (and `cargo test -p typesock-docgen`) fails when one of them is stale.
#![cfg(target_os = "linux")]

pub mod imports;
pub mod lifecycle;

use typesock::__docgen::{GROUPS, RULES, Rule};
#[cfg(test)]
use typesock::{Kind, Tcp, Udp, UnixDatagram, UnixSeqpacket, UnixStream};

/// The root of the typesock repository, where the generated files live.
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The state columns, in lifecycle order.
pub const STATES: [&str; 7] = [
    "Unbound",
    "Bound",
    "Listening",
    "Connecting",
    "Connected",
    "ReadOnly",
    "WriteOnly",
];
/// The kinds, and the groups that name several.
pub const KINDS: [&str; 5] = ["Tcp", "UnixStream", "UnixSeqpacket", "Udp", "UnixDatagram"];

/// The kinds (of [`KINDS`]) a group names: a kind names itself, a group trait the kinds the
/// compiler finds implementing it (`GROUPS`, computed in the crate by probing each kind
/// against the bound); `A + B` names the kinds in both.
pub fn members(group: &str) -> Vec<&'static str> {
    if let Some((a, b)) = group.split_once(" + ") {
        let b = members(b);
        return members(a).into_iter().filter(|k| b.contains(k)).collect();
    }
    if let Some(kind) = KINDS.iter().find(|k| **k == group) {
        return vec![kind];
    }
    let (_, kinds) = GROUPS
        .iter()
        .find(|(name, _)| *name == group)
        .unwrap_or_else(|| panic!("unknown kind or group {group}"));
    KINDS
        .into_iter()
        .filter(|k| kinds.iter().any(|(name, meets)| name == k && *meets))
        .collect()
}

pub fn is_datagram(kind: &str) -> bool {
    members("DatagramKind").contains(&kind)
}

/// Whether a kind has the state: datagram sockets never listen and have no half-close.
pub fn exists(state: &str, kind: &str) -> bool {
    !(is_datagram(kind) && matches!(state, "Listening" | "ReadOnly" | "WriteOnly"))
}

/// The states a row allows for one kind; `None` if the row does not apply to the kind.
pub fn allowed(rule: &Rule, kind: &str) -> Option<Vec<&'static str>> {
    let mut applies = false;
    let mut states = Vec::new();
    for (group, list) in rule.allowed {
        if members(group).contains(&kind) {
            applies = true;
            states.extend_from_slice(list);
        }
    }
    applies.then_some(states)
}

fn label(kinds: &[&str]) -> String {
    let all = |group: &str| {
        let m = members(group);
        m.len() == kinds.len() && m.iter().all(|k| kinds.contains(k))
    };
    if all("Kind") {
        "every kind".to_owned()
    } else if all("StreamKind") {
        "connection-oriented kinds".to_owned()
    } else if all("ByteStreamKind") {
        "byte-stream kinds".to_owned()
    } else if all("DatagramKind") {
        "datagram kinds".to_owned()
    } else if all("InetKind") {
        "`Tcp`, `Udp`".to_owned()
    } else {
        kinds
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The capability table, as markdown: a line per row and group of kinds that share the
/// same cells.
pub fn render() -> String {
    let mut out = String::from("| operation | kinds |");
    for state in STATES {
        out += &format!(" `{state}` |");
    }
    out += "\n| --- | --- |";
    out += &" --- |".repeat(STATES.len());
    out += "\n";
    for rule in RULES {
        // Kinds allowed the same states share a line.
        let mut groups: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
        for kind in KINDS {
            let Some(states) = allowed(rule, kind) else {
                continue;
            };
            match groups.iter_mut().find(|(_, s)| *s == states) {
                Some((kinds, _)) => kinds.push(kind),
                None => groups.push((vec![kind], states)),
            }
        }
        let groups = groups.into_iter().map(|(kinds, states)| {
            let cells: String = STATES
                .iter()
                .map(|s| {
                    if kinds.iter().all(|k| !exists(s, k)) {
                        " – |"
                    } else if states.contains(s) {
                        " yes |"
                    } else {
                        " no |"
                    }
                })
                .collect();
            (kinds, cells)
        });
        for (kinds, cells) in groups {
            out += &format!("| {} | {} |{cells}\n", rule.op, label(&kinds));
        }
    }
    out
}

/// The reasons and the evidence, as markdown.
pub fn render_reasons() -> String {
    let mut out =
        String::from("| operation | why | evidence | platforms |\n| --- | --- | --- | --- |\n");
    for rule in RULES {
        let seen = if rule.evidence.starts_with("not observable") || rule.evidence.contains('/') {
            rule.evidence.to_owned()
        } else {
            rule.evidence
                .split(", ")
                .map(|t| format!("`{}`: `{t}`", evidence_file(t).unwrap_or("?")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out += &format!("| {} | {} | {seen} | {} |\n", rule.op, rule.why, rule.on);
    }
    out
}

pub const BEGIN: &str = "<!-- rule table: generated from src/state/rules.rs -->";
pub const END: &str = "<!-- end of rule table -->";

/// Markdown links `[text](target)` reduced to their text, for the README, where
/// rustdoc's paths are no links.
fn unlink(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("[`") {
        let Some(close) = rest[open..].find("`](") else {
            break;
        };
        let Some(end) = rest[open + close..].find(')') else {
            break;
        };
        out += &rest[..open];
        out += &rest[open + 1..open + close + 1];
        rest = &rest[open + close + end + 1..];
    }
    out + rest
}

/// The rule table and its reasons, between their markers: with rustdoc's links for the crate
/// docs (`docs/rule-table.md`), without for the README, where rustdoc's paths are no links.
pub fn block(linked: bool) -> String {
    let body = format!(
        "{BEGIN}\n\n{}\nWhy, and the test that shows it:\n\n{}\n{END}",
        render(),
        render_reasons()
    );
    if linked { body } else { unlink(&body) }
}

/// A generated file, or a generated region of one (between two marker lines).
pub struct Output {
    /// The file, from the repository's root.
    pub path: &'static str,
    /// The markers of the region; `None`: the whole file.
    pub region: Option<(&'static str, &'static str)>,
    /// What the file or the region holds, markers included.
    pub text: String,
}

/// Every generated file and region.
pub fn outputs() -> Vec<Output> {
    vec![
        Output {
            path: "docs/rule-table.md",
            region: None,
            text: block(true) + "\n",
        },
        Output {
            path: "README.md",
            region: Some((BEGIN, END)),
            text: block(false),
        },
        Output {
            path: "docs/lifecycle.svg",
            region: None,
            text: lifecycle::render_svg() + "\n",
        },
        Output {
            path: "README.md",
            region: Some((lifecycle::BEGIN, lifecycle::END)),
            text: lifecycle::readme_block(),
        },
    ]
}

/// `current` with the output in place: the whole text, or the region replaced.
pub fn apply(output: &Output, current: &str) -> Result<String, String> {
    let Some((begin, end)) = output.region else {
        return Ok(output.text.clone());
    };
    let start = current
        .find(begin)
        .ok_or_else(|| format!("{} has no marker {begin:?}", output.path))?;
    let stop = current[start..]
        .find(end)
        .map(|e| start + e + end.len())
        .ok_or_else(|| format!("{} has no marker {end:?}", output.path))?;
    Ok(format!(
        "{}{}{}",
        &current[..start],
        output.text,
        &current[stop..]
    ))
}

/// Writes every output (`write`), or lists the files that differ from what the rows make.
pub fn run(write: bool) -> Result<Vec<&'static str>, String> {
    let mut stale = Vec::new();
    for output in outputs() {
        let path = format!("{ROOT}/{}", output.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        let new = apply(&output, &current)?;
        if new != current {
            if write {
                std::fs::write(&path, new).map_err(|e| format!("{path}: {e}"))?;
            }
            stale.push(output.path);
        }
    }
    Ok(stale)
}

/// The generated files are what the rows make: `cargo run -p typesock-docgen` if not.
#[test]
fn the_generated_files_are_fresh() {
    let stale = run(false).unwrap();
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `cargo run -p typesock-docgen` and read the diff"
    );
}

/// The files of observing tests, and their text.
const EVIDENCE: [(&str, &str); 3] = [
    ("tests/rules.rs", include_str!("../../tests/rules.rs")),
    ("tests/options.rs", include_str!("../../tests/options.rs")),
    ("tests/metadata.rs", include_str!("../../tests/metadata.rs")),
];

/// The file that holds the test `name`.
fn evidence_file(name: &str) -> Option<&'static str> {
    EVIDENCE
        .iter()
        .find(|(_, text)| text.contains(&format!("fn {name}()")))
        .map(|(path, _)| *path)
}

/// Every row names its evidence, and every test it names exists.
#[test]
fn every_rule_has_its_evidence() {
    for rule in RULES {
        assert!(!rule.why.is_empty(), "{} has no reason", rule.op);
        if rule.evidence.starts_with("not observable") {
            continue;
        }
        if rule.evidence.contains('/') {
            let path = format!("{}/{}", ROOT, rule.evidence);
            assert!(
                std::path::Path::new(&path).is_file(),
                "{}: no {}",
                rule.op,
                rule.evidence
            );
            continue;
        }
        for test in rule.evidence.split(", ") {
            assert!(
                evidence_file(test).is_some(),
                "{}: no test `{test}` in {:?}",
                rule.op,
                EVIDENCE.map(|(path, _)| path)
            );
        }
    }
    // Every kind in the table is one the crate has.
    for kind in KINDS {
        assert!(
            [
                Tcp::NAME,
                Udp::NAME,
                UnixStream::NAME,
                UnixDatagram::NAME,
                UnixSeqpacket::NAME
            ]
            .contains(&kind)
        );
    }
}

#[test]
fn the_groups_are_the_compilers() {
    let of = |group: &str| GROUPS.iter().find(|(name, _)| *name == group).unwrap().1;
    assert!(of("DatagramKind").contains(&("UdpGro", true)));
    assert!(of("DatagramKind").contains(&("Tcp", false)));
    assert!(of("UdpKind").contains(&("UdpGro", true)));
    assert!(of("UdpKind").contains(&("UnixDatagram", false)));
    assert!(of("Kind").iter().all(|(_, meets)| *meets));
    assert_eq!(members("MessageKind + StreamKind"), ["UnixSeqpacket"]);
}
