//! What kind of log entry a format produces: JSON, CLF, CSV, XML or other text.
//!
//! The kind decides everything downstream: only JSON survives OpenObserve's Firehose endpoint, and
//! only JSON can be parsed by key order-independently.

use super::grammar::Piece;
use serde::Serialize;

/// The shape of the entries a format renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatKind {
    /// A JSON object (or array) template.
    Json,
    /// Common Log Format style: space-separated values, `[time]`, `"quoted request"`.
    Clf,
    /// Comma-separated values.
    Csv,
    /// An XML element.
    Xml,
    /// Any other text, e.g. `RequestId: $context.requestId, …`.
    Text,
}

impl FormatKind {
    /// The lowercase name used in JSON output (`json`, `clf`, `csv`, `xml`, `text`).
    pub fn as_str(self) -> &'static str {
        match self {
            FormatKind::Json => "json",
            FormatKind::Clf => "clf",
            FormatKind::Csv => "csv",
            FormatKind::Xml => "xml",
            FormatKind::Text => "text",
        }
    }

    /// A human label (`JSON`, `CLF`, …).
    pub fn label(self) -> &'static str {
        match self {
            FormatKind::Json => "JSON",
            FormatKind::Clf => "CLF",
            FormatKind::Csv => "CSV",
            FormatKind::Xml => "XML",
            FormatKind::Text => "Text",
        }
    }
}

/// Classify a format from its text and pieces.
pub fn detect(format: &str, pieces: &[Piece]) -> FormatKind {
    let body = format.trim();
    let encloses = |open: char, close: char| body.starts_with(open) && body.ends_with(close);
    if encloses('{', '}') || encloses('[', ']') && body[1..].trim_start().starts_with('{') {
        return FormatKind::Json;
    }
    if encloses('<', '>') {
        return FormatKind::Xml;
    }
    let separators: Vec<&str> = separators_between_variables(format, pieces);
    let variable_count = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Variable { .. }))
        .count();
    if variable_count >= 2 && !separators.is_empty() {
        let is_csv_separator = |s: &&str| s.trim_matches('"') == ",";
        if separators.iter().all(is_csv_separator) {
            return FormatKind::Csv;
        }
        let is_clf_literal = |s: &&str| s.chars().all(|c| " []\"-".contains(c));
        if separators.iter().all(is_clf_literal) && separators.iter().any(|s| s.contains(' ')) {
            return FormatKind::Clf;
        }
    }
    FormatKind::Text
}

/// The literal texts between consecutive variables, trailing newline ignored.
fn separators_between_variables<'f>(format: &'f str, pieces: &[Piece]) -> Vec<&'f str> {
    let first = pieces
        .iter()
        .position(|p| matches!(p, Piece::Variable { .. }));
    let last = pieces
        .iter()
        .rposition(|p| matches!(p, Piece::Variable { .. }));
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let mut separators: Vec<&str> = pieces[first..=last]
        .iter()
        .filter(|piece| !matches!(piece, Piece::Variable { .. }))
        .map(|piece| &format[piece.span().range()])
        .collect();
    // Leading/trailing literals (`[` before the first variable in CLF) count as separators too.
    for edge in [pieces[..first].last(), pieces[last + 1..].first()]
        .into_iter()
        .flatten()
    {
        let text = format[edge.span().range()].trim_end_matches('\n');
        if !text.is_empty() {
            separators.push(text);
        }
    }
    separators
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::grammar::parse;
    use crate::format::presets::by_id;

    fn kind_of(format: &str) -> FormatKind {
        detect(format, &parse(format))
    }

    fn kind_of_preset(id: &str) -> FormatKind {
        kind_of(by_id(id).expect("preset exists").format)
    }

    #[test]
    fn console_presets_have_their_kinds() {
        for api in ["rest", "http", "websocket"] {
            assert_eq!(
                kind_of_preset(&format!("{api}-json")),
                FormatKind::Json,
                "{api}"
            );
            assert_eq!(
                kind_of_preset(&format!("{api}-clf")),
                FormatKind::Clf,
                "{api}"
            );
            assert_eq!(
                kind_of_preset(&format!("{api}-csv")),
                FormatKind::Csv,
                "{api}"
            );
            assert_eq!(
                kind_of_preset(&format!("{api}-xml")),
                FormatKind::Xml,
                "{api}"
            );
        }
    }

    #[test]
    fn cdk_presets_have_their_kinds() {
        assert_eq!(kind_of_preset("cdk-clf"), FormatKind::Clf);
        assert_eq!(kind_of_preset("cdk-json"), FormatKind::Json);
    }

    #[test]
    fn openobserve_guide_format_is_text() {
        assert_eq!(kind_of_preset("openobserve-guide"), FormatKind::Text);
    }

    #[test]
    fn json_with_trailing_newline_is_still_json() {
        assert_eq!(
            kind_of("{\"id\":\"$context.requestId\"}\n"),
            FormatKind::Json
        );
    }
}
