//! The top-level object of a JSON format as the fixes edit it: each key and where its value is.

use std::ops::Range;

/// One top-level member of a JSON format.
pub(crate) struct Member {
    /// The key as written between its quotes.
    pub key: String,
    /// Where its value is in the format.
    pub value: Range<usize>,
}

/// The top-level object of a JSON format.
pub(crate) struct ObjectLayout {
    /// Offset of the opening `{`.
    pub open: usize,
    pub members: Vec<Member>,
}

/// Reads the top-level object's keys and value spans from the format text. Variables are plain
/// text here: quoted ones sit inside strings, bare ones are read as a bare value.
pub(super) fn object_layout(format: &str) -> Option<ObjectLayout> {
    let bytes = format.as_bytes();
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let open = at;
    let mut members = Vec::new();
    at += 1;
    loop {
        at = skip_whitespace(bytes, at);
        match bytes.get(at)? {
            b'}' if members.is_empty() => return Some(ObjectLayout { open, members }),
            b'"' => {}
            _ => return None,
        }
        let key_end = string_end(bytes, at)?;
        let key = format[at + 1..key_end - 1].to_owned();
        at = skip_whitespace(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let start = skip_whitespace(bytes, at + 1);
        let end = value_end(bytes, start)?;
        members.push(Member {
            key,
            value: start..end,
        });
        at = skip_whitespace(bytes, end);
        match bytes.get(at)? {
            b',' => at += 1,
            b'}' => return Some(ObjectLayout { open, members }),
            _ => return None,
        }
    }
}

pub(super) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        at += 1;
    }
    at
}

/// One past the closing quote of the string starting at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// One past the end of the value starting at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let end = bytes[at..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
                .map_or(bytes.len(), |n| at + n);
            (end > at).then_some(end)
        }
    }
}
