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
///
/// The first character decides JSON (`{`, or `[` then `{`) and XML (`<`), even when the closing
/// bracket is missing: such a format is broken JSON or XML, not text, and the JSON checks then say
/// what is wrong. Otherwise the literals around the variables decide: only commas (each value may
/// be quoted) make CSV, only spaces, brackets, quotes and dashes make CLF.
pub fn detect(format: &str, pieces: &[Piece]) -> FormatKind {
    let body = format.trim();
    if body.starts_with('{') || body.starts_with('[') && body[1..].trim_start().starts_with('{') {
        return FormatKind::Json;
    }
    if body.starts_with('<') {
        return FormatKind::Xml;
    }
    let Separators { inner, edges } = separators_between_variables(format, pieces);
    let variable_count = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Variable { .. }))
        .count();
    if variable_count < 2 {
        return FormatKind::Text;
    }
    // `"a","b"`: the quotes at the edges belong to the first and last values.
    let is_csv_separator = |s: &&str| s.trim_matches('"') == ",";
    let is_csv_edge = |s: &&str| matches!(s.trim_matches('"'), "" | ",");
    if !inner.is_empty() && inner.iter().all(is_csv_separator) && edges.iter().all(is_csv_edge) {
        return FormatKind::Csv;
    }
    let all: Vec<&str> = inner.iter().chain(&edges).copied().collect();
    let is_clf_literal = |s: &&str| s.chars().all(|c| " []\"-".contains(c));
    if all.iter().all(is_clf_literal) && all.iter().any(|s| s.contains(' ')) {
        return FormatKind::Clf;
    }
    FormatKind::Text
}

/// The literal texts around the variables of a format.
struct Separators<'f> {
    /// Between consecutive variables.
    inner: Vec<&'f str>,
    /// Before the first and after the last variable (`[` before the first variable in CLF),
    /// trailing newline ignored, empty ones left out.
    edges: Vec<&'f str>,
}

fn separators_between_variables<'f>(format: &'f str, pieces: &[Piece]) -> Separators<'f> {
    let first = pieces
        .iter()
        .position(|p| matches!(p, Piece::Variable { .. }));
    let last = pieces
        .iter()
        .rposition(|p| matches!(p, Piece::Variable { .. }));
    let (Some(first), Some(last)) = (first, last) else {
        return Separators {
            inner: Vec::new(),
            edges: Vec::new(),
        };
    };
    let inner = pieces[first..=last]
        .iter()
        .filter(|piece| !matches!(piece, Piece::Variable { .. }))
        .map(|piece| &format[piece.span().range()])
        .collect();
    let edges = [pieces[..first].last(), pieces[last + 1..].first()]
        .into_iter()
        .flatten()
        .map(|edge| format[edge.span().range()].trim_end_matches('\n'))
        .filter(|text| !text.is_empty())
        .collect();
    Separators { inner, edges }
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
    fn quoted_csv_is_csv() {
        assert_eq!(
            kind_of(r#""$context.requestId","$context.status""#),
            FormatKind::Csv
        );
    }

    #[test]
    fn json_missing_its_closing_brace_is_json() {
        assert_eq!(
            kind_of(r#"{"id":"$context.requestId","x":1 "#),
            FormatKind::Json
        );
    }

    #[test]
    fn xml_missing_its_closing_bracket_is_xml() {
        assert_eq!(
            kind_of(r#"<request id="$context.requestId"> </request"#),
            FormatKind::Xml
        );
    }

    #[test]
    fn json_with_trailing_newline_is_still_json() {
        assert_eq!(
            kind_of("{\"id\":\"$context.requestId\"}\n"),
            FormatKind::Json
        );
    }
}
