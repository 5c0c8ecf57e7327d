//! Ready-made formats: the API Gateway console's, AWS CDK's, and OpenObserve's guide.
//!
//! Texts are verbatim from AWS's docs, the AWS CDK source and OpenObserve's API Gateway guide
//! (`openobserve-docs`, `docs/integration/cloud/aws/api-gateway.md`); docs/sources.md, *Presets*,
//! names each page and file.

use crate::api::ApiType;

/// A named format someone else recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable identifier (`rest-clf`, `cdk-json`, …), used by the CLI and share links.
    pub id: &'static str,
    /// What the picker shows.
    pub label: &'static str,
    /// The API type it is written for.
    pub api: ApiType,
    /// The format text, exactly as published.
    pub format: &'static str,
    /// Where it comes from.
    pub source: &'static str,
}

const CONSOLE: &str = "API Gateway console / AWS docs";
const CDK: &str = "AWS CDK, aws-apigateway AccessLogFormat";

/// Every preset, grouped by API type in the order the picker shows them.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "rest-json",
        label: "REST · JSON (console)",
        api: ApiType::Rest,
        format: r#"{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#,
        source: CONSOLE,
    },
    Preset {
        id: "rest-clf",
        label: "REST · CLF (console)",
        api: ApiType::Rest,
        format: r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId"#,
        source: CONSOLE,
    },
    Preset {
        id: "rest-xml",
        label: "REST · XML (console)",
        api: ApiType::Rest,
        format: r#"<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"#,
        source: CONSOLE,
    },
    Preset {
        id: "rest-csv",
        label: "REST · CSV (console)",
        api: ApiType::Rest,
        format: "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId",
        source: CONSOLE,
    },
    Preset {
        id: "cdk-clf",
        label: "REST · CDK clf()",
        api: ApiType::Rest,
        format: r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId"#,
        source: CDK,
    },
    Preset {
        id: "cdk-json",
        label: "REST · CDK jsonWithStandardFields()",
        api: ApiType::Rest,
        format: r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","user":"$context.identity.user","caller":"$context.identity.caller","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}"#,
        source: CDK,
    },
    Preset {
        id: "openobserve-guide",
        label: "REST · OpenObserve guide (text)",
        api: ApiType::Rest,
        format: "RequestId: $context.requestId, SourceIP: $context.identity.sourceIp, Method: $context.httpMethod, ResourcePath: $context.resourcePath, StatusCode: $context.status, ResponseLength: $context.responseLength, RequestTime: $context.requestTime",
        source: "OpenObserve docs, API Gateway integration guide",
    },
    Preset {
        id: "http-json",
        label: "HTTP · JSON (console)",
        api: ApiType::Http,
        format: r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#,
        source: CONSOLE,
    },
    Preset {
        id: "http-clf",
        label: "HTTP · CLF (console)",
        api: ApiType::Http,
        format: r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#,
        source: CONSOLE,
    },
    Preset {
        id: "http-xml",
        label: "HTTP · XML (console)",
        api: ApiType::Http,
        format: r#"<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"#,
        source: CONSOLE,
    },
    Preset {
        id: "http-csv",
        label: "HTTP · CSV (console)",
        api: ApiType::Http,
        format: "$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId",
        source: CONSOLE,
    },
    Preset {
        id: "websocket-json",
        label: "WebSocket · JSON (console)",
        api: ApiType::WebSocket,
        format: r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "eventType":"$context.eventType", "routeKey":"$context.routeKey", "status":"$context.status", "connectionId":"$context.connectionId" }"#,
        source: CONSOLE,
    },
    Preset {
        id: "websocket-clf",
        label: "WebSocket · CLF (console)",
        api: ApiType::WebSocket,
        format: r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.eventType $context.routeKey $context.connectionId" $context.status $context.requestId"#,
        source: CONSOLE,
    },
    Preset {
        id: "websocket-xml",
        label: "WebSocket · XML (console)",
        api: ApiType::WebSocket,
        format: r#"<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <eventType>$context.eventType</eventType> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <connectionId>$context.connectionId</connectionId> </request>"#,
        source: CONSOLE,
    },
    Preset {
        id: "websocket-csv",
        label: "WebSocket · CSV (console)",
        api: ApiType::WebSocket,
        format: "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.eventType,$context.routeKey,$context.connectionId,$context.status,$context.requestId",
        source: CONSOLE,
    },
];

/// The presets written for `api`.
pub fn for_api(api: ApiType) -> impl Iterator<Item = &'static Preset> {
    PRESETS.iter().filter(move |preset| preset.api == api)
}

/// The preset with identifier `id`.
pub fn by_id(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
