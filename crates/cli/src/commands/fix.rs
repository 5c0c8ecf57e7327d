//! `gwlog fix`: apply one of the one-click fixes to a format and print the new format (stdout,
//! byte for byte, ready to redirect into a file) and its explanation (stderr).

use super::ApiArg;
use crate::{input, Outcome};
use clap::ValueEnum;
use gwlog_core::openobserve::fixes::{self, FixKind};
use std::error::Error;
use std::io::Write;
use std::path::PathBuf;

/// Which fix to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Which {
    /// Convert a CLF/CSV/XML/text format into an equivalent JSON format (OpenObserve reads JSON only).
    ToJson,
    /// Put every bare variable of a JSON format inside quotes (a missing value then stays valid JSON).
    QuoteValues,
    /// Add `"_timestamp":"$context.requestTimeEpoch"` so OpenObserve uses the request time.
    Timestamp,
    /// End the format with a newline, so each record ends with one.
    Newline,
    /// Make a JSON format impossible to mistake for protobuf (OpenObserve's silent drop).
    ProbeSafe,
}

impl From<Which> for FixKind {
    fn from(which: Which) -> FixKind {
        match which {
            Which::ToJson => FixKind::ToJson,
            Which::QuoteValues => FixKind::QuoteValues,
            Which::Timestamp => FixKind::Timestamp,
            Which::Newline => FixKind::Newline,
            Which::ProbeSafe => FixKind::ProbeSafe,
        }
    }
}

/// Arguments of `gwlog fix`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The fix to apply.
    #[arg(value_enum)]
    fix: Which,
    /// File holding the format, or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// For `probe-safe`: sample lines to prove the fix on (optional).
    #[arg(long = "lines", value_name = "LINES_FILE")]
    lines_file: Option<PathBuf>,
}

/// Run `gwlog fix`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let format = input::read_text(&args.format_file, "format")?;
    let api = args.api.into();
    let lines = match &args.lines_file {
        Some(path) => input::read_text(path, "log lines")?,
        None => String::new(),
    };
    let samples: Vec<&str> = lines.lines().filter(|l| !l.is_empty()).collect();
    let fixed = fixes::apply(args.fix.into(), &format, api, &samples).map(|applied| applied.fix);
    // A fix that does not apply to this format is a finding about the input, not a failure.
    let fix = match fixed {
        Ok(fix) => fix,
        Err(error) => {
            eprintln!("gwlog: {error}");
            return Ok(Outcome::Findings);
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(fix.format.as_bytes())?;
    out.flush()?;
    eprintln!("{}", fix.explanation);
    Ok(Outcome::Clean)
}
