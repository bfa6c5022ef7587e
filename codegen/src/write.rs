//! Stage 4: put the generated files on disk, or compare them with what is there.
//!
//! Writing touches only files whose bytes change: each is written whole to a staging folder
//! beside the output and then renamed into place, so a reader never sees half a file. Files
//! under `src/`, `runtime/` and `crates/` that the generator no longer produces are removed
//! (`crates/*/target` left alone). Nothing else in the output
//! folder (`target/`, `Cargo.lock`, ...) is touched. The renames follow a journal kept in the
//! staging folder, so that a run killed half way is finished (or undone) by the next one:
//! the folder holds the old crate or the new one, never a mix.

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
/// and if moving them into place fails half way, what was moved is moved back. A run killed
/// at any point leaves the old crate or the new one, never a mix: the moves follow a journal
/// in the staging folder, which the next run finishes (or undoes) before anything else.
pub fn write(out: &Path, files: &[File], force: bool) -> io::Result<Changes> {
    check_paths(files)?;
    recover(out)?;
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
    let staging = Staging::create(out)?;
    let result = stage(&staging.dir, files, &changes).and_then(|()| commit(out, &staging.dir, &changes));
    staging.end();
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

/// The journal of a commit under way: its existence says every new file is staged and the
/// moves into `out` have begun; the next run finishes them.
const FORWARD: &str = "forward";
/// The journal of a commit being undone: the next run puts the old files back.
const BACK: &str = "back";

/// Which way a journal's moves go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Back,
}

/// Moves the staged files into `out` and the replaced and stale ones out of it, following a
/// journal; if a move fails, the journal is turned around and every move undone.
fn commit(out: &Path, staging: &Path, changes: &Changes) -> io::Result<()> {
    let draft = staging.join("journal.draft");
    std::fs::write(&draft, changes.journal())?;
    rename(&draft, &staging.join(FORWARD))?;
    match create_dirs(out).and_then(|_| changes.finish(out, staging, Direction::Forward)) {
        Ok(()) => std::fs::remove_file(staging.join(FORWARD)),
        Err(e) => {
            // Were the undo to fail too, the journal stays for the next run to finish.
            rename(&staging.join(FORWARD), &staging.join(BACK))?;
            changes.finish(out, staging, Direction::Back)?;
            std::fs::remove_file(staging.join(BACK))?;
            Err(e)
        }
    }
}

/// A commit's moves: the files written and removed, relative to `out`.
impl Changes {
    /// The journal of the moves: a line `w <path>` per file written, `r <path>` per file removed.
    fn journal(&self) -> String {
        let written = self.written.iter().map(|p| format!("w {p}\n"));
        written.chain(self.removed.iter().map(|p| format!("r {p}\n"))).collect()
    }

    /// Reads the journal of the staging folder `staging`, if a commit began there.
    fn from_journal(staging: &Path) -> io::Result<Option<(Changes, Direction)>> {
        for (name, direction) in [(BACK, Direction::Back), (FORWARD, Direction::Forward)] {
            let text = match std::fs::read_to_string(staging.join(name)) {
                Ok(text) => text,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            let mut moves = Changes::default();
            for line in text.lines() {
                match line.split_once(' ') {
                    Some(("w", path)) => moves.written.push(path.to_string()),
                    Some(("r", path)) => moves.removed.push(path.to_string()),
                    _ => return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{}: a line that is no move: `{line}`", staging.join(name).display()))),
                }
            }
            return Ok(Some((moves, direction)));
        }
        Ok(None)
    }

    /// Does what is left of the moves, whichever were done before: each step looks at where
    /// the file is, so running it again after an interruption finishes the job. `staging/new`
    /// holds the new files not yet placed, `staging/old` the files moved out of `out`.
    fn finish(&self, out: &Path, staging: &Path, direction: Direction) -> io::Result<()> {
        let (new, old) = (staging.join("new"), staging.join("old"));
        let every = || self.written.iter().chain(&self.removed);
        match direction {
            Direction::Forward => {
                for path in every() {
                    let (target, away) = (out.join(path), old.join(path));
                    // A written file whose new version is placed already stays.
                    let replaced = self.removed.contains(path) || new.join(path).exists();
                    if replaced && target.exists() && !away.exists() {
                        create_dirs(away.parent().unwrap_or(&old))?;
                        rename(&target, &away)?;
                    }
                }
                for path in &self.written {
                    let staged = new.join(path);
                    if staged.exists() {
                        create_dirs(out.join(path).parent().unwrap_or(out))?;
                        rename(&staged, &out.join(path))?;
                    }
                }
            }
            Direction::Back => {
                for path in &self.written {
                    let (target, staged) = (out.join(path), new.join(path));
                    if !staged.exists() && target.exists() {
                        create_dirs(staged.parent().unwrap_or(&new))?;
                        rename(&target, &staged)?;
                    }
                }
                for path in every() {
                    let away = old.join(path);
                    if away.exists() {
                        rename(&away, &out.join(path))?;
                    }
                }
                // Folders made for new files go again when empty.
                for path in &self.written {
                    for dir in Path::new(path).ancestors().skip(1).filter(|d| !d.as_os_str().is_empty()) {
                        if std::fs::remove_dir(out.join(dir)).is_err() {
                            break;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Finishes what a run killed while writing `out` left: a staging folder next to it whose
/// run is gone (its lock is free) is finished or undone as its journal says, then removed.
/// Staging folders of a run still going are left alone.
pub fn recover(out: &Path) -> io::Result<()> {
    let prefix = staging_prefix(out);
    let entries = match std::fs::read_dir(parent_of(out)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        if !entry.file_name().to_string_lossy().starts_with(&prefix) || !entry.path().is_dir() {
            continue;
        }
        let staging = entry.path();
        let lock = match std::fs::File::open(staging.join(LOCK)) {
            Ok(lock) => lock,
            // Killed before its lock existed: it staged nothing.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                std::fs::remove_dir_all(&staging)?;
                continue;
            }
            Err(e) => return Err(e),
        };
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => continue,
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        if let Some((moves, direction)) = Changes::from_journal(&staging)? {
            moves.finish(out, &staging, direction).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot finish the interrupted write of {} journaled in {}: {e}", out.display(), staging.display()))
            })?;
        }
        drop(lock);
        std::fs::remove_dir_all(&staging)?;
    }
    Ok(())
}

/// The one way files move, so that tests can stop a write between any two moves.
fn rename(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(test)]
    tests::kill_point();
    std::fs::rename(from, to)
}

/// The file a run holds locked in its staging folder while it lives.
const LOCK: &str = "lock";

/// A run's staging folder, next to `out` on the same file system so that renames are atomic.
struct Staging {
    dir: PathBuf,
    /// Held locked until the run ends (or dies, when the system lets go of it).
    lock: std::fs::File,
}

impl Staging {
    fn create(out: &Path) -> io::Result<Staging> {
        let prefix = staging_prefix(out);
        for n in 0..1000 {
            let dir = parent_of(out).join(format!("{prefix}{}-{n}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => {
                    let lock = std::fs::File::create(dir.join(LOCK))?;
                    lock.lock()?;
                    return Ok(Staging { dir, lock });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("cannot create a staging folder next to the output"))
    }

    /// Ends the run's staging: its lock is let go and the folder removed, unless a journal
    /// says moves are left for the next run to finish.
    fn end(self) {
        let unfinished = [FORWARD, BACK].iter().any(|journal| self.dir.join(journal).exists());
        drop(self.lock);
        if !unfinished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// How the staging folders of `out` begin: `.<name>.codegen-`.
fn staging_prefix(out: &Path) -> String {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    format!(".{name}.codegen-")
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

/// Files under `out/src`, `out/runtime` (the runtime's copy) and `out/crates` (the members of
/// a workspace; their `target` folders left alone) that are not among `files`, relative to
/// `out`, sorted.
fn stale(out: &Path, files: &[File]) -> io::Result<Vec<String>> {
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    let mut stack = vec![out.join("src"), out.join("runtime"), out.join("crates")];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_none_or(|name| name != "target") {
                    stack.push(path);
                }
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
    use std::cell::Cell;

    thread_local! {
        /// How many more moves this thread's write may make before it is "killed".
        static MOVES_LEFT: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// Stops the write as a kill would (no clean-up runs) once its moves are used up.
    pub(super) fn kill_point() {
        MOVES_LEFT.with(|left| match left.get() {
            Some(0) => std::panic::panic_any(Killed),
            Some(n) => left.set(Some(n - 1)),
            None => {}
        });
    }

    struct Killed;

    /// Runs `write` killed after `moves` moves; whether it was killed.
    fn write_killed_after(moves: usize, out: &Path, files: &[File]) -> bool {
        MOVES_LEFT.with(|left| left.set(Some(moves)));
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| write(out, files, false)));
        std::panic::set_hook(hook);
        MOVES_LEFT.with(|left| left.set(None));
        match outcome {
            Ok(result) => {
                let _ = result;
                false
            }
            Err(payload) => {
                assert!(payload.is::<Killed>(), "a real panic");
                true
            }
        }
    }

    /// The staging folders left next to `out`.
    fn staging_left(out: &Path) -> usize {
        let prefix = staging_prefix(out);
        std::fs::read_dir(parent_of(out)).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(&prefix)).count()
    }

    #[test]
    fn a_run_killed_between_any_two_moves_leaves_the_old_crate_or_the_new_one() {
        let dir = std::env::temp_dir().join(format!("codegen-write-killed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("out");
        let old = vec![file("Cargo.toml", "# @generated\n1"), file("src/a.rs", "// @generated\n1"), file("src/gone.rs", "// @generated\n1")];
        let new = vec![file("Cargo.toml", "# @generated\n2"), file("src/a.rs", "// @generated\n2"), file("src/b/c.rs", "// @generated\n2")];
        let (mut finished, mut kept) = (0, 0);
        for moves in 0.. {
            write(&out, &old, false).unwrap();
            let before = tree(&out);
            if !write_killed_after(moves, &out, &new) {
                assert_eq!(moves, 7, "a journal, 3 files away, 3 in place");
                break;
            }
            // The next run finishes what the killed one began, before anything else.
            recover(&out).unwrap();
            assert_eq!(staging_left(&out), 0);
            let after = tree(&out);
            if after == before {
                kept += 1;
            } else {
                write(&dir.join("fresh"), &new, false).unwrap();
                assert_eq!(after, tree(&dir.join("fresh")), "killed after {moves} moves: a mix");
                finished += 1;
            }
        }
        // Killed before the journal: the old crate; after it: the new one.
        assert_eq!((kept, finished), (1, 6));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_run_killed_while_undoing_a_failure_leaves_the_old_crate() {
        let dir = std::env::temp_dir().join(format!("codegen-write-killed-undo-{}", std::process::id()));
        for moves in 0..12 {
            let _ = std::fs::remove_dir_all(&dir);
            let old = vec![file("Cargo.toml", "# @generated\n1"), file("src/a.rs", "// @generated\n1"), file("src/old.rs", "// @generated\n1")];
            write(&dir, &old, false).unwrap();
            // `notes/x.md` cannot be placed: a file `notes` is in the way.
            std::fs::write(dir.join("notes"), "in the way").unwrap();
            let before = tree(&dir);
            let new = vec![file("Cargo.toml", "# @generated\n2"), file("notes/x.md", "2"), file("src/a.rs", "// @generated\n2")];
            write_killed_after(moves, &dir, &new);
            recover(&dir).unwrap();
            assert_eq!(tree(&dir), before, "killed after {moves} moves");
            assert_eq!(staging_left(&dir), 0);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_staging_of_a_run_still_going_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("codegen-write-live-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        let live = Staging::create(&out).unwrap();
        std::fs::write(live.dir.join(FORWARD), "w src/lib.rs\n").unwrap();
        recover(&out).unwrap();
        assert!(live.dir.join(FORWARD).exists());
        std::fs::remove_file(live.dir.join(FORWARD)).unwrap();
        live.end();
        assert_eq!(staging_left(&out), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn file(path: &str, contents: &str) -> File {
        File { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn a_member_crate_no_longer_generated_is_removed_but_not_its_target() {
        let dir = std::env::temp_dir().join(format!("codegen-write-members-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let member = |name: &str| vec![file(&format!("crates/{name}/Cargo.toml"), "# @generated
"), file(&format!("crates/{name}/src/lib.rs"), "// @generated
")];
        let first: Vec<File> = [vec![file("Cargo.toml", "# @generated
")], member("a"), member("b")].concat();
        write(&dir, &first, false).unwrap();
        std::fs::create_dir_all(dir.join("crates/b/target")).unwrap();
        std::fs::write(dir.join("crates/b/target/keep"), "keep").unwrap();
        let second: Vec<File> = [vec![file("Cargo.toml", "# @generated
")], member("a")].concat();
        let changes = write(&dir, &second, false).unwrap();
        assert_eq!(changes.removed, vec!["crates/b/Cargo.toml", "crates/b/src/lib.rs"]);
        assert!(dir.join("crates/a/src/lib.rs").exists() && dir.join("crates/b/target/keep").exists());
        std::fs::remove_dir_all(&dir).unwrap();
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
