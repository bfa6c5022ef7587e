//! `cargo xtask`: the command line around the `codegen` library.

use codegen::emit::Options;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--crate-name NAME] [--deny-warnings]

  codegen          generate the client crate from an OpenAPI 3.0 document
                   (default: spec/openapi.yaml into generated/)
  --check          write nothing; exit 1 with a diff if the output is not up to date
  --spec PATH      the OpenAPI 3.0 document (YAML or JSON)
  --out DIR        the folder of the generated crate
  --crate-name N   the package name (default: made from the document's title)
  --deny-warnings  fail if anything in the document had to be left out";

struct Args {
    check: bool,
    deny_warnings: bool,
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
        deny_warnings: false,
        spec: root.join("spec/openapi.yaml"),
        out: root.join("generated"),
        crate_name: None,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// How the spec is named in the `@generated` header: relative to the workspace when inside
/// it, else by file name, so that the output does not depend on where it was made.
fn source_name(spec: &Path) -> String {
    let absolute = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
    let root = std::fs::canonicalize(workspace_root()).unwrap_or_else(|_| workspace_root());
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => spec.file_name().map_or_else(|| spec.display().to_string(), |n| n.to_string_lossy().into_owned()),
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}\n");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    run(&args)
}

fn run(args: &Args) -> ExitCode {
    let start = Instant::now();
    let options = Options {
        crate_name: args.crate_name.clone(),
        crate_version: "0.1.0".into(),
        source: source_name(&args.spec),
    };
    let generated = match codegen::generate(&args.spec, &options) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("nothing was written to {}", args.out.display());
            return ExitCode::from(2);
        }
    };
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    if args.deny_warnings && !generated.warnings.is_empty() {
        eprintln!(
            "error: {} warning(s) and --deny-warnings; nothing was written to {}",
            generated.warnings.len(),
            args.out.display()
        );
        return ExitCode::from(2);
    }
    let write_start = Instant::now();
    let result = if args.check {
        codegen::write::compare(&args.out, &generated.files)
    } else {
        codegen::write::write(&args.out, &generated.files)
    };
    let changes = match result {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", args.out.display());
            return ExitCode::from(2);
        }
    };
    let write_time = write_start.elapsed();
    let stages: Vec<String> = generated
        .timings
        .iter()
        .map(|(stage, time)| format!("{stage} {:.1} ms", time.as_secs_f64() * 1e3))
        .chain([format!("write {:.1} ms", write_time.as_secs_f64() * 1e3)])
        .collect();
    let total = format!("{:.1} ms ({})", start.elapsed().as_secs_f64() * 1e3, stages.join(", "));
    if args.check {
        if changes.is_empty() {
            println!("{} is up to date ({} files, checked in {total})", args.out.display(), changes.unchanged.len());
            return ExitCode::SUCCESS;
        }
        print!("{}", codegen::write::diff(&args.out, &generated.files, &changes));
        eprintln!(
            "error: {} is not up to date with {}: {} file(s) differ, {} stale",
            args.out.display(),
            args.spec.display(),
            changes.written.len(),
            changes.removed.len()
        );
        eprintln!("help: run `cargo xtask codegen` and commit the result");
        return ExitCode::from(1);
    }
    for path in &changes.written {
        println!("wrote   {}", args.out.join(path).display());
    }
    for path in &changes.removed {
        println!("removed {}", args.out.join(path).display());
    }
    println!(
        "{}: {} written, {} unchanged, {} removed in {total}",
        args.out.display(),
        changes.written.len(),
        changes.unchanged.len(),
        changes.removed.len()
    );
    ExitCode::SUCCESS
}
