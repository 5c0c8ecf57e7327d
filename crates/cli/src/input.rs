//! Reading inputs: a file path, or `-` for standard input. Errors name the path and say why.

use std::fmt;
use std::io::{Read, Seek};
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

/// Bytes a [`LineChunks`] reads at a time, and about the size of each chunk it gives.
pub const CHUNK_BYTES: usize = 128 * 1024;

/// UTF-8 text given a chunk at a time, each chunk whole lines (the last may lack its line
/// break), so that a large input is never held whole: holding it cost more than reading it.
///
/// An input that is not all UTF-8 must still fail before anything is printed, as with
/// [`read_text`]: call [`LineChunks::check`] before printing. A regular file is read twice for
/// that, the check by a read of its own (from the page cache: a reused buffer costs less than
/// one the size of the file), so chunks can be parsed while it runs; anything else (stdin, a
/// pipe) is read whole on opening, as before.
pub struct LineChunks {
    source: Source,
    what: &'static str,
    path: PathBuf,
    /// The bytes of an unfinished line, read but not yet given.
    carry: Vec<u8>,
    len: usize,
}

enum Source {
    /// A regular file, and whether all of it is known to be UTF-8.
    File {
        file: std::fs::File,
        checked: bool,
    },
    Memory {
        text: String,
        at: usize,
    },
}

impl LineChunks {
    /// Open `path` (or standard input for `-`); `what` names it in errors.
    pub fn open(path: &Path, what: &'static str) -> Result<Self, ReadError> {
        let fail = |source| ReadError {
            what,
            path: path.to_owned(),
            source,
        };
        let memory = |text: String| LineChunks {
            len: text.len(),
            source: Source::Memory { text, at: 0 },
            what,
            path: path.to_owned(),
            carry: Vec::new(),
        };
        if path == Path::new("-") {
            return read_text(path, what).map(memory);
        }
        let mut file = std::fs::File::open(path).map_err(fail)?;
        let len = match file.metadata() {
            Ok(metadata) if metadata.is_file() => metadata.len(),
            _ => {
                let mut text = String::new();
                file.read_to_string(&mut text).map_err(fail)?;
                return Ok(memory(text));
            }
        };
        let mut lines = LineChunks {
            source: Source::File {
                file,
                checked: false,
            },
            what,
            path: path.to_owned(),
            carry: Vec::new(),
            len: usize::try_from(len).unwrap_or(usize::MAX),
        };
        if !cfg!(unix) {
            // Without reads at an offset, the check reads the file first and rewinds it.
            lines.check()?;
        }
        Ok(lines)
    }

    /// The input's size in bytes.
    pub fn size(&self) -> usize {
        self.len
    }

    /// Fail, as [`read_text`] does, if the input is not all UTF-8 (the error for a chunk read
    /// already is then this one, whatever the chunk held). Call it before printing anything.
    pub fn check(&mut self) -> Result<(), ReadError> {
        if let Source::File { file, checked } = &mut self.source {
            if !*checked {
                let result = check_utf8(file);
                result.map_err(|source| ReadError {
                    what: self.what,
                    path: self.path.clone(),
                    source,
                })?;
                *checked = true;
            }
        }
        Ok(())
    }

    /// Replace `chunk` with the next lines: at least [`CHUNK_BYTES`] when the input has them,
    /// ending with a line break unless the input's last line has none. `false` at the end.
    pub fn next_into(&mut self, chunk: &mut Vec<u8>) -> Result<bool, ReadError> {
        chunk.clear();
        chunk.append(&mut self.carry);
        let mut scanned = 0;
        let mut last_break = None;
        loop {
            if let Some(at) = chunk[scanned..].iter().rposition(|&b| b == b'\n') {
                last_break = Some(scanned + at);
            }
            scanned = chunk.len();
            if let Some(at) = last_break.filter(|_| chunk.len() >= CHUNK_BYTES) {
                self.carry.extend_from_slice(&chunk[at + 1..]);
                chunk.truncate(at + 1);
                return Ok(true);
            }
            let read = match &mut self.source {
                Source::File { file, .. } => {
                    chunk.reserve(CHUNK_BYTES);
                    file.take(CHUNK_BYTES as u64)
                        .read_to_end(chunk)
                        .map_err(|source| self.error(source))?
                }
                Source::Memory { text, at } => {
                    let rest = &text.as_bytes()[*at..];
                    let piece = &rest[..rest.len().min(CHUNK_BYTES)];
                    chunk.extend_from_slice(piece);
                    *at += piece.len();
                    piece.len()
                }
            };
            if read == 0 {
                return Ok(!chunk.is_empty());
            }
        }
    }

    /// The chunk as text, or the error [`read_text`] gives for an input that is not UTF-8 (the
    /// file changed since it was checked).
    pub fn text<'c>(&self, chunk: &'c [u8]) -> Result<&'c str, ReadError> {
        std::str::from_utf8(chunk).map_err(|_| self.not_utf8())
    }

    /// The error for an input that is not UTF-8.
    pub fn not_utf8(&self) -> ReadError {
        self.error(std::io::ErrorKind::InvalidData.into())
    }

    fn error(&self, source: std::io::Error) -> ReadError {
        ReadError {
            what: self.what,
            path: self.path.clone(),
            source,
        }
    }
}

/// Read all of `file`, failing as [`std::fs::read_to_string`] does if it is not UTF-8. On Unix
/// it reads at offsets, leaving the file's position to the chunks; elsewhere it reads the file
/// through and rewinds it.
fn check_utf8(file: &mut std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    let mut offset = 0;
    let mut read = |buffer: &mut [u8]| -> std::io::Result<usize> {
        #[cfg(unix)]
        {
            let read = std::os::unix::fs::FileExt::read_at(&*file, buffer, offset)?;
            offset += read as u64;
            Ok(read)
        }
        #[cfg(not(unix))]
        file.read(buffer)
    };
    let mut buffer = vec![0; CHUNK_BYTES];
    // Bytes of a character cut by the end of the previous read, moved to the front.
    let mut kept = 0;
    loop {
        let count = match read(&mut buffer[kept..]) {
            Ok(count) => count,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let filled = kept + count;
        kept = match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => 0,
            // Only the end is cut: keep it for the next read, unless there is none.
            Err(error) if error.error_len().is_none() && count > 0 => {
                buffer.copy_within(error.valid_up_to()..filled, 0);
                filled - error.valid_up_to()
            }
            Err(_) => return Err(std::io::ErrorKind::InvalidData.into()),
        };
        if count == 0 {
            break;
        }
    }
    if !cfg!(unix) {
        file.rewind()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    /// Every chunk of `path`, checking that each but the last ends a line.
    fn chunks(path: &Path) -> Result<Vec<Vec<u8>>, ReadError> {
        let mut lines = LineChunks::open(path, "log lines")?;
        lines.check()?;
        let mut all = Vec::new();
        let mut chunk = Vec::new();
        while lines.next_into(&mut chunk)? {
            all.push(chunk.clone());
        }
        for chunk in &all[..all.len().saturating_sub(1)] {
            assert_eq!(chunk.last(), Some(&b'\n'));
        }
        Ok(all)
    }

    #[test]
    fn chunks_are_whole_lines_that_add_up_to_the_input() {
        // Multibyte characters across every read boundary, a line longer than a chunk, and no
        // final line break.
        let mut text = String::new();
        while text.len() < 5 * CHUNK_BYTES {
            text.push_str("é日😀 a line\n");
        }
        text.push_str(&"x".repeat(3 * CHUNK_BYTES));
        text.push_str("\nend");
        let input = file(text.as_bytes());
        let all = chunks(input.path()).unwrap();
        assert!(all.len() > 3, "{}", all.len());
        assert!(all.iter().all(|chunk| std::str::from_utf8(chunk).is_ok()));
        assert_eq!(all.concat(), text.as_bytes());
        assert!(chunks(file(b"").path()).unwrap().is_empty());
    }

    #[test]
    fn an_input_that_is_not_utf8_fails_the_check_as_read_text_fails() {
        let mut bytes = "a line\n".repeat(CHUNK_BYTES / 4).into_bytes();
        bytes.extend_from_slice(b"\xff\n");
        let cut_at_the_end = [&bytes[..100], "é".as_bytes().get(..1).unwrap()].concat();
        for bytes in [bytes, cut_at_the_end] {
            let input = file(&bytes);
            let expected = read_text(input.path(), "log lines")
                .unwrap_err()
                .to_string();
            let mut lines = LineChunks::open(input.path(), "log lines").unwrap();
            let error = lines.check().unwrap_err();
            assert_eq!(error.to_string(), expected);
            assert!(expected.ends_with("it is not UTF-8 text"), "{expected}");
        }
    }
}
