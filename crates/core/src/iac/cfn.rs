//! CloudFormation, SAM and CDK templates, and `serverless.yml`, on the shared [`Node`] tree.

use super::text::Text;
use super::tree::{Kind, Node};
use super::{
    api_assumed, check_destination, check_format, DestinationKind, Finding, Linted, Resolved, Tool,
    SERVERLESS_DEFAULT_FORMAT,
};
use crate::api::ApiType;
use crate::diagnostic::{Severity, Span};

/// The Serverless Framework's REST API access-log format when `provider.logs.restApi` sets none:
/// `defaultApiGatewayLogFormat` in serverless/serverless
/// `lib/plugins/aws/package/compile/events/api-gateway/lib/hack/update-stage.js`
/// (commit 2fd92f3fd1e3656cfc03fc7be00d3acc3e5d85d6).
pub(crate) const SERVERLESS_REST_DEFAULT: &str = "requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength";

/// The Serverless Framework's HTTP API access-log format when `provider.logs.httpApi` sets none:
/// the `JSON.stringify({...})` in serverless/serverless
/// `lib/plugins/aws/package/compile/events/http-api.js` (commit
/// 16b0cd60c9914d871eaa3639562ec580c855af43).
pub(crate) const SERVERLESS_HTTP_DEFAULT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}"#;

/// The stage-like resource types: type, settings property, API type (`None`: from `ApiId`).
const STAGES: &[(&str, &str, Option<ApiType>)] = &[
    (
        "AWS::ApiGateway::Stage",
        "AccessLogSetting",
        Some(ApiType::Rest),
    ),
    ("AWS::ApiGatewayV2::Stage", "AccessLogSettings", None),
    (
        "AWS::Serverless::Api",
        "AccessLogSetting",
        Some(ApiType::Rest),
    ),
    (
        "AWS::Serverless::HttpApi",
        "AccessLogSettings",
        Some(ApiType::Http),
    ),
];

/// Lint a CloudFormation/SAM/CDK template.
pub(crate) fn lint_template(root: &Node, out: &mut Linted) {
    if out.tool == Some(Tool::CloudFormation) {
        let sam = root
            .get("Transform")
            .map(|t| match &t.kind {
                Kind::Str(s) => s.value.starts_with("AWS::Serverless"),
                Kind::Seq(items) => items.iter().any(|i| {
                    i.str()
                        .is_some_and(|s| s.value.starts_with("AWS::Serverless"))
                }),
                _ => false,
            })
            .unwrap_or(false);
        if sam {
            out.tool = Some(Tool::Sam);
        }
    }
    let Some(resources) = root.get("Resources") else {
        return;
    };
    // SAM globals apply to every API of the template.
    if let Some(globals) = root.get("Globals") {
        for (section, property, api) in [
            ("Api", "AccessLogSetting", ApiType::Rest),
            ("HttpApi", "AccessLogSettings", ApiType::Http),
        ] {
            if let Some(setting) = globals.get(section).and_then(|g| g.get(property)) {
                let label = format!("Globals.{section}");
                lint_setting(setting, api, &label, resources, out);
            }
        }
    }
    for (id, resource) in resources.entries() {
        let Some(kind) = resource.get("Type").and_then(Node::str) else {
            continue;
        };
        let Some((type_name, property, api)) =
            STAGES.iter().find(|(t, _, _)| *t == kind.value).copied()
        else {
            continue;
        };
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let Some(setting) = props.get(property) else {
            continue;
        };
        let label = format!("{} ({type_name})", id.value);
        let api = match api {
            Some(api) => api,
            None => match v2_api_type(props.get("ApiId"), resources) {
                Some(api) => api,
                None => {
                    let span = props.get("ApiId").map_or(id.token, Node::span);
                    out.findings.push(api_assumed(span, &label));
                    ApiType::Http
                }
            },
        };
        lint_setting(setting, api, &label, resources, out);
    }
}

fn lint_setting(setting: &Node, api: ApiType, label: &str, resources: &Node, out: &mut Linted) {
    if let Some(format) = setting.get("Format") {
        let mut resolved = Resolved {
            text: Text::empty(Span::at(format.at)),
            unresolved: Vec::new(),
        };
        eval(format, &mut resolved, 0);
        resolved.text.token = format.span();
        check_format(&resolved, api, label, format.span(), out);
    }
    if let Some(dest) = setting.get("DestinationArn") {
        let mut resolved = Resolved::default();
        eval(dest, &mut resolved, 0);
        let known = referenced_type(dest, resources).and_then(|t| match t {
            "AWS::KinesisFirehose::DeliveryStream" => Some(DestinationKind::Firehose),
            "AWS::Logs::LogGroup" => Some(DestinationKind::LogGroup),
            _ => None,
        });
        check_destination(&resolved, known, api, dest.span(), label, out);
    }
}

/// The type of the resource a `Ref`/`Fn::GetAtt` names.
fn referenced_type<'a>(node: &Node, resources: &'a Node) -> Option<&'a str> {
    let (name, arg) = node.intrinsic()?;
    let id = match (name, &arg.kind) {
        ("Ref", Kind::Str(s)) => s.value.clone(),
        ("Fn::GetAtt", Kind::Str(s)) => s.value.split('.').next()?.to_owned(),
        ("Fn::GetAtt", Kind::Seq(items)) => items.first()?.str()?.value.clone(),
        _ => return None,
    };
    let resource = resources.get(&id)?;
    Some(resource.get("Type")?.str()?.value.as_str())
}

/// The API type of a v2 stage, from the API its `ApiId` references.
fn v2_api_type(api_id: Option<&Node>, resources: &Node) -> Option<ApiType> {
    let api_id = api_id?;
    let (_, arg) = api_id.intrinsic()?;
    let name = match &arg.kind {
        Kind::Str(s) => s.value.split('.').next()?.to_owned(),
        Kind::Seq(items) => items.first()?.str()?.value.clone(),
        _ => return None,
    };
    let api = resources.get(&name)?;
    match api.get("Type")?.str()?.value.as_str() {
        "AWS::Serverless::HttpApi" => Some(ApiType::Http),
        "AWS::ApiGatewayV2::Api" => {
            let protocol = api.get("Properties")?.get("ProtocolType")?.str()?;
            match protocol.value.to_ascii_uppercase().as_str() {
                "HTTP" => Some(ApiType::Http),
                "WEBSOCKET" => Some(ApiType::WebSocket),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Resolve `node` as a string: literals, `Fn::Sub` (with its variable map) and `Fn::Join`;
/// anything else is recorded as unresolved.
fn eval(node: &Node, out: &mut Resolved, depth: usize) {
    if depth > 32 {
        out.unresolved(node.span(), "a deeply nested expression");
        return;
    }
    if let Kind::Str(text) = &node.kind {
        out.text.append(text);
        return;
    }
    match node.intrinsic() {
        Some(("Fn::Sub", arg)) => match &arg.kind {
            Kind::Str(template) => sub(template, &[], out, depth),
            Kind::Seq(items) => match items.as_slice() {
                [template, vars] if template.str().is_some() => {
                    if let Some(template) = template.str() {
                        sub(template, vars.entries(), out, depth);
                    }
                }
                _ => out.unresolved(node.span(), "an `Fn::Sub` of a non-string"),
            },
            _ => out.unresolved(node.span(), "an `Fn::Sub` of a non-string"),
        },
        Some(("Fn::Join", arg)) => match &arg.kind {
            Kind::Seq(parts) => match parts.as_slice() {
                [separator, list] => match (separator.str(), &list.kind) {
                    (Some(separator), Kind::Seq(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            if i > 0 {
                                out.text.append(separator);
                            }
                            eval(item, out, depth + 1);
                        }
                    }
                    _ => out.unresolved(list.span(), describe(list)),
                },
                _ => out.unresolved(node.span(), "a malformed `Fn::Join`"),
            },
            _ => out.unresolved(node.span(), "a malformed `Fn::Join`"),
        },
        Some(_) => out.unresolved(node.span(), describe(node)),
        None => out.unresolved(node.span(), describe(node)),
    }
}

/// How a value that cannot be resolved is named in messages.
fn describe(node: &Node) -> String {
    match node.intrinsic() {
        Some((name, arg)) => match &arg.kind {
            Kind::Str(s) => format!("`{name}: {}`", s.value),
            Kind::Seq(items) => {
                let parts: Vec<&str> = items
                    .iter()
                    .filter_map(|i| i.str().map(|s| s.value.as_str()))
                    .collect();
                format!("`{name}: [{}]`", parts.join(", "))
            }
            _ => format!("`{name}`"),
        },
        None => match node.kind {
            Kind::Bool(_) | Kind::Other => "a value that is not a string".to_owned(),
            _ => "a list or mapping, not a string".to_owned(),
        },
    }
}

/// `Fn::Sub`: literal text, `${!Literal}` escapes, variables from `vars`; `${Param}`,
/// `${AWS::Region}`, `${Res.Attr}` are unresolved.
fn sub(template: &Text, vars: &[(Text, Node)], out: &mut Resolved, depth: usize) {
    let value = &template.value;
    let mut literal_start = 0;
    let mut i = 0;
    while let Some(found) = value[i..].find("${") {
        let at = i + found;
        if value[at + 2..].starts_with('!') {
            // `${!Literal}` writes `${Literal}`.
            out.text.append_range(template, literal_start, at + 2);
            literal_start = at + 3;
            i = at + 3;
            continue;
        }
        let Some(close) = value[at + 2..].find('}') else {
            break;
        };
        let close = at + 2 + close;
        out.text.append_range(template, literal_start, at);
        let name = value[at + 2..close].trim();
        match vars.iter().find(|(k, _)| k.value == name) {
            Some((_, var)) => eval(var, out, depth + 1),
            None => out.unresolved(
                template.file_span(Span::new(at, close + 1)),
                format!("`${{{name}}}`"),
            ),
        }
        literal_start = close + 1;
        i = close + 1;
    }
    out.text.append_range(template, literal_start, value.len());
}

/// Lint a `serverless.yml`: `provider.logs.restApi` and `.httpApi` (their defaults when no
/// format is set), and the raw CloudFormation under `resources`.
pub(crate) fn lint_serverless(root: &Node, out: &mut Linted) {
    if let Some(logs) = root.get("provider").and_then(|p| p.get("logs")) {
        for (key, api, default) in [
            ("restApi", ApiType::Rest, SERVERLESS_REST_DEFAULT),
            ("httpApi", ApiType::Http, SERVERLESS_HTTP_DEFAULT),
        ] {
            let Some(setting) = logs.get(key) else {
                continue;
            };
            let label = format!("provider.logs.{key}");
            let format = match &setting.kind {
                Kind::Bool(true) => None,
                Kind::Map(_) => {
                    if matches!(
                        setting.get("accessLogging").map(|n| &n.kind),
                        Some(Kind::Bool(false))
                    ) {
                        continue;
                    }
                    setting.get("format")
                }
                _ => continue,
            };
            match format {
                Some(format) => {
                    let mut resolved = Resolved::default();
                    match &format.kind {
                        Kind::Str(text) => {
                            resolved.text = text.clone();
                            // `${self:…}`, `${sls:stage}`, `${env:…}`: Serverless variables.
                            let value = &text.value;
                            let mut i = 0;
                            while let Some(found) = value[i..].find("${") {
                                let at = i + found;
                                let close =
                                    value[at..].find('}').map_or(value.len(), |c| at + c + 1);
                                resolved.unresolved(
                                    text.file_span(Span::new(at, close)),
                                    format!("the Serverless variable `{}`", &value[at..close]),
                                );
                                i = close;
                            }
                        }
                        _ => resolved.unresolved(format.span(), describe(format)),
                    }
                    check_format(&resolved, api, &label, format.span(), out);
                }
                None => {
                    let key_span = logs
                        .entries()
                        .iter()
                        .find(|(k, _)| k.value == key)
                        .map_or(setting.span(), |(k, _)| k.token);
                    out.findings.push(Finding {
                        severity: Severity::Info,
                        code: SERVERLESS_DEFAULT_FORMAT,
                        message: format!(
                            "No `format` under `provider.logs.{key}`: the Serverless Framework \
                             deploys its default format, checked here."
                        ),
                        span: key_span,
                        resource: Some(label.clone()),
                    });
                    let resolved = Resolved {
                        text: Text::coarse(default, key_span),
                        unresolved: Vec::new(),
                    };
                    check_format(&resolved, api, &label, key_span, out);
                }
            }
        }
    }
    if let Some(resources) = root.get("resources") {
        lint_template(resources, out);
    }
}
