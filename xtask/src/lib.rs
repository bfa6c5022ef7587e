//! `cargo xtask`: the command line around the `codegen` library. The binary is a thin shell
//! around [`run`], which tests call directly.

mod bench;
mod check_bench;
#[cfg(feature = "decode-bench")]
mod decode_bench;
pub mod hostile;
mod corpus;
mod fuzz;
mod samples;

use codegen::emit::Options;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--crate-name NAME] [--deny-warnings] [--bump] [--force]
       cargo xtask bench [--full PATH] [--runs N] [--cargo-check] [--hostile] [--decode]
       cargo xtask corpus [--dir DIR] [--jobs N] [--timeout SECS] [--check N] [--limit N] [--keep DIR]
       cargo xtask fuzz [--seconds N] [--seed N] [--limit SECS]
       cargo xtask samples (--spec DOC | --dir DIR | --corpus) [--payloads DIR] [--json FILE] ...

  codegen          generate the client crate from an OpenAPI 3.0 document
                   (default: spec/openapi.yaml into generated/)
  --check          write nothing; exit 1 with a diff if the output is not up to date
  --spec PATH      the OpenAPI 3.0 document (YAML or JSON)
  --out DIR        the folder of the generated crate
  --crate-name N   the package name (default: made from the document's title)
  --deny-warnings  fail if anything in the document had to be left out
  --bump           raise the crate's version as the change report's semver verdict says
  --force          replace files in the output folder that the generator did not write
                   (without it, such a folder is refused: the generator knows its own
                   files by their `@generated` header)

  bench            time the generator
  corpus           run the generator on every document of a collection (by default the
                   APIs.guru directory) and count the outcomes; `cargo xtask corpus --help`
  fuzz             run mutated fixtures through the generator and report panics, hangs,
                   touched output and messages without a place; `cargo xtask fuzz --help`
  samples          decode the samples documents carry (and payload files) into the generated
                   types, encode them back, and count what changes, is lost or fails;
                   `cargo xtask samples --help`

Every run compares the new API surface with the committed api-surface.json and prints the
changes, breaking ones first, with a semver verdict; a run that writes also puts the report
in api-changes.md (Markdown, for a changelog) when the surface changed.";

struct Args {
    check: bool,
    bump: bool,
    deny_warnings: bool,
    force: bool,
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let root = workspace_root();
    match args.next().as_deref() {
        Some("codegen") => {}
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("no command given".into()),
    }
    let mut parsed = Args {
        check: false,
        bump: false,
        deny_warnings: false,
        force: false,
        spec: root.join("spec/openapi.yaml"),
        out: root.join("generated"),
        crate_name: None,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--bump" => parsed.bump = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--force" => parsed.force = true,
            "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
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
    match parse_args(args.iter().cloned()) {
        Ok(args) => codegen_command(&args, out, err).unwrap_or(2),
        Err(message) => {
            if !message.is_empty() {
                let _ = writeln!(err, "error: {message}\n");
            }
            let _ = writeln!(err, "{USAGE}");
            2
        }
    }
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

/// Compares the new API surface with the committed one, prints the report and, with
/// `--bump`, raises the version in the generated `Cargo.toml`. Gives the report and the
/// version it is for; `None` when there is no committed surface to compare with.
fn change_report(
    args: &Args,
    generated: &mut codegen::Generated,
    version: &str,
    out: &mut dyn Write,
) -> std::io::Result<Option<(codegen::surface::Report, String)>> {
    use codegen::surface;
    let Ok(text) = std::fs::read_to_string(args.out.join(surface::FILE)) else { return Ok(None) };
    let Ok(old) = serde_json::from_str::<surface::Surface>(&text) else {
        writeln!(out, "the committed {} does not parse; no change report", surface::FILE)?;
        return Ok(None);
    };
    let report = surface::diff(&old, &generated.surface);
    writeln!(out, "API changes since the committed {}:", surface::FILE)?;
    write!(out, "{}", report.text())?;
    let mut version = version.to_string();
    if args.bump && !args.check {
        let bumped = surface::bump(&version, report.verdict());
        if bumped != version {
            if let Some(cargo) = generated.files.iter_mut().find(|f| f.path == "Cargo.toml") {
                cargo.contents = cargo.contents.replacen(&format!("version = \"{version}\""), &format!("version = \"{bumped}\""), 1);
            }
            writeln!(out, "version: {version} -> {bumped}")?;
            version = bumped;
        }
    }
    Ok(Some((report, version)))
}

fn ms(d: std::time::Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn codegen_command(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let start = Instant::now();
    let options = Options::for_spec(&args.spec, &workspace_root(), args.crate_name.clone()).keeping_version_in(&args.out).with_checkout_runtime(&args.out);
    let mut generated = match codegen::generate(&args.spec, &options) {
        Ok(generated) => generated,
        Err(error) => {
            writeln!(err, "{error}")?;
            writeln!(err, "nothing was written to {}", args.out.display())?;
            return Ok(2);
        }
    };
    for warning in &generated.warnings {
        writeln!(err, "{warning}")?;
    }
    if args.deny_warnings && !generated.warnings.is_empty() {
        writeln!(
            err,
            "error: {} warning(s) and --deny-warnings; nothing was written to {}",
            generated.warnings.len(),
            args.out.display()
        )?;
        return Ok(2);
    }
    let report = change_report(args, &mut generated, &options.crate_version, out)?;
    let write_start = Instant::now();
    let result = if args.check {
        codegen::write::compare(&args.out, &generated.files)
    } else {
        codegen::write::write(&args.out, &generated.files, args.force)
    };
    let changes = match result {
        Ok(changes) => changes,
        Err(e) => {
            writeln!(err, "error: cannot write {}: {e}", args.out.display())?;
            return Ok(2);
        }
    };
    let stages: Vec<String> = generated
        .timings
        .iter()
        .map(|(stage, time)| format!("{stage} {}", ms(*time)))
        .chain([format!("write {}", ms(write_start.elapsed()))])
        .collect();
    let total = format!("{} ({})", ms(start.elapsed()), stages.join(", "));
    if args.check {
        if changes.is_empty() {
            writeln!(out, "{} is up to date ({} files, checked in {total})", args.out.display(), changes.unchanged.len())?;
            return Ok(0);
        }
        write!(out, "{}", codegen::write::diff(&args.out, &generated.files, &changes))?;
        writeln!(
            err,
            "error: {} is not up to date with {}: {} file(s) differ, {} stale",
            args.out.display(),
            args.spec.display(),
            changes.written.len(),
            changes.removed.len()
        )?;
        writeln!(err, "help: run `cargo xtask codegen` and commit the result")?;
        return Ok(1);
    }
    if let Some((report, version)) = report.filter(|(r, _)| !r.changes.is_empty()) {
        let path = args.out.join("api-changes.md");
        std::fs::write(&path, report.markdown(&version))?;
        writeln!(out, "wrote   {} (the change report, for a changelog)", path.display())?;
    }
    for path in &changes.written {
        writeln!(out, "wrote   {}", args.out.join(path).display())?;
    }
    for path in &changes.removed {
        writeln!(out, "removed {}", args.out.join(path).display())?;
    }
    let lines: usize = generated.files.iter().map(|f| f.contents.lines().count()).sum();
    writeln!(
        out,
        "{}: {} written, {} unchanged, {} removed ({} files, {lines} lines) in {total}",
        args.out.display(),
        changes.written.len(),
        changes.unchanged.len(),
        changes.removed.len(),
        generated.files.len(),
    )?;
    Ok(0)
}
