//! The CLI is an adapter: for the same inputs it reports exactly the codes and severities core
//! reports (and the playground, which calls the same core functions, shows). One table of
//! inputs, each run through `gwlog` and through core.

use assert_cmd::Command;
use gwlog_core::api::ApiType;
use gwlog_core::aws::arn::{check_destination, firehose_arn};
use gwlog_core::diagnostic::{Diagnostic, Severity};
use gwlog_core::format;
use gwlog_core::openobserve::delivery::{preflight, Delivery, Via};
use gwlog_core::openobserve::url::{ingestion_url, Base};

const JSON_LINE: &str = r#"{"requestId":"r-1","status":"200"}"#;
const JSON_FORMAT: &str = r#"{"requestId":"$context.requestId","status":"$context.status"}"#;

/// `(code, severity)` of every `severity[code]…` line gwlog wrote (reports go to stdout for
/// `check`, to stderr beside the data for the other commands), in order.
fn cli_findings(args: &[&str], stdin: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let format = dir.path().join("format");
    std::fs::write(&format, JSON_FORMAT).expect("format file");
    let args: Vec<String> = args
        .iter()
        .map(|arg| match *arg {
            "FORMAT" => format.display().to_string(),
            other => other.to_owned(),
        })
        .collect();
    let output = Command::cargo_bin("gwlog")
        .expect("gwlog binary")
        .args(&args)
        .write_stdin(stdin)
        .output()
        .expect("gwlog runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines()
        .filter_map(|line| {
            let (severity, rest) = line.split_once('[')?;
            let (code, _) = rest.split_once(']')?;
            matches!(severity, "error" | "warning" | "info")
                .then(|| (code.to_owned(), severity.to_owned()))
        })
        .collect()
}

fn core_findings<'a>(found: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<(String, String)> {
    found
        .into_iter()
        .map(|d| (d.code.as_str().to_owned(), d.severity.as_str().to_owned()))
        .collect()
}

fn simulate_core(
    api: ApiType,
    via: Option<Via>,
    org: &str,
    stream: &str,
    log_group: &str,
) -> Vec<(String, String)> {
    let planned = Delivery::plan(api, via, "", log_group);
    let checked = preflight(api, planned.delivery.via(), org, stream);
    core_findings(
        checked
            .diagnostics
            .iter()
            .chain(&planned.account)
            .chain(&planned.log_group),
    )
}

struct Row {
    input: &'static str,
    cli: Vec<&'static str>,
    stdin: &'static str,
    core: fn() -> Vec<(String, String)>,
}

fn table() -> Vec<Row> {
    vec![
        Row {
            input: "an empty org",
            cli: vec![
                "simulate",
                "--format",
                "FORMAT",
                "--org",
                "",
                "--now-ms",
                "1755786979000",
            ],
            stdin: JSON_LINE,
            core: || simulate_core(ApiType::Rest, None, "", "default", ""),
        },
        Row {
            input: "an empty org in the ingestion URL",
            cli: vec![
                "url",
                "--base",
                "https://o2.example.com",
                "--org",
                "",
                "--stream",
                "apigw",
            ],
            stdin: "",
            core: || {
                let check = ingestion_url(
                    &Base::SelfHosted("https://o2.example.com".into()),
                    Some(""),
                    "apigw",
                );
                core_findings(check.diagnostics.iter().map(|d| &d.diagnostic))
            },
        },
        Row {
            input: "a missing stream",
            cli: vec!["simulate", "--format", "FORMAT", "--stream", ""],
            stdin: JSON_LINE,
            core: || simulate_core(ApiType::Rest, None, "default", "", ""),
        },
        Row {
            input: "a stream name with spaces",
            cli: vec![
                "url",
                "--base",
                "cloud",
                "--org",
                "o1",
                "--stream",
                "API Gateway Logs",
            ],
            stdin: "",
            core: || {
                let check = ingestion_url(&Base::Cloud, Some("o1"), "API Gateway Logs");
                core_findings(check.diagnostics.iter().map(|d| &d.diagnostic))
            },
        },
        Row {
            input: "an HTTP API simulated straight to Firehose",
            cli: vec![
                "simulate", "--api", "http", "--via", "direct", "--format", "FORMAT",
            ],
            stdin: JSON_LINE,
            core: || simulate_core(ApiType::Http, Some(Via::Direct), "default", "default", ""),
        },
        Row {
            input: "an HTTP API with an invalid log group",
            cli: vec![
                "simulate",
                "--api",
                "http",
                "--log-group",
                "bad:group",
                "--format",
                "FORMAT",
            ],
            stdin: JSON_LINE,
            core: || simulate_core(ApiType::Http, None, "default", "default", "bad:group"),
        },
        Row {
            input: "an HTTP API with a Firehose ARN",
            cli: vec![
                "firehose",
                "--api",
                "http",
                "--arn",
                "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod",
            ],
            stdin: "",
            core: || {
                let check = check_destination(
                    "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod",
                    ApiType::Http,
                );
                core_findings(&check.diagnostics)
            },
        },
        Row {
            input: "a Firehose name without its prefix",
            cli: vec![
                "firehose",
                "--name",
                "prod",
                "--region",
                "eu-west-1",
                "--account",
                "123456789012",
            ],
            stdin: "",
            core: || {
                core_findings(
                    firehose_arn("prod", "eu-west-1", "123456789012")
                        .diagnostics
                        .iter()
                        .map(|d| &d.diagnostic),
                )
            },
        },
        Row {
            input: "a misspelt variable in an HTTP API format",
            cli: vec!["check", "--api", "http", "-"],
            stdin: "$context.requestId $context.requestTim",
            core: || {
                core_findings(
                    &format::check("$context.requestId $context.requestTim", ApiType::Http)
                        .diagnostics,
                )
            },
        },
    ]
}

#[test]
fn the_cli_reports_what_core_reports_for_every_input() {
    let mut disagreements = Vec::new();
    for row in table() {
        let cli = cli_findings(&row.cli, row.stdin);
        let core = (row.core)();
        if cli != core {
            disagreements.push(format!(
                "{}:\n  gwlog: {cli:?}\n  core:  {core:?}",
                row.input
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn every_row_reports_something() {
    // A row whose inputs raise nothing would agree trivially.
    for row in table() {
        assert!(!(row.core)().is_empty(), "{} raises nothing", row.input);
    }
}

#[test]
fn an_empty_org_is_the_same_note_everywhere() {
    let expected = vec![(
        "org-defaulted".to_owned(),
        Severity::Info.as_str().to_owned(),
    )];
    assert_eq!(
        simulate_core(ApiType::Rest, None, "", "default", ""),
        expected
    );
}
