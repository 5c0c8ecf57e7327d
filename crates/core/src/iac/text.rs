//! A string value read out of a file, with a map from each of its bytes back to the file.
//!
//! The real parsers (yaml-rust2, hcl-edit) give the decoded value and where its token starts;
//! [`align`] walks the token's source next to the decoded value, through the escaping of each
//! language, to find where each decoded character came from. When the walk disagrees with the
//! parser's value, the whole token is used instead: a coarser position, never a wrong one.

use crate::diagnostic::Span;

/// A decoded string and the file byte range each of its bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text {
    /// The decoded value.
    pub value: String,
    /// For each byte of `value`, the `[start, end)` file range it was decoded from.
    pub map: Vec<(usize, usize)>,
    /// The whole token in the file (quotes included), for empty spans and coarse positions.
    pub token: Span,
}

impl Text {
    /// `value` where every byte maps to the whole of `token`.
    pub fn coarse(value: &str, token: Span) -> Self {
        Text {
            value: value.to_owned(),
            map: vec![(token.start, token.end); value.len()],
            token,
        }
    }

    /// An empty text positioned at `token`.
    pub fn empty(token: Span) -> Self {
        Text {
            value: String::new(),
            map: Vec::new(),
            token,
        }
    }

    /// Append `text`, every byte mapped to `range`.
    pub fn push_mapped(&mut self, text: &str, range: (usize, usize)) {
        self.value.push_str(text);
        self.map.extend(std::iter::repeat_n(range, text.len()));
    }

    /// Append all of `other`, keeping its map.
    pub fn append(&mut self, other: &Text) {
        self.append_range(other, 0, other.value.len());
    }

    /// Append `other.value[start..end]` (character boundaries), keeping its map.
    pub fn append_range(&mut self, other: &Text, start: usize, end: usize) {
        if let (Some(part), Some(map)) = (other.value.get(start..end), other.map.get(start..end)) {
            self.value.push_str(part);
            self.map.extend_from_slice(map);
        }
    }

    /// The file span of `span`, a byte span into [`Text::value`].
    pub fn file_span(&self, span: Span) -> Span {
        let len = self.map.len();
        if len == 0 {
            return self.token;
        }
        let start = span.start.min(len);
        if span.is_empty() || start == len {
            let at = if start < len {
                self.map[start].0
            } else {
                self.map[len - 1].1
            };
            return Span::at(at);
        }
        let end = span.end.min(len).max(start + 1);
        let from = self.map[start].0;
        let to = self.map[start..end]
            .iter()
            .map(|r| r.1)
            .max()
            .unwrap_or(from);
        Span::new(from, to)
    }
}

/// The escaping of the token [`align`] walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escapes {
    /// No escapes: plain and block YAML scalars, heredoc text (bar `$${`).
    None,
    /// YAML single-quoted: `''` is one quote.
    YamlSingle,
    /// YAML double-quoted: backslash escapes, escaped line breaks.
    YamlDouble,
    /// JSON strings: `\"`, `\\`, `\/`, `\b\f\n\r\t`, `\uXXXX` with surrogate pairs.
    Json,
    /// HCL quoted strings: `\n\r\t\"\\`, `\uXXXX`, `\UXXXXXXXX`, and `$${`/`%%{`.
    Hcl,
    /// HCL heredocs: only `$${` and `%%{`.
    HclHeredoc,
}

/// Walk `src` from byte `from` next to `decoded`, which a real parser decoded from there, and
/// return each decoded byte's source range and where the walk stopped; `None` when they disagree.
pub(crate) fn align(
    src: &str,
    from: usize,
    decoded: &str,
    escapes: Escapes,
) -> Option<(Vec<(usize, usize)>, usize)> {
    let mut map = Vec::with_capacity(decoded.len());
    let mut p = from;
    let push = |map: &mut Vec<(usize, usize)>, c: char, start: usize, end: usize| {
        map.extend(std::iter::repeat_n((start, end), c.len_utf8()));
    };
    for c in decoded.chars() {
        loop {
            let rest = src.get(p..)?;
            let s = rest.chars().next()?;
            match escapes {
                Escapes::YamlSingle if s == '\'' => {
                    if c == '\'' && rest.starts_with("''") {
                        push(&mut map, c, p, p + 2);
                        p += 2;
                        break;
                    }
                    return None;
                }
                Escapes::YamlDouble | Escapes::Json | Escapes::Hcl if s == '\\' => {
                    let (value, len) = decode_escape(rest, escapes)?;
                    match value {
                        Some(v) if v == c => {
                            push(&mut map, c, p, p + len);
                            p += len;
                            break;
                        }
                        // An escaped line break: nothing decoded.
                        None => {
                            p += len;
                            continue;
                        }
                        Some(_) => return None,
                    }
                }
                Escapes::Hcl | Escapes::HclHeredoc
                    if (rest.starts_with("$${") || rest.starts_with("%%{")) =>
                {
                    if c == s {
                        push(&mut map, c, p, p + 2);
                        p += 2;
                        break;
                    }
                    return None;
                }
                _ => {}
            }
            if s == c {
                push(&mut map, c, p, p + s.len_utf8());
                p += s.len_utf8();
                break;
            }
            // Line folding: a line break read as a space (or fewer line breaks).
            if (c == ' ' || c == '\n') && (s == '\n' || s == '\r') {
                push(&mut map, c, p, p + 1);
                p += 1;
                break;
            }
            // Indentation, trimmed trailing spaces, extra folded line breaks.
            if s.is_whitespace() {
                p += s.len_utf8();
                continue;
            }
            return None;
        }
    }
    Some((map, p))
}

/// The escape at the start of `rest` (which starts with `\`): its value (`None` for an escaped
/// line break, which decodes to nothing) and its length in bytes.
fn decode_escape(rest: &str, escapes: Escapes) -> Option<(Option<char>, usize)> {
    let mut chars = rest.chars();
    chars.next()?;
    let e = chars.next()?;
    let simple = |c: char| Some((Some(c), 1 + e.len_utf8()));
    let hex = |digits: usize| -> Option<(Option<char>, usize)> {
        let text = rest.get(2..2 + digits)?;
        let code = u32::from_str_radix(text, 16).ok()?;
        Some((char::from_u32(code), 2 + digits))
    };
    match (escapes, e) {
        (_, '"') | (_, '\\') => simple(e),
        (Escapes::YamlDouble | Escapes::Json, '/') => simple('/'),
        (_, 'n') => simple('\n'),
        (_, 't') => simple('\t'),
        (_, 'r') => simple('\r'),
        (Escapes::YamlDouble | Escapes::Json, 'b') => simple('\u{8}'),
        (Escapes::YamlDouble | Escapes::Json, 'f') => simple('\u{c}'),
        (Escapes::Json, 'u') => {
            let code = u32::from_str_radix(rest.get(2..6)?, 16).ok()?;
            if (0xD800..0xDC00).contains(&code) && rest.get(6..8) == Some("\\u") {
                let low = u32::from_str_radix(rest.get(8..12)?, 16).ok()?;
                let combined = 0x10000 + ((code - 0xD800) << 10) + (low.checked_sub(0xDC00)?);
                return Some((char::from_u32(combined), 12));
            }
            Some((char::from_u32(code), 6))
        }
        (Escapes::YamlDouble | Escapes::Hcl, 'u') => hex(4),
        (Escapes::YamlDouble | Escapes::Hcl, 'U') => hex(8),
        (Escapes::YamlDouble, 'x') => hex(2),
        (Escapes::YamlDouble, '0') => simple('\0'),
        (Escapes::YamlDouble, 'a') => simple('\u{7}'),
        (Escapes::YamlDouble, 'v') => simple('\u{b}'),
        (Escapes::YamlDouble, 'e') => simple('\u{1b}'),
        (Escapes::YamlDouble, ' ') => simple(' '),
        (Escapes::YamlDouble, '\t') => simple('\t'),
        (Escapes::YamlDouble, 'N') => simple('\u{85}'),
        (Escapes::YamlDouble, '_') => simple('\u{a0}'),
        (Escapes::YamlDouble, 'L') => simple('\u{2028}'),
        (Escapes::YamlDouble, 'P') => simple('\u{2029}'),
        (Escapes::YamlDouble, '\n') => Some((None, 2)),
        (Escapes::YamlDouble, '\r') => {
            Some((None, if rest[2..].starts_with('\n') { 3 } else { 2 }))
        }
        _ => None,
    }
}

/// Decode the JSON string whose opening quote is at `src[at]`: its text with an exact map, and
/// the offset after its closing quote.
pub(crate) fn json_string(src: &str, at: usize) -> Result<(Text, usize), usize> {
    let mut text = Text::empty(Span::at(at));
    let mut p = at + 1;
    loop {
        let Some(rest) = src.get(p..) else {
            return Err(p);
        };
        let Some(c) = rest.chars().next() else {
            return Err(p);
        };
        match c {
            '"' => {
                text.token = Span::new(at, p + 1);
                return Ok((text, p + 1));
            }
            '\\' => {
                let Some((Some(value), len)) = decode_escape(rest, Escapes::Json) else {
                    return Err(p);
                };
                let mut buf = [0u8; 4];
                text.push_mapped(value.encode_utf8(&mut buf), (p, p + len));
                p += len;
            }
            c if (c as u32) < 0x20 => return Err(p),
            c => {
                let mut buf = [0u8; 4];
                text.push_mapped(c.encode_utf8(&mut buf), (p, p + c.len_utf8()));
                p += c.len_utf8();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_double_quoted_escapes_map_to_their_source() {
        let src = r#"x: "a\"b\u00e9c""#;
        let (map, _) = align(src, 4, "a\"béc", Escapes::YamlDouble).unwrap();
        assert_eq!(map[1], (5, 7)); // \" is two bytes
        assert_eq!(map[3], (8, 14)); // é (2 bytes) from \u00e9
        assert_eq!(map[5], (14, 15));
    }

    #[test]
    fn folded_lines_map_to_the_line_break() {
        let src = "  a\n  b\n";
        let (map, _) = align(src, 2, "a b", Escapes::None).unwrap();
        assert_eq!(map, vec![(2, 3), (3, 4), (6, 7)]);
    }

    #[test]
    fn a_disagreement_gives_none() {
        assert_eq!(align("abc", 0, "abd", Escapes::None), None);
    }

    #[test]
    fn json_surrogate_pairs_decode_to_one_character() {
        let (text, end) = json_string(r#""\ud83d\ude00x""#, 0).unwrap();
        assert_eq!(text.value, "😀x");
        assert_eq!(end, 15);
        assert_eq!(text.file_span(Span::new(4, 5)), Span::new(13, 14));
    }
}
