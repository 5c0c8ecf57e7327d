//! Every diagnostic code, produced from a real input through gwlog-core's public API.
//!
//! [`table`] is the spec: one row per code and severity it can have, naming the input that
//! produces it and the entry point that reports it. `each_row_produces_its_code` runs every row;
//! `every_code_has_a_producing_input` fails when a code is added to `Code::ALL` without a row, and
//! `every_listed_severity_has_a_row` when a severity listed in `diagnostic/code.rs` has none (or a
//! row expects one that is not listed).

use gwlog_core::api::ApiType::{self, Http, Rest, WebSocket};
use gwlog_core::aws::arn::{check_destination, firehose_arn, parse_arn};
use gwlog_core::aws::firehose::check_stream_name;
use gwlog_core::diagnostic::Severity::{self, Error, Info, Warning};
use gwlog_core::diagnostic::{Code, Diagnostic};
use gwlog_core::export::{self, SetupInputs};
use gwlog_core::format::{self, presets};
use gwlog_core::openobserve::access_key::{access_key, check_key};
use gwlog_core::openobserve::delivery::{preflight, Delivery, Via};
use gwlog_core::openobserve::endpoint::check_endpoint_url;
use gwlog_core::openobserve::format_columns::format_columns;
use gwlog_core::openobserve::url::{ingestion_url, parse_base, Base};
use std::collections::BTreeSet;

/// What an entry point reported: each finding's code and severity, in its order.
type Found = Vec<(Code, Severity)>;

/// One line of the spec: `produce` runs a public entry point on `input`'s text and must report
/// `code` with `severity`.
struct Row {
    code: Code,
    severity: Severity,
    input: &'static str,
    produce: fn() -> Found,
}

/// `Code Severity "what the input is" => entry point on that input;`
macro_rules! rows {
    ($($code:ident $severity:ident $input:literal => $produce:expr;)+) => {
        vec![$(Row {
            code: Code::$code,
            severity: $severity,
            input: $input,
            produce: || $produce,
        }),+]
    };
}

// A Firehose stream ARN as the AWS docs show it, with a valid account and name.
const STREAM_ARN: &str =
    "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod";
const SELF_HOSTED: &str = "https://o2.example.com";

fn lint(name: &str, text: &str) -> Found {
    gwlog_core::iac::lint(name, text)
        .findings
        .iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

fn dashboard(format: &str, via: Via) -> Found {
    let options = gwlog_core::dashboard::Options::new("apigw");
    match gwlog_core::dashboard::plan(format, Http, via, &options) {
        Ok(_) => Vec::new(),
        Err(error) => found([error.diagnostic()]),
    }
}

fn vrl(format: &str) -> Found {
    match gwlog_core::dashboard::vrl::function(format, Http) {
        Ok(_) => Vec::new(),
        Err(error) => found([error.diagnostic()]),
    }
}

fn table() -> Vec<Row> {
    rows! {
        // Access-log formats: `format::check(format, api)`.
        EmptyFormat              Error   "an empty format" => check("", Rest);
        // Formats where they live: `iac::lint(file name, text)`.
        TemplateSyntax           Error   "a CloudFormation template cut off mid-list" => lint("template.yaml", "Resources: [\n");
        FormatUnresolved         Info    "a stage whose format is a !Ref" => lint("template.yaml", "Resources:\n  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      AccessLogSetting:\n        Format: !Ref LogFormat\n");
        ApiTypeAssumed           Info    "a Terraform v2 stage whose API is elsewhere" => lint("stages.tf", "resource \"aws_apigatewayv2_stage\" \"s\" {\n  api_id = var.api\n  access_log_settings {\n    destination_arn = \"arn:aws:logs:us-east-1:123456789012:log-group:/x\"\n    format = \"$context.requestId\"\n  }\n}\n");
        ServerlessDefaultFormat  Info    "serverless.yml with restApi logs on and no format" => lint("serverless.yml", "service: s\nprovider:\n  name: aws\n  logs:\n    restApi: true\n");
        // Dashboards and VRL functions: the errors `dashboard::plan` and `vrl::function` return.
        DashboardTextFormatDirect Error  "the console CLF preset sent straight to Firehose" => dashboard(presets::by_id("rest-clf").unwrap().format, Via::Direct);
        DashboardNoColumns       Error   "a JSON format with a trailing comma" => dashboard(r#"{"requestId":"$context.requestId",}"#, Via::Direct);
        VrlNotNeeded             Info    "a JSON format asked for a VRL function" => vrl(presets::by_id("http-json").unwrap().format);
        VrlNoVariables           Error   "a text format without a variable" => vrl("just text");
        MissingRequestId         Error   "a format without $context.requestId" => check("$context.identity.sourceIp $context.status", Rest);
        NewlineNotAtEnd          Error   "a format on two lines" => check("$context.requestId\n$context.status", Rest);
        CarriageReturn           Warning "a format saved with Windows line endings" => check("$context.requestId $context.status\r\n", Rest);
        LiteralBackslashN        Info    "a format ending in a typed \\n" => check("$context.requestId $context.status\\n", Rest);
        FormatTooLong            Error   "an HTTP format over 3,072 bytes" => check(&format!("$context.requestId {}", "x".repeat(3100)), Http);
        FormatTooLong            Warning "an HTTP format between 3,000 and 3,072 bytes" => check(&format!("$context.requestId {}", "x".repeat(3030)), Http);
        UnsupportedVariableRoot  Error   "$stageVariables in a format" => check("$context.requestId $stageVariables.env", Rest);
        HiddenCharacter          Warning "a right-to-left override before a literal" => check("$context.requestId \u{202E}evil", Rest);
        IncompleteVariable       Error   "$context. with no name" => check("$context.requestId $context. x", Rest);
        ContextCase              Warning "$Context with a capital C" => check("$context.requestId $Context.status", Rest);
        BraceVariable            Warning "the ${context.status} form" => check("$context.requestId ${context.status}", Rest);
        DashInVariable           Error   "$context.authorizer.tenant-id on an HTTP API" => check("$context.requestId $context.authorizer.tenant-id", Http);
        DashInVariable           Warning "$context.authorizer.tenant-id on a REST API" => check("$context.requestId $context.authorizer.tenant-id", Rest);
        UnknownVariable          Error   "the typo $context.requestTim on an HTTP API" => check("$context.requestId $context.requestTim", Http);
        UnknownVariable          Warning "the typo $context.requestTim on a REST API" => check("$context.requestId $context.requestTim", Rest);
        VariableNotAvailable     Error   "REST-only $context.resourcePath on an HTTP API" => check("$context.requestId $context.resourcePath", Http);
        VariableNotAvailable     Warning "HTTP-only $context.routeKey on a REST API" => check("$context.requestId $context.routeKey", Rest);
        UncertainVariable        Warning "$context.authorizer.latency on an HTTP API" => check("$context.requestId $context.authorizer.latency", Http);
        OtherMeaning             Warning "REST's $context.authorizer.integrationLatency on an HTTP API" => check("$context.requestId $context.authorizer.integrationLatency", Http);
        VariableCase             Warning "$context.authorizer.principalID (for principalId)" => check("$context.requestId $context.authorizer.principalID", Rest);
        MethodDoubled            Info    "the console's HTTP CLF preset (httpMethod before routeKey)" => check(preset("http-clf"), Http);
        AmbiguousFreeText        Warning "userAgent and error.message separated by a space" => check("$context.requestId $context.identity.userAgent $context.error.message", Rest);
        InvalidJson              Warning "a JSON format missing a comma" => check(r#"{"requestId":"$context.requestId" "status":"$context.status"}"#, Rest);
        InvalidJsonWhenMissing   Warning "a \\u escape completed by the value (valid for 200, not for -)" => check(r#"{"requestId":"$context.requestId","status":"\u00$context.status"}"#, Rest);
        UnquotedVariable         Warning "a bare $context.integrationLatency in JSON" => check(r#"{"requestId":"$context.requestId","latency":$context.integrationLatency}"#, Rest);
        DuplicateKey             Warning "the key id twice in a JSON format" => check(r#"{"id":"$context.requestId","id":"$context.extendedRequestId"}"#, Rest);
        MessageStringQuoted      Warning "\"$context.error.messageString\" in quotes" => check(r#"{"requestId":"$context.requestId","error":"$context.error.messageString"}"#, Rest);
        MessageStringBare        Warning "a bare $context.error.messageString" => check(r#"{"requestId":"$context.requestId","error":$context.error.messageString}"#, Rest);

        // The columns OpenObserve makes of a JSON format: `format_columns(format, api)`.
        Renamed                  Info    "the CDK JSON preset's requestId (stored as requestid)" => columns(preset("cdk-json"), Rest);
        Renamed                  Warning "the key x-trace (stored as x_trace)" => columns(r#"{"requestId":"$context.requestId","x-trace":"$context.xrayTraceId"}"#, Rest);
        Collision                Warning "a dotted key and a nested object naming the same column" => columns(r#"{"requestId":"$context.requestId","identity.sourceIp":"$context.identity.sourceIp","identity":{"sourceIp":"$context.identity.sourceIp"}}"#, Rest);
        DepthLimited             Warning "the client certificate nested four levels deep" => columns(r#"{"requestId":"$context.requestId","identity":{"clientCert":{"validity":{"notAfter":"$context.identity.clientCert.validity.notAfter"}}}}"#, Rest);
        ArrayAsText              Info    "a JSON array of values" => columns(r#"{"requestId":"$context.requestId","route":["$context.httpMethod","$context.resourcePath"]}"#, Rest);
        NeverStored              Info    "an empty array" => columns(r#"{"requestId":"$context.requestId","tags":[]}"#, Rest);
        VariableInKey            Warning "$context.stage inside a key" => columns(r#"{"requestId":"$context.requestId","s_$context.stage":"1"}"#, Rest);
        QuotedNumber             Info    "the console's REST JSON preset (\"status\":\"$context.status\")" => columns(preset("rest-json"), Rest);
        BareNumber               Warning "a bare $context.integrationLatency" => columns(r#"{"requestId":"$context.requestId","lat":$context.integrationLatency}"#, Rest);
        BareValue                Warning "a bare $context.isCanaryRequest (a boolean)" => columns(r#"{"requestId":"$context.requestId","canary":$context.isCanaryRequest}"#, Rest);
        DuplicateKey             Warning "the key id twice (columns)" => columns(r#"{"id":"$context.requestId","id":"$context.extendedRequestId"}"#, Rest);
        MessageStringQuoted      Warning "\"$context.error.messageString\" in quotes (columns)" => columns(r#"{"requestId":"$context.requestId","err":"$context.error.messageString"}"#, Rest);
        MessageStringBare        Warning "a bare $context.error.messageString (columns)" => columns(r#"{"requestId":"$context.requestId","err":$context.error.messageString}"#, Rest);
        NoTimestamp              Info    "the CDK JSON preset (no _timestamp key)" => columns(preset("cdk-json"), Rest);
        TimestampClf             Error   "_timestamp from $context.requestTime" => columns(r#"{"requestId":"$context.requestId","_timestamp":"$context.requestTime"}"#, Rest);
        TimestampUnparsable      Error   "a _timestamp of \"now\"" => columns(r#"{"requestId":"$context.requestId","_timestamp":"now"}"#, Rest);
        TimestampConstant        Warning "a fixed _timestamp date" => columns(r#"{"requestId":"$context.requestId","_timestamp":"2023-06-10T15:36:28Z"}"#, Rest);
        TimestampEventTime       Info    "_timestamp from $context.requestTimeEpoch" => columns(r#"{"_timestamp":"$context.requestTimeEpoch","requestId":"$context.requestId"}"#, Rest);
        NotDirect                Info    "the console's HTTP JSON preset" => columns(preset("http-json"), Http);

        // Firehose stream names: `check_stream_name(name)`.
        StreamNameMissingPrefix  Info    "only the user's part, apigw-prod" => stream("apigw-prod");
        StreamNamePrefixCase     Error   "Amazon-APIGateway-prod" => stream("Amazon-APIGateway-prod");
        StreamNamePrefixMisspelled Error "amazon-api-gateway-prod" => stream("amazon-api-gateway-prod");
        StreamNameEmptyUserPart  Error   "the prefix alone" => stream("amazon-apigateway-");
        StreamNameInvalidCharacter Error "a space in the name" => stream("amazon-apigateway-my logs");
        StreamNameTooLong        Error   "47 characters after the prefix" => stream(&format!("amazon-apigateway-{}", "a".repeat(47)));

        // Pasted destination ARNs: `parse_arn(text)`, `check_destination(text, api)`.
        ArnEmpty                 Error   "a blank ARN" => arn("  ");
        ArnSurroundingWhitespace Warning "an ARN pasted with a space and a line break" => arn(&format!(" {STREAM_ARN}\n"));
        ArnTooFewParts           Error   "a stream name where the ARN belongs" => arn("amazon-apigateway-prod");
        ArnPrefix                Error   "urn: instead of arn:" => arn("urn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod");
        ArnWrongService          Error   "a Kinesis Data Streams ARN" => arn("arn:aws:kinesis:us-east-1:123456789012:stream/amazon-apigateway-prod");
        ArnResourceType          Error   "a Firehose ARN ending in stream/ instead of deliverystream/" => arn("arn:aws:firehose:us-east-1:123456789012:stream/amazon-apigateway-prod");
        FirehoseArnWildcard      Error   "a Firehose ARN ending in :*" => arn(&format!("{STREAM_ARN}:*"));
        StreamNameMissingPrefix  Error   "the AWS docs' testStream in an ARN" => arn("arn:aws:firehose:us-east-1:123456789012:deliverystream/testStream");
        UnknownPartition         Error   "the partition aws-china" => arn("arn:aws-china:firehose:cn-north-1:123456789012:deliverystream/amazon-apigateway-prod");
        PartitionRegionMismatch  Error   "partition aws with region cn-north-1" => arn("arn:aws:firehose:cn-north-1:123456789012:deliverystream/amazon-apigateway-prod");
        RegionEmpty              Error   "an ARN without a region" => arn("arn:aws:firehose::123456789012:deliverystream/amazon-apigateway-prod");
        UnknownRegion            Error   "the typo eu-wset-1" => arn("arn:aws:firehose:eu-wset-1:123456789012:deliverystream/amazon-apigateway-prod");
        GlobalRegion             Error   "the pseudo-region aws-global" => arn("arn:aws:firehose:aws-global:123456789012:deliverystream/amazon-apigateway-prod");
        AccountIdEmpty           Error   "an ARN without an account" => arn("arn:aws:firehose:us-east-1::deliverystream/amazon-apigateway-prod");
        AccountIdLength          Error   "the AWS docs' 9-digit account 123456789" => arn("arn:aws:firehose:us-east-1:123456789:deliverystream/amazon-apigateway-prod");
        CloudwatchLogsDestination Info   "a log-group ARN" => arn("arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/prod");
        LogGroupArnWildcard      Error   "a log-group ARN ending in :* (as CloudFormation's GetAtt gives it)" => arn("arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*");
        LogGroupNameEmpty        Error   "a log-group ARN without a name" => arn("arn:aws:logs:us-east-1:123456789012:log-group:");
        LogGroupNameInvalidCharacter Error "a space in a log-group name" => arn("arn:aws:logs:us-east-1:123456789012:log-group:my logs");
        FirehoseNotSupported     Error   "a Firehose ARN on an HTTP API" => destination(STREAM_ARN, Http);

        // A Firehose ARN built from its parts: `firehose_arn(name, region, account)`.
        RegionWithoutApiGateway  Warning "region us-isob-west-1 (no API Gateway)" => build_arn("prod", "us-isob-west-1", "123456789012");

        // Simulating a delivery: `Delivery::plan(api, via, account, log group)`, `preflight`.
        AccountIdNotDigits       Error   "the console's 1234-5678-9012" => plan("1234-5678-9012", "/aws/apigateway/prod");
        LogGroupNameTooLong      Error   "a 513-character log-group name" => plan("123456789012", &format!("/aws/apigateway/{}", "a".repeat(497)));
        FirehoseNotSupported     Error   "direct delivery from a WebSocket API" => direct(WebSocket, "default", "apigw");

        // OpenObserve base URLs: `parse_base(text)`.
        BaseUrlEmpty             Error   "an empty base URL" => base("");
        UrlSurroundingWhitespace Warning "a base URL pasted with a space and a line break" => base(" https://o2.example.com\n");
        UrlNotHttps              Error   "http://" => base("http://o2.example.com");
        UrlMalformedScheme       Error   "https:/ with one slash" => base("https:/o2.example.com");
        UrlSchemeAdded           Warning "a host without a scheme" => base("o2.example.com");
        UrlUserinfo              Error   "credentials before the host" => base("https://root:secret@o2.example.com");
        UrlMissingHost           Error   "https:// alone" => base("https://");
        UrlInvalidHost           Error   "a space in the host" => base("https://o2 .example.com");
        UrlCloudUiHost           Warning "OpenObserve Cloud's web UI host" => base("https://cloud.openobserve.ai");
        UrlHostNotPublic         Warning "localhost" => base("https://localhost");
        UrlPortNot443            Error   "OpenObserve's own port 5080" => base("https://o2.example.com:5080");
        UrlInvalidPort           Error   "a port that is not a number" => base("https://o2.example.com:port");
        UrlQuery                 Error   "a query string" => base("https://o2.example.com?org=default");
        UrlFragment              Error   "a #fragment copied from the web UI" => base("https://o2.example.com#/logs");
        UrlInvalidCharacter      Error   "a space in the path" => base("https://o2.example.com/my logs");
        UrlTrailingSlash         Info    "a trailing slash" => base("https://o2.example.com/o2/");
        BaseUrlIsIngestionUrl    Error   "a whole ingestion URL as the base" => base("https://o2.example.com/o2/aws/default/apigw/_kinesis_firehose");
        BaseUrlUiPath            Warning "the web UI's /web/logs" => base("https://o2.example.com/web/logs");
        BaseUrlApiPath           Warning "a base ending in /api" => base("https://o2.example.com/api");

        // The ingestion URL: `ingestion_url(base, org, stream)`.
        CloudOrgIdentifier       Warning "OpenObserve Cloud with the org left out" => ingestion("cloud", None, "apigw");
        OrgDefaulted             Info    "an empty org" => ingestion(SELF_HOSTED, Some(""), "apigw");
        StreamNameEmpty          Error   "an empty stream" => ingestion(SELF_HOSTED, None, "");
        StreamNameNormalised     Warning "the stream amazon-apigateway-MyAPI" => ingestion(SELF_HOSTED, None, "amazon-apigateway-MyAPI");
        SegmentSplitsPath        Error   "a / in the stream" => ingestion(SELF_HOSTED, None, "api/prod");
        SegmentInvalidUrlCharacter Error "spaces in the stream" => ingestion(SELF_HOSTED, None, "API GW (prod)");
        SegmentNotUrlSafe        Warning "a : in the stream" => ingestion(SELF_HOSTED, None, "ns:stream_1");
        UrlTooLong               Error   "a 1,000-character stream" => ingestion(SELF_HOSTED, None, &"s".repeat(1000));

        // A finished endpoint URL: `check_endpoint_url(url)`.
        UrlEmpty                 Error   "an empty endpoint URL" => endpoint("");
        UrlNotFirehoseRoute      Warning "OpenObserve's JSON ingestion route" => endpoint("https://o2.example.com/api/default/apigw/_json");
        UrlTrailingSlashAfterRoute Error "a / after _kinesis_firehose" => endpoint("https://o2.example.com/aws/default/apigw/_kinesis_firehose/");

        // The access key from an email and a secret: `access_key(email, secret)`.
        EmailEmpty               Error   "no email, with a password" => key_from("", "Complexpass#123");
        EmailEmpty               Warning "no email, with an org ingestion token" => key_from("", "o2oi_abc123");
        EmailContainsColon       Error   "a : in the email" => key_from("alice:ops@example.com", "Complexpass#123");
        EmailNotAnEmail          Warning "the user name admin" => key_from("admin", "Complexpass#123");
        SecretEmpty              Error   "no secret" => key_from("alice@example.com", "");
        SecretContainsColon      Error   "a : in the password" => key_from("alice@example.com", "pa:ss#Word1");
        InvisibleCharacter       Warning "a password pasted with its line break" => key_from("root@example.com", "Complexpass#123\n");
        NonAsciiCharacter        Warning "a password with ä" => key_from("root@example.com", "pässword");
        OrgIngestionToken        Info    "an org ingestion token o2oi_…" => key_from("alice@example.com", "o2oi_abc123");
        AccessKeyTooLong         Error   "a 3,100-character secret" => key_from("root@example.com", &"x".repeat(3100));

        // A ready-made access key: `check_key(key)`.
        AccessKeyEmpty           Error   "an empty key" => key("");
        AccessKeyNotVisibleAscii Error   "a key pasted with its line break" => key("cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=\n");
        AccessKeyNotBase64       Error   "email:secret not encoded" => key("root@example.com:pw");
        AccessKeyNotUtf8         Error   "root@example.com:pässword encoded from Latin-1" => key("cm9vdEBleGFtcGxlLmNvbTpw5HNzd29yZA==");
        AccessKeyNoColon         Error   "an encoded email without a secret" => key("YWxpY2VAZXhhbXBsZS5jb20=");

        // The whole setup: `export::check(inputs)`, one input changed from a clean setup.
        RestApiIdPlaceholder     Info    "no REST API id" => setup(|s| s.rest_api_id = None);
        RestApiIdInvalidCharacter Error  "the API's name my-api as its id" => setup(|s| s.rest_api_id = Some("my-api".into()));
        RestApiIdLength          Warning "an 8-character REST API id" => setup(|s| s.rest_api_id = Some("a1b2c3d4".into()));
        StageNamePlaceholder     Info    "no stage name" => setup(|s| s.stage_name = None);
        StageNameInvalidCharacter Error  "the stage name prod/v2" => setup(|s| s.stage_name = Some("prod/v2".into()));
        StageNameTooLong         Error   "a 129-character stage name" => setup(|s| s.stage_name = Some("s".repeat(129)));
        BucketDefaulted          Info    "no backup bucket" => setup(|s| s.backup_bucket = None);
        BucketExisting           Info    "an existing backup bucket" => setup(|s| s.backup_bucket = Some("apigw-failed-logs".into()));
        BucketNameInvalidCharacter Error "the bucket My_Logs" => setup(|s| s.backup_bucket = Some("My_Logs".into()));
        BucketNameLength         Error   "the bucket ab" => setup(|s| s.backup_bucket = Some("ab".into()));
        BucketNameEdge           Error   "a bucket ending in -" => setup(|s| s.backup_bucket = Some("apigw-logs-".into()));
        BucketNameAdjacentDots   Error   "a bucket with .." => setup(|s| s.backup_bucket = Some("apigw..logs".into()));
        BucketNameIpAddress      Error   "the bucket 192.168.5.4" => setup(|s| s.backup_bucket = Some("192.168.5.4".into()));
        BucketNameReserved       Error   "a bucket ending in -s3alias" => setup(|s| s.backup_bucket = Some("apigw-logs-s3alias".into()));
        BufferSizeOutOfRange     Error   "a 128 MiB buffer" => setup(|s| s.buffer_size_mb = 128);
        BufferIntervalOutOfRange Error   "a 901-second buffer interval" => setup(|s| s.buffer_interval_seconds = 901);
        RetryDurationOutOfRange  Error   "a 7,201-second retry duration" => setup(|s| s.retry_duration_seconds = 7201);
        NoRetries                Warning "a retry duration of 0" => setup(|s| s.retry_duration_seconds = 0);
    }
}

// Entry points, each turned into the codes and severities it reports.

fn found(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Found {
    diagnostics
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

fn check(text: &str, api: ApiType) -> Found {
    found(format::check(text, api).diagnostics)
}

fn preset(id: &str) -> &'static str {
    presets::by_id(id).expect("a preset").format
}

fn columns(text: &str, api: ApiType) -> Found {
    let columns = format_columns(text, api).expect("format_columns accepts the format");
    columns.notes.iter().map(|n| (n.code, n.severity)).collect()
}

fn stream(name: &str) -> Found {
    found(check_stream_name(name).diagnostics)
}

fn arn(text: &str) -> Found {
    found(parse_arn(text).diagnostics)
}

fn destination(text: &str, api: ApiType) -> Found {
    found(check_destination(text, api).diagnostics)
}

fn build_arn(name: &str, region: &str, account: &str) -> Found {
    found(
        firehose_arn(name, region, account)
            .diagnostics
            .into_iter()
            .map(|d| d.diagnostic),
    )
}

fn plan(account: &str, log_group: &str) -> Found {
    let planned = Delivery::plan(Http, None, account, log_group);
    found(planned.account.into_iter().chain(planned.log_group))
}

fn direct(api: ApiType, org: &str, stream: &str) -> Found {
    found(preflight(api, Via::Direct, org, stream).diagnostics)
}

fn base(text: &str) -> Found {
    found(parse_base(text).diagnostics)
}

/// `base` is a self-hosted base URL, or `cloud` for OpenObserve Cloud (as on the command line).
fn ingestion(base: &str, org: Option<&str>, stream: &str) -> Found {
    let checked = ingestion_url(&Base::from_arg(base), org, stream);
    found(checked.diagnostics.into_iter().map(|d| d.diagnostic))
}

fn endpoint(url: &str) -> Found {
    found(check_endpoint_url(url))
}

fn key_from(email: &str, secret: &str) -> Found {
    found(
        access_key(email, secret)
            .diagnostics
            .into_iter()
            .map(|d| d.diagnostic),
    )
}

fn key(key: &str) -> Found {
    found(check_key(key).diagnostics.into_iter().map(|d| d.diagnostic))
}

/// A REST stage logging the CLF-like format to a prefixed stream in eu-west-1, delivered to a
/// self-hosted OpenObserve: no finding but the default bucket's note.
fn clean_setup() -> SetupInputs {
    SetupInputs {
        region: "eu-west-1".into(),
        account_id: "123456789012".into(),
        stream_name: "amazon-apigateway-prod".into(),
        endpoint_url: "https://logs.example.com/aws/default/apigw/_kinesis_firehose".into(),
        rest_api_id: Some("a1b2c3d4e5".into()),
        stage_name: Some("prod".into()),
        format: "$context.requestId $context.status\n".into(),
        ..SetupInputs::default()
    }
}

fn setup(change: impl FnOnce(&mut SetupInputs)) -> Found {
    let mut inputs = clean_setup();
    change(&mut inputs);
    found(export::check(&inputs).1.into_iter().map(|d| d.diagnostic))
}

fn show(found: &Found) -> String {
    let shown: Vec<String> = found
        .iter()
        .map(|(code, severity)| format!("{code} ({severity})"))
        .collect();
    format!("[{}]", shown.join(", "))
}

#[test]
fn each_row_produces_its_code() {
    let mut failures = Vec::new();
    for row in table() {
        let label = format!("{} ({}) from {}", row.code, row.severity, row.input);
        match std::panic::catch_unwind(row.produce) {
            Ok(found) if found.contains(&(row.code, row.severity)) => {}
            Ok(found) => failures.push(format!("{label}: got {}", show(&found))),
            Err(_) => failures.push(format!("{label}: panicked (see above)")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} row(s) did not produce their code:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_code_has_a_producing_input() {
    let all: BTreeSet<Code> = Code::ALL.iter().copied().collect();
    let tested: BTreeSet<Code> = table().iter().map(|row| row.code).collect();
    let missing: Vec<&str> = all.difference(&tested).map(|c| c.as_str()).collect();
    let extra: Vec<&str> = tested.difference(&all).map(|c| c.as_str()).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "codes without a row in tests/codes.rs: {missing:?}; rows for codes not in Code::ALL: \
         {extra:?}"
    );
}

#[test]
fn every_listed_severity_has_a_row() {
    let table = table();
    let mut problems = Vec::new();
    for code in Code::ALL {
        for severity in code.severities() {
            if !table
                .iter()
                .any(|row| row.code == *code && row.severity == *severity)
            {
                problems.push(format!(
                    "{code} is listed as {severity} but no row produces that"
                ));
            }
        }
    }
    for row in &table {
        if !row.code.severities().contains(&row.severity) {
            problems.push(format!(
                "the row for {} ({}) expects a severity diagnostic/code.rs does not list",
                row.code, row.input
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_clean_setup_has_only_the_default_bucket_note() {
    let (plan, diagnostics) = export::check(&clean_setup());
    assert!(plan.is_some());
    assert_eq!(
        found(diagnostics.into_iter().map(|d| d.diagnostic)),
        [(Code::BucketDefaulted, Info)]
    );
}
