//! The entry point for a project's own tooling (an `xtask`, a script, a `build.rs`): one
//! document, one output folder, write or check, with the warnings and the change report
//! given back as values. The command line (`openapi-rust-codegen`, `cargo xtask codegen`)
//! prints what this gives.
//!
//! ```no_run
//! use openapi_rust_codegen::Generator;
//!
//! # fn main() -> Result<(), openapi_rust_codegen::Failure> {
//! // Writes (only) the files that changed; the crate's version is kept, or raised with `bump`.
//! let outcome = Generator::new("api/openapi.yaml", "crates/api-client").bump(true).write()?;
//! for warning in &outcome.warnings {
//!     eprintln!("{warning}");
//! }
//! if let Some(report) = &outcome.report {
//!     print!("{}", report.text());
//! }
//! // In CI: is the committed crate what the document gives?
//! assert!(Generator::new("api/openapi.yaml", "crates/api-client").check()?.up_to_date());
//! # Ok(())
//! # }
//! ```

use crate::emit::{Options, Runtime};
use crate::surface::{self, Report};
use crate::write::Changes;
use crate::{Error, Warning};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to generate, from where, into where, and how.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
    config: Option<PathBuf>,
    source_root: Option<PathBuf>,
    runtime: Option<Runtime>,
    checkout_runtime: bool,
    bump: bool,
    deny_warnings: bool,
    force: bool,
}

/// What a run did (or, checking, would do).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What the document says that had to be left out or read generously.
    pub warnings: Vec<Warning>,
    /// The changes of the API surface since the one committed in the output folder
    /// (`api-surface.json`), breaking ones first; `None` when there is none to compare with.
    pub report: Option<Report>,
    /// The crate's version: kept from its `Cargo.toml`, or raised by `bump`.
    pub version: String,
    /// The version before `bump` raised it.
    pub bumped_from: Option<String>,
    /// The files written (or, checking, that differ), unchanged and removed (stale).
    pub changes: Changes,
    /// Checking: a unified diff of what would change; empty when up to date or writing.
    pub diff: String,
    /// Where the change report was written (`api-changes.md`), when the surface changed.
    pub report_file: Option<PathBuf>,
    /// The generated files and their lines.
    pub files: usize,
    pub lines: usize,
    /// How long each stage took: load, resolve, emit, write.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Outcome {
    /// Whether the output folder already held what the document gives.
    pub fn up_to_date(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Why a run wrote nothing.
#[derive(Debug)]
pub enum Failure {
    /// The document (or the config) cannot be used: the error names the file, the place and
    /// what to do.
    Spec(Error),
    /// `deny_warnings` is set and the document gave these warnings.
    Warnings(Vec<Warning>),
    /// The output folder cannot be read or written.
    Io { path: PathBuf, source: std::io::Error },
    /// The run asks for what cannot be: a group the document does not have, a build script
    /// run outside cargo.
    Usage(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Spec(error) => write!(f, "{error}"),
            Failure::Warnings(warnings) => write!(f, "error: {} warning(s) and warnings are denied", warnings.len()),
            Failure::Io { path, source } => write!(f, "error: cannot write {}: {source}", path.display()),
            Failure::Usage(message) => write!(f, "error: {message}"),
        }
    }
}

impl std::error::Error for Failure {}

impl Generator {
    /// Generates the crate for the document `spec` (YAML or JSON, 3.0 or 3.1; the file that
    /// others refer to when it is spread over several) into the folder `out`.
    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Generator {
            spec: spec.into(),
            out: out.into(),
            crate_name: None,
            config: None,
            source_root: None,
            runtime: None,
            checkout_runtime: false,
            bump: false,
            deny_warnings: false,
            force: false,
        }
    }

    /// The package name; by default made from the document's title.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The generator config (`codegen.toml` format); by default the `codegen.toml` beside the
    /// document, if there is one.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// The folder the files' `@generated` headers name the document relative to (such as the
    /// repository's root); by default they name it by its file name.
    pub fn source_root(mut self, root: impl Into<PathBuf>) -> Self {
        self.source_root = Some(root.into());
        self
    }

    /// Where the crate gets `openapi-rust-runtime`: by default the registry, at this
    /// generator's version ([`crate::emit::VERSION`]); [`Runtime::Path`] for a checkout or a
    /// patched copy.
    pub fn runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// The runtime crate of the checkout this generator was built from, by path (see
    /// [`Options::with_checkout_runtime`]): for the generator's own repository and its tests.
    pub fn checkout_runtime(mut self) -> Self {
        self.checkout_runtime = true;
        self
    }

    /// Writing: raise the crate's version as the change report's semver verdict says.
    pub fn bump(mut self, bump: bool) -> Self {
        self.bump = bump;
        self
    }

    /// Fail, writing nothing, when the document gives any warning.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// Replace files in the output folder that the generator did not write (by default such
    /// a folder is refused: the generator knows its files by their `@generated` header).
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// The generation options this run uses.
    pub fn options(&self) -> Options {
        let root = self.source_root.clone().unwrap_or_else(|| self.spec.parent().unwrap_or(Path::new("")).to_path_buf());
        let mut options = Options::for_spec(&self.spec, &root, self.crate_name.clone()).keeping_version_in(&self.out);
        options.config = self.config.clone();
        if self.checkout_runtime {
            options = options.with_checkout_runtime(&self.out);
        }
        if let Some(runtime) = &self.runtime {
            options.runtime = runtime.clone();
        }
        options
    }

    /// Writes the crate: only the files that changed, atomically; stale files of an earlier
    /// run are removed, and the change report goes to `api-changes.md` when the surface
    /// changed.
    pub fn write(&self) -> Result<Outcome, Failure> {
        self.run(false)
    }

    /// Writes nothing: tells whether the output folder is up to date, with a diff when not.
    pub fn check(&self) -> Result<Outcome, Failure> {
        self.run(true)
    }

    fn run(&self, check: bool) -> Result<Outcome, Failure> {
        let options = self.options();
        let mut generated = crate::generate(&self.spec, &options).map_err(Failure::Spec)?;
        if self.deny_warnings && !generated.warnings.is_empty() {
            return Err(Failure::Warnings(generated.warnings));
        }
        let io = |source| Failure::Io { path: self.out.clone(), source };
        let (mut version, mut bumped_from) = (options.crate_version.clone(), None);
        let report = self.report(&generated.surface);
        if let Some(report) = report.as_ref().filter(|_| self.bump && !check) {
            let bumped = surface::bump(&version, report.verdict());
            if let Some(cargo) = generated.files.iter_mut().find(|f| f.path == "Cargo.toml").filter(|_| bumped != version) {
                cargo.contents = cargo.contents.replacen(&format!("version = \"{version}\""), &format!("version = \"{bumped}\""), 1);
                bumped_from = Some(std::mem::replace(&mut version, bumped));
            }
        }
        let started = Instant::now();
        let (changes, diff) = if check {
            let changes = crate::write::compare(&self.out, &generated.files).map_err(io)?;
            let diff = crate::write::diff(&self.out, &generated.files, &changes);
            (changes, diff)
        } else {
            (crate::write::write(&self.out, &generated.files, self.force).map_err(io)?, String::new())
        };
        let mut report_file = None;
        if let Some(report) = report.as_ref().filter(|r| !check && !r.changes.is_empty()) {
            let path = self.out.join("api-changes.md");
            std::fs::write(&path, report.markdown(&version)).map_err(io)?;
            report_file = Some(path);
        }
        let mut timings = generated.timings;
        timings.push(("write", started.elapsed()));
        Ok(Outcome {
            warnings: generated.warnings,
            report,
            version,
            bumped_from,
            changes,
            diff,
            report_file,
            files: generated.files.len(),
            lines: generated.files.iter().map(|f| f.contents.lines().count()).sum(),
            timings,
        })
    }

    /// The change report against the surface committed in the output folder, if any.
    fn report(&self, new: &surface::Surface) -> Option<Report> {
        let text = std::fs::read_to_string(self.out.join(surface::FILE)).ok()?;
        let old = serde_json::from_str::<surface::Surface>(&text).ok()?;
        Some(surface::diff(&old, new))
    }
}
