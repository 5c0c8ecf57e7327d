//! Value shapes: what the text API Gateway substitutes for a variable can look like.
//!
//! The line parser uses a shape to decide where a value can end (so `GET /pets` stays one HTTP
//! `routeKey`), and to type it (integers become JSON numbers). Every shape also accepts the bare
//! `-` API Gateway writes for a missing value.

use serde::Serialize;

/// The shape of a rendered variable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueShape {
    /// Decimal digits: status codes, latencies, lengths.
    Integer,
    /// Epoch time in milliseconds (13 digits).
    EpochMillis,
    /// Epoch time in seconds as observed on HTTP APIs (10 digits; 13 also accepted).
    EpochSeconds,
    /// Common Log Format time, `10/Jun/2023:15:36:28 +0000`.
    ClfTime,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A lowercase UUID.
    Uuid,
    /// A request id: a UUID, a 16-character base64-like id, or `UUID_REPLACED_INVALID_REQUEST_ID`.
    RequestId,
    /// A 16-character base64-like id ending in `=` (`extendedRequestId`, WebSocket `connectionId`).
    ShortId,
    /// A 12-digit AWS account id (kept as text: it may start with zeros).
    AccountId,
    /// One of a fixed set of words.
    Enum(&'static [&'static str]),
    /// `true` or `false`.
    Boolean,
    /// A value API Gateway wraps in double quotes itself (`error.messageString`).
    PreQuoted,
    /// An HTTP API route key: `$default` or `METHOD /path` (contains a space).
    HttpRouteKey,
    /// A single token without whitespace (ids, paths, ARNs, domain names).
    Token,
    /// Free text that may contain spaces (user agents, error messages, DNs).
    Text,
}

/// The type a parsed value gets, as shown to users and used for JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueType {
    /// A whole number.
    Integer,
    /// Epoch milliseconds.
    EpochMs,
    /// Epoch seconds.
    EpochS,
    /// CLF time.
    ClfTime,
    /// IP address.
    Ip,
    /// UUID or request id.
    Id,
    /// One of a fixed set of words.
    Enum,
    /// `true`/`false`.
    Boolean,
    /// Any text.
    Text,
}

impl ValueType {
    /// Short lowercase name for tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::Integer => "integer",
            ValueType::EpochMs => "epoch-ms",
            ValueType::EpochS => "epoch-s",
            ValueType::ClfTime => "clf-time",
            ValueType::Ip => "ip",
            ValueType::Id => "id",
            ValueType::Enum => "enum",
            ValueType::Boolean => "boolean",
            ValueType::Text => "text",
        }
    }
}

impl ValueShape {
    /// A regular expression (Rust `regex` syntax, which VRL's `parse_regex` also uses) matching
    /// a value of this shape or API Gateway's `-`, as one group: the pattern a careful engineer
    /// would write, so values come out right (an HTTP route key holds a space; a user agent may
    /// hold anything, so tokens and free text are lazy, as gwlog's own matcher is: the first place
    /// the following literal fits ends them).
    pub fn regex(self) -> String {
        const UUID: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        let pattern = match self {
            ValueShape::Integer | ValueShape::EpochMillis | ValueShape::EpochSeconds => {
                r"\d+".to_owned()
            }
            ValueShape::AccountId => r"\d{12}".to_owned(),
            ValueShape::ClfTime => {
                r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}".to_owned()
            }
            ValueShape::IpAddress => "[0-9a-fA-F:.]+".to_owned(),
            ValueShape::Uuid => UUID.to_owned(),
            ValueShape::RequestId => {
                format!("{UUID}|[A-Za-z0-9_-]{{15}}=|UUID_REPLACED_INVALID_REQUEST_ID")
            }
            ValueShape::ShortId => "[A-Za-z0-9_-]{15}=".to_owned(),
            ValueShape::Enum(words) => words.join("|"),
            ValueShape::Boolean => "true|false".to_owned(),
            ValueShape::PreQuoted => "\"[^\"]*\"".to_owned(),
            ValueShape::HttpRouteKey => r"\$default|[A-Z]+ /\S*".to_owned(),
            ValueShape::Token => r"\S+?".to_owned(),
            ValueShape::Text => ".*?".to_owned(),
        };
        format!("{pattern}|-")
    }

    /// The user-facing type of values of this shape.
    pub fn value_type(self) -> ValueType {
        match self {
            ValueShape::Integer => ValueType::Integer,
            ValueShape::EpochMillis => ValueType::EpochMs,
            ValueShape::EpochSeconds => ValueType::EpochS,
            ValueShape::ClfTime => ValueType::ClfTime,
            ValueShape::IpAddress => ValueType::Ip,
            ValueShape::Uuid
            | ValueShape::RequestId
            | ValueShape::ShortId
            | ValueShape::AccountId => ValueType::Id,
            ValueShape::Enum(_) => ValueType::Enum,
            ValueShape::Boolean => ValueType::Boolean,
            ValueShape::PreQuoted
            | ValueShape::HttpRouteKey
            | ValueShape::Token
            | ValueShape::Text => ValueType::Text,
        }
    }

    /// Whether parsed values of this shape become JSON integers.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            ValueShape::Integer | ValueShape::EpochMillis | ValueShape::EpochSeconds
        )
    }

    /// A realistic example value, used to render a format as API Gateway would.
    pub fn example(self) -> &'static str {
        match self {
            ValueShape::Integer => "200",
            ValueShape::EpochMillis => "1686411388000",
            ValueShape::EpochSeconds => "1686411388",
            ValueShape::ClfTime => "10/Jun/2023:15:36:28 +0000",
            ValueShape::IpAddress => "192.0.2.10",
            ValueShape::Uuid => "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5",
            ValueShape::RequestId => "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5",
            ValueShape::ShortId => "GQIVriFLIAMEMsA=",
            ValueShape::AccountId => "123456789012",
            ValueShape::Enum(words) => match words.first() {
                Some(word) => word,
                None => "-",
            },
            ValueShape::Boolean => "false",
            ValueShape::PreQuoted => "\"Unauthorized\"",
            ValueShape::HttpRouteKey => "GET /pets",
            ValueShape::Token => "example",
            ValueShape::Text => "example text",
        }
    }
}
