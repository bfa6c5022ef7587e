//! `cargo xtask fuzz`: a mutation fuzzer for the whole command. Each input is a document of
//! the corpus (every fixture and `spec/`) with a few random mutations of its structure (keys
//! removed, renamed to names that trap code generators, values swapped, subtrees copied,
//! nested or turned into references), of its size (strings of megabytes, chains of hundreds to
//! thousands of references that end at nothing, at themselves or at a real entry, unbalanced
//! Markdown, enums and property lists of thousands of entries) or of its text (cut short, a
//! byte changed). Each is run as `cargo xtask codegen --spec <input> --out <folder>`, in a
//! process of its own with a time limit, into a folder holding an earlier crate. The summary
//! says how many inputs each kind of mutation was in, and how many of them found something.
//!
//! A finding is a panic or a crash, a run over the time limit, an error that changed the
//! output folder, or a message that names no place (neither a line nor a JSON pointer).
//! Findings are saved under `target/fuzz/findings/` with what was wrong.

use codegen::error::{pointer_key, push_pointer};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const USAGE: &str = "\
usage: cargo xtask fuzz [--seconds N] [--seed N] [--limit SECS] [--check N]

  --seconds N   how long to fuzz (default 60)
  --seed N      the random seed, to replay a run (default: from the clock)
  --limit SECS  the time one input may take before it counts as a hang (default 10)
  --check N     also `cargo check` (warnings denied) every N-th crate generated; slow

Inputs that find something are kept in target/fuzz/findings/.";

pub struct Args {
    seconds: u64,
    seed: u64,
    limit: u64,
    check: u64,
}

pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let clock = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
    let mut parsed = Args { seconds: 60, seed: clock, limit: 10, check: 0 };
    while let Some(arg) = args.next() {
        let mut number = |name: &str| args.next().and_then(|n| n.parse::<u64>().ok()).ok_or(format!("{name} needs a number"));
        match arg.as_str() {
            "--seconds" => parsed.seconds = number("--seconds")?,
            "--seed" => parsed.seed = number("--seed")?,
            "--limit" => parsed.limit = number("--limit")?.max(1),
            "--check" => parsed.check = number("--check")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// The documents mutations start from: `spec/` and every fixture.
pub fn corpus(root: &Path) -> Result<Vec<(String, Value)>, String> {
    let mut paths = vec![root.join("spec/openapi.yaml")];
    let fixtures = root.join("tests/fixtures");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&fixtures).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    paths.extend(names.into_iter().map(|dir| dir.join("openapi.yaml")).filter(|p| p.exists()));
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value = codegen::load::parse::parse(&path.to_string_lossy(), &text).map_err(|e| format!("{}: {}", path.display(), e.message))?;
            Ok((path.strip_prefix(root).unwrap_or(&path).display().to_string(), value))
        })
        .collect()
}

/// Names and values that have broken generators: keywords, module and file names, statuses
/// without a reason phrase, direction marks, huge numbers, template braces.
const NASTY_KEYS: &[&str] = &[
    "mod", "Mod", "self", "Self", "type", "crate", "super", "", "2XX ", "200.0", "0200", "299", "default", "{id}", "a/b",
    "$ref", "x-", "allOf", "oneOf", "anyOf", "not", "items", "properties", "required", "enum", "nullable", "CON", "lib",
    "\u{202E}evil", "名前", "From", "Option", "Result", "Box", "page", "per_page", "result", "discriminator",
];

fn nasty_scalar(rng: &mut fastrand::Rng) -> Value {
    match rng.usize(0..14) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1e308),
        5 => json!(u64::MAX),
        6 => json!(""),
        7 => json!("a".repeat(300)),
        8 => json!([]),
        9 => json!({}),
        10 => json!("#/components/schemas/Missing"),
        11 => json!("array"),
        12 => json!("object"),
        _ => json!(NASTY_KEYS[rng.usize(0..NASTY_KEYS.len())]),
    }
}

/// Every place in `value` as a JSON pointer, parents before children; at most `cap`.
fn places(value: &Value, cap: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((ptr, v)) = stack.pop() {
        if out.len() >= cap {
            break;
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    stack.push((push_pointer(&ptr, k), child));
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter().enumerate() {
                    stack.push((format!("{ptr}/{i}"), child));
                }
            }
            _ => {}
        }
        out.push(ptr);
    }
    out
}

fn parent_and_key(ptr: &str) -> Option<(&str, String)> {
    let (parent, key) = ptr.rsplit_once('/')?;
    Some((parent, pointer_key(key)))
}

/// The kinds of mutation, as the summary of a run names them.
const MUTATIONS: &[&str] = &[
    "removed", "renamed", "nasty scalar", "made a reference", "copied", "nested", "added", "reshaped", "marked",
    "huge string", "reference chain", "unbalanced markdown", "huge list", "text damaged",
];

/// One random change to the structure of `doc`; returns its kind (an index of [`MUTATIONS`]).
fn mutate(doc: &mut Value, rng: &mut fastrand::Rng) -> usize {
    let all = places(doc, 20_000);
    let target = all[rng.usize(0..all.len())].clone();
    let pick = |rng: &mut fastrand::Rng| all[rng.usize(0..all.len())].clone();
    let kind = rng.usize(0..13);
    match kind {
        // Remove the value.
        0 => {
            if let Some((parent, key)) = parent_and_key(&target) {
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(&key);
                    }
                    Some(Value::Array(list)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < list.len() {
                                list.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Rename its key to a nasty one.
        1 => {
            if let Some((parent, key)) = parent_and_key(&target) {
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    if let Some(v) = map.shift_remove(&key) {
                        map.insert(NASTY_KEYS[rng.usize(0..NASTY_KEYS.len())].to_string(), v);
                    }
                }
            }
        }
        // Replace it by a nasty scalar.
        2 => {
            if let Some(v) = doc.pointer_mut(&target) {
                *v = nasty_scalar(rng);
            }
        }
        // Replace it by a reference to another place (or to itself).
        3 => {
            let to = pick(rng);
            if let Some(v) = doc.pointer_mut(&target) {
                *v = json!({ "$ref": format!("#{to}") });
            }
        }
        // Copy another subtree over it.
        4 => {
            let from = pick(rng);
            if let Some(copy) = doc.pointer(&from).cloned() {
                if let Some(v) = doc.pointer_mut(&target) {
                    *v = copy;
                }
            }
        }
        // Nest it one level deeper, a few times.
        5 => {
            let keyword = ["allOf", "oneOf", "anyOf", "not", "items"][rng.usize(0..5)];
            if let Some(v) = doc.pointer_mut(&target) {
                for _ in 0..rng.usize(1..30) {
                    let inner = v.take();
                    *v = if keyword == "not" || keyword == "items" { json!({ keyword: inner }) } else { json!({ keyword: [inner] }) };
                }
            }
        }
        // Add a nasty entry to an object, or a nasty item to a list.
        6 => match doc.pointer_mut(&target) {
            Some(Value::Object(map)) => {
                map.insert(NASTY_KEYS[rng.usize(0..NASTY_KEYS.len())].to_string(), nasty_scalar(rng));
            }
            Some(Value::Array(list)) => list.push(nasty_scalar(rng)),
            _ => {}
        },
        // Turn an object into a list of its values, or a list into an object.
        7 => {
            if let Some(v) = doc.pointer_mut(&target) {
                *v = match v.take() {
                    Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
                    Value::Array(list) => Value::Object(list.into_iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect()),
                    other => other,
                };
            }
        }
        // Mark it deprecated, required or nullable.
        8 => {
            if let Some(Value::Object(map)) = doc.pointer_mut(&target) {
                let (key, value) = [("deprecated", json!(true)), ("required", json!(["id", "page"])), ("nullable", json!(true))][rng.usize(0..3)].clone();
                map.insert(key.to_string(), value);
            }
        }
        9 => huge_string(doc, &all, rng),
        10 => reference_chain(doc, &all, rng),
        11 => {
            // On an object of the document, or on the API itself.
            let at = if rng.bool() { target } else { "/info".to_string() };
            if let Some(Value::Object(map)) = doc.pointer_mut(&at) {
                let key = ["description", "summary", "title"][rng.usize(0..3)];
                map.insert(key.to_string(), Value::String(markdown(rng)));
            }
        }
        _ => huge_list(doc, &target, rng),
    }
    kind
}

/// Text of `len` bytes or a little more: one piece repeated, or many pieces mixed.
fn long_text(len: usize, rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &["a", "é", "名", "[a ", "`", "https://x.io/.", "\n- ", "{id}", "\u{202E}", "mod ", " ", "\\", "<b>", "&", "_"];
    let mut text = String::with_capacity(len + 16);
    if rng.bool() {
        let piece = PIECES[rng.usize(0..PIECES.len())];
        while text.len() < len {
            text.push_str(piece);
        }
    } else {
        while text.len() < len {
            text.push_str(PIECES[rng.usize(0..PIECES.len())]);
        }
    }
    text
}

/// A length from a kilobyte to four megabytes, every size as likely.
fn long_length(rng: &mut fastrand::Rng) -> usize {
    1 << rng.usize(10..23)
}

/// A string of up to megabytes in place of a string of the document (a description, a
/// name, an enum value, an id, a reference...), as the name of an entry, or as a
/// description.
fn huge_string(doc: &mut Value, all: &[String], rng: &mut fastrand::Rng) {
    let text = long_text(long_length(rng), rng);
    let strings: Vec<&String> = all.iter().filter(|p| doc.pointer(p).is_some_and(Value::is_string)).collect();
    match rng.usize(0..3) {
        0 if !strings.is_empty() => {
            let at = strings[rng.usize(0..strings.len())].clone();
            if let Some(v) = doc.pointer_mut(&at) {
                *v = Value::String(text);
            }
        }
        1 => {
            let at = &all[rng.usize(0..all.len())];
            if let Some((parent, key)) = parent_and_key(at) {
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    if let Some(v) = map.shift_remove(&key) {
                        map.insert(text, v);
                    }
                }
            }
        }
        _ => {
            let at = &all[rng.usize(0..all.len())];
            if let Some(Value::Object(map)) = doc.pointer_mut(at) {
                map.insert("description".into(), Value::String(text));
            }
        }
    }
}

/// Markdown that never balances, in large numbers: brackets, parentheses and backticks
/// without their pair, links without their end, URLs ending in punctuation, fences, list
/// items indented ever deeper, HTML.
fn markdown(rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &[
        "[", "(", "`", "](", "[a](b", "[a](b c)", ")", "]", "<", "<b>", "&", "\\", "```", "~~~", "\n", "\n\n", "\n    ", "\n- ", "\n1. ",
        "\n  - ", "https://x.io/", "...", "*", "_", "# ", "| a |", "\t",
    ];
    let pieces = 1 << rng.usize(6..19);
    let mut text = String::new();
    if rng.bool() {
        let piece = PIECES[rng.usize(0..PIECES.len())];
        text = piece.repeat(pieces);
    } else {
        for i in 0..pieces {
            if rng.usize(0..64) == 0 {
                // A list item indented further than the one before (up to 4,095 columns).
                text.push_str(&format!("\n{}- ", " ".repeat(i % 4096)));
            }
            text.push_str(PIECES[rng.usize(0..PIECES.len())]);
        }
    }
    text
}

/// Names that become the same Rust name, or none, or a keyword.
fn colliding_name(i: usize, rng: &mut fastrand::Rng) -> String {
    match rng.usize(0..6) {
        // `a` and `i` written in punctuation: every one is `A` (or `a`) in Rust.
        0 => {
            let mut name = String::from(["a", "A"][i % 2]);
            let mut rest = i / 2;
            loop {
                name.push([' ', '-', '.', '!'][rest % 4]);
                rest /= 4;
                if rest == 0 {
                    break name;
                }
            }
        }
        1 => format!("{}{}", ["", "_", "-", " "][i % 4], i / 4),
        2 => NASTY_KEYS[i % NASTY_KEYS.len()].to_string() + &"_".repeat(i / NASTY_KEYS.len()),
        3 => "名".repeat(1 + i % 16) + &i.to_string(),
        _ => format!("value{i}"),
    }
}

/// Thousands of enum values or properties (many of them becoming the same Rust name) on an
/// object of the document.
fn huge_list(doc: &mut Value, target: &str, rng: &mut fastrand::Rng) {
    let count = rng.usize(1000..6000);
    let Some(Value::Object(map)) = doc.pointer_mut(target) else { return };
    if rng.bool() {
        let values: Vec<Value> = (0..count).map(|i| if rng.usize(0..8) == 0 { json!(i) } else { Value::String(colliding_name(i, rng)) }).collect();
        map.insert("type".into(), json!("string"));
        map.insert("enum".into(), Value::Array(values));
    } else {
        let names: Vec<String> = (0..count).map(|i| colliding_name(i, rng)).collect();
        let properties: serde_json::Map<String, Value> = names
            .iter()
            .map(|name| (name.clone(), [json!({"type": "string"}), json!({"type": "integer"}), json!({"type": "object"})][rng.usize(0..3)].clone()))
            .collect();
        map.insert("type".into(), json!("object"));
        map.insert("properties".into(), Value::Object(properties));
        map.insert("required".into(), json!(names.iter().step_by(2).collect::<Vec<_>>()));
    }
}

/// A chain of hundreds to thousands of component entries, each only a reference to the next,
/// ending at nothing, at itself, at its first link or at a real entry; used by a place of the
/// document (a reference replaced, an operation's parameter, response or request body), from
/// its first link or one in the middle.
fn reference_chain(doc: &mut Value, all: &[String], rng: &mut fastrand::Rng) {
    let (section, real) = [
        ("schemas", json!({"type": "object", "properties": {"a": {"type": "string"}}})),
        ("parameters", json!({"name": "p", "in": "query", "schema": {"type": "string"}})),
        ("responses", json!({"description": "ok"})),
        ("requestBodies", json!({"content": {"application/json": {"schema": {"type": "object"}}}})),
    ][rng.usize(0..4)]
    .clone();
    let links = rng.usize(100..3000);
    let prefix = format!("Chain{}_", rng.u32(..));
    let link = |i: usize| json!({"$ref": format!("#/components/{section}/{prefix}{i}")});
    let mut entries: Vec<(String, Value)> = (0..links).map(|i| (format!("{prefix}{i}"), link(i + 1))).collect();
    let existing: Vec<String> = doc.pointer(&format!("/components/{section}")).and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let last = match rng.usize(0..4) {
        0 => json!({"$ref": format!("#/components/{section}/{prefix}Missing")}),
        1 => link(links),
        2 => link(0),
        _ if !existing.is_empty() => json!({"$ref": format!("#/components/{section}/{}", existing[rng.usize(0..existing.len())])}),
        _ => real,
    };
    entries.push((format!("{prefix}{links}"), last));
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let entries_map = components.as_object_mut().and_then(|c| {
        let slot = c.entry(section).or_insert_with(|| json!({}));
        if !slot.is_object() {
            *slot = json!({});
        }
        slot.as_object_mut()
    });
    if let Some(map) = entries_map {
        map.extend(entries);
    }
    let start = if rng.bool() { link(0) } else { link(rng.usize(0..links)) };
    // Where it is used.
    let operations: Vec<&String> = all.iter().filter(|p| p.starts_with("/paths/") && p.matches('/').count() == 3).collect();
    let references: Vec<&String> = all.iter().filter(|p| p.ends_with("/$ref")).collect();
    if section == "schemas" && !references.is_empty() && rng.bool() {
        let at = references[rng.usize(0..references.len())];
        if let Some(v) = doc.pointer_mut(at) {
            *v = start["$ref"].clone();
        }
        return;
    }
    if operations.is_empty() {
        return;
    }
    let at = operations[rng.usize(0..operations.len())];
    let Some(Value::Object(operation)) = doc.pointer_mut(at) else { return };
    match section {
        "parameters" => match operation.entry("parameters").or_insert_with(|| json!([])) {
            Value::Array(list) => list.push(start),
            other => *other = json!([start]),
        },
        "responses" => {
            let responses = operation.entry("responses").or_insert_with(|| json!({}));
            if let Value::Object(map) = responses {
                map.insert("200".into(), start);
            }
        }
        "requestBodies" => {
            operation.insert("requestBody".into(), start);
        }
        _ => {
            let response = json!({"description": "ok", "content": {"application/json": {"schema": start}}});
            if let Value::Object(map) = operation.entry("responses").or_insert_with(|| json!({})) {
                map.insert("200".into(), response);
            }
        }
    }
}

/// One input: a mutated document as text (JSON or YAML-compatible JSON), sometimes damaged
/// as text too, and the kinds of its mutations.
fn input(corpus: &[(String, Value)], rng: &mut fastrand::Rng) -> (String, String, Vec<usize>) {
    let (name, seed) = &corpus[rng.usize(0..corpus.len())];
    let mut doc = seed.clone();
    let mut kinds: Vec<usize> = (0..rng.usize(1..5)).map(|_| mutate(&mut doc, rng)).collect();
    let mut text = if rng.bool() { serde_json::to_string_pretty(&doc).unwrap_or_default() } else { doc.to_string() };
    if rng.usize(0..10) == 0 {
        let mut cut = rng.usize(0..text.len().max(1));
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if rng.bool() {
            text.truncate(cut);
        } else {
            text.insert(cut, ['\u{0}', '"', '{', ']', '\u{feff}', '\u{202e}', ':'][rng.usize(0..7)]);
        }
        kinds.push(MUTATIONS.len() - 1);
    }
    kinds.sort_unstable();
    kinds.dedup();
    (name.clone(), text, kinds)
}

/// Whether a message of the command names its place: a line, or a JSON pointer, or the
/// whole document.
fn located(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("warning: ").or_else(|| line.strip_prefix("error: ")) else { return true };
    if rest.contains(" at /") || rest.contains("(the whole document)") {
        return true;
    }
    let head = rest.split(": ").next().unwrap_or_default();
    head.rsplit(':').next().is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    found.sort();
    found
}

#[derive(Default)]
struct Tally {
    tried: usize,
    checked: usize,
    generated: usize,
    refused: usize,
    findings: Vec<String>,
    /// Per kind of mutation (see [`MUTATIONS`]): the inputs it was in, and those of them that
    /// found something.
    by_kind: Vec<(usize, usize)>,
}

pub fn run(args: &Args, root: &Path, out: &mut dyn std::io::Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let corpus = corpus(root)?;
    // Outside the workspace, so that a generated crate is a package of its own to cargo.
    let work = std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id()));
    let findings_dir = root.join("target/fuzz/findings");
    std::fs::create_dir_all(&findings_dir).map_err(io)?;
    std::fs::create_dir_all(&work).map_err(io)?;
    // A crate generated from the first document, as the folder every input writes into.
    let base = work.join("base");
    let _ = std::fs::remove_dir_all(&base);
    let first = work.join("seed.json");
    std::fs::write(&first, corpus[0].1.to_string()).map_err(io)?;
    let (mut o, mut e) = (Vec::new(), Vec::new());
    if crate::run(&["codegen".into(), "--spec".into(), first.display().to_string(), "--out".into(), base.display().to_string()], &mut o, &mut e) != 0 {
        return Err(format!("the seed does not generate: {}", String::from_utf8_lossy(&e)));
    }
    let before = snapshot(&base);
    writeln!(out, "fuzzing for {} s with seed {} over {} documents", args.seconds, args.seed, corpus.len()).map_err(io)?;
    let mut rng = fastrand::Rng::with_seed(args.seed);
    let mut tally = Tally { by_kind: vec![(0, 0); MUTATIONS.len()], ..Tally::default() };
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    // Each input runs in a process of its own: a crash or a hang cannot take the fuzzer along.
    let exe = std::env::current_exe().map_err(io)?;
    while Instant::now() < deadline {
        let (origin, text, kinds) = input(&corpus, &mut rng);
        let spec = work.join("input.json");
        std::fs::write(&spec, &text).map_err(io)?;
        let out_dir = work.join("out");
        let _ = std::fs::remove_dir_all(&out_dir);
        copy_dir(&base, &out_dir).map_err(io)?;
        let stderr_path = work.join("stderr.txt");
        let mut child = std::process::Command::new(&exe)
            .args(["codegen", "--spec", &spec.display().to_string(), "--out", &out_dir.display().to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&stderr_path).map_err(io)?)
            .spawn()
            .map_err(io)?;
        tally.tried += 1;
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(io)? {
                break Some(status);
            }
            if started.elapsed() > Duration::from_secs(args.limit) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        let mut problems = Vec::new();
        match status.map(|s| s.code()) {
            None => problems.push(format!("took more than {} s", args.limit)),
            Some(None) => problems.push(format!("crashed: {}", stderr.lines().last().unwrap_or_default())),
            Some(Some(101)) => problems.push(format!("panicked: {}", stderr.lines().find(|l| l.contains("panicked")).unwrap_or_default())),
            Some(Some(code)) => {
                if code == 0 {
                    tally.generated += 1;
                    if args.check > 0 && (tally.generated as u64).is_multiple_of(args.check) {
                        tally.checked += 1;
                        problems.extend(cargo_check(&out_dir, &root.join("target/fuzz/check-target")));
                    }
                } else {
                    tally.refused += 1;
                    let now = snapshot(&out_dir);
                    let same = now.len() == before.len()
                        && now.iter().zip(&before).all(|((p, b), (q, c))| p.strip_prefix(&out_dir).ok() == q.strip_prefix(&base).ok() && b == c);
                    if !same {
                        problems.push(format!("exit {code} but the output folder changed"));
                    }
                }
                problems.extend(stderr.lines().filter(|l| !located(l)).map(|l| format!("message without a place: {l}")));
            }
        }
        for &kind in &kinds {
            tally.by_kind[kind].0 += 1;
            tally.by_kind[kind].1 += usize::from(!problems.is_empty());
        }
        if !problems.is_empty() {
            let n = tally.findings.len();
            let path = findings_dir.join(format!("finding-{}-{n}.json", args.seed));
            std::fs::write(&path, &text).map_err(io)?;
            let kinds: Vec<&str> = kinds.iter().map(|&k| MUTATIONS[k]).collect();
            std::fs::write(path.with_extension("txt"), format!("from {origin} ({})\n{}\n", kinds.join(", "), problems.join("\n"))).map_err(io)?;
            tally.findings.push(format!("{}: {}", path.display(), problems.join("; ")));
        }
    }
    writeln!(
        out,
        "{} inputs: {} generated ({} of them checked with cargo), {} refused with an error, {} findings",
        tally.tried,
        tally.generated,
        tally.checked,
        tally.refused,
        tally.findings.len()
    )
    .map_err(io)?;
    let kinds: Vec<String> = MUTATIONS.iter().zip(&tally.by_kind).map(|(name, (inputs, found))| format!("{name} {inputs} ({found})")).collect();
    writeln!(out, "inputs by mutation (with findings): {}", kinds.join(", ")).map_err(io)?;
    for finding in tally.findings.iter().take(30) {
        writeln!(out, "  {finding}").map_err(io)?;
    }
    let _ = std::fs::remove_dir_all(&work);
    if tally.findings.is_empty() {
        Ok(())
    } else {
        Err(format!("{} finding(s); replay with --seed {}", tally.findings.len(), args.seed))
    }
}

/// `cargo check` of a generated crate with warnings denied, all features and none; the
/// first error if it fails.
fn cargo_check(crate_dir: &Path, target: &Path) -> Option<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for features in [&[][..], &["--no-default-features"][..]] {
        let output = std::process::Command::new(&cargo)
            .args(["check", "--quiet", "--offline"])
            .args(features)
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTFLAGS", "-D warnings")
            .output();
        match output {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                    let stderr = String::from_utf8_lossy(&o.stderr);
                let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("cargo check failed");
                return Some(format!("the crate does not compile ({}): {first}", features.join(" ")));
            }
            Err(e) => return Some(format!("cannot run cargo check: {e}")),
        }
    }
    None
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for (path, bytes) in snapshot(from) {
        let target = to.join(path.strip_prefix(from).unwrap_or(&path));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_without_a_place_are_found() {
        assert!(located("warning: spec.yaml:12 at /paths/~1a/get: left out"));
        assert!(located("warning: spec.yaml at /components/schemas/A: left out"));
        assert!(located("error: spec.yaml:3:1: malformed YAML"));
        assert!(located("error: spec.yaml (the whole document): the document is not a mapping"));
        assert!(located("nothing was written to out"));
        assert!(!located("warning: at : something"));
        assert!(!located("error: spec.yaml: cannot read the spec"));
        assert!(!located("error: cannot write out: File name too long"));
    }

    #[test]
    fn mutations_are_reproducible_from_the_seed() {
        let corpus = vec![("a".to_string(), json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}))];
        let one: Vec<_> = (0..20).map({
            let mut rng = fastrand::Rng::with_seed(7);
            move |_| input(&corpus, &mut rng).1
        }).collect();
        let corpus = vec![("a".to_string(), json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}))];
        let two: Vec<_> = (0..20).map({
            let mut rng = fastrand::Rng::with_seed(7);
            move |_| input(&corpus, &mut rng).1
        }).collect();
        assert_eq!(one, two);
        assert!(one.iter().any(|t| !t.contains("\"paths\":{}") && !t.contains("\"paths\": {}")), "mutations change something");
    }

    fn small_document() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "string"}}}
        })
    }

    /// Every string and key of `value`.
    fn texts(value: &Value) -> Vec<&str> {
        match value {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) => list.iter().flat_map(texts).collect(),
            Value::Object(map) => map.iter().flat_map(|(k, v)| std::iter::once(k.as_str()).chain(texts(v))).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn every_kind_of_mutation_is_drawn() {
        let corpus = vec![("a".to_string(), small_document())];
        let mut rng = fastrand::Rng::with_seed(11);
        let mut seen = vec![false; MUTATIONS.len()];
        for _ in 0..300 {
            for kind in input(&corpus, &mut rng).2 {
                seen[kind] = true;
            }
        }
        let missing: Vec<&str> = MUTATIONS.iter().zip(&seen).filter(|(_, seen)| !**seen).map(|(name, _)| *name).collect();
        assert!(missing.is_empty(), "never drawn: {missing:?}");
    }

    #[test]
    fn chains_of_references_end_every_way_and_are_used() {
        let mut rng = fastrand::Rng::with_seed(5);
        let mut endings = std::collections::BTreeSet::new();
        for _ in 0..60 {
            let mut doc = small_document();
            let all = places(&doc, 20_000);
            reference_chain(&mut doc, &all, &mut rng);
            let (section, entries) = doc["components"]
                .as_object()
                .unwrap()
                .iter()
                .find_map(|(section, entries)| {
                    let chain: Vec<(&String, &Value)> = entries.as_object()?.iter().filter(|(k, _)| k.starts_with("Chain")).collect();
                    (!chain.is_empty()).then(|| (section.clone(), chain))
                })
                .expect("a chain is added");
            assert!((101..=3000).contains(&entries.len()), "{} links", entries.len());
            let (first, (last, end)) = (entries[0].0, entries[entries.len() - 1]);
            let end = end["$ref"].as_str().map(|r| r.rsplit('/').next().unwrap_or_default().to_string());
            endings.insert(match end.as_deref() {
                Some(name) if name.ends_with("Missing") => "nothing",
                Some(name) if name == last => "itself",
                Some(name) if name == first => "its first link",
                _ => "a real entry",
            });
            // Used from outside the chain: one more reference to its links than it has links.
            let prefix = format!("#/components/{section}/{}", &first[..first.len() - 1]);
            let uses = texts(&doc).iter().filter(|t| t.starts_with(&prefix)).count();
            assert!(uses > entries.len() - 1, "{section}: {uses} references for {} links", entries.len());
        }
        assert_eq!(endings.len(), 4, "{endings:?}");
    }

    #[test]
    fn sizes_reach_megabytes_and_thousands() {
        let mut rng = fastrand::Rng::with_seed(9);
        let (mut longest, mut brackets, mut enum_values, mut properties) = (0, 0, 0, 0);
        for _ in 0..40 {
            let mut doc = small_document();
            let all = places(&doc, 20_000);
            huge_string(&mut doc, &all, &mut rng);
            longest = longest.max(texts(&doc).iter().map(|t| t.len()).max().unwrap_or(0));
            brackets = brackets.max(markdown(&mut rng).matches(['[', '(', '`']).count());
            let mut doc = small_document();
            huge_list(&mut doc, "/components/schemas/B", &mut rng);
            enum_values = enum_values.max(doc["components"]["schemas"]["B"]["enum"].as_array().map_or(0, Vec::len));
            properties = properties.max(doc["components"]["schemas"]["B"]["properties"].as_object().map_or(0, |p| p.len()));
        }
        assert!(longest >= 1 << 20, "the longest string has {longest} bytes");
        assert!(brackets >= 10_000, "at most {brackets} brackets, parentheses and backticks");
        assert!(enum_values >= 1000 && properties >= 1000, "{enum_values} enum values, {properties} properties");
    }
}
