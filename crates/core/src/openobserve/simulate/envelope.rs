//! The CloudWatch Logs route: the sample lines as the log events of one subscription envelope.

use super::*;
use crate::line::shapes::clf_time_to_epoch_ms;
use crate::line::{FieldValue, Matcher};
use serde_json::Value;

/// The CloudWatch Logs route: all sample lines as the `logEvents` of one subscription envelope,
/// which becomes one Firehose record. CloudWatch gzips the envelope and OpenObserve gunzips it
/// before anything else (OpenObserve `src/core/src/logs/ingest.rs` at fbab9b80), so the
/// simulated record carries it plain.
pub(super) fn simulate_subscription(
    input: &SimulationInput<'_>,
    account: &str,
    log_group: &str,
    filter: &str,
) -> Simulation {
    let times = event_times(input);
    let events: Vec<Value> = input
        .lines
        .iter()
        .zip(&times)
        .enumerate()
        .map(|(index, (line, &timestamp))| {
            serde_json::json!({
                "id": format!("{:056}", (timestamp.max(0) as u64) * 1_000 + index as u64),
                "timestamp": timestamp,
                "message": line,
            })
        })
        .collect();
    let envelope = serde_json::json!({
        "messageType": "DATA_MESSAGE",
        "owner": account,
        "logGroup": log_group,
        "logStream": LOG_STREAM,
        "subscriptionFilters": [filter],
        "logEvents": events,
    });
    let record = envelope.to_string();
    let request = FirehoseRequest::new(
        input.org,
        input.stream,
        input.request_id,
        input.now_ms,
        &[record.as_bytes()],
    );
    let mut simulation = simulate_request(&request, input.now_ms, input.settings);
    simulation.notes.push(format!(
        "Delivered through CloudWatch Logs: the {} sample lines are the log events of one \
         subscription record (CloudWatch gzips it; OpenObserve gunzips it first, so it is shown \
         plain). Each line is stored in the column `message`, parsed into `message_*` columns only \
         when it is a JSON object; the envelope adds id, timestamp, requestid, messagetype, owner, \
         loggroup, logstream and subscriptionfilters.",
        input.lines.len()
    ));
    let stored = crate::openobserve::stream_name::normalize(input.stream);
    if stored != input.stream {
        simulation.notes.push(format!(
            "OpenObserve stores stream '{}' as '{stored}': query that name",
            input.stream
        ));
    }
    simulation
}

/// When CloudWatch Logs received each line, in ms since the epoch. API Gateway writes an entry
/// at the end of its request, so a line that carries its request time
/// (`$context.requestTimeEpoch`, or `$context.requestTime` in CLF) is stamped with it; a line
/// without one (no format given, the format has neither, the line does not match, the value is
/// `-`) gets the batch's time, so the simulation never invents a drop.
fn event_times(input: &SimulationInput<'_>) -> Vec<i64> {
    let Some((format, api)) = input.format else {
        return vec![input.now_ms; input.lines.len()];
    };
    let matcher = Matcher::new(format, api);
    input
        .lines
        .iter()
        .map(|line| {
            let Ok(parsed) = matcher.parse_line(line) else {
                return input.now_ms;
            };
            let epoch =
                parsed
                    .fields
                    .iter()
                    .find_map(|field| match (field.variable, &field.value) {
                        ("$context.requestTimeEpoch", FieldValue::Integer(n)) => {
                            // HTTP APIs were observed writing seconds, REST and WebSocket APIs ms.
                            Some(if n.abs() < 100_000_000_000 {
                                n * 1_000
                            } else {
                                *n
                            })
                        }
                        _ => None,
                    });
            let clf = || {
                parsed
                    .fields
                    .iter()
                    .find_map(|field| match (field.variable, &field.value) {
                        ("$context.requestTime", FieldValue::Text(text)) => {
                            clf_time_to_epoch_ms(text)
                        }
                        _ => None,
                    })
            };
            epoch.or_else(clf).unwrap_or(input.now_ms)
        })
        .collect()
}
