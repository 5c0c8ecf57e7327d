//! The VRL functions gwlog generates for text formats compile with the `vrl` crate OpenObserve
//! uses and, run on CloudWatch Logs rows holding preset and generated lines (with `-` values),
//! write exactly the fields gwlog's own parser reads from each line, under the to-JSON fix's
//! keys; the `message` column is gone.

use gwlog_core::api::ApiType;
use gwlog_core::dashboard::vrl::{function, VrlFunction};
use gwlog_core::format::presets::PRESETS;
use gwlog_core::format::{grammar, kind, FormatKind};
use gwlog_core::line::{FieldValue, Matcher};
use gwlog_core::synth;
use std::collections::BTreeMap;
use vrl::compiler::{state::RuntimeState, Context, TargetValue, TimeZone};
use vrl::value::{Secrets, Value};

const NOW_MS: i64 = 1_755_786_979_000;

fn compile(function: &VrlFunction) -> vrl::compiler::Program {
    match vrl::compiler::compile(&function.source, &vrl::stdlib::all()) {
        Ok(result) => result.program,
        Err(diagnostics) => panic!(
            "the generated function does not compile:\n{}\n{:?}",
            function.source, diagnostics
        ),
    }
}

/// The row OpenObserve builds for one CloudWatch Logs event (before flattening).
fn row(line: &str) -> Value {
    let mut map = BTreeMap::new();
    map.insert("message".into(), Value::from(line));
    map.insert(
        "id".into(),
        Value::from("3800000000000000000000000000000000000000000000000000001"),
    );
    map.insert("timestamp".into(), Value::from(NOW_MS));
    map.insert("messageType".into(), Value::from("DATA_MESSAGE"));
    map.insert(
        "logGroup".into(),
        Value::from("/aws/apigateway/access-logs"),
    );
    Value::Object(map)
}

fn run(program: &vrl::compiler::Program, line: &str) -> BTreeMap<String, Value> {
    let mut target = TargetValue {
        value: row(line),
        metadata: Value::Object(BTreeMap::new()),
        secrets: Secrets::default(),
    };
    let mut state = RuntimeState::default();
    let timezone = TimeZone::default();
    let mut ctx = Context::new(&mut target, &mut state, &timezone);
    program.resolve(&mut ctx).expect("the function runs");
    match target.value {
        Value::Object(map) => map.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        other => panic!("the function returned {other:?}"),
    }
}

/// What gwlog's parser reads from `line`: variable name → value as written.
fn gwlog_fields(matcher: &Matcher, line: &str) -> BTreeMap<String, String> {
    let parsed = matcher
        .parse_line(line)
        .expect("gwlog parses its own generated line");
    let mut fields = BTreeMap::new();
    for field in &parsed.fields {
        let name = field.variable.trim_start_matches("$context.").to_owned();
        let text = match &field.value {
            FieldValue::Null => "-".to_owned(),
            FieldValue::Integer(n) => n.to_string(),
            FieldValue::Text(text) => text.to_string(),
        };
        fields.entry(name).or_insert(text);
    }
    fields
}

fn check(format: &str, api: ApiType, seed: u64, label: &str) -> usize {
    let generated = function(format, api).expect("a text format gets a function");
    let program = compile(&generated);
    let matcher = Matcher::new(format, api);
    let mut checked = 0;
    for line in synth::lines(format, api, 200, seed, NOW_MS) {
        let out = run(&program, &line);
        let expected = gwlog_fields(&matcher, &line);
        assert!(
            !out.contains_key("message"),
            "{label}: `message` kept for {line}"
        );
        for (field, variable) in &generated.fields {
            let Some(value) = out.get(field) else {
                panic!("{label}: no field {field} for {line}\n{}", generated.source);
            };
            let found = match value {
                Value::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                other => panic!("{label}: {field} is {other:?}"),
            };
            assert_eq!(
                Some(&found),
                expected.get(variable),
                "{label}: {field} ($context.{variable}) differs for {line}"
            );
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_text_preset_function_writes_the_fields_gwlog_parses() {
    let mut presets = 0;
    for (index, preset) in PRESETS.iter().enumerate() {
        let pieces = grammar::parse(preset.format);
        if kind::detect(preset.format, &pieces) == FormatKind::Json {
            continue;
        }
        assert_eq!(
            check(preset.format, preset.api, index as u64, preset.id),
            200
        );
        presets += 1;
    }
    assert!(presets >= 5, "only {presets} text presets checked");
}

#[test]
fn generated_text_formats_get_functions_that_write_the_fields_gwlog_parses() {
    let variables = [
        "requestId",
        "identity.sourceIp",
        "httpMethod",
        "resourcePath",
        "status",
        "responseLength",
        "responseLatency",
        "requestTime",
        "protocol",
        "identity.userAgent",
    ];
    let separators = [" ", ",", " | ", "\t"];
    let mut rng = synth::Rng::new(0x7E11);
    for round in 0..20 {
        let separator = separators[round % separators.len()];
        let mut chosen: Vec<String> = vec!["$context.requestId".to_owned()];
        for name in &variables[1..] {
            if rng.chance(60) {
                chosen.push(format!("$context.{name}"));
            }
        }
        // A user agent is free text: keep it last, where the line's end bounds it.
        chosen.sort_by_key(|v| v.contains("userAgent"));
        let format = chosen.join(separator);
        check(
            &format,
            ApiType::Rest,
            round as u64,
            &format!("generated {format:?}"),
        );
    }
}
