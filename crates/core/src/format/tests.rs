//! Spec tests for `format::check`: one behaviour per test, real formats.

use super::*;
use crate::diagnostic::Severity;

fn diagnostics(format: &str, api: ApiType) -> Vec<(Severity, &'static str)> {
    check(format, api)
        .diagnostics
        .into_iter()
        .map(|d| (d.severity, d.code.as_str()))
        .collect()
}

fn only(format: &str, api: ApiType) -> Diagnostic {
    let mut all = check(format, api).diagnostics;
    assert_eq!(
        all.len(),
        1,
        "expected exactly one diagnostic, got {all:#?}"
    );
    all.remove(0)
}

const ID: &str = "$context.requestId ";

#[test]
fn every_preset_passes_for_its_api_without_errors() {
    for preset in presets::PRESETS {
        let checked = check(preset.format, preset.api);
        assert!(
            !checked.has_errors(),
            "{}: {:#?}",
            preset.id,
            checked.diagnostics
        );
    }
}

#[test]
fn console_json_presets_have_no_warnings() {
    for id in ["rest-json", "http-json", "websocket-json", "cdk-json"] {
        let preset = presets::by_id(id).unwrap();
        assert_eq!(check(preset.format, preset.api).diagnostics, [], "{id}");
    }
}

#[test]
fn empty_format_is_rejected() {
    assert_eq!(
        diagnostics("", ApiType::Rest),
        [(Severity::Error, "empty-format")]
    );
}

#[test]
fn missing_request_id_uses_the_aws_text() {
    let diagnostic = only("$context.status", ApiType::Rest);
    assert_eq!(diagnostic.code, "missing-request-id");
    assert!(diagnostic.message.starts_with(MISSING_REQUEST_ID_MESSAGE));
}

#[test]
fn extended_request_id_alone_is_enough() {
    assert_eq!(diagnostics("$context.extendedRequestId", ApiType::Rest), []);
}

#[test]
fn request_id_with_a_longer_name_does_not_count() {
    let codes = diagnostics("$context.requestIdx", ApiType::Rest);
    assert!(codes.contains(&(Severity::Error, "missing-request-id")));
}

#[test]
fn newline_in_the_middle_is_rejected_with_the_aws_text() {
    let diagnostic = only("$context.requestId\n$context.status", ApiType::Rest);
    assert_eq!(diagnostic.code, "newline-not-at-end");
    assert_eq!(diagnostic.span, Span::new(18, 19));
    assert!(diagnostic.message.starts_with(MULTI_LINE_MESSAGE));
}

#[test]
fn one_newline_at_the_end_is_allowed() {
    assert_eq!(diagnostics("$context.requestId\n", ApiType::Rest), []);
}

#[test]
fn two_newlines_at_the_end_are_rejected() {
    assert_eq!(
        diagnostics("$context.requestId\n\n", ApiType::Rest),
        [(Severity::Error, "newline-not-at-end")]
    );
}

#[test]
fn literal_backslash_n_is_explained() {
    assert_eq!(
        diagnostics("$context.requestId\\n", ApiType::Rest),
        [(Severity::Info, "literal-backslash-n")]
    );
}

#[test]
fn unknown_variable_on_http_is_an_error_with_a_suggestion() {
    let diagnostic = only("$context.requestId $context.requestTim", ApiType::Http);
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Error, "unknown-variable")
    );
    assert_eq!(diagnostic.span, Span::new(19, 38));
    assert!(
        diagnostic
            .message
            .contains("Did you mean $context.requestTime?"),
        "{}",
        diagnostic.message
    );
    assert!(diagnostic
        .message
        .contains("The following context variables are not supported: [$context.requestTim]"));
}

#[test]
fn unknown_variable_on_rest_is_a_warning_that_it_logs_dash() {
    let diagnostic = only("$context.requestId $context.requestTim", ApiType::Rest);
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "unknown-variable")
    );
    assert!(diagnostic.message.contains("log -"));
}

#[test]
fn rest_only_variable_is_rejected_by_http() {
    let diagnostic = only("$context.requestId $context.resourcePath", ApiType::Http);
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Error, "variable-not-available")
    );
}

#[test]
fn http_only_variable_logs_dash_on_rest() {
    let diagnostic = only("$context.requestId $context.routeKey", ApiType::Rest);
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "variable-not-available")
    );
}

#[test]
fn request_header_variables_are_rejected_by_http_whole() {
    let diagnostic = only(
        "$context.requestId $context.request.header.mcp-method",
        ApiType::Http,
    );
    assert!(
        diagnostic
            .message
            .contains("[$context.request.header.mcp-method]"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn stage_variables_are_not_allowed() {
    let diagnostic = only("$context.requestId $stageVariables.env", ApiType::Rest);
    assert_eq!(diagnostic.code, "unsupported-variable-root");
    assert_eq!(diagnostic.span, Span::new(19, 38));
}

#[test]
fn input_variables_are_not_allowed() {
    assert_eq!(
        diagnostics("$context.requestId $input.body", ApiType::Rest),
        [(Severity::Error, "unsupported-variable-root")]
    );
}

#[test]
fn authorizer_claims_are_accepted_with_any_claim() {
    assert_eq!(
        diagnostics(
            "$context.requestId $context.authorizer.claims.email",
            ApiType::Http
        ),
        []
    );
}

#[test]
fn request_overrides_are_accepted_on_rest() {
    assert_eq!(
        diagnostics(
            "$context.requestId $context.requestOverride.header.x-api-key",
            ApiType::Rest
        ),
        []
    );
}

#[test]
fn http_template_over_3_kb_is_rejected() {
    let format = format!("{ID}{}", "x".repeat(3100));
    let diagnostic = only(&format, ApiType::Http);
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Error, "format-too-long")
    );
    assert_eq!(diagnostic.span, Span::new(3072, format.len()));
}

#[test]
fn http_template_between_3000_and_3072_bytes_is_a_warning() {
    let format = format!("{ID}{}", "x".repeat(3030));
    assert_eq!(
        diagnostics(&format, ApiType::Http),
        [(Severity::Warning, "format-too-long")]
    );
}

#[test]
fn rest_has_no_template_size_limit() {
    assert_eq!(
        diagnostics(&format!("{ID}{}", "x".repeat(5000)), ApiType::Rest),
        []
    );
}

#[test]
fn json_with_unquoted_latency_warns() {
    let format = r#"{"requestId":"$context.requestId","latency":$context.integrationLatency}"#;
    assert_eq!(
        diagnostics(format, ApiType::Rest),
        [(Severity::Warning, "unquoted-variable")]
    );
}

#[test]
fn variables_are_listed_once_in_order() {
    let checked = check(
        "$context.status $context.requestId $context.status",
        ApiType::Rest,
    );
    assert_eq!(checked.variables, ["$context.status", "$context.requestId"]);
}

#[test]
fn diagnostics_are_sorted_by_position() {
    let checked = check("$context.requestTim\n$context.statsu", ApiType::Http);
    let starts: Vec<usize> = checked.diagnostics.iter().map(|d| d.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

#[test]
fn fixed_name_in_the_wrong_case_is_flagged_even_where_a_family_matches() {
    let diagnostic = only(
        "$context.requestId $context.authorizer.principalID",
        ApiType::Rest,
    );
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "variable-case")
    );
    assert!(diagnostic
        .message
        .contains("$context.authorizer.principalId"));
}

#[test]
fn duplicate_key_span_ignores_keys_of_nested_objects() {
    let format = r#"{"a":{"id":"1"},"id":"$context.requestId","id":"$context.status"}"#;
    let diagnostic = only(format, ApiType::Rest);
    assert_eq!(diagnostic.code, "duplicate-key");
    assert_eq!(diagnostic.span, Span::new(42, 46));
}

#[test]
fn duplicate_key_span_ignores_values_equal_to_the_key() {
    let format = r#"{"note":"id","id":"$context.requestId","id":"$context.status"}"#;
    let diagnostic = only(format, ApiType::Rest);
    assert_eq!(diagnostic.code, "duplicate-key");
    assert_eq!(diagnostic.span, Span::new(39, 43));
}

#[test]
fn format_too_long_span_starts_on_a_character_boundary() {
    // `é` is two bytes and starts at odd offsets after the 19-byte prefix: byte 3072 is inside one.
    let format = format!("{ID}{}", "é".repeat(1600));
    let diagnostic = only(&format, ApiType::Http);
    assert_eq!(diagnostic.code, "format-too-long");
    assert_eq!(diagnostic.span, Span::new(3071, format.len()));
    assert!(
        diagnostic.message.contains("Remove 147 bytes."),
        "{}",
        diagnostic.message
    );
}

#[test]
fn rest_only_authorizer_names_read_a_context_key_on_http() {
    for name in ["requestId", "integrationLatency", "integrationStatus"] {
        let format = format!("$context.requestId $context.authorizer.{name}");
        let diagnostic = only(&format, ApiType::Http);
        assert_eq!(
            (diagnostic.severity, diagnostic.code.as_str()),
            (Severity::Warning, "other-meaning"),
            "{name}"
        );
        assert!(
            diagnostic
                .message
                .contains(&format!("context key named {name}")),
            "{}",
            diagnostic.message
        );
    }
}

#[test]
fn dash_after_a_variable_name_is_rejected_by_http_whole() {
    let diagnostic = only(
        "$context.requestId $context.authorizer.tenant-id",
        ApiType::Http,
    );
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Error, "dash-in-variable")
    );
    assert_eq!(diagnostic.span, Span::new(19, 48));
    assert!(
        diagnostic.message.contains(
            "The following context variables are not supported: [$context.authorizer.tenant-id]"
        ),
        "{}",
        diagnostic.message
    );
}

#[test]
fn dash_after_a_variable_name_ends_the_variable_on_rest() {
    let diagnostic = only(
        "$context.requestId $context.authorizer.tenant-id",
        ApiType::Rest,
    );
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "dash-in-variable")
    );
    assert!(
        diagnostic.message.contains("writes -id literally"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn dash_between_spaces_is_a_separator() {
    for api in [ApiType::Rest, ApiType::Http] {
        assert_eq!(
            diagnostics(
                "$context.requestId $context.status - $context.identity.sourceIp",
                api
            ),
            []
        );
    }
}

#[test]
fn http_method_before_route_key_doubles_the_method() {
    let diagnostic = only(
        r#"$context.requestId "$context.httpMethod $context.routeKey""#,
        ApiType::Http,
    );
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Info, "method-doubled")
    );
    assert_eq!(diagnostic.span, Span::new(20, 57));
}

#[test]
fn free_text_values_separated_by_a_space_are_ambiguous() {
    let diagnostic = only(
        "$context.requestId $context.identity.userAgent $context.error.message",
        ApiType::Rest,
    );
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "ambiguous-free-text")
    );
    assert_eq!(diagnostic.span, Span::new(19, 69));
}

#[test]
fn free_text_values_in_quotes_are_not_ambiguous() {
    assert_eq!(
        diagnostics(
            r#"$context.requestId "$context.identity.userAgent" "$context.error.message""#,
            ApiType::Rest
        ),
        []
    );
}

#[test]
fn free_text_values_inside_one_json_string_are_left_alone() {
    assert_eq!(
        diagnostics(
            r#"{"id":"$context.requestId","m":"$context.identity.userAgent $context.error.message"}"#,
            ApiType::Rest
        ),
        []
    );
}

#[test]
fn rest_only_variable_on_websocket_is_hedged() {
    let diagnostic = only(
        "$context.requestId $context.resourcePath",
        ApiType::WebSocket,
    );
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "variable-not-available")
    );
    assert!(
        diagnostic.message.contains("not known to reject"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn json_missing_its_closing_brace_is_invalid_json() {
    assert_eq!(
        diagnostics(r#"{"id":"$context.requestId","x":1 "#, ApiType::Rest),
        [(Severity::Warning, "invalid-json")]
    );
}

#[test]
fn variable_case_message_has_no_runs_of_spaces() {
    let diagnostic = only(
        "$context.requestId $context.authorizer.principalID",
        ApiType::Rest,
    );
    assert!(!diagnostic.message.contains("  "), "{}", diagnostic.message);
}

#[test]
fn invalid_json_message_has_no_rendered_position() {
    let diagnostic = only(
        r#"{"id":"$context.requestId" "s":"$context.status"}"#,
        ApiType::Rest,
    );
    assert_eq!(diagnostic.code, "invalid-json");
    assert!(
        !diagnostic.message.contains("column"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn context_with_a_dot_and_no_name_is_incomplete_including_the_dot() {
    let diagnostic = only("$context.requestId $context. x", ApiType::Rest);
    assert_eq!(diagnostic.code, "incomplete-variable");
    assert_eq!(diagnostic.span, Span::new(19, 28));
}

#[test]
fn context_in_the_wrong_case_is_flagged() {
    let checked = check("$Context.requestId", ApiType::Rest);
    let flagged: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.span))
        .collect();
    assert_eq!(
        flagged,
        [
            (Severity::Error, Code::MissingRequestId, Span::new(0, 18)),
            (Severity::Warning, Code::ContextCase, Span::new(0, 18)),
        ]
    );
}

#[test]
fn brace_form_is_flagged() {
    let diagnostic = only("$context.requestId ${context.status}", ApiType::Rest);
    assert_eq!(
        (diagnostic.severity, diagnostic.code.as_str()),
        (Severity::Warning, "brace-variable")
    );
    assert_eq!(diagnostic.span, Span::new(19, 36));
    assert!(
        diagnostic.message.contains("$context.status"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn longer_words_after_a_brace_are_not_the_brace_form() {
    assert_eq!(
        diagnostics("$context.requestId ${contextual}", ApiType::Rest),
        []
    );
}

#[test]
fn very_long_unknown_names_get_no_suggestion() {
    let format = format!("$context.requestId $context.requestTime{}", "x".repeat(300));
    let diagnostic = only(&format, ApiType::Http);
    assert_eq!(diagnostic.code, "unknown-variable");
    assert!(
        !diagnostic.message.contains("Did you mean"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn a_direction_control_in_the_format_is_a_warning_that_names_it() {
    let format = "$context.requestId \u{202E}evil";
    let checked = check(format, ApiType::Rest);
    let hidden: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "hidden-character")
        .collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!(&format[hidden[0].span.range()], "\u{202E}");
    assert!(hidden[0].message.contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
}
