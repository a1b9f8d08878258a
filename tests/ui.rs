//! The compile-time half of the crate's promise, checked by `trybuild`.

/// Every "no" cell of the TCP capability table in the crate docs is a program in `ui-tests/`
/// that must fail to compile, with the diagnostic recorded next to it in a `.stderr` file: the
/// error names the state the socket is in and the step that is missing. The programs in
/// `ui-tests/pass/` are the valid chains, which must compile and run on loopback.
///
/// After a deliberate change to a diagnostic, regenerate the expected output with
/// `TRYBUILD=overwrite cargo test --test ui` and read every changed `.stderr` file.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-tests/*.rs");
    t.pass("ui-tests/pass/*.rs");
}
