//! The whole Cloudflare API (1,533 operations, 3,716 schemas) generates without errors.
//! Ignored by default (it needs the document from `../shared`); `.ci/run` runs it with
//! `CODEGEN_FULL_SPEC` pointing at the gunzipped document, then `cargo check`s the crate.

use codegen::emit::Options;

#[test]
#[ignore = "needs CODEGEN_FULL_SPEC (the full Cloudflare document); run by .ci/run"]
fn full_cloudflare_spec_generates() {
    let spec = std::env::var_os("CODEGEN_FULL_SPEC").expect("set CODEGEN_FULL_SPEC to the gunzipped full document");
    let spec = std::path::PathBuf::from(spec);
    let options = Options::for_spec(&spec, &tests::root(), Some("cloudflare-full".into())).with_checkout_runtime(&std::env::temp_dir());
    let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));

    let operations: usize = generated
        .files
        .iter()
        .filter(|f| f.path.contains("src/operations/"))
        .map(|f| f.contents.matches("\n/// Operation: `").count())
        .sum();
    let skipped = generated.warnings.iter().filter(|w| w.message.contains("operation") && w.message.contains("left out")).count();
    assert!(operations + skipped >= 1533, "{operations} operations generated, {skipped} skipped");
    assert_eq!(skipped, 0, "operations skipped: {:?}", generated.warnings);
    let modules = generated.files.iter().filter(|f| f.path.contains("src/operations/") && !f.path.ends_with("/mod.rs")).count();
    assert!(modules > 200, "one module per tag expected, got {modules}");
    // Past 1,000 operations the crate is a workspace: a facade, the shared types, the members.
    let manifests = generated.files.iter().filter(|f| f.path.starts_with("crates/") && f.path.ends_with("/Cargo.toml")).count();
    assert!(manifests > 20, "a workspace of member crates expected, got {manifests} member manifests");

    // Same input, same bytes.
    let again = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.files == again.files, "the output differs between two runs");

    if let Some(out) = std::env::var_os("CODEGEN_FULL_OUT") {
        codegen::write::write(std::path::Path::new(&out), &generated.files, false).expect("write the full crate");
    }
}
