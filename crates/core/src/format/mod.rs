//! Access-log formats: the grammar, the `$context` variable catalogue, the rules API Gateway
//! enforces (with its exact error texts), the pitfalls it lets through, and presets.
//!
//! [`check`] is the entry point: it parses a format, classifies it and lists every diagnostic,
//! each with a byte span into the format.

pub mod catalogue;
pub mod grammar;
pub mod json;
pub mod kind;
pub mod presets;
pub mod render;
pub mod shape;

use crate::api::ApiType;
use crate::diagnostic::{Diagnostic, Span};
use catalogue::{Lookup, Support};
use grammar::Piece;
pub use kind::FormatKind;
use serde::Serialize;

/// API Gateway's error when neither request id is in the format (verbatim).
pub const MISSING_REQUEST_ID_MESSAGE: &str =
    "Access Log format must include either $context.requestId or $context.extendedRequestId";

/// API Gateway's error for a newline before the end of the format (verbatim).
pub const MULTI_LINE_MESSAGE: &str =
    "Access Log format must be single line, new line character is allowed only at end of the format";

/// HTTP APIs limit the access-log template to 3 KB. Whether AWS means 3,000 or 3,072 bytes is not
/// documented: over 3,072 is an error, between the two a warning.
pub const HTTP_TEMPLATE_LIMIT: usize = 3072;
const HTTP_TEMPLATE_LIMIT_LOW: usize = 3000;

/// A format after checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedFormat {
    /// What kind of entries it renders.
    pub kind: FormatKind,
    /// The parsed pieces, in order.
    #[serde(skip)]
    pub pieces: Vec<Piece>,
    /// Each `$context.…` variable used, once, in order of first use.
    pub variables: Vec<String>,
    /// Everything wrong or worth knowing, in format order.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedFormat {
    /// Whether API Gateway (or OpenObserve) would reject the format outright.
    pub fn has_errors(&self) -> bool {
        crate::diagnostic::has_errors(&self.diagnostics)
    }

    /// Whether the format ends with a real newline, so each record ends with one.
    pub fn ends_with_newline(format: &str) -> bool {
        format.ends_with('\n')
    }
}

/// Check `format` as API Gateway would for a stage of `api`, plus the pitfalls it does not catch.
pub fn check(format: &str, api: ApiType) -> CheckedFormat {
    let pieces = grammar::parse(format);
    let kind = kind::detect(format, &pieces);
    let mut diagnostics = Vec::new();

    if format.is_empty() {
        diagnostics.push(Diagnostic::error(
            "empty-format",
            Span::at(0),
            "The format is empty. API Gateway rejects it (\"Access Log value must not be empty\"): \
             start from a preset.",
        ));
    }
    check_lines(format, &mut diagnostics);
    check_length(format, api, &mut diagnostics);
    for piece in &pieces {
        check_piece(piece, api, &mut diagnostics);
    }
    let variables = unique_variables(&pieces);
    let has_id = variables
        .iter()
        .any(|v| v == "$context.requestId" || v == "$context.extendedRequestId");
    if !format.is_empty() && !has_id {
        diagnostics.push(Diagnostic::error(
            "missing-request-id",
            Span::new(0, format.len()),
            format!("{MISSING_REQUEST_ID_MESSAGE}. Add \"$context.requestId\" (best: both ids)."),
        ));
    }
    if kind == FormatKind::Json {
        diagnostics.extend(json::check(format, &pieces, api));
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
    CheckedFormat {
        kind,
        pieces,
        variables,
        diagnostics,
    }
}

fn unique_variables(pieces: &[Piece]) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for piece in pieces {
        if let Piece::Variable { name, .. } = piece {
            let full = format!("$context.{name}");
            if !seen.contains(&full) {
                seen.push(full);
            }
        }
    }
    seen
}

fn check_lines(format: &str, diagnostics: &mut Vec<Diagnostic>) {
    let body = format.strip_suffix('\n').unwrap_or(format);
    for (offset, _) in body.match_indices('\n') {
        diagnostics.push(Diagnostic::error(
            "newline-not-at-end",
            Span::new(offset, offset + 1),
            format!(
                "{MULTI_LINE_MESSAGE}. Join the lines; keep at most one newline, at the very end."
            ),
        ));
    }
    for (offset, _) in body.match_indices('\r') {
        diagnostics.push(Diagnostic::warning(
            "carriage-return",
            Span::new(offset, offset + 1),
            "A carriage return is in the format: it is written into every entry and breaks \
             line-based readers. Remove it.",
        ));
    }
    if body.ends_with("\\n") {
        let start = body.len() - 2;
        diagnostics.push(Diagnostic::info(
            "literal-backslash-n",
            Span::new(start, body.len()),
            "This is a backslash followed by n, not a newline: it is written literally into every \
             entry. For a newline at the end, press Enter there (in CloudFormation YAML use a \
             double-quoted string or !Join [\"\\n\", [format, '']]).",
        ));
    }
}

fn check_length(format: &str, api: ApiType, diagnostics: &mut Vec<Diagnostic>) {
    if api != ApiType::Http || format.len() <= HTTP_TEMPLATE_LIMIT_LOW {
        return;
    }
    let over_hard_limit = format.len() > HTTP_TEMPLATE_LIMIT;
    let limit = if over_hard_limit {
        HTTP_TEMPLATE_LIMIT
    } else {
        HTTP_TEMPLATE_LIMIT_LOW
    };
    let message = format!(
        "The format is {} bytes; HTTP APIs allow an access-log template of 3 KB (not increasable). \
         Remove {} bytes.",
        format.len(),
        format.len() - limit
    );
    let span = Span::new(limit, format.len());
    diagnostics.push(if over_hard_limit {
        Diagnostic::error("format-too-long", span, message)
    } else {
        Diagnostic::warning(
            "format-too-long",
            span,
            message + " (AWS may count 3 KB as 3,000 bytes.)",
        )
    });
}

fn check_piece(piece: &Piece, api: ApiType, diagnostics: &mut Vec<Diagnostic>) {
    match piece {
        Piece::Literal(_) => {}
        Piece::Unsupported { root, span } => diagnostics.push(Diagnostic::error(
            "unsupported-variable-root",
            *span,
            format!(
                "{root} variables are not available in access logs: only $context variables are \
                 (not $input, $stageVariables or $util). Remove it or use a $context variable."
            ),
        )),
        Piece::Incomplete(span) => diagnostics.push(Diagnostic::error(
            "incomplete-variable",
            *span,
            "$context needs a variable name after it, e.g. $context.requestId.",
        )),
        Piece::Variable { name, span } => check_variable(name, *span, api, diagnostics),
    }
}

fn check_variable(name: &str, span: Span, api: ApiType, diagnostics: &mut Vec<Diagnostic>) {
    let lookup = catalogue::lookup(name);
    let http_rejection = format!(
        "API Gateway rejects it: \"The following context variables are not supported: [$context.{name}]\"."
    );
    if let Lookup::Family(_) = lookup {
        // `authorizer.principalID` is a valid authorizer context key, but far more likely a
        // mistyped fixed name: variables are case-sensitive.
        let same_but_case = catalogue::VARIABLES
            .iter()
            .find(|variable| variable.name != name && variable.name.eq_ignore_ascii_case(name));
        if let Some(variable) = same_but_case {
            diagnostics.push(Diagnostic::warning(
                "variable-case",
                span,
                format!(
                    "$context.{name} differs from $context.{} only in case. Variables are                      case-sensitive: this one reads an authorizer context key named like that,                      which is probably not what you meant.",
                    variable.name
                ),
            ));
            return;
        }
    }
    match (&lookup, lookup.support(api)) {
        (_, Some(Support::Documented)) => {}
        (_, Some(Support::Uncertain)) => diagnostics.push(Diagnostic::warning(
            "uncertain-variable",
            span,
            format!(
                "$context.{name} is listed for {} only in some versions of the AWS docs: deploy a \
                 test stage before relying on it.",
                api.label()
            ),
        )),
        (Lookup::Unknown, None) => {
            let hint = match catalogue::suggest(name, api) {
                Some(suggestion) => format!(" Did you mean $context.{suggestion}?"),
                None => String::new(),
            };
            let consequence = match api {
                ApiType::Http => http_rejection,
                ApiType::Rest => "REST APIs accept it and log - for it in every entry.".to_owned(),
                ApiType::WebSocket => {
                    "WebSocket APIs are not known to reject it; expect - in every entry.".to_owned()
                }
            };
            let message =
                format!("$context.{name} is not a known access-log variable. {consequence}{hint}");
            diagnostics.push(match api {
                ApiType::Http => Diagnostic::error("unknown-variable", span, message),
                _ => Diagnostic::warning("unknown-variable", span, message),
            });
        }
        (_, None) => {
            let consequence = match api {
                ApiType::Http => http_rejection,
                _ => "It is accepted but logs - in every entry.".to_owned(),
            };
            let message = format!(
                "$context.{name} is not available for {}. {consequence}",
                api.label()
            );
            diagnostics.push(match api {
                ApiType::Http => Diagnostic::error("variable-not-available", span, message),
                _ => Diagnostic::warning("variable-not-available", span, message),
            });
        }
    }
}

#[cfg(test)]
mod tests;
