//! Matching JSON lines, compiled from the format's JSON-template model: parse the line as JSON and find each variable by its key path, so key
//! order and whitespace may differ from the format. Values inside strings are unescaped as API
//! Gateway escapes them (`\"`, `\\`), then matched against the string's own template (a value may
//! share its string with literal text: `"route":"$context.httpMethod $context.resourcePath"`).

use super::sequence::{Failure, Sequence, Step};
use super::shapes;
use crate::api::ApiType;
use crate::diagnostic::Span;
use crate::format::catalogue;
use crate::format::grammar::Piece;
use crate::format::json_template::{JsonTemplate, Part, Quoting};
use crate::format::shape::ValueShape;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

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
pub(crate) struct JsonMatcher {
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

impl JsonMatcher {
    /// Compile the JSON structure of a format, read from its JSON-template model. `None` if the
    /// format is not a JSON object with variables only in values outside arrays (then the text
    /// matcher is used instead).
    pub fn compile(format: &str, pieces: &[Piece], api: ApiType, names: &[String]) -> Option<Self> {
        let template = JsonTemplate::parse(format, pieces).ok()?;
        if template.has_variables_in_keys() || template.has_variables_in_arrays() {
            return None;
        }
        let shapes: Vec<ValueShape> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Variable { name, .. } => Some(catalogue::lookup(name).shape_for(api)),
                _ => None,
            })
            .collect();
        let mut slots: Vec<JsonSlot> = Vec::new();
        for leaf in template.leaves() {
            let text = leaf.text;
            let kind = match text.parts.as_slice() {
                [Part::Variable(variable)] if text.quoting == Quoting::Bare => SlotKind::Bare {
                    slot: variable.index,
                },
                [Part::Variable(variable)] => SlotKind::Single {
                    slot: variable.index,
                    shape: *shapes.get(variable.index)?,
                },
                parts => {
                    let mut steps = Vec::with_capacity(parts.len());
                    for part in parts {
                        steps.push(match part {
                            Part::Literal(literal) => Step::Literal(literal.clone()),
                            Part::Variable(variable) => Step::Value {
                                slot: variable.index,
                                shape: *shapes.get(variable.index)?,
                            },
                        });
                    }
                    SlotKind::InString(Sequence::new(steps, names))
                }
            };
            // A repeated key: JSON readers keep the last value, and so does the line lookup.
            slots.retain(|slot| slot.path != leaf.path);
            slots.push(JsonSlot {
                path: leaf.path,
                kind,
            });
        }
        // Report missing keys in the order the format lists them.
        slots.sort_by_key(JsonSlot::first_slot);
        Some(JsonMatcher { slots })
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
        // serde_json counts columns in characters: an offset past multibyte text can land inside
        // a character, so step back to its start.
        while !line.is_char_boundary(offset) {
            offset -= 1;
        }
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
