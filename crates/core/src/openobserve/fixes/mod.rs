//! One-click fixes: rewrite a format so OpenObserve stores every record, and say why.
//!
//! Each fix takes the format text and returns a [`Fix`]: the new format and an explanation for
//! people. They compose in any order.
//!
//! - [`to_json`]: CLF, CSV, XML or `Key: value` text → an equivalent JSON format (OpenObserve's
//!   Firehose endpoint rejects anything else with 400 for the whole batch).
//! - [`add_timestamp`]: `"_timestamp":"$context.requestTimeEpoch"`, so rows carry the request time
//!   instead of the ingest time.
//! - [`add_trailing_newline`]: one `\n` at the end, so records do not run together in S3.
//! - [`probe_safe`]: a tab after the opening `{`, so no record can ever be mistaken for protobuf
//!   and silently dropped, proved on the user's samples and on a generated corpus.
//!
//! ```
//! use gwlog_core::api::ApiType;
//! use gwlog_core::openobserve::fixes::to_json;
//!
//! let guide = "RequestId: $context.requestId, StatusCode: $context.status";
//! let fixed = to_json(guide, ApiType::Rest).unwrap();
//! assert_eq!(fixed.format, r#"{"requestId":"$context.requestId","statusCode":"$context.status"}"#);
//! ```

mod carry;
mod layout;
mod newline;
mod probe_safe;
mod quote_values;
mod timestamp;
mod to_json;

pub use carry::{carry_lines, Carried};
pub use newline::add_trailing_newline;
pub use probe_safe::{
    generated_tally, guaranteed_miss, probe_safe, ProbeProof, ProbeSafeFix, Tally,
};
pub use quote_values::quote_values;
pub use timestamp::add_timestamp;
pub use to_json::to_json;

use crate::api::ApiType;
use crate::format::grammar;
use crate::format::kind::{self, FormatKind};
use layout::{object_layout, ObjectLayout};
use serde::Serialize;
use std::fmt;

/// The value [`add_timestamp`] writes for `_timestamp`.
pub const TIMESTAMP_VALUE: &str = "\"$context.requestTimeEpoch\"";

/// What [`probe_safe`] puts at the start of a JSON format: the brace, then a tab.
pub const PROBE_SAFE_PREFIX: &str = "{\t";

/// How many generated records [`probe_safe`] checks.
pub const PROOF_CORPUS_SIZE: usize = 10_000;

/// The seed of [`probe_safe`]'s generated corpus, so its numbers are reproducible.
pub const PROOF_SEED: u64 = 0x6777_6c6f_6746_4958; // "gwlogFIX"

/// The clock the generated proof corpus is anchored to (times vary within an hour before it).
pub(super) const PROOF_NOW_MS: i64 = 1_750_000_000_000;

/// A rewritten format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Which fix this is: `to-json`, `add-timestamp`, `add-trailing-newline` or `probe-safe`.
    pub code: &'static str,
    /// The new format.
    pub format: String,
    /// Whether it differs from the input (a fix that is already applied changes nothing).
    pub changed: bool,
    /// What was changed and why, for people.
    pub explanation: String,
}

impl Fix {
    fn new(code: &'static str, before: &str, format: String, explanation: String) -> Fix {
        Fix {
            code,
            changed: format != before,
            format,
            explanation,
        }
    }
}

/// Why a fix cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixError {
    /// The fix that was asked for.
    pub fix: &'static str,
    /// What stands in the way.
    #[serde(flatten)]
    pub kind: FixErrorKind,
}

/// The reasons a fix cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FixErrorKind {
    /// [`to_json`] on a format that is JSON already.
    AlreadyJson,
    /// A JSON-only fix on a CLF, CSV, XML or text format.
    NotJson {
        /// What the format is.
        format_kind: FormatKind,
    },
    /// A JSON format whose top level is not a readable `{…}` object.
    NotAnObject,
}

impl fmt::Display for FixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FixErrorKind::AlreadyJson => f.write_str("the format is JSON already"),
            FixErrorKind::NotJson { format_kind } => write!(
                f,
                "this fix needs a JSON format, and this one is {}: convert it to JSON first",
                format_kind.label()
            ),
            FixErrorKind::NotAnObject => f.write_str(
                "the format's top level is not a {…} object: OpenObserve drops every record of it \
                 anyway; write the keys in one object first",
            ),
        }
    }
}

impl std::error::Error for FixError {}

pub(super) fn error(fix: &'static str, kind: FixErrorKind) -> FixError {
    FixError { fix, kind }
}

pub(super) fn require_json(fix: &'static str, format: &str) -> Result<ObjectLayout, FixError> {
    let pieces = grammar::parse(format);
    let format_kind = kind::detect(format, &pieces);
    if format_kind != FormatKind::Json {
        return Err(error(fix, FixErrorKind::NotJson { format_kind }));
    }
    object_layout(format).ok_or_else(|| error(fix, FixErrorKind::NotAnObject))
}

/// Which fixes would change a format, decided cheaply (no proof corpus is run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Applicable {
    /// [`to_json`] would convert a non-JSON format.
    pub to_json: bool,
    /// [`quote_values`] would quote a bare variable.
    pub quote_values: bool,
    /// [`add_timestamp`] would add or correct `_timestamp`.
    pub timestamp: bool,
    /// [`add_trailing_newline`] would add the newline.
    pub newline: bool,
    /// [`probe_safe`] would change the format (it can still be mistaken for protobuf).
    pub probe_safe: bool,
}

/// Which fixes would change `format`.
pub fn applicable(format: &str, api: ApiType) -> Applicable {
    let changes = |fix: Result<Fix, FixError>| fix.is_ok_and(|f| f.changed);
    let is_object = require_json("applicable", format).is_ok();
    Applicable {
        to_json: !is_object && changes(to_json(format, api)),
        quote_values: is_object && changes(quote_values(format, api)),
        timestamp: is_object && changes(add_timestamp(format, api)),
        newline: add_trailing_newline(format).changed,
        probe_safe: is_object && guaranteed_miss(format).is_none(),
    }
}

/// The one-click fixes, in the order the playground shows them; `gwlog fix` takes their
/// [`FixKind::as_str`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    /// [`to_json`]: convert a text format to JSON.
    ToJson,
    /// [`quote_values`]: put every bare variable of a JSON format inside quotes.
    QuoteValues,
    /// [`add_timestamp`]: add `"_timestamp":"$context.requestTimeEpoch"`.
    Timestamp,
    /// [`add_trailing_newline`]: end the format with a newline.
    Newline,
    /// [`probe_safe`]: a tab after the opening brace, so no record is taken for protobuf.
    ProbeSafe,
}

impl FixKind {
    /// Every fix, in the order they are offered.
    pub const ALL: [FixKind; 5] = [
        FixKind::ToJson,
        FixKind::QuoteValues,
        FixKind::Timestamp,
        FixKind::Newline,
        FixKind::ProbeSafe,
    ];

    /// The stable name (`to-json`, `quote-values`, `timestamp`, `newline`, `probe-safe`).
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::ToJson => "to-json",
            FixKind::QuoteValues => "quote-values",
            FixKind::Timestamp => "timestamp",
            FixKind::Newline => "newline",
            FixKind::ProbeSafe => "probe-safe",
        }
    }

    /// What the fix does, in one sentence.
    pub fn summary(self) -> &'static str {
        match self {
            FixKind::ToJson => "Rewrite the format as one JSON object with every value quoted",
            FixKind::QuoteValues => {
                "Put every bare $context variable inside quotes, so a missing value (-) stays valid JSON"
            }
            FixKind::Timestamp => {
                "Give each row the request time: \"_timestamp\":\"$context.requestTimeEpoch\""
            }
            FixKind::Newline => "End every record with a newline",
            FixKind::ProbeSafe => {
                "Add a tab after the opening brace so no record is ever taken for protobuf"
            }
        }
    }

    /// Whether this fix would change a format with these [`applicable`] answers.
    pub fn applies(self, applicable: Applicable) -> bool {
        match self {
            FixKind::ToJson => applicable.to_json,
            FixKind::QuoteValues => applicable.quote_values,
            FixKind::Timestamp => applicable.timestamp,
            FixKind::Newline => applicable.newline,
            FixKind::ProbeSafe => applicable.probe_safe,
        }
    }
}

impl fmt::Display for FixKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for FixKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        FixKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| format!("unknown fix '{text}'"))
    }
}

/// A fix that was applied: the new format, and for [`FixKind::ProbeSafe`] its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Which fix.
    pub kind: FixKind,
    /// The new format and the explanation.
    pub fix: Fix,
    /// The probe-safe fix's proof on the samples and a generated corpus.
    pub proof: Option<ProbeProof>,
}

/// Runs fix `kind` on `format`; the probe-safe fix is proved on `sample_lines` (lines written
/// with `format`). The one dispatch the CLI and the playground share.
pub fn apply(
    kind: FixKind,
    format: &str,
    api: ApiType,
    sample_lines: &[&str],
) -> Result<Applied, FixError> {
    let (fix, proof) = match kind {
        FixKind::ToJson => (to_json(format, api)?, None),
        FixKind::QuoteValues => (quote_values(format, api)?, None),
        FixKind::Timestamp => (add_timestamp(format, api)?, None),
        FixKind::Newline => (add_trailing_newline(format), None),
        FixKind::ProbeSafe => {
            let safe = probe_safe(format, api, sample_lines)?;
            (safe.fix, Some(safe.proof))
        }
    };
    Ok(Applied { kind, fix, proof })
}

#[cfg(test)]
mod tests;
