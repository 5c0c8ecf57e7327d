//! `gwlog checklist`: Markdown on stdout, one section per step, IAM facts per route.

use assert_cmd::Command;
use serde_json::Value;

fn gwlog() -> Command {
    Command::cargo_bin("gwlog").expect("binary built")
}

fn markdown(args: &[&str]) -> String {
    let output = gwlog().arg("checklist").args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{:?}", output);
    String::from_utf8(output.stdout).unwrap()
}

const INPUTS: &[&str] = &[
    "--region",
    "eu-west-1",
    "--account",
    "123456789012",
    "--firehose",
    "amazon-apigateway-prod",
    "--url",
    "https://o2.example.com",
    "--org",
    "acme",
    "--stream",
    "apigw",
];

#[test]
fn rest_checklist_goes_direct_without_the_cloudwatch_role() {
    let mut args = vec!["--api", "rest"];
    args.extend(INPUTS);
    let text = markdown(&args);
    assert!(text.starts_with("# Setup checklist: REST API access logs to OpenObserve"));
    assert!(text.contains("AWSServiceRoleForAPIGateway"));
    assert!(text.contains("aws firehose create-delivery-stream"));
    assert!(text.contains("aws apigateway update-stage"));
    assert!(text.contains("/accessLogSettings/destinationArn"));
    assert!(text
        .contains("arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"));
    assert!(text.contains("https://o2.example.com/aws/acme/apigw/_kinesis_firehose"));
    assert!(!text.contains("update-account"));
    assert!(!text.contains("path=/cloudwatchRoleArn"));
    assert!(!text.contains("put-subscription-filter"));
    // The Firehose role for the S3 backup.
    assert!(text.contains("firehose-prod-eu-west-1-role"));
    assert!(text.contains("\"FailedDataOnly\""));
}

#[test]
fn http_checklist_has_the_subscription_role() {
    let mut args = vec!["--api", "http"];
    args.extend(INPUTS);
    let text = markdown(&args);
    assert!(text.contains("aws apigatewayv2 update-stage"));
    assert!(text.contains("aws logs put-subscription-filter"));
    assert!(text.contains("\"Service\": \"logs.amazonaws.com\""));
    assert!(text.contains("\"firehose:PutRecord\", \"firehose:PutRecordBatch\""));
    assert!(!text.contains("path=/cloudwatchRoleArn"));
    assert!(!text.contains("AWSServiceRoleForAPIGateway"));
}

#[test]
fn websocket_checklist_sets_the_account_role() {
    let text = markdown(&["--api", "websocket"]);
    assert!(text.contains("aws apigateway update-account"));
    assert!(text.contains("path=/cloudwatchRoleArn"));
    assert!(text.contains("aws logs put-subscription-filter"));
}

#[test]
fn every_step_has_console_cli_verify_and_sources() {
    for api in ["rest", "http", "websocket"] {
        let text = markdown(&["--api", api]);
        let steps = text
            .lines()
            .filter(|l| l.starts_with("## ") && l.as_bytes()[3].is_ascii_digit())
            .count();
        assert!(steps >= 5, "{api}");
        for section in [
            "**Console:**",
            "**AWS CLI:**",
            "**Verify:**",
            "**Sources:**",
        ] {
            assert_eq!(text.matches(section).count(), steps, "{api} {section}");
        }
        assert!(text.contains("## IAM roles"));
    }
}

#[test]
fn missing_inputs_are_placeholders() {
    let text = markdown(&[]);
    assert!(text.contains("'<region>'"));
    assert!(text.contains("<account-id>"));
    assert!(text.contains("https://<openobserve-host>/aws/default/<stream>/_kinesis_firehose"));
}

#[test]
fn invalid_input_exits_1_but_still_prints() {
    let output = gwlog()
        .args(["checklist", "--account", "12-34"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .starts_with("# Setup checklist"));
    assert!(!output.stderr.is_empty());
}

#[test]
fn checklist_json() {
    let output = gwlog()
        .args(["checklist", "--api", "http", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list["via"], "cloudwatch");
    assert!(list["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "subscription-role"));
}
