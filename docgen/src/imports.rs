//! The import graph of typesock's `src/`: which top-level module names which through a
//! `crate::` path, in code (comments and docs are left out). Its checks: the graph has no
//! circle, and the platform layer (`sys`) names no module above it.
//!
//! `cargo test -p typesock-docgen imports` runs them; `cargo run -p typesock-docgen --
//! --imports` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// For each top-level module of `src/` (`lib` for `src/lib.rs`), the other top-level modules
/// its code names.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// Reads the graph from the source tree at `root` (the crate's `src/`).
pub fn graph(root: &Path) -> Graph {
    let mut files = Vec::new();
    collect(root, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_level(root, f)).collect();
    let mut graph = Graph::new();
    for file in &files {
        let from = top_level(root, file);
        let text = std::fs::read_to_string(file).expect("a source file");
        let edges = graph.entry(from.clone()).or_default();
        for target in named_modules(&code_only(&text)) {
            if target != from && modules.contains(&target) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// The circles of the graph: its strongly connected components of more than one module.
pub fn circles(graph: &Graph) -> Vec<BTreeSet<String>> {
    // Two modules are in one circle when each reaches the other.
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(m) = todo.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut circles: Vec<BTreeSet<String>> = Vec::new();
    for (m, from_m) in &reaches {
        let circle: BTreeSet<String> = from_m
            .iter()
            .filter(|n| reaches.get(n).is_some_and(|r| r.contains(*m)))
            .cloned()
            .chain([(*m).clone()])
            .collect();
        if circle.len() > 1 && !circles.contains(&circle) {
            circles.push(circle);
        }
    }
    circles
}

/// The graph as text: one line per module, with the modules it names.
pub fn render(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(m, to)| {
            format!(
                "{m} -> {}\n",
                to.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `src/kind.rs` and `src/sys/unix.rs` are `kind` and `sys`; `src/lib.rs` is `lib`.
fn top_level(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).expect("a file under src/");
    let first = rel.components().next().expect("a path");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_owned()
}

/// The text without its comments: what follows `//` on a line (doc comments included; a
/// `//` inside a string cuts the rest of that line, which only ever loses a URL).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every `crate::` path: `crate::kind::Tcp` names `kind`, and
/// `crate::{kind::Tcp, sys}` names `kind` and `sys`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                names.insert(ident(part.trim()));
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names.remove("");
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> std::path::PathBuf {
        Path::new(crate::ROOT).join("src")
    }

    #[test]
    fn imports_draw_no_circle() {
        let graph = graph(&src());
        assert!(
            graph.len() > 10,
            "too few modules read:\n{}",
            render(&graph)
        );
        let circles = circles(&graph);
        assert!(
            circles.is_empty(),
            "src/ imports in a circle: {circles:?}\n{}",
            render(&graph)
        );
    }

    #[test]
    fn imports_of_sys_stay_in_sys() {
        let graph = graph(&src());
        let above = &graph["sys"];
        assert!(
            above.is_empty(),
            "sys names {above:?}: the platform layer is the bottom"
        );
    }

    #[test]
    fn imports_are_read_from_code_only() {
        let code = code_only("use crate::kind::Tcp; // crate::sys\n/// [x](crate::state)");
        assert_eq!(named_modules(&code), BTreeSet::from(["kind".to_owned()]));
        assert_eq!(
            named_modules("use crate::{kind::Tcp, sys};"),
            BTreeSet::from(["kind".to_owned(), "sys".to_owned()])
        );
        let mut graph = Graph::new();
        graph.insert("a".into(), BTreeSet::from(["b".into()]));
        graph.insert("b".into(), BTreeSet::from(["a".into()]));
        graph.insert("c".into(), BTreeSet::from(["a".into()]));
        assert_eq!(
            circles(&graph),
            vec![BTreeSet::from(["a".to_owned(), "b".to_owned()])]
        );
    }
}
