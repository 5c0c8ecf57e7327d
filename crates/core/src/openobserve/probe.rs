//! The protobuf probe: why OpenObserve sometimes drops a perfectly valid JSON log line.
//!
//! Before it reads a Firehose record as text, OpenObserve checks whether the record is a
//! CloudWatch Metric Streams payload in the "OpenTelemetry 1.0" format. It takes the record's
//! leading varint as a length header (h = index of the first byte below `0x80`, plus one), then
//! tries to decode `record[h..]` as an OTLP `ExportMetricsServiceRequest` with prost. If that
//! decode succeeds the record is treated as metrics and yields no log rows at all, although the
//! answer is still 200. (So does a lone `\n`: the header is the newline and an empty message
//! decodes fine.)
//!
//! Text is not protobuf, but a decoder that skips unknown fields can walk through it: every
//! printable byte read as a field key is a field number 4–15, unknown at the top level, so only
//! its wire type (the low 3 bits) matters. A small share of API Gateway JSON lines happen to form
//! a valid chain of skipped fields and are silently lost: about 0.05–0.1 % of lines of AWS's
//! 10-field preset without a trailing newline (0.085 % of 200,000 measured lines; docs/sources.md,
//! *OpenObserve protobuf probe*), more for some shapes and value mixes. Whether a line is hit is a
//! deterministic function of its bytes.
//!
//! This module is a hand-written, skip-only decoder with prost's exact semantics (wire-type checks
//! on known fields, packed and unpacked repeated scalars, UTF-8 checks on strings, varint
//! overflow, groups, field number 0, recursion limit 100) over the OTLP metrics schema as shipped
//! by the `opentelemetry-proto` crate 0.32 (prost 0.14). Its verdict is tested against the real
//! `ExportMetricsServiceRequest::decode` on a large generated corpus
//! (`tests/probe_equivalence.rs`).
//!
//! ```
//! use gwlog_core::openobserve::probe;
//!
//! // An ordinary preset line survives the probe…
//! let line = br#"{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","status":"200"}"#;
//! assert!(!probe::is_probe_hit(line));
//! // …and so does anything ending in a newline at a key position.
//! assert!(!probe::is_probe_hit(b"{}\n"));
//! ```

use serde::Serialize;
use std::fmt;

/// prost's recursion limit (`RECURSION_LIMIT`): nested messages and groups deeper than this fail.
pub const RECURSION_LIMIT: u32 = 100;

/// The OTLP message types the probe knows, by their protobuf names.
///
/// Each entry lists every field of the message with the wire type prost expects for it; anything
/// else is an unknown field and is skipped by wire type.
mod schema {
    /// How a known field is encoded.
    #[derive(Debug, Clone, Copy)]
    pub(super) enum Ty {
        /// An embedded message (wire type 2), decoded recursively.
        Msg(&'static Message),
        /// A `string` (wire type 2, must be valid UTF-8).
        Str,
        /// A `bytes` field (wire type 2, anything).
        Bytes,
        /// A varint scalar: `int32`, `int64`, `uint32`, `uint64`, `sint32`, `bool`, enums.
        Varint,
        /// A 64-bit scalar: `fixed64`, `sfixed64`, `double` (wire type 1).
        Bits64,
    }

    /// One known field.
    #[derive(Debug)]
    pub(super) struct Field {
        pub(super) number: u32,
        pub(super) name: &'static str,
        pub(super) ty: Ty,
        /// Repeated scalars also accept the packed encoding (wire type 2).
        pub(super) repeated: bool,
    }

    /// One message type.
    #[derive(Debug)]
    pub(super) struct Message {
        pub(super) name: &'static str,
        pub(super) fields: &'static [Field],
    }

    impl Message {
        pub(super) fn field(&self, number: u32) -> Option<&'static Field> {
            self.fields.iter().find(|f| f.number == number)
        }
    }

    const fn one(number: u32, name: &'static str, ty: Ty) -> Field {
        Field {
            number,
            name,
            ty,
            repeated: false,
        }
    }

    const fn many(number: u32, name: &'static str, ty: Ty) -> Field {
        Field {
            number,
            name,
            ty,
            repeated: true,
        }
    }

    use Ty::{Bits64, Bytes, Msg, Str, Varint};

    // opentelemetry.proto.collector.metrics.v1
    pub(super) static EXPORT_METRICS_SERVICE_REQUEST: Message = Message {
        name: "ExportMetricsServiceRequest",
        fields: &[many(1, "resource_metrics", Msg(&RESOURCE_METRICS))],
    };

    // opentelemetry.proto.metrics.v1
    static RESOURCE_METRICS: Message = Message {
        name: "ResourceMetrics",
        fields: &[
            one(1, "resource", Msg(&RESOURCE)),
            many(2, "scope_metrics", Msg(&SCOPE_METRICS)),
            one(3, "schema_url", Str),
        ],
    };
    static SCOPE_METRICS: Message = Message {
        name: "ScopeMetrics",
        fields: &[
            one(1, "scope", Msg(&INSTRUMENTATION_SCOPE)),
            many(2, "metrics", Msg(&METRIC)),
            one(3, "schema_url", Str),
        ],
    };
    static METRIC: Message = Message {
        name: "Metric",
        fields: &[
            one(1, "name", Str),
            one(2, "description", Str),
            one(3, "unit", Str),
            one(5, "gauge", Msg(&GAUGE)),
            one(7, "sum", Msg(&SUM)),
            one(9, "histogram", Msg(&HISTOGRAM)),
            one(10, "exponential_histogram", Msg(&EXPONENTIAL_HISTOGRAM)),
            one(11, "summary", Msg(&SUMMARY)),
            many(12, "metadata", Msg(&KEY_VALUE)),
        ],
    };
    static GAUGE: Message = Message {
        name: "Gauge",
        fields: &[many(1, "data_points", Msg(&NUMBER_DATA_POINT))],
    };
    static SUM: Message = Message {
        name: "Sum",
        fields: &[
            many(1, "data_points", Msg(&NUMBER_DATA_POINT)),
            one(2, "aggregation_temporality", Varint),
            one(3, "is_monotonic", Varint),
        ],
    };
    static HISTOGRAM: Message = Message {
        name: "Histogram",
        fields: &[
            many(1, "data_points", Msg(&HISTOGRAM_DATA_POINT)),
            one(2, "aggregation_temporality", Varint),
        ],
    };
    static EXPONENTIAL_HISTOGRAM: Message = Message {
        name: "ExponentialHistogram",
        fields: &[
            many(1, "data_points", Msg(&EXPONENTIAL_HISTOGRAM_DATA_POINT)),
            one(2, "aggregation_temporality", Varint),
        ],
    };
    static SUMMARY: Message = Message {
        name: "Summary",
        fields: &[many(1, "data_points", Msg(&SUMMARY_DATA_POINT))],
    };
    static NUMBER_DATA_POINT: Message = Message {
        name: "NumberDataPoint",
        fields: &[
            many(7, "attributes", Msg(&KEY_VALUE)),
            one(2, "start_time_unix_nano", Bits64),
            one(3, "time_unix_nano", Bits64),
            one(4, "as_double", Bits64),
            one(6, "as_int", Bits64),
            many(5, "exemplars", Msg(&EXEMPLAR)),
            one(8, "flags", Varint),
        ],
    };
    static HISTOGRAM_DATA_POINT: Message = Message {
        name: "HistogramDataPoint",
        fields: &[
            many(9, "attributes", Msg(&KEY_VALUE)),
            one(2, "start_time_unix_nano", Bits64),
            one(3, "time_unix_nano", Bits64),
            one(4, "count", Bits64),
            one(5, "sum", Bits64),
            many(6, "bucket_counts", Bits64),
            many(7, "explicit_bounds", Bits64),
            many(8, "exemplars", Msg(&EXEMPLAR)),
            one(10, "flags", Varint),
            one(11, "min", Bits64),
            one(12, "max", Bits64),
        ],
    };
    static EXPONENTIAL_HISTOGRAM_DATA_POINT: Message = Message {
        name: "ExponentialHistogramDataPoint",
        fields: &[
            many(1, "attributes", Msg(&KEY_VALUE)),
            one(2, "start_time_unix_nano", Bits64),
            one(3, "time_unix_nano", Bits64),
            one(4, "count", Bits64),
            one(5, "sum", Bits64),
            one(6, "scale", Varint),
            one(7, "zero_count", Bits64),
            one(8, "positive", Msg(&BUCKETS)),
            one(9, "negative", Msg(&BUCKETS)),
            one(10, "flags", Varint),
            many(11, "exemplars", Msg(&EXEMPLAR)),
            one(12, "min", Bits64),
            one(13, "max", Bits64),
            one(14, "zero_threshold", Bits64),
        ],
    };
    static BUCKETS: Message = Message {
        name: "Buckets",
        fields: &[one(1, "offset", Varint), many(2, "bucket_counts", Varint)],
    };
    static SUMMARY_DATA_POINT: Message = Message {
        name: "SummaryDataPoint",
        fields: &[
            many(7, "attributes", Msg(&KEY_VALUE)),
            one(2, "start_time_unix_nano", Bits64),
            one(3, "time_unix_nano", Bits64),
            one(4, "count", Bits64),
            one(5, "sum", Bits64),
            many(6, "quantile_values", Msg(&VALUE_AT_QUANTILE)),
            one(8, "flags", Varint),
        ],
    };
    static VALUE_AT_QUANTILE: Message = Message {
        name: "ValueAtQuantile",
        fields: &[one(1, "quantile", Bits64), one(2, "value", Bits64)],
    };
    static EXEMPLAR: Message = Message {
        name: "Exemplar",
        fields: &[
            many(7, "filtered_attributes", Msg(&KEY_VALUE)),
            one(2, "time_unix_nano", Bits64),
            one(3, "as_double", Bits64),
            one(6, "as_int", Bits64),
            one(4, "span_id", Bytes),
            one(5, "trace_id", Bytes),
        ],
    };

    // opentelemetry.proto.resource.v1
    static RESOURCE: Message = Message {
        name: "Resource",
        fields: &[
            many(1, "attributes", Msg(&KEY_VALUE)),
            one(2, "dropped_attributes_count", Varint),
            many(3, "entity_refs", Msg(&ENTITY_REF)),
        ],
    };

    // opentelemetry.proto.common.v1
    static ENTITY_REF: Message = Message {
        name: "EntityRef",
        fields: &[
            one(1, "schema_url", Str),
            one(2, "type", Str),
            many(3, "id_keys", Str),
            many(4, "description_keys", Str),
        ],
    };
    static INSTRUMENTATION_SCOPE: Message = Message {
        name: "InstrumentationScope",
        fields: &[
            one(1, "name", Str),
            one(2, "version", Str),
            many(3, "attributes", Msg(&KEY_VALUE)),
            one(4, "dropped_attributes_count", Varint),
        ],
    };
    static KEY_VALUE: Message = Message {
        name: "KeyValue",
        fields: &[
            one(1, "key", Str),
            one(2, "value", Msg(&ANY_VALUE)),
            one(3, "key_strindex", Varint),
        ],
    };
    static ANY_VALUE: Message = Message {
        name: "AnyValue",
        fields: &[
            one(1, "string_value", Str),
            one(2, "bool_value", Varint),
            one(3, "int_value", Varint),
            one(4, "double_value", Bits64),
            one(5, "array_value", Msg(&ARRAY_VALUE)),
            one(6, "kvlist_value", Msg(&KEY_VALUE_LIST)),
            one(7, "bytes_value", Bytes),
            one(8, "string_value_strindex", Varint),
        ],
    };
    static ARRAY_VALUE: Message = Message {
        name: "ArrayValue",
        fields: &[many(1, "values", Msg(&ANY_VALUE))],
    };
    static KEY_VALUE_LIST: Message = Message {
        name: "KeyValueList",
        fields: &[many(1, "values", Msg(&KEY_VALUE))],
    };
}

use schema::{Message, Ty, EXPORT_METRICS_SERVICE_REQUEST};

/// A protobuf wire type, as read from the low 3 bits of a field key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireType {
    /// 0: a varint.
    Varint,
    /// 1: 8 bytes.
    Fixed64,
    /// 2: a varint length, then that many bytes.
    LengthDelimited,
    /// 3: start of a group (deprecated).
    StartGroup,
    /// 4: end of a group (deprecated).
    EndGroup,
    /// 5: 4 bytes.
    Fixed32,
}

impl WireType {
    fn from_bits(bits: u64) -> Option<WireType> {
        Some(match bits {
            0 => WireType::Varint,
            1 => WireType::Fixed64,
            2 => WireType::LengthDelimited,
            3 => WireType::StartGroup,
            4 => WireType::EndGroup,
            5 => WireType::Fixed32,
            _ => return None,
        })
    }

    /// The wire type's number (0–5).
    pub fn number(self) -> u8 {
        match self {
            WireType::Varint => 0,
            WireType::Fixed64 => 1,
            WireType::LengthDelimited => 2,
            WireType::StartGroup => 3,
            WireType::EndGroup => 4,
            WireType::Fixed32 => 5,
        }
    }
}

impl fmt::Display for WireType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            WireType::Varint => "varint",
            WireType::Fixed64 => "64-bit",
            WireType::LengthDelimited => "length-delimited",
            WireType::StartGroup => "start-group",
            WireType::EndGroup => "end-group",
            WireType::Fixed32 => "32-bit",
        };
        write!(f, "{} ({name})", self.number())
    }
}

/// Why a decode failed. Any of these means the record is *not* taken for metrics (the safe case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProbeErrorKind {
    /// The bytes ended in the middle of a varint, or a varint ran past 10 bytes or overflowed
    /// 64 bits.
    InvalidVarint,
    /// A field key larger than `u32::MAX`.
    KeyTooLarge,
    /// A key whose low 3 bits are 6 or 7 (bytes such as `&'./67>?FGNOVW^_fgnovw~`).
    InvalidWireType {
        /// The offending value (6 or 7).
        value: u8,
    },
    /// A key with field number 0.
    FieldNumberZero,
    /// A known field of the schema arrived with the wrong wire type.
    WireTypeMismatch {
        /// The message type being decoded.
        message: &'static str,
        /// The field's name in the schema.
        field: &'static str,
        /// The wire type found.
        found: WireType,
    },
    /// A length or fixed-width value needs more bytes than remain.
    Truncated,
    /// A `string` field whose bytes are not UTF-8.
    InvalidUtf8 {
        /// The message type being decoded.
        message: &'static str,
        /// The field's name in the schema.
        field: &'static str,
    },
    /// An end-group key with no matching start, or matching a different field.
    UnexpectedEndGroup,
    /// Nested messages or groups deeper than [`RECURSION_LIMIT`].
    RecursionLimit,
}

impl fmt::Display for ProbeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeErrorKind::InvalidVarint => f.write_str("invalid or truncated varint"),
            ProbeErrorKind::KeyTooLarge => f.write_str("field key larger than u32::MAX"),
            ProbeErrorKind::InvalidWireType { value } => write!(f, "invalid wire type {value}"),
            ProbeErrorKind::FieldNumberZero => f.write_str("field number 0"),
            ProbeErrorKind::WireTypeMismatch {
                message,
                field,
                found,
            } => {
                write!(f, "{message}.{field} cannot have wire type {found}")
            }
            ProbeErrorKind::Truncated => f.write_str("value runs past the end of its message"),
            ProbeErrorKind::InvalidUtf8 { message, field } => {
                write!(f, "{message}.{field} is not valid UTF-8")
            }
            ProbeErrorKind::UnexpectedEndGroup => f.write_str("unexpected end-group"),
            ProbeErrorKind::RecursionLimit => f.write_str("recursion limit reached"),
        }
    }
}

/// A failed decode: what went wrong and where (byte offset in the whole record, header included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeError {
    /// Byte offset in the record where the failing item starts.
    pub offset: usize,
    /// What went wrong.
    #[serde(flatten)]
    pub kind: ProbeErrorKind,
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl std::error::Error for ProbeError {}

/// One top-level field the decoder walked over, for showing *why* a line was taken for protobuf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeStep {
    /// Byte offset of the field key in the record.
    pub offset: usize,
    /// One past the field's last byte.
    pub end: usize,
    /// The field number read from the key.
    pub field: u32,
    /// The wire type read from the key.
    pub wire_type: WireType,
    /// `Some("resource_metrics")` for field 1; `None` for an unknown field that was skipped.
    pub known_as: Option<&'static str>,
}

/// The probe's verdict on one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum ProbeOutcome {
    /// Every byte has its high bit set (or the record is empty): OpenObserve skips the probe.
    NoHeader,
    /// The bytes after the header decode as an `ExportMetricsServiceRequest`: the record is handled
    /// as metrics and yields no log rows.
    Hit {
        /// How many `resource_metrics` entries decoded (rows come only from entries with a
        /// `resource` and Summary data points; for text this is normally 0).
        resource_metrics: usize,
    },
    /// The decode failed: OpenObserve goes on to read the record as text.
    Miss {
        /// Where and why it failed.
        error: ProbeError,
    },
}

/// The full explanation of the probe on one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeReport {
    /// Length of the skipped varint header, if there is one.
    pub header_len: Option<usize>,
    /// The verdict.
    pub outcome: ProbeOutcome,
    /// The top-level fields walked, in order, up to the failure or the end.
    pub steps: Vec<ProbeStep>,
}

impl ProbeReport {
    /// Whether OpenObserve takes the record for OTLP metrics (and stores no log row from it).
    pub fn is_hit(&self) -> bool {
        matches!(self.outcome, ProbeOutcome::Hit { .. })
    }

    /// A one-paragraph explanation for people.
    pub fn describe(&self) -> String {
        match &self.outcome {
            ProbeOutcome::NoHeader => {
                "no byte below 0x80, so OpenObserve does not try the protobuf probe".to_string()
            }
            ProbeOutcome::Miss { error } => {
                format!("not protobuf ({error}), so OpenObserve reads the record as text")
            }
            ProbeOutcome::Hit { resource_metrics } => {
                let chain: Vec<String> = self
                    .steps
                    .iter()
                    .map(|s| match s.known_as {
                        Some(name) => format!("{name} (field {}) at byte {}", s.field, s.offset),
                        None => format!(
                            "unknown field {} wire type {} at byte {}",
                            s.field,
                            s.wire_type.number(),
                            s.offset
                        ),
                    })
                    .collect();
                format!(
                    "after skipping a {}-byte header, the rest decodes as an OTLP \
                     ExportMetricsServiceRequest with {resource_metrics} resource_metrics: {}; \
                     OpenObserve treats the record as CloudWatch metrics and stores no log row",
                    self.header_len.unwrap_or(0),
                    if chain.is_empty() {
                        "no fields at all".to_string()
                    } else {
                        chain.join(", ")
                    }
                )
            }
        }
    }
}

/// The length of the varint header OpenObserve skips: the index of the first byte whose high bit
/// is clear, plus one. `None` when there is no such byte (including an empty record).
pub fn header_len(record: &[u8]) -> Option<usize> {
    record.iter().position(|b| b & 0x80 == 0).map(|i| i + 1)
}

/// Whether OpenObserve's protobuf probe takes this record (the bytes Firehose delivers, after
/// base64 and optional gunzip) for an OTLP metrics message, so that it stores **no** log row.
pub fn is_probe_hit(record: &[u8]) -> bool {
    match header_len(record) {
        Some(h) => decodes_as_export_metrics_request(&record[h..]),
        None => false,
    }
}

/// Whether `bytes` (no header) decode as an `ExportMetricsServiceRequest` under prost 0.14's rules.
pub fn decodes_as_export_metrics_request(bytes: &[u8]) -> bool {
    let mut decoder = Decoder {
        base: 0,
        steps: None,
        resource_metrics: 0,
    };
    decoder
        .message(&EXPORT_METRICS_SERVICE_REQUEST, bytes, 0, RECURSION_LIMIT)
        .is_ok()
}

/// Runs the probe on one record and explains the result.
pub fn explain(record: &[u8]) -> ProbeReport {
    let Some(h) = header_len(record) else {
        return ProbeReport {
            header_len: None,
            outcome: ProbeOutcome::NoHeader,
            steps: Vec::new(),
        };
    };
    let mut steps = Vec::new();
    let mut decoder = Decoder {
        base: h,
        steps: Some(&mut steps),
        resource_metrics: 0,
    };
    let result = decoder.message(
        &EXPORT_METRICS_SERVICE_REQUEST,
        &record[h..],
        0,
        RECURSION_LIMIT,
    );
    let resource_metrics = decoder.resource_metrics;
    let outcome = match result {
        Ok(()) => ProbeOutcome::Hit { resource_metrics },
        Err(error) => ProbeOutcome::Miss { error },
    };
    ProbeReport {
        header_len: Some(h),
        outcome,
        steps,
    }
}

/// The skip-only decoder. `base` is the record offset of the decoded slice's first byte.
struct Decoder<'s> {
    base: usize,
    /// Where to record top-level steps, when explaining.
    steps: Option<&'s mut Vec<ProbeStep>>,
    /// Top-level `resource_metrics` entries decoded so far.
    resource_metrics: usize,
}

type Result<T> = std::result::Result<T, ProbeError>;

impl Decoder<'_> {
    fn err(&self, offset: usize, kind: ProbeErrorKind) -> ProbeError {
        ProbeError {
            offset: self.base + offset,
            kind,
        }
    }

    /// Decodes `data` (exactly one message's bytes, starting at slice offset `start`) as `msg`.
    /// `budget` is prost's remaining recursion count for fields of this message.
    fn message(
        &mut self,
        msg: &'static Message,
        data: &[u8],
        start: usize,
        budget: u32,
    ) -> Result<()> {
        let top = std::ptr::eq(msg, &EXPORT_METRICS_SERVICE_REQUEST);
        let mut pos = start;
        let end = start + data.len();
        // `data` is addressed with slice offsets relative to the decoder's slice: re-base it.
        let whole = SliceAt { data, start };
        while pos < end {
            let key_at = pos;
            let (field, wire_type) = self.key(&whole, &mut pos)?;
            let known = msg.field(field);
            match known {
                Some(f) => self.known(msg, f, wire_type, &whole, &mut pos, budget, key_at)?,
                None => self.skip(wire_type, field, &whole, &mut pos, budget, key_at)?,
            }
            if top {
                if known.is_some() {
                    self.resource_metrics += 1;
                }
                if let Some(steps) = self.steps.as_deref_mut() {
                    steps.push(ProbeStep {
                        offset: self.base + key_at,
                        end: self.base + pos,
                        field,
                        wire_type,
                        known_as: known.map(|f| f.name),
                    });
                }
            }
        }
        Ok(())
    }

    fn key(&self, data: &SliceAt<'_>, pos: &mut usize) -> Result<(u32, WireType)> {
        let at = *pos;
        let key = self.varint(data, pos)?;
        if key > u64::from(u32::MAX) {
            return Err(self.err(at, ProbeErrorKind::KeyTooLarge));
        }
        let Some(wire_type) = WireType::from_bits(key & 7) else {
            return Err(self.err(
                at,
                ProbeErrorKind::InvalidWireType {
                    value: (key & 7) as u8,
                },
            ));
        };
        let field = (key as u32) >> 3;
        if field == 0 {
            return Err(self.err(at, ProbeErrorKind::FieldNumberZero));
        }
        Ok((field, wire_type))
    }

    /// Reads a varint: at most 10 bytes, the 10th at most 1 (no 64-bit overflow).
    fn varint(&self, data: &SliceAt<'_>, pos: &mut usize) -> Result<u64> {
        let at = *pos;
        let mut value = 0u64;
        for i in 0..10 {
            let Some(byte) = data.get(at + i) else {
                return Err(self.err(at, ProbeErrorKind::InvalidVarint));
            };
            value |= u64::from(byte & 0x7F) << (7 * i);
            if byte < 0x80 {
                if i == 9 && byte >= 2 {
                    return Err(self.err(at, ProbeErrorKind::InvalidVarint));
                }
                *pos = at + i + 1;
                return Ok(value);
            }
        }
        Err(self.err(at, ProbeErrorKind::InvalidVarint))
    }

    /// Reads a length prefix and returns the range of the payload, checking it fits.
    fn length(&self, data: &SliceAt<'_>, pos: &mut usize, key_at: usize) -> Result<(usize, usize)> {
        let len = self.varint(data, pos)?;
        let remaining = data.end() - *pos;
        if len > remaining as u64 {
            return Err(self.err(key_at, ProbeErrorKind::Truncated));
        }
        let from = *pos;
        *pos += len as usize;
        Ok((from, *pos))
    }

    fn fixed(
        &self,
        data: &SliceAt<'_>,
        pos: &mut usize,
        width: usize,
        key_at: usize,
    ) -> Result<()> {
        if data.end() - *pos < width {
            return Err(self.err(key_at, ProbeErrorKind::Truncated));
        }
        *pos += width;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn known(
        &mut self,
        msg: &'static Message,
        field: &'static schema::Field,
        wire_type: WireType,
        data: &SliceAt<'_>,
        pos: &mut usize,
        budget: u32,
        key_at: usize,
    ) -> Result<()> {
        let mismatch = |this: &Self| {
            this.err(
                key_at,
                ProbeErrorKind::WireTypeMismatch {
                    message: msg.name,
                    field: field.name,
                    found: wire_type,
                },
            )
        };
        match field.ty {
            Ty::Msg(inner) => {
                if wire_type != WireType::LengthDelimited {
                    return Err(mismatch(self));
                }
                if budget == 0 {
                    return Err(self.err(key_at, ProbeErrorKind::RecursionLimit));
                }
                let (from, to) = self.length(data, pos, key_at)?;
                self.message(inner, data.slice(from, to), from, budget - 1)
            }
            Ty::Str | Ty::Bytes => {
                if wire_type != WireType::LengthDelimited {
                    return Err(mismatch(self));
                }
                let (from, to) = self.length(data, pos, key_at)?;
                if matches!(field.ty, Ty::Str) && std::str::from_utf8(data.slice(from, to)).is_err()
                {
                    return Err(self.err(
                        key_at,
                        ProbeErrorKind::InvalidUtf8 {
                            message: msg.name,
                            field: field.name,
                        },
                    ));
                }
                Ok(())
            }
            Ty::Varint => match wire_type {
                WireType::Varint => self.varint(data, pos).map(|_| ()),
                WireType::LengthDelimited if field.repeated => {
                    let (from, to) = self.length(data, pos, key_at)?;
                    let packed = SliceAt {
                        data: data.slice(from, to),
                        start: from,
                    };
                    let mut at = from;
                    while at < to {
                        self.varint(&packed, &mut at)?;
                    }
                    Ok(())
                }
                _ => Err(mismatch(self)),
            },
            Ty::Bits64 => match wire_type {
                WireType::Fixed64 => self.fixed(data, pos, 8, key_at),
                WireType::LengthDelimited if field.repeated => {
                    let (from, to) = self.length(data, pos, key_at)?;
                    if (to - from) % 8 != 0 {
                        return Err(self.err(key_at, ProbeErrorKind::Truncated));
                    }
                    Ok(())
                }
                _ => Err(mismatch(self)),
            },
        }
    }

    /// Skips an unknown field by wire type, as prost's `skip_field` does.
    fn skip(
        &self,
        wire_type: WireType,
        field: u32,
        data: &SliceAt<'_>,
        pos: &mut usize,
        budget: u32,
        key_at: usize,
    ) -> Result<()> {
        if budget == 0 {
            return Err(self.err(key_at, ProbeErrorKind::RecursionLimit));
        }
        match wire_type {
            WireType::Varint => self.varint(data, pos).map(|_| ()),
            WireType::Fixed64 => self.fixed(data, pos, 8, key_at),
            WireType::Fixed32 => self.fixed(data, pos, 4, key_at),
            WireType::LengthDelimited => self.length(data, pos, key_at).map(|_| ()),
            WireType::StartGroup => loop {
                let inner_at = *pos;
                let (inner_field, inner_wire_type) = self.key(data, pos)?;
                if inner_wire_type == WireType::EndGroup {
                    if inner_field != field {
                        return Err(self.err(inner_at, ProbeErrorKind::UnexpectedEndGroup));
                    }
                    return Ok(());
                }
                self.skip(
                    inner_wire_type,
                    inner_field,
                    data,
                    pos,
                    budget - 1,
                    inner_at,
                )?;
            },
            WireType::EndGroup => Err(self.err(key_at, ProbeErrorKind::UnexpectedEndGroup)),
        }
    }
}

/// A slice addressed by offsets relative to an enclosing buffer: `data[0]` is at offset `start`.
struct SliceAt<'a> {
    data: &'a [u8],
    start: usize,
}

impl<'a> SliceAt<'a> {
    fn get(&self, offset: usize) -> Option<u8> {
        offset
            .checked_sub(self.start)
            .and_then(|i| self.data.get(i).copied())
    }

    fn end(&self) -> usize {
        self.start + self.data.len()
    }

    fn slice(&self, from: usize, to: usize) -> &'a [u8] {
        &self.data[from - self.start..to - self.start]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One probe verdict per line: name, record bytes, expected hit.
    macro_rules! probe {
        ($name:ident, $bytes:expr, $hit:expr) => {
            #[test]
            fn $name() {
                let bytes: &[u8] = $bytes;
                assert_eq!(is_probe_hit(bytes), $hit, "{}", explain(bytes).describe());
                assert_eq!(explain(bytes).is_hit(), $hit);
            }
        };
    }

    probe!(empty_record_has_no_header, b"", false);
    probe!(all_high_bytes_have_no_header, &[0x80, 0xFF, 0x91], false);
    probe!(header_alone_is_an_empty_message_and_hits, b"{", true);
    probe!(two_byte_header_alone_hits, &[0x96, 0x01], true);
    probe!(preset_line_is_not_protobuf, br#"{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"192.0.2.10","httpMethod":"GET","resourcePath":"/pets","status":"200","protocol":"HTTP/1.1","responseLength":"48"}"#, false);
    probe!(trailing_newline_at_a_key_position_underflows, b"{\n", false);
    probe!(closing_brace_as_a_key_needs_four_more_bytes, b"{}", false);
    probe!(closing_brace_with_four_bytes_after_it_hits, b"{}abcd", true);
    probe!(unknown_varint_field_is_skipped, &[0x00, 0x20, 0x05], true);
    probe!(wire_type_six_fails, &[0x00, 0x26], false);
    probe!(field_number_zero_fails, &[0x00, 0x02, 0x00], false);
    probe!(
        resource_metrics_with_varint_wire_type_fails,
        &[0x00, 0x08, 0x01],
        false
    );
    probe!(empty_resource_metrics_hits, &[0x00, 0x0A, 0x00], true);
    probe!(
        resource_metrics_schema_url_must_be_utf8,
        &[0x00, 0x0A, 0x03, 0x1A, 0x01, 0xFF],
        false
    );
    probe!(
        resource_metrics_schema_url_utf8_hits,
        &[0x00, 0x0A, 0x03, 0x1A, 0x01, b'x'],
        true
    );
    probe!(
        group_is_skipped_to_its_end,
        &[0x00, 0x23, 0x20, 0x01, 0x24],
        true
    );
    probe!(
        group_closed_by_another_field_fails,
        &[0x00, 0x23, 0x2C],
        false
    );
    probe!(stray_end_group_fails, &[0x00, 0x24], false);
    probe!(
        eleven_byte_varint_fails,
        &[0x00, 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
        false
    );
    probe!(
        ten_byte_varint_ending_in_one_hits,
        &[0x00, 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
        true
    );
    probe!(
        ten_byte_varint_ending_in_two_overflows,
        &[0x00, 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02],
        false
    );
    probe!(
        nested_length_past_its_parent_fails,
        &[0x00, 0x0A, 0x02, 0x22, 0x05, 0, 0, 0, 0, 0],
        false
    );

    #[test]
    fn deep_array_values_hit_prost_recursion_limit() {
        // ExportMetricsServiceRequest > ResourceMetrics > Resource > KeyValue > AnyValue, then
        // ArrayValue/AnyValue pairs: nest until the limit.
        fn nest(depth: usize) -> Vec<u8> {
            // innermost AnyValue: empty
            let mut any_value: Vec<u8> = Vec::new();
            for _ in 0..depth {
                let array = wrap(1, &any_value); // ArrayValue.values = AnyValue
                any_value = wrap(5, &array); // AnyValue.array_value = ArrayValue
            }
            let key_value = wrap(2, &any_value);
            let resource = wrap(1, &key_value);
            let resource_metrics = wrap(1, &resource);
            let mut record = vec![0x00];
            record.extend(wrap(1, &resource_metrics));
            record
        }
        fn wrap(field: u8, payload: &[u8]) -> Vec<u8> {
            let mut out = vec![(field << 3) | 2];
            let mut len = payload.len();
            while len >= 0x80 {
                out.push((len as u8) | 0x80);
                len >>= 7;
            }
            out.push(len as u8);
            out.extend_from_slice(payload);
            out
        }
        assert!(is_probe_hit(&nest(40)));
        assert!(!is_probe_hit(&nest(60)));
    }

    #[test]
    fn explanation_lists_the_skipped_fields() {
        let report = explain(b"{}abcd");
        assert_eq!(report.header_len, Some(1));
        assert_eq!(report.steps.len(), 1);
        assert_eq!(report.steps[0].field, 15);
        assert_eq!(report.steps[0].wire_type, WireType::Fixed32);
        assert!(report.describe().contains("unknown field 15"));
    }

    #[test]
    fn miss_reports_where_it_failed() {
        let report = explain(b"{\n");
        match report.outcome {
            // The newline is field 1, length-delimited; its length would be at byte 2.
            ProbeOutcome::Miss { error } => {
                assert_eq!(
                    error,
                    ProbeError {
                        offset: 2,
                        kind: ProbeErrorKind::InvalidVarint
                    }
                )
            }
            other => panic!("expected a miss, got {other:?}"),
        }
    }
}
