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
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("line", &self.line)?;
        map.serialize_entry("ok", &self.result.is_ok())?;
        match self.result {
            Ok(parsed) => {
                map.serialize_entry("fields", &Fields(parsed))?;
                let warnings = warnings(parsed);
                if !warnings.is_empty() {
                    map.serialize_entry("warnings", &warnings)?;
                }
            }
            Err(error) => map.serialize_entry("error", error)?,
        }
        map.end()
    }
}

/// A line's fields as a JSON object keyed by variable, in format order; a variable used twice
/// appears once (see `ParsedLine::value`).
struct Fields<'r, 'a>(&'r ParsedLine<'a>);

impl Serialize for Fields<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seen: Vec<&str> = Vec::new();
        let mut map = serializer.serialize_map(None)?;
        for field in &self.0.fields {
            if seen.contains(&field.variable) {
                continue;
            }
            seen.push(field.variable);
            map.serialize_entry(
                field.variable,
                self.0.value(field.variable).unwrap_or(&field.value),
            )?;
        }
        map.end()
    }
}

/// Things that parsed but are not what API Gateway normally writes: a value of an unexpected
/// shape, or (for JSON formats) a line that is not valid JSON.
fn warnings(parsed: &ParsedLine<'_>) -> Vec<LineError> {
    let odd_values = parsed
        .fields
        .iter()
        .filter(|f| !f.shape_ok)
        .map(|field| LineError {
            offset: field.span.start,
            span: field.span,
            message: format!(
                "{} has a value API Gateway would not write for its type ({})",
                field.variable,
                field.value_type.as_str()
            ),
        });
    parsed.not_json.iter().cloned().chain(odd_values).collect()
}
