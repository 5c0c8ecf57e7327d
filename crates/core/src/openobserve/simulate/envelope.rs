//! The CloudWatch Logs route: the sample lines as the log events of one subscription envelope.

use super::*;
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
    let count = input.lines.len() as i64;
    let events: Vec<Value> = input
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            // One second apart, ending now: inside OpenObserve's window, in line order.
            let timestamp = input.now_ms - (count - index as i64 - 1) * 1_000;
            serde_json::json!({
                "id": format!("{:056}", timestamp as u64 * 1_000 + index as u64),
                "timestamp": timestamp,
                "message": line,
            })
        })
        .collect();
    let envelope = serde_json::json!({
        "messageType": "DATA_MESSAGE",
        "owner": account,
        "logGroup": log_group,
        "logStream": "access-logs",
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
