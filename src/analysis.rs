//! One snapshot of the playground's inputs run through `gwlog_core`: the checked format and
//! the outcome of parsing each sample line with it. Components only display these values.

use gwlog_core::api::ApiType;
use gwlog_core::diagnostic::Span;
use gwlog_core::format::shape::ValueType;
use gwlog_core::format::{self, CheckedFormat};
use gwlog_core::line::{Field, FieldValue, LineError, Matcher};
use std::borrow::Cow;
use std::rc::Rc;

/// One variable's value in one line, owned so it can outlive the matcher that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRow {
    /// The variable, `$context.status`.
    pub variable: String,
    /// The typed value.
    pub value: FieldValue<'static>,
    /// The variable's value type.
    pub value_type: ValueType,
    /// Where the value is in the line.
    pub span: Span,
    /// Whether the value has the shape the variable's values normally have.
    pub shape_ok: bool,
}

impl From<Field<'_>> for FieldRow {
    fn from(field: Field<'_>) -> Self {
        FieldRow {
            variable: field.variable.to_owned(),
            value: match field.value {
                FieldValue::Null => FieldValue::Null,
                FieldValue::Integer(number) => FieldValue::Integer(number),
                FieldValue::Text(text) => FieldValue::Text(Cow::Owned(text.into_owned())),
            },
            value_type: field.value_type,
            span: field.span,
            shape_ok: field.shape_ok,
        }
    }
}

/// What happened to one non-empty sample line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineOutcome {
    /// 1-based line number in the sample-lines editor.
    pub number: usize,
    /// The line as parsed (without its line break).
    pub text: String,
    /// The fields in format order, or where and why parsing failed.
    pub result: Result<Vec<FieldRow>, LineError>,
    /// For a JSON format: the line matched position by position but is not valid JSON (a bare
    /// `-`, a doubly-quoted message), so JSON readers such as OpenObserve reject it.
    pub not_json: Option<LineError>,
}

impl LineOutcome {
    /// Whether the line matched the format.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// The checked format and parsed lines for one `(api, format, lines)` snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// API type the rules were applied for.
    pub api: ApiType,
    /// The format text analysed; diagnostic spans point into it.
    pub format: String,
    /// The sample-lines text analysed.
    pub lines_text: String,
    /// Kind, variables and diagnostics of the format.
    pub checked: CheckedFormat,
    /// One outcome per non-empty line, in order.
    pub lines: Vec<Rc<LineOutcome>>,
    /// How many lines parsed.
    pub ok: usize,
    /// How many lines failed to parse.
    pub failed: usize,
}

impl Analysis {
    /// Checks `format` for `api` and parses every non-empty line of `lines` with it
    /// ([`Matcher::parse_lines`]: a `\r` before a line break is not part of the line).
    pub fn run(api: ApiType, format: &str, lines: &str) -> Self {
        let checked = format::check(format, api);
        let matcher = Matcher::new(format, api);
        let lines_out: Vec<Rc<LineOutcome>> = matcher
            .parse_lines(lines)
            .map(|outcome| {
                let not_json = outcome
                    .result
                    .as_ref()
                    .ok()
                    .and_then(|parsed| parsed.not_json.clone());
                Rc::new(LineOutcome {
                    number: outcome.number,
                    text: outcome.text.to_owned(),
                    result: outcome
                        .result
                        .map(|parsed| parsed.fields.into_iter().map(FieldRow::from).collect()),
                    not_json,
                })
            })
            .collect();
        let ok = lines_out.iter().filter(|l| l.is_ok()).count();
        Analysis {
            api,
            format: format.to_owned(),
            lines_text: lines.to_owned(),
            checked,
            failed: lines_out.len() - ok,
            ok,
            lines: lines_out,
        }
    }

    /// How many non-empty sample lines there are, when there are some and none of them parses
    /// with the format (the simulation then shows the lines as they are).
    pub fn mismatch(&self) -> Option<usize> {
        (!self.lines.is_empty() && self.ok == 0).then_some(self.lines.len())
    }

    /// Whether this analysis is of exactly these inputs.
    pub fn is_for(&self, api: ApiType, format: &str, lines: &str) -> bool {
        self.api == api && self.format == format && self.lines_text == lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gwlog_core::format::presets;

    fn analyse(preset: &str, lines: &str) -> Analysis {
        let preset = presets::by_id(preset).expect("preset exists");
        Analysis::run(preset.api, preset.format, lines)
    }

    const HTTP_CLF_LINE: &str = r#"1.128.0.0 - - [09/Jun/2023:12:54:08 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;

    #[test]
    fn empty_lines_are_skipped_but_numbering_follows_the_editor() {
        let analysis = analyse("http-clf", &format!("\n\n{HTTP_CLF_LINE}\n"));
        let numbers: Vec<usize> = analysis.lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [3]);
    }

    #[test]
    fn counts_parsed_and_failed_lines() {
        let analysis = analyse("http-clf", &format!("{HTTP_CLF_LINE}\nnot a log line\n"));
        assert_eq!((analysis.ok, analysis.failed), (1, 1));
    }

    #[test]
    fn a_windows_line_break_is_not_part_of_the_line() {
        let analysis = analyse("http-clf", &format!("{HTTP_CLF_LINE}\r\n"));
        assert_eq!(analysis.lines[0].text, HTTP_CLF_LINE);
        assert!(analysis.lines[0].is_ok());
    }

    #[test]
    fn values_are_typed_by_the_core() {
        let analysis = analyse("http-clf", HTTP_CLF_LINE);
        let fields = analysis.lines[0].result.as_ref().expect("line parses");
        let status = fields
            .iter()
            .find(|f| f.variable == "$context.status")
            .expect("status field");
        assert_eq!(status.value, FieldValue::Integer(200));
        let route = fields
            .iter()
            .find(|f| f.variable == "$context.routeKey")
            .expect("routeKey field");
        assert_eq!(route.value, FieldValue::Text("GET /pets".into()));
    }

    #[test]
    fn knows_which_inputs_it_describes() {
        let analysis = Analysis::run(ApiType::Rest, "$context.requestId", "x");
        assert!(analysis.is_for(ApiType::Rest, "$context.requestId", "x"));
        assert!(!analysis.is_for(ApiType::Http, "$context.requestId", "x"));
    }
}
