//! The `build.rs` mode, for crates that do not commit generated code: the document in the
//! crate is generated into `OUT_DIR` at build time, as one file the crate includes at its
//! root. Warnings become cargo warnings; the build reruns when the document (any of its
//! files) or the config changes.
//!
//! The `main` of the crate's `build.rs` (with `openapi-rust-codegen` as a build dependency,
//! without its default `cli` feature):
//!
//! ```no_run
//! openapi_rust_codegen::build::Build::new("openapi.yaml").run();
//! ```
//!
//! and its `src/lib.rs`, which holds nothing else (the generated code names its items from
//! the crate root):
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/openapi.rs"));
//! ```
//!
//! The crate depends on what generated crates depend on: `openapi-rust-runtime` (with its
//! `client` feature), `serde`, `serde_json`, `http`, `chrono` and `uuid`. Every group of
//! operations is compiled unless [`Build::groups`] names some; the client always is.

use crate::emit::{Options, Runtime};
use crate::{Failure, Warning};
use std::path::{Path, PathBuf};

/// What to generate at build time.
#[derive(Debug, Clone)]
pub struct Build {
    spec: PathBuf,
    config: Option<PathBuf>,
    groups: Option<Vec<String>>,
    file: String,
}

impl Build {
    /// The document `spec`, relative to the crate's folder (`CARGO_MANIFEST_DIR`).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Build { spec: spec.into(), config: None, groups: None, file: "openapi.rs".into() }
    }

    /// The generator config, relative to the crate's folder; by default `codegen.toml`
    /// beside the document, if there is one.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// Compiles only these groups of operations (their feature names, as a generated
    /// `Cargo.toml` lists them), and the types they use.
    pub fn groups<S: Into<String>>(mut self, groups: impl IntoIterator<Item = S>) -> Self {
        self.groups = Some(groups.into_iter().map(Into::into).collect());
        self
    }

    /// The file's name in `OUT_DIR` (default `openapi.rs`).
    pub fn file(mut self, name: impl Into<String>) -> Self {
        self.file = name.into();
        self
    }

    /// Generates, or fails the build with the error (it names the file and the place).
    pub fn run(&self) {
        if let Err(failure) = self.generate() {
            panic!("openapi-rust-codegen: {failure}");
        }
    }

    /// Generates into `OUT_DIR` and tells cargo what to watch; gives the file written. The
    /// file is rewritten only when its contents change.
    pub fn generate(&self) -> Result<PathBuf, Failure> {
        let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
        let (Some(manifest_dir), Some(out_dir)) = (var("CARGO_MANIFEST_DIR"), var("OUT_DIR")) else {
            return Err(Failure::Usage("CARGO_MANIFEST_DIR and OUT_DIR are unset: run it from a build script".into()));
        };
        let package = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "api".into());
        let (text, generated) = self.render(&manifest_dir, &package)?;
        println!("cargo:rerun-if-changed=build.rs");
        for input in &generated.inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        for warning in &generated.warnings {
            println!("cargo:warning={}", one_line(warning));
        }
        let path = out_dir.join(&self.file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).map_err(|source| Failure::Io { path: path.clone(), source })?;
        }
        Ok(path)
    }

    /// The one file for the crate `package` in `manifest_dir`, and what generating it gave.
    pub fn render(&self, manifest_dir: &Path, package: &str) -> Result<(String, crate::Generated), Failure> {
        let spec = manifest_dir.join(&self.spec);
        let mut options = Options::for_spec(&spec, manifest_dir, Some(package.to_string()));
        options.config = self.config.as_ref().map(|c| manifest_dir.join(c));
        options.single_crate = true;
        // The dependency is the crate's own; what the manifest would say does not matter.
        options.runtime = Runtime::Version(crate::emit::VERSION.into());
        let generated = crate::generate(&spec, &options).map_err(Failure::Spec)?;
        let groups = self.groups.clone();
        if let Some(unknown) = groups.iter().flatten().find(|g| !generated.groups.contains(g)) {
            return Err(Failure::Usage(format!("`{unknown}` is not a group of the document; its groups: {}", generated.groups.join(", "))));
        }
        let enabled = move |feature: &str| feature == "client" || groups.as_ref().is_none_or(|g| g.iter().any(|g| g == feature));
        let text = crate::flatten::single_file(&generated.files, &enabled)
            .map_err(|message| Failure::Spec(crate::error::Errors::new(&spec).bug("", message)))?;
        let header = format!("// @generated by openapi-rust-codegen {} from {}. Do not edit by hand.\n\n", crate::emit::VERSION, options.source);
        Ok((header + &text, generated))
    }
}

/// A warning as one line, as a cargo directive needs.
fn one_line(warning: &Warning) -> String {
    let text = warning.to_string();
    let text = text.strip_prefix("warning: ").unwrap_or(&text);
    text.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
    }

    #[test]
    fn every_file_read_is_an_input_and_the_config_too() {
        let (_, generated) = Build::new("openapi.yaml").render(&fixtures().join("multifile"), "multi").unwrap();
        assert!(generated.inputs.len() >= 12, "the document's files: {:?}", generated.inputs);
        assert!(generated.inputs[0].ends_with("multifile/openapi.yaml"));
        let (_, generated) = Build::new("openapi.yaml").render(&fixtures().join("client"), "client").unwrap();
        assert!(generated.inputs.last().unwrap().ends_with("client/codegen.toml"));
    }

    #[test]
    fn the_groups_named_are_compiled_and_no_other() {
        let dir = fixtures().join("features");
        let (all, _) = Build::new("openapi.yaml").render(&dir, "features").unwrap();
        assert!(all.contains("pub struct GetAlpha") && all.contains("pub struct GetBeta") && all.contains("pub struct Client"));
        assert!(!all.contains("feature =") && !all.contains("#![") && all.starts_with("// @generated by openapi-rust-codegen"));
        let (beta, _) = Build::new("openapi.yaml").groups(["beta"]).render(&dir, "features").unwrap();
        assert!(!beta.contains("pub struct GetAlpha") && beta.contains("pub struct GetBeta") && beta.contains("pub struct Client"));
        let unknown = Build::new("openapi.yaml").groups(["gamma"]).render(&dir, "features").unwrap_err().to_string();
        assert!(unknown.contains("`gamma` is not a group of the document; its groups: alpha, beta, delta"), "{unknown}");
    }

    #[test]
    fn a_large_document_is_one_crate() {
        let dir = fixtures().join("workspace");
        let (text, generated) = Build::new("openapi.yaml").render(&dir, "ws").unwrap();
        assert!(generated.files.iter().all(|f| !f.path.starts_with("crates/")));
        assert!(text.contains("pub mod types") && !text.contains("::ws_core::"));
    }
}
