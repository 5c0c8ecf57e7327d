//! `gwlog columns`: the OpenObserve columns (and types) a format's records produce, with the
//! renames, collisions and `_timestamp` consequences spelled out. Exit 1 when records would be
//! rejected or dropped.

use super::{ApiArg, ViaArg};
use crate::{input, Outcome};
use gwlog_core::openobserve::delivery::Via;
use gwlog_core::openobserve::format_columns::format_columns_via;
use std::error::Error;
use std::path::PathBuf;

/// Arguments of `gwlog columns`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format, or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// How the records reach Firehose: `direct` (REST APIs only) or `cloudwatch` (a CloudWatch
    /// Logs subscription: the entry's keys become `message_*` columns). Default: direct for REST,
    /// cloudwatch otherwise, as `gwlog simulate`.
    #[arg(long, value_enum)]
    via: Option<ViaArg>,
    /// Print the columns and notes as JSON.
    #[arg(long)]
    json: bool,
}

/// Run `gwlog columns`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let format = input::read_text(&args.format_file, "format")?;
    let api = args.api.into();
    let via = args.via.map_or(Via::default_for(api), Via::from);
    match format_columns_via(&format, api, via) {
        Ok(columns) => {
            if args.json {
                crate::outln!("{}", serde_json::to_string(&columns)?)?;
            } else {
                let width = columns
                    .columns
                    .iter()
                    .map(|c| c.name.len())
                    .max()
                    .unwrap_or(0);
                for column in &columns.columns {
                    crate::outln!(
                        "{:width$}  {:7}  {}",
                        column.name,
                        format!("{:?}", column.data_type),
                        column.variables.join(", ")
                    )?;
                }
                for note in &columns.notes {
                    eprintln!("{}[{}]: {}", note.severity, note.code, note.message);
                }
            }
            Ok(if columns.has_errors() {
                Outcome::Findings
            } else {
                Outcome::Clean
            })
        }
        Err(error) => {
            if args.json {
                crate::outln!("{}", serde_json::to_string(&error)?)?;
            } else {
                eprintln!("error: {error}");
            }
            Ok(Outcome::Findings)
        }
    }
}
