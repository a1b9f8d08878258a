//! The compile-time half of the crate's promise, checked by `trybuild`.

/// Every "no" cell of the TCP capability table in the crate docs is a program in `ui-tests/`
/// that must fail to compile, with the diagnostic recorded next to it in a `.stderr` file: the
/// error names the state the socket is in and the step that is missing. The programs in
/// `ui-tests/pass/` are the valid chains, which must compile and run on loopback.
///
/// After a deliberate change to a diagnostic, regenerate the expected output with
/// `TRYBUILD=overwrite cargo test --test ui` and read every changed `.stderr` file.
///
/// rustc's "other types implement `TryFrom<T>`" lists grow with the `tokio` feature's impls,
/// so these expected diagnostics are those of the default features (`cargo test`).
#[cfg(not(feature = "tokio"))]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-tests/*.rs");
    t.pass("ui-tests/pass/*.rs");
}

/// The `tokio` feature's rules (`cargo test --features tokio`): an async connect only from a
/// state that can connect, conversions into tokio's types only from the states they imply.
#[cfg(feature = "tokio")]
#[test]
fn ui_tokio() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-tests/tokio/*.rs");
}
