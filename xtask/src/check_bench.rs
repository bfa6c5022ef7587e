//! `cargo xtask bench --cargo-check`: what the generated full crate costs its users. Lines of
//! code per operation (comments and blank lines not counted), then `cargo check` wall time and
//! the peak memory of the largest rustc: all features on a cold target folder, the default
//! features, the largest group alone, and the re-check after one operation of the document
//! changed and the crate was regenerated.

use codegen::emit::Options;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Targets of the benchmark (issue "The whole Cloudflare API on a laptop").
const ALL_FEATURES_SECONDS: f64 = 150.0;
const RUSTC_PEAK_MIB: f64 = 3072.0;
const LARGEST_GROUP_SECONDS: f64 = 20.0;

/// Rust lines of a generated crate that are code: neither blank nor only a comment (its
/// `target` folder left out).
pub fn code_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                total += text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).count();
            }
        }
    }
    total
}

/// The largest `VmHWM` of any `rustc` process seen while `run` runs, sampled every 50 ms
/// (Linux; 0 elsewhere). A process's high-water mark holds its peak however short it was.
fn peak_rustc_mib<T>(run: impl FnOnce() -> T) -> (T, f64) {
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                    let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
                    if status.lines().next().is_some_and(|l| l.split_whitespace().nth(1) == Some("rustc")) {
                        let kib = status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok());
                        peak.fetch_max(kib.unwrap_or(0), Ordering::Relaxed);
                    }
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let result = run();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    (result, peak.load(Ordering::Relaxed) as f64 / 1024.0)
}

/// `cargo check` of `crate_dir` with `extra` arguments: wall time and the largest rustc.
fn check(crate_dir: &Path, target: &Path, extra: &[&str]) -> Result<(Duration, f64), String> {
    let (status, peak) = peak_rustc_mib(|| {
        let start = Instant::now();
        let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .arg("check")
            .arg("--quiet")
            .args(extra)
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTFLAGS", "-D warnings")
            .status()
            .map(|status| (status, start.elapsed()));
        status
    });
    let (status, time) = status.map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo check {} failed in {}", extra.join(" "), crate_dir.display()));
    }
    Ok((time, peak))
}

/// The feature whose operations are the largest file: in `src/operations` of one crate, or
/// in the member crates of a workspace.
fn largest_group(crate_dir: &Path) -> Result<String, String> {
    let mut dirs = vec![crate_dir.join("src/operations")];
    if let Ok(members) = std::fs::read_dir(crate_dir.join("crates")) {
        dirs.extend(members.flatten().map(|m| m.path().join("src/operations")));
    }
    let mut best = (0, String::new());
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            if name != "mod" && size > best.0 {
                best = (size, name);
            }
        }
    }
    // The module name of a group is its feature's, `_` for `-` (and a leading `_` for a digit).
    let module = best.1.trim_start_matches('_').to_string();
    let cargo_toml = std::fs::read_to_string(crate_dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let feature = cargo_toml
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .find(|k| k.replace('-', "_") == module)
        .ok_or_else(|| format!("no feature for the operations module `{module}`"))?;
    Ok(feature.to_string())
}

/// The document with one more optional query parameter on its first operation.
fn one_operation_changed(text: &str) -> Result<String, String> {
    let mut doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let paths = doc.get_mut("paths").and_then(|p| p.as_object_mut()).ok_or("the document has no paths")?;
    let item = paths.values_mut().next().and_then(|i| i.as_object_mut()).ok_or("the first path is not an object")?;
    let op = ["get", "post", "put", "patch", "delete"].iter().find_map(|m| item.get(*m).map(|_| *m)).ok_or("the first path has no operation")?;
    let op = item.get_mut(op).and_then(|o| o.as_object_mut()).ok_or("the operation is not an object")?;
    let params = op.entry("parameters").or_insert_with(|| serde_json::json!([]));
    params.as_array_mut().ok_or("parameters is not an array")?.push(serde_json::json!({
        "name": "bench_probe", "in": "query", "required": false, "schema": {"type": "string"}
    }));
    serde_json::to_string(&doc).map_err(|e| e.to_string())
}

/// Every figure, against its target.
pub fn run(spec_text: &str, spec: &Path, crate_dir: &Path, target: &Path, operations: usize, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let lines = code_lines(crate_dir);
    writeln!(out, "lines of code (no comments, no blank lines): {lines}, {} per operation ({operations} operations); target: at most 200", lines / operations.max(1)).map_err(io)?;

    let _ = std::fs::remove_dir_all(target);
    let (all, all_peak) = check(crate_dir, target, &["--all-features"])?;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    writeln!(
        out,
        "cargo check --all-features, cold (dependencies included): {:.1} s, largest rustc {all_peak:.0} MiB; target: under {ALL_FEATURES_SECONDS} s and {RUSTC_PEAK_MIB} MiB ({})",
        all.as_secs_f64(),
        verdict(all.as_secs_f64() < ALL_FEATURES_SECONDS && all_peak < RUSTC_PEAK_MIB)
    )
    .map_err(io)?;
    let (default, default_peak) = check(crate_dir, target, &[])?;
    writeln!(out, "cargo check, default features (dependencies built): {:.1} s, largest rustc {default_peak:.0} MiB", default.as_secs_f64()).map_err(io)?;
    let group = largest_group(crate_dir)?;
    let features = format!("client,{group}");
    let (one, one_peak) = check(crate_dir, target, &["--no-default-features", "--features", &features])?;
    writeln!(
        out,
        "cargo check, the largest group `{group}` alone (with the client): {:.1} s, largest rustc {one_peak:.0} MiB; target: under {LARGEST_GROUP_SECONDS} s ({})",
        one.as_secs_f64(),
        verdict(one.as_secs_f64() < LARGEST_GROUP_SECONDS)
    )
    .map_err(io)?;

    // One operation changes: regenerate (only changed files are written), check again.
    let changed = spec.with_file_name("full-changed.json");
    std::fs::write(&changed, one_operation_changed(spec_text)?).map_err(io)?;
    // Named as the original in the files' headers, so that only what the change touches differs.
    let options = Options::for_spec(spec, Path::new("/"), Some("bench-output".into())).with_checkout_runtime(crate_dir);
    let generated = codegen::generate(&changed, &options).map_err(|e| e.to_string())?;
    let changes = codegen::write::write(crate_dir, &generated.files, true).map_err(|e| e.to_string())?;
    let crates: std::collections::BTreeSet<&str> =
        changes.written.iter().map(|path| path.strip_prefix("crates/").and_then(|p| p.split('/').next()).unwrap_or("the facade")).collect();
    let written = format!("{} files written, in {}", changes.written.len(), crates.into_iter().collect::<Vec<_>>().join(", "));
    let (again, again_peak) = check(crate_dir, target, &["--all-features"])?;
    writeln!(
        out,
        "cargo check --all-features after one operation changed ({written}): {:.1} s, largest rustc {again_peak:.0} MiB",
        again.as_secs_f64()
    )
    .map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lines_count_neither_comments_nor_blank_lines_nor_build_output() {
        let dir = std::env::temp_dir().join(format!("check-bench-lines-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(dir.join("target/debug")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "//! Docs.\n\n/// An item.\npub struct A;\n    // note\nfn f() {}\n").unwrap();
        std::fs::write(dir.join("target/debug/build.rs"), "pub fn built() {}\n").unwrap();
        assert_eq!(code_lines(&dir), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn one_operation_changed_adds_a_query_parameter_to_the_first_operation() {
        let text = r#"{"paths": {"/a": {"get": {"responses": {}}}, "/b": {"post": {"parameters": []}}}}"#;
        let changed: serde_json::Value = serde_json::from_str(&one_operation_changed(text).unwrap()).unwrap();
        assert_eq!(changed["paths"]["/a"]["get"]["parameters"][0]["name"], "bench_probe");
        assert_eq!(changed["paths"]["/b"]["post"]["parameters"], serde_json::json!([]));
    }
}
