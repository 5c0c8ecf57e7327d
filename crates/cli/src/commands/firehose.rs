//! `gwlog firehose`: the Firehose delivery-stream name and ARN, built from parts or parsed from a
//! pasted ARN, with every naming rule checked; exit 1 on errors.

use super::ApiArg;
use crate::Outcome;
use gwlog_core::api::ApiType;
use gwlog_core::aws::arn::{check_destination, firehose_arn, ParsedArn};
use gwlog_core::aws::firehose::firehose_supported;
use gwlog_core::diagnostic::Diagnostic;
use serde::Serialize;
use std::error::Error;

/// Arguments of `gwlog firehose`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["name", "arn"])))]
pub struct Args {
    /// Delivery stream name; `amazon-apigateway-` is added when only your part is given.
    #[arg(long, requires_all = ["region", "account"])]
    name: Option<String>,
    /// AWS region, e.g. `eu-west-1`.
    #[arg(long)]
    region: Option<String>,
    /// 12-digit AWS account id.
    #[arg(long)]
    account: Option<String>,
    /// A pasted destination ARN to explain (Firehose stream or CloudWatch Logs log group).
    #[arg(long, conflicts_with_all = ["name", "region", "account"])]
    arn: Option<String>,
    /// The API type of the stage (Firehose is a destination for REST APIs only).
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Print `{"ok","stream_name","arn","diagnostics"}` as JSON.
    #[arg(long)]
    json: bool,
}

/// The `--json` output.
#[derive(Serialize)]
struct Report {
    ok: bool,
    stream_name: Option<String>,
    arn: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

/// Run `gwlog firehose`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let api: ApiType = args.api.into();
    let report = match (&args.arn, &args.name) {
        (Some(arn), _) => {
            let check = check_destination(arn, api);
            let stream_name = match &check.arn {
                Some(ParsedArn::FirehoseStream(stream)) => Some(stream.name().as_str().to_owned()),
                _ => None,
            };
            Report {
                ok: !gwlog_core::diagnostic::has_errors(&check.diagnostics),
                stream_name,
                arn: check.arn.as_ref().map(ToString::to_string),
                diagnostics: check.diagnostics,
            }
        }
        (None, Some(name)) => {
            let region = args.region.as_deref().unwrap_or_default();
            let account = args.account.as_deref().unwrap_or_default();
            let build = firehose_arn(name, region, account);
            let mut diagnostics: Vec<Diagnostic> = build
                .diagnostics
                .into_iter()
                .map(|d| d.diagnostic)
                .collect();
            diagnostics.extend(firehose_supported(api));
            let name_check = gwlog_core::aws::firehose::check_stream_name(name);
            Report {
                ok: !gwlog_core::diagnostic::has_errors(&diagnostics),
                stream_name: Some(name_check.name),
                arn: build.arn.as_ref().map(ToString::to_string),
                diagnostics,
            }
        }
        (None, None) => return Err("give --name with --region and --account, or --arn".into()),
    };
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?)?;
    } else {
        if let Some(name) = &report.stream_name {
            crate::outln!("stream name: {name}")?;
        }
        if let Some(arn) = &report.arn {
            crate::outln!("ARN: {arn}")?;
        }
        for d in &report.diagnostics {
            eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
        }
    }
    Ok(if report.ok {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
