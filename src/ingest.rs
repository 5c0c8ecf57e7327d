//! What OpenObserve will do with the format and the sample lines: the columns the format
//! produces, the simulated Firehose delivery of the lines, which one-click fixes apply, and the
//! `curl` command that replays the simulated request. Everything comes from `gwlog_core`; this
//! module only decides when to run it and carries the inputs across a fix.
//!
//! The clock and the request id ([`Stamp`]) are inputs, read by the root component, so the
//! reducer stays pure and testable natively.

use crate::analysis::Analysis;
use gwlog_core::api::ApiType;
use gwlog_core::format::catalogue;
use gwlog_core::format::kind::FormatKind;
use gwlog_core::format::shape::ValueShape;
use gwlog_core::line::{FieldValue, Matcher};
use gwlog_core::openobserve::curl::{curl_command, AccessKey};
use gwlog_core::openobserve::fixes::{self, ProbeProof};
use gwlog_core::openobserve::format_columns::{format_columns, ColumnsError, FormatColumns};
use gwlog_core::openobserve::simulate::{simulate, FirehoseRequest, Simulation, SimulationInput};
use gwlog_core::synth;
use std::collections::HashMap;

/// When a simulation runs and which request id Firehose gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Milliseconds since the epoch.
    pub now_ms: i64,
    /// A GUID-shaped Firehose request id.
    pub request_id: String,
}

impl Stamp {
    /// The current time and a fresh random request id.
    pub fn now() -> Stamp {
        #[cfg(target_arch = "wasm32")]
        let (now_ms, bits) = {
            let mut bits = [0u16; 8];
            for part in &mut bits {
                *part = (js_sys::Math::random() * 65_536.0) as u16;
            }
            (js_sys::Date::now() as i64, bits)
        };
        #[cfg(not(target_arch = "wasm32"))]
        let (now_ms, bits) = {
            let now_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            let mut rng = synth::Rng::new(now_ms as u64);
            (now_ms, [0; 8].map(|_: u16| rng.next_u64() as u16))
        };
        Stamp {
            now_ms,
            request_id: guid(bits),
        }
    }
}

/// A version-4 GUID from 128 random bits.
fn guid(b: [u16; 8]) -> String {
    format!(
        "{:04x}{:04x}-{:04x}-4{:03x}-{:04x}-{:04x}{:04x}{:04x}",
        b[0],
        b[1],
        b[2],
        b[3] & 0x0fff,
        (b[4] & 0x3fff) | 0x8000,
        b[5],
        b[6],
        b[7]
    )
}

/// The four one-click fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixKind {
    /// Convert a text format to JSON.
    ToJson,
    /// Add `"_timestamp":"$context.requestTimeEpoch"`.
    Timestamp,
    /// End the format with a newline.
    Newline,
    /// Put a tab after the opening brace so no record is taken for protobuf.
    ProbeSafe,
}

impl FixKind {
    /// In the order the buttons are shown.
    pub const ALL: [FixKind; 4] = [
        FixKind::ToJson,
        FixKind::Timestamp,
        FixKind::Newline,
        FixKind::ProbeSafe,
    ];

    /// The element id of its button.
    pub fn id(self) -> &'static str {
        match self {
            FixKind::ToJson => "fix-to-json",
            FixKind::Timestamp => "fix-timestamp",
            FixKind::Newline => "fix-newline",
            FixKind::ProbeSafe => "fix-probe-safe",
        }
    }

    /// The button text.
    pub fn label(self) -> &'static str {
        match self {
            FixKind::ToJson => "Convert to JSON",
            FixKind::Timestamp => "Add _timestamp",
            FixKind::Newline => "End with a newline",
            FixKind::ProbeSafe => "Make probe-safe",
        }
    }

    /// What the button does, for its tooltip.
    pub fn summary(self) -> &'static str {
        match self {
            FixKind::ToJson => "Rewrite the format as one JSON object with every value quoted",
            FixKind::Timestamp => {
                "Give each row the request time: \"_timestamp\":\"$context.requestTimeEpoch\""
            }
            FixKind::Newline => "End every record with a newline",
            FixKind::ProbeSafe => {
                "Add a tab after the opening brace so no record is ever taken for protobuf"
            }
        }
    }
}

/// Which fixes would change the format (checked cheaply; the fix itself runs on click).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixOptions {
    /// [`FixKind::ToJson`] applies.
    pub to_json: bool,
    /// [`FixKind::Timestamp`] applies.
    pub timestamp: bool,
    /// [`FixKind::Newline`] applies.
    pub newline: bool,
    /// [`FixKind::ProbeSafe`] applies.
    pub probe_safe: bool,
}

impl FixOptions {
    /// Whether `kind` would change the format.
    pub fn applies(self, kind: FixKind) -> bool {
        match kind {
            FixKind::ToJson => self.to_json,
            FixKind::Timestamp => self.timestamp,
            FixKind::Newline => self.newline,
            FixKind::ProbeSafe => self.probe_safe,
        }
    }

    fn of(format: &str, api: ApiType, kind: FormatKind, object: bool) -> Self {
        let changes = |fix: Result<fixes::Fix, fixes::FixError>| fix.is_ok_and(|f| f.changed);
        FixOptions {
            to_json: kind != FormatKind::Json && changes(fixes::to_json(format, api)),
            timestamp: object && changes(fixes::add_timestamp(format, api)),
            newline: fixes::add_trailing_newline(format).changed,
            probe_safe: object && fixes::guaranteed_miss(format).is_none(),
        }
    }
}

/// The inputs an [`Ingest`] was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestKey {
    /// API type.
    pub api: ApiType,
    /// The format.
    pub format: String,
    /// The sample-lines text.
    pub lines: String,
    /// The org in the URL.
    pub org: String,
    /// The stream in the URL.
    pub stream: String,
}

/// What OpenObserve does with one snapshot of format, lines, org and stream. Compared by
/// identity where shown ([`crate::shared::Shared`]): it is replaced only when its key changes.
#[derive(Debug, Clone)]
pub struct Ingest {
    /// The inputs.
    pub key: IngestKey,
    /// The columns every record of the format produces, or why there are none.
    pub columns: Result<FormatColumns, ColumnsError>,
    /// The simulated delivery of the non-empty sample lines, one record each.
    pub simulation: Simulation,
    /// The sample-lines editor's line number of each record.
    pub record_lines: Vec<usize>,
    /// Which fixes apply.
    pub fixes: FixOptions,
}

impl Ingest {
    /// Runs the columns, the simulation and the fix checks for `key`, with the lines already
    /// split by `analysis` (of the same format and lines).
    pub fn run(key: IngestKey, analysis: &Analysis, stamp: &Stamp) -> Self {
        let columns = format_columns(&key.format, key.api);
        let lines: Vec<&str> = analysis.lines.iter().map(|l| l.text.as_str()).collect();
        let input = SimulationInput::new(
            &lines,
            &key.org,
            &key.stream,
            stamp.now_ms,
            &stamp.request_id,
        )
        .with_trailing_newline(key.format.ends_with('\n'));
        let simulation = simulate(&input);
        let fixes = FixOptions::of(&key.format, key.api, analysis.checked.kind, columns.is_ok());
        Ingest {
            record_lines: analysis.lines.iter().map(|l| l.number).collect(),
            columns,
            simulation,
            fixes,
            key,
        }
    }
}

/// A fix that was applied (or could not be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    /// Which fix.
    pub kind: FixKind,
    /// Whether the format changed.
    pub changed: bool,
    /// What was changed and why, or why nothing could be.
    pub explanation: String,
    /// The probe-safe fix's proof.
    pub proof: Option<ProbeProof>,
    /// How the sample lines followed the format.
    pub carried: Option<Carried>,
}

/// The result of running a fix: the new format, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The new format (the old one when the fix failed).
    pub format: String,
    /// What to show.
    pub applied: AppliedFix,
}

/// Runs fix `kind` on `format`, proving the probe-safe fix on `sample_lines`.
pub fn run_fix(kind: FixKind, format: &str, api: ApiType, sample_lines: &[&str]) -> FixOutcome {
    let result = match kind {
        FixKind::ToJson => fixes::to_json(format, api).map(|fix| (fix, None)),
        FixKind::Timestamp => fixes::add_timestamp(format, api).map(|fix| (fix, None)),
        FixKind::Newline => Ok((fixes::add_trailing_newline(format), None)),
        FixKind::ProbeSafe => {
            fixes::probe_safe(format, api, sample_lines).map(|safe| (safe.fix, Some(safe.proof)))
        }
    };
    match result {
        Ok((fix, proof)) => FixOutcome {
            format: fix.format,
            applied: AppliedFix {
                kind,
                changed: fix.changed,
                explanation: fix.explanation,
                proof,
                carried: None,
            },
        },
        Err(error) => FixOutcome {
            format: format.to_owned(),
            applied: AppliedFix {
                kind,
                changed: false,
                explanation: format!("Not applied: {error}."),
                proof: None,
                carried: None,
            },
        },
    }
}

/// How the sample lines were rewritten for a new format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Carried {
    /// The rewritten sample-lines text.
    pub text: String,
    /// How many lines were rewritten.
    pub rewritten: usize,
    /// How many non-empty lines did not match the old format and were kept as they were.
    pub kept: usize,
    /// Variables of the new format the old lines did not have, filled with generated values.
    pub generated: Vec<String>,
}

/// The sample lines as API Gateway would have written them with `new` instead of `old`: each
/// line that matches `old` is rendered with `new` ([`synth::Template`], which escapes values inside
/// JSON strings as API Gateway does), every variable getting the value parsed from the line.
/// Variables the line does not have get a generated value of their shape (times anchored at
/// `now_ms`, never the `-` of a missing value). Lines that do not match `old` are kept.
pub fn carry_lines(old: &str, new: &str, api: ApiType, lines: &str, now_ms: i64) -> Carried {
    let matcher = Matcher::new(old, api);
    let template = synth::Template::new(new);
    let mut rng = synth::Rng::new(now_ms as u64);
    let mut carried = Carried::default();
    let mut out = Vec::new();
    for raw in lines.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            out.push(String::new());
            continue;
        }
        let Ok(parsed) = matcher.parse_line(line) else {
            carried.kept += 1;
            out.push(line.to_owned());
            continue;
        };
        let mut values: HashMap<&str, String> = HashMap::new();
        for field in &parsed.fields {
            let name = field
                .variable
                .strip_prefix("$context.")
                .unwrap_or(field.variable);
            values.entry(name).or_insert_with(|| match &field.value {
                FieldValue::Null => "-".to_owned(),
                FieldValue::Integer(number) => number.to_string(),
                FieldValue::Text(text) => text.to_string(),
            });
        }
        let rendered = template.render(|name| match values.get(name) {
            Some(value) => value.clone(),
            None => {
                let variable = format!("$context.{name}");
                if !carried.generated.contains(&variable) {
                    carried.generated.push(variable);
                }
                generated(catalogue::lookup(name).shape_for(api), &mut rng, now_ms)
            }
        });
        carried.rewritten += 1;
        out.push(rendered.trim_end_matches(['\n', '\r']).to_owned());
    }
    carried.text = out.join("\n");
    carried
}

/// A value of `shape` for a variable the sample lines lack: not the `-` of a missing value, which
/// would misrepresent the fix (a `_timestamp` of `-` is dropped).
fn generated(shape: ValueShape, rng: &mut synth::Rng, now_ms: i64) -> String {
    let mut value = synth::value(shape, rng, now_ms);
    for _ in 0..16 {
        if value != "-" {
            break;
        }
        value = synth::value(shape, rng, now_ms);
    }
    value
}

/// The `curl` command for a simulated request, with the inputs it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Curl {
    /// The URL it posts to.
    pub url: String,
    /// The access key written into the command, if the user asked for that.
    pub key: Option<String>,
    /// The command.
    pub text: String,
}

impl Curl {
    /// The command posting `request` to `url`, with `key` embedded when given (else read from
    /// `$OPENOBSERVE_ACCESS_KEY`).
    pub fn new(request: &FirehoseRequest, url: &str, key: Option<&str>) -> Self {
        let access_key = match key {
            Some(key) => AccessKey::Embedded(key),
            None => AccessKey::FromEnv,
        };
        Curl {
            url: url.to_owned(),
            key: key.map(str::to_owned),
            text: curl_command(request, url, access_key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gwlog_core::format::presets;
    use gwlog_core::openobserve::simulate::Verdict;

    const GUIDE_LINE: &str = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5, SourceIP: 1.128.0.0, Method: GET, ResourcePath: /pets, StatusCode: 200, ResponseLength: 184, RequestTime: 10/Jun/2023:15:36:28 +0000";
    const NOW_MS: i64 = 1_755_786_979_000;

    fn stamp() -> Stamp {
        Stamp {
            now_ms: NOW_MS,
            request_id: "req-1".into(),
        }
    }

    fn ingest(format: &str, lines: &str) -> Ingest {
        let analysis = Analysis::run(ApiType::Rest, format, lines);
        let key = IngestKey {
            api: ApiType::Rest,
            format: format.into(),
            lines: lines.into(),
            org: "default".into(),
            stream: "default".into(),
        };
        Ingest::run(key, &analysis, &stamp())
    }

    fn guide() -> &'static str {
        presets::by_id("openobserve-guide").expect("preset").format
    }

    #[test]
    fn the_guide_format_fails_the_batch_and_only_to_json_applies() {
        let ingest = ingest(guide(), GUIDE_LINE);
        assert_eq!(ingest.simulation.http_status, 400);
        assert_eq!(ingest.simulation.records[0].verdict, Verdict::Rejected);
        assert!(ingest.columns.is_err());
        let fixes = ingest.fixes;
        assert!(fixes.to_json && fixes.newline && !fixes.timestamp && !fixes.probe_safe);
    }

    #[test]
    fn to_json_with_carried_lines_is_stored() {
        let fixed = run_fix(FixKind::ToJson, guide(), ApiType::Rest, &[GUIDE_LINE]);
        assert!(fixed.applied.changed);
        let carried = carry_lines(guide(), &fixed.format, ApiType::Rest, GUIDE_LINE, NOW_MS);
        assert_eq!((carried.rewritten, carried.kept), (1, 0));
        let ingest = ingest(&fixed.format, &carried.text);
        assert_eq!(ingest.simulation.http_status, 200);
        assert_eq!(ingest.simulation.records[0].verdict, Verdict::Stored);
    }

    #[test]
    fn carried_json_lines_keep_their_values_and_generate_new_ones() {
        let preset = presets::by_id("rest-json").expect("preset").format;
        let line = crate::state::DEFAULT_LINES.lines().next().expect("a line");
        let fixed = run_fix(FixKind::Timestamp, preset, ApiType::Rest, &[line]);
        let carried = carry_lines(preset, &fixed.format, ApiType::Rest, line, NOW_MS);
        assert_eq!(carried.generated, ["$context.requestTimeEpoch"]);
        assert!(carried
            .text
            .contains(r#""requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5""#));
        let ingest = ingest(&fixed.format, &carried.text);
        assert_eq!(ingest.simulation.records[0].verdict, Verdict::Stored);
    }

    #[test]
    fn values_carried_into_json_strings_are_escaped() {
        let old = "$context.requestId $context.identity.userAgent";
        let new = r#"{"requestId":"$context.requestId","ua":"$context.identity.userAgent"}"#;
        let line = r#"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 say "hi"\"#;
        let carried = carry_lines(old, new, ApiType::Rest, line, NOW_MS);
        assert_eq!(carried.rewritten, 1, "{carried:?}");
        let value: serde_json::Value = serde_json::from_str(&carried.text).expect("valid JSON");
        assert_eq!(value["ua"], r#"say "hi"\"#);
    }

    #[test]
    fn lines_that_do_not_match_are_kept() {
        let carried = carry_lines(
            guide(),
            "{\"a\":\"$context.requestId\"}",
            ApiType::Rest,
            "x\n\ny",
            NOW_MS,
        );
        assert_eq!(carried.text, "x\n\ny");
        assert_eq!(carried.kept, 2);
    }

    #[test]
    fn a_fix_that_cannot_apply_says_why() {
        let fixed = run_fix(FixKind::Timestamp, guide(), ApiType::Rest, &[]);
        assert!(!fixed.applied.changed);
        assert_eq!(fixed.format, guide());
        assert!(fixed.applied.explanation.starts_with("Not applied"));
    }

    #[test]
    fn curl_reads_the_key_from_the_environment_unless_asked() {
        let ingest = ingest(guide(), GUIDE_LINE);
        let url = "https://logs.example.com/aws/default/default/_kinesis_firehose";
        let curl = Curl::new(&ingest.simulation.request, url, None);
        assert!(curl.text.contains("$OPENOBSERVE_ACCESS_KEY"));
        let curl = Curl::new(&ingest.simulation.request, url, Some("a2V5"));
        assert!(curl.text.contains("a2V5") && curl.key.is_some());
    }

    #[test]
    fn request_ids_are_guid_shaped() {
        let id = guid([0xffff; 8]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}
