//! Checks for JSON formats: will every entry API Gateway writes be valid JSON?
//!
//! API Gateway adds no quotes and writes a bare `-` for a missing value, so a format is only safe
//! if it stays valid JSON both with typical values and with `-` everywhere. Rendering both and
//! parsing them is the test; the template's quoting explains the failures.

use super::catalogue::{self, Lookup};
use super::grammar::Piece;
use super::render::render;
use super::shape::ValueShape;
use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Span};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

pub use super::json_template::{quoting, Quoting};

/// All JSON-specific diagnostics for a format already known to be JSON-shaped.
pub fn check(format: &str, pieces: &[Piece], api: ApiType) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let quotings = quoting(format, pieces);
    let variables = pieces.iter().filter_map(|piece| match piece {
        Piece::Variable { name, span } => Some((name.as_str(), *span)),
        _ => None,
    });
    let mut quoting_of_next = quotings.iter();
    let typical = render(format, pieces, |name| {
        let quoting = quoting_of_next.next().copied().unwrap_or(Quoting::InString);
        json_safe_example(name, api, quoting)
    });
    let typical_keys = find_duplicate_keys(&typical.text);
    // The entry API Gateway writes when every value is missing: the evidence for the bare-variable
    // warnings below (which say which variables are to blame).
    let all_missing = render(format, pieces, |_| "-".to_owned());
    let all_missing_error = serde_json::from_str::<serde::de::IgnoredAny>(&all_missing.text).err();
    let mut explained = false;
    for ((name, span), quoting) in variables.zip(quotings.iter().copied()) {
        if quoting == Quoting::Bare && all_missing_error.is_none() {
            continue;
        }
        let shape = catalogue::lookup(name).shape_for(api);
        let diagnostic = quoting_diagnostic(name, span, shape, quoting);
        explained |= diagnostic.is_some() && quoting == Quoting::Bare;
        diagnostics.extend(diagnostic);
    }
    let typical_is_valid = typical_keys.is_ok();
    // When even typical values give invalid JSON, that one problem is reported below.
    if let (Some(error), false, true) = (&all_missing_error, explained, typical_is_valid) {
        let offset = error_offset(&all_missing.text, error);
        diagnostics.push(Diagnostic::warning(
            Code::InvalidJsonWhenMissing,
            whole_characters(format, all_missing.origin_of(offset)),
            format!(
                "When values are missing (API Gateway writes -) this format renders invalid JSON \
                 ({}). Put every variable inside quotes.",
                describe(error)
            ),
        ));
    }

    match typical_keys {
        Ok(_) => {
            for (key, rendered) in duplicate_key_spans(&typical.text) {
                // The key's first and last bytes (its quotes) lead back to the format.
                let start = typical.origin_of(rendered.start).start;
                let end = typical.origin_of(rendered.end.saturating_sub(1)).end;
                let span = whole_characters(format, Span::new(start, end));
                diagnostics.push(Diagnostic::warning(
                    Code::DuplicateKey,
                    span,
                    format!(
                        "The key \"{key}\" appears twice in the same object: most JSON readers, \
                         OpenObserve included, keep only one of the values. Rename or remove one."
                    ),
                ));
            }
        }
        Err(error) => {
            let offset = error_offset(&typical.text, &error);
            diagnostics.push(Diagnostic::warning(
                Code::InvalidJson,
                whole_characters(format, typical.origin_of(offset)),
                format!(
                    "With typical values this format renders invalid JSON ({}). JSON readers, \
                     OpenObserve's Firehose endpoint included, reject such entries.",
                    describe(&error)
                ),
            ));
        }
    }
    diagnostics
}

fn quoting_diagnostic(
    name: &str,
    span: Span,
    shape: ValueShape,
    quoting: Quoting,
) -> Option<Diagnostic> {
    match (shape, quoting) {
        (ValueShape::PreQuoted, Quoting::InString) => Some(Diagnostic::warning(
            Code::MessageStringQuoted,
            span,
            format!(
                "$context.{name} is already quoted by API Gateway, so inside quotes it renders \
                 \"\"Unauthorized\"\" (invalid JSON) whenever there is an error. Use \
                 \"$context.error.message\" instead."
            ),
        )),
        (ValueShape::PreQuoted, Quoting::Bare) => Some(Diagnostic::warning(
            Code::MessageStringBare,
            span,
            format!(
                "$context.{name} renders a bare - when there is no error, which is invalid JSON. \
                 Use \"$context.error.message\" (quoted) instead."
            ),
        )),
        (_, Quoting::Bare) => Some(Diagnostic::warning(
            Code::UnquotedVariable,
            span,
            format!(
                "$context.{name} is not inside quotes: when the value is missing API Gateway writes \
                 a bare -, and the entry is invalid JSON. Write \"$context.{name}\" (the value is \
                 then a string; cast it in SQL)."
            ),
        )),
        (_, Quoting::InString) => None,
    }
}

/// A typical value (examples never contain `"` or `\`). A pre-quoted value inside quotes is
/// rendered as "no error": its double quoting has a diagnostic of its own.
fn json_safe_example(name: &str, api: ApiType, quoting: Quoting) -> String {
    match catalogue::lookup(name) {
        Lookup::Unknown => "-".to_owned(),
        known if known.shape_for(api) == ValueShape::PreQuoted && quoting == Quoting::InString => {
            "-".to_owned()
        }
        known => known.shape_for(api).example().to_owned(),
    }
}

/// Byte offset of a serde_json error in single-line `text`.
fn error_offset(text: &str, error: &serde_json::Error) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + error.column().saturating_sub(1)).min(text.len().saturating_sub(1))
}

/// `span` widened to whole characters of `text`.
fn whole_characters(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// serde_json's message without its " at line L column C": that position is in the rendered
/// entry, not in the format (the diagnostic's span shows where it comes from).
fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// Every key of `text` (JSON) that repeats an earlier key of the same object, decoded, with the
/// span of its string (quotes included), in order. Keys of nested objects are counted in their own
/// object, and strings in value position are not keys. `text` should be valid JSON; anything else
/// gives a best-effort answer and never panics.
pub fn duplicate_key_spans(text: &str) -> Vec<(String, Span)> {
    /// An open container, innermost last.
    enum Open {
        Object {
            keys: HashSet<String>,
            /// After `{` or `,`: the next string is a key.
            expecting_key: bool,
        },
        Array,
    }
    let bytes = text.as_bytes();
    let mut open: Vec<Open> = Vec::new();
    let mut duplicates = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        match bytes[offset] {
            b'{' => open.push(Open::Object {
                keys: HashSet::new(),
                expecting_key: true,
            }),
            b'[' => open.push(Open::Array),
            b'}' | b']' => {
                open.pop();
            }
            separator @ (b',' | b':') => {
                if let Some(Open::Object { expecting_key, .. }) = open.last_mut() {
                    *expecting_key = separator == b',';
                }
            }
            b'"' => {
                let end = string_end(bytes, offset);
                if let Some(Open::Object {
                    keys,
                    expecting_key: true,
                }) = open.last_mut()
                {
                    let raw = &text[offset..end];
                    let key =
                        serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_owned());
                    if !keys.insert(key.clone()) {
                        duplicates.push((key, Span::new(offset, end)));
                    }
                }
                offset = end;
                continue;
            }
            _ => {}
        }
        offset += 1;
    }
    duplicates
}

/// One past the closing quote of the JSON string opening at `start` (or the end of `bytes`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut offset = start + 1;
    while offset < bytes.len() {
        match bytes[offset] {
            b'\\' => offset += 2,
            b'"' => return offset + 1,
            _ => offset += 1,
        }
    }
    bytes.len()
}

/// Parse `text` as JSON and list keys repeated within one object.
pub fn find_duplicate_keys(text: &str) -> Result<Vec<String>, serde_json::Error> {
    let mut duplicates = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    DuplicateKeys(&mut duplicates).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(duplicates)
}

/// A serde seed that walks any JSON value and records duplicate object keys.
struct DuplicateKeys<'a>(&'a mut Vec<String>);

impl<'de> DeserializeSeed<'de> for DuplicateKeys<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DuplicateKeys<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(DuplicateKeys(&mut *self.0))?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                self.0.push(key);
            }
            map.next_value_seed(DuplicateKeys(&mut *self.0))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::grammar::parse;

    fn codes(format: &str) -> Vec<&'static str> {
        check(format, &parse(format), ApiType::Rest)
            .into_iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn quoted_values_are_fine() {
        assert!(codes(r#"{"id":"$context.requestId","status":"$context.status"}"#).is_empty());
    }

    #[test]
    fn unquoted_number_is_flagged() {
        assert_eq!(
            codes(r#"{"id":"$context.requestId","lat":$context.integrationLatency}"#),
            ["unquoted-variable"]
        );
    }

    #[test]
    fn quoted_message_string_is_flagged() {
        assert_eq!(
            codes(r#"{"id":"$context.requestId","err":"$context.error.messageString"}"#),
            ["message-string-quoted"]
        );
    }

    #[test]
    fn bare_message_string_is_flagged() {
        assert_eq!(
            codes(r#"{"id":"$context.requestId","err":$context.error.messageString}"#),
            ["message-string-bare"]
        );
    }

    #[test]
    fn duplicate_key_points_at_the_second_one() {
        let format = r#"{"id":"$context.requestId","id":"$context.extendedRequestId"}"#;
        let diagnostics = check(format, &parse(format), ApiType::Rest);
        assert_eq!(diagnostics[0].code, "duplicate-key");
        assert_eq!(diagnostics[0].span, Span::new(27, 31));
    }

    #[test]
    fn duplicate_key_spans_count_keys_per_object_and_skip_values() {
        let text = r#"{"k":"k","o":{"k":1,"k":[{"k":2}]},"k":"\"k"}"#;
        assert_eq!(
            duplicate_key_spans(text),
            [
                ("k".to_owned(), Span::new(20, 23)),
                ("k".to_owned(), Span::new(35, 38))
            ]
        );
    }

    #[test]
    fn missing_comma_is_invalid_json_at_the_right_place() {
        let format = r#"{"id":"$context.requestId" "s":"$context.status"}"#;
        let diagnostics = check(format, &parse(format), ApiType::Rest);
        assert_eq!(diagnostics[0].code, "invalid-json");
        assert_eq!(diagnostics[0].span, Span::new(27, 28));
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        let format = r#"{"note":"say \"$context.status\""}"#;
        assert_eq!(quoting(format, &parse(format)), [Quoting::InString]);
    }
}
