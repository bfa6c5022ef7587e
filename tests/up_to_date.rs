//! The committed `generated/` is exactly what the generator makes from `spec/` today.

use codegen::emit::Options;

#[test]
fn generated_crate_is_up_to_date() {
    let root = tests::root();
    let spec = root.join("spec/openapi.yaml");
    let out = root.join("generated");
    let options = Options::for_spec(&spec, &root, None).keeping_version_in(&out).with_checkout_runtime(&out);
    let generated = codegen::generate(&spec, &options).expect("spec/ generates");
    let changes = codegen::write::compare(&out, &generated.files).expect("read generated/");
    assert!(
        changes.is_empty(),
        "generated/ is out of date with spec/:\n{}\nrun `cargo xtask codegen` and commit the result",
        codegen::write::diff(&out, &generated.files, &changes)
    );
}

#[test]
fn generation_is_deterministic() {
    let root = tests::root();
    let spec = root.join("spec/openapi.yaml");
    let options = Options::for_spec(&spec, &root, None);
    let first = codegen::generate(&spec, &options).expect("generates").files;
    let second = codegen::generate(&spec, &options).expect("generates").files;
    assert_eq!(first, second);
}

#[test]
fn every_generated_file_is_marked_generated() {
    let root = tests::root();
    let spec = root.join("spec/openapi.yaml");
    let generated = codegen::generate(&spec, &Options::for_spec(&spec, &root, None)).expect("generates");
    for file in &generated.files {
        // JSON has no comments: api-surface.json says it in its first key, on line 2.
        let head: Vec<&str> = file.contents.lines().take(2).collect();
        assert!(head.iter().any(|l| l.contains("@generated")), "{} starts with {head:?}", file.path);
    }
}
