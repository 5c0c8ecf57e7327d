//! `gwlog sample`: synthetic log lines for a format, as API Gateway would write them, for trying
//! `parse` and `simulate` before real traffic exists.

use super::ApiArg;
use crate::{input, Outcome};
use gwlog_core::synth;
use std::error::Error;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// Arguments of `gwlog sample`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format, or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// How many lines.
    #[arg(long, default_value_t = 10)]
    count: usize,
    /// Seed: the same seed gives the same lines.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Times fall in the hour before this instant (ms since the epoch; default: now).
    #[arg(long, value_name = "MS")]
    now_ms: Option<i64>,
}

/// Run `gwlog sample`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let format = input::read_text(&args.format_file, "format")?;
    let now_ms = args.now_ms.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    });
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in synth::lines(&format, args.api.into(), args.count, args.seed, now_ms) {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
