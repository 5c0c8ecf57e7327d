//! Reading inputs: a file path, or `-` for standard input. Errors name the path and say why.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An input that could not be read.
#[derive(Debug)]
pub struct ReadError {
    what: &'static str,
    path: PathBuf,
    source: std::io::Error,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.source.kind() {
            std::io::ErrorKind::InvalidData => {
                write!(
                    f,
                    "cannot read the {} from {path}: it is not UTF-8 text",
                    self.what
                )
            }
            _ => write!(
                f,
                "cannot read the {} from {path}: {}",
                self.what, self.source
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Read all of `path` (or standard input for `-`) as UTF-8; `what` names it in errors.
pub fn read_text(path: &Path, what: &'static str) -> Result<String, ReadError> {
    let fail = |source| ReadError {
        what,
        path: path.to_owned(),
        source,
    };
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(fail)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(fail)
    }
}

/// A short name for messages: the path, or `<stdin>`.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
