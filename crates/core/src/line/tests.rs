//! Spec tests for line parsing, with lines shaped like real API Gateway output.

use super::*;
use crate::format::presets::by_id;

fn preset_matcher(id: &str) -> Matcher {
    let preset = by_id(id).expect("preset exists");
    Matcher::new(preset.format, preset.api)
}

fn value<'a>(parsed: &'a ParsedLine<'a>, variable: &str) -> &'a FieldValue<'a> {
    &parsed
        .fields
        .iter()
        .find(|f| f.variable == variable)
        .unwrap_or_else(|| panic!("no {variable}"))
        .value
}

fn text(value: &str) -> FieldValue<'_> {
    FieldValue::Text(Cow::Borrowed(value))
}

const ELASTIC_REST_JSON: &str = r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","ip":"1.128.0.0","caller":"-","user":"-","requestTime":"10/Jun/2023:15:36:28 +0000","httpMethod":"GET","resourcePath":"/pets","status":"200","protocol":"HTTP/1.1","responseLength":"184"}"#;

#[test]
fn json_preset_line_is_typed() {
    let matcher = Matcher::new(
        r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user","requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#,
        ApiType::Rest,
    );
    let parsed = matcher.parse_line(ELASTIC_REST_JSON).unwrap();
    assert_eq!(value(&parsed, "$context.status"), &FieldValue::Integer(200));
    assert_eq!(
        value(&parsed, "$context.identity.caller"),
        &FieldValue::Null
    );
    assert_eq!(value(&parsed, "$context.resourcePath"), &text("/pets"));
    assert!(parsed.fields.iter().all(|f| f.shape_ok));
}

#[test]
fn json_field_spans_point_into_the_line() {
    let matcher = preset_matcher("cdk-json");
    let parsed = matcher.parse_line(ELASTIC_REST_JSON).unwrap();
    let status = parsed
        .fields
        .iter()
        .find(|f| f.variable == "$context.status")
        .unwrap();
    assert_eq!(&ELASTIC_REST_JSON[status.span.range()], "200");
}

#[test]
fn json_key_order_and_whitespace_may_differ() {
    let matcher = Matcher::new(
        r#"{"a":"$context.requestId","b":"$context.status"}"#,
        ApiType::Rest,
    );
    let parsed = matcher
        .parse_line(r#"{ "b" : "404",  "a":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5" }"#)
        .unwrap();
    assert_eq!(value(&parsed, "$context.status"), &FieldValue::Integer(404));
}

#[test]
fn json_unescapes_quotes_and_backslashes() {
    let matcher = Matcher::new(
        r#"{"id":"$context.requestId","ua":"$context.identity.userAgent"}"#,
        ApiType::Rest,
    );
    let parsed = matcher
        .parse_line(r#"{"id":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","ua":"say \"hi\" a\\b"}"#)
        .unwrap();
    assert_eq!(
        value(&parsed, "$context.identity.userAgent"),
        &text(r#"say "hi" a\b"#)
    );
}

#[test]
fn json_bare_number_is_an_integer() {
    let matcher = Matcher::new(
        r#"{"id":"$context.requestId","status":$context.status}"#,
        ApiType::Rest,
    );
    let parsed = matcher
        .parse_line(r#"{"id":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","status":502}"#)
        .unwrap();
    assert_eq!(value(&parsed, "$context.status"), &FieldValue::Integer(502));
}

#[test]
fn json_bare_dash_line_parses_by_position_and_says_it_is_not_json() {
    let matcher = Matcher::new(
        r#"{"id":"$context.requestId","lat":$context.integrationLatency}"#,
        ApiType::Rest,
    );
    let line = r#"{"id":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":-}"#;
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(
        value(&parsed, "$context.integrationLatency"),
        &FieldValue::Null
    );
    let not_json = parsed.not_json.expect("flagged as not JSON");
    assert_eq!(not_json.offset, line.find(":-").unwrap() + 1);
    assert!(
        not_json.message.contains("unquoted variable"),
        "{}",
        not_json.message
    );
}

#[test]
fn doubly_quoted_message_string_parses_by_position() {
    let matcher = Matcher::new(
        r#"{"id":"$context.requestId","err":"$context.error.messageString"}"#,
        ApiType::Rest,
    );
    let line = r#"{"id":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","err":""Unauthorized""}"#;
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(
        value(&parsed, "$context.error.messageString"),
        &text("Unauthorized")
    );
    assert!(parsed.not_json.is_some());
}

#[test]
fn message_string_is_unquoted_in_clf_too() {
    let matcher = Matcher::new(
        "$context.requestId $context.error.messageString",
        ApiType::Rest,
    );
    let parsed = matcher
        .parse_line(r#"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 "Missing Authentication Token""#)
        .unwrap();
    assert_eq!(
        value(&parsed, "$context.error.messageString"),
        &text("Missing Authentication Token")
    );
}

#[test]
fn a_missing_key_is_blamed_rather_than_an_odd_value_before_it() {
    let matcher = preset_matcher("cdk-json");
    let error = matcher
        .parse_line(r#"{"requestId":"abc","ip":"1.1.1.1"}"#)
        .unwrap_err();
    assert!(error.message.contains("expected key"), "{}", error.message);
}

#[test]
fn a_repeated_variable_has_one_value() {
    let matcher = Matcher::new(
        "$context.requestId $context.status $context.requestId",
        ApiType::Rest,
    );
    let parsed = matcher
        .parse_line("48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 200 -")
        .unwrap();
    assert_eq!(
        parsed.value("$context.requestId"),
        Some(&text("48752d0f-c99d-4cfa-a5a7-f3c6834d19e5"))
    );
}

#[test]
fn json_missing_key_is_named() {
    let matcher = preset_matcher("cdk-json");
    let error = matcher
        .parse_line(r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5"}"#)
        .unwrap_err();
    assert!(
        error.message.contains("expected key \"ip\""),
        "{}",
        error.message
    );
}

#[test]
fn json_value_with_literal_text_is_split_by_shape() {
    let matcher = Matcher::new(
        r#"{"id":"$context.requestId","req":"$context.httpMethod $context.routeKey $context.protocol"}"#,
        ApiType::Http,
    );
    let parsed = matcher
        .parse_line(r#"{"id":"GQIVriFLIAMEMsA=","req":"GET GET /pets HTTP/1.1"}"#)
        .unwrap();
    assert_eq!(value(&parsed, "$context.routeKey"), &text("GET /pets"));
}

#[test]
fn http_clf_route_key_keeps_its_method() {
    let matcher = preset_matcher("http-clf");
    let line = r#"1.128.0.0 - - [09/Jun/2023:12:54:08 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(value(&parsed, "$context.httpMethod"), &text("GET"));
    assert_eq!(value(&parsed, "$context.routeKey"), &text("GET /pets"));
    assert_eq!(value(&parsed, "$context.protocol"), &text("HTTP/1.1"));
    assert_eq!(
        value(&parsed, "$context.responseLength"),
        &FieldValue::Integer(47140)
    );
}

#[test]
fn rest_console_clf_has_no_space_before_the_quote() {
    let matcher = preset_matcher("rest-clf");
    let line = r#"192.0.2.10 - - [10/Jun/2023:15:36:28 +0000]"GET /pets HTTP/1.1" 200 184 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 GQIVriFLIAMEMsA="#;
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(
        value(&parsed, "$context.identity.caller"),
        &FieldValue::Null
    );
    assert_eq!(
        value(&parsed, "$context.requestTime"),
        &text("10/Jun/2023:15:36:28 +0000")
    );
    assert_eq!(
        value(&parsed, "$context.extendedRequestId"),
        &text("GQIVriFLIAMEMsA=")
    );
}

#[test]
fn csv_line_is_split_on_commas() {
    let matcher = preset_matcher("http-csv");
    let line = "1.128.0.0,09/Jun/2023:12:54:08 +0000,GET,GET /,HTTP/1.1,200,47140,GQIVriFLIAMEMsA=";
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(value(&parsed, "$context.routeKey"), &text("GET /"));
    assert_eq!(value(&parsed, "$context.status"), &FieldValue::Integer(200));
}

#[test]
fn free_text_may_contain_the_separator() {
    let matcher = Matcher::new(
        r#"$context.requestId "$context.identity.userAgent" $context.status"#,
        ApiType::Rest,
    );
    let line = r#"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 "Mozilla/5.0 (X11; Linux) "quoted" x" 200"#;
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(
        value(&parsed, "$context.identity.userAgent"),
        &text(r#"Mozilla/5.0 (X11; Linux) "quoted" x"#)
    );
}

#[test]
fn openobserve_guide_line_missing_a_label_names_what_was_expected() {
    let matcher = preset_matcher("openobserve-guide");
    let line = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 SourceIP: 192.0.2.10, Method: GET";
    let error = matcher.parse_line(line).unwrap_err();
    assert_eq!(error.offset, 47);
    assert!(
        error
            .message
            .starts_with("expected `, SourceIP: ` after $context.requestId"),
        "{}",
        error.message
    );
}

#[test]
fn openobserve_guide_line_parses() {
    let matcher = preset_matcher("openobserve-guide");
    let line = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5, SourceIP: 192.0.2.10, Method: GET, ResourcePath: /pets, StatusCode: 200, ResponseLength: 184, RequestTime: 10/Jun/2023:15:36:28 +0000";
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(
        value(&parsed, "$context.requestTime"),
        &text("10/Jun/2023:15:36:28 +0000")
    );
}

#[test]
fn wrong_status_shape_points_at_the_value() {
    let matcher = Matcher::new("$context.requestId $context.status", ApiType::Rest);
    let line = "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 OK";
    let parsed = matcher.parse_line(line).unwrap();
    let status = &parsed.fields[1];
    assert!(!status.shape_ok);
    assert_eq!(status.value, text("OK"));
}

#[test]
fn trailing_text_is_an_error_at_its_start() {
    let matcher = Matcher::new("$context.requestId $context.status", ApiType::Rest);
    let error = matcher
        .parse_line("48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 200 extra words")
        .unwrap_err();
    assert_eq!(error.offset, 40);
}

#[test]
fn format_trailing_newline_is_not_expected_in_lines() {
    let matcher = Matcher::new("$context.requestId $context.status\n", ApiType::Rest);
    assert!(matcher
        .parse_line("48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 200")
        .is_ok());
}

#[test]
fn parse_lines_numbers_physical_lines_and_skips_blank_ones() {
    let matcher = Matcher::new("$context.requestId", ApiType::Rest);
    let outcomes: Vec<_> = matcher.parse_lines("a\r\n\nb c\n").collect();
    assert_eq!(
        outcomes.iter().map(|o| o.number).collect::<Vec<_>>(),
        [1, 3]
    );
    assert_eq!(outcomes[0].text, "a");
    assert!(outcomes[1].result.is_err());
}

#[test]
fn pathological_line_is_bounded_by_the_step_budget() {
    // Ten free-text variables separated by spaces, against a long line of words that never ends
    // the way the format does: without memoisation and a budget this explores ~n^10 splits.
    let format = format!(
        "$context.requestId {}!",
        (0..10)
            .map(|_| "$context.identity.userAgent")
            .collect::<Vec<_>>()
            .join(" ")
    );
    let matcher = Matcher::new(&format, ApiType::Rest);
    let line = format!(
        "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 {}",
        "w ".repeat(5_000)
    );
    let error = matcher.parse_line(&line).unwrap_err();
    assert!(
        error.message.contains("too ambiguous") || error.message.starts_with("expected"),
        "{}",
        error.message
    );
}

#[test]
fn step_budget_is_linear_in_line_length() {
    assert_eq!(
        step_budget(2_000) - step_budget(1_000),
        step_budget(1_000) - step_budget(0)
    );
}

#[test]
fn multibyte_characters_in_a_time_are_an_error_not_a_panic() {
    let matcher = preset_matcher("rest-clf");
    let line = "1.2.3.4 - - [10/a€/2023:15:36:28 +000]\"GET / HTTP/1.1\" 200 1 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 GQIVriFLIAMEMsA=";
    assert!(matcher
        .parse_line(line)
        .is_ok_and(|p| p.fields.iter().any(|f| !f.shape_ok)));
    assert!(matcher
        .parse_line("1.2.3.4 - - [1234567890123456789012345é")
        .is_err());
}

#[test]
fn two_free_text_values_on_a_long_line_stay_within_the_budget() {
    // Each failed split used to rescan the rest of the line: quadratic in its length.
    let matcher = Matcher::new(
        r#"$context.requestId $context.identity.userAgent $context.error.message"x"#,
        ApiType::Rest,
    );
    let line = format!(
        "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 {}",
        "\" ".repeat(20_000)
    );
    assert!(matcher.parse_line(&line).is_err());
}

#[test]
fn websocket_route_key_may_contain_spaces() {
    let matcher = preset_matcher("websocket-clf");
    let line = r#"192.0.2.10 - - [10/Jun/2023:15:36:28 +0000] "MESSAGE send message GQIVriFLIAMEMsA=" 200 GQIVriFLIAMEMsA="#;
    let parsed = matcher.parse_line(line).unwrap();
    assert_eq!(value(&parsed, "$context.routeKey"), &text("send message"));
}

#[test]
fn a_truncated_json_line_with_multibyte_text_is_an_error_not_a_panic() {
    let matcher = Matcher::new(r#"{"routeKey":"$context.routeKey"}"#, ApiType::WebSocket);
    let error = matcher.parse_line(r#"{"routeKey":"aé"#).unwrap_err();
    assert!(r#"{"routeKey":"aé"#.is_char_boundary(error.offset));
}
