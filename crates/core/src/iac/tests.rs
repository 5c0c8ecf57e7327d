//! Tests on fixtures of every tool, cross-checked with the real parsers' views of them.

use super::tree::{parse_json, parse_yaml, Kind, Node};
use super::*;
use crate::diagnostic::LineColumn;

const CFN_YAML: &str = include_str!("../../tests/fixtures/iac/cloudformation.yaml");
const CFN_JSON: &str = include_str!("../../tests/fixtures/iac/cloudformation.json");
const SAM: &str = include_str!("../../tests/fixtures/iac/sam.yaml");
const CDK: &str = include_str!("../../tests/fixtures/iac/cdk.out/PetsStack.template.json");
const TERRAFORM: &str = include_str!("../../tests/fixtures/iac/main.tf");
const SERVERLESS: &str = include_str!("../../tests/fixtures/iac/serverless.yml");
const SERVERLESS_VARS: &str =
    include_str!("../../tests/fixtures/iac/serverless-vars/serverless.yml");

/// `line:col code [the file's text under the span]` for every finding.
fn findings(name: &str, text: &str) -> Vec<String> {
    lint(name, text)
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} [{}]",
                LineColumn::of(text, f.span.start),
                f.code,
                &text[f.span.range()]
            )
        })
        .collect()
}

fn formats(name: &str, text: &str) -> Vec<(String, ApiType, Option<String>)> {
    lint(name, text)
        .formats
        .into_iter()
        .map(|f| (f.resource, f.api, f.format))
        .collect()
}

#[test]
fn cloudformation_yaml_findings_point_through_every_quoting_style() {
    let found = findings("template.yaml", CFN_YAML);
    for expected in [
        // Single-quoted, after a `''` escape, through `!Sub`.
        "19:71 unknown-variable [$context.requestTim]",
        // The v2 stage's API is an HTTP API; its destination a Firehose stream.
        "27:33 firehose-not-supported [Stream.Arn]",
        // Double-quoted: the variable starts with a `\u0024` escape.
        "28:69 unknown-variable [\\u0024context.statuss]",
        // `!Join` of literals, the second a folded block scalar.
        "51:15 unknown-variable [$context.resourcePathh]",
        // A literal block scalar: the line break is in the file at the end of line 62.
        "62:29 newline-not-at-end [\n]",
        // `!Sub` with a pseudo-parameter and a parameter: reported, not guessed.
        "71:42 format-unresolved [${AWS::Region}]",
        "71:57 format-unresolved [${LogFormat}]",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} not in {found:#?}"
        );
    }
    let formats = formats("template.yaml", CFN_YAML);
    assert_eq!(
        formats[0].2.as_deref(),
        Some("$context.requestId $context.identity.sourceIp '$context.requestTim' ${Literal}")
    );
    assert_eq!(formats[1].1, ApiType::Http);
    assert_eq!(
        formats[2].2.as_deref(),
        Some("$context.requestId $context.httpMethod $context.resourcePathh")
    );
    assert_eq!(formats[4].2, None);
}

#[test]
fn cloudformation_json_findings_point_through_json_escapes() {
    assert_eq!(lint("t.json", CFN_JSON).tool, Some(Tool::CloudFormation));
    let found = findings("t.json", CFN_JSON);
    for expected in [
        "10:89 firehose-arn-wildcard [:*]",
        "11:69 unknown-variable [\\u0024context.identity.sourceIpp]",
        // The WebSocket API's type comes from its ProtocolType.
        "22:87 variable-not-available [$context.httpMethod]",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} not in {found:#?}"
        );
    }
    assert_eq!(formats("t.json", CFN_JSON)[1].1, ApiType::WebSocket);
}

#[test]
fn sam_apis_and_globals_are_read() {
    let linted = lint("template.yaml", SAM);
    assert_eq!(linted.tool, Some(Tool::Sam));
    let found = findings("template.yaml", SAM);
    for expected in [
        "6:86 variable-not-available [$context.resourcePath]",
        "14:63 unknown-variable [$context.Status]",
        "19:30 firehose-not-supported [arn:aws:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/amazon-apigateway-pets]",
    ] {
        assert!(found.contains(&expected.to_owned()), "{expected} not in {found:#?}");
    }
    // The folded block scalar keeps its final line break (clip chomping).
    assert_eq!(
        formats("template.yaml", SAM)[2].2.as_deref(),
        Some("$context.requestId $context.integrationErrorMessage\n")
    );
}

#[test]
fn cdk_synthesized_templates_are_read() {
    let name = "infra/cdk.out/PetsStack.template.json";
    assert_eq!(lint(name, CDK).tool, Some(Tool::Cdk));
    assert_eq!(
        findings(name, CDK),
        ["13:303 unquoted-variable [$context.status]"]
    );
}

#[test]
fn terraform_jsonencode_heredocs_and_quoted_strings_are_mapped() {
    let found = findings("main.tf", TERRAFORM);
    for expected in [
        "11:20 unknown-variable [$context.statuss]",
        "27:23 firehose-not-supported [aws_kinesis_firehose_delivery_stream.logs.arn]",
        "29:44 variable-not-available [$context.resourcePath]",
        "40:70 unknown-variable [$context.statuz]",
        "51:43 format-unresolved [${var.extra}]",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} not in {found:#?}"
        );
    }
}

#[test]
fn serverless_formats_and_defaults() {
    let found = findings("serverless.yml", SERVERLESS);
    for expected in [
        "7:5 serverless-default-format [restApi]",
        "9:124 unknown-variable [$context.requestTimeEpochh]",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} not in {found:#?}"
        );
    }
    let found_formats = formats("serverless.yml", SERVERLESS);
    assert_eq!(
        found_formats[0].2.as_deref(),
        Some(cfn::SERVERLESS_REST_DEFAULT)
    );
    // The raw CloudFormation under `resources` is read too.
    assert_eq!(
        found_formats[2].2.as_deref(),
        Some("$context.requestId\t$context.status")
    );
    let found = findings("serverless-vars/serverless.yml", SERVERLESS_VARS);
    assert!(found.contains(&"6:34 format-unresolved [${self:custom.extraFields}]".to_owned()));
    let vars_formats = formats("serverless-vars/serverless.yml", SERVERLESS_VARS);
    assert_eq!(
        vars_formats[1].2.as_deref(),
        Some(cfn::SERVERLESS_HTTP_DEFAULT)
    );
}

#[test]
fn serverless_defaults_are_what_the_framework_writes() {
    // http-api.js: JSON.stringify of this object, keys in insertion order.
    let value: serde_json::Value = serde_json::from_str(cfn::SERVERLESS_HTTP_DEFAULT).unwrap();
    assert_eq!(value["routeKey"], "$context.routeKey");
    assert!(!crate::format::check(cfn::SERVERLESS_REST_DEFAULT, ApiType::Rest).has_errors());
    assert!(!crate::format::check(cfn::SERVERLESS_HTTP_DEFAULT, ApiType::Http).has_errors());
}

/// Every string's map is increasing, and each character's source is that character, an
/// escape of it, or a folded line break.
fn assert_exact(src: &str, node: &Node, path: &str) {
    let check = |text: &text::Text, path: &str| {
        let mut last = 0;
        for (i, c) in text.value.char_indices() {
            let (a, b) = text.map[i];
            assert!(
                a >= last,
                "{path}: map goes backwards at {i} in {:?}",
                text.value
            );
            last = b;
            let source = &src[a..b];
            assert!(
                source == c.to_string()
                    || source.starts_with('\\')
                    || source == "''"
                    || (source == "\n" && c == ' '),
                "{path}: {c:?} mapped to {source:?} in {:?}",
                text.value
            );
        }
    };
    match &node.kind {
        Kind::Str(text) => check(text, path),
        Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_exact(src, item, &format!("{path}[{i}]"));
            }
        }
        Kind::Map(entries) => {
            for (key, value) in entries {
                if !key.value.starts_with("Fn::") && key.value != "Ref" {
                    check(key, path);
                }
                assert_exact(src, value, &format!("{path}.{}", key.value));
            }
        }
        _ => {}
    }
}

#[test]
fn yaml_strings_map_exactly_to_their_source() {
    for src in [CFN_YAML, SAM, SERVERLESS, SERVERLESS_VARS] {
        let root = parse_yaml(src).unwrap().unwrap();
        assert_exact(src, &root, "");
    }
}

/// The tree's strings are serde_json's strings.
fn assert_same_json(node: &Node, value: &serde_json::Value) {
    match (&node.kind, value) {
        (Kind::Str(text), serde_json::Value::String(s)) => assert_eq!(&text.value, s),
        (Kind::Seq(items), serde_json::Value::Array(values)) => {
            assert_eq!(items.len(), values.len());
            for (item, value) in items.iter().zip(values) {
                assert_same_json(item, value);
            }
        }
        (Kind::Map(entries), serde_json::Value::Object(map)) => {
            assert_eq!(entries.len(), map.len());
            for (key, value) in entries {
                assert_same_json(value, &map[&key.value]);
            }
        }
        (Kind::Bool(b), serde_json::Value::Bool(v)) => assert_eq!(b, v),
        (Kind::Other, serde_json::Value::Number(_) | serde_json::Value::Null) => {}
        (kind, value) => panic!("{kind:?} is not {value:?}"),
    }
}

#[test]
fn json_strings_equal_serde_json_and_map_exactly() {
    for src in [CFN_JSON, CDK] {
        let root = parse_json(src).unwrap();
        assert_same_json(&root, &serde_json::from_str(src).unwrap());
        assert_exact(src, &root, "");
    }
}

#[test]
fn yaml_strings_equal_the_loader_and_json_escapes_decode_like_yaml() {
    // The same escaped JSON as a YAML double-quoted scalar decodes the same way.
    let yaml = "x: \"{\\\"a\\\":\\\"\\u0024context.requestId\\\"}\"\n";
    let root = parse_yaml(yaml).unwrap().unwrap();
    let text = root.get("x").and_then(Node::str).unwrap();
    assert_eq!(text.value, r#"{"a":"$context.requestId"}"#);
    assert_exact(yaml, &root, "");
}

/// What Terraform's `jsonencode` writes for a value hcl-rs evaluated.
fn go_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let items: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        go_json(&serde_json::Value::String((*k).clone())),
                        go_json(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", items.join(","))
        }
        serde_json::Value::String(s) => serde_json::to_string(s)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
        other => other.to_string(),
    }
}

#[test]
fn terraform_formats_equal_hcl_rs_evaluation() {
    use hcl::eval::{Context, Evaluate};
    let body = hcl::parse(TERRAFORM).unwrap();
    let ours = formats("main.tf", TERRAFORM);
    let mut checked = 0;
    for block in body.blocks().filter(|b| b.identifier() == "resource") {
        let name = format!(
            "{}.{}",
            block.labels()[0].as_str(),
            block.labels()[1].as_str()
        );
        let Some(settings) = block
            .body()
            .blocks()
            .find(|b| b.identifier() == "access_log_settings")
        else {
            continue;
        };
        let format = settings
            .body()
            .attributes()
            .find(|a| a.key() == "format")
            .unwrap()
            .expr();
        let expected = match format {
            hcl::Expression::FuncCall(call) => {
                let value = call.args[0].evaluate(&Context::new()).unwrap();
                Some(go_json(&serde_json::to_value(&value).unwrap()))
            }
            other => match other.evaluate(&Context::new()) {
                Ok(hcl::Value::String(s)) => Some(s),
                _ => None, // `var.extra` is unknown to hcl-rs too.
            },
        };
        let found = ours.iter().find(|f| f.0 == name).unwrap();
        assert_eq!(found.2, expected, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn positions_count_bytes_after_non_ascii_text() {
    let yaml = "# Protokoll für die Zugriffe — é\nResources:\n  S:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      AccessLogSetting:\n        Format: \"é $context.requestId $context.nope\"\n";
    let found = findings("t.yaml", yaml);
    assert!(
        found.contains(&"7:39 unknown-variable [$context.nope]".to_owned()),
        "{found:?}"
    );
}

#[test]
fn syntax_errors_are_findings_at_their_place() {
    let found = lint("t.json", "{\n  \"Resources\": {,}\n}");
    assert_eq!(found.findings[0].code, TEMPLATE_SYNTAX);
    assert_eq!(found.findings[0].span.start, 18);
    let found = lint("main.tf", "resource \"a\" {\n  x = \n}");
    assert_eq!(found.findings[0].code, TEMPLATE_SYNTAX);
    let found = lint("t.yaml", "a: [\n");
    assert_eq!(found.findings[0].code, TEMPLATE_SYNTAX);
}

#[test]
fn files_are_chosen_by_name_and_content() {
    assert!(reads("x/main.tf") && reads("serverless.yml") && reads("a.template"));
    assert!(!reads("README.md"));
    assert!(!is_candidate("package.json", "{\"name\": \"x\"}"));
    assert!(is_candidate(
        "t.json",
        "{\"Type\": \"AWS::ApiGateway::Stage\"}"
    ));
}

#[test]
fn terraform_v2_api_types_come_from_the_whole_module() {
    let stage = "resource \"aws_apigatewayv2_stage\" \"ws\" {\n  api_id = aws_apigatewayv2_api.chat.id\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.logs.arn\n    format = \"$context.requestId $context.eventType\"\n  }\n}\n";
    let api = "resource \"aws_apigatewayv2_api\" \"chat\" {\n  protocol_type = \"WEBSOCKET\"\n}\n";
    let alone = lint("stages.tf", stage);
    assert_eq!(alone.formats[0].api, ApiType::Http);
    assert_eq!(alone.findings[0].code, API_TYPE_ASSUMED);
    let module = lint_in_module("stages.tf", stage, &[api]);
    assert_eq!(module.formats[0].api, ApiType::WebSocket);
    assert!(module.findings.is_empty(), "{:?}", module.findings);
}

#[test]
fn a_join_with_a_reference_is_reported_not_guessed() {
    let yaml = "Resources:\n  S:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      AccessLogSetting:\n        Format: !Join ['', ['$context.requestId ', !Ref Extra]]\n";
    let linted = lint("t.yaml", yaml);
    assert_eq!(linted.formats[0].format, None);
    let finding = &linted.findings[0];
    assert_eq!(finding.code, FORMAT_UNRESOLVED);
    assert!(
        finding.message.contains("`Ref: Extra`"),
        "{}",
        finding.message
    );
    assert!(yaml[finding.span.range()].ends_with("Extra"));
}
