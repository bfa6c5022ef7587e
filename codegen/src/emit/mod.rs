//! Stage 3: from the IR to the files of a crate (quote + prettyplease).

mod client;
mod examples;
mod operations;
mod pagination;
mod resources;
mod checks;
mod types;
mod workspace;

pub(crate) use checks::{limits_check, needs_validate, Named};

pub use client::Environment;

use crate::docs::to_rustdoc;
use crate::ir::{Api, Docs, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The runtime crate, as generated crates name it.
const RUNTIME_PACKAGE: &str = "openapi-rust-runtime";

/// This generator's version, which is also the runtime's: generated crates require a runtime
/// of this version or a later compatible one (the same `0.x`, or the same major version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a generated crate re-exports from the runtime at its root.
const ROOT_EXPORTS: &[&str] = &[
    "AdditionalProperties", "Base64", "BuildError", "Date", "DateTime", "Decoded", "Deviation", "FilePart", "Nullable", "Operation", "Paginated",
    "ResponseError", "UnrecognizedValue", "Uuid", "Validate", "NextPage", "PayloadOf", "from_json", "to_json",
];

/// The `Call` type of a group's operations: the crate's own, or its member crate's in a
/// workspace.
pub(crate) fn call_path(api: &Api, krate: &str, group: usize) -> TokenStream {
    match api.member_of(group) {
        Some(m) => {
            let member = ident(&workspace::crate_ident(&workspace::member_package(api, krate, m)));
            quote!(::#member::client::Call)
        }
        None => quote!(crate::client::Call),
    }
}

/// Where a generated crate gets the runtime from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// From the registry, by version requirement (by default [`VERSION`]).
    Version(String),
    /// From a folder, relative to the generated crate or absolute (a checkout of the runtime,
    /// a patched or vendored copy, offline use); cargo still checks its version.
    Path(String),
}

impl Runtime {
    /// The dependency's value in a `Cargo.toml` `depth` folders below the generated crate's.
    fn dependency(&self, depth: usize) -> String {
        match self {
            Runtime::Version(version) => format!("\"{version}\""),
            Runtime::Path(path) => {
                let up = if path.starts_with('/') { String::new() } else { "../".repeat(depth) };
                format!("{{ version = \"{VERSION}\", path = \"{up}{path}\" }}")
            }
        }
    }
}

/// What to emit besides the API itself.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate; by default made from the API's title.
    pub crate_name: Option<String>,
    /// The crate's version.
    pub crate_version: String,
    /// Shown in the `@generated` header: where the code came from.
    pub source: String,
    pub runtime: Runtime,
    /// Whether a split crate (a workspace) declares its own `[workspace]`: it does unless it
    /// is written inside another workspace, as this repository's crates are.
    pub own_workspace: bool,
    /// The generator config; by default `codegen.toml` beside the document, if there is one.
    pub config: Option<std::path::PathBuf>,
    /// One crate whatever the size (the `build.rs` mode), never a workspace.
    pub single_crate: bool,
}

impl Options {
    /// Options for `spec`, named in the header relative to `root` when it lies inside it and
    /// by file name otherwise, so that the output does not depend on where it was made.
    pub fn for_spec(spec: &std::path::Path, root: &std::path::Path, crate_name: Option<String>) -> Self {
        let canonical = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let source = match canonical(spec).strip_prefix(canonical(root)) {
            Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
            Err(_) => spec.file_name().map_or_else(|| spec.display().to_string(), |n| n.to_string_lossy().into_owned()),
        };
        Options { crate_name, crate_version: "0.1.0".into(), source, runtime: Runtime::Version(VERSION.into()), own_workspace: true, config: None, single_crate: false }
    }

    /// The runtime crate of the checkout this generator was built from, by path, for a crate
    /// written to `out`: relative, and a member of the checkout's workspace, when `out` lies
    /// inside it; absolute otherwise. A generator built elsewhere (from a registry) has no
    /// checkout and keeps its options.
    pub fn with_checkout_runtime(mut self, out: &std::path::Path) -> Self {
        let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let Some(root) = canonical_dir(&workspace).filter(|root| root.join("runtime/Cargo.toml").is_file()) else { return self };
        match canonical_dir(out) {
            Some(out) if out.starts_with(&root) => {
                let depth = out.strip_prefix(&root).map_or(0, |rest| rest.components().count());
                self.runtime = Runtime::Path(format!("{}runtime", "../".repeat(depth)));
                self.own_workspace = false;
            }
            _ => self.runtime = Runtime::Path(root.join("runtime").to_string_lossy().into_owned()),
        }
        self
    }

    /// Keeps the version of the crate already in `out`, if there is one: the version is the
    /// crate's own (raised by `--bump`), not something the spec decides.
    pub fn keeping_version_in(mut self, out: &std::path::Path) -> Self {
        let cargo_toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
        if let Some(version) = package_version(&cargo_toml) {
            self.crate_version = version;
        }
        self
    }
}

/// The canonical form of `dir`, or of its nearest existing ancestor joined with the rest.
fn canonical_dir(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let absolute = if dir.is_absolute() { dir.to_path_buf() } else { std::env::current_dir().ok()?.join(dir) };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while std::fs::canonicalize(existing).is_err() {
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
    let mut out = std::fs::canonicalize(existing).ok()?;
    out.extend(rest.iter().rev());
    Some(out)
}

/// The `version` of the `[package]` in a `Cargo.toml`, if there is one.
pub fn package_version(cargo_toml: &str) -> Option<String> {
    let package = cargo_toml.split("\n[").find(|section| section.trim_start_matches('[').starts_with("package]"))?;
    package.lines().find_map(|line| {
        let value = line.trim().strip_prefix("version")?.trim_start().strip_prefix('=')?.trim();
        Some(value.trim_matches('"').to_string())
    })
}

/// One file of the generated crate, by path relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub contents: String,
}

/// A file to render, and how.
type Job<'a> = (String, Box<dyn FnOnce() -> Result<String, String> + Send + 'a>);

/// Emits the whole crate. Files are rendered in parallel, one per job; the order of the
/// result does not depend on the number of threads.
pub fn emit(api: &Api, options: &Options, config: &crate::config::Config) -> Result<Vec<File>, String> {
    let header = format!(
        "// @generated by openapi-rust-codegen from {}. Do not edit by hand.\n",
        options.source
    );
    let crate_name = options.crate_name.clone().unwrap_or_else(|| crate::default_crate_name(&api.title));
    let env = Environment::of(api, &crate_name, config);
    let idempotency_header = config.client.idempotency_header.clone().unwrap_or_else(|| "Idempotency-Key".into());
    let krate = crate_name.replace('-', "_");
    let all_groups = config.krate.all_groups_by_default(api.operations.len());
    let all: Vec<usize> = (0..api.groups.len()).collect();
    let shared = workspace::crate_ident(&workspace::shared_package(&crate_name));
    let mut jobs: Vec<Job<'_>> = vec![
        ("src/lib.rs".into(), Box::new(|| lib_rs(api, &krate, all_groups))),
        ("src/client.rs".into(), Box::new(move || client::client_rs(api, &env, &idempotency_header, api.members.is_empty()))),
    ];
    let mut manifests = Vec::new();
    if api.members.is_empty() {
        jobs.extend(types::jobs(api, types::Holds::All, "src"));
        jobs.extend(operations::jobs(api, &all, "src"));
    } else {
        let (member_jobs, member_manifests) = workspace::member_jobs(api, &crate_name, &shared, &header, &options.runtime, &options.crate_version);
        jobs.extend(member_jobs);
        manifests = member_manifests;
        for (path, contents) in workspace::facade_modules(api, &crate_name) {
            jobs.push((path, Box::new(move || contents)));
        }
    }
    jobs.extend(resources::jobs(api, &krate));
    let doctests = config.krate.doctests.unwrap_or(false);
    let mut files = vec![File { path: "Cargo.toml".into(), contents: cargo_toml(api, options, &crate_name, doctests, all_groups, &header) }];
    files.extend(manifests.into_iter().map(|(path, contents)| File { path, contents }));
    for (path, contents) in run_jobs(jobs) {
        files.push(File { contents: format!("{header}\n{}", contents?), path });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Runs the jobs on all cores; results come back in job order.
fn run_jobs(jobs: Vec<Job<'_>>) -> Vec<(String, Result<String, String>)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate().collect::<Vec<_>>());
    let mut done: Vec<(usize, String, Result<String, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let work = || {
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                        let Some((i, (path, job))) = next else { break };
                        out.push((i, path, job()));
                    }
                    out
                };
                std::thread::Builder::new().stack_size(64 << 20).spawn_scoped(scope, work).expect("spawn an emit thread")
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    done.sort_by_key(|(i, _, _)| *i);
    done.into_iter().map(|(_, path, result)| (path, result)).collect()
}

/// `#[cfg(feature = ...)]` for a set of groups: `None` when always compiled.
pub(crate) fn cfg_for(api: &Api, groups: &[usize]) -> Option<TokenStream> {
    let features: Vec<&str> = groups.iter().map(|&g| api.groups[g].feature.as_str()).collect();
    match features.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

fn cargo_toml(api: &Api, options: &Options, crate_name: &str, doctests: bool, all_groups: bool, header: &str) -> String {
    let header = header.replacen("//", "#", 1);
    let description =
        toml_string(&format!("Typed client for {} {}, generated from its OpenAPI description", one_line(&api.title), one_line(&api.version)));
    format!(
        r#"{header}
[package]
name = "{name}"
version = "{version}"
edition = "2021"
description = {description}
publish = false

[package.metadata.openapi-rust-codegen]
# The generator that wrote this crate; its runtime is at least this version.
version = "{VERSION}"

[lib]
doctest = {doctests}

[features]
{features}

[dependencies]
chrono = {{ version = "0.4.38", default-features = false, features = ["std", "serde"] }}
http = "1"
{runtime} = {runtime_dependency}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", features = ["serde"] }}
{members}"#,
        name = crate_name,
        runtime = RUNTIME_PACKAGE,
        runtime_dependency = options.runtime.dependency(0),
        version = options.crate_version,
        features = if api.members.is_empty() { features(api, all_groups) } else { workspace::facade_features(api, crate_name, all_groups) }.trim_end(),
        members = if api.members.is_empty() { String::new() } else { workspace::facade_dependencies(api, crate_name, options.own_workspace) },
    )
}

/// [`VERSION`] as numbers.
fn version_parts() -> [u64; 3] {
    let mut parts = VERSION.split(['.', '-', '+']).map(|part| part.parse().unwrap_or(0));
    [(); 3].map(|()| parts.next().unwrap_or(0))
}

/// `text` on one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.split(char::is_control).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One feature per group of operations; `full` turns them all on, and is a default feature
/// when `all_groups` says so.
fn features(api: &Api, all_groups: bool) -> String {
    let quoted: Vec<String> = api.groups.iter().map(|g| format!("\"{}\"", g.feature)).collect();
    let default = if all_groups { "\"full\", \"client\"" } else { "\"client\"" };
    let mut out = format!(
        "default = [{default}]\n# The async client (reqwest with rustls, tokio).\nclient = [\"{RUNTIME_PACKAGE}/client\"]\n# `tracing` spans and events per call and per attempt (never a secret).\ntracing = [\"client\", \"{RUNTIME_PACKAGE}/tracing\"]\nfull = [{}]\n",
        quoted.join(", ")
    );
    for group in &api.groups {
        out.push_str(&format!("# Operations tagged \"{}\".\n{} = []\n", one_line(&group.title), group.feature));
    }
    out
}

fn lib_rs(api: &Api, krate: &str, all_groups: bool) -> Result<String, String> {
    let generated_by = format!("Generated from the API description by openapi-rust-codegen {VERSION}; do not edit by hand.");
    let [major, minor, patch] = version_parts().map(proc_macro2::Literal::u64_unsuffixed);
    let needs = format!("generated by openapi-rust-codegen {VERSION}: needs openapi-rust-runtime {VERSION} or a later compatible version");
    let mut intro = to_rustdoc(&format!("# {} {}", one_line(&api.title), one_line(&api.version)));
    intro.push(String::new());
    if let Some(description) = &api.description {
        intro.extend(to_rustdoc(description));
        intro.push(String::new());
    }
    intro.extend(
        [
            generated_by.as_str(),
            "",
            "- [`types`]: the models, one per schema of the description.",
            "- [`operations`]: one request per operation, its parameters as fields; [`Operation`]",
            "  builds the [`http::Request`] and decodes the answer into the typed result.",
            "- Each group of operations (by tag) is a module of [`operations`] and a cargo feature;",
            if all_groups {
                "  the default feature `full` turns them all on."
            } else {
                "  `full` turns them all on. No group is on by default: name the groups you call."
            },
            "- With the `client` feature (on by default), `Client` gives the resources (one module",
            "  each at the crate root, with short names for their types), whose methods start the",
            "  calls and set their optional parameters, and sends any request with credentials,",
            "  retries, timeouts and pagination; with `tracing`, each call and attempt is traced.",
            "- Enums keep values the description does not list in their `Unrecognized` variant.",
        ]
        .map(String::from),
    );
    intro.extend(quick_start(api, krate, all_groups));
    let intro = intro.iter().map(|l| format!(" {l}").trim_end().to_string());
    let base_url = match api.base_url.as_deref() {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let resources = resources::declarations(api);
    let exports = ROOT_EXPORTS.iter().map(|n| ident(n));
    let tokens = quote! {
        #(#![doc = #intro])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // A type is as nested as its schema (a map of maps of arrays), and the crate spells
        // each out where it is used: clippy's taste in type complexity is the document's.
        #![allow(clippy::type_complexity)]

        // The crate's own code uses what the API deprecates (a builder its deprecated
        // operation, a union its deprecated members); only the user's uses should warn.
        #[allow(deprecated)]
        pub mod operations;
        #[allow(deprecated)]
        pub mod types;

        #[cfg(feature = "client")]
        pub mod client;

        #resources

        // The runtime, for this crate's own code: its helpers are not this crate's API.
        use ::openapi_rust_runtime as runtime;

        const _: () = std::assert!(runtime::version::serves(#major, #minor, #patch), #needs);

        pub use runtime::{#(#exports),*};

        #[cfg(feature = "client")]
        pub use client::{Client, ClientBuilder, Error};

        /// The first server URL of the API description, if it gives one.
        pub const DEFAULT_BASE_URL: Option<&str> = #base_url;
    };
    render(tokens)
}

/// The front page's quick start: a client from the environment, and one call (a `list` or
/// `get` where there is one).
fn quick_start(api: &Api, krate: &str, all_groups: bool) -> Vec<String> {
    let methods = api.resources.iter().enumerate().flat_map(|(r, res)| res.methods.iter().map(move |(m, op)| (r, m, *op)));
    let all: Vec<(usize, &String, usize)> = methods.collect();
    let preferred = ["list", "get"].iter().find_map(|name| all.iter().find(|(_, m, _)| crate::naming::bare(m) == *name)).or(all.first());
    let Some(&(resource, method, op)) = preferred else { return Vec::new() };
    let args = operations::parts(api, &api.operations[op]).args;
    if args.iter().any(|a| !a.path) {
        return Vec::new();
    }
    let call = examples::call(api, krate, &resources::chain(api, resource), method, &args, None);
    let mut lines = vec![
        String::new(),
        "## Quick start".into(),
        String::new(),
        "Credentials and the base URL come from the environment (see [`Client::builder`]); each".into(),
        "resource is a method of the client, each operation a method of its resource:".into(),
        String::new(),
    ];
    if !all_groups {
        let feature = &api.groups[api.operations[op].group].feature;
        lines.splice(
            lines.len() - 1..,
            [
                String::new(),
                format!("The example calls an operation of the group `{feature}`, a feature to turn on:"),
                String::new(),
                "```toml".into(),
                format!("{} = {{ path = \"...\", features = [\"{feature}\"] }}", krate.replace('_', "-")),
                "```".into(),
                String::new(),
            ],
        );
    }
    lines.extend(examples::doctest(krate, &call));
    lines
}

/// Pretty-prints items, one blank line between them.
pub(crate) fn render(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("internal error: generated code does not parse: {e}"))?;
    let items = std::mem::take(&mut file.items);
    let mut out = String::new();
    if !file.attrs.is_empty() {
        out.push_str(&prettyplease::unparse(&file));
    }
    file.attrs.clear();
    for item in items {
        if !out.is_empty() {
            out.push('\n');
        }
        file.items = vec![item];
        out.push_str(&space_members(&prettyplease::unparse(&file)));
    }
    Ok(visible_direction_marks(out))
}

/// Characters that change the direction of text (U+202A..U+202E, U+2066..U+2069) can make
/// source read differently than it compiles, and rustc denies them. Written as `\u{..}`
/// they mean the same inside a string literal and show plainly in a comment.
fn visible_direction_marks(text: String) -> String {
    let hidden = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.contains(hidden) {
        return text;
    }
    text.chars().map(|c| if hidden(c) { format!("\\u{{{:X}}}", c as u32) } else { c.to_string() }).collect()
}

/// prettyplease puts no blank line between the items of an impl block; one is added after
/// each member that ends a block, as hand-written code would have it.
fn space_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let ends_member = line == "    }" || (line.starts_with("    pub const ") && line.ends_with(';'));
        if ends_member && lines.peek().is_some_and(|next| next.starts_with("    ") && next.trim() != "}") {
            out.push('\n');
        }
    }
    out
}

/// An identifier from a name `naming` made (possibly `r#raw`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc attributes (summary, description, extra lines) and `#[deprecated]`.
pub(crate) fn doc_attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut lines = Vec::new();
    for part in [&docs.summary, &docs.description].into_iter().flatten() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(to_rustdoc(part));
    }
    for part in extra {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(part.clone());
    }
    let lines = doc_lines(&lines);
    let deprecated = docs.deprecated.as_ref().map(|note| quote! { #[deprecated(note = #note)] });
    quote! { #lines #deprecated }
}

/// [`doc_attrs`] for a field or parameter: `fallback` where the description says nothing,
/// then its default and its constraints, as the description gives them.
pub(crate) fn member_doc_attrs(docs: &Docs, constraints: &crate::ir::Constraints, fallback: &str) -> TokenStream {
    let mut extra = Vec::new();
    let said = [&docs.summary, &docs.description].into_iter().flatten().any(|text| to_rustdoc(text).iter().any(|l| !l.trim().is_empty()));
    if !said {
        extra.push(fallback.to_string());
    }
    let mut facts = Vec::new();
    if let Some(default) = &docs.default {
        facts.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    facts.extend(constraint_sentence(constraints));
    if !facts.is_empty() {
        extra.push(facts.join(" "));
    }
    doc_attrs(docs, &extra)
}

/// The constraints of a value as a sentence: `At least 1. At most 1000.`
fn constraint_sentence(c: &crate::ir::Constraints) -> Option<String> {
    let mut parts = Vec::new();
    let number = |v: f64| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { v.to_string() };
    if let Some(min) = c.minimum {
        parts.push(format!("{} {}.", if c.exclusive_minimum { "More than" } else { "At least" }, number(min)));
    }
    if let Some(max) = c.maximum {
        parts.push(format!("{} {}.", if c.exclusive_maximum { "Less than" } else { "At most" }, number(max)));
    }
    let count = |what: &str, min: Option<usize>, max: Option<usize>| match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max} {what}.")),
        (Some(min), None) => Some(format!("At least {min} {what}.")),
        (None, Some(max)) => Some(format!("At most {max} {what}.")),
        (None, None) => None,
    };
    parts.extend(count("characters", c.min_length, c.max_length));
    parts.extend(count("items", c.min_items, c.max_items));
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `#[doc]` attributes for rustdoc lines (already escaped), one space after each `///`.
pub(crate) fn doc_lines(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

/// Where a type is named from: inside `types`, or from another module of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum From {
    Types,
    Elsewhere,
}

/// The Rust type for a type reference.
pub(crate) fn type_tokens(ty: &TypeRef, from: From) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => match from {
            From::Types => quote!(std::string::String),
            From::Elsewhere => quote!(String),
        },
        TypeRef::Uuid => quote!(crate::Uuid),
        TypeRef::DateTime => quote!(crate::DateTime),
        TypeRef::Date => quote!(crate::Date),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Base64 => quote!(crate::Base64),
        TypeRef::Bytes => match from {
            From::Types => quote!(std::vec::Vec<u8>),
            From::Elsewhere => quote!(Vec<u8>),
        },
        TypeRef::Named(name) => {
            let name = ident(name);
            match from {
                From::Types => quote!(#name),
                From::Elsewhere => quote!(crate::types::#name),
            }
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::vec::Vec<#inner>),
                From::Elsewhere => quote!(Vec<#inner>),
            }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::collections::BTreeMap<std::string::String, #inner>),
                From::Elsewhere => quote!(std::collections::BTreeMap<String, #inner>),
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::option::Option<#inner>),
                From::Elsewhere => quote!(Option<#inner>),
            }
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::boxed::Box<#inner>),
                From::Elsewhere => quote!(Box<#inner>),
            }
        }
    }
}

/// How a field or parameter is stored: required values plain, optional ones in `Option`,
/// optional nullable ones in `Nullable` (absent, null or a value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Plain,
    Option,
    Nullable,
}

impl Slot {
    /// A field's slot: an optional nullable field is `Nullable` where the value is sent, and an
    /// `Option` in a type only ever received.
    pub(crate) fn of_field(f: &crate::ir::Field) -> Self {
        match (f.required, f.nullable, f.received_only) {
            (false, true, true) => Slot::Option,
            (required, nullable, _) => Slot::of(required, nullable),
        }
    }

    pub(crate) fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Slot::Plain,
            (false, true) => Slot::Nullable,
            _ => Slot::Option,
        }
    }

    pub(crate) fn wrap(self, ty: &TypeRef, from: From) -> TokenStream {
        let inner = type_tokens(ty, from);
        match self {
            Slot::Plain => inner,
            Slot::Option if from == From::Types => quote!(std::option::Option<#inner>),
            Slot::Option => quote!(Option<#inner>),
            Slot::Nullable => quote!(crate::Nullable<#inner>),
        }
    }

    /// Wraps a present value for this slot.
    pub(crate) fn some(self, value: TokenStream) -> TokenStream {
        match self {
            Slot::Plain => value,
            Slot::Option => quote!(Some(#value)),
            Slot::Nullable => quote!(crate::Nullable::Value(#value)),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn direction_marks_become_escapes() {
        assert_eq!(super::visible_direction_marks("a\u{202E}b\u{2066}".into()), "a\\u{202E}b\\u{2066}");
        assert_eq!(super::visible_direction_marks("plain \u{e9}".into()), "plain \u{e9}");
    }
}

#[cfg(test)]
mod runtime_tests {
    use super::{Options, Runtime, VERSION};

    /// Generated crates require the runtime of the generator's own version, so the two are
    /// released together.
    #[test]
    fn the_runtime_has_the_generators_version() {
        let manifest = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/Cargo.toml")).unwrap();
        assert_eq!(super::package_version(&manifest).as_deref(), Some(VERSION));
    }

    #[test]
    fn a_crate_depends_on_the_runtime_by_version_unless_told_otherwise() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let options = Options::for_spec(&root.join("spec/openapi.yaml"), &root, None);
        assert_eq!(options.runtime, Runtime::Version(VERSION.into()));
        assert_eq!(options.runtime.dependency(2), format!("\"{VERSION}\""));
        let path = Runtime::Path("vendor/runtime".into());
        assert_eq!(path.dependency(2), format!("{{ version = \"{VERSION}\", path = \"../../vendor/runtime\" }}"));
        assert_eq!(Runtime::Path("/opt/runtime".into()).dependency(2), format!("{{ version = \"{VERSION}\", path = \"/opt/runtime\" }}"));
    }

    #[test]
    fn a_crate_of_this_checkout_uses_its_runtime_crate_by_path() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let options = Options::for_spec(&root.join("spec/openapi.yaml"), &root, None);
        let generated = options.clone().with_checkout_runtime(&root.join("generated"));
        assert_eq!((generated.runtime, generated.own_workspace), (Runtime::Path("../runtime".into()), false));
        let fixture = root.join("tests/fixtures/new-one/expected");
        assert_eq!(options.clone().with_checkout_runtime(&fixture).runtime, Runtime::Path("../../../../runtime".into()));
        let elsewhere = options.with_checkout_runtime(&std::env::temp_dir().join("standalone-crate"));
        let absolute = std::fs::canonicalize(root.join("runtime")).unwrap().to_string_lossy().into_owned();
        assert_eq!((elsewhere.runtime, elsewhere.own_workspace), (Runtime::Path(absolute), true));
    }
}
