//! The `_timestamp` fix: rows carry the request time, not the time of ingestion.

use super::layout::{skip_whitespace, Member};
use super::{guaranteed_miss, require_json, Fix, FixError, TIMESTAMP_VALUE};
use crate::api::ApiType;
use crate::openobserve::columns::format_key;

/// Adds `"_timestamp":"$context.requestTimeEpoch"` to a JSON format, or replaces the value of the
/// `_timestamp` key it has.
///
/// The new key goes right after the opening `{` and the whitespace following it (repeated after
/// the comma, so `{ "a"` becomes `{ "_timestamp":…, "a"`); the rest of the format is kept byte
/// for byte.
pub fn add_timestamp(format: &str, api: ApiType) -> Result<Fix, FixError> {
    const FIX: &str = "add-timestamp";
    let layout = require_json(FIX, format)?;
    let existing: Vec<&Member> = layout
        .members
        .iter()
        .filter(|m| format_key(&m.key) == "_timestamp")
        .collect();
    let mut text = format.to_owned();
    let mut explanation = String::new();
    if existing.is_empty() {
        let after_brace = layout.open + 1;
        let at = skip_whitespace(format.as_bytes(), after_brace);
        let insertion = if layout.members.is_empty() {
            format!("\"_timestamp\":{TIMESTAMP_VALUE}")
        } else {
            format!(
                "\"_timestamp\":{TIMESTAMP_VALUE},{}",
                &format[after_brace..at]
            )
        };
        text.insert_str(at, &insertion);
        explanation.push_str(
            "Added \"_timestamp\":\"$context.requestTimeEpoch\" after the opening brace; the rest \
             of the format is unchanged. ",
        );
    } else {
        let old: Vec<&str> = existing.iter().map(|m| &format[m.value.clone()]).collect();
        for member in existing.iter().rev() {
            text.replace_range(member.value.clone(), TIMESTAMP_VALUE);
        }
        if text == format {
            explanation.push_str(
                "_timestamp already holds $context.requestTimeEpoch: nothing to change. ",
            );
        } else {
            explanation.push_str(&format!(
                "Replaced the value of _timestamp ({}) with \"$context.requestTimeEpoch\". ",
                old.join(", ")
            ));
        }
    }
    let unit = match api {
        ApiType::Http => {
            "HTTP APIs were observed writing seconds (10 digits; REST and WebSocket APIs write \
             milliseconds)"
        }
        ApiType::Rest | ApiType::WebSocket => {
            "REST and WebSocket APIs write milliseconds (13 digits; HTTP APIs were observed \
             writing seconds)"
        }
    };
    explanation.push_str(&format!(
        "OpenObserve reads only the key _timestamp as a row's time; without it every row is \
         stamped with the time of ingestion. $context.requestTimeEpoch is the request time as an \
         epoch number: {unit}. OpenObserve picks the unit from the magnitude, so either parses. \
         ($context.requestTime would not: OpenObserve cannot parse CLF time and drops every \
         record.) Rows older than 5 hours or more than 24 hours ahead are dropped silently \
         (ZO_INGEST_ALLOWED_UPTO, ZO_INGEST_ALLOWED_IN_FUTURE), so a long Firehose backlog loses \
         rows that ingest time would have kept."
    ));
    if guaranteed_miss(&text).is_some() && guaranteed_miss(format).is_none() {
        explanation.push_str(
            " Side effect: with whitespace before it, the key's leading _ also makes OpenObserve's \
             protobuf probe miss every record.",
        );
    }
    Ok(Fix::new(FIX, format, text, explanation))
}
