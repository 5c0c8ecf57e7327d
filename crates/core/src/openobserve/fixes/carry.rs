//! Sample lines carried across a fix: re-rendered for the new format with the values they had.

use crate::api::ApiType;
use crate::format::catalogue;
use crate::line::{FieldValue, Matcher};
use crate::synth::{self, Rng, Template};
use serde::Serialize;
use std::collections::HashMap;

/// Sample lines re-rendered for a fixed format.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Carried {
    /// The rewritten sample-lines text (one line per input line; blank lines kept).
    pub text: String,
    /// How many lines were rewritten.
    pub rewritten: usize,
    /// How many non-empty lines did not match the old format and were kept as they were.
    pub kept: usize,
    /// Variables of the new format the old lines did not have, filled with generated values.
    pub generated: Vec<String>,
}

/// The sample lines as API Gateway would have written them with `new` instead of `old`: each
/// line that matches `old` is rendered with `new` (values escaped inside JSON strings as API
/// Gateway does), every variable getting the value parsed from the line. Variables the line
/// lacks get a generated value of their shape (never `-`; times in the hour before `now_ms`).
/// Lines that do not match `old` are kept.
pub fn carry_lines(old: &str, new: &str, api: ApiType, lines: &str, now_ms: i64) -> Carried {
    let matcher = Matcher::new(old, api);
    let template = Template::new(new);
    let mut rng = Rng::new(now_ms as u64);
    let mut carried = Carried::default();
    let mut out = Vec::new();
    for raw in lines.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            out.push(String::new());
            continue;
        }
        let Ok(parsed) = matcher.parse_line(line) else {
            carried.kept += 1;
            out.push(line.to_owned());
            continue;
        };
        let values = line_values(&parsed);
        let rendered = template.render(|name| match values.get(name) {
            Some(value) => value.clone(),
            None => {
                let variable = format!("$context.{name}");
                if !carried.generated.contains(&variable) {
                    carried.generated.push(variable);
                }
                synth::present_value(catalogue::lookup(name).shape_for(api), &mut rng, now_ms)
            }
        });
        carried.rewritten += 1;
        out.push(rendered.trim_end_matches(['\n', '\r']).to_owned());
    }
    carried.text = out.join("\n");
    carried
}

/// Each variable's value in a parsed line, as API Gateway wrote it (`-` for a missing value),
/// keyed by name without `$context.`.
pub(super) fn line_values<'a>(parsed: &'a crate::line::ParsedLine<'_>) -> HashMap<&'a str, String> {
    let mut values = HashMap::new();
    for field in &parsed.fields {
        let name = field
            .variable
            .strip_prefix("$context.")
            .unwrap_or(field.variable);
        values.entry(name).or_insert_with(|| match &field.value {
            FieldValue::Null => "-".to_owned(),
            FieldValue::Integer(number) => number.to_string(),
            FieldValue::Text(text) => text.to_string(),
        });
    }
    values
}
