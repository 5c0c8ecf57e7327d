//! Parsing access-log lines against a compiled format.
//!
//! [`Matcher::new`] compiles a format once; [`Matcher::parse_line`] turns each line into typed
//! fields with the byte span of every value. JSON formats are matched by key path (order and
//! whitespace may differ); every other format is matched as a sequence of literals and values,
//! placing each value by its shape and backtracking when a later part does not fit. A line that
//! does not match gets a [`LineError`] naming the offset and what was expected there.

mod json;
mod sequence;
pub mod shapes;

use crate::api::ApiType;
use crate::diagnostic::Span;
use crate::format::catalogue;
use crate::format::grammar::{self, Piece};
use crate::format::kind::{self, FormatKind};
use crate::format::shape::{ValueShape, ValueType};
use json::JsonMatcher;
use sequence::{Sequence, Step};
use serde::Serialize;
use std::borrow::Cow;

pub use sequence::step_budget;

/// A typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// API Gateway wrote `-` (or JSON `null`): no value.
    Null,
    /// A whole number, for integer variables.
    Integer(i64),
    /// Anything else, unescaped.
    Text(Cow<'a, str>),
}

impl FieldValue<'_> {
    /// The value as JSON: `null`, a number or a string.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FieldValue::Null => serde_json::Value::Null,
            FieldValue::Integer(number) => serde_json::Value::from(*number),
            FieldValue::Text(text) => serde_json::Value::from(text.as_ref()),
        }
    }
}

impl Serialize for FieldValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Null => serializer.serialize_none(),
            FieldValue::Integer(number) => serializer.serialize_i64(*number),
            FieldValue::Text(text) => serializer.serialize_str(text),
        }
    }
}

/// One variable's value in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    /// The variable, `$context.status`.
    pub variable: &'a str,
    /// The typed value.
    pub value: FieldValue<'a>,
    /// The variable's value type.
    pub value_type: ValueType,
    /// Where the value is in the line.
    pub span: Span,
    /// Whether the value has the variable's expected shape (a malformed id is still parsed, but
    /// flagged).
    pub shape_ok: bool,
}

/// A line that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine<'a> {
    /// One field per variable occurrence, in format order.
    pub fields: Vec<Field<'a>>,
    /// For a JSON format: the line matched the format position by position but is not valid
    /// JSON (why, and where). API Gateway writes such lines; JSON readers reject them.
    pub not_json: Option<LineError>,
}

impl ParsedLine<'_> {
    /// The value of `variable` (`$context.status`): the first non-null occurrence when the format
    /// uses it more than once.
    pub fn value(&self, variable: &str) -> Option<&FieldValue<'_>> {
        let mut occurrences = self.fields.iter().filter(|f| f.variable == variable);
        let first = occurrences.next()?;
        match first.value {
            FieldValue::Null => Some(
                occurrences
                    .map(|f| &f.value)
                    .find(|v| **v != FieldValue::Null)
                    .unwrap_or(&first.value),
            ),
            _ => Some(&first.value),
        }
    }
}

/// Why a line does not match the format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// Byte offset in the line where matching failed.
    pub offset: usize,
    /// The bytes the error concerns (may be empty at the end of the line).
    #[serde(skip)]
    pub span: Span,
    /// What was expected there and what was found.
    pub message: String,
}

/// The outcome for one line of a multi-line input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome<'a> {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line's span in the input (without its line break).
    pub span: Span,
    /// The line text.
    pub text: &'a str,
    /// Fields or the error.
    pub result: Result<ParsedLine<'a>, LineError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Strategy {
    /// Match by key; when a line is not valid JSON (a bare `-` from an unquoted variable, a
    /// doubly-quoted message), fall back to matching the format's text position by position.
    Json {
        template: JsonMatcher,
        by_position: Sequence,
    },
    Text(Sequence),
}

/// A format compiled for parsing lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    /// `$context.…` name of each variable occurrence, by slot.
    names: Vec<String>,
    shapes: Vec<ValueShape>,
    strategy: Strategy,
    kind: FormatKind,
}

impl Matcher {
    /// Compile `format` for lines written by an API of type `api`. Never fails: a format with
    /// problems still matches what API Gateway would write for it.
    pub fn new(format: &str, api: ApiType) -> Self {
        let pieces = grammar::parse(format);
        let kind = kind::detect(format, &pieces);
        let mut names = Vec::new();
        let mut shapes = Vec::new();
        for piece in &pieces {
            if let Piece::Variable { name, .. } = piece {
                names.push(format!("$context.{name}"));
                shapes.push(catalogue::lookup(name).shape_for(api));
            }
        }
        let json = match kind {
            FormatKind::Json => JsonMatcher::compile(format, &pieces, api, &names),
            _ => None,
        };
        let by_position = Sequence::new(text_steps(format, &pieces, &shapes), &names);
        let strategy = match json {
            Some(template) => Strategy::Json {
                template,
                by_position,
            },
            None => Strategy::Text(by_position),
        };
        Matcher {
            names,
            shapes,
            strategy,
            kind,
        }
    }

    /// The kind of format this matcher was compiled from.
    pub fn kind(&self) -> FormatKind {
        self.kind
    }

    /// Whether lines are matched as JSON (by key) rather than as text.
    pub fn matches_json(&self) -> bool {
        matches!(self.strategy, Strategy::Json { .. })
    }

    /// Parse one line (without its line break).
    pub fn parse_line<'a>(&'a self, line: &'a str) -> Result<ParsedLine<'a>, LineError> {
        let strict_failure = match self.locate(line, true) {
            Ok(parsed) => return Ok(parsed),
            Err(failure) => failure,
        };
        // The line may have the format's structure with some value of an unexpected shape.
        let relaxed_failure = match self.locate(line, false) {
            Ok(parsed) => return Ok(parsed),
            Err(failure) => failure,
        };
        // Report whichever got further: a missing key or separator beats an odd value before it.
        let failure = if relaxed_failure.offset > strict_failure.offset {
            relaxed_failure
        } else {
            strict_failure
        };
        Err(LineError {
            offset: failure.offset,
            span: Span::new(failure.offset, failure.offset + failure.len),
            message: failure.message,
        })
    }

    /// Parse every non-empty line of `text` (lines end with `\n`; a `\r` before it is dropped).
    pub fn parse_lines<'a>(&'a self, text: &'a str) -> impl Iterator<Item = LineOutcome<'a>> + 'a {
        let mut offset = 0;
        text.split_inclusive('\n')
            .enumerate()
            .filter_map(move |(index, raw)| {
                let start = offset;
                offset += raw.len();
                let line = raw.strip_suffix('\n').unwrap_or(raw);
                let line = line.strip_suffix('\r').unwrap_or(line);
                (!line.is_empty()).then(|| LineOutcome {
                    number: index + 1,
                    span: Span::new(start, start + line.len()),
                    text: line,
                    result: self.parse_line(line),
                })
            })
    }

    fn locate<'a>(
        &'a self,
        line: &'a str,
        strict: bool,
    ) -> Result<ParsedLine<'a>, sequence::Failure> {
        match &self.strategy {
            Strategy::Json {
                template,
                by_position,
            } => {
                let json_failure = match template.match_line(line, strict, &self.names) {
                    Ok(mut found) => {
                        found.sort_by_key(|f| f.slot);
                        return Ok(self.typed(found.into_iter(), strict));
                    }
                    Err(failure) => failure,
                };
                let is_json = serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok();
                match self.by_position(by_position, line, strict) {
                    // What API Gateway wrote, but not JSON: say so (OpenObserve rejects it).
                    Ok(mut parsed) if !is_json => {
                        parsed.not_json = Some(LineError {
                            offset: json_failure.offset,
                            span: Span::new(
                                json_failure.offset,
                                json_failure.offset + json_failure.len,
                            ),
                            message: json_failure.message,
                        });
                        Ok(parsed)
                    }
                    _ => Err(json_failure),
                }
            }
            Strategy::Text(sequence) => self.by_position(sequence, line, strict),
        }
    }

    fn by_position<'a>(
        &'a self,
        sequence: &Sequence,
        line: &'a str,
        strict: bool,
    ) -> Result<ParsedLine<'a>, sequence::Failure> {
        let assignment = sequence.match_text(line, strict, &self.names)?;
        let found = assignment.into_iter().map(|(slot, span)| json::Found {
            slot,
            span,
            text: Cow::Borrowed(&line[span.range()]),
            null: false,
        });
        Ok(self.typed(found, strict))
    }

    /// Fields from values found in slot order.
    fn typed<'a>(
        &'a self,
        found: impl ExactSizeIterator<Item = json::Found<'a>>,
        strict: bool,
    ) -> ParsedLine<'a> {
        let fields = found
            .map(|found| {
                let shape = self.shapes[found.slot];
                let shape_ok = strict || shapes::matches(shape, &found.text);
                Field {
                    variable: &self.names[found.slot],
                    value: type_value(shape, found.text, found.null),
                    value_type: shape.value_type(),
                    span: found.span,
                    shape_ok,
                }
            })
            .collect();
        ParsedLine {
            fields,
            not_json: None,
        }
    }
}

fn type_value(shape: ValueShape, text: Cow<'_, str>, null: bool) -> FieldValue<'_> {
    if null || text == "-" {
        return FieldValue::Null;
    }
    if shape == ValueShape::PreQuoted {
        // API Gateway wraps the message in quotes itself; the value is what is inside, whether
        // the line is CLF (`"Unauthorized"`) or JSON (where decoding already removed them).
        if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            return FieldValue::Text(match &text {
                Cow::Borrowed(borrowed) => Cow::Borrowed(&borrowed[1..borrowed.len() - 1]),
                Cow::Owned(_) => Cow::Owned(inner.to_owned()),
            });
        }
    }
    if shape.is_integer() {
        if let Some(number) = parse_decimal(&text) {
            return FieldValue::Integer(number);
        }
    }
    FieldValue::Text(text)
}

/// Plain decimal digits as an `i64` (no sign, no overflow); `None` otherwise.
fn parse_decimal(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0i64, |number, byte| {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        number.checked_mul(10)?.checked_add(i64::from(digit))
    })
}

/// Steps for the text matcher; the format's final newline is not part of a line.
fn text_steps(format: &str, pieces: &[Piece], shapes: &[ValueShape]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut slot = 0;
    for piece in pieces {
        match piece {
            Piece::Variable { .. } => {
                steps.push(Step::Value {
                    slot,
                    shape: shapes[slot],
                });
                slot += 1;
            }
            other => {
                let text = &format[other.span().range()];
                match steps.last_mut() {
                    Some(Step::Literal(previous)) => previous.push_str(text),
                    _ => steps.push(Step::Literal(text.to_owned())),
                }
            }
        }
    }
    if let Some(Step::Literal(last)) = steps.last_mut() {
        if last.ends_with('\n') {
            last.pop();
            if last.ends_with('\r') {
                last.pop();
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests;
