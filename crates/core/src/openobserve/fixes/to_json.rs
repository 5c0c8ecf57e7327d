//! The to-JSON fix: a CLF, CSV, XML or `Key: value` text format rewritten as one JSON object
//! with a key per variable, every value quoted.

use super::{error, Fix, FixError, FixErrorKind};
use crate::api::ApiType;
use crate::format::grammar::{self, Piece};
use crate::format::kind::{self, FormatKind};
use crate::openobserve::columns::format_key;

/// One key of the JSON format being built.
struct Entry {
    /// Variable name without `$context.`.
    variable: String,
    /// The label written before it in the text format, if any.
    label: Option<String>,
}

/// Converts a CLF, CSV, XML or `Key: value` text format into an equivalent JSON format.
///
/// - Keys come from the format's labels where it has them (`RequestId: $context.requestId` →
///   `"requestId"`, `<ip>$context.identity.sourceIp</ip>` → `"ip"`, `id="$context.requestId"` →
///   `"id"`), cleaned to letters, digits and `_` in lower camel case; otherwise from the
///   variable's last name segment (`$context.identity.sourceIp` → `"sourceIp"`), or its whole path
///   (`identity_sourceIp`) when two keys would share a column.
/// - Every value is quoted (`"$context.status"`), so a missing value (`-`) stays valid JSON.
/// - `$context.error.messageString` becomes `"$context.error.message"`; `$context.requestId` is
///   added first if the format lacks it; each variable appears once; a final newline is kept.
///
/// The result passes [`crate::format::check`] without errors or JSON warnings.
///
/// The keys do not depend on the API type; it is taken for symmetry with the other fixes.
pub fn to_json(format: &str, _api: ApiType) -> Result<Fix, FixError> {
    const FIX: &str = "to-json";
    let pieces = grammar::parse(format);
    let format_kind = kind::detect(format, &pieces);
    if format_kind == FormatKind::Json {
        return Err(error(FIX, FixErrorKind::AlreadyJson));
    }

    let mut entries: Vec<Entry> = Vec::new();
    let mut replaced_message_string = false;
    let mut repeated = Vec::new();
    let mut dropped = Vec::new();
    let mut previous_end = 0;
    for piece in &pieces {
        match piece {
            Piece::Variable { name, span } => {
                let label = label_before(&format[previous_end..span.start]);
                previous_end = span.end;
                let variable = if name == "error.messageString" {
                    replaced_message_string = true;
                    "error.message"
                } else {
                    name.as_str()
                };
                if entries.iter().any(|e| e.variable == variable) {
                    repeated.push(format!("$context.{variable}"));
                    continue;
                }
                entries.push(Entry {
                    variable: variable.to_owned(),
                    label,
                });
            }
            Piece::Unsupported { span, .. } | Piece::Incomplete(span) => {
                previous_end = span.end;
                dropped.push(format[span.range()].to_owned());
            }
            Piece::Literal(_) => {}
        }
    }
    let added_request_id = !entries.iter().any(|e| e.variable == "requestId");
    if added_request_id {
        entries.insert(
            0,
            Entry {
                variable: "requestId".to_owned(),
                label: None,
            },
        );
    }

    let keys = assign_keys(&entries);
    let members: Vec<String> = entries
        .iter()
        .zip(&keys)
        .map(|(entry, key)| format!("\"{key}\":\"$context.{}\"", entry.variable))
        .collect();
    let newline = if format.ends_with('\n') { "\n" } else { "" };
    let json = format!("{{{}}}{newline}", members.join(","));

    let labelled = entries.iter().filter(|e| e.label.is_some()).count();
    let mut explanation = format!(
        "Converted the {} format to JSON. OpenObserve's Firehose endpoint reads only JSON: every \
         {} record fails the whole batch with 400, valid records included. ",
        format_kind.label(),
        format_kind.label()
    );
    explanation.push_str(match labelled {
        0 => "The keys are the variables' names (with their path where two would clash). ",
        n if n == entries.len() => "The keys are the format's own labels, cleaned up. ",
        _ => {
            "The keys are the format's own labels, cleaned up, or the variables' names where \
             there is no label. "
        }
    });
    explanation.push_str(
        "Every value is quoted, so a missing value (API Gateway writes -) still gives valid JSON; \
         numbers are therefore stored as text (Utf8): CAST them in SQL. Separators and other \
         literal text are left out.",
    );
    if replaced_message_string {
        explanation.push_str(
            " $context.error.messageString is already quoted by API Gateway and breaks JSON either \
             way: replaced by \"$context.error.message\".",
        );
    }
    if added_request_id {
        explanation.push_str(
            " Added \"requestId\":\"$context.requestId\": each row needs its request id (and API \
             Gateway requires a request id in every format).",
        );
    }
    if !repeated.is_empty() {
        explanation.push_str(&format!(
            " Kept one key per variable (repeated: {}).",
            repeated.join(", ")
        ));
    }
    if !dropped.is_empty() {
        explanation.push_str(&format!(
            " Left out {}: access logs support only $context variables.",
            dropped.join(", ")
        ));
    }
    Ok(Fix::new(FIX, format, json, explanation))
}

/// The label written just before a variable: `Name:`/`Name=` (optionally followed by a quote or
/// bracket), an XML element `<name>` or attribute `name="`.
fn label_before(preceding: &str) -> Option<String> {
    let trimmed = preceding.trim_end();
    if let Some(tag) = trimmed.strip_suffix('>') {
        let inside = &tag[tag.rfind('<')? + 1..];
        if inside.starts_with(['/', '!', '?']) {
            return None;
        }
        let name: String = inside
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
            .collect();
        return clean_key(&name);
    }
    let before_value = preceding.trim_end_matches(['"', '\'', '[', '(', ' ', '\t']);
    let before_sign = before_value
        .strip_suffix(':')
        .or_else(|| before_value.strip_suffix('='))?
        .trim_end();
    let start = before_sign
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(0, |i| {
            i + before_sign[i..].chars().next().map_or(1, char::len_utf8)
        });
    clean_key(&before_sign[start..])
}

/// A JSON key from free text: words of letters, digits and `_`, each in lower camel case, joined
/// by `_` (`RequestId` → `requestId`, `SourceIP` → `sourceIP`, `x-api-key` → `x_api_key`).
fn clean_key(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .map(lower_camel)
        .collect();
    (!words.is_empty()).then(|| words.join("_"))
}

/// `RequestId` → `requestId`, `HTTPMethod` → `httpMethod`, `IP` → `ip`, `sourceIp` unchanged.
fn lower_camel(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let run = chars.iter().take_while(|c| c.is_uppercase()).count();
    let lower_up_to = if run > 1 && chars.get(run).is_some_and(|c| c.is_lowercase()) {
        run - 1
    } else {
        run
    };
    chars
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let lowered: Vec<char> = if i < lower_up_to {
                c.to_lowercase().collect()
            } else {
                vec![*c]
            };
            lowered
        })
        .collect()
}

/// The key made from a variable's last name segment (`identity.sourceIp` → `sourceIp`).
fn name_key(variable: &str) -> String {
    let last = variable.rsplit('.').next().unwrap_or(variable);
    clean_key(last).unwrap_or_else(|| "value".to_owned())
}

/// The key made from a variable's whole path (`identity.sourceIp` → `identity_sourceIp`).
fn path_key(variable: &str) -> String {
    clean_key(&variable.replace('.', " ")).unwrap_or_else(|| "value".to_owned())
}

/// One key per entry, unique by OpenObserve column name.
fn assign_keys(entries: &[Entry]) -> Vec<String> {
    let from_label: Vec<Option<String>> = entries
        .iter()
        .map(|e| e.label.as_deref().and_then(clean_key))
        .collect();
    let mut keys: Vec<String> = entries
        .iter()
        .zip(&from_label)
        .map(|(e, label)| label.clone().unwrap_or_else(|| name_key(&e.variable)))
        .collect();
    // Name-derived keys that share a column with any other key take their whole path.
    let columns: Vec<String> = keys.iter().map(|k| format_key(k)).collect();
    for (i, entry) in entries.iter().enumerate() {
        let shared = columns.iter().filter(|c| **c == columns[i]).count() > 1;
        if from_label[i].is_none() && shared {
            keys[i] = path_key(&entry.variable);
        }
    }
    // Anything still clashing (or an accidental `_timestamp`) falls back, then gets a number.
    let mut used: Vec<String> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let reserved =
            |key: &str| format_key(key) == "_timestamp" && entry.variable != "requestTimeEpoch";
        let free = |key: &str, used: &[String]| !used.contains(&format_key(key)) && !reserved(key);
        if !free(&keys[i], &used) {
            let fallback = [name_key(&entry.variable), path_key(&entry.variable)]
                .into_iter()
                .find(|key| free(key, &used));
            keys[i] = match fallback {
                Some(key) => key,
                None => {
                    let base = path_key(&entry.variable);
                    (2..)
                        .map(|n| format!("{base}_{n}"))
                        .find(|key| free(key, &used))
                        .unwrap_or(base)
                }
            };
        }
        used.push(format_key(&keys[i]));
    }
    keys
}
