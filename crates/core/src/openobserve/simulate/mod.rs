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

use super::columns;
use super::timestamp::WindowLimits;
use crate::api::ApiType;
use serde::Serialize;

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
    /// The format the lines were written with, and the API type: on the CloudWatch Logs route
    /// each log event then carries the line's own request time.
    pub format: Option<(&'a str, ApiType)>,
}

/// The account a simulated CloudWatch Logs envelope names when none is given (AWS's documentation
/// example id).
pub const EXAMPLE_ACCOUNT: &str = "123456789012";
/// The log group a simulated CloudWatch Logs envelope names when none is given.
pub const DEFAULT_LOG_GROUP: &str = "/aws/apigateway/access-logs";
/// The log stream a simulated envelope names.
pub const LOG_STREAM: &str = "access-logs";
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
            format: None,
        }
    }

    /// The same input, knowing the format the lines were written with (so a CloudWatch Logs
    /// event can carry the line's own time, as API Gateway's log event does).
    pub fn with_format(mut self, format: &'a str, api: ApiType) -> Self {
        self.format = Some((format, api));
        self
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

mod decode;
mod envelope;
mod request;
mod result;
mod verdict;

pub use decode::simulate_request;
pub(crate) use decode::{event_row, EnvelopeFields};
use envelope::simulate_subscription;
pub use request::{FirehoseBody, FirehoseRecord, FirehoseRequest, FirehoseResponse, Headers};
pub use result::{RecordResult, RowResult, Simulation, StoredColumns};
pub use verdict::{Outcome, Verdict};

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

#[cfg(test)]
mod tests;
