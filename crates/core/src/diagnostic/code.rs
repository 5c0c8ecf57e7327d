//! Every diagnostic code gwlog emits: its stable kebab-case string (scripts match on it), the
//! severities it can have, and a one-line summary. `docs/diagnostics.md` is generated from
//! [`Code::ALL`]; a test fails when the two differ.

use super::Severity;
use serde::{Serialize, Serializer};
use std::fmt;

/// Defines [`Code`] from one table: variant, stable string, severities, summary.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal, [$($severity:ident),+], $summary:literal;)+) => {
        /// A diagnostic code. Its string ([`Code::as_str`]) never changes once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[$doc])* $variant,)+
        }

        impl Code {
            /// Every code, in alphabetical order of its string.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable kebab-case string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }

            /// The severities this code is reported with; the first is the usual one. (Some
            /// depend on the API type: an unknown variable is an error for HTTP APIs, which
            /// reject it, and a warning for REST APIs, which write `-`.)
            pub fn severities(self) -> &'static [Severity] {
                match self {
                    $(Code::$variant => &[$(Severity::$severity),+],)+
                }
            }

            /// What the code means, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)+
                }
            }
        }
    };
}

codes! {
    /// The access key is empty: OpenObserve answers 401.
    AccessKeyEmpty = "access-key-empty", [Error], "The access key is empty: OpenObserve answers 401";
    /// The decoded key has no `:` between email and secret: OpenObserve drops the connection.
    AccessKeyNoColon = "access-key-no-colon", [Error], "The decoded key has no `:` between email and secret: OpenObserve drops the connection";
    /// The access key is not standard base64: OpenObserve answers 401.
    AccessKeyNotBase64 = "access-key-not-base64", [Error], "The access key is not standard base64: OpenObserve answers 401";
    /// The decoded access key is not UTF-8 text: OpenObserve answers 401.
    AccessKeyNotUtf8 = "access-key-not-utf8", [Error], "The decoded access key is not UTF-8 text: OpenObserve answers 401";
    /// The access key holds a space, line break or non-ASCII character: OpenObserve answers 401.
    AccessKeyNotVisibleAscii = "access-key-not-visible-ascii", [Error], "The access key holds a space, line break or non-ASCII character: OpenObserve answers 401";
    /// The access key is longer than Firehose accepts.
    AccessKeyTooLong = "access-key-too-long", [Error], "The access key is longer than Firehose accepts";
    /// The AWS account id is missing.
    AccountIdEmpty = "account-id-empty", [Error], "The AWS account id is missing";
    /// An AWS account id is exactly 12 digits.
    AccountIdLength = "account-id-length", [Error], "An AWS account id is exactly 12 digits";
    /// An AWS account id holds digits only.
    AccountIdNotDigits = "account-id-not-digits", [Error], "An AWS account id holds digits only";
    /// Two free-text variables are separated by text their values can contain: lines cannot be split reliably.
    AmbiguousFreeText = "ambiguous-free-text", [Warning], "Two free-text variables are separated by text their values can contain: lines cannot be split reliably";
    /// The stage's API is not in the file: its format is checked as an HTTP API's.
    ApiTypeAssumed = "api-type-assumed", [Info], "The stage's API is not in the file: its format is checked as an HTTP API's";
    /// The destination ARN is missing.
    ArnEmpty = "arn-empty", [Error], "The destination ARN is missing";
    /// An ARN starts with `arn:`.
    ArnPrefix = "arn-prefix", [Error], "An ARN starts with `arn:`";
    /// A Firehose ARN ends in `deliverystream/<name>`.
    ArnResourceType = "arn-resource-type", [Error], "A Firehose ARN ends in `deliverystream/<name>`";
    /// Whitespace around a pasted ARN is not part of it.
    ArnSurroundingWhitespace = "arn-surrounding-whitespace", [Warning], "Whitespace around a pasted ARN is not part of it";
    /// An ARN has six `:`-separated parts.
    ArnTooFewParts = "arn-too-few-parts", [Error], "An ARN has six `:`-separated parts";
    /// The ARN names a service that cannot receive access logs.
    ArnWrongService = "arn-wrong-service", [Error], "The ARN names a service that cannot receive access logs";
    /// A JSON array is stored as one text column.
    ArrayAsText = "array-as-text", [Info], "A JSON array is stored as one text column";
    /// A bare number is typed Int64 by the first record, and a `-` then breaks the JSON.
    BareNumber = "bare-number", [Warning], "A bare number is typed Int64 by the first record, and a `-` then breaks the JSON";
    /// A bare non-numeric value renders invalid JSON.
    BareValue = "bare-value", [Warning], "A bare non-numeric value renders invalid JSON";
    /// OpenObserve's Firehose route is not under `/api`: removed from the base.
    BaseUrlApiPath = "base-url-api-path", [Warning], "OpenObserve's Firehose route is not under `/api`: removed from the base";
    /// The OpenObserve base URL is missing.
    BaseUrlEmpty = "base-url-empty", [Error], "The OpenObserve base URL is missing";
    /// A full ingestion URL was given where only the base belongs.
    BaseUrlIsIngestionUrl = "base-url-is-ingestion-url", [Error], "A full ingestion URL was given where only the base belongs";
    /// `/web…` is OpenObserve's web UI, not the API base: removed.
    BaseUrlUiPath = "base-url-ui-path", [Warning], "`/web…` is OpenObserve's web UI, not the API base: removed";
    /// `${…}` is not access-log syntax: API Gateway writes it literally.
    BraceVariable = "brace-variable", [Warning], "`${…}` is not access-log syntax: API Gateway writes it literally";
    /// No backup bucket given: the setup creates one named after the stream, region and account.
    BucketDefaulted = "bucket-defaulted", [Info], "No backup bucket given: the setup creates one named after the stream, region and account";
    /// The given backup bucket is reused, never created.
    BucketExisting = "bucket-existing", [Info], "The given backup bucket is reused, never created";
    /// S3 bucket names cannot have two periods in a row.
    BucketNameAdjacentDots = "bucket-name-adjacent-dots", [Error], "S3 bucket names cannot have two periods in a row";
    /// S3 bucket names start and end with a letter or digit.
    BucketNameEdge = "bucket-name-edge", [Error], "S3 bucket names start and end with a letter or digit";
    /// S3 bucket names hold lowercase letters, digits, `.` and `-` only.
    BucketNameInvalidCharacter = "bucket-name-invalid-character", [Error], "S3 bucket names hold lowercase letters, digits, `.` and `-` only";
    /// S3 bucket names cannot look like an IP address.
    BucketNameIpAddress = "bucket-name-ip-address", [Error], "S3 bucket names cannot look like an IP address";
    /// S3 bucket names are 3 to 63 characters.
    BucketNameLength = "bucket-name-length", [Error], "S3 bucket names are 3 to 63 characters";
    /// S3 reserves this bucket-name prefix or suffix.
    BucketNameReserved = "bucket-name-reserved", [Error], "S3 reserves this bucket-name prefix or suffix";
    /// The Firehose buffer interval is outside 0–900 seconds.
    BufferIntervalOutOfRange = "buffer-interval-out-of-range", [Error], "The Firehose buffer interval is outside 0–900 seconds";
    /// The Firehose buffer size is outside 1–64 MiB.
    BufferSizeOutOfRange = "buffer-size-out-of-range", [Error], "The Firehose buffer size is outside 1–64 MiB";
    /// A carriage return in the format ends up in every entry.
    CarriageReturn = "carriage-return", [Warning], "A carriage return in the format ends up in every entry";
    /// On OpenObserve Cloud the org in the URL is the organization identifier, not `default`.
    CloudOrgIdentifier = "cloud-org-identifier", [Warning], "On OpenObserve Cloud the org in the URL is the organization identifier, not `default`";
    /// A CloudWatch Logs log group: a valid access-log destination, forwarded to Firehose by a subscription.
    CloudwatchLogsDestination = "cloudwatch-logs-destination", [Info], "A CloudWatch Logs log group: a valid access-log destination, forwarded to Firehose by a subscription";
    /// Two keys are stored under the same column name: one value is lost.
    Collision = "collision", [Warning], "Two keys are stored under the same column name: one value is lost";
    /// `$Context` is not `$context`: variables are case-sensitive.
    ContextCase = "context-case", [Warning], "`$Context` is not `$context`: variables are case-sensitive";
    /// A `-` right after a variable is read as part of its name (HTTP APIs reject it).
    DashInVariable = "dash-in-variable", [Error, Warning], "A `-` right after a variable is read as part of its name (HTTP APIs reject it)";
    /// OpenObserve can read no columns from the format, so there is no dashboard.
    DashboardNoColumns = "dashboard-no-columns", [Error], "OpenObserve reads no columns from the format: no dashboard";
    /// A text format sent straight to Firehose: OpenObserve stores nothing, so there is no dashboard.
    DashboardTextFormatDirect = "dashboard-text-format-direct", [Error], "A text format sent straight to Firehose gets no dashboard: OpenObserve stores none of it";
    /// An object nested deeper than the flatten level is stored as one JSON text column.
    DepthLimited = "depth-limited", [Warning], "An object nested deeper than the flatten level is stored as one JSON text column";
    /// A key appears twice in one object: only one value is kept.
    DuplicateKey = "duplicate-key", [Warning], "A key appears twice in one object: only one value is kept";
    /// A `:` in the email splits the access key in the wrong place.
    EmailContainsColon = "email-contains-colon", [Error], "A `:` in the email splits the access key in the wrong place";
    /// The access-key email is empty.
    EmailEmpty = "email-empty", [Error, Warning], "The access-key email is empty";
    /// The access-key email does not look like an email address.
    EmailNotAnEmail = "email-not-an-email", [Warning], "The access-key email does not look like an email address";
    /// The format is empty: API Gateway rejects it.
    EmptyFormat = "empty-format", [Error], "The format is empty: API Gateway rejects it";
    /// A Firehose stream ARN never ends in `:*`.
    FirehoseArnWildcard = "firehose-arn-wildcard", [Error], "A Firehose stream ARN never ends in `:*`";
    /// HTTP and WebSocket stages cannot send access logs to Firehose directly.
    FirehoseNotSupported = "firehose-not-supported", [Error], "HTTP and WebSocket stages cannot send access logs to Firehose directly";
    /// The format is longer than API Gateway accepts (HTTP APIs: 3 KB).
    FormatTooLong = "format-too-long", [Error, Warning], "The format is longer than API Gateway accepts (HTTP APIs: 3 KB)";
    /// Part of the format cannot be resolved statically: it is not checked.
    FormatUnresolved = "format-unresolved", [Info], "Part of the format cannot be resolved statically (a reference, a parameter, a variable): it is not checked";
    /// A pseudo-region for global endpoints is not a region a stream lives in.
    GlobalRegion = "global-region", [Error], "A pseudo-region for global endpoints is not a region a stream lives in";
    /// A direction-control or invisible character: the text shows as something it is not.
    HiddenCharacter = "hidden-character", [Warning], "A direction-control or invisible character: the text shows as something it is not";
    /// `$context` needs a variable name after it.
    IncompleteVariable = "incomplete-variable", [Error], "`$context` needs a variable name after it";
    /// With typical values the JSON format renders invalid JSON.
    InvalidJson = "invalid-json", [Warning], "With typical values the JSON format renders invalid JSON";
    /// When values are missing (`-`) the JSON format renders invalid JSON.
    InvalidJsonWhenMissing = "invalid-json-when-missing", [Warning], "When values are missing (`-`) the JSON format renders invalid JSON";
    /// Whitespace or an invisible character becomes part of the access key.
    InvisibleCharacter = "invisible-character", [Warning], "Whitespace or an invisible character becomes part of the access key";
    /// A literal `\n` (backslash, n) is written into every entry, not a newline.
    LiteralBackslashN = "literal-backslash-n", [Info], "A literal `\n` (backslash, n) is written into every entry, not a newline";
    /// A log-group ARN with `:*` is the IAM form, not the destination ARN.
    LogGroupArnWildcard = "log-group-arn-wildcard", [Error], "A log-group ARN with `:*` is the IAM form, not the destination ARN";
    /// The log-group name is missing.
    LogGroupNameEmpty = "log-group-name-empty", [Error], "The log-group name is missing";
    /// A character CloudWatch Logs does not allow in a log-group name.
    LogGroupNameInvalidCharacter = "log-group-name-invalid-character", [Error], "A character CloudWatch Logs does not allow in a log-group name";
    /// The log-group name is longer than 512 characters.
    LogGroupNameTooLong = "log-group-name-too-long", [Error], "The log-group name is longer than 512 characters";
    /// `$context.error.messageString` unquoted renders a bare `-` when there is no error.
    MessageStringBare = "message-string-bare", [Warning], "`$context.error.messageString` unquoted renders a bare `-` when there is no error";
    /// `$context.error.messageString` is pre-quoted: inside quotes it renders invalid JSON.
    MessageStringQuoted = "message-string-quoted", [Warning], "`$context.error.messageString` is pre-quoted: inside quotes it renders invalid JSON";
    /// On HTTP APIs `$context.routeKey` already starts with the method.
    MethodDoubled = "method-doubled", [Info], "On HTTP APIs `$context.routeKey` already starts with the method";
    /// The format has no `$context.requestId` (or `extendedRequestId`): API Gateway rejects it.
    MissingRequestId = "missing-request-id", [Error], "The format has no `$context.requestId` (or `extendedRequestId`): API Gateway rejects it";
    /// OpenObserve can store no record of this format.
    NeverStored = "never-stored", [Info], "OpenObserve can store no record of this format";
    /// A newline inside the format: API Gateway rejects multi-line formats.
    NewlineNotAtEnd = "newline-not-at-end", [Error], "A newline inside the format: API Gateway rejects multi-line formats";
    /// A retry duration of 0: a failed delivery is not retried.
    NoRetries = "no-retries", [Warning], "A retry duration of 0: a failed delivery is not retried";
    /// No `_timestamp`: rows carry the time of ingestion.
    NoTimestamp = "no-timestamp", [Info], "No `_timestamp`: rows carry the time of ingestion";
    /// A non-ASCII character in the access key matches only the same UTF-8 bytes.
    NonAsciiCharacter = "non-ascii-character", [Warning], "A non-ASCII character in the access key matches only the same UTF-8 bytes";
    /// Only REST stages deliver to Firehose directly: these columns arrive through CloudWatch Logs.
    NotDirect = "not-direct", [Info], "Only REST stages deliver to Firehose directly: these columns arrive through CloudWatch Logs";
    /// No org given: OpenObserve's `default` org is used.
    OrgDefaulted = "org-defaulted", [Info], "No org given: OpenObserve's `default` org is used";
    /// An organization ingestion token: OpenObserve does not check the email.
    OrgIngestionToken = "org-ingestion-token", [Info], "An organization ingestion token: OpenObserve does not check the email";
    /// The variable means something else on this API type.
    OtherMeaning = "other-meaning", [Warning], "The variable means something else on this API type";
    /// The region belongs to another partition than the ARN names.
    PartitionRegionMismatch = "partition-region-mismatch", [Error], "The region belongs to another partition than the ARN names";
    /// A quoted number is stored as text (Utf8): cast it in SQL.
    QuotedNumber = "quoted-number", [Info], "A quoted number is stored as text (Utf8): cast it in SQL";
    /// The AWS region is missing.
    RegionEmpty = "region-empty", [Error], "The AWS region is missing";
    /// API Gateway is not offered in this region.
    RegionWithoutApiGateway = "region-without-api-gateway", [Warning], "API Gateway is not offered in this region";
    /// OpenObserve stores the key under another column name.
    Renamed = "renamed", [Warning, Info], "OpenObserve stores the key under another column name";
    /// A REST API id holds letters and digits only.
    RestApiIdInvalidCharacter = "rest-api-id-invalid-character", [Error], "A REST API id holds letters and digits only";
    /// REST API ids are 10 characters.
    RestApiIdLength = "rest-api-id-length", [Warning], "REST API ids are 10 characters";
    /// No REST API id given: the setup has a placeholder to fill in.
    RestApiIdPlaceholder = "rest-api-id-placeholder", [Info], "No REST API id given: the setup has a placeholder to fill in";
    /// The Firehose retry duration is outside 0–7200 seconds.
    RetryDurationOutOfRange = "retry-duration-out-of-range", [Error], "The Firehose retry duration is outside 0–7200 seconds";
    /// A `:` in the secret cuts it short: the key never authenticates.
    SecretContainsColon = "secret-contains-colon", [Error], "A `:` in the secret cuts it short: the key never authenticates";
    /// The access-key secret is missing.
    SecretEmpty = "secret-empty", [Error], "The access-key secret is missing";
    /// A character not allowed in the URL's org or stream.
    SegmentInvalidUrlCharacter = "segment-invalid-url-character", [Error], "A character not allowed in the URL's org or stream";
    /// A character whose decoding by OpenObserve is unverified in the URL's org or stream.
    SegmentNotUrlSafe = "segment-not-url-safe", [Warning], "A character whose decoding by OpenObserve is unverified in the URL's org or stream";
    /// `.` or `..` as the org or stream is removed by path normalisation.
    SegmentSplitsPath = "segment-splits-path", [Error], "`.` or `..` as the org or stream is removed by path normalisation";
    /// Access logs are on without a format: the Serverless Framework's default is checked.
    ServerlessDefaultFormat = "serverless-default-format", [Info], "Access logs are on without a format: the Serverless Framework's default format is checked";
    /// Stage names hold letters, digits, `-` and `_` only.
    StageNameInvalidCharacter = "stage-name-invalid-character", [Error], "Stage names hold letters, digits, `-` and `_` only";
    /// No stage name given: the setup has a placeholder to fill in.
    StageNamePlaceholder = "stage-name-placeholder", [Info], "No stage name given: the setup has a placeholder to fill in";
    /// Stage names are at most 128 characters.
    StageNameTooLong = "stage-name-too-long", [Error], "Stage names are at most 128 characters";
    /// The OpenObserve stream name is empty.
    StreamNameEmpty = "stream-name-empty", [Error], "The OpenObserve stream name is empty";
    /// Nothing after `amazon-apigateway-` in the Firehose stream name.
    StreamNameEmptyUserPart = "stream-name-empty-user-part", [Error], "Nothing after `amazon-apigateway-` in the Firehose stream name";
    /// A character Firehose does not allow in a stream name.
    StreamNameInvalidCharacter = "stream-name-invalid-character", [Error], "A character Firehose does not allow in a stream name";
    /// The Firehose stream name lacks the `amazon-apigateway-` prefix.
    StreamNameMissingPrefix = "stream-name-missing-prefix", [Error, Info], "The Firehose stream name lacks the `amazon-apigateway-` prefix";
    /// OpenObserve stores the stream under a normalised name.
    StreamNameNormalised = "stream-name-normalised", [Warning], "OpenObserve stores the stream under a normalised name";
    /// The `amazon-apigateway-` prefix is case-sensitive.
    StreamNamePrefixCase = "stream-name-prefix-case", [Error], "The `amazon-apigateway-` prefix is case-sensitive";
    /// The Firehose stream name's prefix is misspelt.
    StreamNamePrefixMisspelled = "stream-name-prefix-misspelled", [Error], "The Firehose stream name's prefix is misspelt";
    /// Firehose stream names are at most 64 characters.
    StreamNameTooLong = "stream-name-too-long", [Error], "Firehose stream names are at most 64 characters";
    /// The file does not parse as YAML, JSON or HCL.
    TemplateSyntax = "template-syntax", [Error], "The file does not parse as YAML, JSON or HCL";
    /// `_timestamp` from `$context.requestTime` (CLF time): OpenObserve drops every record.
    TimestampClf = "timestamp-clf", [Error], "`_timestamp` from `$context.requestTime` (CLF time): OpenObserve drops every record";
    /// `_timestamp` holds no variable: every row gets the same time.
    TimestampConstant = "timestamp-constant", [Warning], "`_timestamp` holds no variable: every row gets the same time";
    /// `_timestamp` carries the request time.
    TimestampEventTime = "timestamp-event-time", [Info], "`_timestamp` carries the request time";
    /// `_timestamp` holds a value OpenObserve cannot parse: every record is dropped.
    TimestampUnparsable = "timestamp-unparsable", [Error], "`_timestamp` holds a value OpenObserve cannot parse: every record is dropped";
    /// A variable only some versions of the AWS docs list for this API type.
    UncertainVariable = "uncertain-variable", [Warning], "A variable only some versions of the AWS docs list for this API type";
    /// Not an AWS partition.
    UnknownPartition = "unknown-partition", [Error], "Not an AWS partition";
    /// Not an AWS region.
    UnknownRegion = "unknown-region", [Error], "Not an AWS region";
    /// A `$context` variable API Gateway does not know.
    UnknownVariable = "unknown-variable", [Error, Warning], "A `$context` variable API Gateway does not know";
    /// A variable outside quotes: a missing value (`-`) breaks the JSON.
    UnquotedVariable = "unquoted-variable", [Warning], "A variable outside quotes: a missing value (`-`) breaks the JSON";
    /// Only `$context` variables are available in access logs.
    UnsupportedVariableRoot = "unsupported-variable-root", [Error], "Only `$context` variables are available in access logs";
    /// OpenObserve Cloud's web UI host, not its ingestion host.
    UrlCloudUiHost = "url-cloud-ui-host", [Warning], "OpenObserve Cloud's web UI host, not its ingestion host";
    /// The Firehose endpoint URL is missing.
    UrlEmpty = "url-empty", [Error], "The Firehose endpoint URL is missing";
    /// A `#…` fragment in the URL.
    UrlFragment = "url-fragment", [Error], "A `#…` fragment in the URL";
    /// A local or private host: Firehose cannot reach it.
    UrlHostNotPublic = "url-host-not-public", [Warning], "A local or private host: Firehose cannot reach it";
    /// A character not allowed in a URL path.
    UrlInvalidCharacter = "url-invalid-character", [Error], "A character not allowed in a URL path";
    /// Not a valid host name.
    UrlInvalidHost = "url-invalid-host", [Error], "Not a valid host name";
    /// The port is not a number.
    UrlInvalidPort = "url-invalid-port", [Error], "The port is not a number";
    /// The scheme needs two slashes.
    UrlMalformedScheme = "url-malformed-scheme", [Error], "The scheme needs two slashes";
    /// The URL has no host.
    UrlMissingHost = "url-missing-host", [Error], "The URL has no host";
    /// The URL does not end in OpenObserve's Firehose route.
    UrlNotFirehoseRoute = "url-not-firehose-route", [Warning], "The URL does not end in OpenObserve's Firehose route";
    /// Firehose delivers only to `https://` URLs.
    UrlNotHttps = "url-not-https", [Error], "Firehose delivers only to `https://` URLs";
    /// Firehose delivers only to port 443.
    UrlPortNot443 = "url-port-not-443", [Error], "Firehose delivers only to port 443";
    /// A query string in the URL.
    UrlQuery = "url-query", [Error], "A query string in the URL";
    /// No scheme: `https://` is used.
    UrlSchemeAdded = "url-scheme-added", [Warning], "No scheme: `https://` is used";
    /// Whitespace around the URL removed.
    UrlSurroundingWhitespace = "url-surrounding-whitespace", [Warning], "Whitespace around the URL removed";
    /// Firehose accepts endpoint URLs of at most 1000 characters.
    UrlTooLong = "url-too-long", [Error], "Firehose accepts endpoint URLs of at most 1000 characters";
    /// A trailing `/` removed from the base URL.
    UrlTrailingSlash = "url-trailing-slash", [Info], "A trailing `/` removed from the base URL";
    /// A `/` after `_kinesis_firehose`: OpenObserve's route does not match.
    UrlTrailingSlashAfterRoute = "url-trailing-slash-after-route", [Error], "A `/` after `_kinesis_firehose`: OpenObserve's route does not match";
    /// Credentials in the URL: Firehose sends the key in a header instead.
    UrlUserinfo = "url-userinfo", [Error], "Credentials in the URL: Firehose sends the key in a header instead";
    /// The variable differs from a known one only in case.
    VariableCase = "variable-case", [Warning], "The variable differs from a known one only in case";
    /// A variable in a key: the column name changes with every request.
    VariableInKey = "variable-in-key", [Warning], "A variable in a key: the column name changes with every request";
    /// The variable exists, but not for this API type.
    VariableNotAvailable = "variable-not-available", [Error, Warning], "The variable exists, but not for this API type";
    /// A text format without any variable: nothing for a VRL function to parse.
    VrlNoVariables = "vrl-no-variables", [Error], "The format has no variable for a VRL function to parse";
    /// A JSON format needs no VRL function: OpenObserve parses it itself.
    VrlNotNeeded = "vrl-not-needed", [Info], "A JSON format needs no VRL function: OpenObserve parses it into columns itself";
}

impl Code {
    /// The code with this string, if there is one.
    pub fn from_str_exact(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.as_str() == text)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    /// Codes serialise as their string, the shape the CLI's JSON output promises.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// The Markdown of `docs/diagnostics.md`: every code with its severities and summary.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Every code gwlog reports, in the CLI's output (`code`), the playground and the JSON of \
         `gwlog check`, `gwlog url`, `gwlog firehose`, `gwlog columns` and `gwlog export`. A \
         code's string never changes once released; scripts may match on it. Where a code has two \
         severities, the first is the usual one and the second depends on the API type or input.\n\n\
         Generated from `crates/core/src/diagnostic/code.rs` (`cargo test -p gwlog-core --test \
         diagnostics_doc` checks it; run it with `GWLOG_BLESS=1` to rewrite this file).\n\n\
         | Code | Severity | Meaning |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let severities: Vec<&str> = code.severities().iter().map(|s| s.as_str()).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.as_str(),
            severities.join(", "),
            code.summary().replace('|', "\\|")
        ));
    }
    out
}
