//! `gwlog`: check API Gateway access-log formats, parse sample lines, and wire them to
//! OpenObserve through Firehose, from the command line. A thin shell over `gwlog-core`: every
//! rule lives there; this crate reads inputs, calls core and prints.
//!
//! Exit codes: 0 when everything is fine, 1 when the input has errors (diagnostics of severity
//! error, lines that do not parse), 2 when gwlog could not run (bad flags, unreadable files).

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// `println!` that returns the error instead of panicking when stdout is closed, as it is when
/// the output is piped into `head`.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod commands;
mod input;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Check API Gateway access-log formats and lines, and their way into OpenObserve.
#[derive(Debug, Parser)]
#[command(name = "gwlog", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check an access-log format the way API Gateway does, plus the pitfalls it lets through.
    Check(commands::check::Args),
    /// Parse log lines against a format: one JSON object per line.
    Parse(commands::parse::Args),
    /// The OpenObserve Firehose ingestion URL for an org and stream.
    Url(commands::url::Args),
    /// The Firehose delivery-stream name and ARN, built or parsed, with every rule checked.
    Firehose(commands::firehose::Args),
    /// Apply a fix to a format (to-json, timestamp, newline, probe-safe) and print the new format.
    Fix(commands::fix::Args),
    /// Generate synthetic log lines for a format, as API Gateway would write them.
    Sample(commands::sample::Args),
    /// The OpenObserve columns and types a format's records produce.
    Columns(commands::columns::Args),
    /// Generate the AWS setup (AWS CLI, CloudFormation or Terraform) for Firehose to OpenObserve.
    Export(commands::export::Args),
    /// Simulate OpenObserve's Firehose endpoint on sample lines: stored, rejected or dropped.
    Simulate(commands::simulate::Args),
    /// The OpenObserve dashboard (version-8 JSON) for a format, route and stream.
    Dashboard(commands::dashboard::Args),
    /// The OpenObserve VRL function (and pipeline) that parses a text format's lines.
    Vrl(commands::vrl::Args),
    /// Check the access-log formats in CloudFormation, SAM, CDK, Terraform and serverless.yml files.
    Lint(commands::lint::Args),
    /// Build a JSON access-log format from chosen `$context` variables (probe-safe, checked).
    Build(commands::build::Args),
    /// The setup steps (console, AWS CLI, verification, common errors) as Markdown.
    Checklist(commands::checklist::Args),
}

/// What a command concluded, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong.
    Clean,
    /// The input has errors.
    Findings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Parse(args) => commands::parse::run(args),
        Command::Url(args) => commands::url::run(args),
        Command::Firehose(args) => commands::firehose::run(args),
        Command::Simulate(args) => commands::simulate::run(args),
        Command::Columns(args) => commands::columns::run(args),
        Command::Dashboard(args) => commands::dashboard::run(args),
        Command::Vrl(args) => commands::vrl::run(args),
        Command::Lint(args) => commands::lint::run(args),
        Command::Fix(args) => commands::fix::run(args),
        Command::Sample(args) => commands::sample::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Build(args) => commands::build::run(args),
        Command::Checklist(args) => commands::checklist::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        // The reader went away (`gwlog … | head`): nothing left to say.
        Err(error) if is_broken_pipe(error.as_ref()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gwlog: {error}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
