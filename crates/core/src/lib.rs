//! gwlog-core: everything gwlog knows about API Gateway access logs on their way through Kinesis
//! Data Firehose into OpenObserve, as pure functions over text.
//!
//! The modules form layers; each uses only the layers above it in this list, never its own or a
//! later one (`tests/layers.rs` reads the sources and fails on a use that breaks the order):
//!
//! 1. [`api`], [`diagnostic`], [`escape`], [`similarity`]: the API types, diagnostics with spans and
//!    their codes, quoting for shell/JSON/YAML/HCL, "did you mean".
//! 2. [`format`](mod@format): the access-log format grammar, the `$context` variable catalogue,
//!    the JSON-template model, the checks API Gateway applies (and the pitfalls it does not catch), presets.
//! 3. [`line`](mod@line): compile a format once, then parse each log line into typed fields with spans.
//! 4. [`aws`], [`synth`]: Firehose delivery-stream names, ARNs, partitions, regions and the setup's
//!    resource names; sample lines generated from a format.
//! 5. [`openobserve`]: ingestion URL, access key, stream and column naming, a simulator of what
//!    OpenObserve's Firehose endpoint does with each record, and the one-click fixes.
//! 6. [`export`], [`dashboard`], `iac`, [`builder`]: AWS CLI, CloudFormation and Terraform for the
//!    whole setup; OpenObserve dashboards generated from the format, with their preview on the
//!    sample lines; formats read out of CloudFormation, SAM, CDK, Terraform and serverless.yml
//!    (feature `iac`); a JSON format built from ticked catalogue variables, with its example line.
//! 7. [`checklist`]: the ordered setup steps (console, AWS CLI, verification, common errors) for
//!    the API type's route, in Markdown; it uses the export constants and the builder.
//!
//! No I/O, no web APIs: the playground (WebAssembly) and the `gwlog` CLI share this crate.
//!
//! ```
//! use gwlog_core::{api::ApiType, format};
//!
//! let checked = format::check("$context.requestId $context.status", ApiType::Rest);
//! assert!(checked.diagnostics.iter().all(|d| !d.is_error()));
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod api;
pub mod aws;
pub mod builder;
pub mod checklist;
pub mod dashboard;
pub mod diagnostic;
pub mod escape;
pub mod export;
pub mod format;
#[cfg(feature = "iac")]
pub mod iac;
pub mod line;
pub mod openobserve;
pub mod similarity;
pub mod synth;
