//! Change reports: for each `tests/changes/<case>.yaml`, generating `before.yaml` and then
//! the case with `--bump` prints exactly `tests/changes/<case>.expected` (the report, the
//! verdict, the version bump) and writes that report as Markdown in `api-changes.md`.
//!
//! To re-bless after an intended change: `UPDATE_GOLDEN=1 cargo test -p tests --test changes`.

fn run(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(&args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn check(case: &str) {
    let dir = tests::root().join("tests/changes");
    let out = tests::temp_dir(&format!("changes-{case}"));
    let out_s = out.to_str().unwrap();
    let before = dir.join("before.yaml");
    let after = dir.join(format!("{case}.yaml"));
    let (code, _, err) = run(&["codegen", "--spec", before.to_str().unwrap(), "--out", out_s]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.join("api-changes.md").exists(), "no report on the first generation");

    // --check names the changes too, and changes nothing.
    let (code, stdout, _) = run(&["codegen", "--check", "--spec", after.to_str().unwrap(), "--out", out_s]);
    let report_lines = |text: &str| -> String {
        text.lines()
            .filter(|l| {
                !l.starts_with("wrote") && !l.starts_with("removed") && !l.starts_with(out_s) && !l.starts_with("---")
                    && !l.starts_with("+++")
            })
            .take_while(|l| !l.starts_with("@@"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let checked = report_lines(&stdout);
    let (code_run, stdout, err) = run(&["codegen", "--bump", "--spec", after.to_str().unwrap(), "--out", out_s]);
    assert_eq!(code_run, 0, "{err}");
    let printed = report_lines(&stdout);
    let markdown = std::fs::read_to_string(out.join("api-changes.md")).unwrap_or_default();
    let actual = format!("{printed}\n{markdown}");
    let expected_path = dir.join(format!("{case}.expected"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "case `{case}`: the report differs; if intended, run `UPDATE_GOLDEN=1 cargo test -p tests --test changes`"
    );
    // Every case changes some generated file (descriptions at least), so --check fails; it
    // prints the same report as the run, which adds only the version line.
    assert_eq!(code, 1, "--check fails when the output is stale");
    let without_version: String = printed.lines().filter(|l| !l.starts_with("version: ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(checked, without_version, "--check prints the same report");
}

#[test]
fn removals() {
    check("removals");
}

#[test]
fn additions() {
    check("additions");
}

#[test]
fn requiredness() {
    check("requiredness");
}

#[test]
fn deprecations() {
    check("deprecations");
}

#[test]
fn constraints() {
    check("constraints");
}

/// A new cycle of types: the field that becomes a `Box` is a breaking change.
#[test]
fn boxing() {
    check("boxing");
}

#[test]
fn unchanged() {
    check("unchanged");
}

/// Reversing an object's `properties` or an operation's `parameters` changes no constructor:
/// required arguments come in an order of their own (path template, then by name), so a
/// call written before still sends the same values.
#[test]
fn constructors_do_not_follow_the_order_of_maps_or_lists() {
    let doc = |reverse: bool| {
        let mut props: Vec<String> =
            ["allow", "block", "quarantine", "notify", "enabled"].iter().map(|p| format!("                {p}: {{type: boolean}}\n")).collect();
        let mut params = [
            "        - {name: zeta, in: query, required: true, schema: {type: boolean}}\n",
            "        - {name: alpha, in: query, required: true, schema: {type: boolean}}\n",
            "        - {name: b, in: path, required: true, schema: {type: string}}\n",
            "        - {name: a, in: path, required: true, schema: {type: string}}\n",
        ];
        if reverse {
            props.reverse();
            params.reverse();
        }
        format!(
            "openapi: 3.0.3\ninfo: {{title: Order, version: '1'}}\npaths:\n  /x/{{a}}/{{b}}:\n    post:\n      operationId: create\n      parameters:\n{}      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [allow, block, quarantine, notify, enabled]\n              properties:\n{}      responses:\n        '204': {{description: ok}}\n",
            params.concat(),
            props.concat()
        )
    };
    let signatures = |text: String| -> Vec<String> {
        let dir = tests::temp_dir("order");
        let spec = dir.join("spec.yaml");
        std::fs::write(&spec, text).unwrap();
        let options = codegen::emit::Options::for_spec(&spec, &dir, Some("order".into()));
        let generated = codegen::generate(&spec, &options).unwrap();
        let mut found = Vec::new();
        for file in &generated.files {
            let mut lines = file.contents.lines();
            while let Some(line) = lines.next() {
                if line.contains("pub fn new(") || line.contains("pub async fn create(") {
                    let signature: Vec<&str> = std::iter::once(line).chain(lines.by_ref().take_while(|l| !l.contains('{'))).collect();
                    found.push(format!("{}: {}", file.path, signature.join(" ")));
                }
            }
        }
        found
    };
    let (forward, reversed) = (signatures(doc(false)), signatures(doc(true)));
    assert!(forward.len() >= 3, "{forward:#?}");
    assert_eq!(forward, reversed);
    let builder = forward.iter().find(|s| s.contains("operations") && s.contains("pub fn new(")).unwrap();
    let order = ["a:", "b:", "alpha:", "zeta:", "allow:", "block:", "enabled:", "notify:", "quarantine:"];
    let at: Vec<usize> = order.iter().map(|arg| builder.find(arg).unwrap_or_else(|| panic!("{arg} in {builder}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{builder}");
}

/// Every map of `value` in reverse order, except the values the document gives as data
/// (examples, defaults, extensions), whose order is not the document's structure.
fn reversed(value: serde_yaml::Value) -> serde_yaml::Value {
    match value {
        serde_yaml::Value::Mapping(map) => {
            let mut entries: Vec<(serde_yaml::Value, serde_yaml::Value)> = map.into_iter().collect();
            entries.reverse();
            let entries = entries.into_iter().map(|(k, v)| {
                let key = k.as_str().unwrap_or_default();
                let data = matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-");
                let v = if data { v } else { reversed(v) };
                (k, v)
            });
            serde_yaml::Value::Mapping(entries.collect())
        }
        serde_yaml::Value::Sequence(items) => serde_yaml::Value::Sequence(items.into_iter().map(reversed).collect()),
        other => other,
    }
}

/// The same document with its maps (schemas, properties, paths, methods, responses, ...) in
/// reverse order gives the same crate and the same warnings: names, boxing, field and
/// operation order never depend on where the document lists things.
#[test]
fn a_reordered_document_gives_the_same_crate() {
    // Not `v31`: its integers past 64 bits do not fit the YAML library this test reorders with.
    for fixture in ["composition", "unions", "keywords", "builders", "responses", "enums", "deprecations", "traps", "faults", "client"] {
        let text = std::fs::read_to_string(tests::root().join("tests/fixtures").join(fixture).join("openapi.yaml")).unwrap();
        let document: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let generate = |document: serde_yaml::Value, side: &str| {
            let dir = tests::temp_dir(&format!("reordered-{fixture}-{side}"));
            let spec = dir.join("openapi.yaml");
            std::fs::write(&spec, serde_yaml::to_string(&document).unwrap()).unwrap();
            let options = codegen::emit::Options::for_spec(&spec, &dir, Some(format!("fixture-{fixture}")));
            let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{fixture}: {e}"));
            let mut warnings: Vec<String> = generated.warnings.iter().map(|w| w.message.clone()).collect();
            warnings.sort();
            (generated.files, warnings)
        };
        let (files, warnings) = generate(document.clone(), "as-written");
        let (reordered_files, reordered_warnings) = generate(reversed(document), "reversed");
        assert_eq!(warnings, reordered_warnings, "{fixture}: the warnings depend on the order of the document");
        for (a, b) in files.iter().zip(&reordered_files) {
            assert_eq!(a.path, b.path, "{fixture}: the files differ");
            if a.contents != b.contents {
                let diff = similar::TextDiff::from_lines(&a.contents, &b.contents).unified_diff().header("as written", "reversed").to_string();
                panic!("{fixture}: {} depends on the order of the document:\n{}", a.path, &diff[..diff.len().min(6000)]);
            }
        }
        assert_eq!(files.len(), reordered_files.len(), "{fixture}: the files differ");
    }
}
