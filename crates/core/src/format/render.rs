//! Rendering a format the way API Gateway does: literal text copied, each variable replaced by
//! its value. Keeps a map from rendered offsets back to the format, so a problem found in the
//! output (invalid JSON at byte 57) can be shown where it comes from in the format.

use super::grammar::Piece;
use crate::diagnostic::Span;

/// Where one run of rendered text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Origin {
    rendered_start: usize,
    format_span: Span,
    literal: bool,
}

/// A rendered log entry and where each part of it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The entry as API Gateway would write it.
    pub text: String,
    origins: Vec<Origin>,
}

impl Rendered {
    /// The format span that produced the rendered byte at `offset`: one byte of a literal, or the
    /// whole variable reference whose value covers it.
    pub fn origin_of(&self, offset: usize) -> Span {
        let index = self
            .origins
            .partition_point(|origin| origin.rendered_start <= offset);
        match index.checked_sub(1).map(|i| self.origins[i]) {
            Some(origin) if origin.literal => {
                let within = (offset - origin.rendered_start).min(origin.format_span.len());
                let start = origin.format_span.start + within;
                Span::new(start, (start + 1).min(origin.format_span.end.max(start)))
            }
            Some(origin) => origin.format_span,
            None => Span::at(0),
        }
    }
}

/// Render `pieces` of `format`, asking `value` for each variable (name without `$context.`).
/// Unsupported references are copied as text: API Gateway does not substitute them.
pub fn render<'p>(
    format: &str,
    pieces: &'p [Piece],
    mut value: impl FnMut(&'p str) -> String,
) -> Rendered {
    let mut text = String::with_capacity(format.len() * 2);
    let mut origins = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let rendered_start = text.len();
        let format_span = piece.span();
        let literal = match piece {
            Piece::Variable { name, .. } => {
                text.push_str(&value(name));
                false
            }
            _ => {
                text.push_str(&format[format_span.range()]);
                true
            }
        };
        origins.push(Origin {
            rendered_start,
            format_span,
            literal,
        });
    }
    Rendered { text, origins }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::grammar::parse;

    #[test]
    fn substitutes_each_variable() {
        let format = r#"{"s":"$context.status"}"#;
        let rendered = render(format, &parse(format), |_| "200".to_owned());
        assert_eq!(rendered.text, r#"{"s":"200"}"#);
    }

    #[test]
    fn maps_literal_bytes_back_to_the_format() {
        let format = r#"{"s":$context.status}"#;
        let rendered = render(format, &parse(format), |_| "-".to_owned());
        // The closing brace is rendered at 6 and written at 20 in the format.
        assert_eq!(rendered.origin_of(6), Span::new(20, 21));
    }

    #[test]
    fn maps_value_bytes_to_the_whole_variable() {
        let format = r#"{"s":$context.status}"#;
        let rendered = render(format, &parse(format), |_| "-".to_owned());
        assert_eq!(rendered.origin_of(5), Span::new(5, 20));
    }
}
