//! `gwlog export`: the AWS setup (AWS CLI script, CloudFormation or Terraform) for shipping a
//! REST stage's access logs through Firehose to OpenObserve. The text goes to stdout, the
//! diagnostics to stderr; exit 1 if any is an error (then nothing is printed to stdout).
//!
//! The diagnostics quote the inputs under their caret lines, but never a URL's userinfo: a
//! password given by mistake in `--url` shows as `*`s (one per byte, so the carets still line
//! up).

use super::ApiArg;
use crate::{input, report, Outcome};
use gwlog_core::export::{self, ContentEncoding, Input, SetupInputs, Target};
use std::error::Error;
use std::path::PathBuf;

/// Arguments of `gwlog export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to generate.
    #[arg(long, value_enum)]
    target: TargetArg,
    /// File holding the access-log format, byte for byte (a final newline is part of it), or `-`
    /// for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// Firehose stream name, `amazon-apigateway-…`.
    #[arg(long, value_name = "NAME")]
    stream: String,
    /// Region of the stage and the stream, e.g. eu-west-1.
    #[arg(long, value_name = "REGION")]
    region: String,
    /// 12-digit AWS account id.
    #[arg(long, value_name = "ID")]
    account: String,
    /// OpenObserve's Firehose URL: `https://<host>/aws/<org>/<stream>/_kinesis_firehose`.
    #[arg(long, value_name = "URL")]
    url: String,
    /// REST API id (a placeholder is written when absent).
    #[arg(long, value_name = "ID")]
    rest_api_id: Option<String>,
    /// Stage name (a placeholder is written when absent).
    #[arg(long = "stage", value_name = "NAME")]
    stage_name: Option<String>,
    /// An existing S3 bucket for records Firehose could not deliver: reused, never created
    /// (default: a new bucket named after the stream, region and account, created by the setup).
    #[arg(long, value_name = "NAME")]
    bucket: Option<String>,
    /// The API type of the stage (Firehose accepts REST API stages only).
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Buffer size in MiB before Firehose sends a request (1–64).
    #[arg(long, value_name = "MIB", default_value_t = export::DEFAULT_BUFFER_SIZE_MB)]
    buffer_size: u32,
    /// Seconds Firehose buffers before sending (0–900).
    #[arg(long, value_name = "SECONDS", default_value_t = export::DEFAULT_BUFFER_INTERVAL_SECONDS)]
    buffer_interval: u32,
    /// Seconds Firehose retries a failed request before writing it to the bucket (0–7200).
    #[arg(long, value_name = "SECONDS", default_value_t = export::DEFAULT_RETRY_DURATION_SECONDS)]
    retry_duration: u32,
    /// Send requests uncompressed (default: gzip, which OpenObserve decodes).
    #[arg(long)]
    no_gzip: bool,
}

/// The `--target` flag's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TargetArg {
    /// A POSIX shell script of AWS CLI commands (v1 or v2), safe to run again
    AwsCli,
    /// A CloudFormation template (YAML)
    #[value(name = "cloudformation")]
    CloudFormation,
    /// A Terraform configuration (HCL)
    Terraform,
}

impl From<TargetArg> for Target {
    fn from(arg: TargetArg) -> Self {
        match arg {
            TargetArg::AwsCli => Target::AwsCli,
            TargetArg::CloudFormation => Target::CloudFormation,
            TargetArg::Terraform => Target::Terraform,
        }
    }
}

/// Run `gwlog export`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let format = input::read_text(&args.format_file, "format")?;
    let inputs = SetupInputs {
        api: args.api.into(),
        rest_api_id: args.rest_api_id.clone(),
        stage_name: args.stage_name.clone(),
        region: args.region.clone(),
        account_id: args.account.clone(),
        stream_name: args.stream.clone(),
        endpoint_url: args.url.clone(),
        backup_bucket: args.bucket.clone(),
        buffer_size_mb: args.buffer_size,
        buffer_interval_seconds: args.buffer_interval,
        retry_duration_seconds: args.retry_duration,
        content_encoding: if args.no_gzip {
            ContentEncoding::None
        } else {
            ContentEncoding::Gzip
        },
        format,
    };
    let generated = export::generate(args.target.into(), &inputs);
    for found in &generated.diagnostics {
        let (source, text) = source_of(found.input, args, &inputs);
        eprint!("{}", report::render(&found.diagnostic, &source, &text));
    }
    print!("{}", generated.text);
    Ok(if generated.has_errors() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The name and text a diagnostic's span points into, for the caret line.
fn source_of(which: Input, args: &Args, inputs: &SetupInputs) -> (String, String) {
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    match which {
        Input::Api => ("--api".into(), inputs.api.as_str().into()),
        Input::RestApiId => ("--rest-api-id".into(), optional(&inputs.rest_api_id)),
        Input::StageName => ("--stage".into(), optional(&inputs.stage_name)),
        Input::Region => ("--region".into(), inputs.region.clone()),
        Input::Account => ("--account".into(), inputs.account_id.clone()),
        Input::Stream => ("--stream".into(), inputs.stream_name.clone()),
        Input::Url => (
            "--url".into(),
            gwlog_core::openobserve::endpoint::redact_userinfo(&inputs.endpoint_url),
        ),
        Input::Bucket => ("--bucket".into(), optional(&inputs.backup_bucket)),
        Input::BufferSize => ("--buffer-size".into(), inputs.buffer_size_mb.to_string()),
        Input::BufferInterval => (
            "--buffer-interval".into(),
            inputs.buffer_interval_seconds.to_string(),
        ),
        Input::RetryDuration => (
            "--retry-duration".into(),
            inputs.retry_duration_seconds.to_string(),
        ),
        Input::Format => (
            input::display_name(&args.format_file),
            inputs.format.clone(),
        ),
    }
}
