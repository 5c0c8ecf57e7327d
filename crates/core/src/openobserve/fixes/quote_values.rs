//! The quote-values fix: every bare variable of a JSON format inside quotes, so a missing value
//! (`-`) stays valid JSON.

use super::{require_json, Fix, FixError};
use crate::api::ApiType;
use crate::format::catalogue;
use crate::format::grammar::{self, Piece};
use crate::format::shape::ValueShape;

/// Puts every bare variable of a JSON format inside quotes, so a missing value (API Gateway
/// writes `-`) still gives valid JSON, and replaces `$context.error.messageString` (which API
/// Gateway quotes itself) with `"$context.error.message"`.
pub fn quote_values(format: &str, api: ApiType) -> Result<Fix, FixError> {
    const FIX: &str = "quote-values";
    require_json(FIX, format)?;
    let pieces = grammar::parse(format);
    let quotings = crate::format::json::quoting(format, &pieces);
    let mut out = String::with_capacity(format.len() + 16);
    let mut quoted = Vec::new();
    let mut variables = quotings.iter();
    for piece in &pieces {
        let text = &format[piece.span().range()];
        let Piece::Variable { name, .. } = piece else {
            out.push_str(text);
            continue;
        };
        let bare = variables.next() == Some(&crate::format::json::Quoting::Bare);
        let pre_quoted = catalogue::lookup(name).shape_for(api) == ValueShape::PreQuoted;
        let replacement = match (bare, pre_quoted) {
            (true, true) => "\"$context.error.message\"".to_owned(),
            (true, false) => format!("\"{text}\""),
            (false, true) => "$context.error.message".to_owned(),
            (false, false) => text.to_owned(),
        };
        if replacement != text {
            quoted.push(text.to_owned());
        }
        out.push_str(&replacement);
    }
    let message_string = quoted.iter().any(|q| q.contains("error.messageString"));
    let explanation = if quoted.is_empty() {
        "Every value is already inside quotes.".to_owned()
    } else {
        format!(
            "Quoted {}. API Gateway writes a bare - for a missing value, so an unquoted variable \
             makes that entry invalid JSON, and OpenObserve then rejects the whole batch with 400. \
             Quoted values are strings (Utf8 columns): CAST them in SQL.{}",
            quoted.join(", "),
            if message_string {
                " $context.error.messageString is replaced by \"$context.error.message\", because \
                 API Gateway quotes the former itself."
            } else {
                ""
            }
        )
    };
    Ok(Fix::new(FIX, format, out, explanation))
}
