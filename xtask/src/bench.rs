//! `cargo xtask bench`: generation times (median, per stage), peak memory, lines generated,
//! growth with spec size and, with `--cargo-check`, how long the generated crate takes to
//! check. Always measured in release mode: a debug build re-runs itself with `--release`.

use codegen::emit::Options;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const USAGE: &str = "\
usage: cargo xtask bench [--full PATH] [--runs N] [--cargo-check] [--hostile] [--decode] [--stream]

  --full PATH     the full Cloudflare document, JSON or .json.gz
                  (default: ../shared/specs/cloudflare-api-2024-08.openapi.json.gz)
  --runs N        runs per measurement (default 5; the fragment runs 4 times as often)
  --cargo-check   also: lines of code per operation (Cloudflare, Oxide) and `cargo check` of
                  the full crate (all features cold, default features, the largest group,
                  after one operation changed), each with the peak memory of the largest rustc
  --hostile       time only the hostile documents, at two sizes
  --decode        time only decoding: generated types against a plain serde derive
                  (fails over its budget of 1.25x)
  --stream        only a 1 GiB download read as a stream and a 1 GiB upload from a file,
                  with the process's peak memory
                  (fails over 64 MiB or short of the whole)";

pub struct Args {
    full: PathBuf,
    runs: usize,
    cargo_check: bool,
    hostile_only: bool,
    decode_only: bool,
    stream_only: bool,
}

pub fn parse(mut args: impl Iterator<Item = String>, root: &Path) -> Result<Args, String> {
    let mut parsed = Args {
        full: root.join("../shared/specs/cloudflare-api-2024-08.openapi.json.gz"),
        runs: 5,
        cargo_check: false,
        hostile_only: false,
        decode_only: false,
        stream_only: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--full" => parsed.full = PathBuf::from(args.next().ok_or("--full needs a path")?),
            "--runs" => {
                parsed.runs = args.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0).ok_or("--runs needs a number")?
            }
            "--cargo-check" => parsed.cargo_check = true,
            "--hostile" => parsed.hostile_only = true,
            "--decode" => parsed.decode_only = true,
            "--stream" => parsed.stream_only = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Median time of each stage (load, resolve, emit, write) and of the whole, over `runs`.
struct Stages {
    stages: Vec<(&'static str, Duration)>,
    total: Duration,
    files: usize,
    lines: usize,
    warnings: usize,
}

fn measure(spec: &Path, out: &Path, runs: usize) -> Result<Stages, String> {
    let options = Options::for_spec(spec, Path::new("/"), Some("bench-output".into())).with_checkout_runtime(out);
    let mut per_stage: Vec<Vec<Duration>> = vec![Vec::new(); 4];
    let mut totals = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(out);
        let start = Instant::now();
        let generated = codegen::generate(spec, &options).map_err(|e| e.to_string())?;
        let write_start = Instant::now();
        codegen::write::write(out, &generated.files, true).map_err(|e| e.to_string())?;
        let write = write_start.elapsed();
        totals.push(start.elapsed());
        for (i, (_, time)) in generated.timings.iter().enumerate() {
            per_stage[i].push(*time);
        }
        per_stage[3].push(write);
        last = Some(generated);
    }
    let generated = last.ok_or("no run")?;
    let names = ["parse", "resolve", "emit", "write"];
    Ok(Stages {
        stages: names.into_iter().zip(per_stage.into_iter().map(median)).collect(),
        total: median(totals),
        files: generated.files.len(),
        lines: generated.files.iter().map(|f| f.contents.lines().count()).sum(),
        warnings: generated.warnings.len(),
    })
}

fn report(out: &mut dyn Write, name: &str, s: &Stages) -> std::io::Result<()> {
    let stages: Vec<String> = s.stages.iter().map(|(n, t)| format!("{n} {}", ms(*t))).collect();
    writeln!(out, "{name}: median {} ({})", ms(s.total), stages.join(", "))?;
    writeln!(out, "{name}: {} files, {} lines generated, {} warnings", s.files, s.lines, s.warnings)
}

/// The decode benchmark, when built in (`cargo xtask bench` builds it in).
fn decode(runs: usize, out: &mut dyn Write) -> Result<(), String> {
    #[cfg(feature = "decode-bench")]
    return crate::decode_bench::run(runs, out);
    #[cfg(not(feature = "decode-bench"))]
    {
        let _ = runs;
        writeln!(out, "decode: not built in (run `cargo xtask bench`, which turns on the `decode-bench` feature)").map_err(|e| e.to_string())
    }
}

/// The streamed download, when built in (with the decode benchmark).
fn stream(out: &mut dyn Write) -> Result<(), String> {
    #[cfg(feature = "decode-bench")]
    return crate::stream_bench::run(out);
    #[cfg(not(feature = "decode-bench"))]
    writeln!(out, "stream: not built in (run `cargo xtask bench`, which turns on the `decode-bench` feature)").map_err(|e| e.to_string())
}

/// [`stream`] in a process of its own (this one, with `bench --stream`), whose peak memory is
/// the download's alone.
fn stream_apart(out: &mut dyn Write) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let child = std::process::Command::new(exe).args(["bench", "--stream"]).output().map_err(|e| e.to_string())?;
    out.write_all(&child.stdout).map_err(|e| e.to_string())?;
    if !child.status.success() {
        return Err(format!("the stream benchmark failed: {}", String::from_utf8_lossy(&child.stderr)));
    }
    Ok(())
}

/// The document at `path`, gunzipped when it ends in `.gz`.
fn read_spec(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(text)
    } else {
        String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Peak resident memory of this process so far (Linux), in MiB.
pub(crate) fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub fn run(args: &Args, root: &Path, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    // Outside the workspace: the generated crates are standalone.
    let work = std::env::temp_dir().join("codegen-bench");
    std::fs::create_dir_all(&work).map_err(io)?;
    if args.hostile_only {
        return hostile(&work, args.runs.min(3), out);
    }
    if args.decode_only {
        return decode(args.runs, out);
    }
    if args.stream_only {
        return stream(out);
    }
    decode(args.runs, out)?;
    stream_apart(out)?;

    let fragment = measure(&root.join("spec/openapi.yaml"), &work.join("fragment"), args.runs * 4)?;
    report(out, "fragment", &fragment).map_err(io)?;

    let text = read_spec(&args.full)?;
    let full_path = work.join("full.json");
    std::fs::write(&full_path, &text).map_err(io)?;
    let full = measure(&full_path, &work.join("full"), args.runs)?;
    report(out, "full spec", &full).map_err(io)?;
    if let Some(peak) = peak_memory_mib() {
        writeln!(out, "peak memory (whole bench process): {peak:.0} MiB").map_err(io)?;
    }

    // Growth: the same document cut to the first quarter, half and all of its paths.
    let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for quarter in [1, 2, 4] {
        let keep = paths.len() * quarter / 4;
        let mut cut = doc.clone();
        cut["paths"] = serde_json::Value::Object(paths.iter().take(keep).map(|(k, v)| (k.clone(), v.clone())).collect());
        let ops: usize = cut["paths"].as_object().map_or(0, |p| p.values().filter_map(|v| v.as_object()).map(|o| o.len()).sum());
        let path = work.join(format!("cut-{quarter}.json"));
        std::fs::write(&path, serde_json::to_vec(&cut).map_err(|e| e.to_string())?).map_err(io)?;
        let s = measure(&path, &work.join(format!("cut-{quarter}")), args.runs.min(3))?;
        writeln!(
            out,
            "growth: {keep} of {} paths ({ops} path-item entries, all schemas): median {}, {} lines, {:.2} ms per 1000 lines",
            paths.len(),
            ms(s.total),
            s.lines,
            s.total.as_secs_f64() * 1e6 / s.lines.max(1) as f64
        )
        .map_err(io)?;
    }

    hostile(&work, args.runs.min(3), out)?;

    if args.cargo_check {
        let operations = codegen::generate(&full_path, &Options::for_spec(&full_path, Path::new("/"), None)).map_err(|e| e.to_string())?.surface.operations.len();
        crate::check_bench::run(&text, &full_path, &work.join("full"), &work.join("full-target"), operations, out)?;
        oxide_lines(root, &work, out)?;
    }
    Ok(())
}

/// Times each hostile document (`crate::hostile`) at sizes 1,000 and 2,000 (links of a chain,
/// or 60 characters of description each): the ratio shows whether time grows linearly (about
/// 2) or worse.
fn hostile(work: &Path, runs: usize, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let (small, large) = (crate::hostile::documents(1000), crate::hostile::documents(2000));
    let mut worst = 0.0f64;
    for ((name, one), (_, two)) in small.iter().zip(&large) {
        let mut times = Vec::new();
        for (size, text) in [("1000", one), ("2000", two)] {
            let path = work.join(format!("hostile-{name}-{size}.json"));
            std::fs::write(&path, text).map_err(io)?;
            times.push(measure(&path, &work.join("hostile-out"), runs)?.total);
        }
        let ratio = times[1].as_secs_f64() / times[0].as_secs_f64().max(1e-6);
        worst = worst.max(times[1].as_secs_f64());
        writeln!(out, "hostile {name}: {} at size 1000, {} at 2000 (x{ratio:.1})", ms(times[0]), ms(times[1])).map_err(io)?;
    }
    writeln!(out, "hostile documents: slowest {:.0} ms; target: each well under a second", worst * 1e3).map_err(io)
}

/// Lines of code per operation of Oxide's document (the other target), when it is there.
fn oxide_lines(root: &Path, work: &Path, out: &mut dyn Write) -> Result<(), String> {
    let source = root.join("../shared/specs/world/oxide.json.gz");
    if !source.is_file() {
        return Ok(());
    }
    let spec = work.join("oxide.json");
    std::fs::write(&spec, read_spec(&source)?).map_err(|e| e.to_string())?;
    let generated = codegen::generate(&spec, &Options::for_spec(&spec, Path::new("/"), None)).map_err(|e| e.to_string())?;
    let dir = work.join("oxide");
    codegen::write::write(&dir, &generated.files, true).map_err(|e| e.to_string())?;
    let (lines, operations) = (crate::check_bench::code_lines(&dir), generated.surface.operations.len());
    writeln!(out, "Oxide: {lines} lines of code, {} per operation ({operations} operations); target: at most 110", lines / operations.max(1))
        .map_err(|e| e.to_string())
}
