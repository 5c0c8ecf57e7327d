//! The ingestion simulator: what OpenObserve's Firehose endpoint does with each access-log line.
//!
//! API Gateway sends one rendered access-log entry per Firehose record, with no newline unless the
//! format ends with one. Firehose delivers a batch of records as one HTTP request to
//! `/aws/{org}/{stream}/_kinesis_firehose`; OpenObserve decodes every record (base64, optional
//! gunzip, the protobuf probe, UTF-8, lines), parses each line as JSON, and only then flattens and
//! time-stamps each row. A single non-JSON line fails the **whole batch** with 400; non-object JSON,
//! a bad or out-of-window `_timestamp` and protobuf-probe hits are dropped **silently** with 200.
//!
//! [`simulate`] builds the exact request Firehose would send for some sample lines and runs it
//! through that pipeline; [`simulate_request`] does the same for a hand-made request (bad base64,
//! binary data…). Both are pure: the clock (`now_ms`) and the request id are inputs.
//!
//! Not simulated: realtime pipelines and VRL functions, user-defined schemas, `_original` /
//! `_all_values`, the memory and disk circuit breakers (503), gzip-compressed records (API Gateway
//! never sends them), authentication (see the access-key module).
//!
//! ```
//! use gwlog_core::openobserve::simulate::{simulate, SimulationInput, Verdict};
//!
//! let line = r#"{"requestId":"r-1","status":"200"}"#;
//! let sim = simulate(&SimulationInput::new(&[line], "default", "apigw", 1_755_786_979_000, "req-1"));
//! assert_eq!(sim.http_status, 200);
//! assert_eq!(sim.records[0].verdict, Verdict::Stored);
//! assert_eq!(sim.request.path, "/aws/default/apigw/_kinesis_firehose");
//! ```

use super::columns::{self, Column, ColumnNote, ColumnTypes, ColumnValues};
use super::probe::{self, ProbeReport};
use super::timestamp::{self, TimestampError, TimestampSource, Window, WindowLimits};
use base64::Engine as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// The placeholder sent in `X-Amz-Firehose-Access-Key`: the simulator never handles real secrets.
pub const ACCESS_KEY_PLACEHOLDER: &str = "<ACCESS_KEY>";

/// Knobs of the OpenObserve server being simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ServerSettings {
    /// Flatten level (`ZO_INGEST_FLATTEN_LEVEL` or the stream's own; default 3; 0 = unlimited).
    pub flatten_level: u32,
    /// The `_timestamp` window (`ZO_INGEST_ALLOWED_UPTO`, `ZO_INGEST_ALLOWED_IN_FUTURE`).
    pub window: WindowLimits,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            flatten_level: columns::DEFAULT_FLATTEN_LEVEL,
            window: WindowLimits::default(),
        }
    }
}

/// What to simulate: sample lines as API Gateway renders them, and the delivery around them.
#[derive(Debug, Clone, Copy)]
pub struct SimulationInput<'a> {
    /// One rendered access-log entry per line; each becomes one Firehose record.
    pub lines: &'a [&'a str],
    /// Whether the access-log format ends with a newline (each record's data is then line + `\n`).
    pub trailing_newline: bool,
    /// The OpenObserve organisation in the URL.
    pub org: &'a str,
    /// The stream in the URL.
    pub stream: &'a str,
    /// The current time in milliseconds since the epoch (Firehose's request timestamp and
    /// OpenObserve's clock).
    pub now_ms: i64,
    /// The Firehose request id (a GUID in real traffic).
    pub request_id: &'a str,
    /// The server being simulated.
    pub settings: ServerSettings,
    /// How the lines reach Firehose.
    pub route: Route<'a>,
}

/// The account a simulated CloudWatch Logs envelope names when none is given (AWS's documentation
/// example id).
pub const EXAMPLE_ACCOUNT: &str = "123456789012";
/// The log group a simulated CloudWatch Logs envelope names when none is given.
pub const DEFAULT_LOG_GROUP: &str = "/aws/apigateway/access-logs";
/// The subscription filter's name in a simulated envelope.
pub const SUBSCRIPTION_FILTER: &str = "gwlog-to-firehose";

/// How access-log entries reach the Firehose stream that posts to OpenObserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// API Gateway writes each entry to Firehose itself: REST APIs only.
    Direct,
    /// API Gateway writes to a CloudWatch Logs log group, and a subscription filter forwards it
    /// to Firehose: the only way for HTTP and WebSocket APIs (docs/sources.md, *Firehose as an
    /// access-log destination*). Each Firehose record is then a CloudWatch Logs envelope holding
    /// the entries as `logEvents`.
    CloudWatchSubscription {
        /// The AWS account that owns the log group (`owner` in the envelope).
        account: &'a str,
        /// The log group API Gateway writes to.
        log_group: &'a str,
        /// The subscription filter's name.
        filter: &'a str,
    },
}

impl<'a> SimulationInput<'a> {
    /// An input with no trailing newline and default server settings.
    pub fn new(
        lines: &'a [&'a str],
        org: &'a str,
        stream: &'a str,
        now_ms: i64,
        request_id: &'a str,
    ) -> Self {
        SimulationInput {
            lines,
            trailing_newline: false,
            org,
            stream,
            now_ms,
            request_id,
            settings: ServerSettings::default(),
            route: Route::Direct,
        }
    }

    /// The same input delivered by `route`.
    pub fn via(mut self, route: Route<'a>) -> Self {
        self.route = route;
        self
    }

    /// The same input with the format ending (or not) in a newline.
    pub fn with_trailing_newline(mut self, trailing_newline: bool) -> Self {
        self.trailing_newline = trailing_newline;
        self
    }
}

/// HTTP headers in the order they are sent; serialises as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The value of header `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Headers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One record of a Firehose HTTP-endpoint request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirehoseRecord {
    /// The record's bytes, base64 (standard alphabet, padded).
    pub data: String,
}

/// The JSON body Firehose posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirehoseBody {
    /// Firehose's request id (also in `X-Amz-Firehose-Request-Id`).
    pub request_id: String,
    /// When Firehose built the request, in ms since the epoch. Always sent by Firehose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// The records.
    pub records: Vec<FirehoseRecord>,
}

/// The HTTP request Firehose sends to OpenObserve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirehoseRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// `/aws/{org}/{stream}/_kinesis_firehose` (prefix it with `ZO_BASE_URI` if the server has one).
    pub path: String,
    /// The headers, with the access key replaced by [`ACCESS_KEY_PLACEHOLDER`].
    pub headers: Headers,
    /// The body.
    pub body: FirehoseBody,
}

impl FirehoseRequest {
    /// The request Firehose sends for `records` (raw record bytes).
    pub fn new(
        org: &str,
        stream: &str,
        request_id: &str,
        timestamp_ms: i64,
        records: &[&[u8]],
    ) -> Self {
        let engine = base64::engine::general_purpose::STANDARD;
        FirehoseRequest {
            method: "POST",
            path: format!("/aws/{org}/{stream}/_kinesis_firehose"),
            headers: Headers(vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Amz-Firehose-Protocol-Version".into(), "1.0".into()),
                ("X-Amz-Firehose-Request-Id".into(), request_id.into()),
                (
                    "X-Amz-Firehose-Access-Key".into(),
                    ACCESS_KEY_PLACEHOLDER.into(),
                ),
            ]),
            body: FirehoseBody {
                request_id: request_id.to_string(),
                timestamp: Some(timestamp_ms),
                records: records
                    .iter()
                    .map(|r| FirehoseRecord {
                        data: engine.encode(r),
                    })
                    .collect(),
            },
        }
    }

    /// The body as compact JSON text, exactly as posted.
    pub fn body_json(&self) -> String {
        serde_json::to_string(&self.body).unwrap_or_default()
    }
}

/// OpenObserve's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirehoseResponse {
    /// HTTP status: 200, 400, or 0 when OpenObserve panics and drops the connection.
    pub status: u16,
    /// The JSON body (`Content-Type: application/json`); empty when there is no response.
    pub body: String,
}

/// What happened to a record or a row, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Written to the stream.
    Stored,
    /// Fails the whole request (400): nothing from the batch is written, Firehose retries it.
    Rejected,
    /// Discarded while the request succeeds (200): lost without any error.
    Dropped,
    /// Not simulated (a gzip-compressed record, which API Gateway never sends).
    Unknown,
}

/// Why a record or row ended as it did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// Stored; `_timestamp` came from `source`.
    Stored {
        /// Where the row's `_timestamp` came from.
        source: TimestampSource,
    },
    /// The record has no bytes: no rows, no error.
    EmptyRecord,
    /// The protobuf probe took the record for OTLP metrics: no rows, no error.
    ProbeHit,
    /// A line is not JSON: the whole batch fails.
    NotJson {
        /// 1-based line within the record.
        line: usize,
        /// serde_json's message, as OpenObserve reports it.
        error: String,
        /// The line looks like JSON with a bare `-` where API Gateway had no value.
        bare_dash: bool,
    },
    /// An empty or whitespace-only line: the whole batch fails.
    BlankLine {
        /// 1-based line within the record.
        line: usize,
        /// serde_json's message.
        error: String,
    },
    /// The record's data is not valid base64: the whole batch fails.
    InvalidBase64 {
        /// The decoder's message.
        error: String,
    },
    /// The record is neither protobuf nor UTF-8 text: the whole batch fails.
    InvalidUtf8 {
        /// The conversion's message.
        error: String,
    },
    /// A CloudWatch metric-stream line whose `dimensions` is not an object: the whole batch fails.
    BadMetricDimensions,
    /// A CloudWatch Logs event whose `message` is not a string: OpenObserve panics and the
    /// connection drops without a response.
    ServerPanic,
    /// A gzip-compressed record: not simulated.
    Compressed,
    /// Valid JSON, but not an object: the row is dropped.
    NotAnObject {
        /// What it is instead (`array`, `string`, …).
        found: &'static str,
    },
    /// `_timestamp` cannot be parsed: the row is dropped.
    BadTimestamp {
        /// Why.
        error: TimestampError,
    },
    /// `_timestamp` is older than the window: the row is dropped.
    TooOld {
        /// The row's `_timestamp` in µs.
        timestamp: i64,
        /// By how much, in µs.
        by_micros: i64,
    },
    /// `_timestamp` is too far in the future: the row is dropped.
    TooFarInFuture {
        /// The row's `_timestamp` in µs.
        timestamp: i64,
        /// By how much, in µs.
        by_micros: i64,
    },
}

fn hours(micros: i64) -> String {
    // Whole-number arithmetic: float formatting would pull ~11 KB into the WebAssembly build.
    let tenths_of_hours = micros / 360_000_000;
    match micros {
        _ if tenths_of_hours >= 10 => {
            format!("{}.{} h", tenths_of_hours / 10, tenths_of_hours % 10)
        }
        _ if micros >= 1_000_000 => format!("{} s", micros / 1_000_000),
        _ => format!("{} ms", micros / 1_000),
    }
}

impl Outcome {
    /// The one-word verdict.
    pub fn verdict(&self) -> Verdict {
        match self {
            Outcome::Stored { .. } => Verdict::Stored,
            Outcome::NotJson { .. }
            | Outcome::BlankLine { .. }
            | Outcome::InvalidBase64 { .. }
            | Outcome::InvalidUtf8 { .. }
            | Outcome::BadMetricDimensions
            | Outcome::ServerPanic => Verdict::Rejected,
            Outcome::Compressed => Verdict::Unknown,
            Outcome::EmptyRecord
            | Outcome::ProbeHit
            | Outcome::NotAnObject { .. }
            | Outcome::BadTimestamp { .. }
            | Outcome::TooOld { .. }
            | Outcome::TooFarInFuture { .. } => Verdict::Dropped,
        }
    }

    /// A stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Stored { .. } => "stored",
            Outcome::EmptyRecord => "empty-record",
            Outcome::ProbeHit => "protobuf-probe-hit",
            Outcome::NotJson { .. } => "not-json",
            Outcome::BlankLine { .. } => "blank-line",
            Outcome::InvalidBase64 { .. } => "invalid-base64",
            Outcome::InvalidUtf8 { .. } => "invalid-utf8",
            Outcome::BadMetricDimensions => "bad-metric-dimensions",
            Outcome::ServerPanic => "server-panic",
            Outcome::Compressed => "compressed-record",
            Outcome::NotAnObject { .. } => "not-an-object",
            Outcome::BadTimestamp { .. } => "bad-timestamp",
            Outcome::TooOld { .. } => "timestamp-too-old",
            Outcome::TooFarInFuture { .. } => "timestamp-in-future",
        }
    }

    /// What happened, for people.
    pub fn reason(&self) -> String {
        match self {
            Outcome::Stored { source: TimestampSource::Record } => {
                "stored; _timestamp taken from the record".to_string()
            }
            Outcome::Stored { source: TimestampSource::IngestTime } => {
                "stored; _timestamp = ingestion time (the record has no _timestamp)".to_string()
            }
            Outcome::EmptyRecord => "empty record: no bytes, so no rows and no error".to_string(),
            Outcome::ProbeHit => "dropped: mistaken for an empty OTLP metrics message by \
                                  OpenObserve's protobuf probe; no row is stored and the answer is \
                                  still 200"
                .to_string(),
            Outcome::NotJson { line, error, .. } => {
                format!("line {line} is not JSON ({error}): OpenObserve fails the whole batch with 400")
            }
            Outcome::BlankLine { line, error } => format!(
                "line {line} is empty or blank ({error}): OpenObserve fails the whole batch with 400"
            ),
            Outcome::InvalidBase64 { error } => {
                format!("data is not valid base64 ({error}): the whole batch fails with 400")
            }
            Outcome::InvalidUtf8 { error } => {
                format!("data is neither protobuf nor UTF-8 text ({error}): the whole batch fails with 400")
            }
            Outcome::BadMetricDimensions => "CloudWatch metric-stream line whose dimensions is not an \
                                             object: the whole batch fails with 400"
                .to_string(),
            Outcome::ServerPanic => "CloudWatch Logs event whose message is not a string: OpenObserve \
                                     panics and drops the connection without a response"
                .to_string(),
            Outcome::Compressed => "gzip-compressed record: OpenObserve would gunzip it and process the \
                                    content; gwlog does not decompress"
                .to_string(),
            Outcome::NotAnObject { found } => format!(
                "dropped: the line is a JSON {found}, not an object (\"flatten value must be an object\"); \
                 the answer is still 200"
            ),
            Outcome::BadTimestamp { error } => format!("dropped (\"Can't parse timestamp\"): {error}"),
            Outcome::TooOld { by_micros, .. } => format!(
                "dropped: _timestamp is {} older than OpenObserve accepts (5 h by default); the answer \
                 is still 200",
                hours(*by_micros)
            ),
            Outcome::TooFarInFuture { by_micros, .. } => format!(
                "dropped: _timestamp is {} further ahead than OpenObserve accepts (24 h by default); \
                 the answer is still 200",
                hours(*by_micros)
            ),
        }
    }

    /// How to fix it, when there is something to fix.
    pub fn fix(&self) -> Option<&'static str> {
        Some(match self {
            Outcome::Stored { .. } | Outcome::EmptyRecord | Outcome::Compressed => return None,
            Outcome::ProbeHit => {
                "end the access-log format with a newline (\\n): for most lines of AWS's presets this \
                 makes the probe miss (it cannot rule hits out; the notes say whether it helps here)"
            }
            Outcome::NotJson { bare_dash: true, .. } => {
                "quote every value in the JSON format: API Gateway renders a missing value as a bare `-`, \
                 which is not valid JSON unquoted"
            }
            Outcome::NotJson { .. } => {
                "switch to a JSON access-log format (one JSON object per line): OpenObserve's Firehose \
                 endpoint accepts nothing else, and one bad record fails the whole batch"
            }
            Outcome::BlankLine { .. } => {
                "end the format with exactly one newline, and do not put newlines inside it"
            }
            Outcome::InvalidBase64 { .. } => "send standard, padded base64 (Firehose always does)",
            Outcome::InvalidUtf8 { .. } => "send UTF-8 text: one JSON object per line",
            Outcome::BadMetricDimensions => "make `dimensions` a JSON object",
            Outcome::ServerPanic => "send `message` as a string (CloudWatch Logs always does)",
            Outcome::NotAnObject { .. } => {
                "make the access-log format a JSON object: `{\"key\":\"$context.…\", …}`"
            }
            Outcome::BadTimestamp { .. } => {
                "use \"_timestamp\":\"$context.requestTimeEpoch\" (epoch milliseconds), or drop the \
                 _timestamp key to get the ingestion time"
            }
            Outcome::TooOld { .. } => {
                "deliver sooner (check the Firehose backlog and buffering) or raise ZO_INGEST_ALLOWED_UPTO"
            }
            Outcome::TooFarInFuture { .. } => {
                "check the _timestamp unit and clock, or raise ZO_INGEST_ALLOWED_IN_FUTURE"
            }
        })
    }
}

/// The columns of one stored row. In JSON it becomes two keys: `columns` (`{name: value}`) and
/// `types` (`{name: "Utf8"}`), both in column order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredColumns(pub Vec<Column>);

impl StoredColumns {
    /// The column called `name`.
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.0.iter().find(|c| c.name == name)
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|c| c.name.as_str()).collect()
    }

    /// Whether there are no columns (nothing stored).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for StoredColumns {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("columns", &ColumnValues(&self.0))?;
        map.serialize_entry("types", &ColumnTypes(&self.0))?;
        map.end()
    }
}

/// One row produced from a record (one line, or one CloudWatch Logs event of a line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowResult {
    /// 1-based line within the record.
    pub line: usize,
    /// 1-based CloudWatch Logs event within the line, for envelope lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    /// What happened to the row.
    pub verdict: Verdict,
    /// Stable code of the outcome.
    pub code: &'static str,
    /// What happened, for people.
    pub reason: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
    /// Stored columns (empty unless stored): `columns` and `types` in JSON.
    #[serde(flatten)]
    pub columns: StoredColumns,
    /// Renames, collisions and dropped values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ColumnNote>,
    /// The typed outcome.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// What happened to one Firehose record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordResult {
    /// 1-based record number (= sample line number for [`simulate`]).
    pub record: usize,
    /// What happened to the record: `stored` if at least one row is stored, `rejected` if it fails
    /// the batch, `dropped` if it yields no row, `unknown` if not simulated.
    pub verdict: Verdict,
    /// Stable code of the outcome.
    pub code: &'static str,
    /// What happened, for people.
    pub reason: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
    /// The first stored row's columns: `columns` and `types` in JSON.
    #[serde(flatten)]
    pub columns: StoredColumns,
    /// Renames, collisions and dropped values of the first stored row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ColumnNote>,
    /// Every row the record produced (several for multi-line records and CloudWatch envelopes).
    pub rows: Vec<RowResult>,
    /// True when the batch failed (400) because of another record: this record's own outcome is
    /// shown, but nothing from the batch was written.
    pub lost_with_batch: bool,
    /// The protobuf probe's explanation, on a probe hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeReport>,
    /// The typed outcome.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// The whole simulated exchange.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// OpenObserve's HTTP status: 200 or 400 (0 = no response).
    pub http_status: u16,
    /// What Firehose sends.
    pub request: FirehoseRequest,
    /// What happened to each record.
    pub records: Vec<RecordResult>,
    /// What OpenObserve answers.
    pub response: FirehoseResponse,
    /// Batch-level notes for people.
    pub notes: Vec<String>,
}

impl Simulation {
    /// Rows stored in total (0 when the batch fails).
    pub fn stored_rows(&self) -> usize {
        if self.http_status != 200 {
            return 0;
        }
        self.records
            .iter()
            .flat_map(|r| &r.rows)
            .filter(|row| row.verdict == Verdict::Stored)
            .count()
    }
}

/// Simulates Firehose delivering `input.lines` (one record each) to OpenObserve.
pub fn simulate(input: &SimulationInput<'_>) -> Simulation {
    if let Route::CloudWatchSubscription {
        account,
        log_group,
        filter,
    } = input.route
    {
        return simulate_subscription(input, account, log_group, filter);
    }
    let data: Vec<Vec<u8>> = input
        .lines
        .iter()
        .map(|line| {
            let mut bytes = line.as_bytes().to_vec();
            if input.trailing_newline {
                bytes.push(b'\n');
            }
            bytes
        })
        .collect();
    let records: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
    let request = FirehoseRequest::new(
        input.org,
        input.stream,
        input.request_id,
        input.now_ms,
        &records,
    );
    let mut simulation = simulate_request(&request, input.now_ms, input.settings);
    simulation.notes.extend(delivery_notes(input, &data));
    for (record, bytes) in simulation.records.iter().zip(&data) {
        if record.outcome != Outcome::ProbeHit {
            continue;
        }
        // Would the other choice of trailing newline have saved this line?
        let other = if input.trailing_newline {
            bytes[..bytes.len() - 1].to_vec()
        } else {
            [bytes.as_slice(), b"\n"].concat()
        };
        let label = if input.trailing_newline {
            "without the trailing newline"
        } else {
            "with a trailing newline (API Gateway adds none)"
        };
        // Run the alternative record through the whole pipeline, not just the probe: a line that
        // escapes the probe may still fail the batch or be dropped for another reason.
        let alternative = FirehoseRequest::new(
            input.org,
            input.stream,
            input.request_id,
            input.now_ms,
            &[other.as_slice()],
        );
        let outcome = simulate_request(&alternative, input.now_ms, input.settings);
        let would = match outcome.records.first() {
            _ if other.is_empty() => "be an empty record (no row either)".to_owned(),
            _ if outcome.http_status == 400 => "fail the whole batch with 400".to_owned(),
            Some(alt) if alt.outcome == Outcome::ProbeHit => {
                "still be taken for protobuf".to_owned()
            }
            Some(alt) if alt.verdict == Verdict::Stored => "be stored".to_owned(),
            Some(alt) => format!("be {} ({})", alt.verdict, alt.reason),
            None => "produce no record".to_owned(),
        };
        simulation.notes.push(format!(
            "record {}: {label} this line would {would}",
            record.record
        ));
    }
    simulation
}

/// The CloudWatch Logs route: all sample lines as the `logEvents` of one subscription envelope,
/// which becomes one Firehose record. CloudWatch gzips the envelope and OpenObserve gunzips it
/// before anything else (OpenObserve `src/core/src/logs/ingest.rs` at fbab9b80), so the
/// simulated record carries it plain.
fn simulate_subscription(
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
    let stored = super::stream_name::normalize(input.stream);
    if stored != input.stream {
        simulation.notes.push(format!(
            "OpenObserve stores stream '{}' as '{stored}': query that name",
            input.stream
        ));
    }
    simulation
}

/// Firehose's limits on what API Gateway hands it (docs/sources.md, *Firehose records and
/// HTTP-endpoint delivery*).
pub const MAX_RECORD_BYTES: usize = 1_024_000;
/// Records per HTTP request Firehose sends at most.
pub const MAX_RECORDS_PER_REQUEST: usize = 10_000;

/// Notes about delivery that OpenObserve's pipeline does not show: Firehose's limits and the
/// stream name OpenObserve really writes to.
fn delivery_notes(input: &SimulationInput<'_>, data: &[Vec<u8>]) -> Vec<String> {
    let mut notes = Vec::new();
    for (index, bytes) in data.iter().enumerate() {
        if bytes.len() > MAX_RECORD_BYTES {
            notes.push(format!(
                "record {}: {} bytes is over Firehose's {MAX_RECORD_BYTES}-byte record limit: \
                 API Gateway's PutRecord fails and the entry never reaches OpenObserve",
                index + 1,
                bytes.len()
            ));
        }
    }
    if data.len() > MAX_RECORDS_PER_REQUEST {
        notes.push(format!(
            "{} records: Firehose sends at most {MAX_RECORDS_PER_REQUEST} records per request, so \
             these would arrive in {} requests, and a bad record fails only its own request",
            data.len(),
            data.len().div_ceil(MAX_RECORDS_PER_REQUEST)
        ));
    }
    let stored = super::stream_name::normalize(input.stream);
    if stored != input.stream {
        notes.push(format!(
            "OpenObserve stores stream '{}' as '{stored}': query that name",
            input.stream
        ));
    }
    notes
}

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
    for event in envelope.log_events {
        let Some(text) = event.message.as_str() else {
            return Err(Outcome::ServerPanic);
        };
        let message = if text.starts_with('{') && text.ends_with('}') {
            serde_json::from_str::<Value>(text).unwrap_or_else(|_| event.message.clone())
        } else {
            event.message.clone()
        };
        let mut row = Map::new();
        row.insert("message".into(), message);
        row.insert("id".into(), Value::String(event.id));
        row.insert(
            "timestamp".into(),
            event.timestamp.map_or(Value::Null, Value::from),
        );
        row.insert("requestId".into(), Value::String(request_id.to_string()));
        row.insert(
            "messageType".into(),
            Value::String(envelope.message_type.clone()),
        );
        row.insert("owner".into(), Value::String(envelope.owner.clone()));
        row.insert("logGroup".into(), Value::String(envelope.log_group.clone()));
        row.insert(
            "logStream".into(),
            Value::String(envelope.log_stream.clone()),
        );
        row.insert(
            "subscriptionFilters".into(),
            Value::from(envelope.subscription_filters.clone()),
        );
        row.insert(
            "_timestamp".into(),
            event.timestamp.map_or(Value::Null, Value::from),
        );
        rows.push(Value::Object(row));
    }
    Ok(rows)
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

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Stored => "stored",
            Verdict::Rejected => "rejected",
            Verdict::Dropped => "dropped",
            Verdict::Unknown => "unknown",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-08-21T14:36:19Z.
    const NOW_MS: i64 = 1_755_786_979_000;
    const NOW_MICROS: i64 = NOW_MS * 1_000;
    const REQUEST_ID: &str = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f";

    /// AWS's current REST console JSON preset, rendered.
    const PRESET: &str = r#"{ "requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "extendedRequestId":"Iq8dHhlwIAMEV_g=","ip": "192.0.2.10", "caller":"-", "user":"-", "requestTime":"21/Aug/2025:14:36:19 +0000", "httpMethod":"GET", "resourcePath":"/pets", "status":"200", "protocol":"HTTP/1.1", "responseLength":"48" }"#;

    /// A rendered 10-field preset line that OpenObserve's protobuf probe takes for OTLP metrics
    /// (checked against prost in `tests/probe_equivalence.rs`).
    const PROBE_HIT_LINE: &str = r#"{ "requestId":"fefb13e4-088a-e4c1-7423-0023b46ffdec", "ip": "211.120.24.7", "caller":"-", "user":"-","requestTime":"18/Dec/2026:12:28:40 +0000", "httpMethod":"DELETE","resourcePath":"/users", "status":"500","protocol":"HTTP/1.1", "responseLength":"1732" }"#;

    /// The text format OpenObserve's own API Gateway guide suggests, rendered.
    const GUIDE_TEXT: &str = "RequestId: c6af9ac6-7b61-11e6-9a41-93e8deadbeef, SourceIP: 192.0.2.10, \
                              RequestTime: 21/Aug/2025:14:36:19 +0000, Method: GET, Path: /pets, Status: 200";

    const CLF: &str = r#"192.0.2.10 - - [21/Aug/2025:14:36:19 +0000]"GET /pets HTTP/1.1" 200 48 c6af9ac6-7b61-11e6-9a41-93e8deadbeef Iq8dHhlwIAMEV_g="#;

    fn run(lines: &[&str]) -> Simulation {
        simulate(&SimulationInput::new(
            lines, "default", "apigw", NOW_MS, REQUEST_ID,
        ))
    }

    fn run_with_newline(lines: &[&str]) -> Simulation {
        simulate(
            &SimulationInput::new(lines, "default", "apigw", NOW_MS, REQUEST_ID)
                .with_trailing_newline(true),
        )
    }

    fn run_raw(records: &[&[u8]]) -> Simulation {
        let request = FirehoseRequest::new("default", "apigw", REQUEST_ID, NOW_MS, records);
        simulate_request(&request, NOW_MS, ServerSettings::default())
    }

    fn codes(sim: &Simulation) -> Vec<&'static str> {
        sim.records.iter().map(|r| r.code).collect()
    }

    // One test per outcome (docs/sources.md, *OpenObserve record decoding and responses*).

    #[test]
    fn one_json_object_without_newline_is_stored() {
        let sim = run(&[PRESET]);
        assert_eq!((sim.http_status, codes(&sim)), (200, vec!["stored"]));
        assert_eq!(sim.stored_rows(), 1);
    }

    #[test]
    fn json_object_taken_for_protobuf_is_dropped_with_200() {
        let sim = run(&[PROBE_HIT_LINE]);
        assert_eq!(sim.http_status, 200);
        let record = &sim.records[0];
        assert_eq!(
            (record.verdict, record.code),
            (Verdict::Dropped, "protobuf-probe-hit")
        );
        assert!(record
            .reason
            .contains("mistaken for an empty OTLP metrics message"));
        assert!(record.fix.unwrap().contains("newline"));
        assert!(record.probe.as_ref().is_some_and(ProbeReport::is_hit));
        assert_eq!(
            sim.notes,
            ["record 1: with a trailing newline (API Gateway adds none) this line would be stored"]
        );
        assert_eq!(sim.stored_rows(), 0);
    }

    #[test]
    fn probe_hit_note_runs_the_alternative_through_the_whole_pipeline() {
        // `a 1` decodes as protobuf; with a newline it is text, which fails the batch.
        let sim = run(&["a 1"]);
        assert_eq!(codes(&sim), ["protobuf-probe-hit"]);
        assert_eq!(
            sim.notes,
            ["record 1: with a trailing newline (API Gateway adds none) this line would fail the whole batch with 400"]
        );
    }

    #[test]
    fn record_over_the_firehose_limit_is_noted() {
        let line = format!(
            r#"{{"requestId":"r1","big":"{}"}}"#,
            "x".repeat(MAX_RECORD_BYTES)
        );
        let sim = run(&[line.as_str()]);
        assert!(
            sim.notes.iter().any(|n| n.contains("record limit")),
            "{:?}",
            sim.notes
        );
    }

    #[test]
    fn more_records_than_one_request_holds_are_noted() {
        let lines = vec![PRESET; MAX_RECORDS_PER_REQUEST + 1];
        let sim = run(&lines);
        assert!(
            sim.notes.iter().any(|n| n.contains("2 requests")),
            "{:?}",
            sim.notes
        );
    }

    #[test]
    fn normalised_stream_name_is_noted() {
        let lines = [PRESET];
        let input = SimulationInput::new(
            &lines,
            "default",
            "amazon-apigateway-MyAPI",
            NOW_MS,
            REQUEST_ID,
        );
        let sim = simulate(&input);
        assert!(
            sim.notes
                .iter()
                .any(|n| n.contains("'amazon_apigateway_myapi'")),
            "{:?}",
            sim.notes
        );
    }

    #[test]
    fn one_json_object_with_newline_is_stored() {
        let sim = run_with_newline(&[PRESET]);
        assert_eq!((sim.http_status, codes(&sim)), (200, vec!["stored"]));
    }

    #[test]
    fn the_probe_hit_line_is_stored_once_the_format_ends_with_a_newline() {
        let sim = run_with_newline(&[PROBE_HIT_LINE]);
        assert_eq!(codes(&sim), ["stored"]);
    }

    #[test]
    fn crlf_line_ending_is_stripped() {
        let sim = run_raw(&[b"{\"status\":\"200\"}\r\n"]);
        assert_eq!(codes(&sim), ["stored"]);
        assert_eq!(
            sim.records[0].columns.get("status").unwrap().value,
            Value::from("200")
        );
    }

    #[test]
    fn objects_separated_by_single_newlines_are_one_row_each() {
        let sim = run_raw(&[b"{\"n\":\"1\"}\n{\"n\":\"2\"}\n{\"n\":\"3\"}"]);
        assert_eq!(sim.http_status, 200);
        assert_eq!(sim.records[0].rows.len(), 3);
        assert_eq!(sim.stored_rows(), 3);
    }

    #[test]
    fn blank_line_between_objects_fails_the_whole_batch() {
        let sim = run_raw(&[b"{\"n\":\"1\"}\n\n{\"n\":\"2\"}"]);
        assert_eq!((sim.http_status, codes(&sim)), (400, vec!["blank-line"]));
        assert_eq!(
            sim.records[0].outcome,
            Outcome::BlankLine {
                line: 2,
                error: "EOF while parsing a value at line 1 column 0".into()
            }
        );
    }

    #[test]
    fn whitespace_only_line_fails_the_whole_batch() {
        // Two spaces: the probe reads a varint key with no value (a miss), then the text is blank.
        let sim = run_raw(&[b"  "]);
        assert_eq!((sim.http_status, codes(&sim)), (400, vec!["blank-line"]));
    }

    #[test]
    fn lone_newline_record_is_a_probe_hit_not_a_400() {
        // The newline is taken as a one-byte varint header; the empty rest decodes as an empty
        // ExportMetricsServiceRequest. So "\n" (an empty line from a format ending in \n) is
        // dropped with 200 before any line splitting happens.
        let sim = run_with_newline(&[""]);
        assert_eq!(
            (sim.http_status, codes(&sim)),
            (200, vec!["protobuf-probe-hit"])
        );
    }

    #[test]
    fn three_spaces_are_a_probe_hit() {
        let sim = run(&["   "]);
        assert_eq!(codes(&sim), ["protobuf-probe-hit"]);
    }

    #[test]
    fn empty_record_is_accepted_with_no_rows() {
        let sim = run(&[""]);
        assert_eq!((sim.http_status, codes(&sim)), (200, vec!["empty-record"]));
        assert_eq!(sim.stored_rows(), 0);
    }

    #[test]
    fn non_object_json_is_dropped_with_200() {
        for (line, found) in [
            ("[1,2]", "array"),
            ("\"text\"", "string"),
            ("42", "number"),
            ("null", "null"),
        ] {
            assert!(!probe::is_probe_hit(line.as_bytes()), "{line}");
            let sim = run(&[line]);
            assert_eq!(sim.http_status, 200, "{line}");
            assert_eq!(
                sim.records[0].outcome,
                Outcome::NotAnObject { found },
                "{line}"
            );
            assert_eq!(sim.records[0].verdict, Verdict::Dropped);
        }
    }

    #[test]
    fn text_line_fails_the_whole_batch_including_valid_records() {
        let sim = run(&[PRESET, CLF, PRESET]);
        assert_eq!(sim.http_status, 400);
        assert_eq!(codes(&sim), ["stored", "not-json", "stored"]);
        let lost: Vec<bool> = sim.records.iter().map(|r| r.lost_with_batch).collect();
        assert_eq!(lost, [true, false, true]);
        assert_eq!(sim.stored_rows(), 0);
        assert!(sim.notes[0].contains("record 2 fails the whole batch"));
        assert!(sim.records[1].fix.unwrap().contains("JSON"));
    }

    #[test]
    fn csv_and_xml_lines_fail_the_whole_batch() {
        let csv = "192.0.2.10,-,-,21/Aug/2025:14:36:19 +0000,GET,/pets,HTTP/1.1,200,48,c6af9ac6-7b61-11e6-9a41-93e8deadbeef,Iq8dHhlwIAMEV_g=";
        let xml =
            r#"<request id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef"> <ip>192.0.2.10</ip> </request>"#;
        for line in [csv, xml] {
            let sim = run(&[line]);
            assert_eq!(
                (sim.http_status, codes(&sim)),
                (400, vec!["not-json"]),
                "{line}"
            );
        }
    }

    #[test]
    fn invalid_base64_fails_the_whole_batch() {
        let mut request = FirehoseRequest::new("default", "apigw", REQUEST_ID, NOW_MS, &[b"{}"]);
        request.body.records[0].data = "not base64!".into();
        let sim = simulate_request(&request, NOW_MS, ServerSettings::default());
        assert_eq!(
            (sim.http_status, codes(&sim)),
            (400, vec!["invalid-base64"])
        );
        assert!(sim.response.body.contains("Invalid symbol 32, offset 3."));
    }

    #[test]
    fn binary_data_that_is_not_utf8_fails_the_whole_batch() {
        let bytes: &[u8] = b"{\xff\xfe}";
        assert!(!probe::is_probe_hit(bytes));
        let sim = run_raw(&[bytes]);
        assert_eq!((sim.http_status, codes(&sim)), (400, vec!["invalid-utf8"]));
        assert!(sim
            .response
            .body
            .contains("StringUTF8Error# invalid utf-8 sequence of 1 bytes from index 1"));
    }

    #[test]
    fn gzip_record_is_not_simulated() {
        let sim = run_raw(&[&[0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF]]);
        assert_eq!(sim.records[0].verdict, Verdict::Unknown);
        assert_eq!(sim.http_status, 200);
        assert!(sim.notes.iter().any(|n| n.contains("gzip")));
    }

    #[test]
    fn cloudwatch_logs_envelope_gives_one_row_per_event() {
        let envelope = r#"{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"API-Gateway-Execution-Logs","logStream":"abc","subscriptionFilters":["to-firehose"],"logEvents":[{"id":"1","timestamp":1755786970000,"message":"{\"requestId\":\"r1\",\"status\":\"200\"}"},{"id":"2","timestamp":1755786971000,"message":"plain text"}]}"#;
        assert!(!probe::is_probe_hit(envelope.as_bytes()));
        let sim = run(&[envelope]);
        assert_eq!(sim.http_status, 200);
        let rows = &sim.records[0].rows;
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.verdict == Verdict::Stored));
        let first = &rows[0].columns;
        assert_eq!(
            first.get("message_requestid").unwrap().value,
            Value::from("r1")
        );
        assert_eq!(
            first.get("requestid").unwrap().value,
            Value::from(REQUEST_ID)
        );
        assert_eq!(
            first.get("loggroup").unwrap().value,
            Value::from("API-Gateway-Execution-Logs")
        );
        assert_eq!(
            first.get("subscriptionfilters").unwrap().value,
            Value::from("[\"to-firehose\"]")
        );
        assert_eq!(
            first.get("_timestamp").unwrap().value,
            Value::from(1_755_786_970_000_000_i64)
        );
        assert_eq!(
            rows[1].columns.get("message").unwrap().value,
            Value::from("plain text")
        );
    }

    #[test]
    fn request_time_as_timestamp_is_dropped_with_200() {
        let line = r#"{"requestId":"r1","_timestamp":"21/Aug/2025:14:36:19 +0000"}"#;
        let sim = run(&[line]);
        assert_eq!((sim.http_status, codes(&sim)), (200, vec!["bad-timestamp"]));
        assert!(sim.records[0]
            .fix
            .unwrap()
            .contains("$context.requestTimeEpoch"));
    }

    #[test]
    fn timestamp_six_hours_old_is_dropped_with_200() {
        let old = (NOW_MS - 6 * 3_600_000).to_string();
        let line = format!(r#"{{"requestId":"r1","_timestamp":"{old}"}}"#);
        let sim = run(&[&line]);
        assert_eq!(
            (sim.http_status, codes(&sim)),
            (200, vec!["timestamp-too-old"])
        );
    }

    #[test]
    fn timestamp_a_day_and_an_hour_ahead_is_dropped_with_200() {
        let ahead = (NOW_MS + 25 * 3_600_000).to_string();
        let line = format!(r#"{{"requestId":"r1","_timestamp":"{ahead}"}}"#);
        let sim = run(&[&line]);
        assert_eq!(
            (sim.http_status, codes(&sim)),
            (200, vec!["timestamp-in-future"])
        );
    }

    #[test]
    fn request_time_epoch_becomes_the_stored_timestamp() {
        let line = format!(r#"{{"requestId":"r1","_timestamp":"{}"}}"#, NOW_MS - 1_000);
        let sim = run(&[&line]);
        let stamp = sim.records[0].columns.get("_timestamp").unwrap();
        assert_eq!(stamp.value, Value::from(NOW_MICROS - 1_000_000));
        assert_eq!(stamp.data_type, columns::DataType::Int64);
        assert_eq!(
            sim.records[0].outcome,
            Outcome::Stored {
                source: TimestampSource::Record
            }
        );
    }

    // A full example exchange (docs/sources.md, *Firehose records and HTTP-endpoint delivery*).

    #[test]
    fn reference_example_exchange_is_reproduced_exactly() {
        let record = r#"{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"192.0.2.10","httpMethod":"GET","resourcePath":"/pets","status":"200","protocol":"HTTP/1.1","responseLength":"48"}"#;
        let now_ms = 1_578_090_901_599;
        let sim = simulate(&SimulationInput::new(
            &[record],
            "default",
            "apigw",
            now_ms,
            REQUEST_ID,
        ));
        assert_eq!(sim.request.method, "POST");
        assert_eq!(sim.request.path, "/aws/default/apigw/_kinesis_firehose");
        assert_eq!(
            sim.request.headers.get("Content-Type"),
            Some("application/json")
        );
        assert_eq!(
            sim.request.headers.get("X-Amz-Firehose-Request-Id"),
            Some(REQUEST_ID)
        );
        assert_eq!(
            sim.request.headers.get("X-Amz-Firehose-Access-Key"),
            Some("<ACCESS_KEY>")
        );
        assert_eq!(
            sim.request.body.records[0].data,
            "eyJyZXF1ZXN0SWQiOiJjNmFmOWFjNi03YjYxLTExZTYtOWE0MS05M2U4ZGVhZGJlZWYiLCJpcCI6IjE5Mi4wLjIuMTAiLCJodHRwTWV0aG9kIjoiR0VUIiwicmVzb3VyY2VQYXRoIjoiL3BldHMiLCJzdGF0dXMiOiIyMDAiLCJwcm90b2NvbCI6IkhUVFAvMS4xIiwicmVzcG9uc2VMZW5ndGgiOiI0OCJ9"
        );
        assert!(sim.request.body_json().starts_with(
            r#"{"requestId":"ed4acda5-034f-9f42-bba1-f29aea6d7d8f","timestamp":1578090901599,"records":[{"data":"eyJy"#
        ));
        assert_eq!(sim.http_status, 200);
        assert_eq!(
            sim.response.body,
            r#"{"requestId":"ed4acda5-034f-9f42-bba1-f29aea6d7d8f","timestamp":1578090901599}"#
        );
        let columns = &sim.records[0].columns;
        let mut names = columns.names();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "_timestamp",
                "httpmethod",
                "ip",
                "protocol",
                "requestid",
                "resourcepath",
                "responselength",
                "status"
            ]
        );
        assert_eq!(columns.get("status").unwrap().value, Value::from("200"));
        assert_eq!(
            columns.get("_timestamp").unwrap().value,
            Value::from(now_ms * 1_000)
        );
    }

    #[test]
    fn guide_text_format_fails_with_the_serde_message() {
        let sim = run(&[GUIDE_TEXT]);
        assert_eq!(sim.http_status, 400);
        assert_eq!(
            sim.response.body,
            format!(
                "{{\"requestId\":\"{REQUEST_ID}\",\"errorMessage\":\"Error# Failed processing: \
                 AWSError(KinesisFHIngestionResponse {{ request_id: \\\"{REQUEST_ID}\\\", error_message: \
                 Some(\\\"SerdeJsonError# expected value at line 1 column 1\\\"), timestamp: {NOW_MS} }})\",\
                 \"timestamp\":{NOW_MS}}}"
            )
        );
    }

    #[test]
    fn error_text_falls_back_to_now_in_microseconds_without_a_request_timestamp() {
        let mut request = FirehoseRequest::new(
            "default",
            "apigw",
            REQUEST_ID,
            NOW_MS,
            &[GUIDE_TEXT.as_bytes()],
        );
        request.body.timestamp = None;
        let sim = simulate_request(&request, NOW_MS, ServerSettings::default());
        assert!(sim
            .response
            .body
            .contains(&format!("timestamp: {NOW_MICROS} }})")));
        assert!(sim
            .response
            .body
            .ends_with(&format!("\"timestamp\":{NOW_MS}}}")));
    }

    #[test]
    fn preset_json_lines_are_stored_as_utf8_columns() {
        let sim = run(&[PRESET]);
        let columns = &sim.records[0].columns;
        assert_eq!(columns.0.len(), 12);
        for column in &columns.0 {
            let expected = if column.name == "_timestamp" {
                columns::DataType::Int64
            } else {
                columns::DataType::Utf8
            };
            assert_eq!(column.data_type, expected, "{}", column.name);
        }
        assert!(columns.get("extendedrequestid").is_some());
        assert!(sim.records[0]
            .notes
            .iter()
            .any(|n| matches!(n, ColumnNote::Renamed { column, .. } if column == "requestid")));
    }

    #[test]
    fn unquoted_dash_suggests_quoting_every_value() {
        let sim = run(&[r#"{"status":"200","responseLength":-}"#]);
        assert_eq!(codes(&sim), ["not-json"]);
        assert!(sim.records[0].fix.unwrap().contains("quote every value"));
    }

    #[test]
    fn simulation_serialises_to_the_cli_contract() {
        let json = serde_json::to_value(run(&[PRESET])).unwrap();
        assert_eq!(json["http_status"], 200);
        assert_eq!(json["request"]["method"], "POST");
        assert_eq!(
            json["request"]["headers"]["X-Amz-Firehose-Protocol-Version"],
            "1.0"
        );
        assert_eq!(
            json["request"]["body"]["records"][0]["data"]
                .as_str()
                .map(str::len),
            Some(PRESET.len().div_ceil(3) * 4)
        );
        let record = &json["records"][0];
        assert_eq!(record["record"], 1);
        assert_eq!(record["verdict"], "stored");
        assert_eq!(record["columns"]["status"], "200");
        assert_eq!(record["types"]["status"], "Utf8");
        assert_eq!(record["columns"]["_timestamp"], NOW_MICROS);
        assert!(record["reason"].is_string());
    }

    #[test]
    fn subscription_route_stores_each_line_as_an_event_row() {
        let lines = [
            r#"{"requestId":"GQIVriFLIAMEMsA=","status":"200"}"#,
            "1.1.1.1 - - [x] \"GET GET / HTTP/1.1\" 200",
        ];
        let input = SimulationInput::new(&lines, "default", "apigw", NOW_MS, REQUEST_ID).via(
            Route::CloudWatchSubscription {
                account: "123456789012",
                log_group: "/aws/apigateway/http",
                filter: "to-firehose",
            },
        );
        let sim = simulate(&input);
        assert_eq!(sim.http_status, 200);
        assert_eq!(sim.records.len(), 1);
        let rows = &sim.records[0].rows;
        assert_eq!(rows.len(), 2);
        assert!(
            rows.iter().all(|row| row.verdict == Verdict::Stored),
            "{rows:?}"
        );
        assert!(
            rows[0].columns.get("message_requestid").is_some(),
            "{:?}",
            rows[0].columns.names()
        );
        assert!(
            rows[1].columns.get("message").is_some(),
            "{:?}",
            rows[1].columns.names()
        );
    }
}
