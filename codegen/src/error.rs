//! Errors and warnings that name the place in the spec they come from.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a spec document: the file, a JSON pointer and, where the parser knows it, the
/// line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub pointer: String,
    pub line_col: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        } else if self.line_col.is_none() {
            // The empty JSON pointer: the fault is the document as a whole.
            write!(f, " (the whole document)")?;
        }
        Ok(())
    }
}

/// Why generation failed: what, where and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub location: Location,
    pub message: String,
    pub help: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}: {}", self.location, self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Something the generator could not express, left out or repaired; generation goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file, relative to the spec's folder; empty for the spec itself until the pipeline
    /// names it.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub pointer: String,
    pub message: String,
}

impl Warning {
    /// A warning about the place `pointer` of the spec itself.
    pub fn at(pointer: &str, message: impl Into<String>) -> Self {
        Warning { file: PathBuf::new(), line: None, pointer: pointer.to_string(), message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: ")?;
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}", self.file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, " ")?;
        }
        if self.pointer.is_empty() {
            write!(f, "(the whole document): {}", self.message)
        } else {
            write!(f, "at {}: {}", self.pointer, self.message)
        }
    }
}

/// Builds [`Error`]s for one file.
#[derive(Debug, Clone)]
pub struct Errors {
    file: PathBuf,
}

impl Errors {
    pub fn new(file: &Path) -> Self {
        Self { file: file.to_path_buf() }
    }

    /// The file the errors are about.
    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn at(&self, pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Error {
        Error {
            location: Location {
                file: self.file.clone(),
                pointer: pointer.to_string(),
                line_col: None,
            },
            message: message.into(),
            help: help.into(),
        }
    }

    /// A fault of the generator itself, found at `pointer` of the document.
    pub fn bug(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.at(pointer, message, "this is a bug in the generator; please report it with the spec")
    }

    pub fn at_line(
        &self,
        line_col: Option<(usize, usize)>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Error {
        let mut error = self.at("", message, help);
        error.location.line_col = line_col;
        error
    }
}

/// The key one reference token of a JSON pointer stands for: `~1` is `/`, `~0` is `~`.
pub fn pointer_key(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}
