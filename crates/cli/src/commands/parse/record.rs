//! One output record per line: `{"line":N,"ok":true,"fields":{…}}` or the error, with each
//! line shape's keys rendered once.

use super::*;

/// Append the record of every line of `text`, numbered after `base` lines; whether any failed.
pub(super) fn render(
    matcher: &Matcher,
    text: &str,
    base: usize,
    layout: &mut Layout,
    out: &mut Vec<u8>,
) -> bool {
    let mut findings = false;
    for line in matcher.parse_lines(text) {
        findings |= line.result.is_err();
        write_record(out, base + line.number, &line.result, layout);
    }
    findings
}

/// Append one output line: `{"line":N,"ok":true,"fields":{…}}` (with `"warnings":[…]` when
/// there are any) or `{"line":N,"ok":false,"error":{…}}`, then a line break.
pub(super) fn write_record(
    out: &mut Vec<u8>,
    number: usize,
    result: &Result<ParsedLine<'_>, LineError>,
    layout: &mut Layout,
) {
    out.extend_from_slice(b"{\"line\":");
    write_u64(out, number as u64);
    match result {
        Ok(parsed) => {
            out.extend_from_slice(b",\"ok\":true,\"fields\":{");
            write_fields(out, parsed, layout);
            out.push(b'}');
            if parsed.not_json.is_some() || parsed.fields.iter().any(|f| !f.shape_ok) {
                out.extend_from_slice(b",\"warnings\":");
                write_serde(out, &warnings(parsed));
            }
        }
        Err(error) => {
            out.extend_from_slice(b",\"ok\":false,\"error\":");
            write_serde(out, error);
        }
    }
    out.extend_from_slice(b"}\n");
}

/// A line's fields as the members of a JSON object keyed by variable, in format order; a
/// variable used twice appears once, with the value `ParsedLine::value` gives it (the first
/// non-null occurrence).
pub(super) fn write_fields(out: &mut Vec<u8>, parsed: &ParsedLine<'_>, layout: &mut Layout) {
    // A slice, not the `Vec`: its indexing is inlined at every optimisation level.
    let fields = parsed.fields.as_slice();
    for member in layout.members(parsed) {
        let mut value = &fields[member.index].value;
        if matches!(value, FieldValue::Null) {
            if let Some(other) = member
                .repeats
                .iter()
                .map(|&j| &fields[j].value)
                .find(|v| !matches!(v, FieldValue::Null))
            {
                value = other;
            }
        }
        let key = member.key_and_quote.as_slice();
        match value {
            FieldValue::Text(text) => {
                // The key and the string's opening quote in one copy.
                out.extend_from_slice(key);
                write_escaped(out, text);
                out.push(b'"');
            }
            _ => {
                out.extend_from_slice(&key[..key.len() - 1]);
                write_value(out, value);
            }
        }
    }
}

/// Which fields of a line become which members of its `fields` object, worked out once per
/// sequence of variables (lines of one format nearly always have the same one).
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// Where each field's variable name is in memory, with its length: the names are borrowed
    /// from the matcher (or the input) for the whole run, so the same addresses mean the same
    /// names, and the members below still apply.
    names: Vec<(usize, usize)>,
    members: Vec<Member>,
}

#[derive(Debug)]
pub(super) struct Member {
    /// `"name":"`, preceded by a comma for every member but the first.
    key_and_quote: Vec<u8>,
    /// The field of the variable's first occurrence.
    index: usize,
    /// The fields of its later occurrences.
    repeats: Vec<usize>,
}

impl Layout {
    fn members(&mut self, parsed: &ParsedLine<'_>) -> &[Member] {
        let fields = &parsed.fields;
        let same = self.names.len() == fields.len()
            && self
                .names
                .iter()
                .zip(fields)
                .all(|(&name, field)| name == address(field.variable));
        if !same {
            self.names = fields.iter().map(|f| address(f.variable)).collect();
            self.members.clear();
            for (index, field) in fields.iter().enumerate() {
                let name = field.variable;
                if fields[..index].iter().any(|f| f.variable == name) {
                    continue;
                }
                let mut key = Vec::new();
                if !self.members.is_empty() {
                    key.push(b',');
                }
                write_str(&mut key, name);
                key.extend_from_slice(b":\"");
                let repeats = (index + 1..fields.len())
                    .filter(|&j| fields[j].variable == name)
                    .collect();
                self.members.push(Member {
                    key_and_quote: key,
                    index,
                    repeats,
                });
            }
        }
        &self.members
    }
}

pub(super) fn address(name: &str) -> (usize, usize) {
    (name.as_ptr() as usize, name.len())
}

/// Things that parsed but are not what API Gateway normally writes: a value of an unexpected
/// shape, or (for JSON formats) a line that is not valid JSON.
pub(super) fn warnings(parsed: &ParsedLine<'_>) -> Vec<LineError> {
    let odd_values = parsed
        .fields
        .iter()
        .filter(|f| !f.shape_ok)
        .map(|field| LineError {
            offset: field.span.start,
            span: field.span,
            message: format!(
                "{} has a value API Gateway would not write for its type ({})",
                field.variable,
                field.value_type.as_str()
            ),
        });
    parsed.not_json.iter().cloned().chain(odd_values).collect()
}

/// `value` as `serde_json` writes it (the rare parts of a record: errors and warnings).
pub(super) fn write_serde(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    // Writing into a `Vec` cannot fail, and these types always serialize; were one not to, the
    // record still gets a valid JSON value.
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}
