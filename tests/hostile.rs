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
                assert!(
                    outcome.warnings.iter().any(|w| w.message.contains("operation `getX`") && w.message.contains("left out")),
                    "{name}: {:?}",
                    outcome.warnings
                );
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

/// The documents whose faults once cost quadratic time: chains of references that fail, and
/// descriptions of unbalanced Markdown.
const FAILING_CHAINS: &[&str] = &["reference-chain-to-nothing", "reference-chain-to-itself", "reference-cycle", "parameter-chain-to-nothing", "response-cycle"];
const MARKDOWN: &[&str] = &["description-unclosed-brackets", "description-unclosed-links", "description-url-punctuation"];

/// The place of the fault of a failing chain of size `n`, and how many pieces it leaves out.
fn chain_fault(name: &str, n: usize) -> (String, usize) {
    match name {
        // `getX` and `S0..=S{n}`.
        "reference-chain-to-nothing" | "reference-chain-to-itself" => (format!("/components/schemas/S{n}"), n + 2),
        "reference-cycle" => ("/components/schemas/S0".into(), n + 2),
        // The `n` operations.
        "parameter-chain-to-nothing" => (format!("/components/parameters/X{n}"), n),
        "response-cycle" => ("/components/responses/X0".into(), n),
        _ => unreachable!("{name} is not a failing chain"),
    }
}

#[test]
fn a_failing_chain_of_references_gives_one_warning_however_long() {
    let dir = tests::temp_dir("hostile-chains");
    for n in [100, 400] {
        for (name, text) in xtask::hostile::documents(n).into_iter().filter(|(name, _)| FAILING_CHAINS.contains(&name.as_str())) {
            let outcome = generate(&dir, &name, &text);
            // One warning, not one per link: a failing chain is decided once.
            assert_eq!(outcome.warnings.len(), 1, "{name} at {n}: {:#?}", &outcome.warnings[..outcome.warnings.len().min(5)]);
            let warning = &outcome.warnings[0];
            let (fault, left_out) = chain_fault(&name, n);
            assert_eq!(warning.pointer, fault, "{name} at {n}: {warning}");
            assert!(warning.message.contains("points at nothing") || warning.message.contains("refers to itself"), "{name} at {n}: {warning}");
            // Nothing is left out unsaid: three named, the others counted.
            assert!(warning.message.contains(&format!(" and {} more are left out: ", left_out - 3)), "{name} at {n}: {warning}");
        }
    }
}

#[test]
fn unbalanced_markdown_gives_output_in_proportion() {
    let dir = tests::temp_dir("hostile-markdown");
    let size = |n: usize| -> Vec<(String, usize, Outcome)> {
        let docs = xtask::hostile::documents(n).into_iter().filter(|(name, _)| MARKDOWN.contains(&name.as_str()));
        docs.map(|(name, text)| (name.clone(), text.len(), generate(&dir, &format!("{name}-{n}"), &text))).collect()
    };
    let (one, two, four) = (size(100), size(200), size(400));
    assert_eq!(one.len(), MARKDOWN.len());
    for (((name, text, one), (_, longer, two)), (_, _, four)) in one.iter().zip(&two).zip(&four) {
        assert!(one.warnings.is_empty() && four.warnings.is_empty(), "{name}: {:?}", four.warnings);
        // The description (twice in the document) is in the crate, escaped: the crate grows by
        // at least half as much as the document.
        let (first, second) = (two.bytes - one.bytes, four.bytes - two.bytes);
        assert!(first >= (longer - text) / 2, "{name}: {first} bytes more for {} more of document", longer - text);
        // Twice the growth for twice as much more description, not four times.
        assert!(second <= first * 2 + first / 8, "{name}: {first} bytes more from 100 to 200, {second} from 200 to 400");
    }
}

#[test]
fn a_tag_of_many_levels_nests_eight_resources_at_most() {
    let dir = tests::temp_dir("hostile-levels");
    let (_, text) = xtask::hostile::documents(100).into_iter().find(|(name, _)| name == "tag-of-many-levels").unwrap();
    let spec = dir.join("levels.json");
    std::fs::write(&spec, text).unwrap();
    let generated = codegen::generate(&spec, &Options::for_spec(&spec, &dir, Some("levels".into()))).unwrap();
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert_eq!(generated.warnings[0].pointer, "/paths/~1x/get");
    assert!(generated.warnings[0].message.contains("is 100 levels deep"), "{}", generated.warnings[0]);
    // The root resource's module holds the seven levels below it.
    let root = generated.files.iter().find(|f| f.path.ends_with("src/a0.rs")).expect("the root resource's module");
    assert_eq!(root.contents.matches("pub mod ").count(), 7, "{}", root.contents);
}

#[test]
fn a_component_that_is_only_a_reference_is_an_alias_not_a_copy() {
    let dir = tests::temp_dir("hostile-alias");
    let n = 50;
    let (name, text) = xtask::hostile::documents(n).into_iter().find(|(name, _)| name == "reference-chain-to-a-large-object").unwrap();
    let spec = dir.join(format!("{name}.json"));
    std::fs::write(&spec, text).unwrap();
    let generated = codegen::generate(&spec, &Options::for_spec(&spec, &dir, Some("alias".into()))).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let surface = generated.files.iter().find(|f| f.path.ends_with("api-surface.json")).unwrap();
    let types: serde_json::Value = serde_json::from_str(&surface.contents).unwrap();
    for i in 0..n {
        assert_eq!(types["types"][format!("S{i}")], serde_json::json!({"kind": "alias", "target": format!("S{n}")}), "S{i}");
    }
    assert_eq!(types["types"][format!("S{n}")]["fields"].as_object().map(|f| f.len()), Some(n));
}
