//! `gwlog url`: the OpenObserve Firehose ingestion URL for an org and stream, with every rule
//! checked; exit 1 if any diagnostic is an error.

use crate::Outcome;
use gwlog_core::diagnostic::Severity;
use gwlog_core::openobserve::url::{ingestion_url, Base};
use std::error::Error;

/// Arguments of `gwlog url`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// OpenObserve base URL (`https://o2.example.com`, with `ZO_BASE_URI` if set), or `cloud`.
    #[arg(long)]
    base: String,
    /// Organisation id.
    #[arg(long)]
    org: Option<String>,
    /// Stream name, as typed (OpenObserve normalises it).
    #[arg(long)]
    stream: String,
    /// Print `{"url","stream","diagnostics"}` as JSON.
    #[arg(long)]
    json: bool,
}

/// Run `gwlog url`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let check = ingestion_url(
        &Base::from_arg(&args.base),
        args.org.as_deref(),
        &args.stream,
    );
    let has_errors = check
        .diagnostics
        .iter()
        .any(|d| d.diagnostic.severity == Severity::Error);
    if args.json {
        crate::outln!("{}", serde_json::to_string(&check)?)?;
    } else {
        crate::outln!("{}", check.url)?;
        crate::outln!("stream stored as: {}", check.stream)?;
        for finding in &check.diagnostics {
            let d = &finding.diagnostic;
            eprintln!(
                "{}[{}] ({:?}): {}",
                d.severity, d.code, finding.field, d.message
            );
        }
    }
    Ok(if has_errors {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
