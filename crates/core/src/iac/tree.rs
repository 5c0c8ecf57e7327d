//! One document tree for YAML and JSON templates, every string with its [`Text`] map.
//!
//! YAML comes from yaml-rust2's event API (its markers give each scalar's start; [`align`] maps
//! the rest); short-form tags become the long form (`!Sub x` is `{"Fn::Sub": x}`), so templates
//! in both syntaxes are read by the same code. JSON is read by a small scanner here that keeps
//! every string's exact source map (serde_json checks the syntax first).

use super::text::{align, json_string, Escapes, Text};
use crate::diagnostic::Span;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A value in the tree, with the file offset it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// File byte offset of the value's first character.
    pub at: usize,
    /// What it is.
    pub kind: Kind,
}

/// The kinds of value templates hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string (also YAML numbers and other plain scalars).
    Str(Text),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, keys in file order.
    Map(Vec<(Text, Node)>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`, numbers in JSON, anything else without a string value.
    Other,
}

impl Node {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _)| k.value == key).map(|e| &e.1),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn str(&self) -> Option<&Text> {
        match &self.kind {
            Kind::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn entries(&self) -> &[(Text, Node)] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The single `Fn::…`/`Ref`/`Condition` key and its argument, if this is an intrinsic.
    pub fn intrinsic(&self) -> Option<(&str, &Node)> {
        match self.entries() {
            [(key, arg)]
                if key.value == "Ref"
                    || key.value == "Condition"
                    || key.value.starts_with("Fn::") =>
            {
                Some((key.value.as_str(), arg))
            }
            _ => None,
        }
    }

    /// A span for findings about the whole value: its string token, or its first character.
    pub fn span(&self) -> Span {
        match &self.kind {
            Kind::Str(text) => text.token,
            Kind::Map(entries) => match entries.as_slice() {
                [(key, value)] if self.intrinsic().is_some() => {
                    Span::new(self.at, value.span().end.max(key.token.end))
                }
                _ => Span::new(self.at, self.at + 1),
            },
            _ => Span::new(self.at, self.at + 1),
        }
    }
}

/// A syntax error: where (file byte offset) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub at: usize,
    pub message: String,
}

struct Collector {
    events: Vec<(Event, Marker)>,
}

impl MarkedEventReceiver for Collector {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        self.events.push((ev, mark));
    }
}

/// Byte offset of each character index (yaml-rust2 counts characters).
fn char_offsets(src: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
    offsets.push(src.len());
    offsets
}

/// Parse the first document of a YAML file.
pub(crate) fn parse_yaml(src: &str) -> Result<Option<Node>, SyntaxError> {
    let offsets = char_offsets(src);
    let byte = |mark: &Marker| offsets.get(mark.index()).copied().unwrap_or(src.len());
    let mut collector = Collector { events: Vec::new() };
    let mut parser = Parser::new_from_str(src);
    if let Err(error) = parser.load(&mut collector, false) {
        return Err(SyntaxError {
            at: byte(error.marker()),
            message: error.to_string(),
        });
    }
    let mut builder = YamlBuilder {
        src,
        events: &collector.events,
        next: 0,
        anchors: HashMap::new(),
        byte: &byte,
    };
    while builder.next < collector.events.len() {
        match &collector.events[builder.next].0 {
            Event::DocumentStart => {
                builder.next += 1;
                return Ok(builder.node(0));
            }
            _ => builder.next += 1,
        }
    }
    Ok(None)
}

struct YamlBuilder<'a> {
    src: &'a str,
    events: &'a [(Event, Marker)],
    next: usize,
    anchors: HashMap<usize, Node>,
    byte: &'a dyn Fn(&Marker) -> usize,
}

impl YamlBuilder<'_> {
    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > 200 {
            return None;
        }
        let (event, mark) = self.events.get(self.next)?;
        self.next += 1;
        let at = (self.byte)(mark);
        let (node, anchor, tag) = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let kind = if *style == TScalarStyle::Plain && tag.is_none() {
                    match value.as_str() {
                        "true" | "True" | "TRUE" => Kind::Bool(true),
                        "false" | "False" | "FALSE" => Kind::Bool(false),
                        "null" | "Null" | "NULL" | "~" | "" => Kind::Other,
                        _ => Kind::Str(self.scalar(at, value, *style)),
                    }
                } else {
                    Kind::Str(self.scalar(at, value, *style))
                };
                (Node { at, kind }, *anchor, tag.clone())
            }
            Event::SequenceStart(anchor, tag) => {
                let mut items = Vec::new();
                while let Some((ev, _)) = self.events.get(self.next) {
                    if *ev == Event::SequenceEnd {
                        self.next += 1;
                        break;
                    }
                    items.push(self.node(depth + 1)?);
                }
                (
                    Node {
                        at,
                        kind: Kind::Seq(items),
                    },
                    *anchor,
                    tag.clone(),
                )
            }
            Event::MappingStart(anchor, tag) => {
                let mut entries = Vec::new();
                while let Some((ev, _)) = self.events.get(self.next) {
                    if *ev == Event::MappingEnd {
                        self.next += 1;
                        break;
                    }
                    let key = self.node(depth + 1)?;
                    let value = self.node(depth + 1)?;
                    let key = match key.kind {
                        Kind::Str(text) => text,
                        _ => Text::coarse("", Span::at(key.at)),
                    };
                    entries.push((key, value));
                }
                (
                    Node {
                        at,
                        kind: Kind::Map(entries),
                    },
                    *anchor,
                    tag.clone(),
                )
            }
            Event::Alias(id) => {
                let mut node = self.anchors.get(id).cloned().unwrap_or(Node {
                    at,
                    kind: Kind::Other,
                });
                node.at = at;
                return Some(node);
            }
            _ => return None,
        };
        let node = match tag {
            Some(tag) if tag.handle == "!" => {
                let name = match tag.suffix.as_str() {
                    "Ref" | "Condition" => tag.suffix.clone(),
                    other => format!("Fn::{other}"),
                };
                let key = Text::coarse(&name, Span::new(at, at + 1 + tag.suffix.len()));
                Node {
                    at,
                    kind: Kind::Map(vec![(key, node)]),
                }
            }
            _ => node,
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Some(node)
    }

    /// A scalar's text mapped back through its quoting style, starting at its marker.
    fn scalar(&self, at: usize, value: &str, style: TScalarStyle) -> Text {
        let src = self.src;
        let mut p = at;
        // The marker may sit on a tag (`!Sub "…"`) or an anchor: skip them.
        while let Some(rest) = src.get(p..) {
            if rest.starts_with('!') || rest.starts_with('&') {
                p += rest.find(char::is_whitespace).unwrap_or(rest.len());
                let rest = &src[p..];
                p += rest.len() - rest.trim_start_matches([' ', '\t']).len();
            } else {
                break;
            }
        }
        let (from, escapes) = match style {
            TScalarStyle::SingleQuoted => (expect(src, p, '\''), Escapes::YamlSingle),
            TScalarStyle::DoubleQuoted => (expect(src, p, '"'), Escapes::YamlDouble),
            // The marker sits on the `|`/`>` header (skip its line) or on the content.
            TScalarStyle::Literal | TScalarStyle::Folded if src[p..].starts_with(['|', '>']) => {
                (src[p..].find('\n').map(|i| p + i + 1), Escapes::None)
            }
            _ => (Some(p), Escapes::None),
        };
        let start = p;
        if let Some(from) = from {
            if let Some((map, end)) = align(src, from, value, escapes) {
                let end = match style {
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => end + 1,
                    _ => end,
                };
                return Text {
                    value: value.to_owned(),
                    map,
                    token: Span::new(start, end.min(src.len()).max(start)),
                };
            }
        }
        let end = src[start..]
            .find('\n')
            .map_or(src.len(), |i| start + i)
            .max(start);
        Text::coarse(value, Span::new(start, end))
    }
}

/// The offset after `quote` at `p` (or the next one on the line).
fn expect(src: &str, p: usize, quote: char) -> Option<usize> {
    let rest = src.get(p..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line.find(quote).map(|i| p + i + 1)
}

/// Parse a JSON document (serde_json checks the syntax; the scanner keeps the positions).
pub(crate) fn parse_json(src: &str) -> Result<Node, SyntaxError> {
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(src) {
        let line_start: usize = src
            .split_inclusive('\n')
            .take(error.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let column = src[line_start..]
            .char_indices()
            .nth(error.column().saturating_sub(1))
            .map_or(src.len(), |(i, _)| line_start + i);
        return Err(SyntaxError {
            at: column.min(src.len()),
            message: error.to_string(),
        });
    }
    let mut scanner = JsonScanner { src, p: 0 };
    let node = scanner.value(0);
    node.ok_or(SyntaxError {
        at: scanner.p,
        message: "unexpected JSON".to_owned(),
    })
}

struct JsonScanner<'a> {
    src: &'a str,
    p: usize,
}

impl JsonScanner<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.src[self.p..];
        self.p += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.p).copied()
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > 256 {
            return None;
        }
        self.skip_ws();
        let at = self.p;
        match self.peek()? {
            b'"' => {
                let (text, end) = json_string(self.src, at).ok()?;
                self.p = end;
                Some(Node {
                    at,
                    kind: Kind::Str(text),
                })
            }
            b'{' => {
                self.p += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b'}' => {
                            self.p += 1;
                            break;
                        }
                        b',' => self.p += 1,
                        b'"' => {
                            let (key, end) = json_string(self.src, self.p).ok()?;
                            self.p = end;
                            self.skip_ws();
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.p += 1;
                            let value = self.value(depth + 1)?;
                            entries.push((key, value));
                        }
                        _ => return None,
                    }
                }
                Some(Node {
                    at,
                    kind: Kind::Map(entries),
                })
            }
            b'[' => {
                self.p += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b']' => {
                            self.p += 1;
                            break;
                        }
                        b',' => self.p += 1,
                        _ => items.push(self.value(depth + 1)?),
                    }
                }
                Some(Node {
                    at,
                    kind: Kind::Seq(items),
                })
            }
            _ => {
                let rest = &self.src[at..];
                let len = rest
                    .find(|c: char| matches!(c, ',' | ']' | '}') || c.is_whitespace())
                    .unwrap_or(rest.len());
                self.p += len.max(1);
                let kind = match &rest[..len] {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    _ => Kind::Other,
                };
                Some(Node { at, kind })
            }
        }
    }
}
