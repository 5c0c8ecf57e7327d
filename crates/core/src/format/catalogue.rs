//! The `$context` variable catalogue for REST, HTTP and WebSocket APIs.
//!
//! Sources: AWS docs, botocore and observed output (docs/sources.md, *API Gateway access-log
//! variables*). Names are stored without the `$context.` prefix. Fixed names are looked up first;
//! dynamic-suffix families (`authorizer.claims.*`, `authorizer.*`, `requestOverride.header.*`, …)
//! only match what no fixed name covers, as AWS resolves them.

use super::shape::ValueShape;
use crate::api::ApiType;
use crate::similarity::edit_distance;

/// A set of API types, as a tiny bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiSet(u8);

impl ApiSet {
    /// REST only.
    pub const REST: ApiSet = ApiSet(1);
    /// HTTP only.
    pub const HTTP: ApiSet = ApiSet(2);
    /// WebSocket only.
    pub const WEBSOCKET: ApiSet = ApiSet(4);
    /// REST and HTTP.
    pub const REST_HTTP: ApiSet = ApiSet(1 | 2);
    /// REST and WebSocket.
    pub const REST_WEBSOCKET: ApiSet = ApiSet(1 | 4);
    /// HTTP and WebSocket.
    pub const HTTP_WEBSOCKET: ApiSet = ApiSet(2 | 4);
    /// Every API type.
    pub const ALL: ApiSet = ApiSet(1 | 2 | 4);

    /// Whether `api` is in the set.
    pub const fn contains(self, api: ApiType) -> bool {
        let bit = match api {
            ApiType::Rest => 1,
            ApiType::Http => 2,
            ApiType::WebSocket => 4,
        };
        self.0 & bit != 0
    }
}

/// How sure we are that an API type supports a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Documented for this API type.
    Documented,
    /// Listed in some versions of the AWS docs only (e.g. HTTP `authorizer.latency`): warn.
    Uncertain,
}

/// One fixed `$context` variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// Name without the `$context.` prefix, e.g. `identity.sourceIp`.
    pub name: &'static str,
    /// What it holds, in AWS's words (abridged).
    pub meaning: &'static str,
    /// Value shape on REST APIs (and any API without an override).
    pub shape: ValueShape,
    /// Shape on HTTP APIs when it differs (HTTP `requestId` is base64-like, `routeKey` has the method).
    pub http_shape: Option<ValueShape>,
    /// Shape on WebSocket APIs when it differs.
    pub websocket_shape: Option<ValueShape>,
    /// Listed by AWS as "available for access logging only".
    pub log_only: bool,
    /// The API types that document it.
    pub apis: ApiSet,
    /// API types where support is uncertain (a subset of `apis`).
    pub uncertain: ApiSet,
}

/// A variable family with a free suffix, like `authorizer.claims.{property}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    /// The fixed prefix including its final dot, e.g. `authorizer.claims.`.
    pub prefix: &'static str,
    /// How the docs write the placeholder, e.g. `{property}`.
    pub placeholder: &'static str,
    /// What it holds.
    pub meaning: &'static str,
    /// Value shape.
    pub shape: ValueShape,
    /// The API types that support it.
    pub apis: ApiSet,
    /// Which suffixes it accepts.
    pub suffix: Suffix,
}

/// Which suffixes a [`Family`] accepts after its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// One name segment, `[A-Za-z0-9_]+` (`authorizer.{property}`: "the only supported special
    /// character is the underscore").
    Name,
    /// One or more name segments joined by `.` (JWT/Cognito claim names).
    DottedName,
    /// An HTTP header name, `[A-Za-z0-9_-]+`.
    HeaderName,
}

impl Suffix {
    /// Whether `suffix` (the text after a family's prefix) is acceptable.
    pub fn accepts(self, suffix: &str) -> bool {
        let segment_ok = |segment: &str, dash: bool| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || (dash && b == b'-'))
        };
        match self {
            Suffix::Name => segment_ok(suffix, false),
            Suffix::DottedName => suffix.split('.').all(|segment| segment_ok(segment, false)),
            Suffix::HeaderName => segment_ok(suffix, true),
        }
    }
}

// Terse constructors so the tables below read like AWS's variable tables.
use ValueShape::{
    AccountId, Boolean, ClfTime, EpochMillis, EpochSeconds, HttpRouteKey, Integer, IpAddress,
    PreQuoted, RequestId, ShortId, Text, Token, Uuid,
};

const ALL: ApiSet = ApiSet::ALL;
const REST: ApiSet = ApiSet::REST;
const HTTP: ApiSet = ApiSet::HTTP;
const WS: ApiSet = ApiSet::WEBSOCKET;
const REST_HTTP: ApiSet = ApiSet::REST_HTTP;
const REST_WS: ApiSet = ApiSet::REST_WEBSOCKET;
const HTTP_WS: ApiSet = ApiSet::HTTP_WEBSOCKET;

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const EVENT_TYPES: &[&str] = &["CONNECT", "MESSAGE", "DISCONNECT"];
const WAF_RESPONSE_CODES: &[&str] = &["WAF_ALLOW", "WAF_BLOCK"];
const COGNITO_AUTHENTICATION_TYPES: &[&str] = &["authenticated", "unauthenticated"];
const RESPONSE_TRANSFER_MODES: &[&str] = &["BUFFERED", "STREAMED"];

/// A documented variable with the same shape everywhere, not log-only, no uncertainty.
const fn v(name: &'static str, meaning: &'static str, shape: ValueShape, apis: ApiSet) -> Variable {
    Variable {
        name,
        meaning,
        shape,
        http_shape: None,
        websocket_shape: None,
        log_only: false,
        apis,
        uncertain: ApiSet(0),
    }
}

impl Variable {
    /// Marks it "available for access logging only".
    const fn access_log_only(mut self) -> Variable {
        self.log_only = true;
        self
    }

    /// Sets a different shape for HTTP APIs.
    const fn on_http(mut self, shape: ValueShape) -> Variable {
        self.http_shape = Some(shape);
        self
    }

    /// Sets a different shape for WebSocket APIs.
    const fn on_websocket(mut self, shape: ValueShape) -> Variable {
        self.websocket_shape = Some(shape);
        self
    }

    /// Adds API types where support is uncertain (they are added to `apis` too).
    const fn uncertain_on(mut self, apis: ApiSet) -> Variable {
        self.uncertain = ApiSet(self.uncertain.0 | apis.0);
        self.apis = ApiSet(self.apis.0 | apis.0);
        self
    }
}

/// Every fixed `$context` variable of REST, HTTP and WebSocket APIs, one entry per name, sorted by
/// name (case-insensitively).
///
/// Left out on purpose: `endpointType` (only in a third-party model, unverified) and bare
/// `authorizer.claims` (documented to return null; as written it is resolved like any other
/// Lambda-authorizer context key through the `authorizer.{property}` family, see [`FAMILIES`]).
pub static VARIABLES: &[Variable] = &[
    v(
        "accountId",
        "API owner's AWS account ID.",
        AccountId,
        REST_HTTP,
    ),
    v(
        "apiId",
        "Identifier API Gateway assigns to the API.",
        Token,
        ALL,
    ),
    v(
        "authenticate.error",
        "Error message generated when authentication fails.",
        Text,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authenticate.latency",
        "Authentication latency in ms.",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authenticate.status",
        "Status code returned from an authentication attempt.",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorize.error",
        "Authorization error message.",
        Text,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorize.latency",
        "Authorization latency in ms.",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorize.status",
        "Status code returned from an authorization attempt.",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorizer.error",
        "Error message returned from an authorizer.",
        Text,
        ALL,
    )
    .access_log_only(),
    v(
        "authorizer.integrationLatency",
        "Lambda authorizer latency in ms (time to run the authorizer function).",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorizer.integrationStatus",
        "Status code returned from a Lambda authorizer.",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorizer.latency",
        "Authorizer latency in ms.",
        Integer,
        REST_WS,
    )
    .access_log_only()
    .uncertain_on(HTTP),
    v(
        "authorizer.principalId",
        "Principal user identification returned by a Lambda authorizer.",
        Text,
        ALL,
    ),
    v(
        "authorizer.requestId",
        "AWS endpoint's request ID (the authorizer call).",
        Uuid,
        REST_WS,
    )
    .access_log_only(),
    v(
        "authorizer.status",
        "Status code returned from an authorizer.",
        Integer,
        REST_WS,
    )
    .access_log_only()
    .uncertain_on(HTTP),
    v(
        "awsEndpointRequestId",
        "AWS endpoint's request ID, from the x-amz-request-id or x-amzn-requestId header.",
        Token,
        REST_HTTP,
    ),
    v(
        "awsEndpointRequestId2",
        "AWS endpoint's request ID, from the x-amz-id-2 header.",
        Token,
        HTTP,
    ),
    v(
        "cipherSuite",
        "Cipher suite negotiated with the client.",
        Token,
        REST,
    ),
    v(
        "connectedAt",
        "Epoch-formatted connection time.",
        EpochMillis,
        WS,
    ),
    v(
        "connectionId",
        "Unique ID for the connection, used to make a callback to the client.",
        ShortId,
        WS,
    ),
    v(
        "customDomain.basePathMatched",
        "Path of the API mapping an incoming request matched on a custom domain name.",
        Token,
        REST_HTTP,
    )
    .access_log_only(),
    v(
        "customDomain.routingRuleIdMatched",
        "Routing rule that the incoming request matched on a custom domain name.",
        Token,
        REST,
    ),
    v(
        "dataProcessed",
        "Amount of data processed, in bytes.",
        Integer,
        HTTP,
    ),
    v("deploymentId", "ID of the API deployment.", Token, REST),
    v(
        "domainName",
        "Full domain name used to invoke the API (the Host header).",
        Token,
        ALL,
    ),
    v(
        "domainPrefix",
        "First label of the domain name.",
        Token,
        REST_HTTP,
    ),
    v("error.message", "API Gateway error message.", Text, ALL),
    v(
        "error.messageString",
        "Quoted value of $context.error.message, namely \"$context.error.message\".",
        PreQuoted,
        ALL,
    ),
    v(
        "error.responseType",
        "A type of GatewayResponse.",
        Token,
        ALL,
    ),
    v(
        "error.validationErrorString",
        "Detailed request-validation error message.",
        Text,
        REST_WS,
    ),
    v(
        "eventType",
        "Event type: CONNECT, MESSAGE or DISCONNECT.",
        ValueShape::Enum(EVENT_TYPES),
        WS,
    ),
    v(
        "extendedRequestId",
        "Unique ID API Gateway generates (x-amz-apigw-id); the caller cannot override it.",
        ShortId,
        ALL,
    ),
    v(
        "httpMethod",
        "HTTP method used.",
        ValueShape::Enum(HTTP_METHODS),
        REST_HTTP,
    ),
    v(
        "identity.accountId",
        "AWS account ID associated with the request (IAM authorization).",
        AccountId,
        ALL,
    ),
    v(
        "identity.apiKey",
        "API key associated with a key-required method.",
        Token,
        REST_WS,
    ),
    v(
        "identity.apiKeyId",
        "API key ID associated with a key-required method.",
        Token,
        REST_WS,
    ),
    v(
        "identity.caller",
        "Principal identifier of the caller that signed the request (IAM authorization).",
        Token,
        ALL,
    ),
    v(
        "identity.clientCert.clientCertPem",
        "PEM-encoded client certificate presented during mutual TLS authentication.",
        Text,
        REST_HTTP,
    ),
    v(
        "identity.clientCert.issuerDN",
        "Distinguished name of the issuer of the client certificate.",
        Text,
        REST_HTTP,
    ),
    v(
        "identity.clientCert.serialNumber",
        "Serial number of the client certificate.",
        Token,
        REST_HTTP,
    ),
    v(
        "identity.clientCert.subjectDN",
        "Distinguished name of the subject of the client certificate.",
        Text,
        REST_HTTP,
    ),
    v(
        "identity.clientCert.validity.notAfter",
        "Date after which the client certificate is invalid.",
        Text,
        REST_HTTP,
    ),
    v(
        "identity.clientCert.validity.notBefore",
        "Date before which the client certificate is invalid.",
        Text,
        REST_HTTP,
    ),
    v(
        "identity.cognitoAuthenticationProvider",
        "Comma-separated list of the Amazon Cognito authentication providers used by the caller.",
        Text,
        ALL,
    ),
    v(
        "identity.cognitoAuthenticationType",
        "Amazon Cognito authentication type of the caller: authenticated or unauthenticated.",
        ValueShape::Enum(COGNITO_AUTHENTICATION_TYPES),
        ALL,
    ),
    v(
        "identity.cognitoIdentityId",
        "Amazon Cognito identity ID of the caller.",
        Token,
        ALL,
    ),
    v(
        "identity.cognitoIdentityPoolId",
        "Amazon Cognito identity pool ID of the caller.",
        Token,
        ALL,
    ),
    v(
        "identity.principalOrgId",
        "AWS organization ID of the caller.",
        Token,
        ALL,
    ),
    v(
        "identity.sourceIp",
        "Source IP address of the immediate TCP connection making the request.",
        IpAddress,
        ALL,
    ),
    v(
        "identity.user",
        "Principal identifier of the user to be authorized (IAM authorization).",
        Token,
        ALL,
    ),
    v(
        "identity.userAgent",
        "User-Agent header of the API caller.",
        Text,
        ALL,
    ),
    v(
        "identity.userArn",
        "Amazon Resource Name (ARN) of the effective user identified after authentication.",
        Token,
        ALL,
    ),
    v(
        "identity.vpceId",
        "VPC endpoint ID of the VPC endpoint making the request (private APIs only).",
        Token,
        REST,
    ),
    v(
        "identity.vpcId",
        "VPC ID of the VPC making the request (private APIs only).",
        Token,
        REST,
    ),
    v(
        "integration.error",
        "Error message returned from an integration.",
        Text,
        ALL,
    )
    .access_log_only(),
    v(
        "integration.integrationStatus",
        "For Lambda proxy integration, the status code returned from AWS Lambda, not from the \
         backend Lambda function.",
        Integer,
        ALL,
    )
    .access_log_only(),
    v(
        "integration.latency",
        "Integration latency in ms.",
        Integer,
        ALL,
    )
    .access_log_only(),
    v(
        "integration.requestId",
        "AWS endpoint's request ID (the integration call).",
        Token,
        ALL,
    )
    .access_log_only(),
    v(
        "integration.responseTransferMode",
        "Response transfer mode of the integration: BUFFERED or STREAMED.",
        ValueShape::Enum(RESPONSE_TRANSFER_MODES),
        REST,
    ),
    v(
        "integration.status",
        "Status code returned from an integration; for Lambda proxy integrations, the status \
         code the Lambda function returns.",
        Integer,
        ALL,
    )
    .access_log_only(),
    v(
        "integration.timeToAllHeaders",
        "Time from establishing the integration connection to receiving all integration \
         response headers.",
        Integer,
        REST,
    ),
    v(
        "integration.timeToFirstContent",
        "Time from establishing the integration connection to receiving the first content bytes.",
        Integer,
        REST,
    ),
    v(
        "integrationErrorMessage",
        "Error message returned from an integration.",
        Text,
        REST_HTTP,
    )
    .access_log_only(),
    v(
        "integrationLatency",
        "Integration latency in ms.",
        Integer,
        ALL,
    )
    .access_log_only(),
    v(
        "integrationStatus",
        "For Lambda proxy integration, the status code returned from AWS Lambda, not from the \
         backend Lambda function.",
        Integer,
        REST_HTTP,
    )
    .access_log_only(),
    v(
        "isCanaryRequest",
        "true if the request was directed to the canary (only when a canary is enabled).",
        Boolean,
        REST,
    ),
    v(
        "messageId",
        "Unique server-side ID for a message (only when eventType is MESSAGE).",
        Token,
        WS,
    ),
    v(
        "path",
        "Request path, e.g. /{stage}/root/child.",
        Token,
        REST_HTTP,
    ),
    v(
        "protocol",
        "Request protocol; logged as HTTP/1.1 even for HTTP/2 requests.",
        Token,
        REST_HTTP,
    ),
    v(
        "requestId",
        "ID of the request (x-amzn-RequestId on REST; the same as extendedRequestId on HTTP and \
         WebSocket).",
        RequestId,
        ALL,
    )
    .on_http(ShortId),
    v(
        "requestTime",
        "CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm).",
        ClfTime,
        ALL,
    ),
    v(
        "requestTimeEpoch",
        "Epoch-formatted request time (milliseconds; seconds observed on HTTP APIs).",
        EpochMillis,
        ALL,
    )
    .on_http(EpochSeconds),
    v(
        "resourceId",
        "Identifier API Gateway assigns to the resource.",
        Token,
        REST,
    ),
    v(
        "resourcePath",
        "Path to the resource, without the stage, e.g. /root/child.",
        Token,
        REST,
    ),
    v(
        "responseLatency",
        "Response latency in ms.",
        Integer,
        REST_HTTP,
    )
    .access_log_only(),
    v(
        "responseLength",
        "Response payload length in bytes.",
        Integer,
        REST_HTTP,
    )
    .access_log_only(),
    v(
        "responseOverride.status",
        "Response status code override set in a mapping template.",
        Integer,
        REST,
    ),
    v(
        "routeKey",
        "Route key of the request (on HTTP APIs, `METHOD /path` or $default).",
        Token,
        HTTP_WS,
    )
    .on_http(HttpRouteKey)
    // A custom WebSocket route key is whatever the route selection expression produced, spaces
    // included: any text. AWS:
    // <https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html>
    .on_websocket(Text),
    v(
        "stage",
        "Deployment stage of the API request (e.g. Beta or Prod).",
        Token,
        ALL,
    ),
    v("status", "Method response status.", Integer, ALL).access_log_only(),
    v(
        "tlsVersion",
        "TLS protocol version negotiated with the client.",
        Token,
        REST,
    ),
    v(
        "waf.error",
        "Error message returned from AWS WAF.",
        Text,
        REST_WS,
    )
    .access_log_only(),
    v("waf.latency", "AWS WAF latency in ms.", Integer, REST_WS).access_log_only(),
    v(
        "waf.status",
        "Status code returned from AWS WAF.",
        Integer,
        REST_WS,
    )
    .access_log_only(),
    v(
        "wafResponseCode",
        "Response received from AWS WAF: WAF_ALLOW or WAF_BLOCK (unset without a web ACL).",
        ValueShape::Enum(WAF_RESPONSE_CODES),
        REST,
    ),
    v(
        "webaclArn",
        "Complete ARN of the web ACL that decides whether to allow or block the request.",
        Token,
        REST,
    ),
    v("xrayTraceId", "Trace ID of the X-Ray trace.", Token, REST).access_log_only(),
];

/// Every variable family with a free suffix. Fixed names (e.g. `authorizer.principalId`) take
/// precedence over these, see [`lookup`].
pub static FAMILIES: &[Family] = &[
    Family {
        prefix: "authorizer.claims.",
        placeholder: "{property}",
        meaning: "A property of the claims returned from the Amazon Cognito user pool (REST) or \
                  JWT (HTTP) after the caller is successfully authenticated.",
        shape: Text,
        apis: REST_HTTP,
        suffix: Suffix::DottedName,
    },
    Family {
        prefix: "authorizer.",
        placeholder: "{property}",
        meaning: "Stringified value of the specified key-value pair of the context map returned \
                  from a Lambda authorizer function.",
        shape: Text,
        apis: ALL,
        suffix: Suffix::Name,
    },
    Family {
        prefix: "requestOverride.header.",
        placeholder: "{header_name}",
        meaning: "Request header override set in a mapping template.",
        shape: Text,
        apis: REST,
        suffix: Suffix::HeaderName,
    },
    Family {
        prefix: "requestOverride.path.",
        placeholder: "{path_name}",
        meaning: "Request path parameter override set in a mapping template.",
        shape: Text,
        apis: REST,
        suffix: Suffix::Name,
    },
    Family {
        prefix: "requestOverride.querystring.",
        placeholder: "{querystring_name}",
        meaning: "Request query string parameter override set in a mapping template.",
        shape: Text,
        apis: REST,
        suffix: Suffix::Name,
    },
    Family {
        prefix: "responseOverride.header.",
        placeholder: "{header_name}",
        meaning: "Response header override set in a mapping template.",
        shape: Text,
        apis: REST,
        suffix: Suffix::HeaderName,
    },
];

/// How support looks for an API type, given the documented and uncertain sets.
fn support_in(apis: ApiSet, uncertain: ApiSet, api: ApiType) -> Option<Support> {
    if !apis.contains(api) {
        None
    } else if uncertain.contains(api) {
        Some(Support::Uncertain)
    } else {
        Some(Support::Documented)
    }
}

impl Variable {
    /// The value shape this variable renders on `api` (the REST shape unless overridden).
    pub fn shape_for(&self, api: ApiType) -> ValueShape {
        let specific = match api {
            ApiType::Rest => None,
            ApiType::Http => self.http_shape,
            ApiType::WebSocket => self.websocket_shape,
        };
        specific.unwrap_or(self.shape)
    }

    /// Whether `api` supports this variable, and how sure we are; `None` if it does not.
    pub fn support(&self, api: ApiType) -> Option<Support> {
        support_in(self.apis, self.uncertain, api)
    }
}

impl Family {
    /// Whether `api` supports this family; `None` if it does not.
    pub fn support(&self, api: ApiType) -> Option<Support> {
        support_in(self.apis, ApiSet(0), api)
    }

    /// The suffix of `name` after this family's prefix, if `name` belongs to the family (the
    /// suffix is non-empty and acceptable). Does not consider fixed names.
    pub fn suffix_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        name.strip_prefix(self.prefix)
            .filter(|suffix| self.suffix.accepts(suffix))
    }
}

/// What a variable name (without `$context.`) refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A fixed, documented name.
    Fixed(&'static Variable),
    /// A member of a dynamic-suffix family.
    Family(&'static Family),
    /// Nothing documented for any API type.
    Unknown,
}

impl Lookup {
    /// The value shape on `api`. Unknown names may render anything (REST logs `-` for them), so
    /// they are [`ValueShape::Text`].
    pub fn shape_for(&self, api: ApiType) -> ValueShape {
        match self {
            Lookup::Fixed(variable) => variable.shape_for(api),
            Lookup::Family(family) => family.shape,
            Lookup::Unknown => Text,
        }
    }

    /// Whether `api` supports the name, and how sure we are; `None` if not (always for unknown).
    pub fn support(&self, api: ApiType) -> Option<Support> {
        match self {
            Lookup::Fixed(variable) => variable.support(api),
            Lookup::Family(family) => family.support(api),
            Lookup::Unknown => None,
        }
    }

    /// What the name holds, for tooltips; `None` for unknown names.
    pub fn meaning(&self) -> Option<&'static str> {
        match self {
            Lookup::Fixed(variable) => Some(variable.meaning),
            Lookup::Family(family) => Some(family.meaning),
            Lookup::Unknown => None,
        }
    }
}

/// Resolve a variable name (without `$context.`), for any API type.
///
/// Fixed names are matched first, exactly and case-sensitively. Otherwise the family with the
/// longest prefix that leaves a non-empty suffix decides: the name is in it if its [`Suffix`] rule
/// accepts the suffix, else it is [`Lookup::Unknown`] (so `authorizer.a.b` is unknown while
/// `authorizer.claims.a.b` is a claim). Whether the API type supports the result is a separate
/// question: see [`Lookup::support`].
pub fn lookup(name: &str) -> Lookup {
    if let Some(variable) = VARIABLES.iter().find(|variable| variable.name == name) {
        return Lookup::Fixed(variable);
    }
    let family = FAMILIES
        .iter()
        .filter(|family| name.len() > family.prefix.len() && name.starts_with(family.prefix))
        .max_by_key(|family| family.prefix.len());
    match family {
        Some(family) if family.suffix_of(name).is_some() => Lookup::Family(family),
        _ => Lookup::Unknown,
    }
}

/// The fixed variables `api` supports (documented or uncertain), in catalogue order, for the
/// playground's variable picker.
pub fn names_for(api: ApiType) -> impl Iterator<Item = &'static Variable> {
    VARIABLES
        .iter()
        .filter(move |variable| variable.apis.contains(api))
}

/// The families `api` supports, in catalogue order.
pub fn families_for(api: ApiType) -> impl Iterator<Item = &'static Family> {
    FAMILIES
        .iter()
        .filter(move |family| family.apis.contains(api))
}

/// "Did you mean …?": the fixed name available on `api` closest to `name`, if any is close.
///
/// Comparison ignores ASCII case and counts an adjacent transposition as one edit (optimal string
/// alignment distance). A plain distance is accepted up to `max(2, len / 4)` for a `name` of
/// `len` characters, but never beyond half the length of its last segment (so a shared
/// `authorizer.` prefix alone does not make two names close). These also count as close: `name`
/// being the start of a fixed name (3+ characters, `requestTim` → `requestTime`), a fixed name
/// being the start of `name` (`statusCode` → `status`), and `name` being the last segment of
/// exactly one fixed name (`sourceIp` → `identity.sourceIp`). Ties go to the smaller distance, then
/// the shorter name. A name that already exists on `api` is returned as is.
pub fn suggest(name: &str, api: ApiType) -> Option<&'static str> {
    let lowered_name = name.to_ascii_lowercase();
    let query_len = lowered_name.chars().count();
    if query_len == 0 {
        return None;
    }
    // Long dotted names share most of their length with many others: also cap the distance by
    // the last segment, so `authorizer.claims` does not suggest `authorizer.status`.
    let last_segment = name.rsplit('.').next().unwrap_or(name).chars().count();
    let threshold = (query_len / 4).max(2).min((last_segment / 2).max(1));
    let unique_last_segment = {
        let mut matches = names_for(api).filter(|variable| {
            let last = variable.name.rsplit('.').next().unwrap_or(variable.name);
            last.eq_ignore_ascii_case(name)
        });
        match (matches.next(), matches.next()) {
            (Some(only), None) => Some(only.name),
            _ => None,
        }
    };
    names_for(api)
        .filter_map(|variable| {
            let lowered = variable.name.to_ascii_lowercase();
            let distance = edit_distance(&lowered_name, &lowered);
            let completes = query_len >= 3 && lowered.starts_with(&lowered_name);
            let score = if distance == 0 {
                0
            } else if completes || unique_last_segment == Some(variable.name) {
                1
            } else if lowered_name.starts_with(&lowered) {
                distance.min(2)
            } else {
                distance
            };
            (score <= threshold).then_some((score, distance, lowered.len(), variable.name))
        })
        .min_by_key(|&(score, distance, len, _)| (score, distance, len))
        .map(|(_, _, _, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(name: &str) -> &'static Variable {
        match lookup(name) {
            Lookup::Fixed(variable) => variable,
            other => panic!("{name} is not a fixed name: {other:?}"),
        }
    }

    fn family_prefix(name: &str) -> Option<&'static str> {
        match lookup(name) {
            Lookup::Family(family) => Some(family.prefix),
            _ => None,
        }
    }

    fn is_name_segment(segment: &str) -> bool {
        !segment.is_empty()
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    }

    #[test]
    fn every_name_is_unique() {
        for (index, variable) in VARIABLES.iter().enumerate() {
            assert!(
                VARIABLES[index + 1..]
                    .iter()
                    .all(|other| other.name != variable.name),
                "{} is listed twice",
                variable.name
            );
        }
    }

    #[test]
    fn every_name_matches_the_grammar() {
        for variable in VARIABLES {
            assert!(
                variable.name.split('.').all(is_name_segment),
                "{}",
                variable.name
            );
        }
    }

    #[test]
    fn every_family_prefix_is_dotted_segments_ending_in_a_dot() {
        for family in FAMILIES {
            let body = family
                .prefix
                .strip_suffix('.')
                .expect("prefix ends with a dot");
            assert!(body.split('.').all(is_name_segment), "{}", family.prefix);
        }
    }

    #[test]
    fn variables_are_sorted_case_insensitively() {
        for pair in VARIABLES.windows(2) {
            assert!(
                pair[0].name.to_ascii_lowercase() < pair[1].name.to_ascii_lowercase(),
                "{} should come after {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn every_variable_is_documented_somewhere_with_a_meaning() {
        for variable in VARIABLES {
            assert_ne!(variable.apis, ApiSet(0), "{}", variable.name);
            assert!(variable.meaning.len() > 10, "{}", variable.name);
        }
        for family in FAMILIES {
            assert_ne!(family.apis, ApiSet(0), "{}", family.prefix);
            assert!(family.meaning.len() > 10, "{}", family.prefix);
        }
    }

    #[test]
    fn uncertain_apis_are_a_subset_of_documented_apis() {
        for variable in VARIABLES {
            assert_eq!(
                variable.uncertain.0 & !variable.apis.0,
                0,
                "{}",
                variable.name
            );
        }
    }

    #[test]
    fn shape_overrides_only_exist_for_apis_that_have_the_variable() {
        for variable in VARIABLES {
            if variable.http_shape.is_some() {
                assert!(variable.apis.contains(ApiType::Http), "{}", variable.name);
            }
            if variable.websocket_shape.is_some() {
                assert!(
                    variable.apis.contains(ApiType::WebSocket),
                    "{}",
                    variable.name
                );
            }
        }
    }

    #[test]
    fn enum_shapes_have_words() {
        for variable in VARIABLES {
            if let ValueShape::Enum(words) = variable.shape {
                assert!(!words.is_empty(), "{}", variable.name);
            }
        }
    }

    #[test]
    fn every_fixed_name_looks_up_to_itself() {
        for variable in VARIABLES {
            assert_eq!(lookup(variable.name), Lookup::Fixed(variable));
        }
    }

    #[test]
    fn every_api_has_the_required_id_variables() {
        for api in ApiType::ALL {
            assert_eq!(
                fixed("requestId").support(api),
                Some(Support::Documented),
                "{api}"
            );
            assert_eq!(
                fixed("extendedRequestId").support(api),
                Some(Support::Documented),
                "{api}"
            );
        }
    }

    #[test]
    fn request_id_is_available_everywhere() {
        assert_eq!(fixed("requestId").apis, ApiSet::ALL);
    }

    #[test]
    fn request_id_is_a_uuid_on_rest_and_websocket_but_short_on_http() {
        let request_id = fixed("requestId");
        assert_eq!(request_id.shape_for(ApiType::Rest), RequestId);
        assert_eq!(request_id.shape_for(ApiType::Http), ShortId);
        assert_eq!(request_id.shape_for(ApiType::WebSocket), RequestId);
        assert_eq!(fixed("extendedRequestId").shape_for(ApiType::Http), ShortId);
    }

    #[test]
    fn request_time_epoch_is_seconds_on_http_and_millis_elsewhere() {
        let epoch = fixed("requestTimeEpoch");
        assert_eq!(epoch.shape_for(ApiType::Http), EpochSeconds);
        assert_eq!(epoch.shape_for(ApiType::Rest), EpochMillis);
        assert_eq!(epoch.shape_for(ApiType::WebSocket), EpochMillis);
    }

    #[test]
    fn routekey_on_http_contains_the_method() {
        assert_eq!(fixed("routeKey").shape_for(ApiType::Http), HttpRouteKey);
    }

    #[test]
    fn routekey_on_websocket_is_free_text() {
        assert_eq!(fixed("routeKey").shape_for(ApiType::WebSocket), Text);
    }

    #[test]
    fn routekey_is_not_documented_for_rest() {
        assert_eq!(fixed("routeKey").support(ApiType::Rest), None);
    }

    #[test]
    fn http_only_variables_are_not_rest() {
        for name in ["awsEndpointRequestId2", "dataProcessed"] {
            assert_eq!(fixed(name).apis, ApiSet::HTTP, "{name}");
            assert_eq!(fixed(name).support(ApiType::Rest), None, "{name}");
        }
    }

    #[test]
    fn websocket_only_variables_are_only_websocket() {
        for name in ["connectedAt", "connectionId", "eventType", "messageId"] {
            assert_eq!(fixed(name).apis, ApiSet::WEBSOCKET, "{name}");
        }
    }

    #[test]
    fn rest_only_variables_are_not_on_http() {
        for name in [
            "resourcePath",
            "resourceId",
            "xrayTraceId",
            "wafResponseCode",
            "webaclArn",
        ] {
            assert_eq!(fixed(name).support(ApiType::Http), None, "{name}");
        }
        assert_eq!(
            lookup("requestOverride.header.x-api-key").support(ApiType::Http),
            None
        );
    }

    #[test]
    fn http_authorizer_latency_and_status_are_uncertain() {
        for name in ["authorizer.latency", "authorizer.status"] {
            assert_eq!(
                fixed(name).support(ApiType::Http),
                Some(Support::Uncertain),
                "{name}"
            );
            assert_eq!(
                fixed(name).support(ApiType::Rest),
                Some(Support::Documented),
                "{name}"
            );
        }
    }

    #[test]
    fn endpoint_type_is_not_catalogued() {
        assert_eq!(lookup("endpointType"), Lookup::Unknown);
    }

    #[test]
    fn log_only_follows_the_rest_table() {
        assert!(fixed("status").log_only);
        assert!(fixed("integrationLatency").log_only);
        assert!(fixed("customDomain.basePathMatched").log_only);
        assert!(!fixed("requestId").log_only);
        assert!(!fixed("identity.sourceIp").log_only);
    }

    #[test]
    fn error_message_string_is_pre_quoted() {
        assert_eq!(fixed("error.messageString").shape, PreQuoted);
    }

    #[test]
    fn free_text_variables_allow_spaces() {
        for name in [
            "identity.userAgent",
            "error.message",
            "identity.clientCert.subjectDN",
        ] {
            assert_eq!(fixed(name).shape, Text, "{name}");
        }
    }

    #[test]
    fn fixed_names_win_over_families() {
        assert_eq!(
            fixed("authorizer.principalId").name,
            "authorizer.principalId"
        );
        assert_eq!(fixed("authorizer.latency").name, "authorizer.latency");
    }

    #[test]
    fn authorizer_property_is_a_family_member() {
        assert_eq!(family_prefix("authorizer.tenant_id"), Some("authorizer."));
    }

    #[test]
    fn authorizer_property_rejects_dots() {
        assert_eq!(lookup("authorizer.user.name"), Lookup::Unknown);
    }

    #[test]
    fn authorizer_property_rejects_dashes() {
        assert_eq!(lookup("authorizer.tenant-id"), Lookup::Unknown);
    }

    #[test]
    fn claims_take_the_longest_prefix() {
        assert_eq!(
            family_prefix("authorizer.claims.sub"),
            Some("authorizer.claims.")
        );
    }

    #[test]
    fn claims_accept_dotted_names() {
        assert_eq!(
            family_prefix("authorizer.claims.address.country"),
            Some("authorizer.claims.")
        );
    }

    #[test]
    fn bare_claims_is_resolved_as_an_authorizer_context_key() {
        assert_eq!(family_prefix("authorizer.claims"), Some("authorizer."));
    }

    #[test]
    fn header_families_accept_dashes() {
        assert_eq!(
            family_prefix("requestOverride.header.x-api-key"),
            Some("requestOverride.header.")
        );
        assert_eq!(
            family_prefix("responseOverride.header.Cache-Control"),
            Some("responseOverride.header.")
        );
    }

    #[test]
    fn query_string_override_is_a_family_member() {
        assert_eq!(
            family_prefix("requestOverride.querystring.page"),
            Some("requestOverride.querystring.")
        );
    }

    #[test]
    fn a_family_prefix_alone_is_unknown() {
        assert_eq!(lookup("requestOverride.header."), Lookup::Unknown);
        assert_eq!(lookup("requestOverride.header"), Lookup::Unknown);
        assert_eq!(lookup("authorizer."), Lookup::Unknown);
    }

    #[test]
    fn lookup_is_case_sensitive() {
        assert_eq!(lookup("RequestId"), Lookup::Unknown);
        assert_eq!(lookup("identity.sourceIP"), Lookup::Unknown);
    }

    #[test]
    fn unknown_names_are_text_and_unsupported() {
        let unknown = lookup("request.header.mcp-method");
        assert_eq!(unknown, Lookup::Unknown);
        assert_eq!(unknown.shape_for(ApiType::Http), Text);
        assert_eq!(unknown.support(ApiType::Rest), None);
    }

    #[test]
    fn families_are_text_on_their_apis() {
        let claim = lookup("authorizer.claims.email");
        assert_eq!(claim.shape_for(ApiType::Http), Text);
        assert_eq!(claim.support(ApiType::Http), Some(Support::Documented));
        assert_eq!(claim.support(ApiType::WebSocket), None);
    }

    #[test]
    fn names_for_lists_only_that_api() {
        for api in ApiType::ALL {
            assert!(names_for(api).all(|variable| variable.apis.contains(api)));
            assert_eq!(
                names_for(api).count(),
                VARIABLES
                    .iter()
                    .filter(|variable| variable.support(api).is_some())
                    .count()
            );
        }
        assert!(names_for(ApiType::Http).any(|variable| variable.name == "routeKey"));
        assert!(!names_for(ApiType::Rest).any(|variable| variable.name == "routeKey"));
    }

    #[test]
    fn families_for_websocket_is_only_the_authorizer_context() {
        let prefixes: Vec<_> = families_for(ApiType::WebSocket)
            .map(|family| family.prefix)
            .collect();
        assert_eq!(prefixes, ["authorizer."]);
    }

    #[test]
    fn suggests_request_time_for_request_tim() {
        assert_eq!(suggest("requestTim", ApiType::Rest), Some("requestTime"));
    }

    #[test]
    fn suggests_source_ip_ignoring_case() {
        assert_eq!(
            suggest("identity.sourceIP", ApiType::Http),
            Some("identity.sourceIp")
        );
    }

    #[test]
    fn suggests_status_for_a_transposition() {
        assert_eq!(suggest("statsu", ApiType::WebSocket), Some("status"));
    }

    #[test]
    fn suggests_http_method_for_lowercase() {
        assert_eq!(suggest("httpmethod", ApiType::Rest), Some("httpMethod"));
    }

    #[test]
    fn suggests_a_name_that_the_typo_extends() {
        assert_eq!(suggest("statusCode", ApiType::Rest), Some("status"));
        assert_eq!(
            suggest("error.messageStr", ApiType::Rest),
            Some("error.messageString")
        );
    }

    #[test]
    fn suggests_the_full_name_for_a_unique_last_segment() {
        assert_eq!(
            suggest("userAgent", ApiType::Rest),
            Some("identity.userAgent")
        );
    }

    #[test]
    fn suggests_only_names_of_the_api() {
        assert_eq!(suggest("resourcePat", ApiType::Rest), Some("resourcePath"));
        assert_ne!(suggest("resourcePat", ApiType::Http), Some("resourcePath"));
    }

    #[test]
    fn no_suggestion_for_unrelated_text() {
        assert_eq!(suggest("completelyUnrelated", ApiType::Rest), None);
        assert_eq!(suggest("xyz", ApiType::Http), None);
        assert_eq!(suggest("", ApiType::Rest), None);
    }

    #[test]
    fn no_suggestion_from_a_shared_prefix_alone() {
        assert_eq!(suggest("authorizer.claims", ApiType::Rest), None);
        assert_eq!(suggest("identity.banana", ApiType::Rest), None);
    }

    #[test]
    fn suffix_rules() {
        assert!(Suffix::Name.accepts("tenant_id"));
        assert!(!Suffix::Name.accepts(""));
        assert!(Suffix::DottedName.accepts("a.b"));
        assert!(!Suffix::DottedName.accepts("a..b"));
        assert!(Suffix::HeaderName.accepts("x-api-key"));
        assert!(!Suffix::HeaderName.accepts("x.api"));
    }
}
