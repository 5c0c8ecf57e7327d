//! `gwlog vrl`: the OpenObserve VRL function that parses a text-format line arriving through a
//! CloudWatch Logs subscription (as `message`) into fields; `--pipeline` prints the realtime
//! pipeline JSON that runs it instead. Exit 1 when the format needs no function (JSON).

use super::ApiArg;
use crate::{input, Outcome};
use gwlog_core::dashboard::vrl::{function, pipeline};
use std::error::Error;
use std::path::PathBuf;

/// Arguments of `gwlog vrl`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format, or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Print the realtime pipeline JSON (POST /api/{org}/pipelines) instead of the function.
    #[arg(long)]
    pipeline: bool,
    /// Print the function as the JSON body of POST /api/{org}/functions instead of VRL source.
    #[arg(long, conflicts_with = "pipeline")]
    json: bool,
    /// For `--pipeline`: the OpenObserve organisation.
    #[arg(long, default_value = "default")]
    org: String,
    /// For `--pipeline`: the stream the CloudWatch Logs subscription delivers to.
    #[arg(long, default_value = "apigw_raw")]
    source_stream: String,
    /// For `--pipeline`: the stream the parsed rows go to (the dashboard's stream).
    #[arg(long, default_value = "apigw")]
    stream: String,
}

/// Run `gwlog vrl`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let format = input::read_text(&args.format_file, "format")?;
    let generated = match function(&format, args.api.into()) {
        Ok(generated) => generated,
        Err(error) => {
            let d = error.diagnostic();
            eprintln!("{}[{}]: {}", d.severity, d.code, d.message);
            return Ok(Outcome::Findings);
        }
    };
    let text = if args.pipeline {
        pipeline(&generated, &args.org, &args.source_stream, &args.stream)
    } else if args.json {
        generated.create_request()
    } else {
        generated.source.trim_end().to_owned()
    };
    crate::outln!("{text}")?;
    Ok(Outcome::Clean)
}
