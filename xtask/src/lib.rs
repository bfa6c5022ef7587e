//! `cargo xtask`: the command line around the `codegen` library. The binary is a thin shell
//! around [`run`], which tests call directly.

mod bench;
mod check_bench;
#[cfg(feature = "decode-bench")]
mod decode_bench;
#[cfg(feature = "decode-bench")]
mod stream_bench;
pub mod hostile;
mod corpus;
mod fuzz;
mod samples;

use std::io::Write;
use std::path::{Path, PathBuf};

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--crate-name NAME] [--config PATH] [--deny-warnings] [--bump] [--force]
       cargo xtask bench [--full PATH] [--runs N] [--cargo-check] [--hostile] [--decode]
       cargo xtask corpus [--dir DIR] [--jobs N] [--timeout SECS] [--check N] [--limit N] [--keep DIR]
       cargo xtask fuzz [--seconds N] [--seed N] [--limit SECS]
       cargo xtask samples (--spec DOC | --dir DIR | --corpus) [--payloads DIR] [--json FILE] ...

  codegen          generate the client crate from an OpenAPI document (default:
                   spec/openapi.yaml into generated/); the options of the installed
                   `openapi-rust-codegen`: `cargo xtask codegen --help`
  bench            time the generator
  corpus           run the generator on every document of a collection (by default the
                   APIs.guru directory) and count the outcomes; `cargo xtask corpus --help`
  fuzz             run mutated fixtures through the generator and report panics, hangs,
                   touched output and messages without a place; `cargo xtask fuzz --help`
  samples          decode the samples documents carry (and payload files) into the generated
                   types, encode them back, and count what changes, is lost or fails;
                   `cargo xtask samples --help`";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Runs the command line `args` (without the program name); returns the exit code: 0 for
/// success, 1 when `--check` finds the output out of date, 2 for errors.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if args.first().map(String::as_str) == Some("bench") {
        return bench_command(&args[1..], out, err);
    }
    if args.first().map(String::as_str) == Some("corpus") {
        return corpus_command(&args[1..], out, err);
    }
    if args.first().map(String::as_str) == Some("fuzz") {
        return fuzz_command(&args[1..], out, err);
    }
    if args.first().map(String::as_str) == Some("samples") {
        return samples_command(&args[1..], out, err);
    }
    match args.first().map(String::as_str) {
        Some("codegen") => codegen_command(&args[1..], out, err),
        Some(other) => {
            let _ = writeln!(err, "error: unknown command `{other}`\n\n{USAGE}");
            2
        }
        None => {
            let _ = writeln!(err, "error: no command given\n\n{USAGE}");
            2
        }
    }
}

/// `codegen`: the installed command's options, with this repository's defaults: the
/// document in `spec/`, the crate in `generated/`, the headers naming the document from the
/// root, and the runtime crate of this checkout by path.
fn codegen_command(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let root = workspace_root();
    let defaults = codegen::cli::Defaults {
        command: Some("cargo xtask codegen".into()),
        spec: Some(root.join("spec/openapi.yaml")),
        out: Some(root.join("generated")),
        source_root: Some(root),
        checkout_runtime: true,
    };
    let args = std::iter::once("cargo xtask codegen".to_string()).chain(args.iter().cloned());
    codegen::cli::run(args, &defaults, out, err)
}

/// A measuring command (`bench`, `corpus`, `fuzz`): its arguments parsed, then run in a
/// release build (a debug build re-runs itself with `--release`: timings and throughput of
/// a debug build mean nothing). `failure` is the exit code when the run finds a problem.
fn tool_command<A>(
    name: &str,
    args: &[String],
    (parse, usage): (Result<A, String>, &str),
    run: impl FnOnce(&A, &Path, &mut dyn Write, &mut dyn Write) -> Result<(), String>,
    failure: u8,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let parsed = match parse {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                let _ = writeln!(err, "error: {message}\n");
            }
            let _ = writeln!(err, "{usage}");
            return 2;
        }
    };
    let root = workspace_root();
    if cfg!(debug_assertions) {
        return run_release(name, args, &root, err);
    }
    match run(&parsed, &root, out, err) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            failure
        }
    }
}

fn bench_command(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let parsed = bench::parse(args.iter().cloned(), &workspace_root());
    tool_command("bench", args, (parsed, bench::USAGE), |a, root, out, _| bench::run(a, root, out), 2, out, err)
}

fn corpus_command(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let parsed = corpus::parse(args.iter().cloned());
    tool_command("corpus", args, (parsed, corpus::USAGE), corpus::run, 2, out, err)
}

fn fuzz_command(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let parsed = fuzz::parse(args.iter().cloned());
    tool_command("fuzz", args, (parsed, fuzz::USAGE), |a, root, out, _| fuzz::run(a, root, out), 1, out, err)
}

/// `samples` runs in whatever build it is: its time goes into compiling the harnesses, and a
/// release build of this program would rebuild the generated crate it depends on.
fn samples_command(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let parsed = match samples::parse(args.iter().cloned()) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                let _ = writeln!(err, "error: {message}\n");
            }
            let _ = writeln!(err, "{}", samples::USAGE);
            return 2;
        }
    };
    match samples::run(&parsed, &workspace_root(), out, err) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

/// Runs `cargo xtask <command> <args>` built in release mode; gives its exit code.
fn run_release(command: &str, args: &[String], root: &Path, err: &mut dyn Write) -> u8 {
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "--release", "--package", "xtask"])
        .args((command == "bench").then_some(["--features", "decode-bench"]).into_iter().flatten())
        .args(["--", command])
        .args(args)
        .current_dir(root)
        .status();
    match status {
        Ok(status) => status.code().map_or(1, |code| code as u8),
        Err(e) => {
            let _ = writeln!(err, "error: cannot run the release build: {e}");
            2
        }
    }
}
