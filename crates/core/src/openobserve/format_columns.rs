//! The OpenObserve columns an access-log format produces, worked out from the format alone.
//!
//! No sample lines are needed: the format is rendered the way API Gateway would render it with a
//! typical value for every variable (its shape's example; a quoted value stays a string, a bare
//! integer becomes a JSON number), parsed as OpenObserve parses a Firehose record, and flattened
//! with [`columns::flatten`] at the default level. Each resulting column is traced back to the key
//! path and the `$context` variables that feed it, and [`FormatColumns::notes`] say what will
//! surprise people: lowercased or sanitised names, collisions, objects cut at the depth limit,
//! where `_timestamp` comes from, numbers stored as text, and bare values that break JSON.
//!
//! Only JSON objects get columns. Any other format (CLF, CSV, XML, `Key: value` text) is answered
//! with a [`ColumnsError`]: OpenObserve rejects every such record, and the whole batch with it.
//!
//! ```
//! use gwlog_core::api::ApiType;
//! use gwlog_core::openobserve::columns::DataType;
//! use gwlog_core::openobserve::format_columns::format_columns;
//!
//! let format = r#"{"requestId":"$context.requestId","status":"$context.status","latency":$context.responseLatency}"#;
//! let found = format_columns(format, ApiType::Rest).unwrap();
//! let requestid = found.column("requestid").unwrap();
//! assert_eq!(requestid.variables, ["$context.requestId"]);
//! assert_eq!(found.column("status").unwrap().data_type, DataType::Utf8);
//! assert_eq!(found.column("latency").unwrap().data_type, DataType::Int64);
//!
//! let clf = "$context.identity.sourceIp [$context.requestTime] $context.requestId";
//! assert_eq!(format_columns(clf, ApiType::Rest).unwrap_err().http_status, Some(400));
//! ```

use super::columns::{self, ColumnNote, DataType, DEFAULT_FLATTEN_LEVEL};
use super::delivery::Via;
use super::simulate::{
    event_row, EnvelopeFields, DEFAULT_LOG_GROUP, EXAMPLE_ACCOUNT, LOG_STREAM, SUBSCRIPTION_FILTER,
};
use super::timestamp;
use crate::api::ApiType;
use crate::diagnostic::{Code, Severity, Span};
use crate::format::catalogue::{self, Lookup};
use crate::format::grammar::{self, Piece};
use crate::format::json;
use crate::format::json_template::{JsonTemplate, Quoting, Value as TemplateValue, VariableRef};
use crate::format::kind::{self, FormatKind};
use crate::format::render::render;
use crate::format::shape::ValueShape;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// The column OpenObserve reads as event time.
pub const TIMESTAMP_COLUMN: &str = "_timestamp";

/// What OpenObserve stores for every record of a format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatColumns {
    /// The API type whose value shapes were used.
    pub api: ApiType,
    /// The flatten level applied (OpenObserve's default unless asked otherwise).
    pub flatten_level: u32,
    /// One record rendered with typical values, as API Gateway would write it.
    pub example_record: String,
    /// The columns, in the order OpenObserve produces them.
    pub columns: Vec<FormatColumn>,
    /// Everything worth knowing about the columns, most serious first.
    pub notes: Vec<FormatNote>,
}

impl FormatColumns {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&FormatColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The notes about column `name`.
    pub fn notes_for<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a FormatNote> + 'a {
        self.notes
            .iter()
            .filter(move |n| n.column.as_deref() == Some(name))
    }

    /// Whether any note is an error (every record would be lost).
    pub fn has_errors(&self) -> bool {
        self.notes.iter().any(|n| n.severity == Severity::Error)
    }
}

/// One column OpenObserve stores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatColumn {
    /// The column name to use in SQL and filters (lowercased and sanitised by OpenObserve).
    pub name: String,
    /// The type OpenObserve infers: `Utf8` for quoted values, `Int64` for bare integers.
    pub data_type: DataType,
    /// The keys in the format leading to the value, outermost first.
    pub source_key_path: Vec<String>,
    /// The `$context` variables that feed the column, in format order (empty for a constant).
    pub variables: Vec<String>,
    /// The stored value with typical values.
    pub example: Value,
}

/// Something about the columns worth showing, optionally about one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormatNote {
    /// How serious it is: an error means records are lost.
    pub severity: Severity,
    /// A stable kebab-case identifier (`renamed`, `no-timestamp`, `quoted-number`, …).
    pub code: Code,
    /// The column concerned, if the note is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What happens and what to do about it.
    pub message: String,
}

impl fmt::Display for FormatNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)
    }
}

/// Why a format produces no columns at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnsError {
    /// What is wrong.
    #[serde(flatten)]
    pub kind: ColumnsErrorKind,
    /// OpenObserve's answer to a batch holding such records: 400 when it rejects the whole batch,
    /// 200 when it drops the records silently, `None` when API Gateway rejects the format first.
    pub http_status: Option<u16>,
    /// What happens and how to fix it.
    pub message: String,
}

/// The reasons a format produces no columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ColumnsErrorKind {
    /// The format is empty.
    Empty,
    /// CLF, CSV, XML or other text: not JSON, so every record fails the whole batch.
    NotJson {
        /// What the format is instead.
        format_kind: FormatKind,
    },
    /// Looks like JSON, but renders invalid JSON even with typical values.
    InvalidJson {
        /// Where in the format the JSON breaks.
        span: Span,
        /// The JSON parser's message.
        detail: String,
    },
    /// Renders valid JSON that is not an object (an array, a string…).
    NotAnObject {
        /// The JSON kind found (`array`, `string`, …).
        found: &'static str,
    },
}

impl ColumnsError {
    fn new(kind: ColumnsErrorKind) -> Self {
        let (http_status, message) = match &kind {
            ColumnsErrorKind::Empty => (
                None,
                "The format is empty: API Gateway rejects it, so there are no records and no \
                 columns. Start from a JSON preset."
                    .to_owned(),
            ),
            ColumnsErrorKind::NotJson { format_kind } => (
                Some(400),
                format!(
                    "No columns: OpenObserve's Firehose endpoint only reads JSON, so it rejects \
                     every {} record with 400 for the whole batch (the valid records in the same \
                     batch are lost too) and Firehose retries, then backs the batch up to S3. \
                     Convert the format to JSON.",
                    format_kind.label()
                ),
            ),
            ColumnsErrorKind::InvalidJson { detail, .. } => (
                Some(400),
                format!(
                    "No columns: even with typical values the format renders invalid JSON \
                     ({detail}), so OpenObserve rejects every record with 400 for the whole \
                     batch. Fix the JSON where it breaks."
                ),
            ),
            ColumnsErrorKind::NotAnObject { found } => (
                Some(200),
                format!(
                    "No columns: the format renders a JSON {found}, not an object, and OpenObserve \
                     drops every record (\"flatten value must be an object\") while answering \
                     200. Put the keys in one {{…}} object."
                ),
            ),
        };
        ColumnsError {
            kind,
            http_status,
            message,
        }
    }
}

impl fmt::Display for ColumnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ColumnsError {}

/// The columns OpenObserve stores for every record of `format` on a stage of `api`, at the
/// default flatten level.
pub fn format_columns(format: &str, api: ApiType) -> Result<FormatColumns, ColumnsError> {
    format_columns_with_level(format, api, DEFAULT_FLATTEN_LEVEL)
}

/// [`format_columns`] with another flatten level (`ZO_INGEST_FLATTEN_LEVEL` or the stream's own;
/// `0` = unlimited).
pub fn format_columns_with_level(
    format: &str,
    api: ApiType,
    level: u32,
) -> Result<FormatColumns, ColumnsError> {
    predict(format, api, level, Via::Direct)
}

/// The columns OpenObserve stores for every record of `format` delivered `via` a route, at the
/// default flatten level: on the CloudWatch Logs route (the only one HTTP and WebSocket APIs
/// have) each entry is the `message` of a log event, so its keys become `message_*` columns next
/// to the envelope's, built by the same row function the simulator uses.
pub fn format_columns_via(
    format: &str,
    api: ApiType,
    via: Via,
) -> Result<FormatColumns, ColumnsError> {
    predict(format, api, DEFAULT_FLATTEN_LEVEL, via)
}

fn predict(
    format: &str,
    api: ApiType,
    level: u32,
    via: Via,
) -> Result<FormatColumns, ColumnsError> {
    if format.trim().is_empty() {
        return Err(ColumnsError::new(ColumnsErrorKind::Empty));
    }
    let pieces = grammar::parse(format);
    let format_kind = kind::detect(format, &pieces);
    // Through CloudWatch Logs a text entry is stored too, as the text column `message`.
    let is_json = format_kind == FormatKind::Json;
    if !is_json && via == Via::Direct {
        return Err(ColumnsError::new(ColumnsErrorKind::NotJson { format_kind }));
    }
    let slots = slots(format, &pieces, api);

    let mut next = slots.iter();
    let typical = render(format, &pieces, |_| {
        next.next().map_or_else(|| "-".to_owned(), Slot::typical)
    });
    if is_json {
        let value: Value = serde_json::from_str(&typical.text).map_err(|error| {
            let offset = error_offset(&typical.text, &error);
            ColumnsError::new(ColumnsErrorKind::InvalidJson {
                span: typical.origin_of(offset),
                detail: error.to_string(),
            })
        })?;
        if let Err(error) = columns::flatten(&value, level) {
            return Err(ColumnsError::new(ColumnsErrorKind::NotAnObject {
                found: error.found,
            }));
        }
    }
    // What is flattened: the entry itself, or the log-event row holding it as `message`.
    let entry = typical.text.trim_end_matches(['\n', '\r']);
    let row = match via {
        Via::Direct => serde_json::from_str(entry).unwrap_or(Value::Null),
        Via::CloudWatch => subscription_example_row(entry),
    };
    let flat = columns::flatten(&row, level)
        .map_err(|error| ColumnsError::new(ColumnsErrorKind::NotAnObject { found: error.found }))?;

    let template = if is_json {
        JsonTemplate::parse(format, &pieces).ok()
    } else {
        None
    };
    let mut out = FormatColumns {
        api,
        flatten_level: level,
        example_record: typical.text.clone(),
        columns: Vec::with_capacity(flat.columns.len()),
        notes: Vec::new(),
    };
    let mut fed_by: Vec<Vec<usize>> = Vec::with_capacity(flat.columns.len());
    for column in &flat.columns {
        let entry_path = match column.source_key_path.split_first() {
            _ if via == Via::Direct => Some(column.source_key_path.as_slice()),
            Some((first, rest)) if first == "message" => Some(rest),
            _ => None, // an envelope column: no variable feeds it
        };
        let feed = match (&template, entry_path) {
            (Some(template), Some(path)) => feeding(template, path, &slots),
            // A text entry: the whole line, every variable, is the one column `message`.
            (None, Some([])) => Feed {
                slots: (0..slots.len()).collect(),
                in_key: false,
            },
            _ => Feed::default(),
        };
        if feed.in_key {
            out.notes.push(FormatNote {
                severity: Severity::Warning,
                code: Code::VariableInKey,
                column: Some(column.name.clone()),
                message: format!(
                    "The key `{}` contains a variable, so the column name changes from request to \
                     request and every new value adds a column. Put variables in values only.",
                    column.source_key_path.join(".")
                ),
            });
        }
        let mut variables: Vec<String> = Vec::new();
        for &index in &feed.slots {
            let name = format!("$context.{}", slots[index].name);
            if !variables.contains(&name) {
                variables.push(name);
            }
        }
        fed_by.push(feed.slots);
        out.columns.push(FormatColumn {
            name: column.name.clone(),
            data_type: column.data_type,
            source_key_path: column.source_key_path.clone(),
            variables,
            example: column.value.clone(),
        });
    }

    flatten_notes(&flat.notes, &mut out.notes);
    if via == Via::CloudWatch {
        // The envelope's own columns are the same for every format: nothing to say about them.
        out.notes.retain(|note| {
            note.column
                .as_deref()
                .is_none_or(|column| column.starts_with("message"))
        });
    }
    if let Ok(duplicates) = json::find_duplicate_keys(&typical.text) {
        for key in duplicates {
            out.notes.push(FormatNote {
                severity: Severity::Warning,
                code: Code::DuplicateKey,
                column: Some(columns::format_key(&key)),
                message: format!(
                    "The key `{key}` appears twice in one object: OpenObserve keeps only the last \
                     value. Rename or remove one."
                ),
            });
        }
    }
    if is_json {
        value_notes(&out.columns, &fed_by, &slots, &mut out.notes);
    }
    match via {
        Via::Direct => out.notes.push(timestamp_note(&out.columns, api)),
        Via::CloudWatch => out.notes.push(FormatNote {
            severity: Severity::Info,
            code: Code::TimestampEventTime,
            column: Some(TIMESTAMP_COLUMN.to_owned()),
            message: "Through CloudWatch Logs each row's _timestamp is its log event's time, when \
                      API Gateway wrote the entry: the request time. A _timestamp key of the \
                      format is stored as message__timestamp."
                .to_owned(),
        }),
    }
    if api != ApiType::Rest && via == Via::Direct {
        out.notes.push(FormatNote {
            severity: Severity::Info,
            code: Code::NotDirect,
            column: None,
            message: format!(
                "Only REST stages can send access logs to Firehose directly. A {} reaches \
                 OpenObserve through a CloudWatch Logs subscription instead: there each column \
                 below is stored as message_<column>, next to the envelope's columns, and \
                 _timestamp is the CloudWatch event time.",
                api.label()
            ),
        });
    }
    out.notes.sort_by_key(|n| n.severity);
    Ok(out)
}

/// An example row of the CloudWatch Logs route holding `entry` as its message, with the
/// simulator's default envelope names.
fn subscription_example_row(entry: &str) -> Value {
    const EXAMPLE_EVENT_MS: i64 = 1_755_786_979_000;
    let filters = [SUBSCRIPTION_FILTER.to_owned()];
    let fields = EnvelopeFields {
        message_type: "DATA_MESSAGE",
        owner: EXAMPLE_ACCOUNT,
        log_group: DEFAULT_LOG_GROUP,
        log_stream: LOG_STREAM,
        subscription_filters: &filters,
    };
    Value::Object(event_row(
        entry,
        &format!("{:056}", EXAMPLE_EVENT_MS * 1_000),
        Some(EXAMPLE_EVENT_MS),
        "8d4e1b7a-3c2f-4e9a-9b1d-5f6a7c8e9d0b",
        &fields,
    ))
}

/// One variable occurrence of the format.
struct Slot<'p> {
    name: &'p str,
    quoting: Quoting,
    shape: ValueShape,
    known: bool,
}

impl Slot<'_> {
    /// The value API Gateway typically writes here. Unknown names render `-` (REST logs that);
    /// a pre-quoted value inside quotes renders as "no error", its double quoting is a note.
    fn typical(&self) -> String {
        if !self.known || (self.shape == ValueShape::PreQuoted && self.quoting == Quoting::InString)
        {
            return "-".to_owned();
        }
        self.shape.example().to_owned()
    }
}

fn slots<'p>(format: &str, pieces: &'p [Piece], api: ApiType) -> Vec<Slot<'p>> {
    let quotings = json::quoting(format, pieces);
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Variable { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .zip(quotings)
        .map(|(name, quoting)| {
            let lookup = catalogue::lookup(name);
            Slot {
                name,
                quoting,
                shape: lookup.shape_for(api),
                known: !matches!(lookup, Lookup::Unknown),
            }
        })
        .collect()
}

/// Byte offset of a serde_json error in `text`.
fn error_offset(text: &str, error: &serde_json::Error) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + error.column().saturating_sub(1)).min(text.len().saturating_sub(1))
}

/// The variables feeding one column.
#[derive(Default)]
struct Feed {
    /// Slot indexes, in format order, possibly repeated.
    slots: Vec<usize>,
    /// Whether a key on the way holds a variable.
    in_key: bool,
}

/// Follow `path` (keys as rendered with typical values) through the format's JSON-template model
/// and collect every variable in the keys on the way and anywhere in the value found.
fn feeding(template: &JsonTemplate, path: &[String], slots: &[Slot<'_>]) -> Feed {
    let typical = |variable: &VariableRef| {
        slots
            .get(variable.index)
            .map(Slot::typical)
            .unwrap_or_default()
    };
    let mut feed = Feed::default();
    let mut object = &template.root;
    let mut value: Option<&TemplateValue> = None;
    for segment in path {
        if let Some(found) = value {
            let TemplateValue::Object(inner) = found else {
                return Feed::default();
            };
            object = inner;
        }
        // A repeated key: the last one is what JSON readers keep.
        let Some(member) = object
            .members
            .iter()
            .rev()
            .find(|member| member.key.render(typical) == *segment)
        else {
            return Feed::default();
        };
        let in_key: Vec<usize> = member.key.variables().map(|v| v.index).collect();
        feed.in_key |= !in_key.is_empty();
        feed.slots.extend(in_key);
        value = Some(&member.value);
    }
    if let Some(value) = value {
        feed.slots
            .extend(value.variables().into_iter().map(|v| v.index));
    }
    feed.slots.sort_unstable();
    feed
}

/// Notes from flattening: renames, collisions, cut objects, arrays and dropped values.
fn flatten_notes(notes: &[ColumnNote], out: &mut Vec<FormatNote>) {
    for note in notes {
        let (severity, code, column, message) = match note {
            ColumnNote::Renamed {
                source_key_path,
                column,
            } => {
                let key = source_key_path.join(".");
                let only_case = source_key_path
                    .iter()
                    .all(|segment| columns::format_key(segment) == segment.to_lowercase());
                if only_case {
                    (
                        Severity::Info,
                        Code::Renamed,
                        column.clone(),
                        format!(
                            "`{key}` is stored as `{column}`: OpenObserve lowercases column \
                             names, so SQL and filters must say `{column}`."
                        ),
                    )
                } else {
                    (
                        Severity::Warning,
                        Code::Renamed,
                        column.clone(),
                        format!(
                            "`{key}` is stored as `{column}`: OpenObserve lowercases column names \
                             and turns every character other than a-z, 0-9 and _ into _, one for \
                             one. Query `{column}`, or use a plain key."
                        ),
                    )
                }
            }
            ColumnNote::Collision { column, .. } => (
                Severity::Warning,
                Code::Collision,
                column.clone(),
                format!("{note}."),
            ),
            ColumnNote::DepthLimited { column, level } => (
                Severity::Warning,
                Code::DepthLimited,
                column.clone(),
                format!(
                    "`{column}` is nested deeper than the flatten level ({level}), so it is stored \
                     as one JSON text column (Utf8), original key case inside: its parts cannot be \
                     queried as columns. Flatten the format, or raise ZO_INGEST_FLATTEN_LEVEL."
                ),
            ),
            ColumnNote::ArrayAsText { column } => (
                Severity::Info,
                Code::ArrayAsText,
                column.clone(),
                format!("{note}."),
            ),
            ColumnNote::NullDropped { source_key_path }
            | ColumnNote::EmptyDropped { source_key_path } => (
                Severity::Info,
                Code::NeverStored,
                source_key_path.join("_"),
                format!("{note}: it never becomes a column."),
            ),
        };
        out.push(FormatNote {
            severity,
            code,
            column: Some(column),
            message,
        });
    }
}

/// Notes on the values: numbers stored as text, bare values, pre-quoted error messages.
fn value_notes(
    columns: &[FormatColumn],
    fed_by: &[Vec<usize>],
    slots: &[Slot<'_>],
    out: &mut Vec<FormatNote>,
) {
    let column_of = |slot: usize| {
        columns
            .iter()
            .zip(fed_by)
            .find(|(_, feed)| feed.contains(&slot))
            .map(|(column, _)| column.name.clone())
    };
    for (column, feed) in columns.iter().zip(fed_by) {
        let [only] = feed.as_slice() else { continue };
        let slot = &slots[*only];
        let whole_value = column.example.as_str() == Some(slot.shape.example());
        if column.name != TIMESTAMP_COLUMN
            && slot.shape.is_integer()
            && slot.quoting == Quoting::InString
            && whole_value
        {
            out.push(FormatNote {
                severity: Severity::Info,
                code: Code::QuotedNumber,
                column: Some(column.name.clone()),
                message: format!(
                    "`{name}` holds $context.{var} as text (Utf8), because the format quotes it: \
                     quoted numbers are Utf8, so SQL needs CAST({name} AS INT) to compare, sum or \
                     sort it numerically. Keep the quotes: a bare number breaks the JSON whenever \
                     the value is missing.",
                    name = column.name,
                    var = slot.name
                ),
            });
        }
    }
    for (index, slot) in slots.iter().enumerate() {
        let column = column_of(index);
        let shown = column.clone().unwrap_or_else(|| slot.name.to_owned());
        let note = match (slot.shape, slot.quoting) {
            (ValueShape::PreQuoted, Quoting::InString) => FormatNote {
                severity: Severity::Warning,
                code: Code::MessageStringQuoted,
                column,
                message: format!(
                    "$context.{} is already quoted by API Gateway: inside quotes it renders \
                     \"\"Unauthorized\"\" whenever there is an error, which is invalid JSON, and \
                     OpenObserve rejects the whole batch with 400. Use \"$context.error.message\".",
                    slot.name
                ),
            },
            (ValueShape::PreQuoted, Quoting::Bare) => FormatNote {
                severity: Severity::Warning,
                code: Code::MessageStringBare,
                column,
                message: format!(
                    "$context.{} renders a bare - when there is no error, which is invalid JSON: \
                     OpenObserve rejects the whole batch with 400. Use \"$context.error.message\" \
                     (quoted).",
                    slot.name
                ),
            },
            (shape, Quoting::Bare) if shape.is_integer() => FormatNote {
                severity: Severity::Warning,
                code: Code::BareNumber,
                column,
                message: format!(
                    "`{shown}` is Int64 because $context.{} is bare, but API Gateway writes a bare \
                     - when the value is missing: the record is then invalid JSON and OpenObserve \
                     rejects the whole batch with 400. Quote it (\"$context.{}\") and CAST in SQL.",
                    slot.name, slot.name
                ),
            },
            (_, Quoting::Bare) => FormatNote {
                severity: Severity::Warning,
                code: Code::BareValue,
                column,
                message: format!(
                    "$context.{} is not inside quotes: when the value is missing API Gateway \
                     writes a bare -, the record is invalid JSON and OpenObserve rejects the whole \
                     batch with 400. Quote it.",
                    slot.name
                ),
            },
            (_, Quoting::InString) => continue,
        };
        out.push(note);
    }
}

/// Where `_timestamp` comes from, and whether OpenObserve can read it.
fn timestamp_note(columns: &[FormatColumn], api: ApiType) -> FormatNote {
    const EPOCH: &str = "$context.requestTimeEpoch";
    const CLF_TIME: &str = "$context.requestTime";
    let Some(column) = columns.iter().find(|c| c.name == TIMESTAMP_COLUMN) else {
        let epoch_column = columns
            .iter()
            .find(|c| c.variables.iter().any(|v| v == EPOCH))
            .map(|c| {
                format!(
                    " (`{}` holds $context.requestTimeEpoch, but only the key _timestamp counts)",
                    c.name
                )
            })
            .unwrap_or_default();
        return FormatNote {
            severity: Severity::Info,
            code: Code::NoTimestamp,
            column: None,
            message: format!(
                "No _timestamp key: OpenObserve stamps every row with the time it ingests it, not \
                 the time of the request{epoch_column}. Add \"_timestamp\":\"$context.requestTimeEpoch\" \
                 for event time."
            ),
        };
    };
    let note = |severity, code, message: String| FormatNote {
        severity,
        code,
        column: Some(TIMESTAMP_COLUMN.to_owned()),
        message,
    };
    let parsed = timestamp::parse_timestamp(&column.example);
    let has = |name: &str| column.variables.iter().any(|v| v == name);
    match parsed {
        Err(_) if has(CLF_TIME) => note(
            Severity::Error,
            Code::TimestampClf,
            "_timestamp is fed by $context.requestTime, CLF time such as 10/Jun/2023:15:36:28 \
             +0000, which OpenObserve cannot parse: every record is DROPPED (the answer is still \
             200, so nothing tells you). Use \"_timestamp\":\"$context.requestTimeEpoch\"."
                .to_owned(),
        ),
        Err(error) => note(
            Severity::Error,
            Code::TimestampUnparsable,
            format!(
                "OpenObserve cannot parse _timestamp ({error}), so every record is DROPPED while \
                 the answer is still 200. Use \"_timestamp\":\"$context.requestTimeEpoch\"."
            ),
        ),
        Ok(_) if column.variables.is_empty() => note(
            Severity::Warning,
            Code::TimestampConstant,
            "_timestamp is a constant: every row gets the same time, and once that time is more \
             than 5 hours old OpenObserve drops every record (answering 200). Use \
             \"_timestamp\":\"$context.requestTimeEpoch\"."
                .to_owned(),
        ),
        Ok(_) if has(EPOCH) => {
            let unit = match api {
                ApiType::Http => "HTTP APIs were observed writing seconds",
                ApiType::Rest | ApiType::WebSocket => "REST and WebSocket APIs write milliseconds",
            };
            note(
                Severity::Info,
                Code::TimestampEventTime,
                format!(
                    "_timestamp is the request time from $context.requestTimeEpoch ({unit}; \
                     OpenObserve reads either unit). Rows older than 5 hours or more than 24 hours \
                     ahead are dropped silently (ZO_INGEST_ALLOWED_UPTO / \
                     ZO_INGEST_ALLOWED_IN_FUTURE), e.g. after a long Firehose backlog."
                ),
            )
        }
        Ok(_) => note(
            Severity::Info,
            Code::TimestampEventTime,
            format!(
                "_timestamp comes from {}; OpenObserve parses the typical value. Rows older than \
                 5 hours or more than 24 hours ahead are dropped silently.",
                column.variables.join(", ")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::presets::by_id;

    fn preset(id: &str) -> FormatColumns {
        let preset = by_id(id).expect("preset exists");
        format_columns(preset.format, preset.api).expect("JSON preset has columns")
    }

    fn names(found: &FormatColumns) -> Vec<&str> {
        found.columns.iter().map(|c| c.name.as_str()).collect()
    }

    fn codes(found: &FormatColumns) -> Vec<&'static str> {
        found.notes.iter().map(|n| n.code.as_str()).collect()
    }

    fn error_kind(format: &str) -> ColumnsErrorKind {
        format_columns(format, ApiType::Rest)
            .expect_err("no columns")
            .kind
    }

    #[test]
    fn rest_json_preset_has_the_reference_columns() {
        let found = preset("rest-json");
        let mut got = names(&found);
        got.sort_unstable();
        let mut expected = [
            "requestid",
            "extendedrequestid",
            "ip",
            "caller",
            "user",
            "requesttime",
            "httpmethod",
            "resourcepath",
            "status",
            "protocol",
            "responselength",
        ];
        expected.sort_unstable();
        assert_eq!(got, expected);
    }

    #[test]
    fn every_preset_value_is_utf8() {
        for id in ["rest-json", "cdk-json", "http-json", "websocket-json"] {
            let found = preset(id);
            assert!(
                found.columns.iter().all(|c| c.data_type == DataType::Utf8),
                "{id}"
            );
        }
    }

    #[test]
    fn each_column_names_its_key_and_variable() {
        let found = preset("cdk-json");
        let ip = found.column("ip").unwrap();
        assert_eq!(ip.source_key_path, ["ip"]);
        assert_eq!(ip.variables, ["$context.identity.sourceIp"]);
    }

    #[test]
    fn request_id_is_renamed_to_requestid() {
        let found = preset("cdk-json");
        let note = found.notes_for("requestid").next().expect("a note");
        assert_eq!(note.code, "renamed");
        assert!(note
            .message
            .contains("`requestId` is stored as `requestid`"));
    }

    #[test]
    fn dotted_and_dashed_keys_are_sanitised() {
        let format = r#"{"requestId":"$context.requestId","context.path":"$context.path","x-trace":"$context.xrayTraceId"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        let column = found.column("context_path").expect("sanitised column");
        assert_eq!(column.variables, ["$context.path"]);
        assert!(found.column("x_trace").is_some());
        let note = found.notes_for("context_path").next().unwrap();
        assert_eq!(
            (note.code.as_str(), note.severity),
            ("renamed", Severity::Warning)
        );
    }

    #[test]
    fn a_dollar_context_key_is_substituted_by_api_gateway() {
        let format = r#"{"requestId":"$context.requestId","$context.path":"$context.path"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert!(found.column("_context_path").is_none());
        assert!(codes(&found).contains(&"variable-in-key"));
    }

    #[test]
    fn quoted_status_needs_a_cast() {
        let found = preset("rest-json");
        let note = found
            .notes_for("status")
            .find(|n| n.code == "quoted-number")
            .expect("cast note");
        assert!(note.message.contains("CAST(status AS INT)"));
    }

    #[test]
    fn bare_integer_is_int64_with_a_warning() {
        let format = r#"{"requestId":"$context.requestId","lat":$context.integrationLatency}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        let lat = found.column("lat").unwrap();
        assert_eq!(
            (lat.data_type, &lat.example),
            (DataType::Int64, &Value::from(200))
        );
        let note = found.notes_for("lat").next().unwrap();
        assert_eq!(note.code, "bare-number");
        assert!(note.message.contains("400"));
    }

    #[test]
    fn preset_without_timestamp_gets_ingest_time() {
        let found = preset("rest-json");
        assert!(found.column(TIMESTAMP_COLUMN).is_none());
        let note = found
            .notes
            .iter()
            .find(|n| n.code == "no-timestamp")
            .unwrap();
        assert!(note.message.contains("time it ingests it"));
    }

    #[test]
    fn timestamp_from_clf_request_time_drops_every_record() {
        let format = r#"{"requestId":"$context.requestId","_timestamp":"$context.requestTime"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        let note = found.notes_for(TIMESTAMP_COLUMN).next().unwrap();
        assert_eq!(
            (note.severity, note.code.as_str()),
            (Severity::Error, "timestamp-clf")
        );
        assert!(note.message.contains("DROPPED"));
        assert!(found.has_errors());
    }

    #[test]
    fn timestamp_from_request_time_epoch_is_event_time() {
        let format =
            r#"{"_timestamp":"$context.requestTimeEpoch","requestId":"$context.requestId"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        let note = found.notes_for(TIMESTAMP_COLUMN).next().unwrap();
        assert_eq!(
            (note.severity, note.code.as_str()),
            (Severity::Info, "timestamp-event-time")
        );
        assert!(!found.has_errors());
    }

    #[test]
    fn http_timestamp_note_mentions_seconds() {
        let format =
            r#"{"_timestamp":"$context.requestTimeEpoch","requestId":"$context.requestId"}"#;
        let found = format_columns(format, ApiType::Http).unwrap();
        let note = found.notes_for(TIMESTAMP_COLUMN).next().unwrap();
        assert!(note.message.contains("seconds"));
    }

    #[test]
    fn uppercase_timestamp_key_still_feeds_timestamp() {
        let format = r#"{"requestId":"$context.requestId","_TIMESTAMP":"$context.requestTime"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert_eq!(
            found.notes_for(TIMESTAMP_COLUMN).next().unwrap().code,
            "timestamp-clf"
        );
    }

    #[test]
    fn literal_dotted_key_collides_with_nested_object() {
        let format = r#"{"requestId":"$context.requestId","identity.sourceIp":"$context.identity.sourceIp","identity":{"sourceIp":"$context.identity.sourceIp"}}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert!(found
            .notes_for("identity_sourceip")
            .any(|n| n.code == "collision"));
    }

    #[test]
    fn deep_object_is_depth_limited_and_keeps_its_variables() {
        let format = r#"{"requestId":"$context.requestId","identity":{"clientCert":{"validity":{"notAfter":"$context.identity.clientCert.validity.notAfter"}}}}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        let column = found.column("identity_clientcert_validity").unwrap();
        assert_eq!(column.data_type, DataType::Utf8);
        assert_eq!(
            column.variables,
            ["$context.identity.clientCert.validity.notAfter"]
        );
        assert_eq!(
            found
                .notes_for("identity_clientcert_validity")
                .next()
                .unwrap()
                .code,
            "depth-limited"
        );
    }

    #[test]
    fn unlimited_level_flattens_the_deep_object() {
        let format = r#"{"requestId":"$context.requestId","identity":{"clientCert":{"validity":{"notAfter":"$context.identity.clientCert.validity.notAfter"}}}}"#;
        let found = format_columns_with_level(format, ApiType::Rest, 0).unwrap();
        assert!(found
            .column("identity_clientcert_validity_notafter")
            .is_some());
    }

    #[test]
    fn one_column_can_be_fed_by_several_variables() {
        let format = r#"{"requestId":"$context.requestId","route":"$context.httpMethod $context.resourcePath"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert_eq!(
            found.column("route").unwrap().variables,
            ["$context.httpMethod", "$context.resourcePath"]
        );
    }

    #[test]
    fn constant_value_has_no_variables() {
        let format = r#"{"requestId":"$context.requestId","source":"apigw"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert!(found.column("source").unwrap().variables.is_empty());
    }

    #[test]
    fn quoted_message_string_is_flagged() {
        let format = r#"{"requestId":"$context.requestId","err":"$context.error.messageString"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert!(codes(&found).contains(&"message-string-quoted"));
    }

    #[test]
    fn variable_in_a_key_is_flagged() {
        let format = r#"{"requestId":"$context.requestId","s_$context.stage":"1"}"#;
        let found = format_columns(format, ApiType::Rest).unwrap();
        assert!(codes(&found).contains(&"variable-in-key"));
    }

    #[test]
    fn http_api_columns_note_the_cloudwatch_path() {
        assert!(codes(&preset("http-json")).contains(&"not-direct"));
    }

    #[test]
    fn clf_preset_has_no_columns_and_fails_the_batch() {
        let preset = by_id("rest-clf").unwrap();
        let error = format_columns(preset.format, preset.api).unwrap_err();
        assert_eq!(
            error.kind,
            ColumnsErrorKind::NotJson {
                format_kind: FormatKind::Clf
            }
        );
        assert_eq!(error.http_status, Some(400));
        assert!(error.message.contains("whole batch"));
    }

    #[test]
    fn openobserve_guide_format_has_no_columns() {
        let preset = by_id("openobserve-guide").unwrap();
        assert_eq!(
            format_columns(preset.format, preset.api).unwrap_err().kind,
            ColumnsErrorKind::NotJson {
                format_kind: FormatKind::Text
            }
        );
    }

    #[test]
    fn xml_and_csv_presets_have_no_columns() {
        for id in ["rest-xml", "rest-csv"] {
            assert!(matches!(
                format_columns(by_id(id).unwrap().format, ApiType::Rest)
                    .unwrap_err()
                    .kind,
                ColumnsErrorKind::NotJson { .. }
            ));
        }
    }

    #[test]
    fn missing_comma_is_invalid_json_pointing_into_the_format() {
        let format = r#"{"requestId":"$context.requestId" "s":"$context.status"}"#;
        let ColumnsErrorKind::InvalidJson { span, .. } = error_kind(format) else {
            panic!("invalid JSON expected");
        };
        assert_eq!(span, Span::new(34, 35));
    }

    #[test]
    fn bare_text_variable_is_invalid_json() {
        let format = r#"{"requestId":$context.requestId}"#;
        assert!(matches!(
            error_kind(format),
            ColumnsErrorKind::InvalidJson { .. }
        ));
    }

    #[test]
    fn array_format_is_not_an_object() {
        let format = r#"[{"requestId":"$context.requestId"}]"#;
        let error = format_columns(format, ApiType::Rest).unwrap_err();
        assert_eq!(error.kind, ColumnsErrorKind::NotAnObject { found: "array" });
        assert_eq!(error.http_status, Some(200));
    }

    #[test]
    fn empty_format_is_an_error() {
        assert_eq!(error_kind("  "), ColumnsErrorKind::Empty);
    }

    #[test]
    fn errors_serialise_with_their_kind() {
        let error =
            format_columns("$context.requestId $context.status", ApiType::Rest).unwrap_err();
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["kind"], "not-json");
        assert_eq!(json["format_kind"], "clf");
        assert_eq!(json["http_status"], 400);
    }

    #[test]
    fn columns_serialise_for_the_cli() {
        let json = serde_json::to_value(preset("cdk-json")).unwrap();
        assert_eq!(json["columns"][0]["data_type"], "Utf8");
        assert!(json["notes"].as_array().is_some_and(|n| !n.is_empty()));
    }

    #[test]
    fn through_cloudwatch_the_keys_are_message_columns_next_to_the_envelope() {
        let preset = crate::format::presets::by_id("http-json").unwrap();
        let found = format_columns_via(preset.format, ApiType::Http, Via::CloudWatch).unwrap();
        let status = found.column("message_status").unwrap();
        assert_eq!(status.variables, ["$context.status"]);
        assert!(found.column("status").is_none());
        for envelope in [
            "id",
            "loggroup",
            "logstream",
            "owner",
            "requestid",
            "_timestamp",
        ] {
            let column = found.column(envelope).unwrap();
            assert!(column.variables.is_empty(), "{envelope}");
        }
    }

    #[test]
    fn through_cloudwatch_a_text_entry_is_the_message_column() {
        let preset = crate::format::presets::by_id("http-clf").unwrap();
        let found = format_columns_via(preset.format, ApiType::Http, Via::CloudWatch).unwrap();
        let message = found.column("message").unwrap();
        assert!(message.variables.contains(&"$context.requestId".to_owned()));
        assert!(found.notes.iter().all(|n| n.code != Code::BareNumber));
    }

    #[test]
    fn a_text_format_sent_directly_has_no_columns() {
        let preset = crate::format::presets::by_id("http-clf").unwrap();
        assert!(format_columns_via(preset.format, ApiType::Rest, Via::Direct).is_err());
    }

    #[test]
    fn predicted_columns_are_the_columns_the_simulator_stores_on_both_routes() {
        use crate::openobserve::delivery::Delivery;
        use crate::openobserve::simulate::{simulate, SimulationInput, Verdict};
        const NOW_MS: i64 = 1_755_786_979_000;
        for preset in crate::format::presets::PRESETS {
            for via in [Via::Direct, Via::CloudWatch] {
                let Ok(predicted) = format_columns_via(preset.format, preset.api, via) else {
                    continue;
                };
                let lines = crate::synth::lines(preset.format, preset.api, 20, 7, NOW_MS);
                let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                let delivery = Delivery::plan(preset.api, Some(via), "", "").delivery;
                let input = SimulationInput::new(&lines, "default", "apigw", NOW_MS, "r-1")
                    .with_format(preset.format, preset.api)
                    .via(delivery.route());
                let sim = simulate(&input);
                let mut expected: Vec<&str> =
                    predicted.columns.iter().map(|c| c.name.as_str()).collect();
                // Every stored row has a _timestamp, from the record or the time of ingestion.
                if !expected.contains(&TIMESTAMP_COLUMN) {
                    expected.push(TIMESTAMP_COLUMN);
                }
                expected.sort_unstable();
                for row in sim.records.iter().flat_map(|r| &r.rows) {
                    if row.verdict != Verdict::Stored {
                        continue;
                    }
                    let mut stored = row.columns.names();
                    stored.sort_unstable();
                    assert_eq!(stored, expected, "{} via {via}", preset.id);
                }
            }
        }
    }
}
