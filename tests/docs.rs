//! The docs' code fits the page: every line of a code block in a doc comment (`src/**/*.rs`)
//! or in `README.md`, and of the `<pre>` blocks, is at most [`MAX_COLUMNS`] columns wide.
//!
//! A doc comment's line is counted as rustdoc shows it: without its indentation, its `///`
//! or `//!` and the space after it, and without the hidden `# ` lines of a Rust block. A
//! `<pre>` block is counted by its visible text: tags stripped, entities decoded. The
//! README's blocks are counted whole, as GitHub shows them.

use std::fs;
use std::path::{Path, PathBuf};

/// The widest code line a docs page shows without a scroll bar, at the default font size.
const MAX_COLUMNS: usize = 85;

/// One line of a page, and where it comes from.
struct Line {
    file: String,
    number: usize,
    text: String,
}

/// What a line of a page is: prose, inside a code fence (of a Rust block or not), or inside
/// a `<pre>` block.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    Prose,
    Fence { rust: bool },
    Pre,
}

/// Whether a fence's info string (```` ```rust,ignore ````, ```` ```text ````) opens a block
/// that rustdoc reads as Rust, where `# ` lines are hidden.
fn is_rust(info: &str) -> bool {
    let words: Vec<&str> = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let not_rust = [
        "text", "sh", "bash", "console", "toml", "json", "yaml", "c", "sql", "diff",
    ];
    !words.iter().any(|w| not_rust.contains(w))
}

/// The visible text of a line of a `<pre>` block: tags stripped, entities decoded.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The code lines of one page's text (the lines of a doc comment, or of the README), each
/// with the width it shows at; `hide` says whether `# ` lines of Rust blocks are hidden.
fn code_lines(lines: &[(usize, &str)], hide: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut block = Block::Prose;
    for &(number, line) in lines {
        let trimmed = line.trim_start();
        match block {
            Block::Prose => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    block = Block::Fence {
                        rust: is_rust(info),
                    };
                } else if trimmed.starts_with("<pre") {
                    block = Block::Pre;
                    // Text after the opening tag on the same line is shown.
                    let rest = visible(line);
                    if !rest.trim().is_empty() {
                        out.push((number, rest));
                    }
                }
            }
            Block::Fence { rust } => {
                if trimmed.starts_with("```") {
                    block = Block::Prose;
                } else if !(hide && rust && (trimmed == "#" || trimmed.starts_with("# "))) {
                    out.push((number, line.to_owned()));
                }
            }
            Block::Pre => {
                if line.contains("</pre>") {
                    block = Block::Prose;
                }
                out.push((number, visible(line)));
            }
        }
    }
    out
}

/// The doc comments of a Rust file, each a run of consecutive `///` or `//!` lines, as the
/// page shows them (prefix and one space stripped).
fn doc_comments(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut comments = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let doc = trimmed
            .strip_prefix("///")
            .filter(|rest| !rest.starts_with('/'))
            .or_else(|| trimmed.strip_prefix("//!"));
        match doc {
            Some(rest) => current.push((i + 1, rest.strip_prefix(' ').unwrap_or(rest))),
            None if !current.is_empty() => comments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        comments.push(current);
    }
    comments
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every code line of the docs: `src/**/*.rs` and `README.md`.
fn all_code_lines() -> Vec<Line> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut out = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root).unwrap().display().to_string();
        for comment in doc_comments(&text) {
            for (number, text) in code_lines(&comment, true) {
                out.push(Line {
                    file: name.clone(),
                    number,
                    text,
                });
            }
        }
    }
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let lines: Vec<(usize, &str)> = readme
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect();
    for (number, text) in code_lines(&lines, false) {
        out.push(Line {
            file: "README.md".to_owned(),
            number,
            text,
        });
    }
    out
}

#[test]
fn doc_code_lines_fit_the_page() {
    let lines = all_code_lines();
    // The check sees the blocks it is about: the crate page's diagram and examples.
    assert!(lines.iter().any(|l| l.file.ends_with("lib.rs")));
    assert!(lines.iter().any(|l| l.file == "README.md"));
    let too_wide: Vec<String> = lines
        .iter()
        .filter(|l| l.text.trim_end().chars().count() > MAX_COLUMNS)
        .map(|l| {
            format!(
                "{}:{}: {} columns: {}",
                l.file,
                l.number,
                l.text.trim_end().chars().count(),
                l.text.trim_end()
            )
        })
        .collect();
    assert!(
        too_wide.is_empty(),
        "{} code lines in the docs are wider than {MAX_COLUMNS} columns:\n{}",
        too_wide.len(),
        too_wide.join("\n")
    );
}

/// The checker itself: prefixes, hidden lines, `<pre>` markup.
#[test]
fn the_check_counts_what_the_page_shows() {
    let comment = "/// Text that is not code, and as long as it likes to be, since prose wraps.
    /// ```
    /// # let hidden = \"a hidden line is not shown, however long it is, so it is not counted\";
    /// let shown = 1;
    /// ```
    /// <pre>
    /// <a href=\"struct.Socket.html#method.bind\">.bind(addr)</a> &lt;--
    /// </pre>";
    let comments = doc_comments(comment);
    assert_eq!(comments.len(), 1);
    let code = code_lines(&comments[0], true);
    let texts: Vec<&str> = code.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts, ["let shown = 1;", ".bind(addr) <--", ""]);
    assert_eq!(code[0].0, 4);

    // In a text block, and in the README, `# ` lines are shown.
    let lines = [(1, "```text"), (2, "# shown"), (3, "```")];
    assert_eq!(code_lines(&lines, true)[0].1, "# shown");
    let lines = [(1, "```rust"), (2, "# shown on GitHub"), (3, "```")];
    assert_eq!(code_lines(&lines, false)[0].1, "# shown on GitHub");
}

/// The lifecycle diagram: the `<pre>` block of the crate page shows, once its links are
/// stripped, the same text as the README's first block, so that both line up alike.
#[test]
fn the_lifecycle_diagram_is_the_same_on_both_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let pre: Vec<String> = lib
        .lines()
        .skip_while(|l| *l != "//! <pre>")
        .skip(1)
        .take_while(|l| *l != "//! </pre>")
        .map(|l| visible(l.strip_prefix("//! ").unwrap_or("")))
        .collect();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let text: Vec<String> = readme
        .lines()
        .skip_while(|l| *l != "```text")
        .skip(1)
        .take_while(|l| *l != "```")
        .map(str::to_owned)
        .collect();
    assert!(pre.len() > 3, "no <pre> diagram in src/lib.rs");
    assert_eq!(pre, text, "the diagrams of src/lib.rs and README.md differ");
}
