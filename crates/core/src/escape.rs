//! Quoting text for the languages gwlog writes (POSIX shell, JSON, YAML, HCL, regular
//! expressions): a leaf module,
//! used by the setup generators, the curl command and the sample-line synthesiser alike.
//!
//! Each function returns a complete literal (quotes included) that the target's own parser turns
//! back into exactly the input, byte for byte: a trailing newline, quotes, backslashes, `${`, `%{`,
//! commas and any Unicode survive. The access-log format goes through these, so a format that
//! works in the playground works once pasted.
//!
//! ```
//! use gwlog_core::escape::{hcl_quoted, shell_quoted, yaml_double_quoted};
//!
//! assert_eq!(shell_quoted("it's"), r#"'it'\''s'"#);
//! assert_eq!(yaml_double_quoted("a\n"), r#""a\n""#);
//! assert_eq!(hcl_quoted("${x} 100%{y}"), r#""$${x} 100%%{y}""#);
//! ```

use std::fmt::Write;

/// `text` as one POSIX shell word in single quotes: nothing inside is special, and each `'` is
/// written `'\''` (close, escaped quote, reopen). A NUL cannot be passed to a command at all, so
/// callers keep NUL out (JSON escapes it first).
pub fn shell_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push_str(r"'\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// `text` as a JSON string literal (RFC 8259): `"` and `\` escaped, control characters as `\n`,
/// `\t`, `\r` or `\u00XX`; everything else verbatim.
pub fn json_string(text: &str) -> String {
    quoted(text, |c, _next, out| match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        c if c < ' ' => push_short_escape(c, out),
        c => out.push(c),
    })
}

/// `text` as a YAML double-quoted scalar (YAML 1.1 and 1.2 agree on these escapes, and JSON's
/// are a subset of them). Besides `"`, `\` and control characters, this escapes what YAML does
/// not allow raw or may fold: DEL, the C1 controls, NEL (U+0085), the line and paragraph
/// separators (U+2028, U+2029), U+FEFF and the non-characters U+FFFE, U+FFFF. Never a
/// single-quoted scalar: there `'…\n'` is a backslash and an `n`, not a newline.
pub fn yaml_double_quoted(text: &str) -> String {
    quoted(text, |c, _next, out| match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        c if c < ' ' => push_short_escape(c, out),
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
            push_unicode_escape(c, out);
        }
        c => out.push(c),
    })
}

/// `text` as an HCL quoted template string (Terraform). Besides `"`, `\` and control characters,
/// the template introducers are escaped: `${` becomes `$${` and `%{` becomes `%%{`, so
/// `$context.requestId` stays as it is but `${…}` is never interpolated. A run of `$` before `{`
/// gets one more `$`: HCL's scanner reads `$$${` as `$` then `$${`, that is `$${`.
pub fn hcl_quoted(text: &str) -> String {
    quoted(text, |c, next, out| match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '$' if next == Some('{') => out.push_str("$$"),
        '%' if next == Some('{') => out.push_str("%%"),
        c if c < ' ' => push_short_escape(c, out),
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => push_unicode_escape(c, out),
        c => out.push(c),
    })
}

/// `"` + each character through `escape` (which sees the next character too) + `"`.
/// Whether `c` changes how the text around it looks without showing itself: the Unicode
/// direction controls (which can make `evil` display as `live`), zero-width characters, the
/// byte-order mark and the soft hyphen.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The name of a hidden character, for messages (`U+202E RIGHT-TO-LEFT OVERRIDE`).
pub fn hidden_name(c: char) -> String {
    let name = match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
        _ => "INVISIBLE CHARACTER",
    };
    format!("U+{:04X} {name}", u32::from(c))
}

/// `text` with every hidden character ([`is_hidden`]) replaced by a visible `⟨U+202E⟩`, so what
/// is shown is what is there. Text without one comes back borrowed.
///
/// ```
/// use gwlog_core::escape::reveal;
///
/// assert_eq!(reveal("\u{202E}live"), "⟨U+202E⟩live");
/// assert_eq!(reveal("plain"), "plain");
/// ```
pub fn reveal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` with every character that is special in a regular expression (Rust `regex` syntax)
/// backslash-escaped, so it matches itself.
pub fn regex_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '.'
                | '+'
                | '*'
                | '?'
                | '('
                | ')'
                | '|'
                | '['
                | ']'
                | '{'
                | '}'
                | '^'
                | '$'
                | '#'
                | '&'
                | '-'
                | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn quoted(text: &str, escape: impl Fn(char, Option<char>, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        escape(c, chars.peek().copied(), &mut out);
    }
    out.push('"');
    out
}

/// `\n`, `\t`, `\r`, or `\u00XX` for another control character below U+0020.
fn push_short_escape(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c => push_unicode_escape(c, out),
    }
}

/// `\uXXXX` for a character of the Basic Multilingual Plane (all callers' characters are).
fn push_unicode_escape(c: char, out: &mut String) {
    let _ = write!(out, "\\u{:04x}", u32::from(c));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undo [`shell_quoted`] the way a POSIX shell reads a word made of single-quoted parts and
    /// backslash-escaped characters.
    fn shell_unquote(word: &str) -> String {
        let mut out = String::new();
        let mut chars = word.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    for inner in chars.by_ref() {
                        if inner == '\'' {
                            break;
                        }
                        out.push(inner);
                    }
                }
                '\\' => out.extend(chars.next()),
                c => out.push(c),
            }
        }
        out
    }

    macro_rules! escapes {
        ($($name:ident: $f:ident($input:expr) == $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!($f($input), $expected);
            }
        )*};
    }

    escapes! {
        shell_plain_text_is_single_quoted: shell_quoted("a b") == "'a b'";
        shell_quote_closes_escapes_and_reopens: shell_quoted("a'b") == r"'a'\''b'";
        shell_keeps_dollar_backslash_and_newline: shell_quoted("$x\\\n") == "'$x\\\n'";
        json_escapes_quote_backslash_newline: json_string("\"\\\n") == r#""\"\\\n""#;
        json_escapes_other_controls_as_unicode: json_string("\u{1}") == r#""\u0001""#;
        json_keeps_unicode_and_commas: json_string("é,😀") == "\"é,😀\"";
        yaml_escapes_quote_and_trailing_newline: yaml_double_quoted("\"x\"\n") == r#""\"x\"\n""#;
        yaml_escapes_line_separator_and_nel: yaml_double_quoted("\u{2028}\u{85}") == r#""\u2028\u0085""#;
        yaml_escapes_del: yaml_double_quoted("\u{7f}") == r#""\u007f""#;
        hcl_escapes_interpolation: hcl_quoted("${a}") == r#""$${a}""#;
        hcl_escapes_directive: hcl_quoted("%{if}") == r#""%%{if}""#;
        hcl_leaves_context_variables_alone: hcl_quoted("$context.requestId 100%") == r#""$context.requestId 100%""#;
        hcl_adds_one_dollar_to_a_run_before_a_brace: hcl_quoted("$${") == r#""$$${""#;
        hcl_escapes_quote_backslash_tab: hcl_quoted("\"\\\t") == r#""\"\\\t""#;
    }

    #[test]
    fn shell_round_trips_quotes_and_newlines() {
        for text in ["", "'", "''", "a'b'c", "it's\n", "\\'\"$`"] {
            assert_eq!(shell_unquote(&shell_quoted(text)), text, "{text:?}");
        }
    }

    #[test]
    fn json_round_trips_through_serde_json() {
        let text = "\"\\\n\t\r\u{0}\u{1f}\u{7f}é😀\u{2028},";
        let parsed: String = serde_json::from_str(&json_string(text)).unwrap();
        assert_eq!(parsed, text);
    }
}
