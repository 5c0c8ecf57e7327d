//! What OpenObserve will do with the format and the sample lines: the columns the format
//! produces, the simulated Firehose delivery of the lines, which one-click fixes apply, and the
//! `curl` command that replays the simulated request. Everything comes from `gwlog_core` (which
//! fixes apply, the fixes themselves, the sample lines carried across a fix); this module only
//! decides when to run it and names the fix buttons.
//!
//! The clock and the request id ([`Stamp`]) are inputs, read by the root component, so the
//! reducer stays pure and testable natively.

use crate::analysis::Analysis;
use crate::destination::{Delivery, SUBSCRIPTION_FILTER};
use gwlog_core::api::ApiType;
use gwlog_core::openobserve::curl::{curl_command, AccessKey};
use gwlog_core::openobserve::fixes::{self, Applicable, Carried, ProbeProof};
use gwlog_core::openobserve::format_columns::{format_columns, ColumnsError, FormatColumns};
use gwlog_core::openobserve::simulate::{
    simulate, FirehoseRequest, Route, Simulation, SimulationInput,
};

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
            let mut rng = gwlog_core::synth::Rng::new(now_ms as u64);
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

/// The five one-click fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixKind {
    /// Convert a text format to JSON.
    ToJson,
    /// Put every bare variable of a JSON format inside quotes.
    QuoteValues,
    /// Add `"_timestamp":"$context.requestTimeEpoch"`.
    Timestamp,
    /// End the format with a newline.
    Newline,
    /// Put a tab after the opening brace so no record is taken for protobuf.
    ProbeSafe,
}

impl FixKind {
    /// In the order the buttons are shown.
    pub const ALL: [FixKind; 5] = [
        FixKind::ToJson,
        FixKind::QuoteValues,
        FixKind::Timestamp,
        FixKind::Newline,
        FixKind::ProbeSafe,
    ];

    /// The element id of its button.
    pub fn id(self) -> &'static str {
        match self {
            FixKind::ToJson => "fix-to-json",
            FixKind::QuoteValues => "fix-quote-values",
            FixKind::Timestamp => "fix-timestamp",
            FixKind::Newline => "fix-newline",
            FixKind::ProbeSafe => "fix-probe-safe",
        }
    }

    /// The button text.
    pub fn label(self) -> &'static str {
        match self {
            FixKind::ToJson => "Convert to JSON",
            FixKind::QuoteValues => "Quote values",
            FixKind::Timestamp => "Add _timestamp",
            FixKind::Newline => "End with a newline",
            FixKind::ProbeSafe => "Make probe-safe",
        }
    }

    /// What the button does, for its tooltip.
    pub fn summary(self) -> &'static str {
        match self {
            FixKind::ToJson => "Rewrite the format as one JSON object with every value quoted",
            FixKind::QuoteValues => {
                "Put every bare $context variable inside quotes, so a missing value (-) stays valid JSON"
            }
            FixKind::Timestamp => {
                "Give each row the request time: \"_timestamp\":\"$context.requestTimeEpoch\""
            }
            FixKind::Newline => "End every record with a newline",
            FixKind::ProbeSafe => {
                "Add a tab after the opening brace so no record is ever taken for protobuf"
            }
        }
    }

    /// Whether core says this fix would change the format.
    pub fn applies(self, applicable: Applicable) -> bool {
        match self {
            FixKind::ToJson => applicable.to_json,
            FixKind::QuoteValues => applicable.quote_values,
            FixKind::Timestamp => applicable.timestamp,
            FixKind::Newline => applicable.newline,
            FixKind::ProbeSafe => applicable.probe_safe,
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
    /// How the lines reach Firehose.
    pub delivery: Delivery,
}

/// What OpenObserve does with one snapshot of format, lines, org and stream. Compared by
/// identity where shown ([`crate::shared::Shared`]): it is replaced only when its key changes.
#[derive(Debug, Clone)]
pub struct Ingest {
    /// The inputs.
    pub key: IngestKey,
    /// The columns every record of the format produces, or why there are none.
    pub columns: Result<FormatColumns, ColumnsError>,
    /// The simulated delivery of the non-empty sample lines: one record each when delivered
    /// directly, the log events of one record through a CloudWatch Logs subscription.
    pub simulation: Simulation,
    /// The sample-lines editor's line number of each simulated line (of each record when
    /// delivered directly, of each log event through a subscription).
    pub record_lines: Vec<usize>,
    /// Which fixes would change the format (checked cheaply; a fix itself runs on click).
    pub fixes: Applicable,
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
        .with_trailing_newline(key.format.ends_with('\n'))
        .via(match &key.delivery {
            Delivery::Direct => Route::Direct,
            Delivery::CloudWatchSubscription { account, log_group } => {
                Route::CloudWatchSubscription {
                    account,
                    log_group,
                    filter: SUBSCRIPTION_FILTER,
                }
            }
        });
        let simulation = simulate(&input);
        let fixes = fixes::applicable(&key.format, key.api);
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
        FixKind::QuoteValues => fixes::quote_values(format, api).map(|fix| (fix, None)),
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
    use gwlog_core::openobserve::fixes::carry_lines;
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
            delivery: Delivery::Direct,
        };
        Ingest::run(key, &analysis, &stamp())
    }

    fn subscribed(api: ApiType, format: &str, lines: &str) -> Ingest {
        let analysis = Analysis::run(api, format, lines);
        let key = IngestKey {
            api,
            format: format.into(),
            lines: lines.into(),
            org: "default".into(),
            stream: "default".into(),
            delivery: Delivery::CloudWatchSubscription {
                account: "123456789012".into(),
                log_group: "/aws/apigateway/http".into(),
            },
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
        assert!(!fixes.quote_values);
        let buttons: Vec<FixKind> = FixKind::ALL
            .into_iter()
            .filter(|kind| kind.applies(fixes))
            .collect();
        assert_eq!(buttons, [FixKind::ToJson, FixKind::Newline]);
    }

    /// A JSON format with a bare number variable, and a line where API Gateway wrote `-` for it.
    const BARE_FORMAT: &str =
        r#"{"requestId":"$context.requestId","lat":$context.integrationLatency}"#;
    const BARE_DASH_LINE: &str = r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":-}"#;

    #[test]
    fn a_bare_dash_fails_the_batch_until_the_values_are_quoted() {
        let before = ingest(BARE_FORMAT, BARE_DASH_LINE);
        assert_eq!(before.simulation.http_status, 400);
        assert!(before.fixes.quote_values && !before.fixes.to_json);
        let fixed = run_fix(
            FixKind::QuoteValues,
            BARE_FORMAT,
            ApiType::Rest,
            &[BARE_DASH_LINE],
        );
        assert!(fixed.applied.changed, "{}", fixed.applied.explanation);
        assert!(fixed
            .format
            .contains(r#""lat":"$context.integrationLatency""#));
        let carried = carry_lines(
            BARE_FORMAT,
            &fixed.format,
            ApiType::Rest,
            BARE_DASH_LINE,
            NOW_MS,
        );
        assert_eq!((carried.rewritten, carried.kept), (1, 0));
        assert!(carried.text.contains(r#""lat":"-""#), "{}", carried.text);
        let after = ingest(&fixed.format, &carried.text);
        assert_eq!(after.simulation.http_status, 200);
        assert!(!after.fixes.quote_values);
    }

    #[test]
    fn quote_values_does_not_apply_to_the_console_json_preset() {
        let preset = presets::by_id("rest-json").expect("preset").format;
        let line = crate::state::DEFAULT_LINES.lines().next().expect("a line");
        assert!(!FixKind::QuoteValues.applies(ingest(preset, line).fixes));
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

    // The two tests below check core's `carry_lines` through the app's fixes; core has no test
    // of its own for escaping or for blank lines yet.
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

    /// An HTTP API JSON line and a CLF line, as the console's HTTP presets render them.
    const HTTP_JSON_LINE: &str = r#"{"requestId":"GQIVriFLIAMEMsA=","ip":"1.128.0.0","requestTime":"09/Jun/2023:12:54:08 +0000","httpMethod":"GET","routeKey":"GET /","status":"200","protocol":"HTTP/1.1","responseLength":"47140"}"#;
    const HTTP_CLF_LINE: &str = r#"1.128.0.0 - - [09/Jun/2023:12:54:08 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;

    #[test]
    fn a_subscription_sends_every_line_as_an_event_of_one_record() {
        let format = presets::by_id("http-json").expect("preset").format;
        let ingest = subscribed(
            ApiType::Http,
            format,
            &format!("{HTTP_JSON_LINE}\n\n{HTTP_CLF_LINE}\n"),
        );
        let simulation = &ingest.simulation;
        assert_eq!(simulation.http_status, 200);
        assert_eq!(simulation.records.len(), 1);
        assert_eq!(ingest.record_lines, [1, 3]);
        let rows = &simulation.records[0].rows;
        let events: Vec<_> = rows.iter().map(|r| (r.event, r.verdict)).collect();
        assert_eq!(
            events,
            [(Some(1), Verdict::Stored), (Some(2), Verdict::Stored)]
        );
        assert!(rows[0].columns.get("message_requestid").is_some());
        assert!(rows[1].columns.get("message").is_some());
        let envelope = &rows[0].columns;
        assert_eq!(
            envelope.get("loggroup").map(|c| c.value.clone()),
            Some("/aws/apigateway/http".into())
        );
        assert_eq!(
            envelope.get("subscriptionfilters").map(|c| c.value.clone()),
            Some(r#"["gwlog-to-firehose"]"#.into())
        );
    }

    #[test]
    fn request_ids_are_guid_shaped() {
        let id = guid([0xffff; 8]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}
