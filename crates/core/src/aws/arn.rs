//! ARNs of access-log destinations: build a Firehose stream ARN, or explain a pasted one.
//!
//! API Gateway takes a `destinationArn` that is either a Kinesis Data Firehose delivery stream
//! (`arn:<partition>:firehose:<region>:<account>:deliverystream/amazon-apigateway-<name>`, REST
//! APIs only) or a CloudWatch Logs log group (`arn:<partition>:logs:<region>:<account>:log-group:<name>`,
//! any API type, without the `:*` that CloudFormation, CDK and Terraform append). AWS only checks
//! that the value is ARN-shaped; the checks here catch what would fail later.
//!
//! The types hold only validated parts: an [`AccountId`] is 12 digits, a region comes from the
//! list and is never a `*-global` pseudo-region, and the partition is the region's.
//!
//! ```
//! use gwlog_core::aws::arn::{parse_arn, DestinationKind};
//!
//! let checked = parse_arn("arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*");
//! assert_eq!(checked.kind, Some(DestinationKind::CloudWatchLogs));
//! assert!(checked.diagnostics.iter().any(|d| d.code == "log-group-arn-wildcard"));
//! ```

use super::firehose::{
    capitalised, check_stream_name, describe_char, firehose_supported, StreamName,
};
use super::regions::{self, Partition, Region};
use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Span};
use serde::Serialize;
use std::fmt;

/// The longest CloudWatch Logs log-group name, in characters.
pub const LOG_GROUP_NAME_MAX_LEN: usize = 512;

/// A 12-digit AWS account id (kept as text: it may start with zeros). Only
/// [`AccountId::parse`] creates one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AccountId(String);

impl AccountId {
    /// Accept exactly 12 ASCII digits; the error's span is into `text`.
    pub fn parse(text: &str) -> Result<AccountId, Diagnostic> {
        if text.is_empty() {
            return Err(Diagnostic::error(
                Code::AccountIdEmpty,
                Span::at(0),
                "The account id is missing: it is the 12-digit number in the console's account menu.",
            ));
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != text.len() {
            let first = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
            let last = text
                .char_indices()
                .rev()
                .find(|(_, c)| !c.is_ascii_digit())
                .map_or(text.len(), |(i, c)| i + c.len_utf8());
            let separators_only = text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
            let message = if separators_only && digits.len() == 12 {
                format!("An account id in an ARN is 12 digits without separators: use '{digits}'.")
            } else {
                let bad = text[first..]
                    .chars()
                    .next()
                    .map(describe_char)
                    .unwrap_or_default();
                format!("An account id is exactly 12 digits; {bad} is not a digit.")
            };
            return Err(Diagnostic::error(
                Code::AccountIdNotDigits,
                first..last,
                message,
            ));
        }
        match text.len() {
            12 => Ok(AccountId(text.to_owned())),
            n if n < 12 => Err(Diagnostic::error(
                Code::AccountIdLength,
                0..n,
                format!(
                    "An account id is exactly 12 digits; this one has {n}. Leading zeros count \
                     (000123456789)."
                ),
            )),
            n => Err(Diagnostic::error(
                Code::AccountIdLength,
                12..n,
                format!("An account id is exactly 12 digits; this one has {n}."),
            )),
        }
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CloudWatch Logs log-group name: 1–512 characters of `[.\-_/#A-Za-z0-9]`. Only
/// [`LogGroupName::parse`] creates one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct LogGroupName(String);

impl LogGroupName {
    /// Accept a valid log-group name; the errors' spans are into `text`.
    pub fn parse(text: &str) -> Result<LogGroupName, Vec<Diagnostic>> {
        if text.is_empty() {
            return Err(vec![Diagnostic::error(
                Code::LogGroupNameEmpty,
                Span::at(0),
                "The log-group name is missing after 'log-group:'.",
            )]);
        }
        let mut errors = Vec::new();
        let mut run: Option<(usize, usize)> = None;
        let flush = |run: &mut Option<(usize, usize)>, errors: &mut Vec<Diagnostic>| {
            if let Some((start, end)) = run.take() {
                let bad = text[start..end]
                    .chars()
                    .next()
                    .map(describe_char)
                    .unwrap_or_default();
                errors.push(Diagnostic::error(
                    Code::LogGroupNameInvalidCharacter,
                    start..end,
                    format!(
                        "{} is not allowed in a log-group name: use letters, digits, '.', '-', \
                         '_', '/' or '#'.",
                        capitalised(&bad)
                    ),
                ));
            }
        };
        for (i, c) in text.char_indices() {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '#') {
                flush(&mut run, &mut errors);
            } else {
                let end = i + c.len_utf8();
                run = Some(run.map_or((i, end), |(start, _)| (start, end)));
            }
        }
        flush(&mut run, &mut errors);
        let count = text.chars().count();
        if count > LOG_GROUP_NAME_MAX_LEN {
            let cut = text
                .char_indices()
                .nth(LOG_GROUP_NAME_MAX_LEN)
                .map_or(0, |(i, _)| i);
            errors.push(Diagnostic::error(
                Code::LogGroupNameTooLong,
                cut..text.len(),
                format!(
                    "A log-group name is at most {LOG_GROUP_NAME_MAX_LEN} characters; this one has \
                     {count}."
                ),
            ));
        }
        if errors.is_empty() {
            Ok(LogGroupName(text.to_owned()))
        } else {
            Err(errors)
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LogGroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which kind of access-log destination an ARN names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DestinationKind {
    /// A Kinesis Data Firehose delivery stream (REST APIs only).
    Firehose,
    /// A CloudWatch Logs log group (any API type).
    #[serde(rename = "cloudwatch-logs")]
    CloudWatchLogs,
}

impl DestinationKind {
    /// The name AWS uses for it.
    pub fn label(self) -> &'static str {
        match self {
            DestinationKind::Firehose => "Kinesis Data Firehose delivery stream",
            DestinationKind::CloudWatchLogs => "CloudWatch Logs log group",
        }
    }
}

/// A valid Firehose delivery-stream ARN for an API Gateway access-log destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirehoseArn {
    region: &'static Region,
    account: AccountId,
    name: StreamName,
}

impl FirehoseArn {
    /// The partition (the region's).
    pub fn partition(&self) -> Partition {
        self.region.partition()
    }

    /// The region.
    pub fn region(&self) -> &'static Region {
        self.region
    }

    /// The account id.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The delivery-stream name.
    pub fn name(&self) -> &StreamName {
        &self.name
    }
}

impl fmt::Display for FirehoseArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:firehose:{}:{}:deliverystream/{}",
            self.partition(),
            self.region,
            self.account,
            self.name
        )
    }
}

impl Serialize for FirehoseArn {
    /// `{"kind":"firehose","arn":…,"partition":…,"region":…,"account":…,"name":…}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ArnView {
            kind: DestinationKind::Firehose,
            arn: self.to_string(),
            partition: self.partition(),
            region: self.region.code(),
            account: self.account.as_str(),
            name: self.name.as_str(),
        }
        .serialize(serializer)
    }
}

/// A valid CloudWatch Logs log-group ARN (without `:*`) for an access-log destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogGroupArn {
    region: &'static Region,
    account: AccountId,
    name: LogGroupName,
}

impl LogGroupArn {
    /// The partition (the region's).
    pub fn partition(&self) -> Partition {
        self.region.partition()
    }

    /// The region.
    pub fn region(&self) -> &'static Region {
        self.region
    }

    /// The account id.
    pub fn account(&self) -> &AccountId {
        &self.account
    }

    /// The log-group name.
    pub fn name(&self) -> &LogGroupName {
        &self.name
    }
}

impl fmt::Display for LogGroupArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:logs:{}:{}:log-group:{}",
            self.partition(),
            self.region,
            self.account,
            self.name
        )
    }
}

impl Serialize for LogGroupArn {
    /// `{"kind":"cloudwatch-logs","arn":…,"partition":…,"region":…,"account":…,"name":…}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ArnView {
            kind: DestinationKind::CloudWatchLogs,
            arn: self.to_string(),
            partition: self.partition(),
            region: self.region.code(),
            account: self.account.as_str(),
            name: self.name.as_str(),
        }
        .serialize(serializer)
    }
}

/// The serialised shape of both ARN kinds.
#[derive(Serialize)]
struct ArnView<'a> {
    kind: DestinationKind,
    arn: String,
    partition: Partition,
    region: &'static str,
    account: &'a str,
    name: &'a str,
}

/// A valid access-log destination ARN, of either kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ParsedArn {
    /// A Firehose delivery stream whose name has the `amazon-apigateway-` prefix.
    FirehoseStream(FirehoseArn),
    /// A CloudWatch Logs log group.
    LogGroup(LogGroupArn),
}

impl ParsedArn {
    /// Which kind of destination it is.
    pub fn kind(&self) -> DestinationKind {
        match self {
            ParsedArn::FirehoseStream(_) => DestinationKind::Firehose,
            ParsedArn::LogGroup(_) => DestinationKind::CloudWatchLogs,
        }
    }

    /// The partition.
    pub fn partition(&self) -> Partition {
        self.region().partition()
    }

    /// The region.
    pub fn region(&self) -> &'static Region {
        match self {
            ParsedArn::FirehoseStream(arn) => arn.region,
            ParsedArn::LogGroup(arn) => arn.region,
        }
    }

    /// The account id.
    pub fn account(&self) -> &AccountId {
        match self {
            ParsedArn::FirehoseStream(arn) => &arn.account,
            ParsedArn::LogGroup(arn) => &arn.account,
        }
    }
}

impl fmt::Display for ParsedArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParsedArn::FirehoseStream(arn) => arn.fmt(f),
            ParsedArn::LogGroup(arn) => arn.fmt(f),
        }
    }
}

/// What [`parse_arn`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArnCheck {
    /// The ARN, when it has no error.
    pub arn: Option<ParsedArn>,
    /// Which kind of destination the ARN's service names, even when other parts are wrong.
    pub kind: Option<DestinationKind>,
    /// Every fault, with spans into the pasted text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Which input of [`firehose_arn`] a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArnField {
    /// The delivery-stream name.
    Name,
    /// The region code.
    Region,
    /// The account id.
    Account,
}

/// A diagnostic about one input of [`firehose_arn`]; its span is into that input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArnFieldDiagnostic {
    /// The input the span points into.
    pub field: ArnField,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// What [`firehose_arn`] built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArnBuild {
    /// The ARN, when no input has an error.
    pub arn: Option<FirehoseArn>,
    /// Findings, each tagged with its input.
    pub diagnostics: Vec<ArnFieldDiagnostic>,
}

/// Build `arn:<partition>:firehose:<region>:<account>:deliverystream/<name>` from its inputs. The
/// name is checked like [`check_stream_name`] (so the prefix is added when only the user's part is
/// given); the partition follows from the region.
pub fn firehose_arn(name: &str, region: &str, account: &str) -> ArnBuild {
    let mut diagnostics = Vec::new();
    let mut tag = |field: ArnField, found: Vec<Diagnostic>| {
        diagnostics.extend(
            found
                .into_iter()
                .map(|diagnostic| ArnFieldDiagnostic { field, diagnostic }),
        );
    };
    let checked = check_stream_name(name);
    let name_ok = !checked.diagnostics.iter().any(Diagnostic::is_error);
    tag(ArnField::Name, checked.diagnostics);
    let name = if name_ok {
        StreamName::parse(&checked.name).ok()
    } else {
        None
    };
    let region = check_region(region)
        .map_err(|e| tag(ArnField::Region, vec![e]))
        .ok();
    if let Some(region) = region.filter(|r| !r.has_api_gateway()) {
        tag(ArnField::Region, vec![no_api_gateway(region, 0)]);
    }
    let account = AccountId::parse(account)
        .map_err(|e| tag(ArnField::Account, vec![e]))
        .ok();
    let arn = match (name, region, account) {
        (Some(name), Some(region), Some(account)) => Some(FirehoseArn {
            region,
            account,
            name,
        }),
        _ => None,
    };
    ArnBuild { arn, diagnostics }
}

/// Explain a pasted destination ARN: every fault with its span, and which kind of destination it
/// names. It does not know the API type: see [`check_destination`].
pub fn parse_arn(text: &str) -> ArnCheck {
    let mut diagnostics = Vec::new();
    let mut check = ArnCheck {
        arn: None,
        kind: None,
        diagnostics: Vec::new(),
    };

    let lead = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        check.diagnostics.push(Diagnostic::error(
            Code::ArnEmpty,
            0..text.len(),
            "The destination ARN is missing: arn:aws:firehose:<region>:<account-id>:deliverystream/<name>.",
        ));
        return check;
    }
    let trail_start = lead + trimmed.len();
    for span in [Span::new(0, lead), Span::new(trail_start, text.len())] {
        if !span.is_empty() {
            diagnostics.push(Diagnostic::warning(
                Code::ArnSurroundingWhitespace,
                span,
                "Whitespace around the ARN (often a pasted line break) is not part of it: remove it.",
            ));
        }
    }

    // `arn:partition:service:region:account:resource`; the resource may itself contain `:`.
    let mut parts: Vec<(usize, &str)> = Vec::with_capacity(6);
    let mut offset = lead;
    for part in trimmed.splitn(6, ':') {
        parts.push((offset, part));
        offset += part.len() + 1;
    }
    let whole = Span::new(lead, trail_start);
    if parts.len() < 6 {
        let message = if parts.len() == 1 && trimmed.chars().all(|c| c.is_ascii_graphic()) {
            format!(
                "'{trimmed}' is a name, not an ARN: a Firehose destination is \
                 arn:aws:firehose:<region>:<account-id>:deliverystream/{trimmed}."
            )
        } else {
            format!(
                "An ARN has six parts separated by ':' (arn:partition:service:region:account-id:resource); \
                 this one has {}.",
                parts.len()
            )
        };
        diagnostics.push(Diagnostic::error(Code::ArnTooFewParts, whole, message));
        check.diagnostics = diagnostics;
        return check;
    }
    let span_of = |(start, part): (usize, &str)| Span::new(start, start + part.len());

    if parts[0].1 != "arn" {
        diagnostics.push(Diagnostic::error(
            Code::ArnPrefix,
            span_of(parts[0]),
            format!("An ARN starts with 'arn:', not '{}:'.", parts[0].1),
        ));
    }

    let service = parts[2].1;
    check.kind = match service {
        "firehose" => Some(DestinationKind::Firehose),
        "logs" => Some(DestinationKind::CloudWatchLogs),
        _ => {
            let lower = service.to_ascii_lowercase();
            let (kind, message) = match lower.as_str() {
                "firehose" | "logs" => (
                    Some(if lower == "logs" {
                        DestinationKind::CloudWatchLogs
                    } else {
                        DestinationKind::Firehose
                    }),
                    format!("Service names in ARNs are lowercase: '{lower}'."),
                ),
                "kinesis" => (
                    None,
                    "'kinesis' is a Kinesis Data Streams ARN: API Gateway sends access logs to Kinesis \
                     Data Firehose ('firehose', …:deliverystream/<name>) or CloudWatch Logs ('logs', \
                     …:log-group:<name>), not to a data stream."
                        .to_owned(),
                ),
                _ => (
                    None,
                    format!(
                        "API Gateway cannot send access logs to '{service}': the destination is a Firehose \
                         delivery stream ('firehose') or a CloudWatch Logs log group ('logs')."
                    ),
                ),
            };
            diagnostics.push(Diagnostic::error(
                Code::ArnWrongService,
                span_of(parts[2]),
                message,
            ));
            kind
        }
    };

    // Other services' ARNs have their own region and account rules (S3 has neither): judge
    // those parts only for a destination service.
    let destination_service = check.kind.is_some();
    let region = match check_region(parts[3].1) {
        Ok(region) if destination_service && !region.has_api_gateway() => {
            diagnostics.push(no_api_gateway(region, parts[3].0));
            Some(region)
        }
        Ok(region) => Some(region),
        Err(_) if !destination_service => None,
        Err(error) => {
            diagnostics.push(shift(error, parts[3].0));
            None
        }
    };
    let partition = Partition::from_id(parts[1].1);
    match (partition, region) {
        (None, _) => {
            let hint = match region {
                Some(region) => format!(" For {region} it is '{}'.", region.partition()),
                None => String::new(),
            };
            let ids: Vec<&str> = Partition::ALL.iter().map(|p| p.id()).collect();
            diagnostics.push(Diagnostic::error(
                Code::UnknownPartition,
                span_of(parts[1]),
                format!(
                    "'{}' is not an AWS partition (one of {}).{hint}",
                    parts[1].1,
                    ids.join(", ")
                ),
            ));
        }
        (Some(partition), Some(region)) if region.partition() != partition => {
            diagnostics.push(Diagnostic::error(
                Code::PartitionRegionMismatch,
                span_of(parts[1]),
                format!(
                    "{region} is in partition {}, not {partition}: the ARN must start with 'arn:{}:'.",
                    region.partition(),
                    region.partition()
                ),
            ));
        }
        _ => {}
    }

    let account = match AccountId::parse(parts[4].1) {
        Ok(account) => Some(account),
        Err(_) if !destination_service => None,
        Err(error) => {
            diagnostics.push(shift(error, parts[4].0));
            None
        }
    };

    let (resource_start, resource) = parts[5];
    let resource_span = Span::new(resource_start, resource_start + resource.len());
    let destination = match check.kind {
        Some(DestinationKind::Firehose) => {
            firehose_resource(resource, resource_start, resource_span, &mut diagnostics)
                .map(Resource::Firehose)
        }
        Some(DestinationKind::CloudWatchLogs) => {
            diagnostics.push(Diagnostic::info(
                Code::CloudwatchLogsDestination,
                span_of(parts[2]),
                "A CloudWatch Logs log group: a valid access-log destination for REST, HTTP and \
                 WebSocket APIs. To reach OpenObserve, add a subscription filter that forwards the \
                 log group to a Firehose stream.",
            ));
            log_group_resource(resource, resource_start, resource_span, &mut diagnostics)
                .map(Resource::LogGroup)
        }
        None => None,
    };

    diagnostics.sort_by_key(|d| d.span);
    let clean = !diagnostics.iter().any(Diagnostic::is_error);
    check.arn = match (clean, partition, region, account, destination) {
        (true, Some(_), Some(region), Some(account), Some(Resource::Firehose(name))) => {
            Some(ParsedArn::FirehoseStream(FirehoseArn {
                region,
                account,
                name,
            }))
        }
        (true, Some(_), Some(region), Some(account), Some(Resource::LogGroup(name))) => {
            Some(ParsedArn::LogGroup(LogGroupArn {
                region,
                account,
                name,
            }))
        }
        _ => None,
    };
    check.diagnostics = diagnostics;
    check
}

/// [`parse_arn`], plus the API-type rule: a Firehose ARN on an HTTP or WebSocket API is an error.
pub fn check_destination(text: &str, api: ApiType) -> ArnCheck {
    let mut check = parse_arn(text);
    if check.kind == Some(DestinationKind::Firehose) {
        if let Some(mut error) = firehose_supported(api) {
            let lead = text.len() - text.trim_start().len();
            error.span = Span::new(lead, lead + text.trim().len());
            check.diagnostics.push(error);
            check.arn = None;
        }
    }
    check
}

/// The resource part of a valid ARN.
enum Resource {
    Firehose(StreamName),
    LogGroup(LogGroupName),
}

/// `deliverystream/<name>` with a valid, prefixed name.
fn firehose_resource(
    resource: &str,
    start: usize,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<StreamName> {
    const TYPE: &str = "deliverystream/";
    let Some(name) = resource.strip_prefix(TYPE) else {
        diagnostics.push(Diagnostic::error(
            Code::ArnResourceType,
            span,
            format!(
                "A Firehose ARN ends in 'deliverystream/<name>', not '{resource}'. The stream's ARN is \
                 shown in the Firehose console."
            ),
        ));
        return None;
    };
    if let Some(stripped) = name.strip_suffix(":*") {
        let at = start + TYPE.len() + stripped.len();
        diagnostics.push(Diagnostic::error(
            Code::FirehoseArnWildcard,
            at..at + 2,
            "A Firehose stream ARN never ends in ':*' (that is a CloudWatch Logs log-group habit): \
             remove it.",
        ));
        return StreamName::parse(stripped).ok();
    }
    match StreamName::parse(name) {
        Ok(name) => Some(name),
        Err(errors) => {
            let at = start + TYPE.len();
            diagnostics.extend(errors.into_iter().map(|e| shift(e, at)));
            None
        }
    }
}

/// `log-group:<name>`, without `:*` and without a log stream.
fn log_group_resource(
    resource: &str,
    start: usize,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LogGroupName> {
    const TYPE: &str = "log-group:";
    let Some(mut name) = resource.strip_prefix(TYPE) else {
        diagnostics.push(Diagnostic::error(
            Code::ArnResourceType,
            span,
            format!(
                "A CloudWatch Logs destination ARN ends in 'log-group:<name>', not '{resource}'."
            ),
        ));
        return None;
    };
    let at = start + TYPE.len();
    let mut ok = true;
    if let Some(stripped) = name.strip_suffix(":*") {
        diagnostics.push(Diagnostic::error(
            Code::LogGroupArnWildcard,
            Span::new(at + stripped.len(), at + name.len()),
            "API Gateway doesn't allow the trailing ':*': remove it. CloudFormation (GetAtt …Arn), \
             CDK (logGroupArn) and Terraform (aws_cloudwatch_log_group.arn) add it; build the ARN \
             without it.",
        ));
        name = stripped;
        ok = false;
    }
    if let Some(stream) = name.find(":log-stream:") {
        diagnostics.push(Diagnostic::error(
            Code::ArnResourceType,
            Span::new(at + stream, at + name.len()),
            "This ARN points at a log stream: API Gateway needs the log group's ARN, so remove \
             ':log-stream:…'.",
        ));
        return None;
    }
    match LogGroupName::parse(name) {
        Ok(name) if ok => Some(name),
        Ok(_) => None,
        Err(errors) => {
            diagnostics.extend(errors.into_iter().map(|e| shift(e, at)));
            None
        }
    }
}

/// A listed, non-global region; the error's span is into `text`.
fn check_region(text: &str) -> Result<&'static Region, Diagnostic> {
    if text.is_empty() {
        return Err(Diagnostic::error(
            Code::RegionEmpty,
            Span::at(0),
            "The region is missing: the code of the region the stream lives in, such as us-east-1.",
        ));
    }
    let whole = 0..text.len();
    match regions::region(text) {
        Some(region) if region.is_global() => Err(Diagnostic::error(
            Code::GlobalRegion,
            whole,
            format!(
                "'{text}' is a pseudo-region for {}'s global endpoints, not a region resources live \
                 in: use the stream's or log group's own region.",
                region.partition()
            ),
        )),
        Some(region) => Ok(region),
        None => {
            let hint = match regions::did_you_mean(text) {
                Some(r) => format!(" Did you mean '{}' ({})?", r.code(), r.name()),
                None => " Region codes look like us-east-1 or eu-west-2.".to_owned(),
            };
            Err(Diagnostic::error(
                Code::UnknownRegion,
                whole,
                format!("'{text}' is not an AWS region (botocore's list of 2026-08-07).{hint}"),
            ))
        }
    }
}

/// API Gateway is not offered in `region`, so no stage there can log anywhere.
fn no_api_gateway(region: &Region, at: usize) -> Diagnostic {
    Diagnostic::warning(
        Code::RegionWithoutApiGateway,
        Span::new(at, at + region.code().len()),
        format!(
            "botocore lists no API Gateway endpoint in {} ({}): no stage there can send access \
             logs. Check the region.",
            region.code(),
            region.name()
        ),
    )
}

/// A diagnostic whose span was relative to a part, made relative to the whole text.
fn shift(mut diagnostic: Diagnostic, by: usize) -> Diagnostic {
    diagnostic.span = diagnostic.span.shifted(by);
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firehose_arn_with_a_trailing_wildcard_is_explained() {
        let text =
            "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod:*";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["firehose-arn-wildcard"]);
        assert_eq!(&text[check.diagnostics[0].span.range()], ":*");
    }

    #[test]
    fn a_region_without_api_gateway_is_flagged() {
        let built = firehose_arn("prod", "us-isob-west-1", "123456789012");
        assert!(built.arn.is_some());
        assert_eq!(
            built.diagnostics.last().map(|d| d.diagnostic.code.as_str()),
            Some("region-without-api-gateway")
        );
    }

    const STREAM_ARN: &str =
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod";

    fn codes(check: &ArnCheck) -> Vec<&'static str> {
        check.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    fn span_text<'a>(text: &'a str, check: &ArnCheck, code: &str) -> &'a str {
        let d = check
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .expect(code);
        &text[d.span.range()]
    }

    #[test]
    fn account_id_accepts_twelve_digits_with_leading_zeros() {
        assert_eq!(
            AccountId::parse("000123456789").unwrap().as_str(),
            "000123456789"
        );
    }

    #[test]
    fn account_id_rejects_nine_digits() {
        let error = AccountId::parse("123456789").unwrap_err();
        assert_eq!(error.code, "account-id-length");
        assert_eq!(error.span, Span::new(0, 9));
    }

    #[test]
    fn account_id_points_at_digits_beyond_twelve() {
        assert_eq!(
            AccountId::parse("1234567890123").unwrap_err().span,
            Span::new(12, 13)
        );
    }

    #[test]
    fn account_id_with_console_dashes_suggests_the_digits() {
        let error = AccountId::parse("1234-5678-9012").unwrap_err();
        assert_eq!(error.code, "account-id-not-digits");
        assert!(error.message.contains("'123456789012'"));
        assert_eq!(error.span, Span::new(4, 10));
    }

    #[test]
    fn account_id_rejects_empty() {
        assert_eq!(AccountId::parse("").unwrap_err().code, "account-id-empty");
    }

    #[test]
    fn log_group_name_allows_slash_and_hash() {
        assert!(LogGroupName::parse("/aws/api-gateway/prod#1").is_ok());
    }

    #[test]
    fn log_group_name_rejects_a_space() {
        let errors = LogGroupName::parse("my logs").unwrap_err();
        assert_eq!(errors[0].code, "log-group-name-invalid-character");
        assert_eq!(errors[0].span, Span::new(2, 3));
    }

    #[test]
    fn log_group_name_is_at_most_512_characters() {
        assert!(LogGroupName::parse(&"a".repeat(512)).is_ok());
        let errors = LogGroupName::parse(&"a".repeat(513)).unwrap_err();
        assert_eq!(errors[0].code, "log-group-name-too-long");
        assert_eq!(errors[0].span, Span::new(512, 513));
    }

    #[test]
    fn builds_the_aws_reference_example() {
        let built = firehose_arn("amazon-apigateway-prod", "us-east-1", "123456789012");
        assert_eq!(built.diagnostics, []);
        assert_eq!(built.arn.unwrap().to_string(), STREAM_ARN);
    }

    #[test]
    fn builds_china_and_govcloud_with_their_partitions() {
        let cn = firehose_arn("amazon-apigateway-x", "cn-north-1", "123456789012");
        assert_eq!(
            cn.arn.unwrap().to_string(),
            "arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/amazon-apigateway-x"
        );
        let gov = firehose_arn("amazon-apigateway-x", "us-gov-west-1", "123456789012");
        assert_eq!(
            gov.arn.unwrap().to_string(),
            "arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/amazon-apigateway-x"
        );
    }

    #[test]
    fn build_adds_the_prefix_to_a_bare_user_part() {
        let built = firehose_arn("prod", "eu-west-1", "123456789012");
        assert_eq!(
            built.arn.unwrap().to_string(),
            "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
        );
        assert_eq!(built.diagnostics[0].field, ArnField::Name);
        assert_eq!(
            built.diagnostics[0].diagnostic.code,
            "stream-name-missing-prefix"
        );
    }

    #[test]
    fn build_suggests_a_region_for_a_typo() {
        let built = firehose_arn("amazon-apigateway-prod", "us-esat-1", "123456789012");
        assert!(built.arn.is_none());
        let d = &built.diagnostics[0];
        assert_eq!(
            (d.field, d.diagnostic.code.as_str()),
            (ArnField::Region, "unknown-region")
        );
        assert!(d.diagnostic.message.contains("'us-east-1'"));
    }

    #[test]
    fn build_rejects_a_global_pseudo_region() {
        let built = firehose_arn("amazon-apigateway-prod", "aws-global", "123456789012");
        assert_eq!(built.diagnostics[0].diagnostic.code, "global-region");
    }

    #[test]
    fn build_tags_account_faults_with_their_field() {
        let built = firehose_arn("amazon-apigateway-prod", "us-east-1", "12345678901");
        let d = &built.diagnostics[0];
        assert_eq!(
            (d.field, d.diagnostic.code.as_str()),
            (ArnField::Account, "account-id-length")
        );
    }

    #[test]
    fn build_serialises_with_a_field_per_diagnostic() {
        let built = firehose_arn("prod", "us-east-1", "1");
        let json = serde_json::to_value(&built).unwrap();
        assert_eq!(json["arn"], serde_json::Value::Null);
        assert_eq!(json["diagnostics"][1]["field"], "account");
        assert_eq!(json["diagnostics"][1]["code"], "account-id-length");
    }

    #[test]
    fn parses_a_firehose_arn() {
        let check = parse_arn(STREAM_ARN);
        assert_eq!(check.diagnostics, []);
        assert_eq!(check.kind, Some(DestinationKind::Firehose));
        let arn = check.arn.unwrap();
        assert_eq!(arn.partition(), Partition::Aws);
        assert_eq!(arn.region().code(), "us-east-1");
        assert_eq!(arn.account().as_str(), "123456789012");
        assert_eq!(arn.to_string(), STREAM_ARN);
    }

    #[test]
    fn parses_the_china_and_govcloud_examples() {
        for text in [
            "arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/amazon-apigateway-x",
            "arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/amazon-apigateway-x",
        ] {
            assert_eq!(parse_arn(text).diagnostics, [], "{text}");
        }
    }

    #[test]
    fn parsed_arn_serialises_its_parts() {
        let json = serde_json::to_value(parse_arn(STREAM_ARN)).unwrap();
        assert_eq!(json["kind"], "firehose");
        assert_eq!(json["arn"]["partition"], "aws");
        assert_eq!(json["arn"]["name"], "amazon-apigateway-prod");
        assert_eq!(json["arn"]["arn"], STREAM_ARN);
    }

    #[test]
    fn docs_example_stream_arn_has_a_short_account_and_no_prefix() {
        let text = "arn:aws:firehose:us-east-1:123456789:deliverystream/testStream";
        let check = parse_arn(text);
        assert_eq!(
            codes(&check),
            ["account-id-length", "stream-name-missing-prefix"]
        );
        assert_eq!(span_text(text, &check, "account-id-length"), "123456789");
        assert_eq!(
            span_text(text, &check, "stream-name-missing-prefix"),
            "testStream"
        );
        assert_eq!(check.kind, Some(DestinationKind::Firehose));
        assert!(check.arn.is_none());
    }

    #[test]
    fn partition_must_match_the_region() {
        let text = "arn:aws:firehose:cn-north-1:123456789012:deliverystream/amazon-apigateway-x";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["partition-region-mismatch"]);
        assert_eq!(span_text(text, &check, "partition-region-mismatch"), "aws");
        assert!(check.diagnostics[0].message.contains("'arn:aws-cn:'"));
    }

    #[test]
    fn unknown_partition_names_the_right_one() {
        let text =
            "arn:aws-china:firehose:cn-north-1:123456789012:deliverystream/amazon-apigateway-x";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["unknown-partition"]);
        assert!(check.diagnostics[0].message.contains("'aws-cn'"));
    }

    #[test]
    fn unknown_region_gets_a_suggestion_and_a_span() {
        let text = "arn:aws:firehose:eu-wset-1:123456789012:deliverystream/amazon-apigateway-x";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["unknown-region"]);
        assert_eq!(span_text(text, &check, "unknown-region"), "eu-wset-1");
        assert!(check.diagnostics[0].message.contains("'eu-west-1'"));
    }

    #[test]
    fn global_pseudo_region_is_rejected_in_an_arn() {
        let text = "arn:aws:firehose:aws-global:123456789012:deliverystream/amazon-apigateway-x";
        assert_eq!(codes(&parse_arn(text)), ["global-region"]);
    }

    #[test]
    fn wrong_number_of_parts_is_explained() {
        let check = parse_arn("arn:aws:firehose:us-east-1:deliverystream/amazon-apigateway-x");
        assert_eq!(codes(&check), ["arn-too-few-parts"]);
        assert!(check.diagnostics[0].message.contains("this one has 5"));
    }

    #[test]
    fn a_bare_stream_name_is_not_an_arn() {
        let check = parse_arn("amazon-apigateway-prod");
        assert_eq!(codes(&check), ["arn-too-few-parts"]);
        assert!(check.diagnostics[0]
            .message
            .contains("is a name, not an ARN"));
    }

    #[test]
    fn text_must_start_with_arn() {
        let text = "urn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["arn-prefix"]);
        assert_eq!(span_text(text, &check, "arn-prefix"), "urn");
    }

    #[test]
    fn log_group_arn_is_a_cloudwatch_destination() {
        let text = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/prod";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["cloudwatch-logs-destination"]);
        assert_eq!(check.kind, Some(DestinationKind::CloudWatchLogs));
        assert_eq!(check.arn.unwrap().to_string(), text);
    }

    #[test]
    fn log_group_arn_with_trailing_wildcard_is_an_error_on_the_wildcard() {
        let text = "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*";
        let check = parse_arn(text);
        assert_eq!(
            codes(&check),
            ["cloudwatch-logs-destination", "log-group-arn-wildcard"]
        );
        assert_eq!(span_text(text, &check, "log-group-arn-wildcard"), ":*");
        assert!(check.diagnostics[1].message.contains("remove it"));
        assert!(check.arn.is_none());
    }

    #[test]
    fn log_stream_arn_is_not_a_log_group() {
        let text = "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s";
        let check = parse_arn(text);
        assert_eq!(
            span_text(text, &check, "arn-resource-type"),
            ":log-stream:s"
        );
    }

    #[test]
    fn log_group_name_faults_point_into_the_arn() {
        let text = "arn:aws:logs:us-east-1:123456789012:log-group:my logs";
        let check = parse_arn(text);
        assert_eq!(
            span_text(text, &check, "log-group-name-invalid-character"),
            " "
        );
    }

    #[test]
    fn other_services_are_not_destinations() {
        let text = "arn:aws:s3:us-east-1:123456789012:bucket/logs";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["arn-wrong-service"]);
        assert_eq!(span_text(text, &check, "arn-wrong-service"), "s3");
        assert_eq!(check.kind, None);
    }

    #[test]
    fn kinesis_data_stream_is_explained() {
        let check = parse_arn("arn:aws:kinesis:us-east-1:123456789012:stream/amazon-apigateway-x");
        assert!(check.diagnostics[0]
            .message
            .contains("Kinesis Data Streams"));
    }

    #[test]
    fn firehose_resource_must_be_a_deliverystream() {
        let text = "arn:aws:firehose:us-east-1:123456789012:stream/amazon-apigateway-x";
        let check = parse_arn(text);
        assert_eq!(codes(&check), ["arn-resource-type"]);
        assert_eq!(
            span_text(text, &check, "arn-resource-type"),
            "stream/amazon-apigateway-x"
        );
    }

    #[test]
    fn firehose_name_faults_point_into_the_arn() {
        let text =
            "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-my logs";
        let check = parse_arn(text);
        assert_eq!(
            span_text(text, &check, "stream-name-invalid-character"),
            " "
        );
    }

    #[test]
    fn surrounding_whitespace_is_a_warning_and_spans_stay_right() {
        let text = " arn:aws:firehose:us-east-1:12345678901:deliverystream/amazon-apigateway-x\n";
        let check = parse_arn(text);
        assert_eq!(
            codes(&check),
            [
                "arn-surrounding-whitespace",
                "account-id-length",
                "arn-surrounding-whitespace"
            ]
        );
        assert_eq!(span_text(text, &check, "account-id-length"), "12345678901");
    }

    #[test]
    fn empty_text_is_an_error() {
        assert_eq!(codes(&parse_arn("  ")), ["arn-empty"]);
    }

    #[test]
    fn firehose_arn_on_an_http_api_is_an_error() {
        let check = check_destination(STREAM_ARN, ApiType::Http);
        assert_eq!(codes(&check), ["firehose-not-supported"]);
        assert!(check.arn.is_none());
        assert_eq!(check.kind, Some(DestinationKind::Firehose));
    }

    #[test]
    fn log_group_arn_on_a_websocket_api_is_fine() {
        let text = "arn:aws:logs:us-east-1:123456789012:log-group:ws-logs";
        assert!(check_destination(text, ApiType::WebSocket).arn.is_some());
    }
}
