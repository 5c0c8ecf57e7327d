//! `gwlog simulate`: what OpenObserve's Firehose endpoint does with each sample line: the exact
//! request Firehose sends, the HTTP status, and per record stored (with columns), rejected (the
//! whole batch fails) or silently dropped. Exit 1 unless every record is stored.

use super::{ApiArg, ViaArg};
use crate::{input, Outcome};
use gwlog_core::api::ApiType;
use gwlog_core::diagnostic::Diagnostic;
use gwlog_core::openobserve::delivery::{self, Delivery, Via};
use gwlog_core::openobserve::simulate::{self, simulate, SimulationInput, Verdict};
use std::error::Error;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Arguments of `gwlog simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format (a final newline is part of it and ends every record).
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// OpenObserve organisation in the URL.
    #[arg(long, default_value = "default")]
    org: String,
    /// OpenObserve stream in the URL.
    #[arg(long, default_value = "default")]
    stream: String,
    /// Current time in ms since the epoch, for reproducible runs (default: the clock).
    #[arg(long, value_name = "MS")]
    now_ms: Option<i64>,
    /// How the lines reach Firehose: `direct` (REST APIs only) or `cloudwatch` (a CloudWatch Logs
    /// subscription, the way for HTTP and WebSocket APIs). Default: direct for REST, cloudwatch
    /// otherwise.
    #[arg(long, value_enum)]
    via: Option<ViaArg>,
    /// For `--via cloudwatch`: the account owning the log group.
    #[arg(long, default_value = simulate::EXAMPLE_ACCOUNT)]
    account: String,
    /// For `--via cloudwatch`: the log group API Gateway writes to.
    #[arg(long, default_value = simulate::DEFAULT_LOG_GROUP)]
    log_group: String,
    /// Firehose request id to put in the request (default: derived from the time).
    #[arg(long)]
    request_id: Option<String>,
    /// Sample lines as API Gateway wrote them, or `-` for stdin. Blank lines are skipped.
    #[arg(default_value = "-")]
    lines_file: PathBuf,
}

/// Run `gwlog simulate`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    if args.format_file.as_os_str() == "-" && args.lines_file.as_os_str() == "-" {
        return Err(
            "the format and the lines cannot both come from stdin: give a file for one of them"
                .into(),
        );
    }
    let format = input::read_text(&args.format_file, "format")?;
    let text = input::read_text(&args.lines_file, "log lines")?;
    let lines: Vec<&str> = text.lines().filter(|line| !line.is_empty()).collect();
    let now_ms = match args.now_ms {
        Some(ms) => ms,
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default(),
    };
    let request_id = args
        .request_id
        .clone()
        .unwrap_or_else(|| delivery::request_id(now_ms as u64));
    // Firehose delivers only REST API logs directly: for the others the simulation shows what
    // *would* happen, and the run fails.
    let api: ApiType = args.api.into();
    let planned = Delivery::plan(api, args.via.map(Via::from), &args.account, &args.log_group);
    let preflight = delivery::preflight(api, planned.delivery.via(), &args.org, &args.stream);
    let findings: Vec<&Diagnostic> = preflight
        .diagnostics
        .iter()
        .chain(&planned.account)
        .chain(&planned.log_group)
        .collect();
    for finding in &findings {
        eprintln!(
            "{}[{}]: {}",
            finding.severity, finding.code, finding.message
        );
    }
    if preflight.blocks() {
        return Ok(Outcome::Findings);
    }
    let input = SimulationInput::new(&lines, &preflight.org, &args.stream, now_ms, &request_id)
        .with_trailing_newline(format.ends_with('\n'))
        .with_format(&format, api)
        .via(planned.delivery.route());
    let simulation = simulate(&input);
    crate::outln!("{}", serde_json::to_string(&simulation)?)?;
    let all_stored = !findings.iter().any(|d| d.is_error())
        && simulation.http_status == 200
        && simulation
            .records
            .iter()
            .flat_map(|record| &record.rows)
            .all(|row| row.verdict == Verdict::Stored);
    Ok(if all_stored {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
