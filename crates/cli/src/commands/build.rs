//! `gwlog build`: a JSON access-log format from chosen `$context` variables, with `requestId`,
//! `_timestamp`, probe-safe start and quoted values built in. The format goes to stdout byte for
//! byte (ready to redirect into a file); the example line, the columns and any warnings go to
//! stderr. Exit 1 when a variable or key cannot be used, or an HTTP API format would exceed 3 KB.

use super::ApiArg;
use crate::Outcome;
use clap::ValueEnum;
use gwlog_core::builder::{self, KeyStyle, Pick};
use std::error::Error;
use std::io::Write;

/// The `--keys` flag's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum KeysArg {
    /// `sourceIp`, `requestTime` (AWS's presets)
    #[default]
    Camel,
    /// `source_ip`, `request_time`
    Snake,
}

impl From<KeysArg> for KeyStyle {
    fn from(keys: KeysArg) -> KeyStyle {
        match keys {
            KeysArg::Camel => KeyStyle::Camel,
            KeysArg::Snake => KeyStyle::Snake,
        }
    }
}

/// Arguments of `gwlog build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// The variables, comma-separated, without `$context.` (`requestId,status,identity.sourceIp`);
    /// `variable=key` chooses the key. `requestId` and `_timestamp` are always included.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "VARIABLES",
        required_unless_present = "list"
    )]
    vars: Vec<String>,
    /// How keys are written.
    #[arg(long, value_enum, default_value_t)]
    keys: KeysArg,
    /// List the variables the API type has, grouped by topic, instead of building.
    #[arg(long)]
    list: bool,
    /// With `--list`: only variables whose name or meaning contains this text.
    #[arg(long, value_name = "TEXT", requires = "list")]
    search: Option<String>,
    /// Print the format, its members, example line, columns and diagnostics (or the problems) as
    /// JSON.
    #[arg(long)]
    json: bool,
}

/// Run `gwlog build`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let api = args.api.into();
    let style: KeyStyle = args.keys.into();
    if args.list {
        let groups = builder::catalogue(api, args.search.as_deref().unwrap_or(""));
        if args.json {
            crate::outln!("{}", serde_json::to_string(&groups)?)?;
        } else {
            for group in &groups {
                crate::outln!("{}", group.label)?;
                for entry in &group.entries {
                    let mut flags = Vec::new();
                    if entry.always {
                        flags.push("always included");
                    }
                    if entry.uncertain {
                        flags.push("uncertain on this API type");
                    }
                    let flags = if flags.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", flags.join(", "))
                    };
                    crate::outln!(
                        "  {:40} {:28} {}{flags}",
                        entry.name,
                        entry.key(style),
                        entry.meaning
                    )?;
                }
            }
        }
        return Ok(if groups.is_empty() {
            Outcome::Findings
        } else {
            Outcome::Clean
        });
    }
    let picks: Vec<Pick> = args
        .vars
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(Pick::parse)
        .collect();
    match builder::build(api, &picks, style) {
        Ok(built) => {
            if args.json {
                crate::outln!("{}", serde_json::to_string(&built)?)?;
            } else {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(built.format.as_bytes())?;
                stdout.flush()?;
                eprintln!("{} bytes; example line:", built.bytes());
                eprintln!("{}", built.example_line);
                eprintln!("OpenObserve columns:");
                for column in &built.columns.columns {
                    eprintln!(
                        "  {:32} {:7} {}",
                        column.name,
                        format!("{:?}", column.data_type),
                        column.variables.join(", ")
                    );
                }
                for d in &built.diagnostics {
                    eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
                }
            }
            Ok(Outcome::Clean)
        }
        Err(error) => {
            if args.json {
                crate::outln!("{}", serde_json::to_string(&error)?)?;
            } else {
                for problem in &error.problems {
                    eprintln!("error: {}", problem.message);
                }
            }
            Ok(Outcome::Findings)
        }
    }
}
