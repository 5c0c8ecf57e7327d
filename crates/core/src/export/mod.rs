//! Ready-to-paste AWS setup: CLI commands, CloudFormation and Terraform.
//!
//! One [`SetupInputs`] describes the whole pipeline: a REST API stage whose access logs go to a
//! Kinesis Data Firehose stream (`amazon-apigateway-…`), which delivers them to OpenObserve's
//! Firehose endpoint, with an S3 bucket for what OpenObserve does not accept and a CloudWatch
//! Logs stream for Firehose's delivery errors. [`generate`] turns it into one of three
//! [`Target`]s, each with the same names, values and access-log format:
//!
//! - [`aws_cli`]: a POSIX shell script of `aws` commands (AWS CLI v1 or v2), safe to run again;
//! - [`cloudformation`]: a YAML template;
//! - [`terraform`]: an HCL configuration for the AWS provider (5.0 or newer).
//!
//! The access key is never an input: the output always refers to it indirectly, through the
//! `OPENOBSERVE_ACCESS_KEY` environment variable (CLI, which hands it to `aws` in a private
//! temporary file, never as an argument), a `NoEcho` parameter (CloudFormation) or a `sensitive`
//! variable (Terraform). The format goes through [`crate::escape`], so it arrives at API Gateway byte for
//! byte, final newline included.
//!
//! Names: the Firehose stream and its log group are per region, but IAM role names and S3 bucket
//! names are global (per account, or worldwide), so the role and the default bucket carry the
//! region too ([`role_name`], [`default_bucket_name`]): the same stream name in two regions gives
//! two independent setups. A bucket the user names is an existing one, reused and never created.
//!
//! Every input is checked first, with the crate's own checkers (stream name, region, account,
//! URL, format). When any error remains, or the API is not a REST API (Firehose is an access-log
//! destination for REST APIs only), the generated text is empty: the diagnostics say why, and
//! nothing that would fail half-way is ever handed out.
//!
//! ```
//! use gwlog_core::export::{generate, SetupInputs, Target};
//!
//! let inputs = SetupInputs {
//!     region: "eu-west-1".into(),
//!     account_id: "123456789012".into(),
//!     stream_name: "amazon-apigateway-prod".into(),
//!     endpoint_url: "https://logs.example.com/aws/default/apigw/_kinesis_firehose".into(),
//!     rest_api_id: Some("a1b2c3d4e5".into()),
//!     stage_name: Some("prod".into()),
//!     format: "$context.requestId $context.status\n".into(),
//!     ..SetupInputs::default()
//! };
//! let export = generate(Target::Terraform, &inputs);
//! assert!(!export.has_errors());
//! assert!(export.text.contains(r#"format          = "$context.requestId $context.status\n""#));
//! ```

pub mod aws_cli;
pub mod cloudformation;
pub mod terraform;

use crate::api::ApiType;
use crate::aws::arn::{firehose_arn, ArnField};
use crate::aws::firehose::{firehose_supported, PREFIX};
use crate::aws::names::{
    check_bucket_name, check_rest_api_id, check_stage_name, default_bucket_name, role_name,
};
use crate::aws::regions::Partition;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::format;
use crate::openobserve::endpoint::check_endpoint_url;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Default HTTP-endpoint buffer size: 1 MiB, the smallest, so logs reach OpenObserve quickly and
/// each request stays small (Firehose's own default is 5).
pub const DEFAULT_BUFFER_SIZE_MB: u32 = 1;
/// Default HTTP-endpoint buffer interval: 60 seconds, so logs show up within a minute (Firehose's
/// own default is 300).
pub const DEFAULT_BUFFER_INTERVAL_SECONDS: u32 = 60;
/// Default retry duration: 300 seconds, Firehose's own default.
pub const DEFAULT_RETRY_DURATION_SECONDS: u32 = 300;

/// HTTP-endpoint buffer size limits, in MiB.
pub const BUFFER_SIZE_MB: std::ops::RangeInclusive<u32> = 1..=64;
/// HTTP-endpoint buffer interval limits, in seconds (0 = no buffering).
pub const BUFFER_INTERVAL_SECONDS: std::ops::RangeInclusive<u32> = 0..=900;
/// Retry duration limits, in seconds (0 = no retries).
pub const RETRY_DURATION_SECONDS: std::ops::RangeInclusive<u32> = 0..=7200;

/// The environment variable the AWS CLI script reads the access key from.
pub const ACCESS_KEY_ENV: &str = "OPENOBSERVE_ACCESS_KEY";

/// The endpoint name Firehose shows (`EndpointConfiguration.Name`).
pub const ENDPOINT_NAME: &str = "OpenObserve";

/// The CloudWatch Logs stream Firehose writes HTTP-endpoint delivery errors to (the console's
/// name for it).
pub const ERROR_LOG_STREAM: &str = "DestinationDelivery";

/// The inline IAM policy that lets Firehose write the backup bucket and its error log.
pub const ROLE_POLICY_NAME: &str = "s3-backup-and-error-logs";

/// Everything the generated setup needs. The access key is deliberately absent.
///
/// `Default` gives empty names with the recommended numbers (1 MiB, 60 s, 300 s retries, gzip) for
/// a REST API: fill in the rest with struct update syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupInputs {
    /// The API type of the stage. Only [`ApiType::Rest`] can log to Firehose.
    pub api: ApiType,
    /// The REST API id (`a1b2c3d4e5`); `None` or blank puts a placeholder in the output.
    pub rest_api_id: Option<String>,
    /// The stage name; `None` or blank puts a placeholder in the output.
    pub stage_name: Option<String>,
    /// The region of the stage and the stream (`eu-west-1`).
    pub region: String,
    /// The 12-digit account id.
    pub account_id: String,
    /// The Firehose stream name, `amazon-apigateway-…` (only the part after the prefix is also
    /// accepted, with a warning).
    pub stream_name: String,
    /// OpenObserve's Firehose URL, `https://…/aws/{org}/{stream}/_kinesis_firehose` (see
    /// [`crate::openobserve::url::ingestion_url`]).
    pub endpoint_url: String,
    /// The S3 bucket for records Firehose could not deliver; `None` or blank derives one from the
    /// stream and account ([`default_bucket_name`]).
    pub backup_bucket: Option<String>,
    /// HTTP-endpoint buffer size in MiB, 1–64.
    pub buffer_size_mb: u32,
    /// HTTP-endpoint buffer interval in seconds, 0–900.
    pub buffer_interval_seconds: u32,
    /// How long Firehose retries a failed request, in seconds, 0–7200.
    pub retry_duration_seconds: u32,
    /// Whether Firehose gzips each request.
    pub content_encoding: ContentEncoding,
    /// The access-log format, byte for byte (a final newline is part of it).
    pub format: String,
}

impl Default for SetupInputs {
    fn default() -> Self {
        SetupInputs {
            api: ApiType::Rest,
            rest_api_id: None,
            stage_name: None,
            region: String::new(),
            account_id: String::new(),
            stream_name: String::new(),
            endpoint_url: String::new(),
            backup_bucket: None,
            buffer_size_mb: DEFAULT_BUFFER_SIZE_MB,
            buffer_interval_seconds: DEFAULT_BUFFER_INTERVAL_SECONDS,
            retry_duration_seconds: DEFAULT_RETRY_DURATION_SECONDS,
            content_encoding: ContentEncoding::default(),
            format: String::new(),
        }
    }
}

/// The `Content-Encoding` Firehose uses for its requests to OpenObserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentEncoding {
    /// `GZIP`: OpenObserve's middleware decodes `Content-Encoding: gzip` before the Firehose
    /// handler, and access logs (repetitive JSON or text, base64-wrapped) shrink several-fold.
    #[default]
    Gzip,
    /// `NONE`: plain JSON bodies, easier to inspect in a proxy.
    None,
}

impl ContentEncoding {
    /// The value Firehose's API takes (`GZIP`, `NONE`).
    pub fn api_value(self) -> &'static str {
        match self {
            ContentEncoding::Gzip => "GZIP",
            ContentEncoding::None => "NONE",
        }
    }
}

/// What [`generate`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// A POSIX shell script of AWS CLI commands (v1 or v2), safe to run again.
    AwsCli,
    /// A CloudFormation template in YAML.
    #[serde(rename = "cloudformation")]
    CloudFormation,
    /// A Terraform configuration (HCL).
    Terraform,
}

impl Target {
    /// All targets, in the order the UI lists them.
    pub const ALL: [Target; 3] = [Target::AwsCli, Target::CloudFormation, Target::Terraform];

    /// The identifier used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::AwsCli => "aws-cli",
            Target::CloudFormation => "cloudformation",
            Target::Terraform => "terraform",
        }
    }

    /// The name a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Target::AwsCli => "AWS CLI",
            Target::CloudFormation => "CloudFormation",
            Target::Terraform => "Terraform",
        }
    }

    /// A file name to save the text under.
    pub fn file_name(self) -> &'static str {
        match self {
            Target::AwsCli => "gwlog-setup.sh",
            Target::CloudFormation => "gwlog-firehose.yaml",
            Target::Terraform => "gwlog-firehose.tf",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given was not one of `aws-cli`, `cloudformation` or `terraform`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget(pub String);

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown export target `{}`: expected aws-cli, cloudformation or terraform",
            self.0
        )
    }
}

impl std::error::Error for UnknownTarget {}

impl FromStr for Target {
    type Err = UnknownTarget;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "aws-cli" | "cli" | "sh" => Ok(Target::AwsCli),
            "cloudformation" | "cfn" => Ok(Target::CloudFormation),
            "terraform" | "tf" => Ok(Target::Terraform),
            _ => Err(UnknownTarget(s.to_owned())),
        }
    }
}

/// Which input a diagnostic is about; its span points into that input's text (numbers and the
/// API type have empty spans).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Input {
    /// [`SetupInputs::api`].
    Api,
    /// [`SetupInputs::rest_api_id`].
    RestApiId,
    /// [`SetupInputs::stage_name`].
    StageName,
    /// [`SetupInputs::region`].
    Region,
    /// [`SetupInputs::account_id`].
    Account,
    /// [`SetupInputs::stream_name`].
    Stream,
    /// [`SetupInputs::endpoint_url`].
    Url,
    /// [`SetupInputs::backup_bucket`].
    Bucket,
    /// [`SetupInputs::buffer_size_mb`].
    BufferSize,
    /// [`SetupInputs::buffer_interval_seconds`].
    BufferInterval,
    /// [`SetupInputs::retry_duration_seconds`].
    RetryDuration,
    /// [`SetupInputs::format`].
    Format,
}

/// A diagnostic about one input of [`SetupInputs`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputDiagnostic {
    /// The input the span points into.
    pub input: Input,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// A generated setup: the text, or nothing when an input has an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    /// What was generated.
    pub target: Target,
    /// The text to paste or save; empty when [`Export::has_errors`].
    pub text: String,
    /// Findings about the inputs, each tagged with its input.
    pub diagnostics: Vec<InputDiagnostic>,
}

impl Export {
    /// Whether an input has an error (then `text` is empty).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.diagnostic.is_error())
    }
}

/// Generate `target` from `inputs`.
pub fn generate(target: Target, inputs: &SetupInputs) -> Export {
    match target {
        Target::AwsCli => aws_cli::generate(inputs),
        Target::CloudFormation => cloudformation::generate(inputs),
        Target::Terraform => terraform::generate(inputs),
    }
}

/// Check every input; the resolved names when nothing is an error.
pub fn check(inputs: &SetupInputs) -> (Option<Plan>, Vec<InputDiagnostic>) {
    let mut found = Vec::new();
    let mut tag = |input: Input, diagnostics: Vec<Diagnostic>| {
        found.extend(
            diagnostics
                .into_iter()
                .map(|diagnostic| InputDiagnostic { input, diagnostic }),
        );
    };

    tag(
        Input::Api,
        firehose_supported(inputs.api).into_iter().collect(),
    );

    let built = firehose_arn(&inputs.stream_name, &inputs.region, &inputs.account_id);
    for d in built.diagnostics {
        let input = match d.field {
            ArnField::Name => Input::Stream,
            ArnField::Region => Input::Region,
            ArnField::Account => Input::Account,
        };
        tag(input, vec![d.diagnostic]);
    }

    let rest_api_id = given(&inputs.rest_api_id);
    let stage_name = given(&inputs.stage_name);
    match rest_api_id {
        Some(id) => tag(Input::RestApiId, check_rest_api_id(id)),
        None => tag(
            Input::RestApiId,
            vec![placeholder_note(Code::RestApiIdPlaceholder, "REST API id")],
        ),
    }
    match stage_name {
        Some(stage) => tag(Input::StageName, check_stage_name(stage)),
        None => tag(
            Input::StageName,
            vec![placeholder_note(Code::StageNamePlaceholder, "stage name")],
        ),
    }

    tag(Input::Url, check_endpoint_url(&inputs.endpoint_url));

    let (bucket, create_bucket) = match (given(&inputs.backup_bucket), &built.arn) {
        (Some(bucket), _) => {
            let mut found = check_bucket_name(bucket);
            if found.is_empty() {
                found.push(Diagnostic::info(
                    Code::BucketExisting,
                    0..bucket.len(),
                    format!(
                        "The setup reuses the existing bucket '{bucket}' and does not create it: \
                         it must exist already (the AWS CLI script checks it first; Terraform \
                         reads it with a data source). Leave the bucket empty to have one created."
                    ),
                ));
            }
            tag(Input::Bucket, found);
            (bucket.to_owned(), false)
        }
        (None, Some(arn)) => {
            let name = default_bucket_name(
                arn.name().user_part(),
                arn.region().code(),
                arn.account().as_str(),
            );
            tag(
                Input::Bucket,
                vec![Diagnostic::info(
                    Code::BucketDefaulted,
                    Span::at(0),
                    format!(
                        "No backup bucket given: the setup creates '{name}' (bucket names are \
                         global, so it carries the region and the account id). Give the name of \
                         an existing bucket to reuse it instead: it is then not created."
                    ),
                )],
            );
            (name, true)
        }
        (None, None) => (String::new(), false),
    };

    tag(
        Input::BufferSize,
        check_range(
            Code::BufferSizeOutOfRange,
            "The buffer size",
            inputs.buffer_size_mb,
            BUFFER_SIZE_MB,
            "MiB",
        ),
    );
    tag(
        Input::BufferInterval,
        check_range(
            Code::BufferIntervalOutOfRange,
            "The buffer interval",
            inputs.buffer_interval_seconds,
            BUFFER_INTERVAL_SECONDS,
            "seconds",
        ),
    );
    tag(
        Input::RetryDuration,
        check_range(
            Code::RetryDurationOutOfRange,
            "The retry duration",
            inputs.retry_duration_seconds,
            RETRY_DURATION_SECONDS,
            "seconds",
        ),
    );
    if inputs.retry_duration_seconds == 0 {
        tag(
            Input::RetryDuration,
            vec![Diagnostic::warning(
                Code::NoRetries,
                Span::default(),
                "A retry duration of 0 means no retries: a request OpenObserve cannot take at that \
                 moment (restart, 5xx, network) goes straight to the backup bucket.",
            )],
        );
    }

    tag(
        Input::Format,
        format::check(&inputs.format, inputs.api).diagnostics,
    );

    let errors = found.iter().any(|d| d.diagnostic.is_error());
    let plan = match built.arn {
        Some(arn) if !errors => {
            let partition = arn.partition();
            let region = arn.region().code();
            let account = arn.account().as_str().to_owned();
            let stream = arn.name().as_str().to_owned();
            let user_part = arn.name().user_part().to_owned();
            let role_name = role_name(&user_part, region);
            let log_group = format!("/aws/kinesisfirehose/{stream}");
            Some(Plan {
                stream_arn: arn.to_string(),
                role_arn: format!("arn:{partition}:iam::{account}:role/{role_name}"),
                bucket_arn: format!("arn:{partition}:s3:::{bucket}"),
                log_stream_arn: format!(
                    "arn:{partition}:logs:{region}:{account}:log-group:{log_group}:log-stream:*"
                ),
                partition,
                region,
                account,
                stream,
                role_name,
                bucket,
                create_bucket,
                log_group,
                rest_api_id: rest_api_id.map(str::to_owned),
                stage_name: stage_name.map(str::to_owned),
                url: inputs.endpoint_url.trim().to_owned(),
                buffer_size_mb: inputs.buffer_size_mb,
                buffer_interval_seconds: inputs.buffer_interval_seconds,
                retry_duration_seconds: inputs.retry_duration_seconds,
                content_encoding: inputs.content_encoding,
                format: inputs.format.clone(),
            })
        }
        _ => None,
    };
    (plan, found)
}

/// The checked inputs and every name derived from them: what the generators write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The partition of the region.
    pub partition: Partition,
    /// The region code.
    pub region: &'static str,
    /// The account id.
    pub account: String,
    /// The Firehose stream name (`amazon-apigateway-…`).
    pub stream: String,
    /// The stream's ARN, the stage's `destinationArn`.
    pub stream_arn: String,
    /// The IAM role Firehose assumes: `firehose-<name after the prefix>-<region>-role` (see
    /// [`role_name`]).
    pub role_name: String,
    /// The role's ARN.
    pub role_arn: String,
    /// The backup bucket.
    pub bucket: String,
    /// Whether the setup creates [`Plan::bucket`] (the default name) or reuses it (a bucket the
    /// user gave, which must exist already).
    pub create_bucket: bool,
    /// The backup bucket's ARN.
    pub bucket_arn: String,
    /// The log group for Firehose's errors: `/aws/kinesisfirehose/<stream>`.
    pub log_group: String,
    /// The ARN pattern of the log group's streams, for `logs:PutLogEvents`.
    pub log_stream_arn: String,
    /// The REST API id, or `None` for a placeholder.
    pub rest_api_id: Option<String>,
    /// The stage name, or `None` for a placeholder.
    pub stage_name: Option<String>,
    /// OpenObserve's Firehose URL, trimmed.
    pub url: String,
    /// Buffer size, MiB.
    pub buffer_size_mb: u32,
    /// Buffer interval, seconds.
    pub buffer_interval_seconds: u32,
    /// Retry duration, seconds.
    pub retry_duration_seconds: u32,
    /// Request encoding.
    pub content_encoding: ContentEncoding,
    /// The access-log format, byte for byte.
    pub format: String,
}

impl Plan {
    /// The text after `amazon-apigateway-`.
    pub fn user_part(&self) -> &str {
        self.stream.strip_prefix(PREFIX).unwrap_or(&self.stream)
    }
}

/// The text of an optional input, `None` when absent or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

fn placeholder_note(code: Code, what: &str) -> Diagnostic {
    Diagnostic::info(
        code,
        Span::at(0),
        format!(
            "No {what} given: the output has a placeholder to fill in before the stage's access \
             logs can be set."
        ),
    )
}

/// An error when `value` is outside `range`.
fn check_range(
    code: Code,
    what: &str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    unit: &str,
) -> Vec<Diagnostic> {
    if range.contains(&value) {
        return Vec::new();
    }
    vec![Diagnostic::error(
        code,
        Span::default(),
        format!(
            "{what} must be between {} and {} {unit} for an HTTP endpoint; {value} is not.",
            range.start(),
            range.end()
        ),
    )]
}

/// Text safe inside a one-line comment of any target: control characters become `?`. (Inputs
/// that reach comments are checked names; this is a second line of defence.)
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Generation shared by the targets: check, then write with `write` or return the findings.
fn export_with(
    target: Target,
    inputs: &SetupInputs,
    write: impl FnOnce(&Plan) -> String,
) -> Export {
    let (plan, diagnostics) = check(inputs);
    Export {
        target,
        text: plan.as_ref().map(write).unwrap_or_default(),
        diagnostics,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A complete, valid set of inputs.
    pub(crate) fn inputs() -> SetupInputs {
        SetupInputs {
            region: "eu-west-1".into(),
            account_id: "123456789012".into(),
            stream_name: "amazon-apigateway-prod".into(),
            endpoint_url: "https://logs.example.com/aws/acme/apigw/_kinesis_firehose".into(),
            rest_api_id: Some("a1b2c3d4e5".into()),
            stage_name: Some("prod".into()),
            format: "$context.requestId \"$context.status\"\n".into(),
            ..SetupInputs::default()
        }
    }

    fn codes(inputs: &SetupInputs) -> Vec<(Input, &'static str)> {
        check(inputs)
            .1
            .into_iter()
            .map(|d| (d.input, d.diagnostic.code.as_str()))
            .collect()
    }

    fn with(change: impl FnOnce(&mut SetupInputs)) -> SetupInputs {
        let mut changed = inputs();
        change(&mut changed);
        changed
    }

    #[test]
    fn valid_inputs_resolve_every_name() {
        let (plan, diagnostics) = check(&inputs());
        let plan = plan.unwrap();
        assert_eq!(
            diagnostics
                .iter()
                .map(|d| d.diagnostic.code.as_str())
                .collect::<Vec<_>>(),
            ["bucket-defaulted"]
        );
        assert_eq!(
            plan.stream_arn,
            "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
        );
        assert_eq!(plan.role_name, "firehose-prod-eu-west-1-role");
        assert_eq!(
            plan.role_arn,
            "arn:aws:iam::123456789012:role/firehose-prod-eu-west-1-role"
        );
        assert_eq!(plan.bucket, "prod-failed-eu-west-1-123456789012");
        assert!(plan.create_bucket);
        assert_eq!(
            plan.bucket_arn,
            "arn:aws:s3:::prod-failed-eu-west-1-123456789012"
        );
        assert_eq!(
            plan.log_group,
            "/aws/kinesisfirehose/amazon-apigateway-prod"
        );
        assert_eq!(plan.user_part(), "prod");
    }

    #[test]
    fn china_region_uses_its_partition_everywhere() {
        let plan = check(&with(|i| i.region = "cn-north-1".into())).0.unwrap();
        assert!(plan
            .stream_arn
            .starts_with("arn:aws-cn:firehose:cn-north-1:"));
        assert!(plan.role_arn.starts_with("arn:aws-cn:iam::"));
        assert!(plan.bucket_arn.starts_with("arn:aws-cn:s3:::"));
    }

    #[test]
    fn http_api_is_an_error_and_gives_no_plan() {
        let (plan, diagnostics) = check(&with(|i| i.api = ApiType::Http));
        assert!(plan.is_none());
        assert_eq!(diagnostics[0].input, Input::Api);
        assert_eq!(diagnostics[0].diagnostic.code, "firehose-not-supported");
    }

    #[test]
    fn stream_without_prefix_is_fixed_with_a_warning() {
        let (plan, diagnostics) = check(&with(|i| i.stream_name = "prod".into()));
        assert_eq!(plan.unwrap().stream, "amazon-apigateway-prod");
        assert_eq!(
            (
                diagnostics[0].input,
                diagnostics[0].diagnostic.code.as_str()
            ),
            (Input::Stream, "stream-name-missing-prefix")
        );
    }

    #[test]
    fn region_and_account_faults_are_tagged() {
        let found = codes(&with(|i| {
            i.region = "eu-wset-1".into();
            i.account_id = "1234".into();
        }));
        assert!(found.contains(&(Input::Region, "unknown-region")));
        assert!(found.contains(&(Input::Account, "account-id-length")));
    }

    #[test]
    fn missing_ids_are_placeholders_not_errors() {
        let changed = with(|i| {
            i.rest_api_id = None;
            i.stage_name = Some("  ".into());
        });
        let (plan, _) = check(&changed);
        let plan = plan.unwrap();
        assert_eq!((plan.rest_api_id, plan.stage_name), (None, None));
        let found = codes(&changed);
        assert!(found.contains(&(Input::RestApiId, "rest-api-id-placeholder")));
        assert!(found.contains(&(Input::StageName, "stage-name-placeholder")));
    }

    #[test]
    fn rest_api_id_with_a_space_is_an_error() {
        assert!(codes(&with(|i| i.rest_api_id = Some("my api".into())))
            .contains(&(Input::RestApiId, "rest-api-id-invalid-character")));
    }

    #[test]
    fn stage_name_with_a_slash_is_an_error() {
        assert!(codes(&with(|i| i.stage_name = Some("v1/prod".into())))
            .contains(&(Input::StageName, "stage-name-invalid-character")));
    }

    #[test]
    fn http_url_is_an_error() {
        let found = codes(&with(|i| {
            i.endpoint_url = "http://logs.example.com/aws/acme/apigw/_kinesis_firehose".into()
        }));
        assert!(found.contains(&(Input::Url, "url-not-https")));
    }

    #[test]
    fn url_without_scheme_is_an_error() {
        let found = codes(&with(|i| {
            i.endpoint_url = "logs.example.com/aws/acme/apigw/_kinesis_firehose".into()
        }));
        assert!(found.contains(&(Input::Url, "url-not-https")));
    }

    #[test]
    fn base_url_alone_is_a_route_warning() {
        let found = codes(&with(|i| {
            i.endpoint_url = "https://logs.example.com".into()
        }));
        assert_eq!(found.last(), Some(&(Input::Bucket, "bucket-defaulted")));
        assert!(found.contains(&(Input::Url, "url-not-firehose-route")));
    }

    #[test]
    fn url_port_other_than_443_is_an_error() {
        let found = codes(&with(|i| {
            i.endpoint_url = "https://logs.example.com:5080/aws/acme/apigw/_kinesis_firehose".into()
        }));
        assert!(found.contains(&(Input::Url, "url-port-not-443")));
    }

    #[test]
    fn empty_url_is_an_error() {
        assert!(
            codes(&with(|i| i.endpoint_url = String::new())).contains(&(Input::Url, "url-empty"))
        );
    }

    #[test]
    fn bucket_rules_are_checked() {
        for (bucket, code) in [
            ("My_Bucket", "bucket-name-invalid-character"),
            ("ab", "bucket-name-length"),
            ("-bucket", "bucket-name-edge"),
            ("a..b", "bucket-name-adjacent-dots"),
            ("192.168.1.1", "bucket-name-ip-address"),
            ("xn--bucket", "bucket-name-reserved"),
            ("bucket-s3alias", "bucket-name-reserved"),
        ] {
            let found = codes(&with(|i| i.backup_bucket = Some(bucket.into())));
            assert!(
                found.contains(&(Input::Bucket, code)),
                "{bucket}: {found:?}"
            );
        }
    }

    #[test]
    fn given_bucket_is_used_as_is() {
        let plan = check(&with(|i| i.backup_bucket = Some("my-logs".into())))
            .0
            .unwrap();
        assert_eq!(plan.bucket_arn, "arn:aws:s3:::my-logs");
    }

    #[test]
    fn given_bucket_is_reused_not_created() {
        let changed = with(|i| i.backup_bucket = Some("my-logs".into()));
        let (plan, diagnostics) = check(&changed);
        assert!(!plan.unwrap().create_bucket);
        let note = diagnostics
            .iter()
            .find(|d| d.input == Input::Bucket)
            .unwrap();
        assert_eq!(note.diagnostic.code, "bucket-existing");
        assert!(note.diagnostic.message.contains("does not create it"));
    }

    #[test]
    fn default_bucket_note_says_it_is_created() {
        let (_, diagnostics) = check(&inputs());
        let note = &diagnostics.last().unwrap().diagnostic;
        assert_eq!(note.code, "bucket-defaulted");
        assert!(note
            .message
            .contains("the setup creates 'prod-failed-eu-west-1-"));
        assert!(note.message.contains("it is then not created"));
    }

    #[test]
    fn invalid_given_bucket_has_no_reuse_note() {
        assert!(
            !codes(&with(|i| i.backup_bucket = Some("My_Bucket".into())))
                .contains(&(Input::Bucket, "bucket-existing"))
        );
    }

    #[test]
    fn same_stream_in_two_regions_gets_its_own_role_and_bucket() {
        let ireland = check(&inputs()).0.unwrap();
        let virginia = check(&with(|i| i.region = "us-east-1".into())).0.unwrap();
        assert_eq!(ireland.stream, virginia.stream);
        assert_ne!(ireland.role_name, virginia.role_name);
        assert_ne!(ireland.bucket, virginia.bucket);
        assert_eq!(virginia.role_name, "firehose-prod-us-east-1-role");
        assert_eq!(virginia.bucket, "prod-failed-us-east-1-123456789012");
    }

    #[test]
    fn url_ending_in_a_slash_after_the_route_is_an_error() {
        let url = "https://logs.example.com/aws/acme/apigw/_kinesis_firehose/";
        let (plan, diagnostics) = check(&with(|i| i.endpoint_url = url.into()));
        assert!(plan.is_none());
        let error = diagnostics
            .iter()
            .find(|d| d.diagnostic.code == "url-trailing-slash-after-route")
            .unwrap();
        assert_eq!(error.input, Input::Url);
        assert!(error.diagnostic.is_error());
        assert_eq!(&url[error.diagnostic.span.range()], "/");
        assert!(!diagnostics
            .iter()
            .any(|d| d.diagnostic.code == "url-not-firehose-route"));
    }

    #[test]
    fn url_with_slashes_and_spaces_after_the_route_points_at_the_slashes() {
        let url = " https://logs.example.com/aws/acme/apigw/_kinesis_firehose// ";
        let found = check_endpoint_url(url);
        let error = found
            .iter()
            .find(|d| d.code == "url-trailing-slash-after-route")
            .unwrap();
        assert_eq!(&url[error.span.range()], "//");
    }

    #[test]
    fn url_with_userinfo_generates_nothing_and_never_echoes_it() {
        let url = "https://alice:S3cr3tPass@logs.example.com/aws/acme/apigw/_kinesis_firehose";
        for target in Target::ALL {
            let export = generate(target, &with(|i| i.endpoint_url = url.into()));
            assert!(export.has_errors());
            assert_eq!(export.text, "");
            let json = serde_json::to_string(&export).unwrap();
            assert!(!json.contains("S3cr3tPass"), "{json}");
        }
    }

    #[test]
    fn numbers_out_of_range_are_errors() {
        let found = codes(&with(|i| {
            i.buffer_size_mb = 65;
            i.buffer_interval_seconds = 901;
            i.retry_duration_seconds = 7201;
        }));
        assert!(found.contains(&(Input::BufferSize, "buffer-size-out-of-range")));
        assert!(found.contains(&(Input::BufferInterval, "buffer-interval-out-of-range")));
        assert!(found.contains(&(Input::RetryDuration, "retry-duration-out-of-range")));
        assert!(codes(&with(|i| i.buffer_size_mb = 0))
            .contains(&(Input::BufferSize, "buffer-size-out-of-range")));
    }

    #[test]
    fn limits_themselves_are_accepted() {
        let (plan, _) = check(&with(|i| {
            i.buffer_size_mb = 64;
            i.buffer_interval_seconds = 0;
            i.retry_duration_seconds = 7200;
        }));
        assert!(plan.is_some());
    }

    #[test]
    fn zero_retry_is_a_warning() {
        assert!(codes(&with(|i| i.retry_duration_seconds = 0))
            .contains(&(Input::RetryDuration, "no-retries")));
    }

    #[test]
    fn format_errors_block_the_plan() {
        let (plan, diagnostics) = check(&with(|i| i.format = "$context.status".into()));
        assert!(plan.is_none());
        assert!(diagnostics
            .iter()
            .any(|d| d.input == Input::Format && d.diagnostic.code == "missing-request-id"));
    }

    #[test]
    fn targets_parse_from_their_names() {
        for target in Target::ALL {
            assert_eq!(target.as_str().parse(), Ok(target));
        }
        assert!("pulumi".parse::<Target>().is_err());
    }

    #[test]
    fn export_serialises_with_input_tags() {
        let export = generate(Target::AwsCli, &with(|i| i.account_id = "1".into()));
        let json = serde_json::to_value(&export).unwrap();
        assert_eq!(json["target"], "aws-cli");
        assert_eq!(json["text"], "");
        assert_eq!(json["diagnostics"][0]["input"], "account");
        assert_eq!(json["diagnostics"][0]["code"], "account-id-length");
    }
}
