//! What happened to a record or a row: the verdict in one word and the outcome that explains it.

use crate::openobserve::timestamp::{TimestampError, TimestampSource};
use serde::Serialize;
use std::fmt;

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
