//! Access-log formats: the grammar, the `$context` variable catalogue, the rules API Gateway
//! enforces (with its exact error texts), the pitfalls it lets through, and presets.
//!
//! [`check`] is the entry point: it parses a format, classifies it and lists every diagnostic,
//! each with a byte span into the format.

pub mod catalogue;
pub mod grammar;
pub mod json;
pub mod json_template;
pub mod kind;
pub mod presets;
pub mod render;
pub mod shape;

use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Span};
use catalogue::{Family, Lookup, Support, Variable};
use grammar::Piece;
pub use kind::FormatKind;
use serde::Serialize;
use shape::ValueShape;

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

/// Unknown names longer than this get no "Did you mean …?": nothing is that long, and comparing
/// a huge name with every variable would take seconds.
const MAX_SUGGESTED_NAME_LEN: usize = 200;

/// Characters free-text values (user agents, error messages, DNs) commonly contain: a literal made
/// only of these cannot tell where one such value ends and the next begins.
const FREE_TEXT_CHARS: &str = " ,;:-/.=()";

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

/// A warning for each run of hidden characters (direction controls, zero-width characters) in
/// `text`: they make it display as something other than what it is, and API Gateway writes
/// them into every entry. `what` names the text (`format`, `line`).
pub fn hidden_characters(text: &str, what: &str) -> Vec<Diagnostic> {
    crate::diagnostic::char_runs(text, crate::escape::is_hidden)
        .into_iter()
        .map(|(start, end)| {
            let names: Vec<String> = text[start..end]
                .chars()
                .map(crate::escape::hidden_name)
                .collect();
            Diagnostic::warning(
                Code::HiddenCharacter,
                start..end,
                format!(
                    "The {what} holds {}, which is invisible or reorders the text around it: what \
                     you see here is not what is there. Remove it unless you put it there on \
                     purpose.",
                    names.join(", ")
                ),
            )
        })
        .collect()
}

/// Check `format` as API Gateway would for a stage of `api`, plus the pitfalls it does not catch.
pub fn check(format: &str, api: ApiType) -> CheckedFormat {
    let pieces = grammar::parse(format);
    let kind = kind::detect(format, &pieces);
    let mut diagnostics = Vec::new();

    if format.is_empty() {
        diagnostics.push(Diagnostic::error(
            Code::EmptyFormat,
            Span::at(0),
            "The format is empty. API Gateway rejects it (\"Access Log value must not be empty\"): \
             start from a preset.",
        ));
    }
    check_lines(format, &mut diagnostics);
    check_length(format, api, &mut diagnostics);
    diagnostics.extend(hidden_characters(format, "format"));
    for piece in &pieces {
        check_piece(format, piece, api, &mut diagnostics);
    }
    check_neighbours(format, &pieces, api, kind, &mut diagnostics);
    let variables = unique_variables(&pieces);
    let has_id = variables
        .iter()
        .any(|v| v == "$context.requestId" || v == "$context.extendedRequestId");
    if !format.is_empty() && !has_id {
        diagnostics.push(Diagnostic::error(
            Code::MissingRequestId,
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
            Code::NewlineNotAtEnd,
            Span::new(offset, offset + 1),
            format!(
                "{MULTI_LINE_MESSAGE}. Join the lines; keep at most one newline, at the very end."
            ),
        ));
    }
    for (offset, _) in body.match_indices('\r') {
        diagnostics.push(Diagnostic::warning(
            Code::CarriageReturn,
            Span::new(offset, offset + 1),
            "A carriage return is in the format: it is written into every entry and breaks \
             line-based readers. Remove it.",
        ));
    }
    if body.ends_with("\\n") {
        let start = body.len() - 2;
        diagnostics.push(Diagnostic::info(
            Code::LiteralBackslashN,
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
    // Highlight from the character that crosses the limit.
    let mut start = limit;
    while !format.is_char_boundary(start) {
        start -= 1;
    }
    let span = Span::new(start, format.len());
    diagnostics.push(if over_hard_limit {
        Diagnostic::error(Code::FormatTooLong, span, message)
    } else {
        Diagnostic::warning(
            Code::FormatTooLong,
            span,
            message + " (AWS may count 3 KB as 3,000 bytes.)",
        )
    });
}

fn check_piece(format: &str, piece: &Piece, api: ApiType, diagnostics: &mut Vec<Diagnostic>) {
    match piece {
        Piece::Literal(span) => check_literal(format, *span, diagnostics),
        Piece::Unsupported { root, span } => diagnostics.push(Diagnostic::error(
            Code::UnsupportedVariableRoot,
            *span,
            format!(
                "{root} variables are not available in access logs: only $context variables are \
                 (not $input, $stageVariables or $util). Remove it or use a $context variable."
            ),
        )),
        Piece::Incomplete(span) => diagnostics.push(Diagnostic::error(
            Code::IncompleteVariable,
            *span,
            "$context needs a variable name after it, e.g. $context.requestId.",
        )),
        Piece::Variable { name, span } => {
            let dashed_end = grammar::dashed_end(format, span.end);
            if dashed_end > span.end {
                check_dash(format, name, *span, dashed_end, api, diagnostics);
                // HTTP APIs validate the dashed name, which `check_dash` reported whole.
                if api == ApiType::Http {
                    return;
                }
            }
            check_variable(name, *span, api, diagnostics);
        }
    }
}

/// References in literal text that look like variables but are not substituted: `$Context.x`
/// (wrong case) and `${context.x}` (brace form).
fn check_literal(format: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) {
    let text = &format[span.range()];
    for (at, _) in text.match_indices('$') {
        let rest = &text[at..];
        let start = span.start + at;
        let brace_form = rest
            .strip_prefix("${context")
            .filter(|after| !after.starts_with(grammar::is_name_char));
        if let Some(after) = brace_form {
            let name = &after[..grammar::dotted_name_len(after)];
            let closing = usize::from(after[name.len()..].starts_with('}'));
            let end = start + "${context".len() + name.len() + closing;
            let fix = if name.is_empty() {
                "$context.<name>".to_owned()
            } else {
                format!("$context{name}")
            };
            diagnostics.push(Diagnostic::warning(
                Code::BraceVariable,
                Span::new(start, end),
                format!(
                    "API Gateway documents only the plain form, {fix}: {} is claimed to work only \
                     by a third-party emulator, so expect it written literally into every entry. \
                     Write {fix}.",
                    &format[start..end]
                ),
            ));
            continue;
        }
        let Some(word) = rest.get(1.."$context".len()) else {
            continue;
        };
        let after = &rest["$context".len()..];
        let wrong_case = word != "context" && word.eq_ignore_ascii_case("context");
        if wrong_case && !after.starts_with(grammar::is_name_char) {
            let name = &after[..grammar::dotted_name_len(after)];
            let end = start + "$context".len() + name.len();
            let fix = if name.is_empty() {
                "$context.<name>".to_owned()
            } else {
                format!("$context{name}")
            };
            diagnostics.push(Diagnostic::warning(
                Code::ContextCase,
                Span::new(start, end),
                format!(
                    "{} is written literally into every entry: $context is case-sensitive. \
                     Write {fix}.",
                    &format[start..end]
                ),
            ));
        }
    }
}

/// A variable directly followed by `-name` (`$context.authorizer.tenant-id`).
fn check_dash(
    format: &str,
    name: &str,
    span: Span,
    dashed_end: usize,
    api: ApiType,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let whole = &format[span.start..dashed_end];
    let tail = &format[span.end..dashed_end];
    let hint = match catalogue::lookup(name) {
        Lookup::Family(family) if family.suffix == catalogue::Suffix::Name => format!(
            " $context.{}{} allows only _ as a special character: rename the key with _ and \
             write $context.{name}{}.",
            family.prefix,
            family.placeholder,
            tail.replace('-', "_")
        ),
        _ => format!(" If {tail} is text to write after the value, put a space before it."),
    };
    let whole_span = Span::new(span.start, dashed_end);
    diagnostics.push(match api {
        ApiType::Http => Diagnostic::error(
            Code::DashInVariable,
            whole_span,
            format!(
                "HTTP APIs read the - as part of the variable name and reject it: \
                 \"The following context variables are not supported: [{whole}]\".{hint}"
            ),
        ),
        _ => Diagnostic::warning(
            Code::DashInVariable,
            whole_span,
            format!(
                "Variable names have no -: API Gateway ends this variable at $context.{name} and \
                 writes {tail} literally after its value (not verified for {}s; HTTP APIs reject \
                 the whole name).{hint}",
                api.label()
            ),
        ),
    });
}

/// Pitfalls of two variables next to each other.
fn check_neighbours(
    format: &str,
    pieces: &[Piece],
    api: ApiType,
    kind: FormatKind,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let variables: Vec<(usize, &str, Span)> = pieces
        .iter()
        .enumerate()
        .filter_map(|(index, piece)| match piece {
            Piece::Variable { name, span } => Some((index, name.as_str(), *span)),
            _ => None,
        })
        .collect();
    for pair in variables.windows(2) {
        let [(first_index, first, first_span), (second_index, second, second_span)] = *pair else {
            continue;
        };
        let separator = match &pieces[first_index + 1..second_index] {
            [] => "",
            [Piece::Literal(span)] => &format[span.range()],
            _ => continue,
        };
        let both = Span::new(first_span.start, second_span.end);
        if api == ApiType::Http
            && (first, second) == ("httpMethod", "routeKey")
            && separator.chars().all(|c| c == ' ')
        {
            diagnostics.push(Diagnostic::info(
                Code::MethodDoubled,
                both,
                "On HTTP APIs $context.routeKey already starts with the method (GET /pets), so \
                 this renders \"GET GET /pets\" (the console's own CLF preset does the same). \
                 Drop $context.httpMethod, or keep it and log $context.path (the request path, \
                 not the route) instead of $context.routeKey.",
            ));
        }
        let is_free_text = |name: &str| {
            let lookup = catalogue::lookup(name);
            lookup.support(api).is_some() && lookup.shape_for(api) == ValueShape::Text
        };
        if kind != FormatKind::Json
            && is_free_text(first)
            && is_free_text(second)
            && separator.chars().all(|c| FREE_TEXT_CHARS.contains(c))
        {
            let between = if separator.is_empty() {
                "nothing separates them".to_owned()
            } else {
                format!("only \"{separator}\" separates them")
            };
            diagnostics.push(Diagnostic::warning(
                Code::AmbiguousFreeText,
                both,
                format!(
                    "$context.{first} and $context.{second} are free text and {between}, which \
                     the values themselves can contain: lines cannot be split reliably. Put each \
                     value in quotes or brackets (\"$context.{first}\" \"$context.{second}\") or \
                     use a JSON format."
                ),
            ));
        }
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
                Code::VariableCase,
                span,
                format!(
                    "$context.{name} differs from $context.{} only in case. Variables are \
                     case-sensitive: this one reads an authorizer context key named like that, \
                     which is probably not what you meant.",
                    variable.name
                ),
            ));
            return;
        }
    }
    if let (Lookup::Fixed(variable), None) = (&lookup, lookup.support(api)) {
        // HTTP `authorizer.requestId` is no REST variable there, but a Lambda authorizer key.
        if let Some((family, suffix)) = family_on(name, api) {
            diagnostics.push(other_meaning(variable, family, suffix, span, api));
            return;
        }
    }
    match (&lookup, lookup.support(api)) {
        (_, Some(Support::Documented)) => {}
        (_, Some(Support::Uncertain)) => diagnostics.push(Diagnostic::warning(
            Code::UncertainVariable,
            span,
            format!(
                "$context.{name} is listed for {} only in some versions of the AWS docs: deploy a \
                 test stage before relying on it.",
                api.label()
            ),
        )),
        (Lookup::Unknown, None) => {
            let suggestion = if name.len() <= MAX_SUGGESTED_NAME_LEN {
                catalogue::suggest(name, api)
            } else {
                None
            };
            let hint = match suggestion {
                Some(suggestion) => format!(" Did you mean $context.{suggestion}?"),
                None => String::new(),
            };
            let consequence = consequence_of_unsupported(api, http_rejection);
            let message =
                format!("$context.{name} is not a known access-log variable. {consequence}{hint}");
            diagnostics.push(match api {
                ApiType::Http => Diagnostic::error(Code::UnknownVariable, span, message),
                _ => Diagnostic::warning(Code::UnknownVariable, span, message),
            });
        }
        (_, None) => {
            let consequence = consequence_of_unsupported(api, http_rejection);
            let message = format!(
                "$context.{name} is not available for {}. {consequence}",
                api.label()
            );
            diagnostics.push(match api {
                ApiType::Http => Diagnostic::error(Code::VariableNotAvailable, span, message),
                _ => Diagnostic::warning(Code::VariableNotAvailable, span, message),
            });
        }
    }
}

/// What API Gateway does with a name `api` does not support.
fn consequence_of_unsupported(api: ApiType, http_rejection: String) -> String {
    match api {
        ApiType::Http => http_rejection,
        ApiType::Rest => "REST APIs accept it and log - for it in every entry.".to_owned(),
        ApiType::WebSocket => {
            "WebSocket APIs are not known to reject it; expect - in every entry.".to_owned()
        }
    }
}

/// The family `api` supports that `name` belongs to, with the suffix, resolved as
/// [`catalogue::lookup`] does but among `api`'s families only.
fn family_on(name: &str, api: ApiType) -> Option<(&'static Family, &str)> {
    let family = catalogue::FAMILIES
        .iter()
        .filter(|family| family.support(api).is_some())
        .filter(|family| name.len() > family.prefix.len() && name.starts_with(family.prefix))
        .max_by_key(|family| family.prefix.len())?;
    Some((family, family.suffix_of(name)?))
}

/// A fixed name documented for other API types only, which `api` accepts as a member of `family`
/// (HTTP `authorizer.requestId` reads the Lambda authorizer's `requestId` context key).
fn other_meaning(
    variable: &Variable,
    family: &Family,
    suffix: &str,
    span: Span,
    api: ApiType,
) -> Diagnostic {
    let documented_for: Vec<&str> = [ApiType::Rest, ApiType::Http, ApiType::WebSocket]
        .into_iter()
        .filter(|&other| variable.apis.contains(other))
        .map(|other| other.label().trim_end_matches(" API"))
        .collect();
    let logged = if family.prefix == "authorizer." {
        format!("the Lambda authorizer context key named {suffix}")
    } else {
        format!("{} {suffix}", family.placeholder)
    };
    Diagnostic::warning(
        Code::OtherMeaning,
        span,
        format!(
            "On {}s $context.{} is not \"{}\" (documented for {} APIs only). The name \
             matches $context.{}{}, so API Gateway accepts it and logs {logged}, or - when \
             there is none.",
            api.label(),
            variable.name,
            variable.meaning.trim_end_matches('.'),
            documented_for.join(" and "),
            family.prefix,
            family.placeholder,
        ),
    )
}

#[cfg(test)]
mod tests;
