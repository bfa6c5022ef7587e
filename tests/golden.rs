//! Golden tests: each fixture spec under `tests/fixtures/<name>/openapi.yaml` generates
//! exactly the crate in `tests/fixtures/<name>/expected/` and the warnings in
//! `tests/fixtures/<name>/warnings.txt`. The expected crates are workspace members, so they
//! are also compiled and linted with the rest of the workspace.
//!
//! To re-bless after an intended change: `UPDATE_GOLDEN=1 cargo test -p tests --test golden`.

use codegen::emit::Options;

const BLESS: &str = "UPDATE_GOLDEN=1 cargo test -p tests --test golden";

fn check(name: &str) {
    let dir = tests::root().join("tests/fixtures").join(name);
    let spec = dir.join("openapi.yaml");
    let out = dir.join("expected");
    let options = Options::for_spec(&spec, &dir, Some(format!("fixture-{name}")));
    let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let warnings: String = generated.warnings.iter().map(|w| format!("{w}\n")).collect();
    let warnings_path = dir.join("warnings.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        codegen::write::write(&out, &generated.files).expect("write the golden output");
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

#[test]
fn deprecations() {
    check("deprecations");
}

#[test]
fn composition() {
    check("composition");
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

#[test]
fn every_fixture_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(tests::root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, ["builders", "composition", "deprecations", "enums", "keywords", "responses"]);
}
