//! `gwlog export` from the outside: what it prints to stdout and stderr, and its exit codes. A
//! secret typed into a flag by mistake must never be echoed back.

use assert_cmd::Command;
use std::io::Write;

const URL: &str = "https://logs.example.com/aws/acme/apigw/_kinesis_firehose";
const FORMAT: &str = r#"{"requestId":"$context.requestId","status":"$context.status"}"#;

fn file(contents: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(contents.as_bytes()).expect("write");
    file
}

/// Run `gwlog export --target <target>` for the test stream with `url` and the extra flags.
fn export(target: &str, url: &str, extra: &[&str]) -> std::process::Output {
    let format = file(FORMAT);
    Command::cargo_bin("gwlog")
        .expect("binary built")
        .args(["export", "--target", target, "--stream", "prod"])
        .args(["--region", "eu-west-1", "--account", "123456789012"])
        .args(["--rest-api-id", "a1b2c3d4e5", "--stage", "prod"])
        .args(["--url", url])
        .args(extra)
        .arg("--format")
        .arg(format.path())
        .output()
        .expect("gwlog runs")
}

/// Regression: the caret report for `url-userinfo` quoted `--url` as given, password included
/// (review finding: the CLI must never echo a secret).
#[test]
fn export_never_echoes_a_password_in_the_url() {
    let url = "https://alice:S3cr3tPass@logs.example.com/aws/acme/apigw/_kinesis_firehose";
    for target in ["aws-cli", "cloudformation", "terraform"] {
        let output = export(target, url, &[]);
        assert_eq!(output.status.code(), Some(1), "{target}");
        assert!(output.stdout.is_empty(), "{target}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("error[url-userinfo]"), "{target}: {stderr}");
        assert!(!stderr.contains("S3cr3tPass"), "{target}: {stderr}");
        assert!(!stderr.contains("alice"), "{target}: {stderr}");
        // Same length, so the carets still sit under the userinfo.
        assert!(
            stderr.contains(&format!(
                "   | https://****************@logs.example.com/aws/acme/apigw/_kinesis_firehose\n   |         {}\n",
                "^".repeat(17)
            )),
            "{target}: {stderr}"
        );
    }
}

#[test]
fn export_rejects_a_slash_after_kinesis_firehose() {
    let output = export("aws-cli", &format!("{URL}/"), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("error[url-trailing-slash-after-route]"),
        "{stderr}"
    );
}

#[test]
fn export_with_a_bucket_reuses_it() {
    let output = export("terraform", URL, &["--bucket", "acme-logs"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("data \"aws_s3_bucket\" \"firehose_backup\""),
        "{text}"
    );
    assert!(!text.contains("resource \"aws_s3_bucket\""), "{text}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("info[bucket-existing]"), "{stderr}");
    assert!(stderr.contains("does not create it"), "{stderr}");
}

#[test]
fn export_without_a_bucket_creates_one_per_region() {
    let output = export("aws-cli", URL, &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("aws s3api create-bucket"), "{text}");
    assert!(
        text.contains("--bucket 'prod-failed-eu-west-1-123456789012'"),
        "{text}"
    );
    assert!(text.contains("--role-name 'firehose-prod-eu-west-1-role'"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("info[bucket-defaulted]"), "{stderr}");
}
