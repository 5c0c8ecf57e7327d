//! `gwlog check`: diagnostics for a format; exit 1 if any is an error.

use super::ApiArg;
use crate::{input, report, Outcome};
use gwlog_core::diagnostic::Diagnostic;
use gwlog_core::format;
use gwlog_core::format::FormatKind;
use serde::Serialize;
use std::error::Error;
use std::path::PathBuf;

/// Arguments of `gwlog check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Print `{"ok","kind","variables","diagnostics"}` as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Exit 1 on any warning too, not only on errors (for CI).
    #[arg(long)]
    deny_warnings: bool,
    /// File holding the format, byte for byte (a final newline is part of it), or `-` for stdin.
    format_file: PathBuf,
}

/// The `--json` output, fields in the documented order.
#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    kind: FormatKind,
    variables: &'a [String],
    diagnostics: &'a [Diagnostic],
}

/// Run `gwlog check`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let text = input::read_text(&args.format_file, "format")?;
    let checked = format::check(&text, args.api.into());
    if args.json {
        let report = Report {
            ok: !checked.has_errors(),
            kind: checked.kind,
            variables: &checked.variables,
            diagnostics: &checked.diagnostics,
        };
        crate::outln!("{}", serde_json::to_string(&report)?)?;
    } else {
        let source = input::display_name(&args.format_file);
        for diagnostic in &checked.diagnostics {
            crate::outln!("{}", report::render(diagnostic, &source, &text))?;
        }
        let count = |severity| {
            checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        use gwlog_core::diagnostic::Severity::{Error, Info, Warning};
        crate::outln!(
            "{} format, {} variables: {} errors, {} warnings, {} notes",
            checked.kind.label(),
            checked.variables.len(),
            count(Error),
            count(Warning),
            count(Info)
        )?;
    }
    let denied = args.deny_warnings
        && checked
            .diagnostics
            .iter()
            .any(|d| d.severity == gwlog_core::diagnostic::Severity::Warning);
    Ok(if checked.has_errors() || denied {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
