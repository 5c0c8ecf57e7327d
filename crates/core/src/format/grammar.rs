//! The access-log format grammar: literal text and `$context.<name>` variables.
//!
//! API Gateway substitutes `$context.` followed by dot-separated name segments
//! (`[A-Za-z0-9_]+`). A dot that is not followed by a name character ends the variable (so a
//! sentence dot stays text). Header-name suffixes (`requestOverride.header.x-api-key`) also take
//! `-`, as header names do; API Gateway's HTTP validator reports such names whole
//! (`$context.request.header.mcp-method`). Elsewhere a `-` ends the variable here, and
//! [`dashed_end`] tells how far that validator would read instead. `$stageVariables`, `$input` and
//! `$util` are recognised so they can be reported: access logs support only `$context`.

use crate::diagnostic::Span;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::char;
use nom::combinator::recognize;
use nom::multi::many1_count;
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// One piece of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text copied verbatim into every log entry.
    Literal(Span),
    /// A `$context.*` variable; `name` excludes the `$context.` prefix.
    Variable {
        /// Name without `$context.`, e.g. `identity.sourceIp`.
        name: String,
        /// Span of the whole reference including `$context.`.
        span: Span,
    },
    /// A `$stageVariables.*`, `$input.*` or `$util.*` reference, which access logs do not support.
    Unsupported {
        /// The root, e.g. `$stageVariables`.
        root: &'static str,
        /// Span of the whole reference.
        span: Span,
    },
    /// `$context` with no `.name` after it.
    Incomplete(Span),
}

impl Piece {
    /// The bytes of the format this piece covers.
    pub fn span(&self) -> Span {
        match self {
            Piece::Literal(span) | Piece::Incomplete(span) => *span,
            Piece::Variable { span, .. } | Piece::Unsupported { span, .. } => *span,
        }
    }
}

/// Roots that look like variables but are not available in access logs.
const UNSUPPORTED_ROOTS: [&str; 3] = ["$stageVariables", "$input", "$util"];

/// Prefixes whose last segment is an HTTP header name, where `-` is part of the name.
const HEADER_PREFIXES: [&str; 4] = [
    "requestOverride.header.",
    "responseOverride.header.",
    "request.header.",
    "response.header.",
];

/// Whether `c` can be part of a name segment (`[A-Za-z0-9_]`).
pub(crate) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_header_char(c: char) -> bool {
    is_name_char(c) || c == '-'
}

/// `.segment` repeated: the dotted name after a root.
fn dotted_name(input: &str) -> IResult<&str, &str> {
    recognize(many1_count(preceded(char('.'), take_while1(is_name_char)))).parse(input)
}

/// `$context.name.name…`, returning the name without its prefix.
fn context_variable(input: &str) -> IResult<&str, &str> {
    let (rest, dotted) = preceded(tag("$context"), dotted_name).parse(input)?;
    let name = &dotted[1..];
    // Header names carry dashes: extend the last segment while it continues with `-`/name chars.
    if HEADER_PREFIXES
        .iter()
        .any(|prefix| name.starts_with(prefix))
    {
        let extra = rest
            .find(|c: char| !is_header_char(c))
            .unwrap_or(rest.len());
        let name_end = "$context".len() + dotted.len() + extra;
        return Ok((&rest[extra..], &input["$context.".len()..name_end]));
    }
    Ok((rest, name))
}

/// Split a format into pieces. Never fails: anything that is not a variable is literal text.
pub fn parse(format: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut literal_start: Option<usize> = None;
    let mut offset = 0;
    let flush = |pieces: &mut Vec<Piece>, start: &mut Option<usize>, end: usize| {
        if let Some(begin) = start.take() {
            pieces.push(Piece::Literal(Span::new(begin, end)));
        }
    };
    while offset < format.len() {
        let rest = &format[offset..];
        if rest.starts_with('$') {
            if let Ok((after, name)) = context_variable(rest) {
                flush(&mut pieces, &mut literal_start, offset);
                let end = format.len() - after.len();
                pieces.push(Piece::Variable {
                    name: name.to_owned(),
                    span: Span::new(offset, end),
                });
                offset = end;
                continue;
            }
            if let Some(root) = UNSUPPORTED_ROOTS
                .iter()
                .find(|root| starts_with_word(rest, root))
            {
                flush(&mut pieces, &mut literal_start, offset);
                let after_root = &rest[root.len()..];
                let name_len = dotted_name(after_root).map_or(0, |(_, dotted)| dotted.len());
                let end = offset + root.len() + name_len;
                pieces.push(Piece::Unsupported {
                    root,
                    span: Span::new(offset, end),
                });
                offset = end;
                continue;
            }
            if starts_with_word(rest, "$context") {
                flush(&mut pieces, &mut literal_start, offset);
                // `$context.` with no name after the dot: the dot belongs to the broken reference.
                let dot = usize::from(rest["$context".len()..].starts_with('.'));
                let end = offset + "$context".len() + dot;
                pieces.push(Piece::Incomplete(Span::new(offset, end)));
                offset = end;
                continue;
            }
        }
        literal_start.get_or_insert(offset);
        offset += rest.chars().next().map_or(1, char::len_utf8);
    }
    flush(&mut pieces, &mut literal_start, format.len());
    pieces
}

/// The length of the `.segment.segment…` run at the start of `text` (0 if there is none), e.g. 14
/// for `.identity.user}`.
pub fn dotted_name_len(text: &str) -> usize {
    dotted_name(text).map_or(0, |(_, dotted)| dotted.len())
}

/// Where a variable ending at `end` would end if `-` were a name character, as API Gateway's HTTP
/// validator reads names (it reported `$context.request.header.mcp-method` whole): past the
/// `-name` run that follows, or `end` itself when no `-` directly followed by a name character
/// (`[A-Za-z0-9_]`) comes next. So `$context.authorizer.tenant-id` gives the end of `-id`, while
/// the separator in `$context.status - $context.stage` gives `end`.
pub fn dashed_end(format: &str, end: usize) -> usize {
    let rest = &format[end..];
    let mut next = rest.chars();
    if next.next() == Some('-') && next.next().is_some_and(is_name_char) {
        end + rest
            .find(|c: char| !is_header_char(c))
            .unwrap_or(rest.len())
    } else {
        end
    }
}

/// Whether `text` starts with `word` not followed by another name character.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.starts_with(word) && !text[word.len()..].starts_with(is_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(format: &str) -> Vec<String> {
        parse(format)
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Variable { name, .. } => Some(name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn variable_ends_at_a_quote() {
        assert_eq!(names(r#""$context.requestId","#), ["requestId"]);
    }

    #[test]
    fn a_sentence_dot_is_not_part_of_the_name() {
        assert_eq!(names("id $context.requestId. done"), ["requestId"]);
    }

    #[test]
    fn variable_ends_at_a_dash_outside_header_names() {
        assert_eq!(
            names("$context.requestId-$context.stage"),
            ["requestId", "stage"]
        );
    }

    #[test]
    fn header_names_keep_their_dashes() {
        assert_eq!(
            names("$context.requestOverride.header.x-api-key end"),
            ["requestOverride.header.x-api-key"]
        );
    }

    #[test]
    fn variable_ends_at_bracket_and_comma() {
        assert_eq!(
            names("[$context.requestTime],$context.status]"),
            ["requestTime", "status"]
        );
    }

    #[test]
    fn variable_spans_cover_the_prefix() {
        let pieces = parse("a $context.status b");
        assert_eq!(
            pieces[1],
            Piece::Variable {
                name: "status".into(),
                span: Span::new(2, 17)
            }
        );
        assert_eq!(pieces[2], Piece::Literal(Span::new(17, 19)));
    }

    #[test]
    fn stage_variables_are_recognised_as_unsupported() {
        let pieces = parse("$stageVariables.env");
        assert_eq!(
            pieces,
            [Piece::Unsupported {
                root: "$stageVariables",
                span: Span::new(0, 19)
            }]
        );
    }

    #[test]
    fn bare_context_is_incomplete() {
        assert_eq!(parse("$context x")[0], Piece::Incomplete(Span::new(0, 8)));
    }

    #[test]
    fn context_dot_without_a_name_is_incomplete_with_its_dot() {
        assert_eq!(parse("$context. x")[0], Piece::Incomplete(Span::new(0, 9)));
    }

    #[test]
    fn dashed_end_extends_over_a_dash_and_name_characters() {
        let format = "$context.authorizer.tenant-id x";
        assert_eq!(dashed_end(format, 26), 29);
    }

    #[test]
    fn dashed_end_stops_before_a_dash_used_as_a_separator() {
        let format = "$context.status - $context.stage";
        assert_eq!(dashed_end(format, 15), 15);
    }

    #[test]
    fn dotted_name_len_stops_at_a_brace() {
        assert_eq!(dotted_name_len(".identity.user}"), 14);
    }

    #[test]
    fn other_dollar_text_is_literal() {
        assert_eq!(
            parse("$default $contextual"),
            [Piece::Literal(Span::new(0, 20))]
        );
    }

    #[test]
    fn multibyte_literal_text_is_kept_whole() {
        assert_eq!(parse("é$"), [Piece::Literal(Span::new(0, 3))]);
    }
}
