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
