//! OpenObserve's side: each record of a request decoded (base64, gzip, the protobuf probe, UTF-8,
//! lines), each line parsed (CloudWatch Logs envelope, metric stream, plain JSON), each row
//! flattened and time-stamped.

use super::*;
use crate::openobserve::columns::{self, Column};
use crate::openobserve::probe::{self};
use crate::openobserve::timestamp::{self, Window};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Simulates OpenObserve receiving `request` at `now_ms`.
pub fn simulate_request(
    request: &FirehoseRequest,
    now_ms: i64,
    settings: ServerSettings,
) -> Simulation {
    let now_micros = now_ms.saturating_mul(1_000);
    let engine = base64::engine::general_purpose::STANDARD;
    let mut records = Vec::with_capacity(request.body.records.len());
    let mut failure: Option<(usize, String)> = None;
    let mut panicked = false;

    for (index, record) in request.body.records.iter().enumerate() {
        let result = match engine.decode(&record.data) {
            Err(e) => record_outcome(
                index,
                Outcome::InvalidBase64 {
                    error: e.to_string(),
                },
            ),
            Ok(bytes) => decode_record(
                index,
                &bytes,
                &request.body.request_id,
                now_micros,
                settings,
            ),
        };
        if result.verdict == Verdict::Rejected && failure.is_none() {
            failure = Some((index, error_message(&result.outcome)));
            panicked = result.outcome == Outcome::ServerPanic;
        }
        records.push(result);
    }

    let mut notes = Vec::new();
    let body = &request.body;
    let (http_status, response) = match &failure {
        None => {
            let answer = KinesisResponse {
                request_id: &body.request_id,
                error_message: None,
                timestamp: body.timestamp.unwrap_or(now_ms),
            };
            (
                200,
                FirehoseResponse {
                    status: 200,
                    body: serde_json::to_string(&answer).unwrap_or_default(),
                },
            )
        }
        Some((index, _)) if panicked => {
            notes.push(format!(
                "record {} makes OpenObserve panic: the connection drops without a response and Firehose \
                 retries the batch",
                index + 1
            ));
            (
                0,
                FirehoseResponse {
                    status: 0,
                    body: String::new(),
                },
            )
        }
        Some((index, message)) => {
            let inner_timestamp = body.timestamp.unwrap_or(now_micros);
            let text = format!(
                "Error# Failed processing: AWSError(KinesisFHIngestionResponse {{ request_id: {:?}, \
                 error_message: Some({:?}), timestamp: {} }})",
                body.request_id, message, inner_timestamp
            );
            let answer = KinesisResponse {
                request_id: &body.request_id,
                error_message: Some(&text),
                timestamp: body.timestamp.unwrap_or(now_ms),
            };
            let fine = records
                .iter()
                .filter(|r| r.verdict != Verdict::Rejected)
                .count();
            notes.push(format!(
                "record {} fails the whole batch: OpenObserve answers 400 and stores nothing from this \
                 request{}; Firehose retries the batch until its retry duration expires, then writes it \
                 to the S3 backup",
                index + 1,
                if fine > 0 { format!(", including the {fine} other record(s)") } else { String::new() }
            ));
            (
                400,
                FirehoseResponse {
                    status: 400,
                    body: serde_json::to_string(&answer).unwrap_or_default(),
                },
            )
        }
    };
    if failure.is_some() {
        for record in &mut records {
            record.lost_with_batch = record.verdict != Verdict::Rejected;
        }
    }
    if records.iter().any(|r| r.outcome == Outcome::Compressed) {
        notes.push(
            "gzip-compressed records are not simulated: their verdict is unknown and they are assumed \
             not to fail the batch"
                .to_string(),
        );
    }
    Simulation {
        http_status,
        request: request.clone(),
        records,
        response,
        notes,
    }
}

/// OpenObserve's `KinesisFHIngestionResponse` as serialised (camelCase, `errorMessage` only when set).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KinesisResponse<'a> {
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_message: Option<&'a str>,
    timestamp: i64,
}

/// The inner error text OpenObserve puts in `error_message` for a batch failure.
fn error_message(outcome: &Outcome) -> String {
    match outcome {
        Outcome::NotJson { error, .. } | Outcome::BlankLine { error, .. } => {
            format!("SerdeJsonError# {error}")
        }
        Outcome::InvalidBase64 { error } => error.clone(),
        Outcome::InvalidUtf8 { error } => format!("StringUTF8Error# {error}"),
        Outcome::BadMetricDimensions => {
            "Error# CloudWatch metrics dimensions parsing failed".to_string()
        }
        other => other.reason(),
    }
}

fn record_outcome(index: usize, outcome: Outcome) -> RecordResult {
    RecordResult {
        record: index + 1,
        verdict: outcome.verdict(),
        code: outcome.code(),
        reason: outcome.reason(),
        fix: outcome.fix(),
        columns: StoredColumns::default(),
        notes: Vec::new(),
        rows: Vec::new(),
        lost_with_batch: false,
        probe: None,
        outcome,
    }
}

fn row_outcome(line: usize, event: Option<usize>, outcome: Outcome) -> RowResult {
    RowResult {
        line,
        event,
        verdict: outcome.verdict(),
        code: outcome.code(),
        reason: outcome.reason(),
        fix: outcome.fix(),
        columns: StoredColumns::default(),
        notes: Vec::new(),
        outcome,
    }
}

/// Runs one decoded record through the per-record pipeline: gzip, probe, UTF-8, lines, rows.
fn decode_record(
    index: usize,
    bytes: &[u8],
    request_id: &str,
    now_micros: i64,
    settings: ServerSettings,
) -> RecordResult {
    if bytes.is_empty() {
        return record_outcome(index, Outcome::EmptyRecord);
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return record_outcome(index, Outcome::Compressed);
    }
    let report = probe::explain(bytes);
    if report.is_hit() {
        let mut result = record_outcome(index, Outcome::ProbeHit);
        result.probe = Some(report);
        return result;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            let error = String::from_utf8(bytes.to_vec())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            return record_outcome(index, Outcome::InvalidUtf8 { error });
        }
    };

    let mut events: Vec<(usize, Option<usize>, Value)> = Vec::new();
    for (line_index, line) in text.lines().enumerate() {
        let line_no = line_index + 1;
        match parse_line(line, line_no, request_id) {
            Ok(Parsed::Plain(value)) => events.push((line_no, None, value)),
            Ok(Parsed::Envelope(rows)) => {
                events.extend(
                    rows.into_iter()
                        .enumerate()
                        .map(|(i, v)| (line_no, Some(i + 1), v)),
                );
            }
            Err(outcome) => {
                let mut result = record_outcome(index, outcome.clone());
                result.rows.push(row_outcome(line_no, None, outcome));
                return result;
            }
        }
    }

    let rows: Vec<RowResult> = events
        .into_iter()
        .map(|(line, event, value)| finalize_row(line, event, &value, now_micros, settings))
        .collect();
    let stored = rows.iter().filter(|r| r.verdict == Verdict::Stored).count();
    let mut result = match rows.iter().find(|r| r.verdict == Verdict::Stored) {
        Some(first) => {
            let mut result = record_outcome(index, first.outcome.clone());
            result.columns = first.columns.clone();
            result.notes = first.notes.clone();
            if rows.len() > 1 {
                result.reason = format!(
                    "{stored} of {} rows stored; first row {}",
                    rows.len(),
                    first.reason
                );
            }
            result
        }
        None => match rows.first() {
            Some(first) => record_outcome(index, first.outcome.clone()),
            // Only possible for a CloudWatch envelope with no events.
            None => record_outcome(index, Outcome::EmptyRecord),
        },
    };
    result.rows = rows;
    result
}

enum Parsed {
    Plain(Value),
    Envelope(Vec<Value>),
}

/// A CloudWatch Logs subscription payload, as OpenObserve's serde struct reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogEnvelope {
    log_events: Vec<LogEvent>,
    log_group: String,
    log_stream: String,
    message_type: String,
    owner: String,
    subscription_filters: Vec<String>,
}

#[derive(Deserialize)]
struct LogEvent {
    message: Value,
    id: String,
    timestamp: Option<i64>,
}

/// A CloudWatch metric-stream JSON line.
#[derive(Deserialize, Serialize)]
struct MetricLine {
    metric_stream_name: String,
    account_id: String,
    region: String,
    namespace: String,
    metric_name: String,
    dimensions: Value,
    timestamp: i64,
    value: MetricValue,
    unit: String,
}

#[derive(Deserialize, Serialize)]
struct MetricValue {
    count: f32,
    sum: f32,
    max: f32,
    min: f32,
}

/// Parses one line the way OpenObserve does: CloudWatch Logs envelope, metric-stream JSON, or
/// plain JSON; anything unparsable fails the batch.
fn parse_line(line: &str, line_no: usize, request_id: &str) -> Result<Parsed, Outcome> {
    if let Ok(envelope) = serde_json::from_str::<LogEnvelope>(line) {
        return envelope_rows(envelope, request_id).map(Parsed::Envelope);
    }
    if let Ok(metric) = serde_json::from_str::<MetricLine>(line) {
        return metric_row(metric).map(|row| Parsed::Envelope(vec![row]));
    }
    match serde_json::from_str::<Value>(line) {
        Ok(value) => Ok(Parsed::Plain(value)),
        Err(e) if line.trim().is_empty() => Err(Outcome::BlankLine {
            line: line_no,
            error: e.to_string(),
        }),
        Err(e) => Err(Outcome::NotJson {
            line: line_no,
            error: e.to_string(),
            bare_dash: has_bare_dash(line),
        }),
    }
}

/// `"key":-,` or `"key": -}`: an unquoted API Gateway placeholder in a JSON format.
fn has_bare_dash(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes[..i].iter().rev().find(|c| !c.is_ascii_whitespace()) == Some(&b':')
            && matches!(
                bytes[i + 1..].iter().find(|c| !c.is_ascii_whitespace()),
                Some(b',' | b'}') | None
            )
    })
}

fn envelope_rows(envelope: LogEnvelope, request_id: &str) -> Result<Vec<Value>, Outcome> {
    let mut rows = Vec::with_capacity(envelope.log_events.len());
    let fields = EnvelopeFields {
        message_type: &envelope.message_type,
        owner: &envelope.owner,
        log_group: &envelope.log_group,
        log_stream: &envelope.log_stream,
        subscription_filters: &envelope.subscription_filters,
    };
    for event in &envelope.log_events {
        let Some(text) = event.message.as_str() else {
            return Err(Outcome::ServerPanic);
        };
        rows.push(Value::Object(event_row(
            text,
            &event.id,
            event.timestamp,
            request_id,
            &fields,
        )));
    }
    Ok(rows)
}

/// The envelope's own fields, copied into every row of its events.
pub(crate) struct EnvelopeFields<'a> {
    /// `messageType` (`DATA_MESSAGE`).
    pub message_type: &'a str,
    /// The account owning the log group.
    pub owner: &'a str,
    /// The log group.
    pub log_group: &'a str,
    /// The log stream.
    pub log_stream: &'a str,
    /// The subscription filters' names.
    pub subscription_filters: &'a [String],
}

/// The row OpenObserve builds from one CloudWatch Logs event, before flattening: the message
/// (parsed when it is a `{…}` JSON object, else kept as text), the event's id and timestamp, the
/// Firehose request id and the envelope's fields; `_timestamp` is the event's timestamp. The
/// simulator and the column prediction both build rows with it.
pub(crate) fn event_row(
    message: &str,
    id: &str,
    timestamp: Option<i64>,
    request_id: &str,
    envelope: &EnvelopeFields<'_>,
) -> Map<String, Value> {
    let message = if message.starts_with('{') && message.ends_with('}') {
        serde_json::from_str::<Value>(message).unwrap_or_else(|_| Value::from(message))
    } else {
        Value::from(message)
    };
    let mut row = Map::new();
    row.insert("message".into(), message);
    row.insert("id".into(), Value::from(id));
    row.insert(
        "timestamp".into(),
        timestamp.map_or(Value::Null, Value::from),
    );
    row.insert("requestId".into(), Value::from(request_id));
    row.insert("messageType".into(), Value::from(envelope.message_type));
    row.insert("owner".into(), Value::from(envelope.owner));
    row.insert("logGroup".into(), Value::from(envelope.log_group));
    row.insert("logStream".into(), Value::from(envelope.log_stream));
    row.insert(
        "subscriptionFilters".into(),
        Value::from(envelope.subscription_filters.to_vec()),
    );
    row.insert(
        "_timestamp".into(),
        timestamp.map_or(Value::Null, Value::from),
    );
    row
}

fn metric_row(metric: MetricLine) -> Result<Value, Outcome> {
    let Some(dimensions) = metric.dimensions.as_object() else {
        return Err(Outcome::BadMetricDimensions);
    };
    let metric_dimensions = dimensions
        .iter()
        .map(|(k, v)| format!("{k}=[{v}]"))
        .collect::<Vec<_>>()
        .join(", ");
    let timestamp = metric.timestamp;
    let Ok(Value::Object(mut row)) = serde_json::to_value(&metric) else {
        return Err(Outcome::BadMetricDimensions);
    };
    for (name, value) in [
        ("count", metric.value.count),
        ("sum", metric.value.sum),
        ("max", metric.value.max),
        ("min", metric.value.min),
    ] {
        row.insert(
            name.into(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
    }
    row.remove("value");
    row.remove("dimensions");
    row.remove("timestamp");
    row.insert("metric_dimensions".into(), Value::String(metric_dimensions));
    row.insert("_timestamp".into(), Value::from(timestamp));
    Ok(Value::Object(row))
}

/// Flattens one event and settles its `_timestamp` (the pipeline's last step).
fn finalize_row(
    line: usize,
    event: Option<usize>,
    value: &Value,
    now_micros: i64,
    settings: ServerSettings,
) -> RowResult {
    let flat = match columns::flatten(value, settings.flatten_level) {
        Ok(flat) => flat,
        Err(e) => return row_outcome(line, event, Outcome::NotAnObject { found: e.found }),
    };
    let (timestamp, source) =
        match timestamp::resolve_timestamp(flat.get("_timestamp").map(|c| &c.value), now_micros) {
            Ok(resolved) => resolved,
            Err(error) => return row_outcome(line, event, Outcome::BadTimestamp { error }),
        };
    match timestamp::check_window_with(timestamp, now_micros, settings.window) {
        Window::Inside => {}
        Window::TooOld { by_micros } => {
            return row_outcome(
                line,
                event,
                Outcome::TooOld {
                    timestamp,
                    by_micros,
                },
            )
        }
        Window::TooFarInFuture { by_micros } => {
            return row_outcome(
                line,
                event,
                Outcome::TooFarInFuture {
                    timestamp,
                    by_micros,
                },
            )
        }
    }
    let mut columns = flat.columns;
    let stamp = Column {
        name: "_timestamp".to_string(),
        source_key_path: Vec::new(),
        data_type: columns::DataType::Int64,
        value: Value::from(timestamp),
    };
    match columns.iter_mut().find(|c| c.name == "_timestamp") {
        Some(existing) => {
            existing.value = stamp.value;
            existing.data_type = stamp.data_type;
        }
        None => columns.push(stamp),
    }
    let mut row = row_outcome(line, event, Outcome::Stored { source });
    row.columns = StoredColumns(columns);
    row.notes = flat.notes;
    row
}
