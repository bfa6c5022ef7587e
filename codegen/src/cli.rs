//! The command line: `openapi-rust-codegen` (installed), and `cargo xtask codegen` in this
//! repository, which only sets other defaults. It prints what [`Generator`] gives.

use crate::emit::Runtime;
use crate::{Failure, Generator, Outcome};
use clap::{CommandFactory, FromArgMatches, Parser};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Exit code: written, or up to date.
pub const OK: u8 = 0;
/// Exit code: `--check` found the output folder out of date.
pub const DRIFT: u8 = 1;
/// Exit code: bad input (the document, the config, the arguments) or the folder cannot be
/// written; nothing was written.
pub const BAD_INPUT: u8 = 2;

/// Generate a typed Rust client crate from an OpenAPI 3.0 or 3.1 document.
///
/// Every run compares the new API surface with the committed `api-surface.json` and prints
/// the changes, breaking ones first, with a semver verdict; a run that writes also puts the
/// report in `api-changes.md` (Markdown, for a changelog) when the surface changed.
#[derive(Debug, Parser)]
#[command(
    name = "openapi-rust-codegen",
    version,
    after_help = "Exit codes: 0 written or up to date, 1 not up to date (--check), 2 bad input or the folder cannot be written (nothing is written)."
)]
pub struct Args {
    /// The OpenAPI document (YAML or JSON; the root file when it spans several)
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The folder of the generated crate
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The package name (default: made from the document's title)
    #[arg(long, value_name = "NAME")]
    pub crate_name: Option<String>,
    /// The generator config (default: codegen.toml beside the document, if any)
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Depend on openapi-rust-runtime at this folder (relative to the crate, or absolute)
    /// instead of the registry: a checkout, a patched copy, offline use
    #[arg(long, value_name = "DIR")]
    pub runtime_path: Option<String>,
    /// Write nothing; exit 1 with a diff if the output is not up to date
    #[arg(long)]
    pub check: bool,
    /// Raise the crate's version as the change report's semver verdict says
    #[arg(long)]
    pub bump: bool,
    /// Fail, writing nothing, if anything in the document had to be left out
    #[arg(long)]
    pub deny_warnings: bool,
    /// Replace files in the output folder that the generator did not write (without it such a
    /// folder is refused: the generator knows its own files by their @generated header)
    #[arg(long)]
    pub force: bool,
}

/// What a command line takes when an argument is not given, and how it names itself.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// How the command is run, for usage and hints (`cargo xtask codegen`).
    pub command: Option<String>,
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    /// See [`Generator::source_root`].
    pub source_root: Option<PathBuf>,
    /// Without `--runtime-path`: the runtime crate of the generator's checkout (see
    /// [`Generator::checkout_runtime`]) rather than the registry.
    pub checkout_runtime: bool,
}

/// Runs the command line `args` (the program name first); gives the exit code: [`OK`],
/// [`DRIFT`] or [`BAD_INPUT`].
pub fn run(args: impl IntoIterator<Item = String>, defaults: &Defaults, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let command = defaults.command.clone().unwrap_or_else(|| "openapi-rust-codegen".into());
    let matches = Args::command().bin_name(command.clone()).try_get_matches_from(args).and_then(|m| Args::from_arg_matches(&m));
    let args = match matches {
        Ok(args) => args,
        Err(e) => {
            let code = if e.use_stderr() { BAD_INPUT } else { OK };
            let text = e.render().to_string();
            let _ = if e.use_stderr() { write!(err, "{text}") } else { write!(out, "{text}") };
            return code;
        }
    };
    let (Some(spec), Some(folder)) = (args.spec.clone().or_else(|| defaults.spec.clone()), args.out.clone().or_else(|| defaults.out.clone())) else {
        let _ = writeln!(err, "error: --spec and --out are required\n\nFor more information, try '--help'.");
        return BAD_INPUT;
    };
    let mut generator = Generator::new(&spec, &folder).bump(args.bump).deny_warnings(args.deny_warnings).force(args.force);
    if let Some(name) = &args.crate_name {
        generator = generator.crate_name(name);
    }
    if let Some(config) = &args.config {
        generator = generator.config(config);
    }
    if let Some(root) = &defaults.source_root {
        generator = generator.source_root(root);
    }
    if defaults.checkout_runtime {
        generator = generator.checkout_runtime();
    }
    if let Some(path) = &args.runtime_path {
        generator = generator.runtime(Runtime::Path(path.clone()));
    }
    let outcome = if args.check { generator.check() } else { generator.write() };
    let printed = match outcome {
        Ok(outcome) => print(&outcome, &args, (&spec, &folder), &command, out, err),
        Err(failure) => print_failure(&failure, &folder, err).map(|()| BAD_INPUT),
    };
    printed.unwrap_or(BAD_INPUT)
}

fn print_failure(failure: &Failure, folder: &std::path::Path, err: &mut dyn Write) -> std::io::Result<()> {
    match failure {
        Failure::Spec(error) => writeln!(err, "{error}\nnothing was written to {}", folder.display()),
        Failure::Warnings(warnings) => {
            for warning in warnings {
                writeln!(err, "{warning}")?;
            }
            writeln!(err, "error: {} warning(s) and --deny-warnings; nothing was written to {}", warnings.len(), folder.display())
        }
        Failure::Io { .. } | Failure::Usage(_) => writeln!(err, "{failure}"),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn print(outcome: &Outcome, args: &Args, (spec, folder): (&PathBuf, &PathBuf), command: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    for warning in &outcome.warnings {
        writeln!(err, "{warning}")?;
    }
    if let Some(report) = &outcome.report {
        writeln!(out, "API changes since the committed {}:", crate::surface::FILE)?;
        write!(out, "{}", report.text())?;
    }
    let total: Duration = outcome.timings.iter().map(|(_, t)| *t).sum();
    let stages: Vec<String> = outcome.timings.iter().map(|(stage, time)| format!("{stage} {}", ms(*time))).collect();
    let total = format!("{} ({})", ms(total), stages.join(", "));
    let changes = &outcome.changes;
    if args.check {
        if outcome.up_to_date() {
            writeln!(out, "{} is up to date ({} files, checked in {total})", folder.display(), changes.unchanged.len())?;
            return Ok(OK);
        }
        write!(out, "{}", outcome.diff)?;
        writeln!(
            err,
            "error: {} is not up to date with {}: {} file(s) differ, {} stale",
            folder.display(),
            spec.display(),
            changes.written.len(),
            changes.removed.len()
        )?;
        writeln!(err, "help: run `{command}` and commit the result")?;
        return Ok(DRIFT);
    }
    if let Some(old) = &outcome.bumped_from {
        writeln!(out, "version: {old} -> {}", outcome.version)?;
    }
    if let Some(path) = &outcome.report_file {
        writeln!(out, "wrote   {} (the change report, for a changelog)", path.display())?;
    }
    for path in &changes.written {
        writeln!(out, "wrote   {}", folder.join(path).display())?;
    }
    for path in &changes.removed {
        writeln!(out, "removed {}", folder.join(path).display())?;
    }
    writeln!(
        out,
        "{}: {} written, {} unchanged, {} removed ({} files, {} lines) in {total}",
        folder.display(),
        changes.written.len(),
        changes.unchanged.len(),
        changes.removed.len(),
        outcome.files,
        outcome.lines,
    )?;
    Ok(OK)
}
