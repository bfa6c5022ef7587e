//! What to emit besides the API: the crate's name and version, where its runtime comes
//! from, and the config file.

use super::VERSION;

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
    pub(super) fn dependency(&self, depth: usize) -> String {
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
    /// The package name of the generated crate, over the config's `[crate] name`; by default
    /// made from the API's title. `generate` hands it to `resolve`, which decides the name
    /// ([`crate::ir::Settings::crate_name`]) that `emit` writes.
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
