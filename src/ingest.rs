//! What OpenObserve will do with the format and the sample lines: the columns the format
//! produces, the simulated Firehose delivery of the lines, and the `curl` command that replays
//! the simulated request. Every rule comes from `gwlog_core` (the columns on each route, the org,
//! the request id, the simulation, the command); this module only names the inputs each value is
//! computed from, so [`crate::derived`] can memoise it by exactly those. (The route and its
//! fallbacks are planned in [`crate::destination`], the fixes applied in [`crate::state`], both
//! by core.)
//!
//! The clock and the request id ([`Stamp`]) are inputs, read by the root component, so the
//! reducer and everything derived stay pure and testable natively.

use crate::analysis::Analysis;
use gwlog_core::api::ApiType;
use gwlog_core::openobserve::curl::{curl_command, AccessKey};
use gwlog_core::openobserve::delivery::{preflight, request_id, Delivery, Via};
use gwlog_core::openobserve::format_columns::{format_columns_via, ColumnsError, FormatColumns};
use gwlog_core::openobserve::simulate::{simulate, FirehoseRequest, Simulation, SimulationInput};

/// When a simulation runs and which request id Firehose gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Milliseconds since the epoch.
    pub now_ms: i64,
    /// A GUID-shaped Firehose request id.
    pub request_id: String,
}

impl Stamp {
    /// The current time and a fresh request id from core's generator, seeded with randomness in
    /// the browser (with the clock natively).
    pub fn now() -> Stamp {
        #[cfg(target_arch = "wasm32")]
        let (now_ms, seed) = {
            // Two draws of 32 random bits each (Math.random has 52 bits of precision).
            let draw = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
            (js_sys::Date::now() as i64, (draw() << 32) | draw())
        };
        #[cfg(not(target_arch = "wasm32"))]
        let (now_ms, seed) = {
            let since = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            (since.as_millis() as i64, since.as_nanos() as u64)
        };
        Stamp {
            now_ms,
            request_id: request_id(seed),
        }
    }
}

/// The columns every record of the format produces, or why there are none.
pub type Columns = Result<FormatColumns, ColumnsError>;

/// The columns OpenObserve stores for every record of `format` on a stage of `api` delivered
/// `via` a route: through CloudWatch Logs the entry's keys are stored as `message_*` columns next
/// to the envelope's.
pub fn columns(format: &str, api: ApiType, via: Via) -> Columns {
    format_columns_via(format, api, via)
}

/// Where the simulated request goes and how the lines reach Firehose: the inputs of a
/// [`Simulated`] besides the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The org as typed (core defaults an empty one).
    pub org: String,
    /// The stream as typed.
    pub stream: String,
    /// The route and the names its envelope carries, as core planned them.
    pub delivery: Delivery,
}

/// The simulated delivery of one analysed snapshot of the sample lines. Compared by identity
/// where shown ([`crate::shared::Shared`]): a new one exists only when its inputs change.
#[derive(Debug, Clone)]
pub struct Simulated {
    /// How the lines travelled.
    pub delivery: Delivery,
    /// One record per non-empty sample line when delivered directly; the log events of one
    /// record through a CloudWatch Logs subscription.
    pub simulation: Simulation,
    /// The sample-lines editor's line number of each simulated line (of each record when
    /// delivered directly, of each log event through a subscription).
    pub record_lines: Vec<usize>,
}

impl Simulated {
    /// Simulates the lines `analysis` split (with its format's trailing newline) delivered to
    /// `destination` at `stamp`. The org is resolved by core's preflight, as the CLI does.
    ///
    /// Log events of a subscription carry each line's own request time when the format logs one,
    /// as the CLI's do (core's `SimulationInput::with_format`): a line older than OpenObserve's
    /// ingest window then reads as dropped, exactly as it does on the direct route with a
    /// `_timestamp` key.
    pub fn run(analysis: &Analysis, destination: &Destination, stamp: &Stamp) -> Self {
        let lines: Vec<&str> = analysis.lines.iter().map(|l| l.text.as_str()).collect();
        let delivery = &destination.delivery;
        let checked = preflight(
            analysis.api,
            delivery.via(),
            &destination.org,
            &destination.stream,
        );
        let input = SimulationInput::new(
            &lines,
            &checked.org,
            &destination.stream,
            stamp.now_ms,
            &stamp.request_id,
        )
        .with_trailing_newline(analysis.format.ends_with('\n'))
        .with_format(&analysis.format, analysis.api)
        .via(delivery.route());
        Simulated {
            simulation: simulate(&input),
            record_lines: analysis.lines.iter().map(|l| l.number).collect(),
            delivery: delivery.clone(),
        }
    }
}

/// The host the `curl` command shows until the Destination has a usable base URL.
pub const PLACEHOLDER_HOST: &str = "https://<your-openobserve>";

/// The URL the `curl` command posts to: the ingestion URL once its base is usable, else the
/// simulated request's path on [`PLACEHOLDER_HOST`].
pub fn curl_url(ingestion_url: Option<&str>, request: &FirehoseRequest) -> String {
    match ingestion_url {
        Some(url) => url.to_owned(),
        None => format!("{PLACEHOLDER_HOST}{}", request.path),
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
    use gwlog_core::openobserve::fixes::{self, carry_lines, FixKind};
    use gwlog_core::openobserve::simulate::Verdict;

    const GUIDE_LINE: &str = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5, SourceIP: 1.128.0.0, Method: GET, ResourcePath: /pets, StatusCode: 200, ResponseLength: 184, RequestTime: 10/Jun/2023:15:36:28 +0000";
    const NOW_MS: i64 = 1_755_786_979_000;

    fn stamp() -> Stamp {
        Stamp {
            now_ms: NOW_MS,
            request_id: "req-1".into(),
        }
    }

    fn direct() -> Destination {
        Destination {
            org: "default".into(),
            stream: "default".into(),
            delivery: Delivery::Direct,
        }
    }

    fn simulated(format: &str, lines: &str) -> Simulated {
        Simulated::run(
            &Analysis::run(ApiType::Rest, format, lines),
            &direct(),
            &stamp(),
        )
    }

    fn subscribed(api: ApiType, format: &str, lines: &str) -> Simulated {
        let destination = Destination {
            delivery: Delivery::CloudWatchSubscription {
                account: "123456789012".into(),
                log_group: "/aws/apigateway/http".into(),
            },
            ..direct()
        };
        Simulated::run(&Analysis::run(api, format, lines), &destination, &stamp())
    }

    fn guide() -> &'static str {
        presets::by_id("openobserve-guide").expect("preset").format
    }

    /// Core's fix `kind` applied to `format`, which must change it.
    fn fixed(kind: FixKind, format: &str, samples: &[&str]) -> String {
        let applied = fixes::apply(kind, format, ApiType::Rest, samples).expect("applies");
        assert!(applied.fix.changed, "{}", applied.fix.explanation);
        applied.fix.format
    }

    #[test]
    fn the_guide_format_fails_the_batch_and_only_to_json_applies() {
        let simulated = simulated(guide(), GUIDE_LINE);
        assert_eq!(simulated.simulation.http_status, 400);
        assert_eq!(simulated.simulation.records[0].verdict, Verdict::Rejected);
        assert!(columns(guide(), ApiType::Rest, Via::Direct).is_err());
        let applicable = fixes::applicable(guide(), ApiType::Rest);
        let buttons: Vec<FixKind> = FixKind::ALL
            .into_iter()
            .filter(|kind| kind.applies(applicable))
            .collect();
        assert_eq!(buttons, [FixKind::ToJson, FixKind::Newline]);
    }

    /// A JSON format with a bare number variable, and a line where API Gateway wrote `-` for it.
    const BARE_FORMAT: &str =
        r#"{"requestId":"$context.requestId","lat":$context.integrationLatency}"#;
    const BARE_DASH_LINE: &str = r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":-}"#;

    #[test]
    fn a_bare_dash_fails_the_batch_until_the_values_are_quoted() {
        let before = simulated(BARE_FORMAT, BARE_DASH_LINE);
        assert_eq!(before.simulation.http_status, 400);
        let applicable = fixes::applicable(BARE_FORMAT, ApiType::Rest);
        assert!(applicable.quote_values && !applicable.to_json);
        let format = fixed(FixKind::QuoteValues, BARE_FORMAT, &[BARE_DASH_LINE]);
        assert!(format.contains(r#""lat":"$context.integrationLatency""#));
        let carried = carry_lines(BARE_FORMAT, &format, ApiType::Rest, BARE_DASH_LINE, NOW_MS);
        assert_eq!((carried.rewritten, carried.kept), (1, 0));
        assert!(carried.text.contains(r#""lat":"-""#), "{}", carried.text);
        let after = simulated(&format, &carried.text);
        assert_eq!(after.simulation.http_status, 200);
        assert!(!fixes::applicable(&format, ApiType::Rest).quote_values);
    }

    #[test]
    fn quote_values_does_not_apply_to_the_console_json_preset() {
        let preset = presets::by_id("rest-json").expect("preset").format;
        let applicable = fixes::applicable(preset, ApiType::Rest);
        assert!(!FixKind::QuoteValues.applies(applicable));
    }

    #[test]
    fn to_json_with_carried_lines_is_stored() {
        let format = fixed(FixKind::ToJson, guide(), &[GUIDE_LINE]);
        let carried = carry_lines(guide(), &format, ApiType::Rest, GUIDE_LINE, NOW_MS);
        assert_eq!((carried.rewritten, carried.kept), (1, 0));
        let simulated = simulated(&format, &carried.text);
        assert_eq!(simulated.simulation.http_status, 200);
        assert_eq!(simulated.simulation.records[0].verdict, Verdict::Stored);
    }

    #[test]
    fn carried_json_lines_keep_their_values_and_generate_new_ones() {
        let preset = presets::by_id("rest-json").expect("preset").format;
        let line = crate::state::DEFAULT_LINES.lines().next().expect("a line");
        let format = fixed(FixKind::Timestamp, preset, &[line]);
        let carried = carry_lines(preset, &format, ApiType::Rest, line, NOW_MS);
        assert_eq!(carried.generated, ["$context.requestTimeEpoch"]);
        assert!(carried
            .text
            .contains(r#""requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5""#));
        let simulated = simulated(&format, &carried.text);
        assert_eq!(simulated.simulation.records[0].verdict, Verdict::Stored);
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
    fn curl_reads_the_key_from_the_environment_unless_asked() {
        let simulated = simulated(guide(), GUIDE_LINE);
        let url = "https://logs.example.com/aws/default/default/_kinesis_firehose";
        let curl = Curl::new(&simulated.simulation.request, url, None);
        assert!(curl.text.contains("$OPENOBSERVE_ACCESS_KEY"));
        let curl = Curl::new(&simulated.simulation.request, url, Some("a2V5"));
        assert!(curl.text.contains("a2V5") && curl.key.is_some());
    }

    #[test]
    fn curl_posts_to_a_placeholder_host_until_there_is_an_ingestion_url() {
        let request = &simulated(guide(), GUIDE_LINE).simulation.request;
        assert_eq!(
            curl_url(None, request),
            "https://<your-openobserve>/aws/default/default/_kinesis_firehose"
        );
        assert_eq!(
            curl_url(Some("https://o2.example.com/x"), request),
            "https://o2.example.com/x"
        );
    }

    #[test]
    fn an_empty_org_is_simulated_as_core_defaults_it() {
        let destination = Destination {
            org: String::new(),
            ..direct()
        };
        let analysis = Analysis::run(ApiType::Rest, guide(), GUIDE_LINE);
        let simulated = Simulated::run(&analysis, &destination, &stamp());
        assert_eq!(
            simulated.simulation.request.path,
            "/aws/default/default/_kinesis_firehose"
        );
    }

    /// An HTTP API JSON line and a CLF line, as the console's HTTP presets render them, a minute
    /// before the test clock (log events carry the line's own time).
    const HTTP_JSON_LINE: &str = r#"{"requestId":"GQIVriFLIAMEMsA=","ip":"1.128.0.0","requestTime":"21/Aug/2025:14:35:19 +0000","httpMethod":"GET","routeKey":"GET /","status":"200","protocol":"HTTP/1.1","responseLength":"47140"}"#;
    const HTTP_CLF_LINE: &str = r#"1.128.0.0 - - [21/Aug/2025:14:35:19 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;

    #[test]
    fn a_subscription_sends_every_line_as_an_event_of_one_record() {
        let format = presets::by_id("http-json").expect("preset").format;
        let simulated = subscribed(
            ApiType::Http,
            format,
            &format!("{HTTP_JSON_LINE}\n\n{HTTP_CLF_LINE}\n"),
        );
        let simulation = &simulated.simulation;
        assert_eq!(simulation.http_status, 200);
        assert_eq!(simulation.records.len(), 1);
        assert_eq!(simulated.record_lines, [1, 3]);
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
    fn through_a_subscription_the_columns_are_the_ones_the_route_stores() {
        let format = presets::by_id("http-json").expect("preset").format;
        let columns = columns(format, ApiType::Http, Via::CloudWatch).expect("columns");
        assert!(columns.column("message_status").is_some());
        assert!(columns.column("status").is_none());
        let simulated = subscribed(ApiType::Http, format, HTTP_JSON_LINE);
        let stored = &simulated.simulation.records[0].rows[0].columns;
        for column in &columns.columns {
            assert!(
                stored.get(&column.name).is_some(),
                "{} is not stored",
                column.name
            );
        }
    }

    #[test]
    fn request_ids_are_guid_shaped() {
        let id = Stamp::now().request_id;
        let lengths: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{id}");
    }
}
