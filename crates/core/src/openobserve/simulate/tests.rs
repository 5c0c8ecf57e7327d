//! The simulator's tests: one behaviour each.

use super::*;
use crate::api::ApiType;
use crate::openobserve::columns::ColumnNote;
use crate::openobserve::probe::{self, ProbeReport};
use crate::openobserve::timestamp::TimestampSource;
use serde_json::Value;

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

fn via_subscription<'a>(input: SimulationInput<'a>) -> SimulationInput<'a> {
    input.via(Route::CloudWatchSubscription {
        account: EXAMPLE_ACCOUNT,
        log_group: DEFAULT_LOG_GROUP,
        filter: SUBSCRIPTION_FILTER,
    })
}

fn subscription_timestamps(sim: &Simulation) -> Vec<i64> {
    let record = String::from_utf8(
        base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            &sim.request.body.records[0].data,
        )
        .unwrap(),
    )
    .unwrap();
    let envelope: Value = serde_json::from_str(&record).unwrap();
    envelope["logEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["timestamp"].as_i64().unwrap())
        .collect()
}

#[test]
fn many_lines_without_their_own_time_share_the_batch_time_and_none_is_dropped() {
    let line = r#"{"requestId":"r-1","status":"200"}"#;
    let lines = vec![line; 50_000];
    let sim = simulate(&via_subscription(SimulationInput::new(
        &lines, "default", "apigw", NOW_MS, "req-1",
    )));
    assert!(subscription_timestamps(&sim).iter().all(|&t| t == NOW_MS));
    assert_eq!(sim.stored_rows(), 50_000);
}

#[test]
fn an_event_carries_the_request_time_epoch_of_its_line() {
    let format =
        r#"{"requestId":"$context.requestId","requestTimeEpoch":"$context.requestTimeEpoch"}"#;
    let hour_ago = NOW_MS - 3_600_000;
    let two_days_ago = NOW_MS - 2 * 86_400_000;
    let lines = [
        format!(r#"{{"requestId":"r-1","requestTimeEpoch":"{hour_ago}"}}"#),
        format!(r#"{{"requestId":"r-2","requestTimeEpoch":"{two_days_ago}"}}"#),
        r#"{"requestId":"r-3","requestTimeEpoch":"-"}"#.to_owned(),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let sim = simulate(
        &via_subscription(SimulationInput::new(
            &lines, "default", "apigw", NOW_MS, "req-1",
        ))
        .with_format(format, ApiType::Rest),
    );
    assert_eq!(
        subscription_timestamps(&sim),
        [hour_ago, two_days_ago, NOW_MS]
    );
    let verdicts: Vec<Verdict> = sim.records[0].rows.iter().map(|row| row.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::Stored, Verdict::Dropped, Verdict::Stored]
    );
}

#[test]
fn http_epoch_seconds_and_clf_request_times_become_milliseconds() {
    let format = "$context.requestId $context.requestTimeEpoch [$context.requestTime]";
    let lines = [
        "r-1 1755783379 [21/Aug/2025:13:36:19 +0000]",
        "r-2 - [21/Aug/2025:12:36:19 +0000]",
    ];
    let sim = simulate(
        &via_subscription(SimulationInput::new(
            &lines, "default", "apigw", NOW_MS, "req-1",
        ))
        .with_format(format, ApiType::Http),
    );
    assert_eq!(
        subscription_timestamps(&sim),
        [1_755_783_379_000, 1_755_779_779_000]
    );
}
