//! `gwlog parse`: one JSON object per input line, with typed fields or the error; exit 1 if any
//! line failed.

use super::ApiArg;
use crate::{input, Outcome};
use gwlog_core::line::Matcher;
use gwlog_core::line::{LineError, ParsedLine};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::error::Error;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Arguments of `gwlog parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format (byte for byte), or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Log lines to parse, or `-` for stdin (the default). Blank lines are skipped.
    #[arg(default_value = "-")]
    lines_file: PathBuf,
}

/// Run `gwlog parse`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    if args.format_file.as_os_str() == "-" && args.lines_file.as_os_str() == "-" {
        return Err(
            "the format and the lines cannot both come from stdin: give a file for one of them"
                .into(),
        );
    }
    let format = input::read_text(&args.format_file, "format")?;
    let lines = input::read_text(&args.lines_file, "log lines")?;
    let matcher = Matcher::new(&format, args.api.into());
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut outcome = Outcome::Clean;
    for line in matcher.parse_lines(&lines) {
        if line.result.is_err() {
            outcome = Outcome::Findings;
        }
        let record = Record {
            line: line.number,
            result: &line.result,
        };
        serde_json::to_writer(&mut out, &record)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(outcome)
}

/// One output line: `{"line":N,"ok":true,"fields":{…}}` or `{"line":N,"ok":false,"error":{…}}`.
struct Record<'r, 'a> {
    line: usize,
    result: &'r Result<ParsedLine<'a>, LineError>,
}

impl Serialize for Record<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("line", &self.line)?;
        map.serialize_entry("ok", &self.result.is_ok())?;
        match self.result {
            Ok(parsed) => map.serialize_entry("fields", &Fields(parsed))?,
            Err(error) => map.serialize_entry("error", error)?,
        }
        map.end()
    }
}

/// A line's fields as a JSON object keyed by variable, in format order.
struct Fields<'r, 'a>(&'r ParsedLine<'a>);

impl Serialize for Fields<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                .fields
                .iter()
                .map(|field| (field.variable, &field.value)),
        )
    }
}
