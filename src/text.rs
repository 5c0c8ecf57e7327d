//! Presenting byte spans from `gwlog_core` in the DOM: cutting a text into highlighted segments,
//! and converting byte offsets to the UTF-16 offsets that `<textarea>` selections use.
//!
//! Pure functions over `&str`, tested natively.

use gwlog_core::diagnostic::{Severity, Span};
use std::ops::Range;

/// A piece of a text as the highlighter renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Bytes `range` of the text, marked with the most severe span covering them (if any).
    Text {
        /// Byte range into the text.
        range: Range<usize>,
        /// The severity to mark it with; `None` for plain text.
        severity: Option<Severity>,
    },
    /// An empty span: "something is missing here", drawn as a thin bar between characters.
    Point {
        /// The severity to mark it with.
        severity: Severity,
    },
}

/// Cuts `text` into segments so that every byte is in exactly one [`Segment::Text`], marked with
/// the most severe span covering it; empty spans become [`Segment::Point`]s at their offset.
///
/// Spans are clamped to the text and to character boundaries. A span covering the whole of a
/// non-empty text marks nothing (such findings are about the text as a whole, e.g. "no request
/// id", and painting everything would hide the precise ones).
pub fn segments(text: &str, spans: &[(Span, Severity)]) -> Vec<Segment> {
    let spans: Vec<(Span, Severity)> = spans
        .iter()
        .map(|(span, severity)| (clamp(text, *span), *severity))
        .filter(|(span, _)| text.is_empty() || *span != Span::new(0, text.len()))
        .collect();

    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(spans.iter().flat_map(|(s, _)| [s.start, s.end]));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Segment> = Vec::new();
    for (i, &at) in cuts.iter().enumerate() {
        let points = spans.iter().filter(|(s, _)| s.is_empty() && s.start == at);
        if let Some(severity) = points.map(|(_, severity)| *severity).min() {
            out.push(Segment::Point { severity });
        }
        let Some(&end) = cuts.get(i + 1) else { break };
        let severity = spans
            .iter()
            .filter(|(s, _)| !s.is_empty() && s.start <= at && end <= s.end)
            .map(|(_, severity)| *severity)
            .min();
        match out.last_mut() {
            Some(Segment::Text {
                range,
                severity: last,
            }) if *last == severity => range.end = end,
            _ => out.push(Segment::Text {
                range: at..end,
                severity,
            }),
        }
    }
    out
}

/// `span` limited to `text` and widened outwards to character boundaries (an empty span
/// stays empty, moved back to the boundary before it).
pub fn clamp(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if span.is_empty() {
        return Span::at(start);
    }
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

/// The UTF-16 offset (what `HTMLTextAreaElement.selectionStart` counts) of byte `offset`.
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let offset = clamp(text, Span::at(offset)).start;
    text[..offset].encode_utf16().count() as u32
}

/// The text between the start of `line` (1-based) and its end, without the line break.
pub fn line_of(text: &str, line: usize) -> &str {
    text.split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
}

/// A piece of a core message: plain text, or a `` `code` `` run (without its backticks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePart<'a> {
    /// Text to show as it is.
    Text(&'a str),
    /// Text that was between backticks, to show as code.
    Code(&'a str),
}

/// Cuts a core message at its Markdown backticks: each `` `…` `` run becomes a
/// [`MessagePart::Code`], the rest [`MessagePart::Text`]. A backtick without a partner, and an
/// empty pair, stay as text.
pub fn message_parts(text: &str) -> Vec<MessagePart<'_>> {
    let mut parts = Vec::new();
    let mut plain_start = 0;
    let mut rest_start = 0;
    while let Some(open) = text[rest_start..].find('`').map(|i| rest_start + i) {
        let Some(close) = text[open + 1..].find('`').map(|i| open + 1 + i) else {
            break;
        };
        if close == open + 1 {
            // "``": no code inside; keep both backticks as text.
            rest_start = close + 1;
            continue;
        }
        if plain_start < open {
            parts.push(MessagePart::Text(&text[plain_start..open]));
        }
        parts.push(MessagePart::Code(&text[open + 1..close]));
        plain_start = close + 1;
        rest_start = close + 1;
    }
    if plain_start < text.len() {
        parts.push(MessagePart::Text(&text[plain_start..]));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backtick_runs_become_code() {
        use MessagePart::{Code, Text};
        assert_eq!(
            message_parts("expected `, SourceIP: ` after `x`."),
            vec![
                Text("expected "),
                Code(", SourceIP: "),
                Text(" after "),
                Code("x"),
                Text(".")
            ]
        );
        assert_eq!(message_parts("`a`"), vec![Code("a")]);
        assert_eq!(message_parts("no code"), vec![Text("no code")]);
        assert_eq!(message_parts(""), vec![]);
    }

    #[test]
    fn unpaired_and_empty_backticks_stay_text() {
        use MessagePart::{Code, Text};
        assert_eq!(message_parts("a ` b"), vec![Text("a ` b")]);
        assert_eq!(message_parts("a `` b"), vec![Text("a `` b")]);
        assert_eq!(
            message_parts("`x` and ` alone"),
            vec![Code("x"), Text(" and ` alone")]
        );
        assert_eq!(message_parts("<b>`<i>`"), vec![Text("<b>"), Code("<i>")]);
    }
    use Severity::{Error, Info, Warning};

    fn text(range: Range<usize>, severity: Option<Severity>) -> Segment {
        Segment::Text { range, severity }
    }

    #[test]
    fn no_spans_is_one_plain_segment() {
        assert_eq!(segments("abc", &[]), vec![text(0..3, None)]);
    }

    #[test]
    fn a_span_splits_the_text_in_three() {
        assert_eq!(
            segments("abcdef", &[(Span::new(2, 4), Warning)]),
            vec![
                text(0..2, None),
                text(2..4, Some(Warning)),
                text(4..6, None)
            ]
        );
    }

    #[test]
    fn overlapping_spans_take_the_most_severe() {
        assert_eq!(
            segments(
                "abcdef",
                &[(Span::new(1, 4), Info), (Span::new(3, 5), Error)]
            ),
            vec![
                text(0..1, None),
                text(1..3, Some(Info)),
                text(3..5, Some(Error)),
                text(5..6, None)
            ]
        );
    }

    #[test]
    fn adjacent_segments_of_equal_severity_merge() {
        assert_eq!(
            segments(
                "abcd",
                &[(Span::new(0, 2), Error), (Span::new(2, 3), Error)]
            ),
            vec![text(0..3, Some(Error)), text(3..4, None)]
        );
    }

    #[test]
    fn an_empty_span_is_a_point() {
        assert_eq!(
            segments("ab", &[(Span::at(1), Error)]),
            vec![
                text(0..1, None),
                Segment::Point { severity: Error },
                text(1..2, None)
            ]
        );
    }

    #[test]
    fn a_point_at_the_end_comes_last() {
        assert_eq!(
            segments("ab", &[(Span::at(2), Error)]),
            vec![text(0..2, None), Segment::Point { severity: Error }]
        );
    }

    #[test]
    fn a_span_over_the_whole_text_marks_nothing() {
        assert_eq!(
            segments("abc", &[(Span::new(0, 3), Error)]),
            vec![text(0..3, None)]
        );
    }

    #[test]
    fn spans_past_the_end_are_clamped() {
        assert_eq!(
            segments("abc", &[(Span::new(1, 99), Error)]),
            vec![text(0..1, None), text(1..3, Some(Error))]
        );
    }

    #[test]
    fn spans_inside_a_character_widen_to_its_boundaries() {
        assert_eq!(clamp("aéb", Span::new(2, 2)), Span::new(1, 1));
        assert_eq!(clamp("aéb", Span::new(1, 2)), Span::new(1, 3));
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        assert_eq!(utf16_offset("é😀x", 2 + 4), 1 + 2);
        assert_eq!(utf16_offset("abc", 99), 3);
    }

    #[test]
    fn line_of_is_one_based() {
        assert_eq!(line_of("a\nbc\n", 2), "bc");
        assert_eq!(line_of("a", 5), "");
    }
}
