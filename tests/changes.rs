//! Change reports: for each `tests/changes/<case>.yaml`, generating `before.yaml` and then
//! the case with `--bump` prints exactly `tests/changes/<case>.expected` (the report, the
//! verdict, the version bump) and writes that report as Markdown in `api-changes.md`.
//!
//! To re-bless after an intended change: `UPDATE_GOLDEN=1 cargo test -p tests --test changes`.

fn run(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(&args, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

fn check(case: &str) {
    let dir = tests::root().join("tests/changes");
    let out = tests::temp_dir(&format!("changes-{case}"));
    let out_s = out.to_str().unwrap();
    let before = dir.join("before.yaml");
    let after = dir.join(format!("{case}.yaml"));
    let (code, _, err) = run(&["codegen", "--spec", before.to_str().unwrap(), "--out", out_s]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.join("api-changes.md").exists(), "no report on the first generation");

    // --check names the changes too, and changes nothing.
    let (code, stdout, _) = run(&["codegen", "--check", "--spec", after.to_str().unwrap(), "--out", out_s]);
    let report_lines = |text: &str| -> String {
        text.lines()
            .filter(|l| {
                !l.starts_with("wrote") && !l.starts_with("removed") && !l.starts_with(out_s) && !l.starts_with("---")
                    && !l.starts_with("+++")
            })
            .take_while(|l| !l.starts_with("@@"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let checked = report_lines(&stdout);
    let (code_run, stdout, err) = run(&["codegen", "--bump", "--spec", after.to_str().unwrap(), "--out", out_s]);
    assert_eq!(code_run, 0, "{err}");
    let printed = report_lines(&stdout);
    let markdown = std::fs::read_to_string(out.join("api-changes.md")).unwrap_or_default();
    let actual = format!("{printed}\n{markdown}");
    let expected_path = dir.join(format!("{case}.expected"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "case `{case}`: the report differs; if intended, run `UPDATE_GOLDEN=1 cargo test -p tests --test changes`"
    );
    // Every case changes some generated file (descriptions at least), so --check fails; it
    // prints the same report as the run, which adds only the version line.
    assert_eq!(code, 1, "--check fails when the output is stale");
    let without_version: String = printed.lines().filter(|l| !l.starts_with("version: ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(checked, without_version, "--check prints the same report");
}

#[test]
fn removals() {
    check("removals");
}

#[test]
fn additions() {
    check("additions");
}

#[test]
fn requiredness() {
    check("requiredness");
}

#[test]
fn deprecations() {
    check("deprecations");
}

#[test]
fn constraints() {
    check("constraints");
}

#[test]
fn unchanged() {
    check("unchanged");
}
