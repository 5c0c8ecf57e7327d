//! Matching JSON lines: parse the line as JSON and find each variable by its key path, so key
//! order and whitespace may differ from the format. Values inside strings are unescaped as API
//! Gateway escapes them (`\"`, `\\`), then matched against the string's own template (a value may
//! share its string with literal text: `"route":"$context.httpMethod $context.resourcePath"`).

use super::sequence::{Failure, Sequence, Step};
use super::shapes;
use crate::api::ApiType;
use crate::diagnostic::Span;
use crate::format::catalogue;
use crate::format::grammar::Piece;
use crate::format::json::{quoting, Quoting};
use crate::format::shape::ValueShape;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Where one JSON value of the format holds variables.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JsonSlot {
    /// Keys from the root object down to the value.
    path: Vec<String>,
    kind: SlotKind,
}

impl JsonSlot {
    fn first_slot(&self) -> usize {
        match &self.kind {
            SlotKind::Bare { slot } => *slot,
            SlotKind::Single { slot, .. } => *slot,
            SlotKind::InString(sequence) => sequence.first_slot().unwrap_or(usize::MAX),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum SlotKind {
    /// `"key":$context.x` — the whole JSON value is one variable.
    Bare { slot: usize },
    /// `"key":"$context.x"` — the whole string is one variable (the common case, kept fast).
    Single { slot: usize, shape: ValueShape },
    /// `"key":"… $context.x …"` — a template inside a JSON string.
    InString(Sequence),
}

/// A JSON format compiled for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonTemplate {
    slots: Vec<JsonSlot>,
}

/// One value found in a line.
pub(crate) struct Found<'a> {
    pub slot: usize,
    pub span: Span,
    pub text: Cow<'a, str>,
    /// The JSON value was `null` (only possible for bare variables).
    pub null: bool,
}

impl JsonTemplate {
    /// Compile the JSON structure of a format. `None` if the format is not a JSON object with
    /// variables only in values (then the text matcher is used instead).
    pub fn compile(format: &str, pieces: &[Piece], api: ApiType, names: &[String]) -> Option<Self> {
        let quotings = quoting(format, pieces);
        let mut variable_index = 0;
        let mut marked = String::with_capacity(format.len());
        for piece in pieces {
            match piece {
                Piece::Variable { .. } => {
                    let bare = quotings[variable_index] == Quoting::Bare;
                    let quote = if bare { "\"" } else { "" };
                    marked.push_str(&format!(
                        "{quote}{MARK_OPEN}{variable_index}{MARK_CLOSE}{quote}"
                    ));
                    variable_index += 1;
                }
                other => marked.push_str(&format[other.span().range()]),
            }
        }
        let root: serde_json::Value = serde_json::from_str(&marked).ok()?;
        let shapes: Vec<ValueShape> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Variable { name, .. } => Some(catalogue::lookup(name).shape_for(api)),
                _ => None,
            })
            .collect();
        let mut slots = Vec::new();
        collect_slots(
            &root,
            &mut Vec::new(),
            &quotings,
            &shapes,
            names,
            &mut slots,
        )?;
        // Report missing keys in the order the format lists them.
        slots.sort_by_key(JsonSlot::first_slot);
        Some(JsonTemplate { slots })
    }

    /// Find every variable's value in `line`.
    pub fn match_line<'a>(
        &self,
        line: &'a str,
        strict: bool,
        names: &[String],
    ) -> Result<Vec<Found<'a>>, Failure> {
        let root = parse_object(line, line)?;
        let mut found = Vec::with_capacity(self.slots.len());
        for slot in &self.slots {
            let raw = locate(line, &root, &slot.path)?;
            let span = span_of(line, raw.get());
            match &slot.kind {
                SlotKind::Bare { slot } => {
                    let text = raw.get();
                    let (text, null) = match text.as_bytes().first() {
                        Some(b'"') => (decode_string(text, span)?.0, false),
                        _ => (Cow::Borrowed(text), text == "null"),
                    };
                    found.push(Found {
                        slot: *slot,
                        span,
                        text,
                        null,
                    });
                }
                SlotKind::Single {
                    slot: value_slot,
                    shape,
                } => {
                    let text = raw.get();
                    if !text.starts_with('"') {
                        return Err(not_a_string(&slot.path, text, span));
                    }
                    let (content, exact) = decode_string(text, span)?;
                    if strict && !shapes::matches(*shape, &content) {
                        return Err(Failure {
                            offset: span.start,
                            len: span.len(),
                            message: format!(
                                "expected {} ({}, or -) in \"{}\", found `{}`",
                                names[*value_slot],
                                shapes::describe(*shape),
                                slot.path.join("."),
                                super::sequence::shorten(&content)
                            ),
                        });
                    }
                    let span = if exact {
                        Span::new(span.start + 1, span.end - 1)
                    } else {
                        span
                    };
                    found.push(Found {
                        slot: *value_slot,
                        span,
                        text: content,
                        null: false,
                    });
                }
                SlotKind::InString(sequence) => {
                    let text = raw.get();
                    if !text.starts_with('"') {
                        return Err(Failure {
                            offset: span.start,
                            len: span.len(),
                            message: format!(
                                "expected a string for key \"{}\", found `{}`",
                                slot.path.join("."),
                                super::sequence::shorten(text)
                            ),
                        });
                    }
                    let (content, exact) = decode_string(text, span)?;
                    let content_start = span.start + 1;
                    let assignment =
                        sequence
                            .match_text(&content, strict, names)
                            .map_err(|failure| Failure {
                                offset: if exact {
                                    content_start + failure.offset
                                } else {
                                    span.start
                                },
                                len: if exact { failure.len } else { span.len() },
                                message: format!(
                                    "in \"{}\": {}",
                                    slot.path.join("."),
                                    failure.message
                                ),
                            })?;
                    for (slot, value_span) in assignment {
                        let text = match &content {
                            Cow::Borrowed(content) => Cow::Borrowed(&content[value_span.range()]),
                            Cow::Owned(content) => {
                                Cow::Owned(content[value_span.range()].to_owned())
                            }
                        };
                        let span = if exact {
                            value_span.shifted(content_start)
                        } else {
                            span
                        };
                        found.push(Found {
                            slot,
                            span,
                            text,
                            null: false,
                        });
                    }
                }
            }
        }
        Ok(found)
    }
}

fn collect_slots(
    value: &serde_json::Value,
    path: &mut Vec<String>,
    quotings: &[Quoting],
    shapes: &[ValueShape],
    names: &[String],
    slots: &mut Vec<JsonSlot>,
) -> Option<()> {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                if key.contains(MARK_OPEN) {
                    return None;
                }
                path.push(key.clone());
                collect_slots(child, path, quotings, shapes, names, slots)?;
                path.pop();
            }
            Some(())
        }
        serde_json::Value::String(text) if text.contains(MARK_OPEN) => {
            let steps = marked_steps(text, shapes)?;
            let kind = match steps.as_slice() {
                [Step::Value { slot, .. }] if quotings[*slot] == Quoting::Bare => {
                    SlotKind::Bare { slot: *slot }
                }
                [Step::Value { slot, shape }] => SlotKind::Single {
                    slot: *slot,
                    shape: *shape,
                },
                _ => SlotKind::InString(Sequence::new(steps, names)),
            };
            slots.push(JsonSlot {
                path: path.clone(),
                kind,
            });
            Some(())
        }
        serde_json::Value::Array(items) if items.iter().any(contains_marker) => None,
        _ => Some(()),
    }
}

fn contains_marker(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => text.contains(MARK_OPEN),
        serde_json::Value::Array(items) => items.iter().any(contains_marker),
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains(MARK_OPEN) || contains_marker(v)),
        _ => false,
    }
}

/// Split a marked string into literal and value steps.
fn marked_steps(text: &str, shapes: &[ValueShape]) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(MARK_OPEN) {
        if open > 0 {
            steps.push(Step::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let close = after.find(MARK_CLOSE)?;
        let slot: usize = after[..close].parse().ok()?;
        steps.push(Step::Value {
            slot,
            shape: *shapes.get(slot)?,
        });
        rest = &after[close + MARK_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        steps.push(Step::Literal(rest.to_owned()));
    }
    Some(steps)
}

/// The members of a JSON object, in line order, borrowing from the line.
type Members<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

fn parse_object<'a>(line: &'a str, text: &'a str) -> Result<Members<'a>, Failure> {
    let base = span_of(line, text).start;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let members = deserializer
        .deserialize_map(MembersVisitor)
        .and_then(|members| deserializer.end().map(|()| members));
    members.map_err(|error| {
        let mut offset = (base + error.column().saturating_sub(1)).min(line.len());
        if offset > 0 && line.as_bytes()[offset - 1] == b'-' {
            // serde_json reports the byte after a lone `-`.
            offset -= 1;
        }
        let hint = if line[offset..].starts_with('-') {
            " A bare - here means the format has an unquoted variable whose value was missing: quote it in the format."
        } else {
            ""
        };
        // The error's own "at line 1 column N" would repeat the offset we report.
        let text = error.to_string();
        let text = text.rfind(" at line ").map_or(text.as_str(), |cut| &text[..cut]);
        let message = match error.classify() {
            serde_json::error::Category::Data => format!("expected a JSON object, as the format is a JSON object ({text})"),
            _ => format!("not valid JSON: {text}.{hint}"),
        };
        Failure { offset, len: usize::from(offset < line.len()), message }
    })
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            members.push((key.0, map.next_value::<&'de RawValue>()?));
        }
        Ok(members)
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Walk `path` from the root object; the last member wins when a key repeats.
fn locate<'a>(line: &'a str, root: &Members<'a>, path: &[String]) -> Result<&'a RawValue, Failure> {
    let mut members: Cow<Members<'a>> = Cow::Borrowed(root);
    let mut container = span_of(line, line.trim_end());
    for (depth, key) in path.iter().enumerate() {
        let raw = members
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, raw)| *raw);
        let Some(raw) = raw else {
            let close = container.end.saturating_sub(1);
            return Err(Failure {
                offset: close,
                len: usize::from(close < container.end),
                message: format!(
                    "expected key \"{}\" in the JSON object, but the line has no such key",
                    path[..=depth].join(".")
                ),
            });
        };
        if depth + 1 == path.len() {
            return Ok(raw);
        }
        container = span_of(line, raw.get());
        members = Cow::Owned(parse_object(line, raw.get())?);
    }
    Err(Failure {
        offset: 0,
        len: 0,
        message: "empty key path".to_owned(),
    })
}

fn not_a_string(path: &[String], text: &str, span: Span) -> Failure {
    Failure {
        offset: span.start,
        len: span.len(),
        message: format!(
            "expected a string for key \"{}\", found `{}`",
            path.join("."),
            super::sequence::shorten(text)
        ),
    }
}

/// The content of a JSON string token; `exact` when it had no escapes, so offsets map 1:1.
fn decode_string(token: &str, span: Span) -> Result<(Cow<'_, str>, bool), Failure> {
    if !token.contains('\\') && token.len() >= 2 {
        return Ok((Cow::Borrowed(&token[1..token.len() - 1]), true));
    }
    serde_json::from_str::<String>(token)
        .map(|text| (Cow::Owned(text), false))
        .map_err(|error| Failure {
            offset: span.start,
            len: span.len(),
            message: format!("invalid JSON string: {error}"),
        })
}

/// The span of `inner`, a slice of `outer`, in `outer`'s offsets.
fn span_of(outer: &str, inner: &str) -> Span {
    let start = (inner.as_ptr() as usize)
        .saturating_sub(outer.as_ptr() as usize)
        .min(outer.len());
    Span::new(start, (start + inner.len()).min(outer.len()))
}
