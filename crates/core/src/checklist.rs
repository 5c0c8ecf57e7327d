//! The setup checklist: the ordered steps from an API Gateway stage to rows in OpenObserve, for
//! the route the API type has, each with its console path, its AWS CLI command (filled with the
//! inputs, placeholders where one is missing), how to verify it, and the errors people hit there.
//! [`checklist`] builds it as data for a UI; [`to_markdown`] renders it.
//!
//! Who needs which IAM role differs by route, and the public tutorials get it wrong:
//!
//! - **REST API, straight to Firehose.** API Gateway writes with its service-linked role
//!   `AWSServiceRoleForAPIGateway`, which it creates itself the first time access logging to
//!   Firehose is turned on (its policy allows `firehose:PutRecord*` on
//!   `deliverystream/amazon-apigateway-*`, hence the name prefix). The account's CloudWatch role
//!   (`cloudWatchRoleArn` in the API Gateway account settings) is not involved: it is needed only
//!   for logging to CloudWatch Logs (execution logs, or access logs sent to a log group). AWS:
//!   <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-logging-to-kinesis.html>,
//!   <https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html>.
//! - **HTTP API, through CloudWatch Logs.** HTTP APIs can only log to a log group; they need no
//!   account role either: the person turning logging on needs `logs:CreateLogDelivery`,
//!   `logs:PutResourcePolicy` and the other permissions AWS lists, and API Gateway sets up the
//!   delivery itself. AWS: <https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html>.
//! - **WebSocket API (or a REST API logging to a log group).** These do use the account's
//!   CloudWatch role: without it the stage update fails with "CloudWatch Logs role ARN must be set
//!   in account settings to enable logging". AWS:
//!   <https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html>.
//! - **Both CloudWatch routes** need a subscription filter with a role of its own, which CloudWatch
//!   Logs (`logs.amazonaws.com`, limited to the account's log groups with `aws:SourceArn`) assumes
//!   to call `firehose:PutRecord` and `firehose:PutRecordBatch`. AWS:
//!   <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample>,
//!   <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions-confused-deputy.html>.
//! - **Every route**: the Firehose stream has a role of its own, which Firehose assumes to write
//!   records it could not deliver to the S3 backup bucket (and its errors to CloudWatch Logs). AWS:
//!   <https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html>.
//!
//! Names and settings are those of [`crate::export`] (role and bucket naming from
//! [`crate::aws::names`], buffering defaults, the error log stream), so the checklist and the
//! generated AWS CLI script describe the same setup.

use crate::api::ApiType;
use crate::aws::arn::AccountId;
use crate::aws::firehose::{check_stream_name, PREFIX};
use crate::aws::names::{
    default_bucket_name, role_name, REST_API_ID_PLACEHOLDER, STAGE_NAME_PLACEHOLDER,
};
use crate::aws::regions::{self, Partition};
use crate::builder::{self, KeyStyle, Pick};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::escape::{json_string, shell_quoted};
use crate::export::{
    ACCESS_KEY_ENV, DEFAULT_BUFFER_INTERVAL_SECONDS, DEFAULT_BUFFER_SIZE_MB,
    DEFAULT_RETRY_DURATION_SECONDS, ENDPOINT_NAME, ERROR_LOG_STREAM, ROLE_POLICY_NAME,
};
use crate::openobserve::delivery::Via;
use crate::openobserve::endpoint::check_endpoint_url;
use crate::openobserve::simulate::{DEFAULT_LOG_GROUP, SUBSCRIPTION_FILTER};
use crate::openobserve::url::{ingestion_url, parse_base, resolve_org, Base, CLOUD_BASE_URL};
use serde::Serialize;
use std::fmt::Write;

/// The service-linked role API Gateway creates for itself to write access logs to Firehose.
pub const SERVICE_LINKED_ROLE: &str = "AWSServiceRoleForAPIGateway";

/// The role the account's API Gateway settings name for CloudWatch logging (WebSocket APIs, and
/// REST APIs logging to a log group), when the checklist has it created.
pub const CLOUDWATCH_ROLE: &str = "gwlog-apigateway-cloudwatch-logs";

/// The AWS managed policy for that role.
pub const CLOUDWATCH_ROLE_POLICY_ARN: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

/// The inline policy of the subscription filter's role.
pub const SUBSCRIPTION_POLICY_NAME: &str = "put-records-to-firehose";

/// Access logging to Firehose (AWS).
pub const DOC_FIREHOSE: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-logging-to-kinesis.html";
/// CloudWatch logging for REST APIs, with the account role (AWS).
pub const DOC_SET_UP_LOGGING: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html";
/// Logging for HTTP APIs (AWS).
pub const DOC_HTTP_LOGGING: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html";
/// Logging for WebSocket APIs (AWS).
pub const DOC_WEBSOCKET_LOGGING: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html";
/// API Gateway's service-linked role (AWS).
pub const DOC_SERVICE_LINKED_ROLE: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/using-service-linked-roles.html";
/// Subscription filters to Firehose (AWS).
pub const DOC_SUBSCRIPTION: &str =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample";
/// `aws:SourceArn` for CloudWatch Logs subscriptions (AWS).
pub const DOC_CONFUSED_DEPUTY: &str =
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions-confused-deputy.html";
/// Firehose's own role (AWS).
pub const DOC_FIREHOSE_ACCESS: &str =
    "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html";
/// Firehose HTTP-endpoint delivery (AWS).
pub const DOC_FIREHOSE_HTTP: &str =
    "https://docs.aws.amazon.com/firehose/latest/dev/httpdeliveryrequestresponse.html";

/// Placeholders for missing inputs.
pub const REGION_PLACEHOLDER: &str = "<region>";
/// See [`REGION_PLACEHOLDER`].
pub const ACCOUNT_PLACEHOLDER: &str = "<account-id>";
/// See [`REGION_PLACEHOLDER`].
pub const FIREHOSE_PLACEHOLDER: &str = "amazon-apigateway-<name>";
/// See [`REGION_PLACEHOLDER`].
pub const API_ID_PLACEHOLDER: &str = "<api-id>";
/// See [`REGION_PLACEHOLDER`].
pub const HOST_PLACEHOLDER: &str = "https://<openobserve-host>";
/// See [`REGION_PLACEHOLDER`].
pub const STREAM_PLACEHOLDER: &str = "<stream>";

/// The variables of the default format (those the API type has).
const DEFAULT_VARIABLES: &[&str] = &[
    "extendedRequestId",
    "requestTime",
    "identity.sourceIp",
    "httpMethod",
    "resourcePath",
    "routeKey",
    "path",
    "protocol",
    "status",
    "responseLength",
    "responseLatency",
    "integrationLatency",
    "eventType",
    "connectionId",
    "error.message",
    "identity.userAgent",
];

/// What the checklist is for. Every text is optional: a missing one becomes a placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChecklistInputs {
    /// The API type of the stage.
    pub api: ApiType,
    /// The route; `None`: the API type's own ([`Via::default_for`]).
    pub via: Option<Via>,
    /// Region of the stage, log group and stream.
    pub region: Option<String>,
    /// 12-digit account id.
    pub account: Option<String>,
    /// Firehose stream name (`amazon-apigateway-…`; the part after the prefix is enough).
    pub firehose: Option<String>,
    /// OpenObserve: a base URL (`https://o2.example.com`, or `cloud`) or the full Firehose URL
    /// (`…/aws/{org}/{stream}/_kinesis_firehose`).
    pub url: Option<String>,
    /// OpenObserve org (default `default`).
    pub org: Option<String>,
    /// OpenObserve stream.
    pub stream: Option<String>,
    /// REST API id or v2 API id.
    pub api_id: Option<String>,
    /// Stage name.
    pub stage: Option<String>,
    /// The access-log format; `None`: one [`builder::build`] makes.
    pub format: Option<String>,
    /// Log group for the CloudWatch route; `None`: [`DEFAULT_LOG_GROUP`].
    pub log_group: Option<String>,
}

/// The ordered steps, for one route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// The API type.
    pub api: ApiType,
    /// `direct` or `cloudwatch`.
    pub via: &'static str,
    /// The roles involved, who creates them and what for.
    pub roles: Vec<Role>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Findings about the inputs (invalid names and the like).
    pub notes: Vec<Note>,
    /// The inputs that were missing, filled with placeholders (`region`, `account`, `firehose`,
    /// `url`, `stream`, `api-id`, `stage`).
    pub placeholders: Vec<&'static str>,
    /// The access-log format the stage step sets.
    pub format: String,
}

impl Checklist {
    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Whether an input has an error (the steps are still written, with what was typed).
    pub fn has_errors(&self) -> bool {
        self.notes.iter().any(|n| n.diagnostic.is_error())
    }
}

/// An IAM role of the setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// Its name.
    pub name: String,
    /// The service principal that assumes it.
    pub assumed_by: String,
    /// `you` or `API Gateway`.
    pub created_by: &'static str,
    /// What it is for.
    pub purpose: String,
}

/// One step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable id (`firehose-role`, `stage-access-logs`, …).
    pub id: &'static str,
    /// What to do.
    pub title: String,
    /// Why, in a sentence or two.
    pub why: String,
    /// Where in the AWS console.
    pub console: String,
    /// The AWS CLI commands (POSIX shell).
    pub cli: String,
    /// How to tell it worked.
    pub verify: String,
    /// A command that shows it, if any.
    pub verify_cli: Option<String>,
    /// What goes wrong here.
    pub errors: Vec<KnownError>,
    /// AWS documentation behind the step.
    pub sources: Vec<&'static str>,
}

/// A mistake or error message people meet at a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownError {
    /// What you see.
    pub symptom: String,
    /// What to do.
    pub fix: String,
}

/// A finding about one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// `region`, `account`, `firehose`, `url`, `org`, `stream`, `format`.
    pub input: &'static str,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// Every name the steps use.
struct Names {
    api: ApiType,
    via: Via,
    region: String,
    account: String,
    partition: Partition,
    stream: String,
    stream_arn: String,
    firehose_role: String,
    firehose_role_arn: String,
    bucket: String,
    bucket_arn: String,
    error_log_group: String,
    url: String,
    api_id: String,
    stage: String,
    format: String,
    log_group: String,
    log_group_arn: String,
    subscription_role: String,
    subscription_role_arn: String,
    cloudwatch_role_arn: String,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn note(input: &'static str, diagnostics: Vec<Diagnostic>, notes: &mut Vec<Note>) {
    notes.extend(
        diagnostics
            .into_iter()
            .map(|diagnostic| Note { input, diagnostic }),
    );
}

fn placeholder(input: &'static str, missing: &mut Vec<&'static str>) {
    missing.push(input);
}

fn resolve(
    inputs: &ChecklistInputs,
    notes: &mut Vec<Note>,
    missing: &mut Vec<&'static str>,
) -> Names {
    let api = inputs.api;
    let via = inputs.via.unwrap_or(Via::default_for(api));

    let region_ok = given(&inputs.region).and_then(|r| {
        // A code the list lacks but a partition's pattern takes may be a new region, unless it
        // is a typo of a listed one.
        let suggestion = regions::did_you_mean(r).filter(|s| s.code() != r);
        let known = regions::region(r).is_some()
            || (regions::partition_of(r).is_some() && suggestion.is_none());
        if !known {
            let hint = suggestion
                .map(|s| format!(" Did you mean {}?", s.code()))
                .unwrap_or_default();
            note(
                "region",
                vec![Diagnostic::error(
                    Code::UnknownRegion,
                    0..r.len(),
                    format!("'{r}' is not an AWS region.{hint}"),
                )],
                notes,
            );
        }
        known.then_some(r)
    });
    if given(&inputs.region).is_none() {
        placeholder("region", missing);
    }
    let region = given(&inputs.region)
        .unwrap_or(REGION_PLACEHOLDER)
        .to_owned();
    let partition = regions::partition_of(&region).unwrap_or(Partition::Aws);

    let account_ok = given(&inputs.account).and_then(|a| match AccountId::parse(a) {
        Ok(_) => Some(a),
        Err(d) => {
            note("account", vec![d], notes);
            None
        }
    });
    if given(&inputs.account).is_none() {
        placeholder("account", missing);
    }
    let account = given(&inputs.account)
        .unwrap_or(ACCOUNT_PLACEHOLDER)
        .to_owned();

    let (stream, part) = match given(&inputs.firehose) {
        Some(name) => {
            let checked = check_stream_name(name);
            let ok = !checked.diagnostics.iter().any(Diagnostic::is_error);
            note("firehose", checked.diagnostics, notes);
            let part = ok.then(|| {
                checked
                    .name
                    .strip_prefix(PREFIX)
                    .unwrap_or(&checked.name)
                    .to_owned()
            });
            (checked.name, part)
        }
        None => {
            placeholder("firehose", missing);
            (FIREHOSE_PLACEHOLDER.to_owned(), None)
        }
    };
    let stream_arn = format!("arn:{partition}:firehose:{region}:{account}:deliverystream/{stream}");
    let firehose_role = match (&part, region_ok) {
        (Some(part), Some(region)) => role_name(part, region),
        _ => "<firehose-role>".to_owned(),
    };
    let subscription_role = match (&part, region_ok) {
        (Some(part), Some(region)) => role_name(&format!("{part}-cwl"), region),
        _ => "<subscription-role>".to_owned(),
    };
    let bucket = match (&part, region_ok, account_ok) {
        (Some(part), Some(region), Some(account)) => default_bucket_name(part, region, account),
        _ => "<backup-bucket>".to_owned(),
    };
    let iam = |name: &str| format!("arn:{partition}:iam::{account}:role/{name}");

    let (org, org_findings) = resolve_org(given(&inputs.org));
    note("org", org_findings, notes);
    let url = match given(&inputs.url) {
        Some(url) if url.contains("/_kinesis_firehose") => {
            note("url", check_endpoint_url(url), notes);
            url.to_owned()
        }
        Some(base) => match given(&inputs.stream) {
            Some(stream) => {
                let checked = ingestion_url(&Base::from_arg(base), given(&inputs.org), stream);
                for finding in checked.diagnostics {
                    notes.push(Note {
                        input: "url",
                        diagnostic: finding.diagnostic,
                    });
                }
                checked.url
            }
            None => {
                placeholder("stream", missing);
                let base = match Base::from_arg(base) {
                    Base::Cloud => CLOUD_BASE_URL.to_owned(),
                    Base::SelfHosted(text) => {
                        let checked = parse_base(&text);
                        note("url", checked.diagnostics, notes);
                        checked.base.to_string()
                    }
                };
                format!("{base}/aws/{org}/{STREAM_PLACEHOLDER}/_kinesis_firehose")
            }
        },
        None => {
            placeholder("url", missing);
            let stream = given(&inputs.stream).unwrap_or(STREAM_PLACEHOLDER);
            format!("{HOST_PLACEHOLDER}/aws/{org}/{stream}/_kinesis_firehose")
        }
    };

    let api_id = given(&inputs.api_id)
        .unwrap_or(match api {
            ApiType::Rest => REST_API_ID_PLACEHOLDER,
            _ => API_ID_PLACEHOLDER,
        })
        .to_owned();
    let stage = given(&inputs.stage)
        .unwrap_or(STAGE_NAME_PLACEHOLDER)
        .to_owned();
    let format = match &inputs.format {
        Some(format) if !format.is_empty() => format.clone(),
        _ => default_format(api),
    };
    note(
        "format",
        crate::format::check(&format, api)
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect(),
        notes,
    );
    let log_group = given(&inputs.log_group)
        .unwrap_or(DEFAULT_LOG_GROUP)
        .to_owned();
    Names {
        api,
        via,
        log_group_arn: format!("arn:{partition}:logs:{region}:{account}:log-group:{log_group}"),
        firehose_role_arn: iam(&firehose_role),
        subscription_role_arn: iam(&subscription_role),
        cloudwatch_role_arn: iam(CLOUDWATCH_ROLE),
        bucket_arn: format!("arn:{partition}:s3:::{bucket}"),
        error_log_group: format!("/aws/kinesisfirehose/{stream}"),
        region,
        account,
        partition,
        stream,
        stream_arn,
        firehose_role,
        bucket,
        url,
        api_id,
        stage,
        format,
        log_group,
        subscription_role,
    }
}

/// The format the checklist sets when none is given: a [`builder`] format of common variables.
pub fn default_format(api: ApiType) -> String {
    let picks: Vec<Pick> = DEFAULT_VARIABLES
        .iter()
        .filter(|name| {
            crate::format::catalogue::lookup(name)
                .support(api)
                .is_some()
        })
        .map(|name| Pick::from(*name))
        .collect();
    builder::build(api, &picks, KeyStyle::Camel)
        .map(|built| built.format)
        .unwrap_or_else(|_| {
            "{\t\"requestId\":\"$context.requestId\",\"_timestamp\":\"$context.requestTimeEpoch\"}\n"
                .to_owned()
        })
}

/// The checklist for `inputs`.
pub fn checklist(inputs: &ChecklistInputs) -> Checklist {
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    let n = resolve(inputs, &mut notes, &mut missing);
    if given(&inputs.api_id).is_none() {
        missing.push("api-id");
    }
    if given(&inputs.stage).is_none() {
        missing.push("stage");
    }
    if n.via == Via::Direct && n.api != ApiType::Rest {
        notes.push(Note {
            input: "api",
            diagnostic: Diagnostic::error(
                Code::FirehoseNotSupported,
                Span::default(),
                format!(
                    "{}s cannot log to Firehose directly: the steps below go through CloudWatch \
                     Logs instead.",
                    n.api.label()
                ),
            ),
        });
    }
    let via = if n.api == ApiType::Rest {
        n.via
    } else {
        Via::CloudWatch
    };
    let mut steps = vec![
        bucket_step(&n),
        firehose_role_step(&n),
        firehose_step(&n, via),
    ];
    let mut roles = vec![Role {
        name: n.firehose_role.clone(),
        assumed_by: "firehose.amazonaws.com".into(),
        created_by: "you",
        purpose: "Firehose writes records it could not deliver to the S3 backup bucket, and its \
                  delivery errors to CloudWatch Logs."
            .into(),
    }];
    match via {
        Via::Direct => {
            steps.push(rest_stage_step(&n));
            roles.push(Role {
                name: SERVICE_LINKED_ROLE.into(),
                assumed_by: "ops.apigateway.amazonaws.com".into(),
                created_by: "API Gateway",
                purpose: "API Gateway puts each access-log entry into the Firehose stream \
                          (its policy, APIGatewayServiceRolePolicy, allows firehose:PutRecord and \
                          PutRecordBatch on amazon-apigateway-* streams). No account CloudWatch \
                          role (cloudWatchRoleArn) is needed."
                    .into(),
            });
        }
        Via::CloudWatch => {
            steps.push(log_group_step(&n));
            if n.api != ApiType::Http {
                steps.push(cloudwatch_role_step(&n));
                roles.push(Role {
                    name: CLOUDWATCH_ROLE.into(),
                    assumed_by: "apigateway.amazonaws.com".into(),
                    created_by: "you",
                    purpose: format!(
                        "{}s write to CloudWatch Logs with the role named in the account's API \
                         Gateway settings (cloudWatchRoleArn), one per region.",
                        n.api.label()
                    ),
                });
            }
            steps.push(v2_or_rest_log_group_stage_step(&n));
            steps.push(subscription_role_step(&n));
            steps.push(subscription_filter_step(&n));
            roles.push(Role {
                name: n.subscription_role.clone(),
                assumed_by: "logs.amazonaws.com".into(),
                created_by: "you",
                purpose: "CloudWatch Logs forwards the log group's events to the Firehose stream \
                          (firehose:PutRecord, firehose:PutRecordBatch)."
                    .into(),
            });
        }
    }
    steps.push(verify_step(&n, via));
    Checklist {
        api: n.api,
        via: via.as_str(),
        roles,
        steps,
        notes,
        placeholders: missing,
        format: n.format,
    }
}

fn q(text: &str) -> String {
    shell_quoted(text)
}

fn bucket_step(n: &Names) -> Step {
    let location = if n.region == "us-east-1" {
        String::new()
    } else {
        format!(
            " \\\n  --create-bucket-configuration LocationConstraint={}",
            q(&n.region)
        )
    };
    Step {
        id: "backup-bucket",
        title: "Create the S3 bucket for records Firehose cannot deliver".into(),
        why: "Firehose needs an S3 bucket for an HTTP endpoint: what OpenObserve does not accept \
              within the retry time lands there instead of being lost."
            .into(),
        console: "S3 › Buckets › Create bucket (same region as the stream)".into(),
        cli: format!(
            "aws s3api create-bucket --region {} \\\n  --bucket {}{location}",
            q(&n.region),
            q(&n.bucket)
        ),
        verify: "The bucket exists and these credentials can reach it.".into(),
        verify_cli: Some(format!(
            "aws s3api head-bucket --region {} --bucket {}",
            q(&n.region),
            q(&n.bucket)
        )),
        errors: vec![
            KnownError {
                symptom: "BucketAlreadyExists".into(),
                fix: "Bucket names are global across all accounts: pick another name (gwlog's \
                      default carries the region and account id)."
                    .into(),
            },
            KnownError {
                symptom: "IllegalLocationConstraintException / InvalidLocationConstraint".into(),
                fix: "In us-east-1 leave out --create-bucket-configuration; everywhere else it \
                      must name the bucket's region."
                    .into(),
            },
        ],
        sources: vec![DOC_FIREHOSE_ACCESS],
    }
}

fn firehose_trust(n: &Names) -> String {
    crate::aws::iam::firehose_trust_policy(&n.account)
}

fn firehose_policy(n: &Names) -> String {
    crate::aws::iam::firehose_role_policy(
        &n.bucket_arn,
        &format!(
            "arn:{}:logs:{}:{}:log-group:{}:log-stream:*",
            n.partition, n.region, n.account, n.error_log_group
        ),
    )
}

fn firehose_role_step(n: &Names) -> Step {
    Step {
        id: "firehose-role",
        title: "Create the IAM role Firehose assumes for the S3 backup".into(),
        why: "The Firehose stream writes failed records to the bucket and its delivery errors to \
              CloudWatch Logs with a role of its own, trusted by firehose.amazonaws.com for this \
              account only (sts:ExternalId). This is not API Gateway's role."
            .into(),
        console: "IAM › Roles › Create role › AWS service › Firehose; then add an inline policy \
                  for the bucket and the error log group (or let the Firehose console create the \
                  role in the next step)."
            .into(),
        cli: format!(
            "aws iam create-role --role-name {role} \\\n  --assume-role-policy-document {trust}\n\
             aws iam put-role-policy --role-name {role} \\\n  --policy-name {policy_name} \\\n  \
             --policy-document {policy}\n\
             aws logs create-log-group --region {region} --log-group-name {group}\n\
             aws logs create-log-stream --region {region} --log-group-name {group} \\\n  \
             --log-stream-name {log_stream}",
            role = q(&n.firehose_role),
            trust = q(&firehose_trust(n)),
            policy_name = q(ROLE_POLICY_NAME),
            policy = q(&firehose_policy(n)),
            region = q(&n.region),
            group = q(&n.error_log_group),
            log_stream = q(ERROR_LOG_STREAM),
        ),
        verify: "The role exists with the Firehose trust policy and the inline policy.".into(),
        verify_cli: Some(format!(
            "aws iam get-role --role-name {} --query Role.AssumeRolePolicyDocument\n\
             aws iam get-role-policy --role-name {} --policy-name {}",
            q(&n.firehose_role),
            q(&n.firehose_role),
            q(ROLE_POLICY_NAME)
        )),
        errors: vec![
            KnownError {
                symptom: "Firehose: \"Firehose is unable to assume role\" / access denied on the \
                          bucket"
                    .into(),
                fix: "Check the trust policy's principal (firehose.amazonaws.com) and external id \
                      (your account id), and the bucket ARN in the policy; a new role takes a few \
                      seconds to be usable."
                    .into(),
            },
            KnownError {
                symptom: "EntityAlreadyExists".into(),
                fix: "The role exists: reuse it, but run put-role-policy again so it covers this \
                      bucket."
                    .into(),
            },
        ],
        sources: vec![DOC_FIREHOSE_ACCESS],
    }
}

/// `HttpEndpointDestinationConfiguration` as `export::aws_cli` writes it, with the access key
/// spliced in from the environment.
fn destination_json(n: &Names) -> String {
    let value = serde_json::json!({
        "EndpointConfiguration": {
            "Url": n.url,
            "Name": ENDPOINT_NAME,
            "AccessKey": "@KEY@",
        },
        "RequestConfiguration": { "ContentEncoding": "GZIP" },
        "BufferingHints": {
            "SizeInMBs": DEFAULT_BUFFER_SIZE_MB,
            "IntervalInSeconds": DEFAULT_BUFFER_INTERVAL_SECONDS,
        },
        "RetryOptions": { "DurationInSeconds": DEFAULT_RETRY_DURATION_SECONDS },
        "CloudWatchLoggingOptions": {
            "Enabled": true,
            "LogGroupName": n.error_log_group,
            "LogStreamName": ERROR_LOG_STREAM,
        },
        "RoleARN": n.firehose_role_arn,
        "S3BackupMode": "FailedDataOnly",
        "S3Configuration": {
            "RoleARN": n.firehose_role_arn,
            "BucketARN": n.bucket_arn,
            "CompressionFormat": "GZIP",
        },
    });
    let json = serde_json::to_string_pretty(&value).unwrap_or_default();
    shell_quoted(&json).replacen(
        "\"AccessKey\": \"@KEY@\"",
        &format!("\"AccessKey\": \"'\"${ACCESS_KEY_ENV}\"'\""),
        1,
    )
}

fn firehose_step(n: &Names, via: Via) -> Step {
    let mut errors = vec![
        KnownError {
            symptom: "Records in the backup bucket, 401 in the error log group".into(),
            fix: "The access key is wrong: it is base64 of \"email:password\" (or the token \
                  OpenObserve shows under Data Sources › Kinesis Firehose), pasted without \
                  spaces."
                .into(),
        },
        KnownError {
            symptom: "InvalidArgumentException on the URL".into(),
            fix: "Firehose takes only https:// URLs on port 443, at most 1,000 characters.".into(),
        },
    ];
    if via == Via::Direct {
        errors.insert(
            0,
            KnownError {
                symptom: "API Gateway will not take the stream as a destination".into(),
                fix: format!(
                    "The name must start with {PREFIX}: API Gateway's service-linked role may only \
                     write to streams named so."
                ),
            },
        );
    }
    Step {
        id: "firehose-stream",
        title: "Create the Firehose stream with OpenObserve as HTTP endpoint".into(),
        why: format!(
            "Direct PUT source, HTTP endpoint destination {} with the OpenObserve access key, \
             failed records to the bucket. {}",
            n.url,
            match via {
                Via::Direct => "API Gateway puts the access-log entries into it.",
                Via::CloudWatch =>
                    "The subscription filter puts the log group's events into it (gzipped \
                     CloudWatch Logs envelopes, which OpenObserve unpacks).",
            }
        ),
        console: format!(
            "Amazon Data Firehose › Create Firehose stream › Source: Direct PUT, Destination: \
             HTTP Endpoint; name {}; HTTP endpoint URL and access key; Backup settings: failed \
             data only, to the bucket.",
            n.stream
        ),
        cli: format!(
            "export {ACCESS_KEY_ENV}='<access key>'\n\
             umask 077\n\
             printf '%s\\n' {destination} > destination.json\n\
             aws firehose create-delivery-stream --region {region} \\\n  \
             --delivery-stream-name {stream} \\\n  \
             --delivery-stream-type DirectPut \\\n  \
             --http-endpoint-destination-configuration file://destination.json\n\
             rm destination.json",
            destination = destination_json(n),
            region = q(&n.region),
            stream = q(&n.stream),
        ),
        verify: "The stream is ACTIVE (a minute or two after creating it).".into(),
        verify_cli: Some(format!(
            "aws firehose describe-delivery-stream --region {} --delivery-stream-name {} \\\n  \
             --query DeliveryStreamDescription.DeliveryStreamStatus",
            q(&n.region),
            q(&n.stream)
        )),
        errors,
        sources: vec![DOC_FIREHOSE, DOC_FIREHOSE_HTTP],
    }
}

fn rest_patch(n: &Names) -> String {
    format!(
        "[\n  {{\"op\": \"replace\", \"path\": \"/accessLogSettings/destinationArn\", \"value\": \
         {arn}}},\n  {{\"op\": \"replace\", \"path\": \"/accessLogSettings/format\", \"value\": \
         {format}}}\n]",
        arn = json_string(&n.stream_arn),
        format = json_string(&n.format),
    )
}

fn rest_stage_step(n: &Names) -> Step {
    Step {
        id: "stage-access-logs",
        title: "Turn on access logging to Firehose on the REST API stage".into(),
        why: format!(
            "Destination: the stream's ARN, {}. API Gateway creates its service-linked role \
             {SERVICE_LINKED_ROLE} itself the first time (you need iam:CreateServiceLinkedRole \
             then); the account's CloudWatch role (cloudWatchRoleArn) is not needed for Firehose.",
            n.stream_arn
        ),
        console: "API Gateway › APIs › your REST API › Stages › your stage › Logs and tracing › \
                  Edit › Custom access logging: on, Access log destination ARN: the stream's \
                  ARN, Log format: the format."
            .into(),
        cli: format!(
            "aws apigateway update-stage --region {} \\\n  --rest-api-id {} \\\n  --stage-name \
             {} \\\n  --patch-operations {}",
            q(&n.region),
            q(&n.api_id),
            q(&n.stage),
            q(&rest_patch(n))
        ),
        verify: format!(
            "The stage shows the stream as access-log destination, and the role \
             {SERVICE_LINKED_ROLE} exists."
        ),
        verify_cli: Some(format!(
            "aws apigateway get-stage --region {} --rest-api-id {} --stage-name {} \\\n  \
             --query accessLogSettings\n\
             aws iam get-role --role-name {SERVICE_LINKED_ROLE} --query Role.Arn",
            q(&n.region),
            q(&n.api_id),
            q(&n.stage)
        )),
        errors: vec![
            KnownError {
                symptom: "\"Access Log format must be single line, new line character is allowed \
                          only at end of the format\""
                    .into(),
                fix: "Keep the format on one line; pass it as JSON patch operations (as here), \
                      not the op=…,value=… shorthand, which also cuts it at commas."
                    .into(),
            },
            KnownError {
                symptom: "\"Access Log format must include either $context.requestId or \
                          $context.extendedRequestId\""
                    .into(),
                fix: "Add \"$context.requestId\" to the format.".into(),
            },
            KnownError {
                symptom: "AccessDenied creating the service-linked role".into(),
                fix: format!(
                    "The first time, the caller needs iam:CreateServiceLinkedRole for \
                     apigateway.amazonaws.com; after that {SERVICE_LINKED_ROLE} exists in the \
                     account."
                ),
            },
            KnownError {
                symptom: "\"CloudWatch Logs role ARN must be set in account settings to enable \
                          logging\""
                    .into(),
                fix: "Not caused by Firehose access logs: it comes from execution logging (or \
                      access logs to a log group) turned on in the same update. Turn that off, \
                      or set the account's CloudWatch role for it."
                    .into(),
            },
        ],
        sources: vec![DOC_FIREHOSE, DOC_SERVICE_LINKED_ROLE, DOC_SET_UP_LOGGING],
    }
}

fn log_group_step(n: &Names) -> Step {
    Step {
        id: "log-group",
        title: "Create the CloudWatch Logs log group for the access logs".into(),
        why: format!(
            "{}s write access logs only to a log group; a subscription filter forwards them to \
             Firehose.",
            if n.api == ApiType::Rest {
                "On this route REST API"
            } else {
                n.api.label()
            }
        ),
        console: "CloudWatch › Logs › Log groups › Create log group".into(),
        cli: format!(
            "aws logs create-log-group --region {region} --log-group-name {group}\n\
             aws logs put-retention-policy --region {region} --log-group-name {group} \
             --retention-in-days 14",
            region = q(&n.region),
            group = q(&n.log_group)
        ),
        verify: "The log group exists.".into(),
        verify_cli: Some(format!(
            "aws logs describe-log-groups --region {} --log-group-name-prefix {}",
            q(&n.region),
            q(&n.log_group)
        )),
        errors: vec![KnownError {
            symptom: "ResourceAlreadyExistsException".into(),
            fix: "The log group exists: reuse it.".into(),
        }],
        sources: vec![DOC_HTTP_LOGGING, DOC_WEBSOCKET_LOGGING],
    }
}

fn cloudwatch_role_step(n: &Names) -> Step {
    let trust = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "apigateway.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}"#;
    let policy_arn =
        CLOUDWATCH_ROLE_POLICY_ARN.replacen("arn:aws:", &format!("arn:{}:", n.partition), 1);
    Step {
        id: "cloudwatch-role",
        title: "Set the account's CloudWatch role in the API Gateway settings".into(),
        why: format!(
            "{}s write to CloudWatch Logs with the role named in the account settings \
             (cloudWatchRoleArn, per region). HTTP APIs and REST APIs logging to Firehose do not \
             need it.",
            n.api.label()
        ),
        console: "API Gateway › Settings › Logging › Edit › CloudWatch log role ARN".into(),
        cli: format!(
            "aws iam create-role --role-name {role} \\\n  --assume-role-policy-document {trust}\n\
             aws iam attach-role-policy --role-name {role} \\\n  --policy-arn {policy}\n\
             aws apigateway update-account --region {region} \\\n  --patch-operations \
             op=replace,path=/cloudwatchRoleArn,value={arn}",
            role = q(CLOUDWATCH_ROLE),
            trust = q(trust),
            policy = q(&policy_arn),
            region = q(&n.region),
            arn = q(&n.cloudwatch_role_arn),
        ),
        verify: "The account settings name the role.".into(),
        verify_cli: Some(format!(
            "aws apigateway get-account --region {} --query cloudwatchRoleArn",
            q(&n.region)
        )),
        errors: vec![KnownError {
            symptom: "\"CloudWatch Logs role ARN must be set in account settings to enable \
                      logging\""
                .into(),
            fix: "This step was skipped, or done in another region: the setting is per region."
                .into(),
        }],
        sources: vec![DOC_SET_UP_LOGGING, DOC_WEBSOCKET_LOGGING],
    }
}

fn v2_or_rest_log_group_stage_step(n: &Names) -> Step {
    let (cli, console, verify_cli) = if n.api == ApiType::Rest {
        let patch = format!(
            "[\n  {{\"op\": \"replace\", \"path\": \"/accessLogSettings/destinationArn\", \
             \"value\": {arn}}},\n  {{\"op\": \"replace\", \"path\": \
             \"/accessLogSettings/format\", \"value\": {format}}}\n]",
            arn = json_string(&n.log_group_arn),
            format = json_string(&n.format),
        );
        (
            format!(
                "aws apigateway update-stage --region {} \\\n  --rest-api-id {} \\\n  \
                 --stage-name {} \\\n  --patch-operations {}",
                q(&n.region),
                q(&n.api_id),
                q(&n.stage),
                q(&patch)
            ),
            "API Gateway › APIs › your REST API › Stages › your stage › Logs and tracing › Edit \
             › Custom access logging: the log group's ARN",
            format!(
                "aws apigateway get-stage --region {} --rest-api-id {} --stage-name {} \
                 --query accessLogSettings",
                q(&n.region),
                q(&n.api_id),
                q(&n.stage)
            ),
        )
    } else {
        let settings = format!(
            "{{\"DestinationArn\": {}, \"Format\": {}}}",
            json_string(&n.log_group_arn),
            json_string(&n.format)
        );
        (
            format!(
                "aws apigatewayv2 update-stage --region {} \\\n  --api-id {} \\\n  --stage-name \
                 {} \\\n  --access-log-settings {}",
                q(&n.region),
                q(&n.api_id),
                q(&n.stage),
                q(&settings)
            ),
            if n.api == ApiType::Http {
                "API Gateway › APIs › your HTTP API › Monitor › Logging › select the stage › \
                 Edit › Access logging: on, log destination: the log group's ARN, log format"
            } else {
                "API Gateway › APIs › your WebSocket API › Stages › your stage › Logs and tracing \
                 › Edit › Access logging: the log group's ARN, log format"
            },
            format!(
                "aws apigatewayv2 get-stage --region {} --api-id {} --stage-name {} \
                 --query AccessLogSettings",
                q(&n.region),
                q(&n.api_id),
                q(&n.stage)
            ),
        )
    };
    let mut errors = vec![
        KnownError {
            symptom: "BadRequestException on the destination ARN".into(),
            fix: "Give the log group's ARN without the :* that CloudFormation's GetAtt, CDK and \
                  Terraform add."
                .into(),
        },
        KnownError {
            symptom: "\"The following context variables are not supported: [...]\"".into(),
            fix: "A variable of the format does not exist for this API type: remove it (run \
                  gwlog check)."
                .into(),
        },
    ];
    let why = match n.api {
        ApiType::Http => {
            errors.push(KnownError {
                symptom: "AccessDenied on logs:CreateLogDelivery or logs:PutResourcePolicy".into(),
                fix: "The person turning logging on needs the CloudWatch Logs permissions AWS \
                      lists for HTTP API logging (logs:CreateLogDelivery, logs:PutResourcePolicy, \
                      logs:UpdateLogDelivery, logs:GetLogDelivery, logs:ListLogDeliveries, \
                      logs:DescribeResourcePolicies, …): HTTP APIs need no account CloudWatch \
                      role."
                    .into(),
            });
            "HTTP APIs need no account CloudWatch role: API Gateway sets up the delivery to the \
             log group, with the permissions of the person turning logging on."
                .to_owned()
        }
        _ => {
            errors.push(KnownError {
                symptom: "\"CloudWatch Logs role ARN must be set in account settings to enable \
                          logging\""
                    .into(),
                fix: "Do the account CloudWatch role step first, in this region.".into(),
            });
            "API Gateway writes to the log group with the account's CloudWatch role.".to_owned()
        }
    };
    Step {
        id: "stage-access-logs",
        title: "Send the stage's access logs to the log group".into(),
        why: format!(
            "{why} The format is passed as JSON, which keeps its commas and final newline."
        ),
        console: console.into(),
        cli,
        verify: "The stage names the log group; after a request, a log stream with entries \
                 appears in it."
            .into(),
        verify_cli: Some(verify_cli),
        errors,
        sources: vec![match n.api {
            ApiType::Http => DOC_HTTP_LOGGING,
            ApiType::WebSocket => DOC_WEBSOCKET_LOGGING,
            ApiType::Rest => DOC_SET_UP_LOGGING,
        }],
    }
}

fn subscription_trust(n: &Names) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Principal": {{ "Service": "logs.amazonaws.com" }},
      "Action": "sts:AssumeRole",
      "Condition": {{ "StringLike": {{ "aws:SourceArn": {source} }} }}
    }}
  ]
}}"#,
        source = json_string(&format!(
            "arn:{}:logs:{}:{}:*",
            n.partition, n.region, n.account
        ))
    )
}

fn subscription_policy(n: &Names) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Action": ["firehose:PutRecord", "firehose:PutRecordBatch"],
      "Resource": {stream}
    }}
  ]
}}"#,
        stream = json_string(&n.stream_arn)
    )
}

fn subscription_role_step(n: &Names) -> Step {
    Step {
        id: "subscription-role",
        title: "Create the IAM role CloudWatch Logs assumes to write to Firehose".into(),
        why: "The subscription filter puts the log events into the stream with a role of its \
              own: trusted by logs.amazonaws.com for this account's log groups (aws:SourceArn), \
              allowed firehose:PutRecord and firehose:PutRecordBatch on the stream."
            .into(),
        console: "IAM › Roles › Create role › Custom trust policy (the one below) › add an inline \
                  policy for the stream"
            .into(),
        cli: format!(
            "aws iam create-role --role-name {role} \\\n  --assume-role-policy-document {trust}\n\
             aws iam put-role-policy --role-name {role} \\\n  --policy-name {policy_name} \\\n  \
             --policy-document {policy}",
            role = q(&n.subscription_role),
            trust = q(&subscription_trust(n)),
            policy_name = q(SUBSCRIPTION_POLICY_NAME),
            policy = q(&subscription_policy(n)),
        ),
        verify: "The role exists with the CloudWatch Logs trust policy.".into(),
        verify_cli: Some(format!(
            "aws iam get-role --role-name {} --query Role.AssumeRolePolicyDocument",
            q(&n.subscription_role)
        )),
        errors: vec![KnownError {
            symptom: "The next step fails with \"Could not deliver test message to specified \
                      Firehose stream\""
                .into(),
            fix: "The trust policy's principal or aws:SourceArn (region, account) is wrong, the \
                  policy names another stream, or the role is seconds old: fix and retry."
                .into(),
        }],
        sources: vec![DOC_SUBSCRIPTION, DOC_CONFUSED_DEPUTY],
    }
}

fn subscription_filter_step(n: &Names) -> Step {
    Step {
        id: "subscription-filter",
        title: "Subscribe the log group to the Firehose stream".into(),
        why: "An empty filter pattern forwards every access-log entry.".into(),
        console: "CloudWatch › Logs › Log groups › the log group › Subscription filters › Create \
                  Amazon Data Firehose subscription filter"
            .into(),
        cli: format!(
            "aws logs put-subscription-filter --region {} \\\n  --log-group-name {} \\\n  \
             --filter-name {} \\\n  --filter-pattern '' \\\n  --destination-arn {} \\\n  \
             --role-arn {}",
            q(&n.region),
            q(&n.log_group),
            q(SUBSCRIPTION_FILTER),
            q(&n.stream_arn),
            q(&n.subscription_role_arn)
        ),
        verify: "The log group lists the filter with the stream as destination.".into(),
        verify_cli: Some(format!(
            "aws logs describe-subscription-filters --region {} --log-group-name {}",
            q(&n.region),
            q(&n.log_group)
        )),
        errors: vec![
            KnownError {
                symptom: "\"Could not deliver test message to specified Firehose stream\"".into(),
                fix: "Wait until the stream is ACTIVE, and check the role of the previous step."
                    .into(),
            },
            KnownError {
                symptom: "AccessDenied on iam:PassRole".into(),
                fix: "Creating the filter needs iam:PassRole on the subscription role.".into(),
            },
            KnownError {
                symptom: "LimitExceededException".into(),
                fix: "A log group has at most two subscription filters: remove one.".into(),
            },
        ],
        sources: vec![DOC_SUBSCRIPTION],
    }
}

fn verify_step(n: &Names, via: Via) -> Step {
    let host = format!("{}.execute-api.{}.amazonaws.com", n.api_id, n.region);
    // An HTTP API's `$default` stage is served at the root.
    let path = if n.stage == "$default" {
        String::new()
    } else {
        format!("/{}", n.stage)
    };
    let invoke = match n.api {
        ApiType::Rest | ApiType::Http => {
            format!("curl -s {}", q(&format!("https://{host}{path}/")))
        }
        ApiType::WebSocket => format!("wscat -c {}", q(&format!("wss://{host}{path}"))),
    };
    let mut errors = vec![
        KnownError {
            symptom: "Nothing in OpenObserve, records in the backup bucket".into(),
            fix: "Read the Firehose error log group: 401 is the access key, 400 a record that is \
                  not JSON (run gwlog check and gwlog simulate on the format)."
                .into(),
        },
        KnownError {
            symptom: "Firehose delivers (200) but no rows appear".into(),
            fix: "OpenObserve dropped them: a _timestamp more than 5 hours old or in the future, \
                  or a record taken for protobuf (gwlog fix probe-safe). Look in the stream \
                  under its stored name: OpenObserve lowercases it and turns - into _."
                .into(),
        },
    ];
    if via == Via::CloudWatch {
        errors.push(KnownError {
            symptom: "Entries in the log group, nothing in Firehose".into(),
            fix: "The subscription filter is missing or its role cannot write to the stream: \
                  see the subscription steps."
                .into(),
        });
    }
    Step {
        id: "verify",
        title: "Call the API and find the row in OpenObserve".into(),
        why: format!(
            "Firehose buffers up to {DEFAULT_BUFFER_INTERVAL_SECONDS} seconds ({DEFAULT_BUFFER_SIZE_MB} \
             MiB) before it posts to {}.",
            n.url
        ),
        console: "OpenObserve › Logs › the stream; AWS: CloudWatch › Log groups › the Firehose \
                  error log group"
            .into(),
        cli: invoke,
        verify: "A row with the request's id shows up in OpenObserve within a minute or two; the \
                 Firehose error log group stays empty."
            .into(),
        verify_cli: Some(format!(
            "# AWS CLI v2\naws logs tail --region {} {} --since 15m",
            q(&n.region),
            q(&n.error_log_group)
        )),
        errors,
        sources: vec![DOC_FIREHOSE_HTTP],
    }
}

/// The checklist as Markdown: the roles table, then each step with its console path, commands,
/// verification, errors and sources.
pub fn to_markdown(checklist: &Checklist) -> String {
    let mut out = String::new();
    let route = match checklist.via {
        "direct" => "API Gateway → Firehose → OpenObserve",
        _ => "API Gateway → CloudWatch Logs → subscription filter → Firehose → OpenObserve",
    };
    let _ = writeln!(
        out,
        "# Setup checklist: {} access logs to OpenObserve\n\nRoute: {route}.\n",
        checklist.api.label()
    );
    if !checklist.notes.is_empty() || !checklist.placeholders.is_empty() {
        out.push_str("## Inputs\n\n");
        if !checklist.placeholders.is_empty() {
            let _ = writeln!(
                out,
                "- Not given, so a `<placeholder>` in the commands: {}.",
                checklist.placeholders.join(", ")
            );
        }
        for n in &checklist.notes {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                n.diagnostic.severity, n.input, n.diagnostic.message
            );
        }
        out.push('\n');
    }
    out.push_str(
        "## IAM roles\n\n| Role | Assumed by | Created by | What for |\n|---|---|---|---|\n",
    );
    for role in &checklist.roles {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} |",
            role.name,
            role.assumed_by,
            role.created_by,
            role.purpose.replace('|', "\\|")
        );
    }
    out.push('\n');
    for (index, step) in checklist.steps.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n\n{}\n", index + 1, step.title, step.why);
        let _ = writeln!(out, "**Console:** {}\n", step.console);
        let _ = writeln!(out, "**AWS CLI:**\n\n```sh\n{}\n```\n", step.cli);
        let _ = writeln!(out, "**Verify:** {}\n", step.verify);
        if let Some(command) = &step.verify_cli {
            let _ = writeln!(out, "```sh\n{command}\n```\n");
        }
        if !step.errors.is_empty() {
            out.push_str("**Common errors:**\n\n");
            for error in &step.errors {
                let _ = writeln!(out, "- {}: {}", error.symptom, error.fix);
            }
            out.push('\n');
        }
        let sources: Vec<String> = step.sources.iter().map(|s| format!("<{s}>")).collect();
        let _ = writeln!(out, "**Sources:** {}\n", sources.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(api: ApiType) -> ChecklistInputs {
        ChecklistInputs {
            api,
            region: Some("eu-west-1".into()),
            account: Some("123456789012".into()),
            firehose: Some("amazon-apigateway-prod".into()),
            url: Some("https://logs.example.com".into()),
            org: Some("acme".into()),
            stream: Some("apigw".into()),
            ..ChecklistInputs::default()
        }
    }

    fn all_text(list: &Checklist) -> String {
        to_markdown(list)
    }

    fn ids(list: &Checklist) -> Vec<&'static str> {
        list.steps.iter().map(|s| s.id).collect()
    }

    #[test]
    fn rest_route_is_direct_and_never_sets_the_cloudwatch_role() {
        let list = checklist(&full(ApiType::Rest));
        assert_eq!(list.via, "direct");
        assert_eq!(
            ids(&list),
            [
                "backup-bucket",
                "firehose-role",
                "firehose-stream",
                "stage-access-logs",
                "verify"
            ]
        );
        for step in &list.steps {
            assert!(!step.cli.contains("cloudwatchRoleArn"), "{}", step.id);
            assert!(!step.cli.contains("update-account"), "{}", step.id);
            assert!(!step.cli.contains("put-subscription-filter"), "{}", step.id);
        }
        let stage = list.step("stage-access-logs").unwrap();
        assert!(stage.why.contains(SERVICE_LINKED_ROLE));
        assert!(stage.why.contains("not needed"));
        assert!(stage.cli.contains("aws apigateway update-stage"));
        assert!(stage.cli.contains(
            "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
        ));
        let slr = list
            .roles
            .iter()
            .find(|r| r.name == SERVICE_LINKED_ROLE)
            .unwrap();
        assert_eq!(slr.created_by, "API Gateway");
        assert_eq!(slr.assumed_by, "ops.apigateway.amazonaws.com");
        assert!(list.roles.iter().all(|r| r.name != CLOUDWATCH_ROLE));
    }

    #[test]
    fn every_route_has_the_firehose_role_for_the_s3_backup() {
        for api in ApiType::ALL {
            let list = checklist(&full(api));
            let role = list.step("firehose-role").unwrap();
            assert!(role.cli.contains("firehose-prod-eu-west-1-role"), "{api}");
            assert!(role.cli.contains("firehose.amazonaws.com"));
            assert!(role.cli.contains("s3:PutObject"));
            assert!(role
                .cli
                .contains("arn:aws:s3:::prod-failed-eu-west-1-123456789012"));
            let stream = list.step("firehose-stream").unwrap();
            assert!(stream.cli.contains("\"S3BackupMode\": \"FailedDataOnly\""));
            assert!(stream
                .cli
                .contains("https://logs.example.com/aws/acme/apigw/_kinesis_firehose"));
            assert!(stream.cli.contains("'\"$OPENOBSERVE_ACCESS_KEY\"'"));
            assert!(stream.cli.contains("aws firehose create-delivery-stream"));
            assert!(list
                .roles
                .iter()
                .any(|r| r.assumed_by == "firehose.amazonaws.com"));
        }
    }

    #[test]
    fn http_route_has_the_subscription_role_and_no_account_role() {
        let list = checklist(&full(ApiType::Http));
        assert_eq!(list.via, "cloudwatch");
        assert_eq!(
            ids(&list),
            [
                "backup-bucket",
                "firehose-role",
                "firehose-stream",
                "log-group",
                "stage-access-logs",
                "subscription-role",
                "subscription-filter",
                "verify"
            ]
        );
        let role = list.step("subscription-role").unwrap();
        assert!(role.cli.contains("logs.amazonaws.com"));
        assert!(role.cli.contains("firehose:PutRecord"));
        assert!(role.cli.contains("firehose:PutRecordBatch"));
        assert!(role.cli.contains("arn:aws:logs:eu-west-1:123456789012:*"));
        let filter = list.step("subscription-filter").unwrap();
        assert!(filter.cli.contains("aws logs put-subscription-filter"));
        assert!(filter.cli.contains(
            "--role-arn 'arn:aws:iam::123456789012:role/firehose-prod-cwl-eu-west-1-role'"
        ));
        let stage = list.step("stage-access-logs").unwrap();
        assert!(stage.cli.contains("aws apigatewayv2 update-stage"));
        assert!(
            stage.cli.contains(
                "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/access-logs\\\""
            ) || stage
                .cli
                .contains("log-group:/aws/apigateway/access-logs\"")
        );
        assert!(stage.why.contains("no account CloudWatch role"));
        for step in &list.steps {
            assert!(!step.cli.contains("cloudwatchRoleArn"), "{}", step.id);
        }
        assert!(list
            .roles
            .iter()
            .any(|r| r.assumed_by == "logs.amazonaws.com"));
        assert!(list.roles.iter().all(|r| r.name != SERVICE_LINKED_ROLE));
    }

    #[test]
    fn websocket_route_sets_the_account_role() {
        let list = checklist(&full(ApiType::WebSocket));
        let role = list.step("cloudwatch-role").unwrap();
        assert!(role.cli.contains("update-account"));
        assert!(role.cli.contains("path=/cloudwatchRoleArn"));
        assert!(role.cli.contains("AmazonAPIGatewayPushToCloudWatchLogs"));
        assert!(list.step("subscription-role").is_some());
        let position = |id| ids(&list).iter().position(|s| *s == id).unwrap();
        assert!(position("cloudwatch-role") < position("stage-access-logs"));
    }

    #[test]
    fn rest_through_cloudwatch_needs_the_account_role() {
        let mut inputs = full(ApiType::Rest);
        inputs.via = Some(Via::CloudWatch);
        let list = checklist(&inputs);
        assert!(list.step("cloudwatch-role").is_some());
        assert!(list.step("subscription-filter").is_some());
        assert!(list
            .step("stage-access-logs")
            .unwrap()
            .cli
            .contains("aws apigateway update-stage"));
    }

    #[test]
    fn missing_inputs_become_placeholders() {
        let list = checklist(&ChecklistInputs::default());
        let text = all_text(&list);
        assert!(text.contains("'<region>'"));
        assert!(text.contains("<account-id>"));
        assert!(text.contains(FIREHOSE_PLACEHOLDER));
        assert!(text.contains("https://<openobserve-host>/aws/default/<stream>/_kinesis_firehose"));
        assert!(list.placeholders.contains(&"region"));
        assert!(text.contains("a `<placeholder>` in the commands: region, account"));
        assert!(!list.has_errors());
    }

    #[test]
    fn invalid_inputs_are_noted() {
        let mut inputs = full(ApiType::Rest);
        inputs.region = Some("eu-wset-1".into());
        inputs.account = Some("1234".into());
        let list = checklist(&inputs);
        assert!(list.has_errors());
        assert!(list
            .notes
            .iter()
            .any(|n| n.input == "region" && n.diagnostic.message.contains("eu-west-1")));
        assert!(list.notes.iter().any(|n| n.input == "account"));
    }

    #[test]
    fn patch_operations_and_access_log_settings_carry_the_format_as_json() {
        let mut inputs = full(ApiType::Rest);
        inputs.format = Some("{\t\"requestId\":\"$context.requestId\", \"a\":\"b\"}\n".into());
        let mut notes = Vec::new();
        let mut missing = Vec::new();
        let names = resolve(&inputs, &mut notes, &mut missing);
        let patch: serde_json::Value = serde_json::from_str(&rest_patch(&names)).unwrap();
        assert_eq!(patch[0]["path"], "/accessLogSettings/destinationArn");
        assert_eq!(
            patch[0]["value"],
            "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
        );
        assert_eq!(patch[1]["value"], inputs.format.as_deref().unwrap());
        let http = checklist(&ChecklistInputs {
            stage: Some("$default".into()),
            ..full(ApiType::Http)
        });
        assert!(http
            .step("verify")
            .unwrap()
            .cli
            .contains("'https://<api-id>.execute-api.eu-west-1.amazonaws.com/'"));
        assert!(http
            .step("stage-access-logs")
            .unwrap()
            .cli
            .contains("--stage-name '$default'"));
    }

    #[test]
    fn stream_name_gets_its_prefix() {
        let mut inputs = full(ApiType::Rest);
        inputs.firehose = Some("prod".into());
        let list = checklist(&inputs);
        assert!(list
            .step("firehose-stream")
            .unwrap()
            .cli
            .contains("--delivery-stream-name 'amazon-apigateway-prod'"));
    }

    #[test]
    fn full_firehose_url_is_used_as_is() {
        let mut inputs = full(ApiType::Rest);
        inputs.url = Some("https://o2.example.com/aws/x/y/_kinesis_firehose".into());
        let list = checklist(&inputs);
        assert!(list
            .step("firehose-stream")
            .unwrap()
            .cli
            .contains("\"Url\": \"https://o2.example.com/aws/x/y/_kinesis_firehose\""));
    }

    #[test]
    fn default_format_is_a_built_one_and_clean() {
        for api in ApiType::ALL {
            let format = default_format(api);
            assert!(format.starts_with("{\t\"requestId\""), "{api}");
            assert!(!crate::format::check(&format, api).has_errors());
            let list = checklist(&full(api));
            assert_eq!(list.format, format);
            // The stage step carries it JSON-escaped.
            let stage = list.step("stage-access-logs").unwrap();
            assert!(stage.cli.contains("\\t\\\"requestId\\\"") || stage.cli.contains("\\t"));
        }
    }

    #[test]
    fn markdown_has_every_section_per_step() {
        for api in ApiType::ALL {
            let list = checklist(&full(api));
            let text = to_markdown(&list);
            assert!(text.starts_with("# Setup checklist: "));
            assert!(text.contains("## IAM roles\n\n| Role | Assumed by | Created by | What for |"));
            for (index, step) in list.steps.iter().enumerate() {
                assert!(text.contains(&format!("## {}. {}", index + 1, step.title)));
            }
            let count = |needle: &str| text.matches(needle).count();
            assert_eq!(count("**Console:**"), list.steps.len());
            assert_eq!(count("**AWS CLI:**"), list.steps.len());
            assert_eq!(count("**Verify:**"), list.steps.len());
            assert_eq!(
                count("**Sources:** <https://docs.aws.amazon.com/"),
                list.steps.len()
            );
            assert_eq!(count("```sh\n") * 2, count("```"));
        }
    }
}
