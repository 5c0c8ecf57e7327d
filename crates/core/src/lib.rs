//! gwlog-core: everything gwlog knows about API Gateway access logs on their way through Kinesis
//! Data Firehose into OpenObserve, as pure functions over text.
//!
//! - [`format`](mod@format): the access-log format grammar, the `$context` variable catalogue, the checks API
//!   Gateway applies (and the pitfalls it does not catch), presets.
//! - [`line`](mod@line): compile a format once, then parse each log line into typed fields with spans.
//! - [`aws`]: Firehose delivery-stream names, ARNs, partitions and regions.
//! - [`openobserve`]: ingestion URL, access key, stream and column naming, and a simulator of what
//!   OpenObserve's Firehose endpoint does with each record.
//! - [`export`]: AWS CLI, CloudFormation and Terraform for the whole setup.
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

pub mod api;
pub mod aws;
pub mod diagnostic;
pub mod export;
pub mod format;
pub mod line;
pub mod openobserve;
pub mod similarity;
pub mod synth;
