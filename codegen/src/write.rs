//! Stage 4: put the generated files on disk, or compare them with what is there.
//!
//! Writing touches only files whose bytes change: each is written whole to a staging folder
//! beside the output and then renamed into place, so a reader never sees half a file. Files
//! under `src/` that the generator no longer produces are removed. Nothing else in the output
//! folder (`target/`, `Cargo.lock`, ...) is touched.

use crate::emit::File;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// What a write or a check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files that were (or would be) written, relative to the output folder.
    pub written: Vec<String>,
    /// Files left as they were.
    pub unchanged: Vec<String>,
    /// Stale files that were (or would be) removed.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Compares `files` with the contents of `out` without changing anything.
pub fn compare(out: &Path, files: &[File]) -> io::Result<Changes> {
    let mut changes = Changes::default();
    for file in files {
        match std::fs::read(out.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => changes.unchanged.push(file.path.clone()),
            Ok(_) => changes.written.push(file.path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.written.push(file.path.clone()),
            Err(e) => return Err(e),
        }
    }
    changes.removed = stale(out, files)?;
    Ok(changes)
}

/// What marks a file as this generator's: its first line says `@generated`.
pub const MARK: &str = "@generated";

/// The longest file or folder name the generator writes; file systems allow 255 bytes.
const MAX_NAME_LEN: usize = 100;

/// Writes `files` into `out`. A file there that the generator would replace or remove and
/// that does not carry its [`MARK`] is someone else's: nothing is written and the error names
/// it, unless `force`.
///
/// Every error leaves `out` as it was: the new files are written to a staging folder first,
/// and if moving them into place fails half way, what was moved is moved back.
pub fn write(out: &Path, files: &[File], force: bool) -> io::Result<Changes> {
    check_paths(files)?;
    let changes = compare(out, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    if !force {
        refuse_foreign(out, &changes)?;
    }
    // The staging folder lives next to `out`, so its parent must exist; what this creates
    // goes again if writing fails.
    let created = create_dirs(parent_of(out))?;
    let staging = staging_dir(out)?;
    let result = stage(&staging, files, &changes).and_then(|()| commit(out, &staging, &changes));
    let _ = std::fs::remove_dir_all(&staging);
    if let (Err(_), Some(dir)) = (&result, created) {
        let _ = std::fs::remove_dir_all(dir);
    }
    result.map(|()| changes)
}

/// Every path is relative, made of names of bounded length, and no two differ only in case
/// (they would be one file on macOS and Windows).
fn check_paths(files: &[File]) -> io::Result<()> {
    let mut seen = std::collections::HashMap::new();
    for file in files {
        let bad = file.path.split('/').any(|part| part.is_empty() || part == "." || part == ".." || part.len() > MAX_NAME_LEN);
        if bad || file.path.starts_with('/') || file.path.contains('\\') {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("the generator made a file name it cannot write: `{}`", file.path)));
        }
        if let Some(other) = seen.insert(file.path.to_ascii_lowercase(), &file.path) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("two generated files would be one: `{other}` and `{}`", file.path)));
        }
    }
    Ok(())
}

/// Whether the file at `path` carries the generator's mark in its first lines.
fn is_generated(path: &Path) -> bool {
    let mut head = [0u8; 256];
    let n = std::fs::File::open(path).and_then(|mut f| io::Read::read(&mut f, &mut head)).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).lines().take(2).any(|line| line.contains(MARK))
}

fn refuse_foreign(out: &Path, changes: &Changes) -> io::Result<()> {
    let foreign: Vec<&str> = changes
        .written
        .iter()
        .chain(&changes.removed)
        .filter(|p| out.join(p).exists() && !is_generated(&out.join(p)))
        .map(String::as_str)
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "{} holds files this generator did not write (no `{MARK}` header): {}; nothing was written\n  help: point --out at a new folder or at a crate the generator made, or pass --force to replace them",
            out.display(),
            foreign.join(", ")
        ),
    ))
}

fn stage(staging: &Path, files: &[File], changes: &Changes) -> io::Result<()> {
    for file in files.iter().filter(|f| changes.written.contains(&f.path)) {
        let staged = staging.join("new").join(&file.path);
        std::fs::create_dir_all(staged.parent().unwrap_or(staging))?;
        std::fs::write(&staged, &file.contents)?;
    }
    Ok(())
}

/// Moves the staged files into `out` and the replaced and stale ones out of it, undoing
/// every step if one fails.
fn commit(out: &Path, staging: &Path, changes: &Changes) -> io::Result<()> {
    enum Step {
        Created(PathBuf),
        MovedAway { from: PathBuf, to: PathBuf },
        Placed(PathBuf),
    }
    let mut done: Vec<Step> = Vec::new();
    let result = (|| {
        if let Some(dir) = create_dirs(out)? {
            done.push(Step::Created(dir));
        }
        let old = staging.join("old");
        for path in changes.written.iter().chain(&changes.removed) {
            let target = out.join(path);
            if target.exists() {
                let away = old.join(path);
                std::fs::create_dir_all(away.parent().unwrap_or(&old))?;
                std::fs::rename(&target, &away)?;
                done.push(Step::MovedAway { from: target, to: away });
            }
        }
        for path in &changes.written {
            let target = out.join(path);
            if let Some(dir) = create_dirs(target.parent().unwrap_or(out))? {
                done.push(Step::Created(dir));
            }
            std::fs::rename(staging.join("new").join(path), &target)?;
            done.push(Step::Placed(target));
        }
        Ok(())
    })();
    if result.is_err() {
        for step in done.into_iter().rev() {
            let _ = match step {
                Step::Placed(path) => std::fs::remove_file(path),
                Step::MovedAway { from, to } => std::fs::rename(to, from),
                Step::Created(dir) => std::fs::remove_dir_all(dir),
            };
        }
    }
    result
}

/// Creates `dir` and the folders above it that are missing; gives the topmost one it
/// created, whose removal undoes it all.
fn create_dirs(dir: &Path) -> io::Result<Option<PathBuf>> {
    let first = dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).last().map(Path::to_path_buf);
    std::fs::create_dir_all(dir)?;
    Ok(first)
}

/// The folder `out` is in (`.` for a bare name).
fn parent_of(out: &Path) -> &Path {
    out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A fresh folder next to `out`, on the same file system so that renames are atomic.
fn staging_dir(out: &Path) -> io::Result<PathBuf> {
    let parent = parent_of(out);
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    for n in 0..1000 {
        let dir = parent.join(format!(".{name}.codegen-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("cannot create a staging folder next to the output"))
}

/// Files under `out/src` and `out/runtime` (the runtime's copy) that are not among `files`,
/// relative to `out`, sorted.
fn stale(out: &Path, files: &[File]) -> io::Result<Vec<String>> {
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    let mut stack = vec![out.join("src"), out.join("runtime")];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(out) {
                let relative = relative.to_string_lossy().replace('\\', "/");
                if !wanted.contains(relative.as_str()) {
                    found.push(relative);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A unified diff between what is on disk and what would be written, for `--check`.
pub fn diff(out: &Path, files: &[File], changes: &Changes) -> String {
    let mut text = String::new();
    for path in &changes.written {
        let old = std::fs::read_to_string(out.join(path)).unwrap_or_default();
        let new = files.iter().find(|f| &f.path == path).map_or("", |f| f.contents.as_str());
        let diff = similar::TextDiff::from_lines(&old, new);
        text.push_str(&diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")).to_string());
    }
    for path in &changes.removed {
        text.push_str(&format!("--- a/{path}\n+++ /dev/null\n(stale file: the generator no longer produces it)\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> File {
        File { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = std::env::temp_dir().join(format!("codegen-write-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = vec![file("Cargo.toml", "# @generated\na"), file("src/lib.rs", "// @generated\nb"), file("src/old.rs", "// @generated\nc")];
        let changes = write(&dir, &first, false).unwrap();
        assert_eq!(changes.written.len(), 3);
        std::fs::write(dir.join("Cargo.lock"), "keep").unwrap();
        let second = vec![file("Cargo.toml", "# @generated\na"), file("src/lib.rs", "// @generated\nB")];
        let check = compare(&dir, &second).unwrap();
        assert_eq!(check.written, vec!["src/lib.rs"]);
        assert_eq!(check.removed, vec!["src/old.rs"]);
        assert!(diff(&dir, &second, &check).contains("+B"));
        let changes = write(&dir, &second, false).unwrap();
        assert_eq!(changes.unchanged, vec!["Cargo.toml"]);
        assert!(!dir.join("src/old.rs").exists());
        assert!(dir.join("Cargo.lock").exists());
        assert!(compare(&dir, &second).unwrap().is_empty());
        let leftovers: Vec<_> = std::fs::read_dir(dir.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(&format!("codegen-write-test-{}.codegen", std::process::id())))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                    found.push((rel, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        found.sort();
        found
    }

    #[test]
    fn refuses_files_it_did_not_write_unless_forced() {
        let dir = std::env::temp_dir().join(format!("codegen-write-foreign-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
        let before = tree(&dir);
        let files = vec![file("Cargo.toml", "# @generated\n"), file("src/lib.rs", "// @generated\n")];
        let e = write(&dir, &files, false).unwrap_err();
        assert!(e.to_string().contains("Cargo.toml, src/main.rs") && e.to_string().contains("--force"), "{e}");
        assert_eq!(tree(&dir), before);
        write(&dir, &files, true).unwrap();
        assert!(!dir.join("src/main.rs").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failure_half_way_puts_everything_back() {
        let dir = std::env::temp_dir().join(format!("codegen-write-rollback-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let first = vec![file("Cargo.toml", "# @generated\n1"), file("src/a.rs", "// @generated\n1"), file("src/old.rs", "// @generated\n1")];
        write(&dir, &first, false).unwrap();
        let before = tree(&dir);
        // `notes/x.md` cannot be placed: a file `notes` is in the way. Everything before it
        // (Cargo.toml, src/a.rs, the removal of src/old.rs) is undone.
        std::fs::write(dir.join("notes"), "in the way").unwrap();
        let before_with_b = tree(&dir);
        let second = vec![file("Cargo.toml", "# @generated\n2"), file("notes/x.md", "2"), file("src/a.rs", "// @generated\n2")];
        assert!(write(&dir, &second, false).is_err());
        assert_eq!(tree(&dir), before_with_b);
        assert_ne!(before, before_with_b);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writes_into_a_folder_whose_parents_do_not_exist_yet() {
        let dir = std::env::temp_dir().join(format!("codegen-write-parents-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("a/b/out");
        write(&out, &[file("Cargo.toml", "# @generated\n")], false).unwrap();
        assert!(out.join("Cargo.toml").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_are_checked_before_anything_is_written() {
        let dir = std::env::temp_dir().join(format!("codegen-write-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let long = format!("src/{}.rs", "a".repeat(200));
        assert!(write(&dir, &[file("Cargo.toml", "x"), file(&long, "x")], false).is_err());
        assert!(write(&dir, &[file("src/Mod.rs", "x"), file("src/mod.rs", "x")], false).is_err());
        assert!(!dir.exists());
    }
}
