//! The compile-time half of the crate's promise, checked by `trybuild`.
//!
//! Each program in `ui-tests/` must fail to compile, with the diagnostic recorded next to it
//! in a `.stderr` file: the error names the state the socket is in and the step that is
//! missing. The programs in `ui-tests/pass/` are the valid chains, which must compile and run
//! on loopback.
//!
//! The `.stderr` files hold rustc's own wording around the crate's, and rustc's wording
//! changes between releases. They are compared in full on the compiler they were recorded
//! with (`ui-tests/rustc-version`). On any other compiler, `cargo test` still proves what
//! matters and nothing rustc may reword: every case fails to compile, on the same line, with
//! the same error code, and every message the crate words itself (its
//! `#[diagnostic::on_unimplemented]` texts) is there word for word.
//!
//! After a deliberate change to a diagnostic, regenerate the expected output with
//! `TRYBUILD=overwrite cargo test --test ui` and read every changed `.stderr` file; after a
//! compiler upgrade, do the same and update `ui-tests/rustc-version`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `major.minor` of the compiler the tests are built with.
fn this_compiler() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .arg("--version")
        .output()
        .expect("rustc --version");
    let version = String::from_utf8_lossy(&out.stdout);
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let number = version.split_whitespace().nth(1).unwrap_or_default();
    number.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// Whether the recorded `.stderr` files are this compiler's.
fn recorded_with_this_compiler() -> bool {
    let recorded = include_str!("../ui-tests/rustc-version").trim();
    // CI sets `TYPESOCK_UI_RUSTC` to run the other compiler's path on this one.
    let this = std::env::var("TYPESOCK_UI_RUSTC").unwrap_or_else(|_| this_compiler());
    if recorded != this {
        println!(
            "ui-tests/*.stderr were recorded with rustc {recorded}; this is rustc {this}: \
             checking that every case fails, with its error code and the crate's own messages"
        );
    }
    recorded == this
}

/// The first line of a diagnostic, with type paths shortened (`typesock::Bound` and `Bound`
/// are the same state; rustc chooses which to print).
fn headline(stderr: &str) -> String {
    stderr
        .lines()
        .next()
        .unwrap_or_default()
        .replace("typesock::", "")
}

/// The line the first error points at: `ui-tests/x.rs:8` of ` --> ui-tests/x.rs:8:22`
/// (the column may move between compilers; the line is the user's code).
fn marked_line(stderr: &str) -> String {
    let at = stderr.lines().nth(1).unwrap_or_default().trim();
    let at = at.trim_start_matches("--> ");
    let file_line: Vec<&str> = at.rsplitn(3, ':').collect();
    // rsplitn gives [column, line, path]
    match file_line.as_slice() {
        [_, line, path] => format!(
            "{}:{line}",
            Path::new(path).file_name().unwrap().to_string_lossy()
        ),
        _ => at.to_owned(),
    }
}

/// Whether a headline is the crate's own wording: an `E0277` whose message is not rustc's
/// "the trait bound ... is not satisfied".
fn crate_worded(headline: &str) -> bool {
    headline.starts_with("error[E0277]") && !headline.contains("the trait bound")
}

/// The error code of a headline: `error[E0277]`.
fn code(headline: &str) -> &str {
    headline.split(':').next().unwrap_or_default()
}

/// On a compiler the snapshots were not recorded with: copies the cases where trybuild may
/// write their diagnostics anew, runs them, and compares what no compiler may change.
fn compile_fail_on_another_compiler(dir: &str) {
    let copies = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "ui-on-rustc-{}-{}",
        this_compiler(),
        dir.replace('/', "-")
    ));
    let _ = std::fs::remove_dir_all(&copies);
    std::fs::create_dir_all(&copies).unwrap();
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            std::fs::copy(&path, copies.join(path.file_name().unwrap())).unwrap();
            cases.push(path);
        }
    }
    // SAFETY: this test binary sets no other environment variable and reads this one only
    // through trybuild, on this thread.
    unsafe { std::env::set_var("TRYBUILD", "overwrite") };
    // The cases run when the `TestCases` is dropped, at the end of this statement.
    trybuild::TestCases::new().compile_fail(copies.join("*.rs"));
    for case in cases {
        let recorded = std::fs::read_to_string(case.with_extension("stderr")).unwrap();
        let fresh = Path::new(&copies)
            .join(case.file_name().unwrap())
            .with_extension("stderr");
        let fresh = std::fs::read_to_string(fresh).unwrap();
        assert_eq!(
            marked_line(&fresh),
            marked_line(&recorded),
            "{}",
            case.display()
        );
        let (recorded, fresh) = (headline(&recorded), headline(&fresh));
        assert_eq!(code(&fresh), code(&recorded), "{}", case.display());
        if crate_worded(&recorded) {
            assert_eq!(fresh, recorded, "{}", case.display());
        }
    }
}

/// Every "no" cell of the capability table, and the valid chains.
///
/// rustc's "other types implement `TryFrom<T>`" lists grow with the `tokio` feature's impls,
/// so these expected diagnostics are those of the default features (`cargo test`).
#[cfg(not(feature = "tokio"))]
#[test]
fn ui() {
    if recorded_with_this_compiler() {
        let t = trybuild::TestCases::new();
        t.compile_fail("ui-tests/*.rs");
        t.pass("ui-tests/pass/*.rs");
    } else {
        compile_fail_on_another_compiler("ui-tests");
        trybuild::TestCases::new().pass("ui-tests/pass/*.rs");
    }
}

/// The `tokio` feature's rules (`cargo test --features tokio`): an async connect only from a
/// state that can connect, conversions into tokio's types only from the states they imply.
#[cfg(feature = "tokio")]
#[test]
fn ui_tokio() {
    if recorded_with_this_compiler() {
        trybuild::TestCases::new().compile_fail("ui-tests/tokio/*.rs");
    } else {
        compile_fail_on_another_compiler("ui-tests/tokio");
    }
}

/// The recorded headlines of the compile-fail cases in `dir`: (cases, worded by the crate).
fn count_worded(dir: &str) -> (usize, usize) {
    let mut cases = 0;
    let mut worded = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stderr") {
            cases += 1;
            let stderr = std::fs::read_to_string(&path).unwrap();
            if crate_worded(&headline(&stderr)) {
                worded += 1;
            }
        }
    }
    (cases, worded)
}

/// The README's count of the cases worded by the crate is the count of the recorded files.
#[test]
fn readme_counts_the_worded_cases() {
    let readme = include_str!("../README.md").replace('\n', " ");
    let (cases, worded) = count_worded("ui-tests");
    let claim = format!(
        "Of the {cases} compile-fail cases in `ui-tests/`, {worded} carry the crate's own message"
    );
    assert!(readme.contains(&claim), "README.md should say: {claim}");
    let (cases, worded) = count_worded("ui-tests/tokio");
    let claim = format!(
        "Of the {cases} cases of the `tokio` feature (`ui-tests/tokio/`), {worded} carry the crate's message"
    );
    assert!(readme.contains(&claim), "README.md should say: {claim}");
}
