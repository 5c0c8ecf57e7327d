//! The one model of a JSON-template format: the format read once as a JSON object whose keys and
//! values are templates (literal text and `$context` variables), each with its span in the
//! format. Line parsing, column prediction, the fixes and the JSON checks all read this model
//! rather than walking the text themselves.
//!
//! A variable inside a string (`"status":"$context.status"`) is [`Quoting::InString`]; one
//! standing where a JSON value goes (`"status":$context.status`) is [`Quoting::Bare`]: API
//! Gateway writes its value as is, so a missing value (`-`) breaks the JSON. [`quoting`] is the
//! lexical reading that needs no valid structure (the JSON checks use it on broken formats too);
//! [`JsonTemplate::parse`] is the structural one.
//!
//! ```
//! use gwlog_core::format::grammar;
//! use gwlog_core::format::json_template::{JsonTemplate, Quoting, Value};
//!
//! let format = r#"{"status":"$context.status","route":{"path":"$context.resourcePath"}}"#;
//! let template = JsonTemplate::parse(format, &grammar::parse(format)).unwrap();
//! let leaves: Vec<String> = template.leaves().map(|leaf| leaf.path.join(".")).collect();
//! assert_eq!(leaves, ["status", "route.path"]);
//! let Value::Text(status) = &template.root.members[0].value else { panic!() };
//! assert_eq!(status.quoting, Quoting::InString);
//! assert_eq!(&format[status.span.range()], "\"$context.status\"");
//! ```

use super::grammar::Piece;
use crate::diagnostic::Span;

/// Where a variable sits in a JSON template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// Inside a JSON string: `"status":"$context.status"`.
    InString,
    /// Outside any string: `"status":$context.status`.
    Bare,
}

/// The quoting of every variable piece, in order (one entry per `Piece::Variable`), read
/// lexically: it needs no valid JSON around it.
pub fn quoting(format: &str, pieces: &[Piece]) -> Vec<Quoting> {
    let mut in_string = false;
    let mut escaped = false;
    let mut result = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Variable { .. } => {
                result.push(if in_string {
                    Quoting::InString
                } else {
                    Quoting::Bare
                });
            }
            other => {
                for byte in format[other.span().range()].bytes() {
                    match byte {
                        _ if escaped => escaped = false,
                        b'\\' if in_string => escaped = true,
                        b'"' => in_string = !in_string,
                        _ => {}
                    }
                }
            }
        }
    }
    result
}

/// A JSON-template format, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonTemplate {
    /// The top-level object.
    pub root: Object,
}

/// A `{…}` object of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// From `{` to `}` inclusive.
    pub span: Span,
    /// The members, in format order (a repeated key appears twice).
    pub members: Vec<Member>,
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key (always quoted).
    pub key: Text,
    /// The value.
    pub value: Value,
}

/// A value of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A nested object.
    Object(Object),
    /// An array.
    Array(Array),
    /// A string, or a bare variable.
    Text(Text),
    /// A number, `true`, `false` or `null` written in the format.
    Constant(Span),
}

/// A `[…]` array of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Array {
    /// From `[` to `]` inclusive.
    pub span: Span,
    /// The items.
    pub items: Vec<Value>,
}

/// A string (key or value) or a bare variable: literal text and variables, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The whole token: quotes included for a string.
    pub span: Span,
    /// Inside a string, or bare.
    pub quoting: Quoting,
    /// The parts, in order; literal text is decoded (`\"` is `"`).
    pub parts: Vec<Part>,
}

/// A piece of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text, JSON escapes decoded.
    Literal(String),
    /// A `$context` variable.
    Variable(VariableRef),
}

/// A variable occurrence in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableRef {
    /// Which variable of the format it is: the index among its `Piece::Variable`s.
    pub index: usize,
    /// The name without `$context.`.
    pub name: String,
    /// The span of `$context.name`.
    pub span: Span,
}

impl Text {
    /// The variables, in order.
    pub fn variables(&self) -> impl Iterator<Item = &VariableRef> {
        self.parts.iter().filter_map(|part| match part {
            Part::Variable(variable) => Some(variable),
            Part::Literal(_) => None,
        })
    }

    /// Whether it holds a variable.
    pub fn has_variables(&self) -> bool {
        self.variables().next().is_some()
    }

    /// The text with each variable replaced by `value(variable)`.
    pub fn render(&self, mut value: impl FnMut(&VariableRef) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Variable(variable) => out.push_str(&value(variable)),
            }
        }
        out
    }

    /// The literal text, when there is no variable.
    pub fn literal(&self) -> Option<String> {
        (!self.has_variables()).then(|| self.render(|_| String::new()))
    }
}

impl Value {
    /// Every variable in this value, nested ones included, in format order.
    pub fn variables(&self) -> Vec<&VariableRef> {
        let mut out = Vec::new();
        self.collect_variables(&mut out);
        out
    }

    fn collect_variables<'a>(&'a self, out: &mut Vec<&'a VariableRef>) {
        match self {
            Value::Object(object) => {
                for member in &object.members {
                    out.extend(member.key.variables());
                    member.value.collect_variables(out);
                }
            }
            Value::Array(array) => {
                for item in &array.items {
                    item.collect_variables(out);
                }
            }
            Value::Text(text) => out.extend(text.variables()),
            Value::Constant(_) => {}
        }
    }

    /// The whole value's span.
    pub fn span(&self) -> Span {
        match self {
            Value::Object(object) => object.span,
            Value::Array(array) => array.span,
            Value::Text(text) => text.span,
            Value::Constant(span) => *span,
        }
    }
}

/// A string value holding variables, and the keys leading to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf<'t> {
    /// The keys from the root object down, literal text (a key holding a variable is rendered
    /// with its `$context.name`).
    pub path: Vec<String>,
    /// Whether a key on the path holds a variable.
    pub variable_in_key: bool,
    /// The value.
    pub text: &'t Text,
}

/// Why a format is not a readable JSON template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateError {
    /// Where reading stopped.
    pub span: Span,
    /// What was expected there.
    pub kind: TemplateErrorKind,
}

/// What a JSON template lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateErrorKind {
    /// The format does not start (after whitespace) with `{`.
    NotAnObject,
    /// A key is not a string.
    ExpectedKey,
    /// No `:` after a key.
    ExpectedColon,
    /// No value where one belongs, or a value JSON does not allow.
    ExpectedValue,
    /// No `,` or closing bracket after a value.
    ExpectedSeparator,
    /// A string that never ends, or holds an invalid escape or a control character.
    BadString,
    /// Text after the top-level object.
    TrailingText,
    /// A variable mixed with other bare text (`-$context.status`).
    MixedBareValue,
}

impl JsonTemplate {
    /// Reads `format` (with its `pieces`, from [`super::grammar::parse`]) as a JSON object
    /// template. Unsupported and incomplete references count as literal text, as API Gateway
    /// writes them.
    pub fn parse(format: &str, pieces: &[Piece]) -> Result<JsonTemplate, TemplateError> {
        let mut reader = Reader::new(format, pieces);
        reader.skip_whitespace();
        if reader.peek() != Some(b'{') {
            return Err(reader.error(TemplateErrorKind::NotAnObject));
        }
        let root = reader.object()?;
        reader.skip_whitespace();
        if reader.at < format.len() {
            return Err(reader.error(TemplateErrorKind::TrailingText));
        }
        Ok(JsonTemplate { root })
    }

    /// Every string or bare value holding a variable, with its key path, in format order.
    /// Values inside arrays are left out (they have no key path of their own).
    pub fn leaves(&self) -> impl Iterator<Item = Leaf<'_>> {
        let mut out = Vec::new();
        collect_leaves(&self.root, &mut Vec::new(), false, &mut out);
        out.into_iter()
    }

    /// Whether any array holds a variable.
    pub fn has_variables_in_arrays(&self) -> bool {
        fn in_arrays(value: &Value, inside: bool) -> bool {
            match value {
                Value::Object(object) => object
                    .members
                    .iter()
                    .any(|member| in_arrays(&member.value, inside)),
                Value::Array(array) => array.items.iter().any(|item| in_arrays(item, true)),
                Value::Text(text) => inside && text.has_variables(),
                Value::Constant(_) => false,
            }
        }
        self.root
            .members
            .iter()
            .any(|member| in_arrays(&member.value, false))
    }

    /// Whether any key holds a variable.
    pub fn has_variables_in_keys(&self) -> bool {
        fn in_keys(object: &Object) -> bool {
            object.members.iter().any(|member| {
                member.key.has_variables()
                    || match &member.value {
                        Value::Object(inner) => in_keys(inner),
                        _ => false,
                    }
            })
        }
        in_keys(&self.root)
    }
}

fn collect_leaves<'t>(
    object: &'t Object,
    path: &mut Vec<String>,
    variable_in_key: bool,
    out: &mut Vec<Leaf<'t>>,
) {
    for member in &object.members {
        let in_key = variable_in_key || member.key.has_variables();
        path.push(member.key.render(|v| format!("$context.{}", v.name)));
        match &member.value {
            Value::Object(inner) => collect_leaves(inner, path, in_key, out),
            Value::Text(text) if text.has_variables() => out.push(Leaf {
                path: path.clone(),
                variable_in_key: in_key,
                text,
            }),
            Value::Text(_) | Value::Array(_) | Value::Constant(_) => {}
        }
        path.pop();
    }
}

/// A cursor over the format that sees each variable as one token.
struct Reader<'f> {
    format: &'f str,
    bytes: &'f [u8],
    at: usize,
    /// `(start, end, index, name)` of each variable, in order.
    variables: Vec<(usize, usize, usize, &'f str)>,
    next_variable: usize,
}

impl<'f> Reader<'f> {
    fn new(format: &'f str, pieces: &'f [Piece]) -> Self {
        let variables = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Variable { name, span } => Some((span.start, span.end, name.as_str())),
                _ => None,
            })
            .enumerate()
            .map(|(index, (start, end, name))| (start, end, index, name))
            .collect();
        Reader {
            format,
            bytes: format.as_bytes(),
            at: 0,
            variables,
            next_variable: 0,
        }
    }

    fn error(&self, kind: TemplateErrorKind) -> TemplateError {
        let end = (self.at + 1).min(self.format.len());
        let mut end = end.max(self.at);
        while !self.format.is_char_boundary(end) {
            end += 1;
        }
        TemplateError {
            span: Span::new(self.at, end),
            kind,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// The variable starting exactly here, if any.
    fn variable_here(&mut self) -> Option<VariableRef> {
        while let Some(&(start, _, _, _)) = self.variables.get(self.next_variable) {
            if start >= self.at {
                break;
            }
            self.next_variable += 1;
        }
        let &(start, end, index, name) = self.variables.get(self.next_variable)?;
        (start == self.at).then(|| {
            self.next_variable += 1;
            self.at = end;
            VariableRef {
                index,
                name: name.to_owned(),
                span: Span::new(start, end),
            }
        })
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn object(&mut self) -> Result<Object, TemplateError> {
        let start = self.at;
        self.at += 1; // `{`
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Object {
                span: Span::new(start, self.at),
                members,
            });
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error(TemplateErrorKind::ExpectedKey));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error(TemplateErrorKind::ExpectedColon));
            }
            self.at += 1;
            self.skip_whitespace();
            let value = self.value()?;
            members.push(Member { key, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Object {
                        span: Span::new(start, self.at),
                        members,
                    });
                }
                _ => return Err(self.error(TemplateErrorKind::ExpectedSeparator)),
            }
        }
    }

    fn array(&mut self) -> Result<Array, TemplateError> {
        let start = self.at;
        self.at += 1; // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Array {
                span: Span::new(start, self.at),
                items,
            });
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Array {
                        span: Span::new(start, self.at),
                        items,
                    });
                }
                _ => return Err(self.error(TemplateErrorKind::ExpectedSeparator)),
            }
        }
    }

    fn value(&mut self) -> Result<Value, TemplateError> {
        match self.peek() {
            Some(b'{') => self.object().map(Value::Object),
            Some(b'[') => self.array().map(Value::Array),
            Some(b'"') => self.string().map(Value::Text),
            Some(_) => self.bare(),
            None => Err(self.error(TemplateErrorKind::ExpectedValue)),
        }
    }

    /// A bare value: one variable, or a JSON number, `true`, `false` or `null`.
    fn bare(&mut self) -> Result<Value, TemplateError> {
        let start = self.at;
        let mut parts = Vec::new();
        let mut literal = String::new();
        while let Some(byte) = self.peek() {
            if let Some(variable) = self.variable_here() {
                parts.push(Part::Variable(variable));
                continue;
            }
            if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            let c = self.format[self.at..].chars().next().unwrap_or_default();
            literal.push(c);
            self.at += c.len_utf8().max(1);
        }
        let span = Span::new(start, self.at);
        match (parts.len(), literal.is_empty()) {
            (0, false) if serde_json::from_str::<serde::de::IgnoredAny>(&literal).is_ok() => {
                Ok(Value::Constant(span))
            }
            (0, _) => {
                self.at = start;
                Err(self.error(TemplateErrorKind::ExpectedValue))
            }
            (1, true) => Ok(Value::Text(Text {
                span,
                quoting: Quoting::Bare,
                parts,
            })),
            _ => {
                self.at = start;
                Err(self.error(TemplateErrorKind::MixedBareValue))
            }
        }
    }

    /// A string starting at `"`: literal runs (decoded) and variables.
    fn string(&mut self) -> Result<Text, TemplateError> {
        let start = self.at;
        self.at += 1;
        let mut parts = Vec::new();
        let mut raw_start = self.at;
        loop {
            let Some(byte) = self.peek() else {
                self.at = start;
                return Err(self.error(TemplateErrorKind::BadString));
            };
            let variable_start = self.at;
            if let Some(variable) = self.variable_here() {
                self.push_literal(&mut parts, raw_start, variable_start, start)?;
                parts.push(Part::Variable(variable));
                raw_start = self.at;
                continue;
            }
            match byte {
                b'"' => {
                    self.push_literal(&mut parts, raw_start, self.at, start)?;
                    self.at += 1;
                    return Ok(Text {
                        span: Span::new(start, self.at),
                        quoting: Quoting::InString,
                        parts,
                    });
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
            self.at = self.at.min(self.format.len());
        }
    }

    fn push_literal(
        &self,
        parts: &mut Vec<Part>,
        from: usize,
        to: usize,
        string_start: usize,
    ) -> Result<(), TemplateError> {
        if from >= to {
            return Ok(());
        }
        let raw = &self.format[from..to];
        let decoded = if raw.contains('\\') || raw.bytes().any(|b| b < 0x20) {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).map_err(|_| TemplateError {
                span: Span::new(string_start, to),
                kind: TemplateErrorKind::BadString,
            })?
        } else {
            raw.to_owned()
        };
        parts.push(Part::Literal(decoded));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::grammar;

    fn parse(format: &str) -> Result<JsonTemplate, TemplateError> {
        JsonTemplate::parse(format, &grammar::parse(format))
    }

    fn leaf_paths(format: &str) -> Vec<String> {
        parse(format)
            .unwrap()
            .leaves()
            .map(|leaf| leaf.path.join("."))
            .collect()
    }

    #[test]
    fn keys_and_nested_paths_are_read_in_format_order() {
        let format = r#"{ "requestId":"$context.requestId", "identity": { "ip": "$context.identity.sourceIp" }, "status": "$context.status" }"#;
        assert_eq!(leaf_paths(format), ["requestId", "identity.ip", "status"]);
    }

    #[test]
    fn a_string_value_keeps_its_literal_text_and_variables_with_spans() {
        let format = r#"{"route":"$context.httpMethod $context.resourcePath"}"#;
        let template = parse(format).unwrap();
        let Value::Text(route) = &template.root.members[0].value else {
            panic!("not text")
        };
        assert_eq!(route.quoting, Quoting::InString);
        let names: Vec<&str> = route.variables().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["httpMethod", "resourcePath"]);
        assert_eq!(route.parts[1], Part::Literal(" ".into()));
        let method = route.variables().next().unwrap();
        assert_eq!(&format[method.span.range()], "$context.httpMethod");
    }

    #[test]
    fn a_bare_variable_is_a_bare_text_value() {
        let template = parse(r#"{"status":$context.status,"n":1,"ok":true}"#).unwrap();
        let values: Vec<&Value> = template.root.members.iter().map(|m| &m.value).collect();
        assert!(matches!(
            values[0],
            Value::Text(Text {
                quoting: Quoting::Bare,
                ..
            })
        ));
        assert!(matches!(values[1], Value::Constant(_)));
        assert!(matches!(values[2], Value::Constant(_)));
    }

    #[test]
    fn escapes_in_literal_text_are_decoded() {
        let template = parse(r#"{"q":"say \"$context.status\""}"#).unwrap();
        let Value::Text(text) = &template.root.members[0].value else {
            panic!("not text")
        };
        assert_eq!(text.parts[0], Part::Literal("say \"".into()));
        assert_eq!(text.parts[2], Part::Literal("\"".into()));
    }

    #[test]
    fn a_variable_in_a_key_is_flagged_on_its_leaves() {
        let template = parse(r#"{"$context.stage":{"status":"$context.status"}}"#).unwrap();
        assert!(template.has_variables_in_keys());
        let leaf = template.leaves().next().unwrap();
        assert!(leaf.variable_in_key);
        assert_eq!(leaf.path, ["$context.stage", "status"]);
    }

    #[test]
    fn variables_inside_arrays_are_not_leaves() {
        let template = parse(r#"{"ids":["$context.requestId"],"s":"$context.status"}"#).unwrap();
        assert!(template.has_variables_in_arrays());
        assert_eq!(template.leaves().count(), 1);
    }

    #[test]
    fn the_object_and_member_spans_point_into_the_format() {
        let format = "  {\"a\": \"$context.status\"}\n";
        let template = parse(format).unwrap();
        assert_eq!(
            &format[template.root.span.range()],
            "{\"a\": \"$context.status\"}"
        );
        let key = &template.root.members[0].key;
        assert_eq!(&format[key.span.range()], "\"a\"");
    }

    #[test]
    fn what_is_not_a_json_template_says_where() {
        let cases = [
            (
                "$context.requestId $context.status",
                TemplateErrorKind::NotAnObject,
            ),
            (
                r#"{"a" "$context.status"}"#,
                TemplateErrorKind::ExpectedColon,
            ),
            (
                r#"{"a":"$context.status" "b":1}"#,
                TemplateErrorKind::ExpectedSeparator,
            ),
            (
                r#"{"a":-$context.status}"#,
                TemplateErrorKind::MixedBareValue,
            ),
            (
                r#"{"a":"$context.status"} x"#,
                TemplateErrorKind::TrailingText,
            ),
            (r#"{"a":"$context.status}"#, TemplateErrorKind::BadString),
            (r#"{a:1}"#, TemplateErrorKind::ExpectedKey),
        ];
        for (format, kind) in cases {
            assert_eq!(
                parse(format).map(|_| ()).unwrap_err().kind,
                kind,
                "{format}"
            );
        }
    }

    #[test]
    fn every_json_preset_is_a_template_with_a_leaf_per_variable() {
        for preset in crate::format::presets::PRESETS {
            let pieces = grammar::parse(preset.format);
            if crate::format::kind::detect(preset.format, &pieces)
                != crate::format::FormatKind::Json
            {
                continue;
            }
            let template = JsonTemplate::parse(preset.format, &pieces).unwrap();
            let in_leaves: usize = template
                .leaves()
                .map(|leaf| leaf.text.variables().count())
                .sum();
            let variables = pieces
                .iter()
                .filter(|p| matches!(p, Piece::Variable { .. }))
                .count();
            assert_eq!(in_leaves, variables, "{}", preset.id);
        }
    }
}
