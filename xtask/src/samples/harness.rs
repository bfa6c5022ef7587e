//! The harness: a small binary crate beside the generated one, with one `check::<T>` arm per
//! type the samples decode into; it reads the samples at run time and prints each one's
//! round trip as a JSON line (see `xtask/templates/samples_harness.rs`).

use super::collect::Sample;
use codegen::ir::{Api, TypeKind, TypeRef};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const TEMPLATE: &str = include_str!("../../templates/samples_harness.rs");

/// The generated crate's package name; the harness calls it `api`.
pub const API_PACKAGE: &str = "sampled-api";

/// How samples are decoded and encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// `runtime::from_json` and `runtime::to_json`: what the generated client does.
    Runtime,
    /// `serde_json::from_slice` and `serde_json::to_vec`: plain serde on the same types.
    Serde,
}

impl Decoder {
    fn bodies(self) -> (&'static str, &'static str) {
        match self {
            Decoder::Runtime => (
                "api::from_json::<T>(bytes)\n        .map(|d| (d.value, d.deviations.iter().map(ToString::to_string).collect()))\n        .map_err(|e| e.to_string())",
                "api::to_json(value).map_err(|e| e.to_string())",
            ),
            Decoder::Serde => (
                "serde_json::from_slice::<T>(bytes).map(|v| (v, Vec::new())).map_err(|e| e.to_string())",
                "serde_json::to_vec(value).map_err(|e| e.to_string())",
            ),
        }
    }
}

/// The Rust type the harness names `ty` with; an error for what is not decoded from JSON.
pub fn rust_type(api: &Api, ty: &TypeRef) -> Result<String, String> {
    let inner = |t: &TypeRef| rust_type(api, t);
    Ok(match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::I8 => "i8".into(),
        TypeRef::I16 => "i16".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U8 => "u8".into(),
        TypeRef::U16 => "u16".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Uuid => "api::Uuid".into(),
        TypeRef::DateTime => "api::DateTime".into(),
        TypeRef::Date => "api::Date".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Base64 => "api::Base64".into(),
        TypeRef::Bytes | TypeRef::Upload | TypeRef::File => return Err("the body is not JSON (raw bytes)".into()),
        TypeRef::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Responses(_)) => return Err(format!("`{name}` is chosen by status, not decoded from JSON")),
            Some(_) => format!("api::types::{name}"),
            None => return Err(format!("the crate has no type `{name}`")),
        },
        TypeRef::Array(item) => format!("Vec<{}>", inner(item)?),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", inner(value)?),
        TypeRef::Nullable(value) => format!("Option<{}>", inner(value)?),
        TypeRef::Boxed(value) => format!("Box<{}>", inner(value)?),
    })
}

/// A harness crate in a folder: the types it decodes into, in the order of their arms.
#[derive(Debug)]
pub struct Harness {
    pub dir: PathBuf,
    decoder: Decoder,
    pub package: String,
    pub types: Vec<String>,
    /// Types whose arm did not compile, with the compiler's message; their samples fail.
    pub broken: Vec<(String, String)>,
}

impl Harness {
    /// A harness for `samples` in `dir`, whose generated crate is in `dir/api`.
    pub fn new(dir: &Path, package: &str, samples: &[Sample], decoder: Decoder) -> Self {
        let types: BTreeSet<&str> = samples.iter().map(|s| s.rust.as_str()).collect();
        let types = types.into_iter().map(String::from).collect();
        Harness { dir: dir.to_path_buf(), decoder, package: package.into(), types, broken: Vec::new() }
    }

    /// The arm number of each type; broken types have none.
    fn arm(&self, rust: &str) -> Option<usize> {
        self.types.iter().position(|t| t == rust).filter(|_| !self.broken.iter().any(|(t, _)| t == rust))
    }

    /// The template with the decoder's bodies, its arms still to write.
    fn template(&self) -> String {
        let (decode, encode) = self.decoder.bodies();
        TEMPLATE.replacen("/*DECODE*/", decode, 1).replacen("/*ENCODE*/", encode, 1)
    }

    /// The line of `src/main.rs` the first arm is on (1-based).
    fn first_arm_line(&self) -> usize {
        self.template().lines().position(|l| l.trim() == "/*ARMS*/").map_or(0, |i| i + 1)
    }

    pub fn main_rs(&self) -> String {
        let arms: Vec<String> = self
            .types
            .iter()
            .enumerate()
            .map(|(i, ty)| match self.arm(ty) {
                Some(_) => format!("        {i} => check::<{ty}>(bytes),"),
                None => format!("        // {i}: `{ty}` did not compile"),
            })
            .collect();
        self.template().replacen("/*ARMS*/", &arms.join("\n"), 1)
    }

    fn cargo_toml(&self) -> String {
        format!(
            r#"# Written by `cargo xtask samples`; do not edit.
[package]
name = "{package}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
api = {{ path = "api", package = "{API_PACKAGE}", default-features = false, features = ["full"] }}
serde = "1"
serde_json = "1"
uuid = {{ version = "1", features = ["serde"] }}

[profile.dev]
debug = 0
incremental = false

# A workspace of its own, apart from the one it may be inside of.
[workspace]
"#,
            package = self.package
        )
    }

    /// Writes the crate's manifest, `src/main.rs` and the samples file; `lock` is a
    /// `Cargo.lock` to start from (the workspace's, so that the same versions are used).
    pub fn write(&self, samples: &[Sample], lock: Option<&Path>) -> Result<(), String> {
        let src = self.dir.join("src");
        std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
        write_if_changed(&self.dir.join("Cargo.toml"), &self.cargo_toml())?;
        write_if_changed(&src.join("main.rs"), &self.main_rs())?;
        let lock_path = self.dir.join("Cargo.lock");
        if let (Some(lock), false) = (lock, lock_path.exists()) {
            std::fs::copy(lock, &lock_path).map_err(|e| format!("cannot write {}: {e}", lock_path.display()))?;
        }
        let lines: Vec<String> = samples.iter().map(|s| self.sample_line(s)).collect();
        let data = self.dir.join("samples.jsonl");
        std::fs::write(&data, lines.join("\n") + "\n").map_err(|e| format!("cannot write {}: {e}", data.display()))
    }

    fn sample_line(&self, sample: &Sample) -> String {
        let ty = self.types.iter().position(|t| *t == sample.rust).map_or(u64::MAX, |i| i as u64);
        json!({"type": ty, "json": sample.json.to_string()}).to_string()
    }

    /// Builds the harness; on failure, the compiler's errors. Arms that do not compile are
    /// marked broken and the build is tried again (three times at most).
    pub fn build(&mut self, target: &Path, jobs: usize) -> Result<(), String> {
        for _ in 0..3 {
            let stderr = match cargo_build(&self.dir, target, jobs)? {
                None => return Ok(()),
                Some(stderr) => stderr,
            };
            let failing = self.failing_arms(&stderr);
            if failing.is_empty() {
                return Err(first_errors(&stderr));
            }
            for (arm, message) in failing {
                let ty = self.types[arm].clone();
                if !self.broken.iter().any(|(t, _)| *t == ty) {
                    self.broken.push((ty, message));
                }
            }
            write_if_changed(&self.dir.join("src/main.rs"), &self.main_rs())?;
        }
        Err("the harness does not compile after three tries".into())
    }

    /// The arms the errors of `stderr` (`--message-format short`) are on, with each one's
    /// first message; empty when any error is elsewhere.
    fn failing_arms(&self, stderr: &str) -> Vec<(usize, String)> {
        let first = self.first_arm_line();
        let mut arms: Vec<(usize, String)> = Vec::new();
        // `error: could not compile ...` and the like sum up; the errors name their place.
        for line in stderr.lines().filter(|l| l.contains(": error")) {
            let arm = line
                .split_once("src/main.rs:")
                .and_then(|(_, rest)| rest.split(':').next()?.parse::<usize>().ok())
                .and_then(|n| n.checked_sub(first))
                .filter(|&i| i < self.types.len());
            match arm {
                Some(i) if !arms.iter().any(|(a, _)| *a == i) => arms.push((i, line.split_once(": error").map_or(line, |(_, m)| m).trim_start_matches(':').trim().to_string())),
                Some(_) => {}
                None => return Vec::new(),
            }
        }
        arms
    }

    /// Runs the built harness on its samples; gives one result per sample, `None` where it
    /// printed none (it crashed before), and what it wrote on stderr.
    pub fn run(&self, target: &Path, count: usize) -> Result<(Vec<Option<Value>>, String), String> {
        let exe = target.join("debug").join(&self.package);
        let output = Command::new(&exe)
            .arg(self.dir.join("samples.jsonl"))
            .output()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let mut results = vec![None; count];
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(mut value) = serde_json::from_str::<Value>(line) else { continue };
            if let Some(slot) = value.get("id").and_then(Value::as_u64).and_then(|id| results.get_mut(id as usize)) {
                value.as_object_mut().map(|o| o.remove("id"));
                *slot = Some(value);
            }
        }
        let mut stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        if !output.status.success() {
            stderr = format!("the harness stopped ({}): {}", output.status, last_line(&stderr));
        }
        Ok((results, stderr))
    }
}

fn last_line(text: &str) -> &str {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("(nothing on stderr)")
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `cargo build` of the crate in `dir`: `None` when it builds, else its stderr.
fn cargo_build(dir: &Path, target: &Path, jobs: usize) -> Result<Option<String>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--message-format", "short", "--jobs", &jobs.to_string(), "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok((!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).into_owned()))
}

/// The first few error lines of a failed build.
fn first_errors(stderr: &str) -> String {
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error") || l.contains(": error")).take(3).collect();
    if errors.is_empty() {
        last_line(stderr).to_string()
    } else {
        errors.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::collect::Origin;

    fn sample(rust: &str) -> Sample {
        Sample { label: "/x".into(), origin: Origin::Schema, rust: rust.into(), json: json!({"a": 1}) }
    }

    #[test]
    fn every_type_gets_one_arm_on_its_own_line() {
        let samples = [sample("api::types::B"), sample("Vec<api::types::A>"), sample("api::types::B")];
        let h = Harness::new(Path::new("/w"), "samples-x", &samples, Decoder::Runtime);
        assert_eq!(h.types, ["Vec<api::types::A>", "api::types::B"]);
        let main = h.main_rs();
        let lines: Vec<&str> = main.lines().collect();
        let first = h.first_arm_line();
        assert_eq!(lines[first - 1].trim(), "0 => check::<Vec<api::types::A>>(bytes),");
        assert_eq!(lines[first].trim(), "1 => check::<api::types::B>(bytes),");
        assert!(main.contains("api::from_json::<T>(bytes)"));
        let plain = Harness::new(Path::new("/w"), "samples-x", &samples, Decoder::Serde);
        assert!(plain.main_rs().contains("serde_json::from_slice::<T>(bytes)"));
        let line = plain.first_arm_line();
        assert_eq!(plain.main_rs().lines().nth(line - 1).map(str::trim), Some("0 => check::<Vec<api::types::A>>(bytes),"));
        assert_eq!(h.sample_line(&sample("api::types::B")), r#"{"type":1,"json":"{\"a\":1}"}"#);
    }

    #[test]
    fn compile_errors_on_arms_mark_their_types_broken() {
        let mut h = Harness::new(Path::new("/w"), "samples-x", &[sample("api::types::A"), sample("api::types::B")], Decoder::Runtime);
        let line = h.first_arm_line() + 1;
        let stderr = format!("src/main.rs:{line}:14: error[E0277]: the trait bound `B: Serialize` is not satisfied\nerror: could not compile `x`\n");
        assert_eq!(h.failing_arms(&stderr), [(1, "[E0277]: the trait bound `B: Serialize` is not satisfied".to_string())]);
        h.broken.push(("api::types::B".into(), "x".into()));
        assert!(h.main_rs().contains("// 1: `api::types::B` did not compile"));
        // An error elsewhere (in the generated crate, or the template) is the build's.
        let elsewhere = format!("{stderr}api/src/types/shared.rs:3:1: error: expected item\n");
        assert!(h.failing_arms(&elsewhere).is_empty());
        assert!(h.failing_arms("src/main.rs:2:1: error: expected item\n").is_empty());
    }

    #[test]
    fn types_are_named_as_the_harness_sees_them() {
        let api = codegen::ir::Api {
            title: "t".into(),
            version: "1".into(),
            description: None,
            base_url: None,
            types: vec![codegen::ir::TypeDef {
                name: "Pet".into(),
                docs: Default::default(),
                pointer: "/components/schemas/Pet".into(),
                kind: TypeKind::Alias(TypeRef::String),
                groups: Vec::new(),
                sent: false,
                validates: false,
            }],
            operations: Vec::new(),
            groups: Vec::new(),
            schemes: Vec::new(),
            resources: Vec::new(),
            members: Vec::new(),
            settings: Default::default(),
            webhooks: None,
        };
        let pet = TypeRef::Named("Pet".into());
        let nested = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(pet.clone()))))));
        assert_eq!(rust_type(&api, &nested).as_deref(), Ok("std::collections::BTreeMap<String, Vec<Option<api::types::Pet>>>"));
        assert_eq!(rust_type(&api, &TypeRef::DateTime).as_deref(), Ok("api::DateTime"));
        assert!(rust_type(&api, &TypeRef::Bytes).is_err());
        assert!(rust_type(&api, &TypeRef::Array(Box::new(TypeRef::Named("Gone".into())))).is_err());
    }
}
