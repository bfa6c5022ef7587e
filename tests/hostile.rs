//! Hostile documents (deep nesting, long chains; see `xtask::hostile`): each generates, or
//! leaves out what it cannot express with a located warning, and the output grows linearly
//! with the document. How long they take is measured by `cargo xtask bench`, not here.

use codegen::emit::Options;

struct Outcome {
    bytes: usize,
    warnings: Vec<codegen::Warning>,
}

fn generate(dir: &std::path::Path, name: &str, text: &str) -> Outcome {
    let spec = dir.join(format!("{name}.json"));
    std::fs::write(&spec, text).unwrap();
    let options = Options::for_spec(&spec, dir, Some("hostile".into()));
    let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{name}: the document is refused: {e}"));
    Outcome { bytes: generated.files.iter().map(|f| f.contents.len()).sum(), warnings: generated.warnings }
}

#[test]
fn every_hostile_document_generates_with_located_warnings_and_linear_output() {
    let dir = tests::temp_dir("hostile");
    let small = xtask::hostile::documents(100);
    let large = xtask::hostile::documents(200);
    for ((name, text), (_, double)) in small.iter().zip(&large) {
        let one = generate(&dir, name, text);
        let two = generate(&dir, &format!("{name}-double"), double);
        for warning in one.warnings.iter().chain(&two.warnings) {
            assert!(!warning.pointer.is_empty(), "{name}: a warning without its place: {warning}");
        }
        // Twice the document, at most about twice the crate (the runtime is a fixed part).
        assert!(
            two.bytes <= one.bytes * 2 + one.bytes / 4,
            "{name}: output grows faster than the document: {} bytes, then {} for twice the document",
            one.bytes,
            two.bytes
        );
    }
}

#[test]
fn chains_past_the_depth_limit_are_left_out_where_the_limit_is_reached() {
    let dir = tests::temp_dir("hostile-limit");
    for (name, text) in xtask::hostile::documents(100) {
        let outcome = generate(&dir, &name, &text);
        let limited: Vec<_> = outcome.warnings.iter().filter(|w| w.message.contains("reaches 64 links here")).collect();
        match name.as_str() {
            "allof-wrapper-chain" | "allof-inheritance-chain" | "array-alias-chain" => {
                assert!(!limited.is_empty(), "{name}: no warning of the depth limit: {:?}", outcome.warnings);
                assert!(limited.iter().all(|w| w.pointer.starts_with("/components/schemas/S")), "{name}: {limited:?}");
                // The operation that needs the cut chain says so.
                assert!(outcome.warnings.iter().any(|w| w.message.contains("operation `getX` is left out")), "{name}: {:?}", outcome.warnings);
            }
            _ => assert!(limited.is_empty(), "{name}: {limited:?}"),
        }
    }
}

#[test]
fn a_schema_that_fails_deep_inside_is_repaired_at_its_innermost_place() {
    let dir = tests::temp_dir("hostile-fault");
    for keyword in xtask::hostile::NESTING_KEYWORDS {
        let name = format!("nested-{keyword}-ending-in-a-fault");
        let (_, text) = xtask::hostile::documents(60).into_iter().find(|(n, _)| *n == name).unwrap();
        let outcome = generate(&dir, &name, &text);
        assert_eq!(outcome.warnings.len(), 1, "{name}: {:?}", outcome.warnings);
        assert!(outcome.warnings[0].message.contains("typed as any JSON value"), "{name}: {}", outcome.warnings[0]);
        // The innermost schema that holds the fault, not the top of the nest.
        assert!(outcome.warnings[0].pointer.len() > 200, "{name}: {}", outcome.warnings[0]);
    }
}
