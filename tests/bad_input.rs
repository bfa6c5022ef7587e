//! Bad input: a clear error naming the place and what to do, exit code 2, no panic, and an
//! output folder left exactly as it was.

use std::path::Path;

struct Outcome {
    code: u8,
    stderr: String,
}

fn run(args: &[&str]) -> Outcome {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(&args, &mut out, &mut err);
    Outcome { code, stderr: String::from_utf8_lossy(&err).into_owned() }
}

/// Runs codegen on `spec` (written to a file named `file`) into an output folder that already
/// holds a file; checks the exit code, that the error mentions each of `expect`, and that the
/// folder is untouched.
fn rejects(name: &str, file: &str, spec: &str, expect: &[&str]) {
    let dir = tests::temp_dir(&format!("bad-{name}"));
    let spec_path = dir.join(file);
    std::fs::write(&spec_path, spec).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// before").unwrap();
    let outcome = run(&["codegen", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(outcome.code, 2, "{name}: {}", outcome.stderr);
    assert!(outcome.stderr.contains(file), "{name}: error does not name the file:\n{}", outcome.stderr);
    for needle in expect {
        assert!(outcome.stderr.contains(needle), "{name}: error lacks {needle:?}:\n{}", outcome.stderr);
    }
    assert!(outcome.stderr.contains("help:"), "{name}: error says nothing of what to do:\n{}", outcome.stderr);
    let entries: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, vec!["src"], "{name}: output folder changed");
    assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "// before");
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\n";

fn with_head(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

#[test]
fn malformed_yaml() {
    rejects("yaml", "spec.yaml", "openapi: 3.0.3\ninfo: {title: [unclosed\n", &["malformed YAML", "spec.yaml:3:1"]);
}

#[test]
fn malformed_json() {
    rejects("json", "spec.json", "{\"openapi\": \"3.0.3\",\n  \"info\": {,}\n}", &["malformed JSON", ":2:"]);
}

#[test]
fn empty_file() {
    rejects("empty", "empty.yaml", "", &["empty"]);
}

#[test]
fn swagger_2() {
    rejects("swagger", "swagger.yaml", "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", &["Swagger 2.0", "/swagger"]);
}

#[test]
fn openapi_3_1() {
    rejects("v31", "v31.yaml", "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n", &["3.1.0", "/openapi"]);
}

#[test]
fn dangling_ref() {
    let spec = with_head(
        "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    );
    rejects("dangling", "dangling.yaml", &spec, &["#/components/schemas/Missing", "/paths/~1a/get/responses/200"]);
}

#[test]
fn external_ref() {
    let spec = with_head(
        "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'other.yaml#/Pet'}\n",
    );
    rejects("external", "external.yaml", &spec, &["external $ref", "other.yaml#/Pet", "bundle"]);
}

#[test]
fn cyclic_all_of() {
    let spec = with_head(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {type: string}}}]\n    B:\n      allOf: [{$ref: '#/components/schemas/A'}, {properties: {b: {type: string}}}]\n",
    );
    rejects("cycle", "cycle.yaml", &spec, &["cyclic allOf", "/components/schemas/A"]);
}

#[test]
fn duplicate_operation_ids() {
    let spec = with_head(
        "paths:\n  /a:\n    get: {operationId: same, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: same, responses: {'204': {description: ok}}}\n",
    );
    rejects("dup", "dup.yaml", &spec, &["`same` is used twice", "/paths/~1b/get/operationId", "/paths/~1a/get"]);
}

#[test]
fn undefined_path_parameter() {
    let spec = with_head("paths:\n  /a/{id}:\n    get: {operationId: a, responses: {'204': {description: ok}}}\n");
    rejects("pathparam", "pathparam.yaml", &spec, &["{id}", "/paths/~1a~1{id}/get"]);
}

#[test]
fn invalid_structure_points_into_the_operation() {
    let spec = with_head("paths:\n  /a:\n    get:\n      operationId: a\n      responses: 7\n");
    rejects("structure", "structure.yaml", &spec, &["/paths/~1a/get"]);
}

#[test]
fn missing_spec_file() {
    let dir = tests::temp_dir("bad-missing");
    let outcome = run(&["codegen", "--spec", path(&dir.join("nope.yaml")), "--out", path(&dir.join("out"))]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("nope.yaml") && outcome.stderr.contains("cannot read"), "{}", outcome.stderr);
    assert!(!dir.join("out").exists());
}

#[test]
fn deeply_nested_document_is_an_error_not_a_crash() {
    let depth = 5_000;
    let spec = format!("{HEAD}paths: {{}}\nx-deep: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    rejects("deep", "deep.yaml", &spec, &["malformed YAML"]);
}

#[test]
fn unknown_arguments_are_usage_errors() {
    let outcome = run(&["codegen", "--frobnicate"]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("--frobnicate") && outcome.stderr.contains("usage:"));
}

#[test]
fn check_reports_a_stale_tree_with_a_diff_and_the_fix() {
    let dir = tests::temp_dir("check-stale");
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, with_head("paths:\n  /a:\n    get: {operationId: a, responses: {'204': {description: ok}}}\n")).unwrap();
    let out = dir.join("out");
    assert_eq!(run(&["codegen", "--spec", path(&spec), "--out", path(&out)]).code, 0);
    assert_eq!(run(&["codegen", "--check", "--spec", path(&spec), "--out", path(&out)]).code, 0);
    std::fs::write(out.join("src/extra.rs"), "// stale").unwrap();
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    std::fs::write(out.join("src/lib.rs"), lib.replace("pub mod types;", "pub mod typez;")).unwrap();
    let args = ["codegen", "--check", "--spec", path(&spec), "--out", path(&out)];
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    assert_eq!(xtask::run(&args, &mut stdout, &mut stderr), 1);
    let (stdout, stderr) = (String::from_utf8(stdout).unwrap(), String::from_utf8(stderr).unwrap());
    assert!(stdout.contains("-pub mod typez;") && stdout.contains("+pub mod types;"), "{stdout}");
    assert!(stdout.contains("src/extra.rs"), "{stdout}");
    assert!(stderr.contains("cargo xtask codegen"), "{stderr}");
    // --check changed nothing; a real run repairs both.
    assert!(out.join("src/extra.rs").exists());
    assert_eq!(run(&["codegen", "--spec", path(&spec), "--out", path(&out)]).code, 0);
    assert!(!out.join("src/extra.rs").exists());
    assert_eq!(run(&["codegen", "--check", "--spec", path(&spec), "--out", path(&out)]).code, 0);
}
