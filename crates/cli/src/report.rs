//! Human-readable diagnostics: `error[code]: message`, the position, and the text with a caret
//! under the span, in the style of compilers.

use gwlog_core::diagnostic::{Code, Diagnostic, LineColumn, Severity, Span};
use std::fmt::Write;

/// Render `diagnostic` about `text` (named `source` in the position line).
pub fn render(diagnostic: &Diagnostic, source: &str, text: &str) -> String {
    render_at(
        (diagnostic.severity, diagnostic.code, &diagnostic.message),
        diagnostic.span,
        source,
        text,
    )
}

/// `severity[code]: message`, the position of `span` in `text` and the line with a caret under
/// it: the one rendering `gwlog check` and `gwlog lint` share.
pub fn render_at(
    (severity, code, message): (Severity, Code, &str),
    span: Span,
    source: &str,
    text: &str,
) -> String {
    let mut out = String::new();
    let position = LineColumn::of(text, span.start);
    let _ = writeln!(out, "{severity}[{code}]: {message}");
    let _ = writeln!(out, "  --> {source}:{position}");
    let line_start = text[..floor_boundary(text, span.start)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let (shown, offset) = window(line, span.start.saturating_sub(line_start));
    let underline_start = shown[..floor_boundary(shown, offset)].chars().count();
    let span_end = span.end.min(line_end).max(span.start);
    let width = text[floor_boundary(text, span.start)..floor_boundary(text, span_end)]
        .chars()
        .count()
        .clamp(
            1,
            shown.chars().count().saturating_sub(underline_start).max(1),
        );
    let _ = writeln!(out, "   | {shown}");
    let _ = writeln!(
        out,
        "   | {}{}",
        " ".repeat(underline_start),
        "^".repeat(width)
    );
    out
}

/// At most ~100 characters of `line` around byte `offset`, and the offset within that window.
fn window(line: &str, offset: usize) -> (&str, usize) {
    const BEFORE: usize = 40;
    const WIDTH: usize = 100;
    let start = floor_boundary(line, offset.saturating_sub(BEFORE));
    let end = floor_boundary(line, (start + WIDTH).min(line.len()));
    (&line[start..end], offset - start)
}

/// `index`, moved back to the nearest character boundary of `text`.
fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
