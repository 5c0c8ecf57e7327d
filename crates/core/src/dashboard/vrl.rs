//! An OpenObserve VRL function that parses a text access-log line (CLF, CSV, `Key: value`, XML)
//! into fields, and the realtime pipeline JSON that runs it, for HTTP and WebSocket APIs whose
//! lines reach OpenObserve through a CloudWatch Logs subscription as the text column `message`.
//!
//! The function matches the line with one regular expression built from the format (each
//! variable's value pattern from its shape, literals escaped) and writes one field per variable,
//! named by the key the to-JSON fix gives it, so the pipeline's output stream has the columns of
//! the converted format and the dashboard queries those. A line that does not match keeps its
//! row as it is (OpenObserve keeps the original row when a function fails). Functions and
//! pipelines: OpenObserve `src/config/src/meta/function.rs` and `src/config/src/meta/pipeline/`
//! at fbab9b80 (docs/sources.md, *OpenObserve functions and pipelines*).

use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::escape::regex_literal;
use crate::format::catalogue;
use crate::format::grammar::{self, Piece};
use crate::format::json_template::{JsonTemplate, Part, Value};
use crate::format::kind::{self, FormatKind};
use crate::openobserve::fixes;
use serde::Serialize;
use std::collections::HashMap;

/// The function's name in OpenObserve (the UI accepts `[A-Za-z_][A-Za-z0-9_]*`).
pub const FUNCTION_NAME: &str = "gwlog_parse_apigw";

/// A generated function and the fields it writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VrlFunction {
    /// The function's name.
    pub name: String,
    /// The VRL source.
    pub source: String,
    /// `(field, variable)` the function writes, in format order (variables without `$context.`).
    pub fields: Vec<(String, String)>,
}

impl VrlFunction {
    /// The body of `POST /api/{org}/functions`.
    pub fn create_request(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "name": self.name,
            "function": self.source,
            "params": "row",
            "transType": 0,
        }))
        .unwrap_or_default()
    }
}

/// Why a format gets no function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VrlError {
    /// The format is JSON already: OpenObserve parses it into `message_*` columns itself.
    AlreadyJson,
    /// The format has no variable to parse.
    NoVariables,
}

impl VrlError {
    /// The error as a diagnostic, for the CLI and the playground to show as they show others.
    pub fn diagnostic(self) -> Diagnostic {
        match self {
            VrlError::AlreadyJson => Diagnostic::info(
                Code::VrlNotNeeded,
                Span::at(0),
                "The format is JSON: OpenObserve parses each line into message_* columns itself, \
                 no function is needed.",
            ),
            VrlError::NoVariables => Diagnostic::error(
                Code::VrlNoVariables,
                Span::at(0),
                "The format has no $context variable for a function to parse.",
            ),
        }
    }
}

/// The key the to-JSON fix gives each variable of `format`.
fn keys_by_variable(format: &str, api: ApiType) -> HashMap<String, String> {
    let Ok(converted) = fixes::to_json(format, api) else {
        return HashMap::new();
    };
    let pieces = grammar::parse(&converted.format);
    let Ok(template) = JsonTemplate::parse(&converted.format, &pieces) else {
        return HashMap::new();
    };
    let mut keys = HashMap::new();
    for member in &template.root.members {
        let (Some(key), Value::Text(text)) = (member.key.literal(), &member.value) else {
            continue;
        };
        if let [Part::Variable(variable)] = text.parts.as_slice() {
            keys.insert(variable.name.clone(), key);
        }
    }
    keys
}

/// The VRL function parsing lines of the text `format` on a stage of `api`.
pub fn function(format: &str, api: ApiType) -> Result<VrlFunction, VrlError> {
    let pieces = grammar::parse(format);
    if kind::detect(format, &pieces) == FormatKind::Json {
        return Err(VrlError::AlreadyJson);
    }
    let keys = keys_by_variable(format, api);
    let mut pattern = String::from("^");
    let mut fields: Vec<(String, String)> = Vec::new();
    for piece in &pieces {
        match piece {
            Piece::Variable { name, .. } => {
                // The to-JSON fix reads the pre-quoted messageString as error.message.
                let keyed = if name == "error.messageString" {
                    "error.message"
                } else {
                    name.as_str()
                };
                let shape = catalogue::lookup(name).shape_for(api).regex();
                match keys.get(keyed) {
                    Some(key) if !fields.iter().any(|(field, _)| field == key) => {
                        pattern.push_str(&format!("(?P<{key}>{shape})"));
                        fields.push((key.clone(), name.clone()));
                    }
                    // A variable seen before (one field per variable) or without a key.
                    _ => pattern.push_str(&format!("(?:{shape})")),
                }
            }
            other => pattern.push_str(&regex_literal(
                format[other.span().range()].trim_end_matches(['\n', '\r']),
            )),
        }
    }
    pattern.push('$');
    if fields.is_empty() {
        return Err(VrlError::NoVariables);
    }
    // In a VRL raw regex literal only `'` needs care: write it as the regex escape \x27.
    let literal = pattern.replace('\'', r"\x27");
    let names: Vec<&str> = fields.iter().map(|(field, _)| field.as_str()).collect();
    let source = format!(
        "# Generated by gwlog: parses an API Gateway access-log line that arrived through CloudWatch\n\
         # Logs as `message` into the fields {}.\n\
         # A line that does not match keeps its row unchanged.\n\
         parsed, err = parse_regex(.message, r'{literal}')\n\
         if err == null {{\n  \
           . = merge(., parsed)\n  \
           del(.message)\n\
         }}\n\
         .\n",
        names.join(", ")
    );
    Ok(VrlFunction {
        name: FUNCTION_NAME.to_owned(),
        source,
        fields,
    })
}

/// The stream a pipeline writes the parsed rows of `source_stream` to (and the dashboard reads):
/// `<source>_parsed`, so the raw rows stay where the subscription delivers them.
pub fn parsed_stream(source_stream: &str) -> String {
    format!("{source_stream}_parsed")
}

/// The realtime pipeline that runs `function` on every row written to `source_stream` (where the
/// CloudWatch Logs subscription delivers) and writes the parsed rows to `output_stream`: the body
/// of `POST /api/{org}/pipelines`.
pub fn pipeline(
    function: &VrlFunction,
    org: &str,
    source_stream: &str,
    output_stream: &str,
) -> String {
    let stream_node = |id: &str, io_type: &str, y: i64, stream: &str| {
        serde_json::json!({
            "id": id,
            "io_type": io_type,
            "position": { "x": 0, "y": y },
            "data": {
                "node_type": "stream",
                "org_id": org,
                "stream_name": stream,
                "stream_type": "logs",
            },
        })
    };
    serde_json::to_string_pretty(&serde_json::json!({
        "name": "gwlog_apigw_parse",
        "description": "Parses API Gateway access-log lines (text format) from CloudWatch Logs into fields. Generated by gwlog.",
        "enabled": true,
        "source": {
            "source_type": "realtime",
            "org_id": org,
            "stream_name": source_stream,
            "stream_type": "logs",
        },
        "nodes": [
            stream_node("source", "input", 0, source_stream),
            {
                "id": "parse",
                "io_type": "default",
                "position": { "x": 0, "y": 100 },
                "data": {
                    "node_type": "function",
                    "name": function.name,
                    "after_flatten": false,
                    "num_args": 0,
                },
            },
            stream_node("output", "output", 200, output_stream),
        ],
        "edges": [
            { "id": "source-parse", "source": "source", "target": "parse" },
            { "id": "parse-output", "source": "parse", "target": "output" },
        ],
    }))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::presets::by_id;

    #[test]
    fn a_clf_format_gets_one_named_group_per_variable_keyed_like_the_to_json_fix() {
        let preset = by_id("http-clf").unwrap();
        let function = function(preset.format, ApiType::Http).unwrap();
        assert!(function.source.contains("parse_regex(.message, r'^"));
        assert!(function
            .fields
            .iter()
            .any(|(key, variable)| key == "requestId" && variable == "requestId"));
        for (key, _) in &function.fields {
            assert!(function.source.contains(&format!("(?P<{key}>")), "{key}");
        }
    }

    #[test]
    fn a_json_format_needs_no_function() {
        let preset = by_id("http-json").unwrap();
        assert_eq!(
            function(preset.format, ApiType::Http),
            Err(VrlError::AlreadyJson)
        );
    }

    #[test]
    fn the_pipeline_runs_the_function_between_the_two_streams() {
        let preset = by_id("http-clf").unwrap();
        let function = function(preset.format, ApiType::Http).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&pipeline(&function, "default", "apigw_raw", "apigw")).unwrap();
        assert_eq!(json["source"]["stream_name"], "apigw_raw");
        assert_eq!(json["nodes"][1]["data"]["name"], FUNCTION_NAME);
        assert_eq!(json["nodes"][2]["data"]["stream_name"], "apigw");
        assert_eq!(json["edges"].as_array().unwrap().len(), 2);
    }
}
