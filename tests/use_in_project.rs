//! What a new user does, outside this repository, following the README's "Use it in your
//! project" to the letter (its snippets are read from the README): the command installed into
//! a folder of its own and run; a workspace with its own xtask calling the library; a crate in
//! the `build.rs` mode, built and called against the scripted server. Each builds crates
//! with cargo, so the test is ignored by default; `.ci/run` runs it.

mod server;

use server::{Reply, Server};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The README's snippet after `<!-- snippet: name -->`, with `$CHECKOUT` filled in.
fn snippet(name: &str) -> String {
    let readme = std::fs::read_to_string(tests::root().join("README.md")).expect("README.md");
    let marker = format!("<!-- snippet: {name} -->\n");
    let start = readme.find(&marker).unwrap_or_else(|| panic!("the README has no snippet `{name}`")) + marker.len();
    let body = readme[start..].split_once('\n').expect("a fence").1;
    let end = body.find("\n```").expect("a closing fence");
    body[..end + 1].replace("$CHECKOUT", &tests::root().to_string_lossy())
}

/// A folder outside the checkout (the system's temp folder), empty.
fn outside(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("openapi-rust-codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temp folder");
    assert!(!dir.starts_with(tests::root()), "{} is inside the checkout", dir.display());
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The world's Petstore document.
fn petstore() -> String {
    use std::io::Read;
    let gz = std::fs::read(tests::root().join("../shared/specs/world/petstore.yaml.gz")).expect("../shared/specs/world/petstore.yaml.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_string(&mut text).expect("gzip");
    text
}

/// Runs `program` in `dir`; cargo builds share one target folder (and this checkout's lock
/// file, copied in, so that no new versions are resolved).
fn run(dir: &Path, program: &str, args: &[&str]) -> Output {
    if !dir.join("Cargo.lock").exists() && dir.join("Cargo.toml").exists() {
        std::fs::copy(tests::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    }
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", tests::root().join("target/use-in-project"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    eprintln!("$ {program} {}\n{}{}", args.join(" "), String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    output
}

fn succeeds(dir: &Path, program: &str, args: &[&str]) -> Output {
    let output = run(dir, program, args);
    assert!(output.status.success(), "`{program} {}` failed in {}", args.join(" "), dir.display());
    output
}

/// The arguments of a command line.
fn words(line: &[String]) -> Vec<&str> {
    line[1..].iter().map(String::as_str).collect()
}

/// Every command line of a shell snippet, split into words.
fn commands(snippet: &str) -> Vec<Vec<String>> {
    snippet.lines().filter(|l| !l.trim().is_empty()).map(|l| l.split_whitespace().map(String::from).collect()).collect()
}

#[test]
#[ignore = "builds crates with cargo (minutes); run by .ci/run"]
fn the_command_installed_and_run() {
    let dir = outside("command");
    write(&dir.join("openapi.yaml"), &petstore());
    let lines = commands(&snippet("command"));
    let [install, generate, check] = lines.as_slice() else { panic!("the command snippet has three lines: {lines:?}") };
    // Installed into a root of its own (a debug build, sharing the other builds' target).
    let mut install: Vec<&str> = install.iter().map(String::as_str).collect();
    let root = dir.join("installed");
    install.extend(["--debug", "--locked", "--root", root.to_str().unwrap()]);
    succeeds(&dir, install[0], &install[1..]);
    let program = root.join("bin/openapi-rust-codegen");
    let program = program.to_str().unwrap();
    let version = succeeds(&dir, program, &["--version"]);
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("openapi-rust-codegen {}", codegen::emit::VERSION));
    succeeds(&dir, program, &words(generate));
    succeeds(&dir.join("pets"), "cargo", &["build", "--quiet"]);
    assert_eq!(run(&dir, program, &words(check)).status.code(), Some(0));
    // A changed document: --check exits 1; a broken one: 2, and nothing is written.
    write(&dir.join("openapi.yaml"), &petstore().replace("summary: Find pet by ID.", "summary: Find a pet by its ID."));
    assert_eq!(run(&dir, program, &words(check)).status.code(), Some(1));
    write(&dir.join("openapi.yaml"), "openapi: 3.0.0\ninfo: [\n");
    let before = std::fs::read_to_string(dir.join("pets/src/lib.rs")).unwrap();
    assert_eq!(run(&dir, program, &words(generate)).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.join("pets/src/lib.rs")).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "builds crates with cargo (minutes); run by .ci/run"]
fn a_workspace_with_its_own_xtask() {
    let dir = outside("xtask");
    let workspace = format!("{}\n{}", snippet("xtask-members"), snippet("patch"));
    write(&dir.join("Cargo.toml"), &workspace);
    write(&dir.join("xtask/Cargo.toml"), &snippet("xtask-manifest"));
    write(&dir.join("xtask/src/main.rs"), &snippet("xtask-main"));
    write(&dir.join(".cargo/config.toml"), &snippet("xtask-alias"));
    write(&dir.join("openapi.yaml"), &petstore());
    succeeds(&dir, "cargo", &["xtask"]);
    assert!(dir.join("crates/pets/Cargo.toml").is_file());
    let manifest = std::fs::read_to_string(dir.join("crates/pets/Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("openapi-rust-runtime = \"{}\"", codegen::emit::VERSION)), "by version:\n{manifest}");
    assert!(!dir.join("crates/pets/runtime").exists(), "no copy of the runtime");
    // As the README says: the generated crate joins the workspace once it exists.
    write(&dir.join("Cargo.toml"), &workspace.replace(r#"members = ["xtask"]"#, r#"members = ["xtask", "crates/*"]"#));
    succeeds(&dir, "cargo", &["build", "--quiet", "-p", "pets"]);
    assert_eq!(run(&dir, "cargo", &["xtask", "--check"]).status.code(), Some(0));
    write(&dir.join("openapi.yaml"), &petstore().replace("summary: Find pet by ID.", "summary: Find a pet by its ID."));
    let drift = run(&dir, "cargo", &["xtask", "--check"]);
    assert_eq!(drift.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&drift.stdout).contains("+    /// Find a pet by its ID."), "the diff names the change");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
#[ignore = "builds crates with cargo (minutes); run by .ci/run"]
async fn a_crate_in_the_build_rs_mode_calls_the_server() {
    let dir = outside("build-rs");
    let call = r#"
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = std::env::var("PETS_BASE_URL").unwrap();
    let client = pets::Client::builder().base_url(base).api_key("key-1").build().unwrap();
    let pet = client.pet().get_pet_by_id(7).send().await.unwrap();
    println!("{} {}", pet.id.unwrap(), pet.name);
}
"#;
    let manifest = format!(
        "{}\n[dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\n{}",
        snippet("build-manifest"),
        snippet("patch")
    );
    write(&dir.join("Cargo.toml"), &manifest);
    write(&dir.join("build.rs"), &snippet("build-script"));
    write(&dir.join("src/lib.rs"), &snippet("build-lib"));
    write(&dir.join("examples/call.rs"), call);
    // A version written as a number: read as the text it is written with, and a warning.
    write(&dir.join("openapi.yaml"), &petstore().replace("version: 1.0.27-SNAPSHOT", "version: 1.10"));
    let built = succeeds(&dir, "cargo", &["build", "--example", "call"]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(stderr.contains("warning: pets@0.1.0: openapi.yaml:"), "the document's warnings are cargo warnings:\n{stderr}");
    let server = Server::start(vec![Reply::json(200, serde_json::json!({"id": 7, "name": "doggie", "photoUrls": []}))]).await;
    let program = tests::root().join("target/use-in-project/debug/examples/call");
    let url = server.url();
    let output = tokio::task::spawn_blocking(move || Command::new(program).env("PETS_BASE_URL", url).output().unwrap()).await.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "7 doggie");
    let requests = server.requests();
    assert_eq!((requests[0].path(), requests[0].header("api_key")), ("/pet/7", Some("key-1")));
    // A changed document is generated again: the build reruns.
    write(&dir.join("openapi.yaml"), &petstore().replace("summary: Find pet by ID.", "summary: Find a pet by its ID."));
    succeeds(&dir, "cargo", &["build", "--example", "call"]);
    let out_dirs = std::fs::read_dir(tests::root().join("target/use-in-project/debug/build")).unwrap();
    let generated: Vec<String> = out_dirs
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path().join("out/openapi.rs")).ok())
        .collect();
    assert!(generated.iter().any(|text| text.contains("/// Find a pet by its ID.")), "regenerated after the document changed");
    let _ = std::fs::remove_dir_all(&dir);
}
