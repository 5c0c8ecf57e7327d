//! The name OpenObserve stores a stream under, given the name in the ingestion URL.
//!
//! OpenObserve's `format_stream_name` (default settings): every run of characters outside
//! `[a-zA-Z0-9_:]`, any non-ASCII character included, becomes one `_`; then ASCII letters are
//! lowercased (`ZO_FORMAT_STREAM_NAME_TO_LOWERCASE=true`). An empty name is rejected with 400
//! `Stream name is empty`. There is no length limit on ingest. With
//! `ZO_SKIP_FORMAT_STREAM_NAME=true`, a stream that already has a schema keeps its name verbatim;
//! this module models the defaults.
//!
//! ```
//! use gwlog_core::openobserve::stream_name::normalize;
//!
//! assert_eq!(normalize("amazon-apigateway-MyAPI"), "amazon_apigateway_myapi");
//! ```

use crate::diagnostic::{Code, Diagnostic, Span};
use serde::Serialize;

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StreamNameCheck {
    /// The name OpenObserve stores the stream under (empty when the input is).
    pub stored: String,
    /// An error for an empty name; a warning when the stored name differs from the input.
    pub diagnostics: Vec<Diagnostic>,
}

/// The stored name for `name`, exactly as OpenObserve formats it with default settings.
///
/// Only an empty input gives an empty result (a run of other characters becomes `_`, never
/// nothing); OpenObserve rejects that one, see [`check`].
pub fn normalize(name: &str) -> String {
    let mut stored = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            stored.push(c.to_ascii_lowercase());
            in_run = false;
        } else if !in_run {
            stored.push('_');
            in_run = true;
        }
    }
    stored
}

/// [`normalize`], with the diagnostics a user should see: an empty name is an error (OpenObserve
/// answers 400 `Stream name is empty`), and a name that OpenObserve changes gets a warning showing
/// both, spanning the whole input.
pub fn check(name: &str) -> StreamNameCheck {
    let stored = normalize(name);
    let mut diagnostics = Vec::new();
    if name.is_empty() {
        diagnostics.push(Diagnostic::error(
            Code::StreamNameEmpty,
            Span::at(0),
            "The stream name is empty: OpenObserve rejects the request (400 Stream name is empty). \
             Use a name such as apigw.",
        ));
    } else if stored != name {
        diagnostics.push(Diagnostic::warning(
            Code::StreamNameNormalised,
            0..name.len(),
            format!(
                "OpenObserve stores '{name}' as '{stored}' (runs of characters other than letters, \
                 digits, '_' and ':' become '_', then lowercase): search and build dashboards on \
                 '{stored}', or use that name in the URL."
            ),
        ));
    }
    StreamNameCheck {
        stored,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! stored_as {
        ($($test:ident: $input:literal => $stored:literal;)*) => {$(
            #[test]
            fn $test() {
                assert_eq!(normalize($input), $stored);
            }
        )*};
    }

    stored_as! {
        spaces_and_punctuation_become_underscores: "stream-name with spaces!" => "stream_name_with_spaces_";
        mixed_case_is_lowercased: "My-Stream Name!" => "my_stream_name_";
        dash_becomes_underscore: "cloudwatch-logs" => "cloudwatch_logs";
        firehose_style_name_is_lowercased: "amazon-apigateway-MyAPI" => "amazon_apigateway_myapi";
        a_run_of_separators_is_one_underscore: "my..stream  name" => "my_stream_name";
        colon_is_kept: "ns:Stream_1" => "ns:stream_1";
        non_ascii_letter_is_replaced: "ÄPI-gw" => "_pi_gw";
        parentheses_and_space_collapse: "API GW (prod)" => "api_gw_prod_";
        a_valid_name_is_unchanged: "apigw" => "apigw";
        empty_stays_empty: "" => "";
    }

    #[test]
    fn non_ascii_run_next_to_punctuation_is_one_underscore() {
        assert_eq!(normalize("a-é-b"), "a_b");
    }

    #[test]
    fn check_rejects_an_empty_name() {
        let checked = check("");
        assert_eq!(checked.diagnostics[0].code, "stream-name-empty");
        assert!(checked.diagnostics[0].is_error());
    }

    #[test]
    fn check_warns_when_the_stored_name_differs_and_shows_both() {
        let checked = check("amazon-apigateway-MyAPI");
        assert_eq!(checked.stored, "amazon_apigateway_myapi");
        let warning = &checked.diagnostics[0];
        assert_eq!(warning.code, "stream-name-normalised");
        assert!(warning.message.contains("'amazon-apigateway-MyAPI'"));
        assert!(warning.message.contains("'amazon_apigateway_myapi'"));
    }

    #[test]
    fn check_is_silent_for_a_name_stored_as_is() {
        assert_eq!(check("default").diagnostics, []);
    }
}
