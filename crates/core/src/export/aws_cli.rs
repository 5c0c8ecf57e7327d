//! The setup as a POSIX shell script of AWS CLI commands (v1 or v2).
//!
//! In order: check the access key variable and the caller's account, create the backup bucket (or
//! check that the one the user named exists), the error log group and stream, the IAM role, the
//! Firehose stream, then point the stage's access logs at it. Every value is single-quoted
//! ([`shell_quoted`]); JSON documents are passed inline, except the Firehose configuration.
//!
//! The script can run again: each create step first asks whether its resource exists
//! (`head-bucket`, `describe-log-groups`, `describe-log-streams`, `get-role`,
//! `describe-delivery-stream`) and skips it with a message if so; an existing Firehose stream is
//! left as it is. Only commands and options that AWS CLI v1 and v2 share are used.
//!
//! The access key is spliced into the Firehose configuration from `$OPENOBSERVE_ACCESS_KEY` at
//! run time, so the script never holds it. That configuration is written by the `printf` builtin
//! to a temporary file only the user can read (`umask 077`, `mktemp`, removed by a `trap`) and
//! handed over as `file://…`: the key is in no process's arguments, where `ps` would show it.
//!
//! The access-log settings go through `update-stage --patch-operations` in its JSON form: the
//! shorthand `op=replace,path=…,value=…` splits the value at its commas (most formats have some),
//! and JSON keeps a final newline as `\n`.

use super::{
    comment_safe, export_with, Export, Plan, SetupInputs, Target, ACCESS_KEY_ENV, ENDPOINT_NAME,
    ERROR_LOG_STREAM, ROLE_POLICY_NAME,
};
use crate::aws::iam::{firehose_role_policy, firehose_trust_policy};
use crate::aws::names::{REST_API_ID_PLACEHOLDER, STAGE_NAME_PLACEHOLDER};
use crate::escape::{json_string, shell_quoted};
use crate::openobserve::endpoint::redact_userinfo;
use serde::Serialize;
use std::fmt::Write;

/// The script for `inputs`, or only diagnostics when an input has an error.
pub fn generate(inputs: &SetupInputs) -> Export {
    export_with(Target::AwsCli, inputs, script)
}

/// Stands for the access key while the Firehose JSON is built; replaced by the shell expansion.
const KEY_MARKER: &str = "@OPENOBSERVE_ACCESS_KEY@";

fn script(plan: &Plan) -> String {
    let mut out = String::new();
    let region = shell_quoted(plan.region);
    let account = &plan.account;
    let key = ACCESS_KEY_ENV;
    let bucket_line = if plan.create_bucket {
        format!(
            "S3 bucket  {}  (records OpenObserve did not accept)",
            comment_safe(&plan.bucket)
        )
    } else {
        format!(
            "S3 bucket  {}  (existing, reused: not created here)",
            comment_safe(&plan.bucket)
        )
    };
    let _ = write!(
        out,
        r#"#!/bin/sh
# gwlog: API Gateway access logs -> Kinesis Data Firehose -> OpenObserve, with the AWS CLI
# (v1 or v2: only commands and options both have are used).
#
# In account {account}, region {region_c}, this sets up:
#   {bucket_line}
#   log group  {log_group_c}  (Firehose delivery errors)
#   IAM role   {role_c}  (lets Firehose write both)
#   Firehose   {stream_c} -> {url_c}
# and sends the access logs of the REST API stage to the stream.
#
# Safe to run again: each step first checks whether its resource exists and skips creating it.
# An existing Firehose stream is left as it is (change it with `aws firehose update-destination`,
# or delete it and run this again).
#
# The OpenObserve access key (base64 of "email:secret") is read from the environment and never
# written here; it reaches the AWS CLI through a temporary file only you can read, not as an
# argument that `ps` would show. Run:
#   export {key}='<access key>'
#   sh {file}
set -eu
# AWS CLI v2 sends output through a pager unless this is empty; v1 ignores it.
export AWS_PAGER=''

: "${{{key}:?export {key} (base64 of email:secret) first}}"
case ${key} in
  *[!A-Za-z0-9+/=]*)
    echo '{key} is not base64 (A-Z a-z 0-9 + / =): OpenObserve would answer 401.' >&2
    exit 1 ;;
esac
"#,
        region_c = comment_safe(plan.region),
        log_group_c = comment_safe(&plan.log_group),
        role_c = comment_safe(&plan.role_name),
        stream_c = comment_safe(&plan.stream),
        url_c = comment_safe(&redact_userinfo(&plan.url)),
        file = Target::AwsCli.file_name(),
    );

    let rest_api_id = plan.rest_api_id.as_deref();
    let stage_name = plan.stage_name.as_deref();
    let _ = write!(
        out,
        r#"
# The stage whose access logs go to Firehose.
REST_API_ID={}
STAGE_NAME={}
"#,
        shell_quoted(rest_api_id.unwrap_or(REST_API_ID_PLACEHOLDER)),
        shell_quoted(stage_name.unwrap_or(STAGE_NAME_PLACEHOLDER)),
    );
    if rest_api_id.is_none() || stage_name.is_none() {
        out.push_str(
            r#"case "$REST_API_ID $STAGE_NAME" in
  *'<'*)
    echo 'Set REST_API_ID and STAGE_NAME above first (or delete step 5 to wire the stage later).' >&2
    exit 1 ;;
esac
"#,
        );
    }

    let _ = write!(
        out,
        r#"
# Stop if these credentials belong to another account.
ACCOUNT=$(aws sts get-caller-identity --region {region} --query Account --output text)
if [ "$ACCOUNT" != {account_q} ]; then
  echo "These credentials are for account $ACCOUNT, not {account}." >&2
  exit 1
fi
"#,
        account_q = shell_quoted(account),
    );

    out.push_str(&bucket_step(plan, &region));

    let log_group = shell_quoted(&plan.log_group);
    let log_stream = shell_quoted(ERROR_LOG_STREAM);
    let role = shell_quoted(&plan.role_name);
    let trust = shell_quoted(&trust_policy(plan));
    let stream = shell_quoted(&plan.stream);
    let _ = write!(
        out,
        r#"
# 2. Log group and stream for Firehose's delivery errors (a 401 from OpenObserve shows up here),
#    each created unless it exists.
if [ -z "$(aws logs describe-log-groups --region {region} \
  --log-group-name-prefix {log_group} \
  --query {group_query} --output text)" ]; then
  aws logs create-log-group --region {region} \
    --log-group-name {log_group}
else
  echo {group_exists}
fi
aws logs put-retention-policy --region {region} \
  --log-group-name {log_group} \
  --retention-in-days 14
if [ -z "$(aws logs describe-log-streams --region {region} \
  --log-group-name {log_group} \
  --log-stream-name-prefix {log_stream} \
  --query {stream_query} --output text)" ]; then
  aws logs create-log-stream --region {region} \
    --log-group-name {log_group} \
    --log-stream-name {log_stream}
else
  echo {log_stream_exists}
fi

# 3. The role Firehose assumes to write the bucket and the log stream: created unless it exists
#    (then its trust policy is set again); its permissions are set either way.
TRUST_POLICY={trust}
if aws iam get-role --region {region} --role-name {role} >/dev/null 2>&1; then
  echo {role_exists}
  aws iam update-assume-role-policy --region {region} \
    --role-name {role} \
    --policy-document "$TRUST_POLICY"
else
  aws iam create-role --region {region} \
    --role-name {role} \
    --assume-role-policy-document "$TRUST_POLICY"
fi
aws iam put-role-policy --region {region} \
  --role-name {role} \
  --policy-name {policy_name} \
  --policy-document {policy}
# A new role or policy takes a few seconds to reach Firehose.
sleep 15

# 4. The Firehose stream: OpenObserve as HTTP endpoint, failed records to the bucket. An existing
#    stream is left as it is.
if aws firehose describe-delivery-stream --region {region} \
  --delivery-stream-name {stream} >/dev/null 2>&1; then
  echo {stream_exists}
else
  # The configuration holds the access key, so it is not passed as an argument (`ps` shows
  # arguments to every user): printf, a shell builtin, writes it to a file only you can read
  # (umask 077), which the AWS CLI reads through file:// and the trap removes on exit.
  umask 077
  DESTINATION=$(mktemp)
  trap 'rm -f "$DESTINATION"' EXIT
  trap 'exit 1' HUP INT TERM
  printf '%s\n' {destination} > "$DESTINATION"
  aws firehose create-delivery-stream --region {region} \
    --delivery-stream-name {stream} \
    --delivery-stream-type DirectPut \
    --http-endpoint-destination-configuration "file://$DESTINATION"
  rm -f "$DESTINATION"
fi

# 5. The stage's access logs. JSON patch operations, because the shorthand
#    op=replace,path=...,value=... would cut the format at its first comma.
aws apigateway update-stage --region {region} \
  --rest-api-id "$REST_API_ID" \
  --stage-name "$STAGE_NAME" \
  --patch-operations {patch}

echo 'Done. The stream takes a minute or two to become ACTIVE; then call the API and look in OpenObserve.'
"#,
        group_query = shell_quoted(&format!(
            "logGroups[?logGroupName=={}].logGroupName",
            jmespath_raw_string(&plan.log_group)
        )),
        group_exists = shell_quoted(&format!(
            "Log group {} exists: reused.",
            comment_safe(&plan.log_group)
        )),
        stream_query = shell_quoted(&format!(
            "logStreams[?logStreamName=={}].logStreamName",
            jmespath_raw_string(ERROR_LOG_STREAM)
        )),
        log_stream_exists = shell_quoted(&format!("Log stream {ERROR_LOG_STREAM} exists: reused.")),
        role_exists = shell_quoted(&format!(
            "IAM role {} exists: reused.",
            comment_safe(&plan.role_name)
        )),
        policy_name = shell_quoted(ROLE_POLICY_NAME),
        policy = shell_quoted(&role_policy(plan)),
        stream_exists = shell_quoted(&format!(
            "Firehose stream {} exists: left unchanged (change it with aws firehose \
             update-destination, or delete it and run this again).",
            comment_safe(&plan.stream)
        )),
        destination = destination_argument(plan),
        patch = shell_quoted(&patch_operations(plan)),
    );
    out
}

/// Step 1: create the default bucket unless it exists, or check that the user's bucket does.
fn bucket_step(plan: &Plan, region: &str) -> String {
    let bucket = shell_quoted(&plan.bucket);
    let name = comment_safe(&plan.bucket);
    if plan.create_bucket {
        format!(
            r#"
# 1. S3 bucket for records Firehose could not deliver: created unless it exists.
if aws s3api head-bucket --region {region} --bucket {bucket} >/dev/null 2>&1; then
  echo {exists}
else
  aws s3api create-bucket --region {region} \
    --bucket {bucket}{location}
fi
"#,
            exists = shell_quoted(&format!("S3 bucket {name} exists: reused.")),
            location = location_constraint(plan.region),
        )
    } else {
        format!(
            r#"
# 1. The existing S3 bucket for records Firehose could not deliver: it is reused, never created
#    here, so stop now if it is missing or out of reach of these credentials.
if ! aws s3api head-bucket --region {region} --bucket {bucket} >/dev/null; then
  echo {missing} >&2
  exit 1
fi
"#,
            missing = shell_quoted(&format!(
                "S3 bucket {name} was not found or is not accessible: create it first, or \
                 generate the setup without a bucket to have one created."
            )),
        )
    }
}

/// `text` as a JMESPath raw string literal (`'…'`, with `\` and `'` escaped).
fn jmespath_raw_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `create-bucket` needs a location constraint everywhere except us-east-1.
fn location_constraint(region: &str) -> String {
    if region == "us-east-1" {
        String::new()
    } else {
        format!(
            " \\\n    --create-bucket-configuration LocationConstraint={}",
            shell_quoted(region)
        )
    }
}

/// Firehose may assume the role, for this account only (`sts:ExternalId`).
fn trust_policy(plan: &Plan) -> String {
    firehose_trust_policy(&plan.account)
}

/// Write the backup bucket and the error log stream.
fn role_policy(plan: &Plan) -> String {
    firehose_role_policy(&plan.bucket_arn, &plan.log_stream_arn)
}

/// `HttpEndpointDestinationConfiguration`, field names as in Firehose's API.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Destination<'a> {
    endpoint_configuration: Endpoint<'a>,
    request_configuration: Request,
    buffering_hints: Buffering,
    retry_options: Retry,
    cloud_watch_logging_options: Logging<'a>,
    #[serde(rename = "RoleARN")]
    role_arn: &'a str,
    s3_backup_mode: &'static str,
    s3_configuration: S3<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Endpoint<'a> {
    url: &'a str,
    name: &'static str,
    access_key: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    content_encoding: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Buffering {
    #[serde(rename = "SizeInMBs")]
    size_in_mbs: u32,
    interval_in_seconds: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Retry {
    duration_in_seconds: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Logging<'a> {
    enabled: bool,
    log_group_name: &'a str,
    log_stream_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct S3<'a> {
    #[serde(rename = "RoleARN")]
    role_arn: &'a str,
    #[serde(rename = "BucketARN")]
    bucket_arn: &'a str,
    compression_format: &'static str,
}

/// The Firehose configuration as one shell word: single-quoted JSON, with the access key's value
/// spliced in as `'"$OPENOBSERVE_ACCESS_KEY"'` (close quote, expand, reopen). The script gives
/// this word to `printf` only, never to `aws`.
fn destination_argument(plan: &Plan) -> String {
    let destination = Destination {
        endpoint_configuration: Endpoint {
            url: &plan.url,
            name: ENDPOINT_NAME,
            access_key: KEY_MARKER,
        },
        request_configuration: Request {
            content_encoding: plan.content_encoding.api_value(),
        },
        buffering_hints: Buffering {
            size_in_mbs: plan.buffer_size_mb,
            interval_in_seconds: plan.buffer_interval_seconds,
        },
        retry_options: Retry {
            duration_in_seconds: plan.retry_duration_seconds,
        },
        cloud_watch_logging_options: Logging {
            enabled: true,
            log_group_name: &plan.log_group,
            log_stream_name: ERROR_LOG_STREAM,
        },
        role_arn: &plan.role_arn,
        s3_backup_mode: "FailedDataOnly",
        s3_configuration: S3 {
            role_arn: &plan.role_arn,
            bucket_arn: &plan.bucket_arn,
            compression_format: "GZIP",
        },
    };
    let json = serde_json::to_string_pretty(&destination).unwrap_or_default();
    // The exact key/value pair can only come from the field itself: any `"` in a user's value is
    // escaped as `\"`, so it cannot reproduce the unescaped quotes around `AccessKey`.
    let field = format!("\"AccessKey\": \"{KEY_MARKER}\"");
    let spliced = format!("\"AccessKey\": \"'\"${ACCESS_KEY_ENV}\"'\"");
    shell_quoted(&json).replacen(&field, &spliced, 1)
}

/// Both access-log settings as JSON patch operations.
fn patch_operations(plan: &Plan) -> String {
    format!(
        r#"[
  {{"op": "replace", "path": "/accessLogSettings/destinationArn", "value": {arn}}},
  {{"op": "replace", "path": "/accessLogSettings/format", "value": {format}}}
]"#,
        arn = json_string(&plan.stream_arn),
        format = json_string(&plan.format),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiType;
    use crate::export::tests::inputs;

    fn text(inputs: &SetupInputs) -> String {
        let export = generate(inputs);
        assert!(!export.has_errors(), "{:?}", export.diagnostics);
        export.text
    }

    /// The single-quoted word after `flag`, unquoted (enough for words without `'\''` runs
    /// interrupted by expansions).
    fn word_after(script: &str, flag: &str) -> String {
        let start = script.find(&format!("{flag} '")).expect(flag) + flag.len() + 1;
        let mut out = String::new();
        let mut chars = script[start..].chars().peekable();
        loop {
            match chars.next() {
                Some('\'') => {
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                        out.push(c);
                    }
                }
                Some('\\') => out.extend(chars.next()),
                _ => break,
            }
            if chars.peek() != Some(&'\'') && chars.peek() != Some(&'\\') {
                break;
            }
        }
        out
    }

    #[test]
    fn starts_as_a_strict_posix_script() {
        let script = text(&inputs());
        assert!(script.starts_with("#!/bin/sh\n"));
        assert!(script.contains("\nset -eu\n"));
    }

    #[test]
    fn patch_operations_carry_the_format_as_json() {
        let mut changed = inputs();
        changed.format = "$context.requestId, it's \"x\" \\ ${y}\n".into();
        let script = text(&changed);
        let patch: serde_json::Value =
            serde_json::from_str(&word_after(&script, "--patch-operations")).unwrap();
        assert_eq!(patch[1]["path"], "/accessLogSettings/format");
        assert_eq!(patch[1]["value"], changed.format.as_str());
        assert_eq!(
            patch[0]["value"],
            "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
        );
    }

    #[test]
    fn never_uses_the_comma_splitting_shorthand() {
        let script = text(&inputs());
        assert!(script.contains("--patch-operations '[\n"));
        assert!(!script.contains("--patch-operations op="));
    }

    #[test]
    fn access_key_comes_from_the_environment() {
        let script = text(&inputs());
        assert!(script.contains(r#""AccessKey": "'"$OPENOBSERVE_ACCESS_KEY"'""#));
        assert!(!script.contains(KEY_MARKER));
    }

    #[test]
    fn destination_names_every_setting() {
        let script = text(&inputs());
        for expected in [
            r#""Url": "https://logs.example.com/aws/acme/apigw/_kinesis_firehose""#,
            r#""ContentEncoding": "GZIP""#,
            r#""SizeInMBs": 1"#,
            r#""IntervalInSeconds": 60"#,
            r#""DurationInSeconds": 300"#,
            r#""S3BackupMode": "FailedDataOnly""#,
            r#""RoleARN": "arn:aws:iam::123456789012:role/firehose-prod-eu-west-1-role""#,
            r#""BucketARN": "arn:aws:s3:::prod-failed-eu-west-1-123456789012""#,
            "--delivery-stream-type DirectPut",
        ] {
            assert!(script.contains(expected), "{expected}");
        }
    }

    #[test]
    fn us_east_1_bucket_has_no_location_constraint() {
        let mut changed = inputs();
        changed.region = "us-east-1".into();
        assert!(!text(&changed).contains("LocationConstraint"));
        assert!(text(&inputs()).contains("LocationConstraint='eu-west-1'"));
    }

    #[test]
    fn placeholders_stop_the_script_before_anything_is_created() {
        let mut changed = inputs();
        changed.rest_api_id = None;
        let script = text(&changed);
        assert!(script.contains("REST_API_ID='<rest-api-id>'"));
        let guard = script.find("*'<'*)").unwrap();
        assert!(guard < script.find("aws s3api").unwrap());
    }

    #[test]
    fn default_bucket_is_created_unless_it_exists() {
        let script = text(&inputs());
        let check = script
            .find("if aws s3api head-bucket --region 'eu-west-1' --bucket 'prod-failed-eu-west-1-123456789012' >/dev/null 2>&1; then")
            .unwrap();
        assert!(check < script.find("aws s3api create-bucket").unwrap());
    }

    #[test]
    fn given_bucket_is_checked_and_never_created() {
        let mut changed = inputs();
        changed.backup_bucket = Some("acme-logs".into());
        let script = text(&changed);
        assert!(!script.contains("create-bucket"));
        assert!(script.contains(
            "if ! aws s3api head-bucket --region 'eu-west-1' --bucket 'acme-logs' >/dev/null; then"
        ));
        assert!(script.contains("S3 bucket  acme-logs  (existing, reused: not created here)"));
        assert!(script.contains(r#""BucketARN": "arn:aws:s3:::acme-logs""#));
    }

    #[test]
    fn every_create_step_first_checks_for_its_resource() {
        let script = text(&inputs());
        for (check, create) in [
            ("aws s3api head-bucket", "aws s3api create-bucket"),
            ("aws logs describe-log-groups", "aws logs create-log-group"),
            (
                "aws logs describe-log-streams",
                "aws logs create-log-stream",
            ),
            ("aws iam get-role", "aws iam create-role"),
            (
                "aws firehose describe-delivery-stream",
                "aws firehose create-delivery-stream",
            ),
        ] {
            let check_at = script.find(check).expect(check);
            let create_at = script.find(create).expect(create);
            assert!(check_at < create_at, "{check} before {create}");
            let between = &script[check_at..create_at];
            assert!(between.contains("; then"), "{check} guards {create}");
        }
    }

    #[test]
    fn existence_queries_match_the_exact_names() {
        let script = text(&inputs());
        assert!(script.contains(
            r"--query 'logGroups[?logGroupName=='\''/aws/kinesisfirehose/amazon-apigateway-prod'\''].logGroupName' --output text"
        ));
        assert!(script.contains(
            r"--query 'logStreams[?logStreamName=='\''DestinationDelivery'\''].logStreamName' --output text"
        ));
    }

    #[test]
    fn jmespath_raw_strings_escape_quote_and_backslash() {
        assert_eq!(jmespath_raw_string(r"a'b\c"), r"'a\'b\\c'");
    }

    #[test]
    fn access_key_goes_through_a_private_file_not_argv() {
        let script = text(&inputs());
        let umask = script.find("\n  umask 077\n").unwrap();
        let mktemp = script.find("DESTINATION=$(mktemp)").unwrap();
        let trap = script.find("trap 'rm -f \"$DESTINATION\"' EXIT").unwrap();
        let printf = script.find("printf '%s\\n' '{").unwrap();
        let key = script.find("\"'\"$OPENOBSERVE_ACCESS_KEY\"'\"").unwrap();
        let written = script.find("> \"$DESTINATION\"").unwrap();
        let create = script.find("aws firehose create-delivery-stream").unwrap();
        assert!(umask < mktemp && mktemp < trap && trap < printf);
        assert!(printf < key && key < written && written < create);
        assert!(script[printf..written].lines().all(|l| !l.contains("aws ")));
        assert!(
            script.contains("--http-endpoint-destination-configuration \"file://$DESTINATION\"\n")
        );
        // The only other mentions of the key are the builtins that check it.
        let mentions = script.matches("$OPENOBSERVE_ACCESS_KEY").count()
            + script.matches("${OPENOBSERVE_ACCESS_KEY").count();
        assert_eq!(mentions, 3, "{script}");
    }

    #[test]
    fn header_promises_v1_and_v2_and_uses_no_v2_only_option() {
        let script = text(&inputs());
        assert!(script.contains("with the AWS CLI\n# (v1 or v2"));
        assert!(!script.contains("AWS CLI v2 commands"));
        for v2_only in [
            "--cli-binary-format",
            "--no-cli-pager",
            "--cli-auto-prompt",
            "--cli-input-yaml",
            "export-credentials",
            "aws s3api wait",
        ] {
            assert!(!script.contains(v2_only), "{v2_only}");
        }
    }

    #[test]
    fn no_guard_when_ids_are_given() {
        assert!(!text(&inputs()).contains("*'<'*)"));
    }

    #[test]
    fn websocket_api_generates_nothing() {
        let mut changed = inputs();
        changed.api = ApiType::WebSocket;
        let export = generate(&changed);
        assert_eq!(export.text, "");
        assert!(export.has_errors());
    }

    #[test]
    fn policies_are_json() {
        let plan = crate::export::check(&inputs()).0.unwrap();
        let trust: serde_json::Value = serde_json::from_str(&trust_policy(&plan)).unwrap();
        assert_eq!(
            trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"],
            "123456789012"
        );
        let policy: serde_json::Value = serde_json::from_str(&role_policy(&plan)).unwrap();
        assert_eq!(
            policy["Statement"][1]["Resource"],
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/kinesisfirehose/amazon-apigateway-prod:log-stream:*"
        );
    }
}
