//! Compile-time behaviour of the generated crate: deprecated fields warn with the spec's note,
//! generated enums cannot be matched exhaustively, builders insist on required arguments and
//! resource methods on every named one, and a crate generated for a later runtime refuses
//! the one it is built with; a runtime helper is not reachable through a generated crate.
//!
//! Re-bless the `.stderr` files after an intended change:
//! `TRYBUILD=overwrite cargo test -p tests --test trybuild`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/deprecated_field.rs");
    cases.compile_fail("ui/non_exhaustive_match.rs");
    cases.compile_fail("ui/missing_required_argument.rs");
    cases.compile_fail("ui/missing_named_argument.rs");
    cases.compile_fail("ui/runtime_too_old.rs");
    cases.compile_fail("ui/runtime_helper_is_private.rs");
    cases.pass("ui/pass_deprecated_allowed.rs");
}
