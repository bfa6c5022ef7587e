//! Bad input: a clear error naming the place and what to do, exit code 2, no panic, and an
//! output folder left exactly as it was.

use std::path::Path;

struct Outcome {
    code: u8,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Outcome {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(&args, &mut out, &mut err);
    Outcome { code, stdout: String::from_utf8_lossy(&out).into_owned(), stderr: String::from_utf8_lossy(&err).into_owned() }
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

/// A fault in one operation: the crate is generated without it and a warning names the
/// place; with `--deny-warnings` it is an error and the output folder is untouched.
fn leaves_out(name: &str, spec: &str, expect: &[&str]) {
    let dir = tests::temp_dir(&format!("fault-{name}"));
    let spec_path = dir.join("spec.yaml");
    std::fs::write(&spec_path, spec).unwrap();
    let out = dir.join("out");
    let strict = run(&["codegen", "--deny-warnings", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(strict.code, 2, "{name}: {}", strict.stderr);
    assert!(!out.exists(), "{name}: --deny-warnings wrote the crate");
    let outcome = run(&["codegen", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(outcome.code, 0, "{name}: {}", outcome.stderr);
    assert!(outcome.stderr.contains("warning: spec.yaml:"), "{name}: the warning names no file and line:\n{}", outcome.stderr);
    for needle in expect {
        assert!(outcome.stderr.contains(needle), "{name}: warning lacks {needle:?}:\n{}", outcome.stderr);
    }
    assert!(out.join("src/lib.rs").exists(), "{name}: no crate");
}

const GOOD_OP: &str = "  /ok:\n    get: {operationId: ok, responses: {'204': {description: ok}}}\n";

#[test]
fn dangling_ref() {
    let spec = with_head(&format!(
        "paths:\n{GOOD_OP}  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Missing'}}\n",
    ));
    leaves_out("dangling", &spec, &["#/components/schemas/Missing", "/paths/~1a/get/responses/200", "operation `a` is left out"]);
}

#[test]
fn missing_referenced_file() {
    let spec = with_head(&format!(
        "paths:\n{GOOD_OP}  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'other.yaml#/Pet'}}\n",
    ));
    leaves_out("external", &spec, &["other.yaml#/Pet", "cannot be read", "operation `a` is left out"]);
}

#[test]
fn a_fault_inside_a_referenced_file_names_that_file_and_line() {
    let dir = tests::temp_dir("fault-in-file");
    std::fs::create_dir_all(dir.join("models")).unwrap();
    std::fs::write(dir.join("models/pet.yaml"), "type: object\nproperties:\n  owner:\n    $ref: 'nobody.yaml'\n").unwrap();
    let spec = with_head(&format!(
        "paths:\n{GOOD_OP}  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'models/pet.yaml'}}\n",
    ));
    let spec_path = dir.join("spec.yaml");
    std::fs::write(&spec_path, spec).unwrap();
    let outcome = run(&["codegen", "--spec", path(&spec_path), "--out", path(&dir.join("out"))]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("warning: models/pet.yaml:3 at /properties/owner"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("nobody.yaml"), "{}", outcome.stderr);
}

#[test]
fn cyclic_all_of() {
    let spec = with_head(&format!(
        "paths:\n{GOOD_OP}  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/A'}}\ncomponents:\n  schemas:\n    A:\n      allOf: [{{$ref: '#/components/schemas/B'}}, {{properties: {{a: {{type: string}}}}}}]\n    B:\n      allOf: [{{$ref: '#/components/schemas/A'}}, {{properties: {{b: {{type: string}}}}}}]\n",
    ));
    leaves_out("cycle", &spec, &["cyclic allOf", "/components/schemas/A", "operation `a` is left out"]);
}

#[test]
fn cyclic_all_of_that_defines_nothing_is_the_same_fault() {
    let spec = with_head(&format!(
        "paths:\n{GOOD_OP}  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/A'}}\ncomponents:\n  schemas:\n    A:\n      allOf: [{{$ref: '#/components/schemas/B'}}]\n    B:\n      allOf: [{{$ref: '#/components/schemas/A'}}]\n",
    ));
    // The operation and the schema it uses fail on the same fault: one warning names both.
    leaves_out("cycle-empty", &spec, &["cyclic allOf", "/components/schemas/A", "operation `a` and schema `A` are left out"]);
}

#[test]
fn duplicate_operation_ids() {
    let spec = with_head(
        "paths:\n  /a:\n    get: {operationId: same, responses: {'204': {description: ok}}}\n  /b:\n    get: {operationId: same, responses: {'204': {description: ok}}}\n",
    );
    leaves_out("dup", &spec, &["`same` is used twice", "/paths/~1b/get/operationId", "/paths/~1a/get", "`get /b`"]);
}

#[test]
fn undefined_path_parameter() {
    let spec = with_head("paths:\n  /a/{id}:\n    get: {operationId: a, responses: {'204': {description: ok}}}\n");
    leaves_out("pathparam", &spec, &["{id}", "/paths/~1a~1{id}/get", "added as a required string"]);
}

#[test]
fn invalid_structure_points_into_the_operation() {
    let spec = with_head(&format!("paths:\n{GOOD_OP}  /a:\n    get:\n      operationId: a\n      responses: 7\n"));
    leaves_out("structure", &spec, &["/paths/~1a/get/responses", "left out"]);
}

#[test]
fn every_fault_is_reported_in_one_run() {
    let spec = with_head(
        "paths:\n  /a/{x}:\n    get: {operationId: a, responses: {'204': {description: ok}}}\n  /b/{y}:\n    get: {operationId: b, responses: {'204': {description: ok}}}\n  /c:\n    get: {operationId: c, responses: 7}\n",
    );
    leaves_out("all", &spec, &["{x}", "{y}", "/paths/~1c/get/responses"]);
}

#[test]
fn missing_info_is_a_fault_of_the_document() {
    rejects("noinfo", "noinfo.yaml", "openapi: 3.0.3\npaths: {}\n", &["noinfo.yaml:1:1 at /info", "add `info:`"]);
}

#[test]
fn unsupported_version() {
    rejects("v32", "v32.yaml", "openapi: 3.2.0\ninfo: {title: x, version: '1'}\npaths: {}\n", &["3.2.0", "/openapi"]);
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
    rejects("deep", "deep.yaml", &spec, &["nests more than 128 levels", "deep.yaml:4:"]);
}

#[test]
fn unknown_arguments_are_usage_errors() {
    let outcome = run(&["codegen", "--frobnicate"]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("--frobnicate") && outcome.stderr.contains("Usage: cargo xtask codegen"));
    let outcome = run(&["codegen", "--spec"]);
    assert_eq!(outcome.code, 2, "a value left out: {}", outcome.stderr);
}

#[test]
fn help_and_version_are_answers_not_errors() {
    let help = run(&["codegen", "--help"]);
    assert_eq!((help.code, help.stderr.as_str()), (0, ""));
    assert!(help.stdout.contains("--deny-warnings") && help.stdout.contains("Exit codes: 0 written or up to date, 1"), "{}", help.stdout);
    let version = run(&["codegen", "--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(version.stdout.trim(), format!("openapi-rust-codegen {}", codegen::emit::VERSION));
}

#[test]
fn check_reports_a_stale_tree_with_a_diff_and_the_fix() {
    let dir = tests::temp_dir("check-stale");
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, with_head("paths:\n  /a:\n    get: {operationId: a, responses: {'204': {description: ok}}}\n")).unwrap();
    let out = dir.join("out");
    assert_eq!(run(&["codegen", "--spec", path(&spec), "--out", path(&out)]).code, 0);
    assert_eq!(run(&["codegen", "--check", "--spec", path(&spec), "--out", path(&out)]).code, 0);
    // A module an older run generated and this one no longer does.
    std::fs::write(out.join("src/extra.rs"), "// @generated by an older run\n").unwrap();
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

#[test]
fn a_path_parameter_the_template_does_not_use_is_a_warning() {
    let spec = with_head(
        "paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n",
    );
    leaves_out("unused-path-param", &spec, &["path parameter `id` is not in the path template `/a`", "/paths/~1a/get"]);
}

#[test]
fn a_response_key_that_is_not_a_status_is_a_warning() {
    let spec = with_head("paths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: ok}, '2XX ': {description: odd}}\n");
    leaves_out("status-key", &spec, &["`2XX ` is not a status code", "/paths/~1a/get/responses/2XX "]);
}

#[test]
fn an_out_folder_holding_a_crate_the_generator_did_not_write_is_refused() {
    let dir = tests::temp_dir("foreign-out");
    let spec_path = dir.join("spec.yaml");
    std::fs::write(&spec_path, with_head(&format!("paths:\n{GOOD_OP}"))).unwrap();
    let out = dir.join("mine");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(out.join("src/main.rs"), "fn main() {}\n").unwrap();
    let outcome = run(&["codegen", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("did not write") && outcome.stderr.contains("src/main.rs") && outcome.stderr.contains("--force"), "{}", outcome.stderr);
    assert_eq!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap(), "[package]\nname = \"mine\"\n");
    assert_eq!(std::fs::read_to_string(out.join("src/main.rs")).unwrap(), "fn main() {}\n");
    assert!(!out.join("src/lib.rs").exists());
    let forced = run(&["codegen", "--force", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(out.join("src/lib.rs").exists() && !out.join("src/main.rs").exists());
    // Its own crate it regenerates without being told.
    let again = run(&["codegen", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(again.code, 0, "{}", again.stderr);
}

#[test]
fn tags_that_would_share_a_file_or_make_a_long_one_get_names_of_their_own() {
    let dir = tests::temp_dir("tag-files");
    let long = "t".repeat(260);
    let tags = ["mod", "Mod", "MOD", "mod_", "self", "CON", long.as_str(), "types"];
    let paths: String = tags
        .iter()
        .enumerate()
        .map(|(i, tag)| format!("  /p{i}:\n    get: {{operationId: op{i}, tags: ['{tag}'], responses: {{'204': {{description: ok}}}}}}\n"))
        .collect();
    let spec_path = dir.join("spec.yaml");
    std::fs::write(&spec_path, with_head(&format!("paths:\n{paths}"))).unwrap();
    let out = dir.join("out");
    let outcome = run(&["codegen", "--spec", path(&spec_path), "--out", path(&out)]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let files: Vec<String> = std::fs::read_dir(out.join("src/operations")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    // One file per tag plus the module index.
    assert_eq!(files.len(), tags.len() + 1, "{files:?}");
    assert!(files.iter().all(|f| f.len() <= 45), "{files:?}");
    let index = std::fs::read_to_string(out.join("src/operations/mod.rs")).unwrap();
    for module in ["mod_", "mod2", "mod3", "mod4", "self_", "con_", "types2"] {
        assert!(index.contains(&format!("mod {module};")), "{module} missing from the index:\n{index}");
    }
}

#[test]
fn a_path_item_that_refers_into_itself_is_left_out_not_a_crash() {
    let spec = with_head(&format!("paths:\n{GOOD_OP}  /a:\n    $ref: '#/paths/~1a/get/responses'\n"));
    leaves_out("self-reference", &spec, &["at /paths/~1a:", "path `/a` is left out", "more than 64 references"]);
}

#[test]
fn a_recursive_schema_that_cannot_be_built_is_left_out_once() {
    let spec = with_head(&format!(
        "paths:\n{GOOD_OP}  /tree:\n    get:\n      operationId: tree\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Tree'}}\ncomponents:\n  schemas:\n    Tree:\n      type: object\n      properties:\n        left: {{$ref: '#/components/schemas/Tree'}}\n        bad: {{$ref: '#/components/schemas/Missing'}}\n"
    ));
    leaves_out("recursive", &spec, &["operation `tree` and schema `Tree` are left out", "at /components/schemas/Tree/properties/bad"]);
}

#[test]
fn a_server_url_with_an_undefined_variable_is_a_warning() {
    let spec = with_head(&format!("servers:\n  - url: 'https://{{tenant}}.example.com'\npaths:\n{GOOD_OP}"));
    leaves_out("server", &spec, &["at /servers/0/url", "`{tenant}`", "no default base URL"]);
}

#[test]
fn a_key_given_twice_is_a_warning_at_its_place() {
    let spec = with_head(
        "paths:\n  /a:\n    get:\n      operationId: a\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Pet: {type: string}\n    Other: {type: integer}\n    Pet: {type: object}\n",
    );
    leaves_out("duplicate-key", &spec, &["`Pet` is given more than once in this mapping; the last value is used", "spec.yaml:10 at /components/schemas/Pet"]);
}

#[test]
fn a_key_given_twice_in_json_or_in_a_list_item_is_found_too() {
    let json = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \"tags\": [{\"name\": \"a\", \"name\": \"b\"}]}";
    let (_, duplicates) = codegen::load::parse::parse_keeping_duplicates("a.json", json).unwrap();
    assert_eq!(duplicates, vec!["/tags/0/name".to_string()]);
    let yaml = "a:\n  b~c: 1\n  b~c: 2\n";
    let (_, duplicates) = codegen::load::parse::parse_keeping_duplicates("a.yaml", yaml).unwrap();
    assert_eq!(duplicates, vec!["/a/b~0c".to_string()]);
}

/// A generator config that does not parse is an error naming `codegen.toml` and its line;
/// nothing is written.
#[test]
fn a_malformed_config_names_its_line() {
    let dir = tests::temp_dir("bad-config");
    std::fs::write(dir.join("codegen.toml"), "[client]\nenv_prefix = \"SHOP\"\n\n[auth.bearer]\nenvv = \"X\"\n").unwrap();
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, with_head("paths: {}\n")).unwrap();
    let out = dir.join("out");
    let outcome = run(&["codegen", "--spec", path(&spec), "--out", path(&out)]);
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("codegen.toml:5:1"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("envv") && outcome.stderr.contains("help:"), "{}", outcome.stderr);
    assert!(!out.exists(), "nothing may be written");
}

/// A config entry for a scheme or an operation the document does not have is a warning.
#[test]
fn a_config_naming_what_the_document_lacks_is_a_warning() {
    let dir = tests::temp_dir("config-names");
    std::fs::write(dir.join("codegen.toml"), "[auth.nope]\nenv = \"X\"\n\n[pagination.listNothing]\nkind = \"none\"\n").unwrap();
    let spec = dir.join("spec.yaml");
    std::fs::write(&spec, with_head("paths: {}\n")).unwrap();
    let generated = codegen::generate(&spec, &codegen::emit::Options::for_spec(&spec, &dir, None)).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.iter().any(|w| w.contains("codegen.toml") && w.contains("/auth/nope") && w.contains("`nope`")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("/pagination/listNothing")), "{warnings:?}");
}
