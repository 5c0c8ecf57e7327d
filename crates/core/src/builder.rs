//! The format builder: tick `$context` variables, get a JSON access-log format that works.
//!
//! [`catalogue()`](fn@catalogue) lists the variables an API type supports, grouped by [`Topic`],
//! each with its meaning and the key it gets, filtered by a search text. [`build`] turns a choice
//! of variables (optionally with key names of your own) into a format that:
//!
//! - always starts with `$context.requestId` (API Gateway rejects a format without a request id)
//!   and `"_timestamp":"$context.requestTimeEpoch"` (OpenObserve's event time);
//! - quotes every value, so an entry stays valid JSON when API Gateway writes `-` for a missing one;
//! - starts with `{` and a tab ([`PROBE_SAFE_PREFIX`]), so OpenObserve's protobuf probe can never
//!   take a record for OTLP metrics and drop it;
//! - ends with a newline, so records do not run together in S3;
//! - has one key per OpenObserve column (keys are compared as OpenObserve stores them, lowercased);
//! - stays within the 3 KB template limit of HTTP APIs;
//! - passes [`format::check`] with no error and no JSON warning.
//!
//! Every failure is a value ([`BuildError`]), naming the variables or keys at fault.
//!
//! ```
//! use gwlog_core::api::ApiType;
//! use gwlog_core::builder::{build, KeyStyle, Pick};
//!
//! let picks = [Pick::from("identity.sourceIp"), Pick::from("status")];
//! let built = build(ApiType::Http, &picks, KeyStyle::Snake).unwrap();
//! assert_eq!(
//!     built.format,
//!     "{\t\"request_id\":\"$context.requestId\",\"_timestamp\":\"$context.requestTimeEpoch\",\
//!      \"source_ip\":\"$context.identity.sourceIp\",\"status\":\"$context.status\"}\n"
//! );
//! assert!(built.columns.column("message_source_ip").is_some());
//! ```

use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic};
use crate::format::catalogue::{self, Lookup, Support, Variable};
use crate::format::shape::ValueShape;
use crate::format::{self, HTTP_TEMPLATE_LIMIT};
use crate::openobserve::columns::format_key;
use crate::openobserve::delivery::Via;
use crate::openobserve::fixes::{guaranteed_miss, PROBE_SAFE_PREFIX};
use crate::openobserve::format_columns::{format_columns_via, FormatColumns, TIMESTAMP_COLUMN};
use crate::synth;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// The variable every built format starts with.
pub const REQUEST_ID: &str = "requestId";

/// The variable `_timestamp` holds.
pub const TIMESTAMP_VARIABLE: &str = "requestTimeEpoch";

/// The seed [`build`] uses for its example line.
pub const EXAMPLE_SEED: u64 = 0x6777_6c6f_6742_4c44; // "gwlogBLD"

/// The clock [`build`] anchors its example line to (2025-06-15 15:06:40 UTC).
pub const EXAMPLE_NOW_MS: i64 = 1_750_000_000_000;

/// Codes of the JSON checks ([`format::json`]): a built format never gets one.
pub const JSON_CODES: [Code; 6] = [
    Code::UnquotedVariable,
    Code::MessageStringQuoted,
    Code::MessageStringBare,
    Code::InvalidJsonWhenMissing,
    Code::DuplicateKey,
    Code::InvalidJson,
];

/// How keys are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStyle {
    /// `sourceIp`, `requestTime`: AWS's own presets.
    #[default]
    Camel,
    /// `source_ip`, `request_time`: what OpenObserve shows anyway (it lowercases keys).
    Snake,
}

impl KeyStyle {
    /// `camel` or `snake`, the CLI's `--keys` values.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStyle::Camel => "camel",
            KeyStyle::Snake => "snake",
        }
    }
}

impl fmt::Display for KeyStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyStyle {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "camel" => Ok(KeyStyle::Camel),
            "snake" => Ok(KeyStyle::Snake),
            _ => Err(format!("unknown key style '{text}' (camel or snake)")),
        }
    }
}

/// What a variable is about, for grouping the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// Ids, time, method, path, route, stage, API and account.
    Request,
    /// Status, latency and size of the response.
    Response,
    /// Who called: source IP, user agent, IAM and Cognito identity, API key.
    Caller,
    /// WebSocket connections and messages.
    Connection,
    /// Lambda authorizers, authentication and authorization.
    Authorization,
    /// The backend integration.
    Integration,
    /// Error messages and gateway response types.
    Errors,
    /// TLS and mutual-TLS client certificates.
    Tls,
    /// Custom domain names.
    Domain,
    /// AWS WAF.
    Waf,
    /// X-Ray, canary and AWS endpoint request ids.
    Tracing,
}

impl Topic {
    /// Every topic, in the order the picker shows them.
    pub const ALL: [Topic; 11] = [
        Topic::Request,
        Topic::Response,
        Topic::Caller,
        Topic::Connection,
        Topic::Authorization,
        Topic::Integration,
        Topic::Errors,
        Topic::Tls,
        Topic::Domain,
        Topic::Waf,
        Topic::Tracing,
    ];

    /// The heading a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Request => "Request",
            Topic::Response => "Response",
            Topic::Caller => "Caller identity",
            Topic::Connection => "WebSocket connection",
            Topic::Authorization => "Authorization",
            Topic::Integration => "Integration",
            Topic::Errors => "Errors",
            Topic::Tls => "TLS and client certificates",
            Topic::Domain => "Custom domain",
            Topic::Waf => "AWS WAF",
            Topic::Tracing => "Tracing",
        }
    }

    /// The topic of a variable name (without `$context.`).
    pub fn of(name: &str) -> Topic {
        let first = name.split('.').next().unwrap_or(name);
        if name.starts_with("identity.clientCert.") || matches!(name, "cipherSuite" | "tlsVersion")
        {
            return Topic::Tls;
        }
        match first {
            "identity" => Topic::Caller,
            "authorizer" | "authorize" | "authenticate" => Topic::Authorization,
            "integration" | "integrationLatency" | "integrationStatus" => Topic::Integration,
            "integrationErrorMessage" | "error" => Topic::Errors,
            "waf" | "wafResponseCode" | "webaclArn" => Topic::Waf,
            "customDomain" | "domainName" | "domainPrefix" => Topic::Domain,
            "connectedAt" | "connectionId" | "eventType" | "messageId" => Topic::Connection,
            "status" | "responseLatency" | "responseLength" | "responseOverride"
            | "dataProcessed" => Topic::Response,
            "xrayTraceId"
            | "isCanaryRequest"
            | "awsEndpointRequestId"
            | "awsEndpointRequestId2" => Topic::Tracing,
            _ => Topic::Request,
        }
    }
}

/// One variable in the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Name without `$context.`.
    pub name: &'static str,
    /// What it holds.
    pub meaning: &'static str,
    /// The key [`build`] gives it in each style.
    pub camel_key: String,
    /// See [`Entry::camel_key`].
    pub snake_key: String,
    /// Whether AWS documents it for the API type, or only some versions of the docs do.
    pub uncertain: bool,
    /// AWS lists it as "available for access logging only".
    pub log_only: bool,
    /// Always in a built format (`requestId`, and `requestTimeEpoch` as `_timestamp`).
    pub always: bool,
}

impl Entry {
    /// The key in `style`.
    pub fn key(&self, style: KeyStyle) -> &str {
        match style {
            KeyStyle::Camel => &self.camel_key,
            KeyStyle::Snake => &self.snake_key,
        }
    }
}

/// The variables of one topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The topic.
    pub topic: Topic,
    /// Its heading.
    pub label: &'static str,
    /// Its variables, in catalogue order.
    pub entries: Vec<Entry>,
}

/// Variables the builder does not offer, with the one to use instead.
const NOT_OFFERED: &[(&str, &str)] = &[(
    "error.messageString",
    "it is already quoted by API Gateway, so it breaks JSON either way; use error.message",
)];

/// The variables `api` supports, grouped by topic (in [`Topic::ALL`] order, empty topics left
/// out), keeping those whose name or meaning contains `search` (ignoring case; empty keeps all).
pub fn catalogue(api: ApiType, search: &str) -> Vec<Group> {
    let needle = search.trim().to_ascii_lowercase();
    let matches = |variable: &Variable| {
        needle.is_empty()
            || variable.name.to_ascii_lowercase().contains(&needle)
            || variable.meaning.to_ascii_lowercase().contains(&needle)
    };
    let entries: Vec<(Topic, Entry)> = catalogue::names_for(api)
        .filter(|variable| !NOT_OFFERED.iter().any(|(name, _)| *name == variable.name))
        .filter(|variable| matches(variable))
        .map(|variable| {
            (
                Topic::of(variable.name),
                Entry {
                    name: variable.name,
                    meaning: variable.meaning,
                    camel_key: default_key(variable.name, KeyStyle::Camel),
                    snake_key: default_key(variable.name, KeyStyle::Snake),
                    uncertain: variable.support(api) == Some(Support::Uncertain),
                    log_only: variable.log_only,
                    always: variable.name == REQUEST_ID || variable.name == TIMESTAMP_VARIABLE,
                },
            )
        })
        .collect();
    Topic::ALL
        .into_iter()
        .filter_map(|topic| {
            let in_topic: Vec<Entry> = entries
                .iter()
                .filter(|(t, _)| *t == topic)
                .map(|(_, entry)| entry.clone())
                .collect();
            (!in_topic.is_empty()).then_some(Group {
                topic,
                label: topic.label(),
                entries: in_topic,
            })
        })
        .collect()
}

/// The key a variable gets unless another is chosen: the name in camel case, without the
/// `identity.` prefix (`identity.sourceIp` → `sourceIp`, `error.message` → `errorMessage`), or
/// that in snake case (`source_ip`, `error_message`).
pub fn default_key(name: &str, style: KeyStyle) -> String {
    let name = name.strip_prefix("$context.").unwrap_or(name);
    let name = name.strip_prefix("identity.").unwrap_or(name);
    let mut camel = String::with_capacity(name.len());
    let mut upper_next = false;
    for c in name.chars() {
        if c == '.' || c == '-' || c == '_' {
            upper_next = !camel.is_empty();
        } else if upper_next {
            camel.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            camel.push(c);
        }
    }
    match style {
        KeyStyle::Camel => camel,
        KeyStyle::Snake => snake_case(&camel),
    }
}

/// `sourceIp` → `source_ip`, `subjectDN` → `subject_dn`, `clientCertPem` → `client_cert_pem`.
fn snake_case(camel: &str) -> String {
    let chars: Vec<char> = camel.chars().collect();
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// One chosen variable, with the key to give it (`None`: [`default_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pick {
    /// Name, with or without `$context.`.
    pub variable: String,
    /// The key chosen for it, if any.
    pub key: Option<String>,
}

impl Pick {
    /// `status` or `status=code` (variable `status`, key `code`).
    pub fn parse(text: &str) -> Pick {
        match text.split_once('=') {
            Some((variable, key)) => Pick {
                variable: variable.trim().to_owned(),
                key: Some(key.trim().to_owned()),
            },
            None => Pick {
                variable: text.trim().to_owned(),
                key: None,
            },
        }
    }

    fn name(&self) -> &str {
        self.variable
            .strip_prefix("$context.")
            .unwrap_or(&self.variable)
    }
}

impl From<&str> for Pick {
    fn from(text: &str) -> Pick {
        Pick::parse(text)
    }
}

/// A format [`build`] made, with what it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Built {
    /// The API type it is for.
    pub api: ApiType,
    /// The format, byte for byte (it ends with a newline).
    pub format: String,
    /// Its keys and variables, in order.
    pub members: Vec<Member>,
    /// One line as API Gateway would write it (without the newline).
    pub example_line: String,
    /// The OpenObserve columns its records give, on the API type's own route.
    pub columns: FormatColumns,
    /// What [`format::check`] says: never an error nor a JSON warning; warnings such as an
    /// uncertain variable or the HTTP 3,000-byte zone stay.
    pub diagnostics: Vec<Diagnostic>,
}

impl Built {
    /// The format's length in bytes, as HTTP APIs count it against 3 KB.
    pub fn bytes(&self) -> usize {
        self.format.len()
    }
}

/// One `"key":"$context.variable"` of a built format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The key.
    pub key: String,
    /// The variable, without `$context.`.
    pub variable: String,
    /// The column OpenObserve stores it under (direct route; the CloudWatch route prefixes
    /// `message_`).
    pub column: String,
}

/// Why no format was built: every problem found, in the order of the picks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildError {
    /// The problems.
    pub problems: Vec<Problem>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.problems.iter().map(|p| p.message.as_str()).collect();
        f.write_str(&messages.join(" "))
    }
}

impl std::error::Error for BuildError {}

/// One reason [`build`] failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What is wrong.
    #[serde(flatten)]
    pub kind: ProblemKind,
    /// What is wrong and what to do, for people.
    pub message: String,
}

/// The reasons [`build`] fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// No such `$context` variable.
    UnknownVariable {
        /// The name given.
        variable: String,
        /// The closest name the API type has.
        suggestion: Option<&'static str>,
    },
    /// The variable exists, but not for this API type.
    NotAvailable {
        /// The name given.
        variable: String,
        /// The API types that have it.
        available_on: Vec<ApiType>,
    },
    /// A variable the builder does not offer (`error.messageString`).
    NotOffered {
        /// The name given.
        variable: String,
    },
    /// A name with a `-`, which ends a variable name (a family member such as a header name).
    DashInName {
        /// The name given.
        variable: String,
    },
    /// A chosen key that cannot be used.
    InvalidKey {
        /// The key given.
        key: String,
    },
    /// Two keys give the same OpenObserve column.
    DuplicateColumn {
        /// The second key.
        key: String,
        /// The column both give.
        column: String,
    },
    /// The format is longer than an HTTP API accepts.
    TooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The format failed a check (a bug: reported rather than handed out).
    CheckFailed {
        /// The diagnostic codes.
        codes: Vec<String>,
    },
}

/// [`build_with_example`] with [`EXAMPLE_SEED`] and [`EXAMPLE_NOW_MS`].
pub fn build(api: ApiType, picks: &[Pick], style: KeyStyle) -> Result<Built, BuildError> {
    build_with_example(api, picks, style, EXAMPLE_SEED, EXAMPLE_NOW_MS)
}

/// Build the JSON format for `picks` on a stage of `api`, keys in `style` unless chosen; the
/// example line is generated from `seed` with times up to an hour before `now_ms`.
///
/// `requestId` is always first and `_timestamp` second; a pick repeating a variable already in
/// the format is skipped unless it chooses a key of its own.
pub fn build_with_example(
    api: ApiType,
    picks: &[Pick],
    style: KeyStyle,
    seed: u64,
    now_ms: i64,
) -> Result<Built, BuildError> {
    let mut problems = Vec::new();
    let mut members: Vec<Member> = Vec::new();
    let mut columns: HashSet<String> = HashSet::new();
    columns.insert(TIMESTAMP_COLUMN.to_owned());

    // requestId first, under the key chosen for it if any.
    let id_pick = picks
        .iter()
        .position(|pick| pick.name() == REQUEST_ID && pick.key.is_some());
    let request_id = match id_pick.and_then(|index| picks[index].key.clone()) {
        Some(key) => key,
        None => default_key(REQUEST_ID, style),
    };
    if let Some(problem) = invalid_key(&request_id) {
        problems.push(problem);
    }
    columns.insert(format_key(&request_id));
    members.push(Member {
        column: format_key(&request_id),
        key: request_id,
        variable: REQUEST_ID.to_owned(),
    });
    members.push(Member {
        key: TIMESTAMP_COLUMN.to_owned(),
        variable: TIMESTAMP_VARIABLE.to_owned(),
        column: TIMESTAMP_COLUMN.to_owned(),
    });

    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(REQUEST_ID.to_owned());
    for (index, pick) in picks.iter().enumerate() {
        let name = pick.name();
        if Some(index) == id_pick || (pick.key.is_none() && !seen.insert(name.to_owned())) {
            continue;
        }
        if let Some(problem) = check_variable(name, api) {
            problems.push(problem);
            continue;
        }
        let key = match &pick.key {
            Some(key) => {
                if let Some(problem) = invalid_key(key) {
                    problems.push(problem);
                    continue;
                }
                let column = format_key(key);
                if !columns.insert(column.clone()) {
                    problems.push(duplicate_column(key, &column));
                    continue;
                }
                key.clone()
            }
            None => unique_key(name, style, &mut columns),
        };
        members.push(Member {
            column: format_key(&key),
            key,
            variable: name.to_owned(),
        });
    }
    if !problems.is_empty() {
        return Err(BuildError { problems });
    }

    let body: Vec<String> = members
        .iter()
        .map(|m| format!("\"{}\":\"$context.{}\"", m.key, m.variable))
        .collect();
    let text = format!("{PROBE_SAFE_PREFIX}{}}}\n", body.join(","));

    if api == ApiType::Http && text.len() > HTTP_TEMPLATE_LIMIT {
        let over = text.len() - HTTP_TEMPLATE_LIMIT;
        return Err(BuildError {
            problems: vec![Problem {
                kind: ProblemKind::TooLong {
                    bytes: text.len(),
                    limit: HTTP_TEMPLATE_LIMIT,
                },
                message: format!(
                    "The format is {} bytes, {over} over the 3 KB ({HTTP_TEMPLATE_LIMIT} bytes) \
                     HTTP APIs allow for an access-log template: drop variables or choose \
                     shorter keys.",
                    text.len()
                ),
            }],
        });
    }

    let checked = format::check(&text, api);
    let failed: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || JSON_CODES.contains(&d.code))
        .map(|d| d.code.as_str().to_owned())
        .collect();
    if !failed.is_empty() || guaranteed_miss(&text).is_none() {
        return Err(BuildError {
            problems: vec![Problem {
                message: format!(
                    "The built format failed gwlog's own checks ({}): please report this.",
                    if failed.is_empty() {
                        "probe-safe".to_owned()
                    } else {
                        failed.join(", ")
                    }
                ),
                kind: ProblemKind::CheckFailed { codes: failed },
            }],
        });
    }
    let columns =
        format_columns_via(&text, api, Via::default_for(api)).map_err(|error| BuildError {
            problems: vec![Problem {
                kind: ProblemKind::CheckFailed {
                    codes: vec!["columns".to_owned()],
                },
                message: format!("The built format gives no columns: {error}"),
            }],
        })?;
    let example_line = synth::lines(&text, api, 1, seed, now_ms)
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(Built {
        api,
        format: text,
        members,
        example_line,
        columns,
        diagnostics: checked.diagnostics,
    })
}

/// Why `name` cannot be in a format for `api`, if it cannot.
fn check_variable(name: &str, api: ApiType) -> Option<Problem> {
    if let Some((_, why)) = NOT_OFFERED.iter().find(|(n, _)| *n == name) {
        return Some(Problem {
            kind: ProblemKind::NotOffered {
                variable: name.to_owned(),
            },
            message: format!("$context.{name} is not offered: {why}."),
        });
    }
    let lookup = catalogue::lookup(name);
    // A dash would end the variable early (REST) or be rejected (HTTP).
    let dashed = name.contains('-');
    match (lookup, lookup.support(api)) {
        (Lookup::Unknown, _) => {
            let hint = catalogue::suggest(name, api)
                .map(|s| format!(" Did you mean {s}?"))
                .unwrap_or_default();
            Some(Problem {
                kind: ProblemKind::UnknownVariable {
                    variable: name.to_owned(),
                    suggestion: catalogue::suggest(name, api),
                },
                message: format!("$context.{name} is not a known access-log variable.{hint}"),
            })
        }
        (_, None) => {
            let available_on: Vec<ApiType> = ApiType::ALL
                .into_iter()
                .filter(|other| lookup.support(*other).is_some())
                .collect();
            let labels: Vec<&str> = available_on.iter().map(|a| a.label()).collect();
            Some(Problem {
                kind: ProblemKind::NotAvailable {
                    variable: name.to_owned(),
                    available_on,
                },
                message: format!(
                    "$context.{name} is not available for {}s (only {}).",
                    api.label(),
                    labels.join(", ")
                ),
            })
        }
        (_, Some(_)) if dashed => Some(Problem {
            kind: ProblemKind::DashInName {
                variable: name.to_owned(),
            },
            message: format!(
                "$context.{name} has a '-': API Gateway ends a variable name there (HTTP APIs \
                 reject it), so it cannot be logged as written."
            ),
        }),
        (_, Some(_)) if lookup.shape_for(api) == ValueShape::PreQuoted => Some(Problem {
            kind: ProblemKind::NotOffered {
                variable: name.to_owned(),
            },
            message: format!("$context.{name} is pre-quoted and breaks JSON."),
        }),
        _ => None,
    }
}

/// Why `key` cannot be used, if it cannot: keys are `[A-Za-z0-9_]`, 1–128 characters, and not
/// `_timestamp` (which the builder fills).
fn invalid_key(key: &str) -> Option<Problem> {
    let why = if key.is_empty() {
        Some("a key cannot be empty")
    } else if key.len() > 128 {
        Some("keys are at most 128 characters")
    } else if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Some("keys are letters, digits and _ only (anything else OpenObserve would turn into _)")
    } else if format_key(key) == TIMESTAMP_COLUMN {
        Some("_timestamp is always $context.requestTimeEpoch")
    } else {
        None
    };
    why.map(|why| Problem {
        kind: ProblemKind::InvalidKey {
            key: key.to_owned(),
        },
        message: format!("The key '{key}' cannot be used: {why}."),
    })
}

fn duplicate_column(key: &str, column: &str) -> Problem {
    Problem {
        kind: ProblemKind::DuplicateColumn {
            key: key.to_owned(),
            column: column.to_owned(),
        },
        message: format!(
            "The key '{key}' gives the column '{column}', which another key already gives \
             (OpenObserve lowercases keys): choose another."
        ),
    }
}

/// [`default_key`], or, when its column is taken, the full name's key, then that with 2, 3, …
fn unique_key(name: &str, style: KeyStyle, columns: &mut HashSet<String>) -> String {
    let preferred = default_key(name, style);
    // The whole name, `identity.` included.
    let full = default_key(&name.replacen("identity.", "identity_", 1), style);
    let mut candidates = vec![preferred.clone()];
    if full != preferred {
        candidates.push(full.clone());
    }
    for candidate in candidates {
        if columns.insert(format_key(&candidate)) {
            return candidate;
        }
    }
    let separator = match style {
        KeyStyle::Camel => "",
        KeyStyle::Snake => "_",
    };
    let mut n = 2;
    loop {
        let candidate = format!("{full}{separator}{n}");
        if columns.insert(format_key(&candidate)) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::Rng;

    fn picks(names: &[&str]) -> Vec<Pick> {
        names.iter().map(|n| Pick::from(*n)).collect()
    }

    fn all_names(api: ApiType) -> Vec<&'static str> {
        catalogue(api, "")
            .into_iter()
            .flat_map(|g| g.entries.into_iter().map(|e| e.name))
            .collect()
    }

    /// Everything the builder promises about a format.
    fn assert_sound(built: &Built, api: ApiType) {
        let format = &built.format;
        assert!(format.starts_with(PROBE_SAFE_PREFIX), "{format}");
        assert!(guaranteed_miss(format).is_some(), "{format}");
        assert!(format.ends_with("}\n"), "{format}");
        assert!(
            format.starts_with("{\t\"requestId\":\"$context.requestId\"")
                || format.starts_with("{\t\"request_id\":\"$context.requestId\""),
            "{format}"
        );
        assert!(format.contains(",\"_timestamp\":\"$context.requestTimeEpoch\""));
        if api == ApiType::Http {
            assert!(format.len() <= HTTP_TEMPLATE_LIMIT);
        }
        let checked = format::check(format, api);
        for d in &checked.diagnostics {
            assert!(!d.is_error(), "{api}: {d:?} in {format}");
            assert!(!JSON_CODES.contains(&d.code), "{api}: {d:?} in {format}");
        }
        // Every value is quoted.
        for member in &built.members {
            assert!(format.contains(&format!(
                "\"{}\":\"$context.{}\"",
                member.key, member.variable
            )));
        }
        // One key per column.
        let mut columns = HashSet::new();
        for member in &built.members {
            assert!(columns.insert(format_key(&member.key)), "{format}");
        }
        // The example line is valid JSON.
        let line: serde_json::Value =
            serde_json::from_str(&built.example_line).expect("example is JSON");
        assert!(line.get("_timestamp").is_some());
        assert!(!built.columns.has_errors(), "{:?}", built.columns.notes);
    }

    #[test]
    fn camel_and_snake_keys() {
        assert_eq!(
            default_key("identity.sourceIp", KeyStyle::Camel),
            "sourceIp"
        );
        assert_eq!(
            default_key("identity.sourceIp", KeyStyle::Snake),
            "source_ip"
        );
        assert_eq!(default_key("requestTime", KeyStyle::Snake), "request_time");
        assert_eq!(
            default_key("identity.clientCert.subjectDN", KeyStyle::Snake),
            "client_cert_subject_dn"
        );
        assert_eq!(
            default_key("error.message", KeyStyle::Camel),
            "errorMessage"
        );
        assert_eq!(
            default_key("awsEndpointRequestId2", KeyStyle::Snake),
            "aws_endpoint_request_id2"
        );
        assert_eq!(default_key("status", KeyStyle::Snake), "status");
    }

    #[test]
    fn request_id_first_and_timestamp_always() {
        let built = build(ApiType::Rest, &[], KeyStyle::Camel).unwrap();
        assert_eq!(
            built.format,
            "{\t\"requestId\":\"$context.requestId\",\"_timestamp\":\"$context.requestTimeEpoch\"}\n"
        );
        assert_sound(&built, ApiType::Rest);
        let built = build(
            ApiType::Rest,
            &picks(&["status", "requestId"]),
            KeyStyle::Camel,
        )
        .unwrap();
        assert_eq!(built.members.len(), 3);
        assert_eq!(built.members[0].variable, "requestId");
        assert_eq!(built.members[2].variable, "status");
    }

    #[test]
    fn order_of_the_picks_is_kept() {
        let built = build(
            ApiType::Rest,
            &picks(&["status", "httpMethod", "identity.sourceIp"]),
            KeyStyle::Camel,
        )
        .unwrap();
        let keys: Vec<&str> = built.members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "requestId",
                "_timestamp",
                "status",
                "httpMethod",
                "sourceIp"
            ]
        );
    }

    #[test]
    fn chosen_keys_are_used_and_checked() {
        let built = build(
            ApiType::Rest,
            &picks(&["status=code", "requestId=id"]),
            KeyStyle::Camel,
        )
        .unwrap();
        assert!(built.format.starts_with("{\t\"id\":\"$context.requestId\""));
        assert!(built.format.contains("\"code\":\"$context.status\""));
        let error = build(ApiType::Rest, &picks(&["status=a-b"]), KeyStyle::Camel).unwrap_err();
        assert!(matches!(
            error.problems[0].kind,
            ProblemKind::InvalidKey { .. }
        ));
        let error = build(
            ApiType::Rest,
            &picks(&["status=_timestamp"]),
            KeyStyle::Camel,
        )
        .unwrap_err();
        assert!(error.to_string().contains("_timestamp"));
        let error = build(
            ApiType::Rest,
            &picks(&["status=Code", "httpMethod=code"]),
            KeyStyle::Camel,
        )
        .unwrap_err();
        assert_eq!(
            error.problems[0].kind,
            ProblemKind::DuplicateColumn {
                key: "code".into(),
                column: "code".into()
            }
        );
    }

    #[test]
    fn colliding_default_keys_stay_unique() {
        let built = build(
            ApiType::Rest,
            &picks(&[
                "accountId",
                "identity.accountId",
                "integrationLatency",
                "integration.latency",
            ]),
            KeyStyle::Camel,
        )
        .unwrap();
        let keys: Vec<&str> = built.members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "requestId",
                "_timestamp",
                "accountId",
                "identityAccountId",
                "integrationLatency",
                "integrationLatency2"
            ]
        );
        assert_sound(&built, ApiType::Rest);
    }

    #[test]
    fn unknown_and_unavailable_variables_are_errors_naming_them() {
        let error = build(
            ApiType::Http,
            &picks(&["requestTim", "resourcePath", "status"]),
            KeyStyle::Camel,
        )
        .unwrap_err();
        assert_eq!(error.problems.len(), 2);
        assert_eq!(
            error.problems[0].kind,
            ProblemKind::UnknownVariable {
                variable: "requestTim".into(),
                suggestion: Some("requestTime")
            }
        );
        assert!(error.problems[0]
            .message
            .contains("Did you mean requestTime?"));
        assert_eq!(
            error.problems[1].kind,
            ProblemKind::NotAvailable {
                variable: "resourcePath".into(),
                available_on: vec![ApiType::Rest]
            }
        );
        assert!(error.to_string().contains("resourcePath"));
    }

    #[test]
    fn message_string_is_refused() {
        let error = build(
            ApiType::Rest,
            &picks(&["error.messageString"]),
            KeyStyle::Camel,
        )
        .unwrap_err();
        assert!(error.to_string().contains("error.message"));
        assert!(all_names(ApiType::Rest)
            .iter()
            .all(|n| *n != "error.messageString"));
    }

    #[test]
    fn context_prefix_is_accepted() {
        let built = build(ApiType::Rest, &picks(&["$context.status"]), KeyStyle::Snake).unwrap();
        assert!(built.format.contains("\"status\":\"$context.status\""));
    }

    #[test]
    fn families_are_accepted_where_supported() {
        let built = build(
            ApiType::Http,
            &picks(&["authorizer.claims.sub"]),
            KeyStyle::Camel,
        )
        .unwrap();
        assert!(built
            .format
            .contains("\"authorizerClaimsSub\":\"$context.authorizer.claims.sub\""));
        assert_sound(&built, ApiType::Http);
        let error = build(
            ApiType::Rest,
            &picks(&["requestOverride.header.x-api-key"]),
            KeyStyle::Camel,
        )
        .unwrap_err();
        assert!(error.to_string().contains("'-'"));
    }

    #[test]
    fn every_variable_of_every_api_builds_alone() {
        for api in ApiType::ALL {
            for style in [KeyStyle::Camel, KeyStyle::Snake] {
                for name in all_names(api) {
                    let built = build(api, &picks(&[name]), style)
                        .unwrap_or_else(|e| panic!("{api} {name}: {e}"));
                    assert_sound(&built, api);
                }
            }
        }
    }

    #[test]
    fn all_variables_at_once_build_except_over_the_http_limit() {
        for api in ApiType::ALL {
            let names = all_names(api);
            match build(api, &picks(&names), KeyStyle::Camel) {
                Ok(built) => assert_sound(&built, api),
                Err(error) => {
                    assert_eq!(api, ApiType::Http, "{error}");
                    let ProblemKind::TooLong { bytes, limit } = error.problems[0].kind else {
                        panic!("{error}");
                    };
                    assert!(bytes > limit);
                    assert!(error
                        .to_string()
                        .contains(&format!("{} over", bytes - limit)));
                }
            }
        }
    }

    #[test]
    fn http_limit_is_an_error_naming_the_excess() {
        let claims: Vec<Pick> = (0..60)
            .map(|i| {
                Pick::from(format!("authorizer.claims.claim_{i:03}_with_a_long_name").as_str())
            })
            .collect();
        let error = build(ApiType::Http, &claims, KeyStyle::Camel).unwrap_err();
        let ProblemKind::TooLong { bytes, limit } = error.problems[0].kind else {
            panic!("{error}");
        };
        assert_eq!(limit, 3072);
        assert!(error
            .to_string()
            .contains(&format!("{bytes} bytes, {} over", bytes - limit)));
        // REST APIs have no template limit.
        let built = build(ApiType::Rest, &claims, KeyStyle::Camel).unwrap();
        assert!(built.bytes() > 3072);
        assert_sound(&built, ApiType::Rest);
    }

    #[test]
    fn random_subsets_are_sound() {
        let mut rng = Rng::new(0x5eed);
        for round in 0..300 {
            let api = ApiType::ALL[round % 3];
            let names = all_names(api);
            let count = rng.range(0, 25) as usize;
            let chosen: Vec<&str> = (0..count)
                .map(|_| names[rng.below(names.len() as u64) as usize])
                .collect();
            let style = if rng.chance(50) {
                KeyStyle::Camel
            } else {
                KeyStyle::Snake
            };
            match build(api, &picks(&chosen), style) {
                Ok(built) => assert_sound(&built, api),
                Err(error) => {
                    assert!(
                        matches!(error.problems[0].kind, ProblemKind::TooLong { .. }),
                        "{api} {chosen:?}: {error}"
                    );
                }
            }
        }
    }

    #[test]
    fn http_format_is_seen_through_cloudwatch() {
        let built = build(ApiType::Http, &picks(&["status"]), KeyStyle::Camel).unwrap();
        assert!(built.columns.column("message_status").is_some());
        let rest = build(ApiType::Rest, &picks(&["status"]), KeyStyle::Camel).unwrap();
        assert!(rest.columns.column("status").is_some());
        assert!(rest.columns.column("requestid").is_some());
    }

    #[test]
    fn catalogue_is_grouped_filtered_and_searchable() {
        let groups = catalogue(ApiType::WebSocket, "");
        assert!(groups.iter().any(|g| g.topic == Topic::Connection));
        assert!(catalogue(ApiType::Rest, "")
            .iter()
            .all(|g| g.topic != Topic::Connection));
        let found = catalogue(ApiType::Rest, "SOURCE ip");
        let names: Vec<&str> = found
            .iter()
            .flat_map(|g| g.entries.iter().map(|e| e.name))
            .collect();
        assert_eq!(names, ["identity.sourceIp"]);
        let caller = &found[0];
        assert_eq!(caller.topic, Topic::Caller);
        assert_eq!(caller.entries[0].key(KeyStyle::Snake), "source_ip");
        assert!(caller.entries[0].meaning.contains("IP"));
        // Meanings are searched too.
        assert!(!catalogue(ApiType::Rest, "latency").is_empty());
        let http = catalogue(ApiType::Http, "authorizer.latency");
        assert!(http[0].entries[0].uncertain);
        let request = &catalogue(ApiType::Rest, "requestId")[0];
        assert!(request.entries.iter().any(|e| e.always));
    }

    #[test]
    fn example_line_follows_the_seed() {
        let a =
            build_with_example(ApiType::Rest, &picks(&["status"]), KeyStyle::Camel, 1, 0).unwrap();
        let b =
            build_with_example(ApiType::Rest, &picks(&["status"]), KeyStyle::Camel, 1, 0).unwrap();
        assert_eq!(a.example_line, b.example_line);
        assert!(a.example_line.starts_with("{\t\"requestId\":\""));
    }

    #[test]
    fn key_style_parses() {
        assert_eq!("snake".parse::<KeyStyle>(), Ok(KeyStyle::Snake));
        assert_eq!("Camel".parse::<KeyStyle>(), Ok(KeyStyle::Camel));
        assert!("kebab".parse::<KeyStyle>().is_err());
    }
}
