//! Diagnostics: what gwlog says about an input, where, and how sure it is.
//!
//! Every checker in this crate (format rules, Firehose names, ARNs, OpenObserve URLs…) reports
//! [`Diagnostic`] values with a byte [`Span`] into the text it checked. The CLI prints them, the
//! playground highlights the spans; neither re-derives anything.

mod code;

pub use code::{reference_markdown, Code};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// A half-open byte range `[start, end)` into the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte covered.
    pub start: usize,
    /// One past the last byte covered.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; the bounds are swapped if given backwards.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// An empty span at `offset`, for "something is missing here".
    pub fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// This span moved `by` bytes to the right (for spans inside a sub-slice).
    pub fn shifted(&self, by: usize) -> Self {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

impl Serialize for Span {
    /// Spans serialise as `[start, end]`, the shape the CLI's JSON contract promises.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(serializer)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The real system rejects the input, or it cannot work as intended.
    Error,
    /// Accepted, but it will bite (invalid JSON on some requests, data silently lost…).
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    /// The lowercase name used in JSON output and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about an input: a stable code, a message that says what to do, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code (`unknown-variable`, `missing-request-id`, …), listed in
    /// `docs/diagnostics.md`. Scripts may match on its string; it never changes once released.
    pub code: Code,
    /// What is wrong and how to fix it, in one or two sentences.
    pub message: String,
    /// Where in the checked text.
    pub span: Span,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(code: Code, span: impl Into<Span>, message: impl Into<String>) -> Self {
        debug_assert!(
            code.severities().contains(&Severity::Error),
            "{code} is not listed as {} in diagnostic/code.rs",
            Severity::Error
        );
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: span.into(),
        }
    }

    /// A warning diagnostic.
    pub fn warning(code: Code, span: impl Into<Span>, message: impl Into<String>) -> Self {
        debug_assert!(
            code.severities().contains(&Severity::Warning),
            "{code} is not listed as {} in diagnostic/code.rs",
            Severity::Warning
        );
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            span: span.into(),
        }
    }

    /// An informational diagnostic.
    pub fn info(code: Code, span: impl Into<Span>, message: impl Into<String>) -> Self {
        debug_assert!(
            code.severities().contains(&Severity::Info),
            "{code} is not listed as {} in diagnostic/code.rs",
            Severity::Info
        );
        Diagnostic {
            severity: Severity::Info,
            code,
            message: message.into(),
            span: span.into(),
        }
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any diagnostic in `diagnostics` is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Byte ranges `(start, end)` of the maximal runs of characters matching `pick`, for pointing
/// one diagnostic at each stretch of offending characters rather than one per character.
pub fn char_runs(text: &str, pick: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices().filter(|(_, c)| pick(*c)) {
        let end = i + c.len_utf8();
        match found.last_mut() {
            Some(run) if run.1 == i => run.1 = end,
            _ => found.push((i, end)),
        }
    }
    found
}

/// A 1-based line and column (in characters) for a byte offset, for human-readable messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl LineColumn {
    /// The position of byte `offset` in `text`. Offsets past the end or inside a character are
    /// clamped to the nearest character boundary before it.
    pub fn of(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        LineColumn { line, column }
    }
}

impl fmt::Display for LineColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_serialises_as_a_pair() {
        assert_eq!(serde_json::to_string(&Span::new(3, 7)).unwrap(), "[3,7]");
    }

    #[test]
    fn backwards_span_is_normalised() {
        assert_eq!(Span::new(7, 3), Span::new(3, 7));
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        assert_eq!(
            LineColumn::of("ab\ncé$x", 6),
            LineColumn { line: 2, column: 3 }
        );
    }

    #[test]
    fn char_runs_merge_adjacent_matches() {
        assert_eq!(char_runs("a  b é", char::is_whitespace), [(1, 3), (4, 5)]);
    }

    #[test]
    fn line_column_clamps_offsets_inside_a_character() {
        assert_eq!(LineColumn::of("é", 1), LineColumn { line: 1, column: 1 });
    }
}
