//! The figures: a table per document with totals, then the samples that failed, lost data
//! or changed, and the causes, grouped.

use super::compare::{Kind, Verdict};
use super::{DocReport, SampleResult};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Which runtime decoded the samples: the commit of the working tree, and whether it has
/// `from_json`.
pub fn runtime_state(root: &Path) -> String {
    let commit = std::process::Command::new("git")
        .args(["log", "--oneline", "-1", "--no-decorate"])
        .current_dir(root)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().chars().take(60).collect::<String>())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "(no git)".into());
    let has = std::fs::read_dir(root.join("runtime/src"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|text| text.contains("pub fn from_json")))
        })
        .unwrap_or(false);
    format!("runtime at {commit}; from_json {}", if has { "present" } else { "absent" })
}

/// Counts of one document (or of all).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub samples: usize,
    pub decoded: usize,
    pub nulls: usize,
    pub changed: usize,
    pub lost: usize,
    pub failed: usize,
    pub skipped: usize,
    pub deviations: usize,
    pub deviating: usize,
}

impl Counts {
    pub fn of(report: &DocReport) -> Self {
        let mut c = Counts { skipped: report.skipped.len(), ..Counts::default() };
        for r in &report.results {
            c.samples += 1;
            match r.verdict {
                Verdict::Decoded => c.decoded += 1,
                Verdict::NullsDropped => c.nulls += 1,
                Verdict::Changed => c.changed += 1,
                Verdict::Lost => c.lost += 1,
                Verdict::Failed => c.failed += 1,
            }
            c.deviations += r.deviations.len();
            c.deviating += usize::from(!r.deviations.is_empty());
        }
        c
    }

    fn add(&mut self, o: &Counts) {
        self.samples += o.samples;
        self.decoded += o.decoded;
        self.nulls += o.nulls;
        self.changed += o.changed;
        self.lost += o.lost;
        self.failed += o.failed;
        self.skipped += o.skipped;
        self.deviations += o.deviations;
        self.deviating += o.deviating;
    }

    fn row(&self, name: &str, width: usize) -> String {
        format!(
            "{name:<width$} {:>7} {:>7} {:>7} {:>7} {:>5} {:>6} {:>7} {:>6} in {:<5}",
            self.samples, self.decoded, self.nulls, self.changed, self.lost, self.failed, self.skipped, self.deviations, self.deviating
        )
    }
}

/// One line for stderr as each document is done.
pub fn progress(report: &DocReport) -> String {
    let c = Counts::of(report);
    let [generate, build, run] = report.seconds;
    let timing = format!("generate {generate:.1} s, build {build:.1} s, run {run:.1} s");
    match &report.error {
        Some(e) => format!("samples: {}: {} ({timing})", report.name, first_line(e)),
        None => format!(
            "samples: {}: {} samples, {} decoded, {} failed, {} skipped ({timing})",
            report.name, c.samples, c.decoded, c.failed, c.skipped
        ),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

pub fn print(out: &mut dyn Write, reports: &[DocReport], runtime: &str, list: usize) -> std::io::Result<()> {
    table(out, reports, runtime)?;
    let each = |verdict: Verdict| {
        reports.iter().flat_map(move |d| d.results.iter().filter(move |r| r.verdict == verdict).map(move |r| (d.name.as_str(), r)))
    };
    let failed: Vec<_> = each(Verdict::Failed).collect();
    writeln!(out, "\nfailed ({}):", failed.len())?;
    for (doc, r) in &failed {
        writeln!(out, "  {doc} {} as {}: {}", r.label, r.rust, cut(r.error.as_deref().unwrap_or_default(), 300))?;
    }
    let lost: Vec<_> = each(Verdict::Lost).collect();
    writeln!(out, "\nlost ({}):", lost.len())?;
    for (doc, r) in &lost {
        writeln!(out, "  {doc} {} as {}:\n{}", r.label, r.rust, differences(r, |k| k.loses(), 10))?;
    }
    let changed: Vec<_> = each(Verdict::Changed).collect();
    writeln!(out, "\nchanged ({}; at most {list} a document):", changed.len())?;
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    for (doc, r) in &changed {
        let n = shown.entry(doc).or_default();
        *n += 1;
        if *n <= list {
            writeln!(out, "  {doc} {} as {}:\n{}", r.label, r.rust, differences(r, |k| k.changes(), 5))?;
        }
    }
    causes(out, reports)
}

fn table(out: &mut dyn Write, reports: &[DocReport], runtime: &str) -> std::io::Result<()> {
    let width = reports.iter().map(|r| r.name.chars().count()).max().unwrap_or(8).clamp(8, 48);
    writeln!(out, "samples: {runtime}\n")?;
    writeln!(
        out,
        "{:<width$} {:>7} {:>7} {:>7} {:>7} {:>5} {:>6} {:>7} {:>15}",
        "document", "samples", "decoded", "null>ab", "changed", "lost", "failed", "skipped", "deviations"
    )?;
    let mut total = Counts::default();
    for report in reports {
        let counts = Counts::of(report);
        total.add(&counts);
        let name: String = report.name.chars().take(width).collect();
        match &report.error {
            Some(e) => writeln!(out, "{name:<width$} {}", cut(first_line(e), 120))?,
            None => writeln!(out, "{}", counts.row(&name, width).trim_end())?,
        }
    }
    writeln!(out, "{}", total.row("total", width).trim_end())?;
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    let without = reports.iter().filter(|r| r.error.is_none() && r.results.is_empty()).count();
    writeln!(out, "({} documents: {errors} not generated or not built, {without} without samples to decode)", reports.len())
}

/// The differences of a sample that `pick` keeps, `limit` at most, one line each.
fn differences(r: &SampleResult, pick: impl Fn(Kind) -> bool, limit: usize) -> String {
    let picked: Vec<_> = r.differences.iter().filter(|d| pick(d.kind)).collect();
    let mut lines: Vec<String> = picked
        .iter()
        .take(limit)
        .map(|d| {
            let show = |v: &Option<serde_json::Value>| v.as_ref().map_or("(absent)".into(), |v| cut(&v.to_string(), 60));
            format!("    {} {}: {} -> {}", d.kind.noun(), if d.pointer.is_empty() { "(the value)" } else { &d.pointer }, show(&d.received), show(&d.encoded))
        })
        .collect();
    if picked.len() > limit {
        lines.push(format!("    and {} more", picked.len() - limit));
    }
    lines.join("\n")
}

/// Failures, differences, deviations and skipped samples, each grouped by cause.
fn causes(out: &mut dyn Write, reports: &[DocReport]) -> std::io::Result<()> {
    let results = || reports.iter().flat_map(|d| d.results.iter().map(move |r| (d.name.as_str(), r)));
    let failures = group(results().filter_map(|(doc, r)| r.error.as_deref().map(|e| (cause(e), doc))));
    section(out, "failures by cause", &failures)?;
    let kinds = group(results().flat_map(|(doc, r)| r.differences.iter().map(move |d| (difference_cause(d), doc))));
    section(out, "differences by kind (every place)", &kinds)?;
    let deviations = group(results().flat_map(|(doc, r)| r.deviations.iter().map(move |d| (cause(d.split_once(": ").map_or(d.as_str(), |(_, m)| m)), doc))));
    section(out, "deviations by cause", &deviations)?;
    let skipped = group(reports.iter().flat_map(|d| d.skipped.iter().map(move |s| (cause(&s.reason), d.name.as_str()))));
    section(out, "skipped by reason", &skipped)
}

fn section(out: &mut dyn Write, title: &str, groups: &[(String, usize, Vec<&str>)]) -> std::io::Result<()> {
    writeln!(out, "\n{title}:{}", if groups.is_empty() { " none" } else { "" })?;
    for (cause, count, docs) in groups.iter().take(40) {
        writeln!(out, "{count:6}  {cause}  [{}]", docs.join(", "))?;
    }
    if groups.len() > 40 {
        writeln!(out, "        and {} more causes", groups.len() - 40)?;
    }
    Ok(())
}

/// Counts by cause, most frequent first, with the documents each is in.
fn group<'a>(items: impl Iterator<Item = (String, &'a str)>) -> Vec<(String, usize, Vec<&'a str>)> {
    let mut groups: BTreeMap<String, (usize, Vec<&str>)> = BTreeMap::new();
    for (cause, doc) in items {
        let entry = groups.entry(cause).or_default();
        entry.0 += 1;
        if !entry.1.contains(&doc) {
            entry.1.push(doc);
        }
    }
    let mut out: Vec<_> = groups.into_iter().map(|(cause, (n, docs))| (cause, n, docs)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// A difference as a cause: its kind and the JSON types on either side.
fn difference_cause(d: &super::compare::Difference) -> String {
    let kind = |v: &Option<serde_json::Value>| match v {
        None => "absent",
        Some(serde_json::Value::Null) => "null",
        Some(serde_json::Value::Bool(_)) => "boolean",
        Some(serde_json::Value::Number(n)) if n.is_f64() => "decimal",
        Some(serde_json::Value::Number(_)) => "integer",
        Some(serde_json::Value::String(_)) => "string",
        Some(serde_json::Value::Array(_)) => "array",
        Some(serde_json::Value::Object(_)) => "object",
    };
    format!("{}: {} -> {}", d.kind.noun(), kind(&d.received), kind(&d.encoded))
}

/// A message made into a cause that groups: quoted spans (names, values) become `_`,
/// numbers `N`, and serde's `at line N column N` goes.
pub fn cause(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let mut out = String::new();
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(q) if c == q => open = None,
            Some(_) => {}
            None if c == '`' || c == '"' => {
                open = Some(c);
                out.push_str("`_`");
            }
            None => out.push(c),
        }
    }
    let words: Vec<String> = out
        .split_whitespace()
        .map(|word| {
            let bare = word.trim_end_matches([',', ';', ':', ')']);
            match bare.parse::<f64>() {
                Ok(_) => format!("N{}", &word[bare.len()..]),
                Err(_) => word.to_string(),
            }
        })
        .collect();
    cut(&words.join(" "), 120)
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The whole report as JSON: the runtime, and per document its counts and every sample.
pub fn write_json(path: &Path, reports: &[DocReport], runtime: &str) -> Result<(), String> {
    let documents: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            let c = Counts::of(r);
            serde_json::json!({
                "document": r.name,
                "counts": {"samples": c.samples, "decoded": c.decoded, "null_written_as_absent": c.nulls, "changed": c.changed,
                           "lost": c.lost, "failed": c.failed, "skipped": c.skipped, "deviations": c.deviations, "samples_with_deviations": c.deviating},
                "report": r,
            })
        })
        .collect();
    let json = serde_json::json!({"runtime": runtime, "documents": documents});
    let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_lose_values_and_places() {
        assert_eq!(cause("invalid type: string \"abc\", expected i64 at line 1 column 17"), "invalid type: string `_`, expected i64");
        assert_eq!(cause("invalid length 3, expected 2 items"), "invalid length N, expected N items");
        assert_eq!(cause("missing field `flags`"), "missing field `_`");
        assert_eq!(cause("a `b\" c` d"), "a `_` d");
    }

    #[test]
    fn groups_are_most_frequent_first_with_their_documents() {
        let g = group([("b".to_string(), "x"), ("a".to_string(), "y"), ("b".to_string(), "y"), ("b".to_string(), "x")].into_iter());
        assert_eq!(g[0], ("b".to_string(), 3, vec!["x", "y"]));
        assert_eq!(g[1], ("a".to_string(), 1, vec!["y"]));
    }
}
