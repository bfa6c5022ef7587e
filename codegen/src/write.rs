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

/// Writes `files` into `out`.
pub fn write(out: &Path, files: &[File]) -> io::Result<Changes> {
    let changes = compare(out, files)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    std::fs::create_dir_all(out)?;
    let staging = staging_dir(out)?;
    let result = (|| {
        for file in files.iter().filter(|f| changes.written.contains(&f.path)) {
            let staged = staging.join(&file.path);
            std::fs::create_dir_all(staged.parent().unwrap_or(&staging))?;
            std::fs::write(&staged, &file.contents)?;
        }
        for file in files.iter().filter(|f| changes.written.contains(&f.path)) {
            let target = out.join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(staging.join(&file.path), target)?;
        }
        for path in &changes.removed {
            std::fs::remove_file(out.join(path))?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result.map(|()| changes)
}

/// A fresh folder next to `out`, on the same file system so that renames are atomic.
fn staging_dir(out: &Path) -> io::Result<PathBuf> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
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

/// Files under `out/src` that are not among `files`, relative to `out`, sorted.
fn stale(out: &Path, files: &[File]) -> io::Result<Vec<String>> {
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    let mut stack = vec![out.join("src")];
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
        let first = vec![file("Cargo.toml", "a"), file("src/lib.rs", "b"), file("src/old.rs", "c")];
        let changes = write(&dir, &first).unwrap();
        assert_eq!(changes.written.len(), 3);
        std::fs::write(dir.join("Cargo.lock"), "keep").unwrap();
        let second = vec![file("Cargo.toml", "a"), file("src/lib.rs", "B")];
        let check = compare(&dir, &second).unwrap();
        assert_eq!(check.written, vec!["src/lib.rs"]);
        assert_eq!(check.removed, vec!["src/old.rs"]);
        assert!(diff(&dir, &second, &check).contains("+B"));
        let changes = write(&dir, &second).unwrap();
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
}
