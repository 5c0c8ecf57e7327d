//! `gwlog checklist`: the ordered setup steps from the API Gateway stage to OpenObserve, as
//! Markdown: console path, AWS CLI command (with the inputs given, placeholders for the rest), how
//! to verify it, and the errors people hit, for the API type's route. Exit 1 when an input is
//! invalid (the checklist is still printed).

use super::ApiArg;
use crate::Outcome;
use gwlog_core::checklist::{checklist, to_markdown, ChecklistInputs};
use std::error::Error;

/// Arguments of `gwlog checklist`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The API type of the stage: REST APIs log to Firehose directly, HTTP and WebSocket APIs
    /// through CloudWatch Logs and a subscription filter.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Region of the stage and the stream, e.g. eu-west-1.
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// 12-digit AWS account id.
    #[arg(long, value_name = "A")]
    account: Option<String>,
    /// Firehose stream name, `amazon-apigateway-…` (the part after the prefix is enough).
    #[arg(long, value_name = "NAME")]
    firehose: Option<String>,
    /// OpenObserve base URL (`https://o2.example.com`, or `cloud`), or the full Firehose URL.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// OpenObserve organisation (default: `default`).
    #[arg(long, value_name = "O")]
    org: Option<String>,
    /// OpenObserve stream.
    #[arg(long, value_name = "S")]
    stream: Option<String>,
    /// Print the checklist as JSON (roles, steps, notes) instead of Markdown.
    #[arg(long)]
    json: bool,
}

/// Run `gwlog checklist`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let inputs = ChecklistInputs {
        api: args.api.into(),
        region: args.region.clone(),
        account: args.account.clone(),
        firehose: args.firehose.clone(),
        url: args.url.clone(),
        org: args.org.clone(),
        stream: args.stream.clone(),
        ..ChecklistInputs::default()
    };
    let list = checklist(&inputs);
    if args.json {
        crate::outln!("{}", serde_json::to_string(&list)?)?;
    } else {
        crate::outln!("{}", to_markdown(&list).trim_end())?;
        for note in list.notes.iter().filter(|n| n.diagnostic.is_error()) {
            eprintln!(
                "{}[{}] ({}): {}",
                note.diagnostic.severity, note.diagnostic.code, note.input, note.diagnostic.message
            );
        }
    }
    Ok(if list.has_errors() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
