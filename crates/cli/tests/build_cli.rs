//! `gwlog build`: the format on stdout byte for byte, errors as exit 1, flags as documented.

use assert_cmd::Command;
use serde_json::Value;

fn gwlog() -> Command {
    Command::cargo_bin("gwlog").expect("binary built")
}

#[test]
fn build_prints_the_format_byte_for_byte() {
    let output = gwlog()
        .args([
            "build",
            "--api",
            "rest",
            "--vars",
            "requestId,status,identity.sourceIp",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\t\"requestId\":\"$context.requestId\",\"_timestamp\":\"$context.requestTimeEpoch\",\
         \"status\":\"$context.status\",\"sourceIp\":\"$context.identity.sourceIp\"}\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("example line"));
    assert!(stderr.contains("sourceip"));
}

#[test]
fn build_snake_keys() {
    let output = gwlog()
        .args([
            "build",
            "--api",
            "http",
            "--vars",
            "identity.sourceIp,requestTime",
        ])
        .args(["--keys", "snake"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let format = String::from_utf8(output.stdout).unwrap();
    assert!(format.starts_with("{\t\"request_id\":\"$context.requestId\","));
    assert!(format.contains("\"source_ip\":\"$context.identity.sourceIp\""));
    assert!(format.contains("\"request_time\":\"$context.requestTime\""));
}

#[test]
fn built_format_passes_gwlog_check() {
    let output = gwlog()
        .args([
            "build",
            "--api",
            "websocket",
            "--vars",
            "connectionId,eventType,status",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    gwlog()
        .args(["check", "--api", "websocket", "-"])
        .write_stdin(output.stdout)
        .assert()
        .success();
}

#[test]
fn unknown_and_unavailable_variables_exit_1_and_say_which() {
    let output = gwlog()
        .args([
            "build",
            "--api",
            "http",
            "--vars",
            "requestTim,resourcePath",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("requestTim"));
    assert!(stderr.contains("Did you mean requestTime?"));
    assert!(stderr.contains("resourcePath is not available for HTTP APIs"));
}

#[test]
fn build_json_has_format_example_and_columns() {
    let output = gwlog()
        .args(["build", "--api", "rest", "--vars", "status=code", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let built: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(built["format"]
        .as_str()
        .unwrap()
        .contains("\"code\":\"$context.status\""));
    let example: Value = serde_json::from_str(built["example_line"].as_str().unwrap()).unwrap();
    assert!(example["code"].is_string());
    assert!(built["columns"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "code"));
}

#[test]
fn build_json_problems() {
    let output = gwlog()
        .args(["build", "--vars", "nope", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(error["problems"][0]["kind"], "unknown-variable");
    assert_eq!(error["problems"][0]["variable"], "nope");
}

#[test]
fn build_needs_vars_and_a_known_key_style() {
    gwlog().args(["build", "--api", "rest"]).assert().code(2);
    gwlog()
        .args(["build", "--vars", "status", "--keys", "kebab"])
        .assert()
        .code(2);
}

#[test]
fn build_list_shows_the_api_types_variables() {
    let output = gwlog()
        .args([
            "build",
            "--api",
            "websocket",
            "--list",
            "--search",
            "connection",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("WebSocket connection"));
    assert!(text.contains("connectionId"));
    assert!(!text.contains("resourcePath"));
}
