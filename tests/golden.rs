//! Golden tests: each fixture spec under `tests/fixtures/<name>/openapi.yaml` generates
//! exactly the crate in `tests/fixtures/<name>/expected/` and the warnings in
//! `tests/fixtures/<name>/warnings.txt`. The expected crates are workspace members, so they
//! are also compiled and linted with the rest of the workspace.
//!
//! To re-bless after an intended change: `UPDATE_GOLDEN=1 cargo test -p tests --test golden`.

use codegen::emit::Options;

const BLESS: &str = "UPDATE_GOLDEN=1 cargo test -p tests --test golden";

fn options(name: &str) -> Options {
    let dir = tests::root().join("tests/fixtures").join(name);
    Options::for_spec(&dir.join("openapi.yaml"), &dir, Some(format!("fixture-{name}"))).with_checkout_runtime(&dir.join("expected"))
}

fn check(name: &str) {
    let dir = tests::root().join("tests/fixtures").join(name);
    let spec = dir.join("openapi.yaml");
    let out = dir.join("expected");
    let generated = codegen::generate(&spec, &options(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let warnings: String = generated.warnings.iter().map(|w| format!("{w}\n")).collect();
    let warnings_path = dir.join("warnings.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        codegen::write::write(&out, &generated.files, false).expect("write the golden output");
        std::fs::write(&warnings_path, &warnings).expect("write the golden warnings");
        return;
    }
    let changes = codegen::write::compare(&out, &generated.files).expect("read the golden output");
    assert!(
        changes.is_empty(),
        "fixture `{name}` generates something else than its golden output:\n{}\nif the change is intended, run `{BLESS}`",
        codegen::write::diff(&out, &generated.files, &changes)
    );
    let expected = std::fs::read_to_string(&warnings_path).unwrap_or_default();
    assert_eq!(warnings, expected, "fixture `{name}`: warnings differ; if intended, run `{BLESS}`");
}

#[test]
fn enums() {
    check("enums");
}

/// What servers send that their description does not say: the behaviour tests decode it.
#[test]
fn deviations() {
    check("deviations");
}

#[test]
fn deprecations() {
    check("deprecations");
}

#[test]
fn composition() {
    check("composition");
}

/// Discriminators, implicit tags, shared properties, allOf with a union, unions of strings,
/// member order, null members.
#[test]
fn unions() {
    check("unions");
}

#[test]
fn keywords() {
    check("keywords");
}

#[test]
fn builders() {
    check("builders");
}

#[test]
fn responses() {
    check("responses");
}

/// OpenAPI 3.1 keywords (type arrays, `const`, `examples`, numeric exclusive bounds, `$ref`
/// with siblings, `contentEncoding`/`contentMediaType`, integers past 64 bits).
#[test]
fn v31() {
    check("v31");
}

/// The 3.0 twin of the 3.1 fixture generates the very same crate.
#[test]
fn v31_and_its_3_0_twin_generate_the_same_bytes() {
    let dir = tests::root().join("tests/fixtures/v31");
    let options = options("v31");
    let v31 = codegen::generate(&dir.join("openapi.yaml"), &options).unwrap();
    let v30 = codegen::generate(&dir.join("as-3.0/openapi.yaml"), &options).unwrap();
    assert_eq!(v31.files.len(), v30.files.len());
    for (a, b) in v31.files.iter().zip(&v30.files) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs between 3.1 and 3.0:\n{}", a.path, similar::TextDiff::from_lines(&b.contents, &a.contents).unified_diff());
    }
    assert!(v30.warnings.is_empty(), "{:?}", v30.warnings);
}

/// Webhooks and a callback, their payloads one enum told apart by a constant; the ones
/// without a JSON body left out with a warning.
#[test]
fn webhooks() {
    check("webhooks");
}

/// A document over several files, with references into components and one of the wrong kind.
#[test]
fn multifile() {
    check("multifile");
}

/// One fault per operation: each repaired or left out, with its place.
#[test]
fn faults() {
    check("faults");
}

/// Seven inputs that were accepted and gave a crate that did not compile (a required `page`,
/// list path and cookie parameters, deprecated pagination parts and unions, a `299` status,
/// direction marks in descriptions). The crate is a workspace member: CI lints it with and
/// without default features.
#[test]
fn traps() {
    check("traps");
}

/// Every operation behind a group feature, with a type two groups share; a group whose only
/// operation is left out; maps of maps of arrays; a resource over two groups; `version: 1.0`
/// written as a number. `.ci/run` lints the crate with no feature, each group alone (with and
/// without the client) and all.
#[test]
fn features() {
    check("features");
}

/// A small API written as a Cargo workspace (`split_above_operations = 0`): a facade, a crate
/// of shared types and a crate per top-level group; `tests/workspace.rs` uses it.
#[test]
fn workspace() {
    check("workspace");
}

#[test]
fn every_fixture_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(tests::root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "builders", "client", "composition", "deprecations", "deviations", "enums", "faults", "features", "keywords", "multifile", "responses", "traps",
            "unions", "v31", "webhooks", "workspace"
        ]
    );
}

/// Security schemes of every kind, requirements per operation, every pagination kind, a
/// success flag, and the config's renames and overrides.
#[test]
fn client() {
    check("client");
}
