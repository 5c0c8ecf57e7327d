//! The three kinds of API Gateway API, whose access-log rules differ.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// Which API Gateway API a stage belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiType {
    /// REST API (API Gateway v1). Unknown variables render `-`; Firehose destinations allowed.
    #[default]
    Rest,
    /// HTTP API (API Gateway v2). Unknown variables are rejected at deploy time; 3 KB format limit.
    Http,
    /// WebSocket API (API Gateway v2).
    #[serde(rename = "websocket")]
    WebSocket,
}

impl ApiType {
    /// All API types, in the order the UI lists them.
    pub const ALL: [ApiType; 3] = [ApiType::Rest, ApiType::Http, ApiType::WebSocket];

    /// The identifier used on the command line and in JSON (`rest`, `http`, `websocket`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiType::Rest => "rest",
            ApiType::Http => "http",
            ApiType::WebSocket => "websocket",
        }
    }

    /// The name AWS uses in its documentation.
    pub fn label(self) -> &'static str {
        match self {
            ApiType::Rest => "REST API",
            ApiType::Http => "HTTP API",
            ApiType::WebSocket => "WebSocket API",
        }
    }
}

impl fmt::Display for ApiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given was not one of `rest`, `http` or `websocket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownApiType(pub String);

impl fmt::Display for UnknownApiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown API type `{}`: expected rest, http or websocket",
            self.0
        )
    }
}

impl std::error::Error for UnknownApiType {}

impl FromStr for ApiType {
    type Err = UnknownApiType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "rest" | "v1" => Ok(ApiType::Rest),
            "http" | "v2" => Ok(ApiType::Http),
            "websocket" | "ws" => Ok(ApiType::WebSocket),
            _ => Err(UnknownApiType(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_cli_spelling() {
        assert_eq!("rest".parse(), Ok(ApiType::Rest));
        assert_eq!("HTTP".parse(), Ok(ApiType::Http));
        assert_eq!("websocket".parse(), Ok(ApiType::WebSocket));
        assert!("graphql".parse::<ApiType>().is_err());
    }
}
