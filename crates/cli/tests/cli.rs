//! The `gwlog` command-line contract: flags, JSON shapes and exit codes. Scripts depend on these.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;

const HTTP_CLF: &str = r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#;
const HTTP_CLF_LINE: &str = r#"1.128.0.0 - - [09/Jun/2023:12:54:08 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;

fn gwlog() -> Command {
    Command::cargo_bin("gwlog").expect("binary built")
}

fn file(contents: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(contents.as_bytes()).expect("write");
    file
}

/// The `code` of every diagnostic in a `--json` report.
fn codes(report: &Value) -> Vec<&str> {
    report["diagnostics"]
        .as_array()
        .map(|all| all.iter().filter_map(|d| d["code"].as_str()).collect())
        .unwrap_or_default()
}

fn json_lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn check_json_reports_kind_variables_and_diagnostics() {
    let format = file("$context.requestId $context.requestTim");
    let output = gwlog()
        .args(["check", "--api", "http", "--json"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["kind"], "clf");
    assert_eq!(
        report["variables"],
        serde_json::json!(["$context.requestId", "$context.requestTim"])
    );
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["code"], "unknown-variable");
    assert_eq!(diagnostic["span"], serde_json::json!([19, 38]));
}

#[test]
fn check_passes_a_console_preset_with_exit_0() {
    let format = file(HTTP_CLF);
    gwlog()
        .args(["check", "--api", "http"])
        .arg(format.path())
        .assert()
        .success();
}

#[test]
fn check_api_defaults_to_rest() {
    // Unknown names are only a warning on REST.
    let format = file("$context.requestId $context.routeKeyy");
    gwlog().arg("check").arg(format.path()).assert().success();
}

#[test]
fn check_reads_the_format_from_stdin() {
    let output = gwlog()
        .args(["check", "--json", "-"])
        .write_stdin("$context.status")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "missing-request-id");
}

#[test]
fn check_text_output_points_at_the_span() {
    let format = file("$context.requestId $context.requestTim");
    let output = gwlog()
        .args(["check", "--api", "http"])
        .arg(format.path())
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("error[unknown-variable]"), "{text}");
    assert!(text.contains(":1:20"), "{text}");
    assert!(text.contains("^^^^^^^^^^^^^^^^^^^"), "{text}");
}

#[test]
fn parse_prints_one_object_per_line_with_typed_fields() {
    let format = file(HTTP_CLF);
    let output = gwlog()
        .args(["parse", "--api", "http", "--format"])
        .arg(format.path())
        .write_stdin(format!("{HTTP_CLF_LINE}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["fields"]["$context.status"], 200);
    assert_eq!(lines[0]["fields"]["$context.routeKey"], "GET /pets");
}

#[test]
fn parse_reports_a_failed_line_with_offset_and_exit_1() {
    let format = file(HTTP_CLF);
    let lines = file(&format!("{HTTP_CLF_LINE}\n\nnot a log line\n"));
    let output = gwlog()
        .args(["parse", "--api", "http", "--format"])
        .arg(format.path())
        .arg(lines.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[1]["error"]["offset"], 0);
    assert!(lines[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("$context.identity.sourceIp"));
}

#[test]
fn parse_missing_values_are_null() {
    let format = file(r#"{"requestId":"$context.requestId","caller":"$context.identity.caller"}"#);
    let output = gwlog()
        .args(["parse", "--format"])
        .arg(format.path())
        .write_stdin(r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","caller":"-"}"#)
        .output()
        .unwrap();
    assert_eq!(
        json_lines(&output.stdout)[0]["fields"]["$context.identity.caller"],
        Value::Null
    );
}

#[test]
fn unreadable_file_exits_2_with_a_clear_message() {
    let output = gwlog()
        .args(["check", "/nonexistent/format.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cannot read the format from /nonexistent/format.txt"),
        "{stderr}"
    );
}

#[test]
fn bad_flag_exits_2() {
    let output = gwlog()
        .args(["check", "--api", "graphql", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn format_and_lines_cannot_both_be_stdin() {
    let output = gwlog()
        .args(["parse", "--format", "-", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn url_json_gives_the_route_and_the_stored_stream_name() {
    let output = gwlog()
        .args([
            "url",
            "--base",
            "https://logs.example.com",
            "--org",
            "acme",
            "--stream",
            "amazon-apigateway-MyAPI",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["url"],
        "https://logs.example.com/aws/acme/amazon-apigateway-MyAPI/_kinesis_firehose"
    );
    assert_eq!(report["stream"], "amazon_apigateway_myapi");
    assert_eq!(report["diagnostics"][0]["code"], "stream-name-normalised");
}

#[test]
fn url_over_plain_http_is_an_error() {
    let output = gwlog()
        .args([
            "url",
            "--base",
            "http://o2.example.com",
            "--stream",
            "apigw",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes = codes(&report);
    assert!(codes.contains(&"url-not-https"), "{codes:?}");
}

#[test]
fn firehose_builds_the_prefixed_name_and_arn() {
    let output = gwlog()
        .args([
            "firehose",
            "--name",
            "prod",
            "--region",
            "eu-west-1",
            "--account",
            "123456789012",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["stream_name"], "amazon-apigateway-prod");
    assert_eq!(
        report["arn"],
        "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
    );
}

#[test]
fn firehose_explains_the_log_group_wildcard_trap() {
    let output = gwlog()
        .args([
            "firehose",
            "--arn",
            "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes = codes(&report);
    assert!(codes.contains(&"log-group-arn-wildcard"), "{codes:?}");
}

#[test]
fn firehose_is_rest_only() {
    let output = gwlog()
        .args([
            "firehose",
            "--name",
            "prod",
            "--region",
            "eu-west-1",
            "--account",
            "123456789012",
            "--api",
            "http",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes = codes(&report);
    assert!(codes.contains(&"firehose-not-supported"), "{codes:?}");
}

#[test]
fn simulate_stores_a_json_record_with_its_columns() {
    let format = file(r#"{"requestId":"$context.requestId","status":"$context.status"}"#);
    let output = gwlog()
        .args([
            "simulate",
            "--now-ms",
            "1578090901599",
            "--request-id",
            "ed4acda5-034f-9f42-bba1-f29aea6d7d8f",
            "--format",
        ])
        .arg(format.path())
        .write_stdin(
            "{\"requestId\":\"c6af9ac6-7b61-11e6-9a41-93e8deadbeef\",\"status\":\"200\"}\n",
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["http_status"], 200);
    assert_eq!(
        report["request"]["path"],
        "/aws/default/default/_kinesis_firehose"
    );
    assert_eq!(report["records"][0]["verdict"], "stored");
    assert_eq!(
        report["records"][0]["columns"]["requestid"],
        "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    );
    assert_eq!(report["records"][0]["types"]["status"], "Utf8");
}

#[test]
fn simulate_rejects_the_openobserve_guide_text_format_with_400() {
    let format = file("RequestId: $context.requestId, SourceIP: $context.identity.sourceIp");
    let output = gwlog()
        .args(["simulate", "--format"])
        .arg(format.path())
        .write_stdin("RequestId: c6af9ac6-7b61-11e6-9a41-93e8deadbeef, SourceIP: 192.0.2.10\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["http_status"], 400);
    assert_eq!(report["records"][0]["verdict"], "rejected");
}

#[test]
fn columns_lists_lowercased_utf8_columns_for_the_console_json_preset() {
    let format = file(
        r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "status":"$context.status" }"#,
    );
    let output = gwlog()
        .args(["columns", "--json", "--format"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let columns = report["columns"].as_array().unwrap();
    let requestid = columns
        .iter()
        .find(|c| c["name"] == "requestid")
        .expect("requestid column");
    assert_eq!(requestid["data_type"], "Utf8");
    assert_eq!(
        requestid["variables"],
        serde_json::json!(["$context.requestId"])
    );
}

#[test]
fn columns_of_a_clf_format_say_every_record_is_rejected() {
    let format = file(HTTP_CLF);
    let output = gwlog()
        .args(["columns", "--json", "--format"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["kind"], "not-json");
    assert_eq!(report["http_status"], 400);
}

#[test]
fn export_terraform_embeds_the_format_and_never_a_key() {
    let format = file(r#"{"requestId":"$context.requestId","status":"$context.status"}"#);
    let output = gwlog()
        .args([
            "export",
            "--target",
            "terraform",
            "--stream",
            "prod",
            "--region",
            "eu-west-1",
            "--account",
            "123456789012",
        ])
        .args([
            "--url",
            "https://o2.example.com/aws/default/apigw/_kinesis_firehose",
            "--format",
        ])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("aws_kinesis_firehose_delivery_stream"));
    assert!(
        text.contains(r#"{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}"#),
        "{text}"
    );
    assert!(text.contains("sensitive"));
}

#[test]
fn export_refuses_firehose_for_an_http_api() {
    let format = file(r#"{"requestId":"$context.requestId"}"#);
    let output = gwlog()
        .args([
            "export",
            "--target",
            "aws-cli",
            "--api",
            "http",
            "--stream",
            "prod",
            "--region",
            "eu-west-1",
        ])
        .args([
            "--account",
            "123456789012",
            "--url",
            "https://o2.example.com/aws/default/apigw/_kinesis_firehose",
            "--format",
        ])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("firehose-not-supported"));
}

const GUIDE: &str = "RequestId: $context.requestId, SourceIP: $context.identity.sourceIp, Method: $context.httpMethod, ResourcePath: $context.resourcePath, StatusCode: $context.status, ResponseLength: $context.responseLength, RequestTime: $context.requestTime";

#[test]
fn fix_to_json_turns_the_openobserve_guide_format_into_clean_json() {
    let format = file(GUIDE);
    let output = gwlog()
        .args(["fix", "to-json", "--format"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let fixed = String::from_utf8(output.stdout).unwrap();
    let value: Value = serde_json::from_str(&fixed).expect("the fixed format is JSON");
    assert_eq!(value["requestId"], "$context.requestId");
    let fixed_file = file(&fixed);
    gwlog()
        .args(["check", "--api", "rest"])
        .arg(fixed_file.path())
        .assert()
        .success();
}

#[test]
fn fix_newline_adds_exactly_one_line_break() {
    let format = file(r#"{"requestId":"$context.requestId"}"#);
    let output = gwlog()
        .args(["fix", "newline", "--format"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"requestId\":\"$context.requestId\"}\n"
    );
}

#[test]
fn fix_timestamp_refuses_a_text_format_with_exit_1() {
    let format = file(GUIDE);
    let output = gwlog()
        .args(["fix", "timestamp", "--format"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

#[test]
fn sampled_lines_parse_and_are_stored_by_the_simulator() {
    let format = file(
        r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status"}"#,
    );
    let output = gwlog()
        .args(["sample", "--count", "5", "--format"])
        .arg(format.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let lines = String::from_utf8(output.stdout).unwrap();
    assert_eq!(lines.lines().count(), 5);
    gwlog()
        .args(["parse", "--format"])
        .arg(format.path())
        .write_stdin(lines.clone())
        .assert()
        .success();
    gwlog()
        .args(["simulate", "--format"])
        .arg(format.path())
        .write_stdin(lines)
        .assert()
        .success();
}

#[test]
fn simulate_direct_for_an_http_api_says_firehose_is_rest_only_and_exits_1() {
    let format = file(r#"{"requestId":"$context.requestId"}"#);
    let output = gwlog()
        .args(["simulate", "--api", "http", "--via", "direct", "--format"])
        .arg(format.path())
        .write_stdin("{\"requestId\":\"GQIVriFLIAMEMsA=\"}\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("firehose-not-supported"));
}

#[test]
fn simulate_for_an_http_api_goes_through_cloudwatch_logs() {
    let format = file(r#"{"requestId":"$context.requestId","status":"$context.status"}"#);
    let output = gwlog()
        .args(["simulate", "--api", "http", "--format"])
        .arg(format.path())
        .write_stdin("{\"requestId\":\"GQIVriFLIAMEMsA=\",\"status\":\"200\"}\n")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["records"][0]["rows"][0]["columns"]["message_requestid"],
        "GQIVriFLIAMEMsA="
    );
}

#[test]
fn simulate_with_an_empty_stream_exits_1_without_output() {
    let format = file(r#"{"requestId":"$context.requestId"}"#);
    let output = gwlog()
        .args(["simulate", "--stream", "", "--format"])
        .arg(format.path())
        .write_stdin("{\"requestId\":\"x\"}\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

#[test]
fn output_into_a_closed_pipe_is_not_a_crash() {
    // `simulate` writes one large JSON document after reading everything: by then the reader
    // has gone, as with `gwlog simulate … | head -c 100`.
    let format = file(r#"{"requestId":"$context.requestId"}"#);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gwlog"))
        .args(["simulate", "--format"])
        .arg(format.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all("{\"requestId\":\"x\"}\n".repeat(1000).as_bytes())
        .unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn parse_reports_odd_values_as_warnings_and_repeated_variables_once() {
    let format = file("$context.requestId $context.status $context.requestId");
    let output = gwlog()
        .args(["parse", "--format"])
        .arg(format.path())
        .write_stdin("48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 2OO -\n")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.matches("$context.requestId").count(), 1, "{text}");
    let line: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(line["ok"], true);
    assert_eq!(line["fields"]["$context.status"], "2OO");
    assert_eq!(line["warnings"][0]["offset"], 37);
}

#[test]
fn columns_of_an_http_api_follow_the_cloudwatch_route_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let format = dir.path().join("format.json");
    std::fs::write(
        &format,
        r#"{"requestId":"$context.requestId","status":"$context.status"}"#,
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let output = Command::cargo_bin("gwlog")
            .unwrap()
            .args(["columns", "--api", "http", "--format"])
            .arg(&format)
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let default = run(&[]);
    assert!(default.contains("message_status"), "{default}");
    assert_eq!(default, run(&["--via", "cloudwatch"]));
    let direct = run(&["--via", "direct"]);
    assert!(direct.lines().any(|l| l.starts_with("status ")), "{direct}");
}
