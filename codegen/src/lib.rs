//! Turns an OpenAPI 3.0 description into a typed Rust client crate.
//!
//! The pipeline reads top to bottom: [`load`] (parse, with positions for errors) →
//! [`resolve`] (`$ref`, `allOf`, contexts, names) → [`ir`] (what the API is, no syntax) →
//! [`emit`] (quote + prettyplease) → [`write`](mod@write) (atomic, only changed files).

#[cfg(feature = "cli")]
pub mod cli;
pub mod build;
pub mod config;
pub mod docs;
pub mod emit;
pub mod error;
pub mod flatten;
pub mod generator;
pub mod graph;
pub mod group;
pub mod home;
pub mod ir;
pub mod load;
pub mod naming;
pub mod resolve;
pub mod schema;
pub mod split;
pub mod surface;
pub mod write;

pub use error::{Error, Warning};
pub use generator::{Failure, Generator, Outcome};

use std::path::Path;
use std::time::{Duration, Instant};

/// The result of generating a crate in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files, `api-surface.json` among them.
    pub files: Vec<emit::File>,
    /// The API surface, also in `files` as JSON.
    pub surface: surface::Surface,
    pub warnings: Vec<Warning>,
    /// How long each stage took: load, resolve, emit.
    pub timings: Vec<(&'static str, Duration)>,
    /// The files read: the document's (the spec first) and the config, if there is one.
    pub inputs: Vec<std::path::PathBuf>,
    /// The cargo features of the groups of operations, in the crate's order.
    pub groups: Vec<String>,
}

/// Stack for the pipeline: parsing and resolving recurse as deep as the document nests, and a
/// test thread's 2 MiB are not enough for documents that hit the parser's own depth limit.
const STACK_SIZE: usize = 256 << 20;

/// Runs load, resolve and emit on the spec at `spec`. Nothing is written.
pub fn generate(spec: &Path, options: &emit::Options) -> Result<Generated, Error> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("codegen".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || pipeline(spec, options))
            .map_or_else(|_| pipeline(spec, options), |thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

fn pipeline(spec: &Path, options: &emit::Options) -> Result<Generated, Error> {
    let start = Instant::now();
    let config_file = options.config.clone().or_else(|| Some(config::Config::path_beside(spec)).filter(|path| path.is_file()));
    let mut config = match &options.config {
        Some(path) => config::Config::load(path)?,
        None => config::Config::beside(spec)?,
    };
    if options.single_crate {
        config.krate.split_above_operations = Some(usize::MAX);
    }
    if let Some(name) = &options.crate_name {
        config.krate.name = Some(name.clone());
    }
    let loaded = load::load(spec)?;
    let loaded_at = Instant::now();
    let resolved = resolve::resolve(&loaded, &config)?;
    let resolved_at = Instant::now();
    let files = emit::emit(&resolved.api, options).map_err(|message| error::Errors::new(spec).bug("", message))?;
    let warnings = locate_warnings(&loaded, loaded.warnings.iter().chain(&resolved.warnings).cloned().collect());
    let surface = surface::of(&resolved.api, &options.source);
    let mut files = files;
    let mut json = serde_json::to_string_pretty(&surface).unwrap_or_default();
    json.push('\n');
    files.push(emit::File { path: surface::FILE.into(), contents: json });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let emitted_at = Instant::now();
    Ok(Generated {
        files,
        surface,
        warnings,
        inputs: loaded.files.iter().cloned().chain(config_file).collect(),
        groups: resolved.api.groups.iter().map(|g| g.feature.clone()).collect(),
        timings: vec![
            ("load", loaded_at - start),
            ("resolve", resolved_at - loaded_at),
            ("emit", emitted_at - resolved_at),
        ],
    })
}

/// Names the spec's own file, and the line (where the text has lines), in warnings about the
/// spec itself; the same fault found twice (once per context a schema is built in) is one
/// warning.
fn locate_warnings(loaded: &load::Loaded, warnings: Vec<Warning>) -> Vec<Warning> {
    let name = loaded.path.file_name().map(std::path::PathBuf::from).unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(warnings.len());
    for mut warning in warnings {
        if warning.file.as_os_str().is_empty() {
            warning.file = name.clone();
            if loaded.lines.has_lines() {
                warning.line = loaded.lines.locate(&warning.pointer).map(|(line, _)| line);
            }
        }
        if seen.insert(warning.to_string()) {
            out.push(warning);
        }
    }
    out
}

/// A package name for the crate, from the API's title: `Cloudflare API` -> `cloudflare-api`.
pub fn default_crate_name(title: &str) -> String {
    use heck::ToKebabCase;
    let name = naming::snake_case(title).trim_start_matches("r#").to_kebab_case();
    let name = name.trim_matches('-');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}").trim_end_matches('-').to_string()
    } else {
        name.to_string()
    }
}
