//! `gwlog dashboard`: the OpenObserve dashboard (version-8 JSON) for a format, API type, route
//! and stream; which panels are in and why goes to stderr. Exit 1 when the format gets no
//! dashboard (a text format sent straight to Firehose, or no readable columns).

use super::{ApiArg, ViaArg};
use crate::{input, Outcome};
use gwlog_core::dashboard::{plan, DashboardError, Options, PanelKind};
use gwlog_core::openobserve::delivery::Via;
use std::error::Error;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Arguments of `gwlog dashboard`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format, or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The OpenObserve stream the logs are in.
    #[arg(long)]
    stream: String,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// How the records reach Firehose (default: direct for REST, cloudwatch otherwise).
    #[arg(long, value_enum)]
    via: Option<ViaArg>,
    /// The dashboard's title (default: `API Gateway access logs · <stream>`).
    #[arg(long, default_value = "")]
    title: String,
    /// The dashboard's description.
    #[arg(long, default_value = "")]
    description: String,
    /// The default time range, OpenObserve's relative form (15m, 1h, 24h, 7d).
    #[arg(long, default_value = "1h")]
    time_range: String,
    /// Only these panels, comma-separated ids (requests-over-time, status-codes, …).
    #[arg(long, value_delimiter = ',')]
    panels: Option<Vec<String>>,
    /// Write the JSON to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// `created` in ms since the epoch, for reproducible output (default: the clock).
    #[arg(long, value_name = "MS")]
    now_ms: Option<i64>,
}

/// Run `gwlog dashboard`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let format = input::read_text(&args.format_file, "format")?;
    let api = args.api.into();
    let via = args.via.map_or(Via::default_for(api), Via::from);
    let panels = match &args.panels {
        None => None,
        Some(ids) => Some(
            ids.iter()
                .map(|id| id.trim().parse::<PanelKind>())
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let options = Options {
        title: args.title.clone(),
        description: args.description.clone(),
        stream: args.stream.clone(),
        time_range: args.time_range.clone(),
        panels,
        now_ms: args.now_ms.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64)
        }),
    };
    let planned = match plan(&format, api, via, &options) {
        Ok(planned) => planned,
        Err(error) => {
            let d = error.diagnostic();
            eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
            if let DashboardError::TextFormatDirect { fix, .. } = error {
                eprintln!("  fix: gwlog fix {fix} --format FORMAT_FILE");
            }
            return Ok(Outcome::Findings);
        }
    };
    for panel in &planned.panels {
        let state = if panel.included { "in " } else { "out" };
        eprintln!("{state} {:26} {}", panel.kind.as_str(), panel.why);
    }
    for note in &planned.notes {
        eprintln!("{}: {}", note.severity, note.message);
    }
    let json = planned.to_json();
    match &args.output {
        Some(path) => std::fs::write(path, format!("{json}\n"))
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?,
        None => crate::outln!("{json}")?,
    }
    Ok(Outcome::Clean)
}
