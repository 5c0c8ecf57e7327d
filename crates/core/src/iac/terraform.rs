//! Terraform: `aws_api_gateway_stage` and `aws_apigatewayv2_stage` `access_log_settings`, read
//! with hcl-edit (which keeps source spans). Quoted strings, templates (their literal parts),
//! heredocs (`<<EOT`, `<<-EOT`) and `jsonencode({...})` of an object literal are resolved;
//! interpolations, variables and other references are reported as unresolved.

use super::text::{align, Escapes, Text};
use super::{
    api_assumed, check_destination, check_format, DestinationKind, Finding, Linted, Resolved,
    TEMPLATE_SYNTAX,
};
use crate::api::ApiType;
use crate::diagnostic::{Severity, Span};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;

/// Lint a Terraform file; `module` holds the texts of the module's other files.
pub(crate) fn lint(src: &str, module: &[&str], out: &mut Linted) {
    let body = match hcl_edit::parser::parse_body(src) {
        Ok(body) => body,
        Err(error) => {
            let at = error.location().offset().min(src.len());
            out.findings.push(Finding {
                severity: Severity::Error,
                code: TEMPLATE_SYNTAX,
                message: format!("The file does not parse as HCL: {}", error.message()),
                span: Span::new(at, (at + 1).min(src.len()).max(at)),
                resource: None,
            });
            return;
        }
    };
    let others: Vec<Body> = module
        .iter()
        .filter_map(|text| hcl_edit::parser::parse_body(text).ok())
        .collect();
    for block in resources(&body) {
        let (Some(kind), Some(name)) = (block.labels.first(), block.labels.get(1)) else {
            continue;
        };
        let label = format!("{}.{}", kind.as_str(), name.as_str());
        let api = match kind.as_str() {
            "aws_api_gateway_stage" => ApiType::Rest,
            "aws_apigatewayv2_stage" => {
                let api_id = block.body.get_attribute("api_id").map(|a| &a.value);
                let found = api_id.and_then(|e| {
                    std::iter::once(&body)
                        .chain(&others)
                        .find_map(|b| v2_api_type(e, b))
                });
                match found {
                    Some(api) => api,
                    None => {
                        let span = api_id
                            .and_then(|e| e.span())
                            .or_else(|| block.ident.span())
                            .map_or(Span::at(0), Span::from);
                        out.findings.push(api_assumed(span, &label));
                        ApiType::Http
                    }
                }
            }
            _ => continue,
        };
        for settings in block.body.get_blocks("access_log_settings") {
            if let Some(format) = settings.body.get_attribute("format") {
                let mut resolved = Resolved::default();
                eval(&format.value, src, &mut resolved);
                let span = span_of(&format.value);
                resolved.text.token = span;
                check_format(&resolved, api, &label, span, out);
            }
            if let Some(dest) = settings.body.get_attribute("destination_arn") {
                let mut resolved = Resolved::default();
                eval(&dest.value, src, &mut resolved);
                let known = match traversal_root(&dest.value) {
                    Some("aws_kinesis_firehose_delivery_stream") => Some(DestinationKind::Firehose),
                    Some("aws_cloudwatch_log_group") => Some(DestinationKind::LogGroup),
                    _ => None,
                };
                let span = span_of(&dest.value);
                check_destination(&resolved, known, api, span, &label, out);
            }
        }
    }
}

fn resources(body: &Body) -> impl Iterator<Item = &Block> {
    body.get_blocks("resource")
}

fn span_of(expr: &Expression) -> Span {
    expr.span().map_or(Span::at(0), Span::from)
}

/// `aws_x.name.attr` → `aws_x`.
fn traversal_root(expr: &Expression) -> Option<&str> {
    match expr {
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(v) => Some(v.value().as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// The API type of `aws_apigatewayv2_api.<name>.id`, from that resource's `protocol_type`.
fn v2_api_type(api_id: &Expression, body: &Body) -> Option<ApiType> {
    let Expression::Traversal(t) = api_id else {
        return None;
    };
    if traversal_root(api_id)? != "aws_apigatewayv2_api" {
        return None;
    }
    let name = match t.operators.first()?.value() {
        TraversalOperator::GetAttr(ident) => ident.value().as_str(),
        _ => return None,
    };
    let api = resources(body).find(|b| {
        b.labels.first().map(|l| l.as_str()) == Some("aws_apigatewayv2_api")
            && b.labels.get(1).map(|l| l.as_str()) == Some(name)
    })?;
    let protocol = match &api.body.get_attribute("protocol_type")?.value {
        Expression::String(s) => s.value().to_ascii_uppercase(),
        _ => return None,
    };
    match protocol.as_str() {
        "HTTP" => Some(ApiType::Http),
        "WEBSOCKET" => Some(ApiType::WebSocket),
        _ => None,
    }
}

/// A quoted string's text, mapped through HCL escapes (the span includes the quotes).
fn quoted(value: &str, span: Span, src: &str) -> Text {
    match align(src, span.start + 1, value, Escapes::Hcl) {
        Some((map, _)) => Text {
            value: value.to_owned(),
            map,
            token: span,
        },
        None => Text::coarse(value, span),
    }
}

/// The literal parts of a template; interpolations and directives are unresolved.
fn template(template: &Template, escapes: Escapes, src: &str, out: &mut Resolved) {
    for element in template.iter() {
        match element {
            Element::Literal(literal) => {
                let span = literal.span().map_or(Span::at(0), Span::from);
                let value = literal.value();
                match align(src, span.start, value, escapes) {
                    Some((map, _)) => out.text.append(&Text {
                        value: value.clone(),
                        map,
                        token: span,
                    }),
                    None => out.text.append(&Text::coarse(value, span)),
                }
            }
            Element::Interpolation(interpolation) => {
                let span = interpolation.span().map_or(Span::at(0), Span::from);
                let what = src.get(span.range()).unwrap_or("an interpolation");
                out.unresolved(span, format!("the interpolation `{what}`"));
            }
            Element::Directive(directive) => {
                let span = directive.span().map_or(Span::at(0), Span::from);
                out.unresolved(span, "a template directive");
            }
        }
    }
}

/// Resolve a format expression.
fn eval(expr: &Expression, src: &str, out: &mut Resolved) {
    let span = span_of(expr);
    match expr {
        Expression::String(s) => out.text.append(&quoted(s.value(), span, src)),
        Expression::StringTemplate(t) => template(t, Escapes::Hcl, src, out),
        Expression::HeredocTemplate(h) => template(&h.template, Escapes::HclHeredoc, src, out),
        Expression::Parenthesis(p) => eval(p.inner(), src, out),
        Expression::FuncCall(call) if call.name.name.value().as_str() == "jsonencode" => {
            match (call.args.len(), call.args.get(0)) {
                (1, Some(arg)) => jsonencode(arg, src, out, 0),
                _ => out.unresolved(span, "a malformed `jsonencode`"),
            }
        }
        _ => {
            let what = src.get(span.range()).unwrap_or("an expression");
            out.unresolved(span, format!("`{what}`"));
        }
    }
}

/// What Terraform's `jsonencode` writes for `expr`: object keys sorted, no spaces, Go's string
/// escaping (`<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`).
fn jsonencode(expr: &Expression, src: &str, out: &mut Resolved, depth: usize) {
    let span = span_of(expr);
    if depth > 32 {
        out.unresolved(span, "a deeply nested `jsonencode`");
        return;
    }
    let open = (span.start, span.start + 1);
    let close = (span.end.saturating_sub(1), span.end);
    match expr {
        Expression::Object(object) => {
            let mut items: Vec<(Text, &Expression)> = Vec::new();
            for (key, value) in object.iter() {
                let key = match key {
                    ObjectKey::Ident(ident) => {
                        let span = ident.span().map_or(Span::at(0), Span::from);
                        Text::coarse(ident.value().as_str(), span)
                    }
                    ObjectKey::Expression(Expression::String(s)) => {
                        let span = s.span().map_or(Span::at(0), Span::from);
                        quoted(s.value(), span, src)
                    }
                    ObjectKey::Expression(other) => {
                        let span = span_of(other);
                        out.unresolved(span, "a computed object key");
                        continue;
                    }
                };
                items.push((key, value.expr()));
            }
            items.sort_by(|a, b| a.0.value.cmp(&b.0.value));
            out.text.push_mapped("{", open);
            for (i, (key, value)) in items.iter().enumerate() {
                if i > 0 {
                    out.text
                        .push_mapped(",", (key.token.start, key.token.start));
                }
                json_string(key, out);
                out.text.push_mapped(":", (key.token.end, key.token.end));
                jsonencode(value, src, out, depth + 1);
            }
            out.text.push_mapped("}", close);
        }
        Expression::Array(array) => {
            out.text.push_mapped("[", open);
            for (i, value) in array.iter().enumerate() {
                if i > 0 {
                    let at = span_of(value).start;
                    out.text.push_mapped(",", (at, at));
                }
                jsonencode(value, src, out, depth + 1);
            }
            out.text.push_mapped("]", close);
        }
        Expression::String(s) => json_string(&quoted(s.value(), span, src), out),
        Expression::StringTemplate(t) => {
            let mut inner = Resolved::default();
            template(t, Escapes::Hcl, src, &mut inner);
            out.unresolved.append(&mut inner.unresolved);
            inner.text.token = span;
            json_string(&inner.text, out);
        }
        Expression::Number(n) => {
            let text = src
                .get(span.range())
                .map_or_else(|| n.value().to_string(), str::to_owned);
            out.text.push_mapped(&text, (span.start, span.end));
        }
        Expression::Bool(b) => {
            let text = if *b.value() { "true" } else { "false" };
            out.text.push_mapped(text, (span.start, span.end));
        }
        Expression::Null(_) => out.text.push_mapped("null", (span.start, span.end)),
        Expression::Parenthesis(p) => jsonencode(p.inner(), src, out, depth),
        _ => {
            let what = src.get(span.range()).unwrap_or("an expression");
            out.unresolved(span, format!("`{what}`"));
        }
    }
}

/// `text` as a JSON string the way Go's encoder writes it, each byte mapped to its source.
fn json_string(text: &Text, out: &mut Resolved) {
    let token = text.token;
    out.text.push_mapped("\"", (token.start, token.start + 1));
    for (i, c) in text.value.char_indices() {
        let range = text.map.get(i).copied().unwrap_or((token.start, token.end));
        let escaped = match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            '\t' => "\\t".to_owned(),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => format!("\\u{:04x}", c as u32),
            c if (c as u32) < 0x20 => format!("\\u{:04x}", c as u32),
            c => c.to_string(),
        };
        out.text.push_mapped(&escaped, range);
    }
    out.text
        .push_mapped("\"", (token.end.saturating_sub(1), token.end));
}
