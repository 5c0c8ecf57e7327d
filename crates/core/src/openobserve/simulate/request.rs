//! The HTTP request Firehose sends to an HTTP endpoint, and OpenObserve's answer.

use super::*;
use base64::Engine as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// HTTP headers in the order they are sent; serialises as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The value of header `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Headers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One record of a Firehose HTTP-endpoint request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirehoseRecord {
    /// The record's bytes, base64 (standard alphabet, padded).
    pub data: String,
}

/// The JSON body Firehose posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirehoseBody {
    /// Firehose's request id (also in `X-Amz-Firehose-Request-Id`).
    pub request_id: String,
    /// When Firehose built the request, in ms since the epoch. Always sent by Firehose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
    /// The records.
    pub records: Vec<FirehoseRecord>,
}

/// The HTTP request Firehose sends to OpenObserve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirehoseRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// `/aws/{org}/{stream}/_kinesis_firehose` (prefix it with `ZO_BASE_URI` if the server has one).
    pub path: String,
    /// The headers, with the access key replaced by [`ACCESS_KEY_PLACEHOLDER`].
    pub headers: Headers,
    /// The body.
    pub body: FirehoseBody,
}

impl FirehoseRequest {
    /// The request Firehose sends for `records` (raw record bytes).
    pub fn new(
        org: &str,
        stream: &str,
        request_id: &str,
        timestamp_ms: i64,
        records: &[&[u8]],
    ) -> Self {
        let engine = base64::engine::general_purpose::STANDARD;
        FirehoseRequest {
            method: "POST",
            path: format!("/aws/{org}/{stream}/_kinesis_firehose"),
            headers: Headers(vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Amz-Firehose-Protocol-Version".into(), "1.0".into()),
                ("X-Amz-Firehose-Request-Id".into(), request_id.into()),
                (
                    "X-Amz-Firehose-Access-Key".into(),
                    ACCESS_KEY_PLACEHOLDER.into(),
                ),
            ]),
            body: FirehoseBody {
                request_id: request_id.to_string(),
                timestamp: Some(timestamp_ms),
                records: records
                    .iter()
                    .map(|r| FirehoseRecord {
                        data: engine.encode(r),
                    })
                    .collect(),
            },
        }
    }

    /// The body as compact JSON text, exactly as posted.
    pub fn body_json(&self) -> String {
        serde_json::to_string(&self.body).unwrap_or_default()
    }
}

/// OpenObserve's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirehoseResponse {
    /// HTTP status: 200, 400, or 0 when OpenObserve panics and drops the connection.
    pub status: u16,
    /// The JSON body (`Content-Type: application/json`); empty when there is no response.
    pub body: String,
}
