//! Kinesis Data Firehose delivery-stream names as API Gateway access-log destinations.
//!
//! A Firehose name is 1–64 characters of `[a-zA-Z0-9_.-]`. API Gateway adds one rule: the name must
//! begin with `amazon-apigateway-` (exactly that case), because its service-linked role may only
//! write to `deliverystream/amazon-apigateway-*`. That leaves 46 characters for the user's part.
//! Only REST APIs can log to Firehose; HTTP and WebSocket APIs log to CloudWatch Logs.
//!
//! ```
//! use gwlog_core::aws::firehose::check_stream_name;
//!
//! let checked = check_stream_name("apigw-prod");
//! assert_eq!(checked.name, "amazon-apigateway-apigw-prod");
//! assert_eq!(checked.remaining, 64 - 28);
//! ```

use super::regions::edit_distance;
use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Span};
use serde::Serialize;
use std::fmt;

/// The prefix API Gateway requires, case-sensitive.
pub const PREFIX: &str = "amazon-apigateway-";

/// The longest Firehose delivery-stream name, in characters.
pub const MAX_LEN: usize = 64;

/// Room left for the user's part after [`PREFIX`]: 46 characters.
pub const MAX_USER_PART_LEN: usize = MAX_LEN - PREFIX.len();

/// Typing at least this much of the prefix counts as "typing the prefix", not a user part.
const INCOMPLETE_PREFIX_MIN: usize = "amazon-".len();

/// What [`check_stream_name`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StreamNameCheck {
    /// The name gwlog would use: the input, with the prefix added when the user typed only their
    /// part, or with a mistyped prefix replaced. Usable only if `diagnostics` has no error.
    pub name: String,
    /// Characters left before the 64-character limit, counted on `name`; negative when over.
    pub remaining: i64,
    /// What is wrong or worth knowing, with spans into the input.
    pub diagnostics: Vec<Diagnostic>,
}

/// A delivery-stream name API Gateway accepts as an access-log destination: prefixed, 1–64
/// characters of `[a-zA-Z0-9_.-]`. Only [`StreamName::parse`] creates one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct StreamName(String);

impl StreamName {
    /// Accept `text` only if it is already a valid name: no prefix is added or fixed. The errors
    /// have spans into `text`.
    pub fn parse(text: &str) -> Result<StreamName, Vec<Diagnostic>> {
        let (name, diagnostics) = analyse(text, Mode::Strict);
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(diagnostics)
        } else {
            Ok(StreamName(name))
        }
    }

    /// The whole name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `amazon-apigateway-`.
    pub fn user_part(&self) -> &str {
        &self.0[PREFIX.len()..]
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for StreamName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Check a delivery-stream name typed for an API Gateway access-log destination.
///
/// Typing only your part (`apigw-prod`) is fine: the result's `name` gets the prefix, with a
/// warning saying so. A prefix in the wrong case or misspelled is an error, with the fixed name.
pub fn check_stream_name(input: &str) -> StreamNameCheck {
    let (name, diagnostics) = analyse(input, Mode::Lenient);
    let remaining = MAX_LEN as i64 - name.chars().count() as i64;
    StreamNameCheck {
        name,
        remaining,
        diagnostics,
    }
}

/// `None` when `api` can send access logs to Firehose (REST only), else the error explaining the
/// CloudWatch Logs route. The span is empty: the fault is the API type, not a text.
pub fn firehose_supported(api: ApiType) -> Option<Diagnostic> {
    match api {
        ApiType::Rest => None,
        ApiType::Http | ApiType::WebSocket => Some(Diagnostic::error(
            Code::FirehoseNotSupported,
            Span::default(),
            format!(
                "{} stages can send access logs only to CloudWatch Logs: Kinesis Data Firehose is an \
                 access-log destination for REST APIs only. Log to a CloudWatch Logs log group, then \
                 add a subscription filter that forwards it to a Firehose stream.",
                api.label()
            ),
        )),
    }
}

/// Whether the prefix may be added or fixed ([`check_stream_name`]) or must already be right
/// ([`StreamName::parse`], for names inside ARNs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lenient,
    Strict,
}

/// How the input starts, relative to [`PREFIX`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prefix {
    /// Exactly the prefix.
    Exact,
    /// The prefix in another case (`Amazon-APIGateway-`), input bytes `..18`.
    WrongCase,
    /// Something within two edits of the prefix, input bytes `..len`.
    Misspelled { len: usize },
    /// Only the start of the prefix (`amazon-apigateway`), nothing after it.
    Incomplete,
    /// No prefix at all: the input is the user's part.
    Missing,
}

/// The name to use and the diagnostics, for either mode.
fn analyse(input: &str, mode: Mode) -> (String, Vec<Diagnostic>) {
    let mut prefix = classify(input);
    if mode == Mode::Strict && prefix == Prefix::Incomplete {
        prefix = Prefix::Missing;
    }
    let user_offset = match prefix {
        Prefix::Exact | Prefix::WrongCase => PREFIX.len(),
        Prefix::Misspelled { len } => len,
        Prefix::Incomplete => input.len(),
        Prefix::Missing => 0,
    };
    let user = &input[user_offset..];
    let name = format!("{PREFIX}{user}");
    let mut diagnostics = Vec::new();
    let cdk = format!(
        "Firehose delivery stream name for access log destination must begin with \
         '{PREFIX}', got '{input}'"
    );
    match prefix {
        Prefix::Exact | Prefix::Incomplete => {}
        Prefix::WrongCase => diagnostics.push(Diagnostic::error(
            Code::StreamNamePrefixCase,
            0..PREFIX.len(),
            format!(
                "{cdk}. The prefix is case-sensitive: API Gateway's service-linked role may only \
                 write to 'deliverystream/{PREFIX}*'. Use '{name}'."
            ),
        )),
        Prefix::Misspelled { len } => diagnostics.push(Diagnostic::error(
            Code::StreamNamePrefixMisspelled,
            0..len,
            format!(
                "{cdk}. '{}' is not the prefix; did you mean '{name}'?",
                &input[..len]
            ),
        )),
        Prefix::Missing if input.is_empty() => {}
        Prefix::Missing => match mode {
            // Typing only your own part is how the playground asks for the name: a note, not a
            // warning about the input it invited.
            Mode::Lenient => diagnostics.push(Diagnostic::info(
                Code::StreamNameMissingPrefix,
                0..input.len(),
                format!(
                    "The stream is named '{name}': API Gateway needs the '{PREFIX}' prefix, and \
                     gwlog adds it."
                ),
            )),
            Mode::Strict => diagnostics.push(Diagnostic::error(
                Code::StreamNameMissingPrefix,
                0..input.len(),
                format!(
                    "{cdk}. API Gateway's service-linked role may only write to \
                     'deliverystream/{PREFIX}*': rename the stream to '{name}'."
                ),
            )),
        },
    }
    check_user_part(user, user_offset, &mut diagnostics);
    (name, diagnostics)
}

/// Where the input stands relative to the prefix.
fn classify(input: &str) -> Prefix {
    if input.starts_with(PREFIX) {
        return Prefix::Exact;
    }
    if input
        .get(..PREFIX.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(PREFIX))
    {
        return Prefix::WrongCase;
    }
    let lower = input.to_ascii_lowercase();
    if lower.len() >= INCOMPLETE_PREFIX_MIN && PREFIX.starts_with(&lower) {
        return Prefix::Incomplete;
    }
    // A near miss such as `amazon-api-gateway-` or `amazon-apigateway_`: the head of the input,
    // of any length near the prefix's, within two edits. Ties go to the head that is itself the
    // start of the prefix (`amazon-apigatewayprod` lacks the `-`: the `p` belongs to the user's
    // part) unless a separator stands where the `-` should (`amazon-apigateway_prod`), then to
    // the length nearest 18.
    let dash_replaced = lower
        .as_bytes()
        .get(PREFIX.len() - 1)
        .is_some_and(|b| !b.is_ascii_alphanumeric());
    let best = (PREFIX.len() - 3..=PREFIX.len() + 3)
        .filter(|&len| lower.is_char_boundary(len) && len <= lower.len())
        .map(|len| {
            let head = &lower[..len];
            let starts_the_prefix = if dash_replaced {
                0
            } else {
                edit_distance(head, &PREFIX[..len.min(PREFIX.len())])
            };
            (
                edit_distance(head, PREFIX),
                starts_the_prefix,
                len.abs_diff(PREFIX.len()),
                len,
            )
        })
        .min();
    match best {
        Some((distance, _, _, len)) if (1..=2).contains(&distance) => Prefix::Misspelled { len },
        _ => Prefix::Missing,
    }
}

/// The rules on the user's part: non-empty, allowed characters, at most 46 characters.
fn check_user_part(user: &str, offset: usize, diagnostics: &mut Vec<Diagnostic>) {
    if user.is_empty() {
        diagnostics.push(Diagnostic::error(
            Code::StreamNameEmptyUserPart,
            Span::at(offset),
            format!(
                "Add your own name after '{PREFIX}' (1 to {MAX_USER_PART_LEN} characters: letters, \
                 digits, '_', '.', '-')."
            ),
        ));
        return;
    }
    for (start, end) in crate::diagnostic::char_runs(user, |c| !is_name_char(c)) {
        let run = &user[start..end];
        let mut shown: Vec<String> = Vec::new();
        for c in run.chars() {
            let described = describe_char(c);
            if !shown.contains(&described) {
                shown.push(described);
            }
        }
        let why = if run.is_ascii() {
            ""
        } else {
            " (Firehose names are ASCII only)"
        };
        diagnostics.push(Diagnostic::error(
            Code::StreamNameInvalidCharacter,
            (offset + start)..(offset + end),
            format!(
                "{} not allowed in a Firehose stream name{why}: use letters, digits, '_', '.' or '-'.",
                capitalised(&join_described(&shown))
            ),
        ));
    }
    let count = user.chars().count();
    if count > MAX_USER_PART_LEN {
        let cut = user
            .char_indices()
            .nth(MAX_USER_PART_LEN)
            .map_or(user.len(), |(i, _)| i);
        let total = PREFIX.len() + count;
        diagnostics.push(Diagnostic::error(
            Code::StreamNameTooLong,
            (offset + cut)..(offset + user.len()),
            format!(
                "Firehose stream names are at most {MAX_LEN} characters, so {MAX_USER_PART_LEN} after \
                 '{PREFIX}'; this one has {total}: remove {}.",
                plural(total - MAX_LEN, "character")
            ),
        ));
    }
}

/// Whether `c` may appear in a Firehose delivery-stream name.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// A character as a message shows it: quoted when visible, named or as `U+XXXX` otherwise.
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("U+{:04X}", c as u32),
        c => format!("'{c}'"),
    }
}

/// `text` with its first letter uppercased, to start a sentence.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`, followed by the right verb.
fn join_described(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("{one} is"),
        [rest @ .., last] => format!("{} and {last} are", rest.join(", ")),
    }
}

/// `1 character`, `2 characters`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_dash_after_the_prefix_keeps_the_users_part_whole() {
        assert_eq!(
            check_stream_name("amazon-apigatewayprod").name,
            "amazon-apigateway-prod"
        );
    }
    use crate::diagnostic::Severity;

    fn codes(check: &StreamNameCheck) -> Vec<&'static str> {
        check.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn prefixed_name_is_ok() {
        let checked = check_stream_name("amazon-apigateway-prod");
        assert_eq!(checked.diagnostics, []);
        assert_eq!(checked.name, "amazon-apigateway-prod");
        assert_eq!(checked.remaining, 42);
    }

    #[test]
    fn uppercase_dot_and_underscore_are_allowed() {
        assert_eq!(
            check_stream_name("amazon-apigateway-MyAPI.v2_logs").diagnostics,
            []
        );
    }

    #[test]
    fn typing_only_your_own_part_gets_the_prefix_with_a_note_not_a_warning() {
        let checked = check_stream_name("apigw-prod");
        assert_eq!(checked.name, "amazon-apigateway-apigw-prod");
        assert_eq!(codes(&checked), ["stream-name-missing-prefix"]);
        let note = &checked.diagnostics[0];
        assert_eq!(note.severity, Severity::Info);
        assert!(note.message.contains("'amazon-apigateway-apigw-prod'"));
    }

    #[test]
    fn prefix_in_another_case_is_an_error_that_explains_case() {
        let checked = check_stream_name("Amazon-APIGateway-prod");
        assert_eq!(codes(&checked), ["stream-name-prefix-case"]);
        let error = &checked.diagnostics[0];
        assert!(error.is_error());
        assert_eq!(error.span, Span::new(0, 18));
        assert!(error.message.contains("case-sensitive"));
        assert_eq!(checked.name, "amazon-apigateway-prod");
    }

    #[test]
    fn misspelled_prefix_is_an_error_with_the_fixed_name() {
        let checked = check_stream_name("amazon-api-gateway-prod");
        assert_eq!(codes(&checked), ["stream-name-prefix-misspelled"]);
        assert_eq!(checked.diagnostics[0].span, Span::new(0, 19));
        assert_eq!(checked.name, "amazon-apigateway-prod");
    }

    #[test]
    fn prefix_with_underscore_is_misspelled() {
        let checked = check_stream_name("amazon_apigateway_prod");
        assert_eq!(codes(&checked), ["stream-name-prefix-misspelled"]);
        assert_eq!(checked.name, "amazon-apigateway-prod");
    }

    #[test]
    fn prefix_alone_has_an_empty_user_part() {
        let checked = check_stream_name("amazon-apigateway-");
        assert_eq!(codes(&checked), ["stream-name-empty-user-part"]);
        assert_eq!(checked.diagnostics[0].span, Span::at(18));
        assert_eq!(checked.remaining, 46);
    }

    #[test]
    fn half_typed_prefix_is_not_taken_as_a_user_part() {
        let checked = check_stream_name("amazon-apigate");
        assert_eq!(checked.name, "amazon-apigateway-");
        assert_eq!(codes(&checked), ["stream-name-empty-user-part"]);
    }

    #[test]
    fn empty_input_asks_for_a_user_part() {
        let checked = check_stream_name("");
        assert_eq!(checked.name, "amazon-apigateway-");
        assert_eq!(codes(&checked), ["stream-name-empty-user-part"]);
        assert_eq!(checked.remaining, 46);
    }

    #[test]
    fn forty_six_character_user_part_fills_64() {
        let checked = check_stream_name(&format!("amazon-apigateway-{}", "a".repeat(46)));
        assert_eq!(checked.diagnostics, []);
        assert_eq!(checked.remaining, 0);
    }

    #[test]
    fn forty_seven_character_user_part_is_one_too_many() {
        let input = format!("amazon-apigateway-{}", "a".repeat(47));
        let checked = check_stream_name(&input);
        assert_eq!(codes(&checked), ["stream-name-too-long"]);
        assert_eq!(checked.diagnostics[0].span, Span::new(64, 65));
        assert!(checked.diagnostics[0].message.contains("65"));
        assert_eq!(checked.remaining, -1);
    }

    #[test]
    fn too_long_span_counts_the_added_prefix() {
        let checked = check_stream_name(&"b".repeat(50));
        assert_eq!(
            codes(&checked),
            ["stream-name-missing-prefix", "stream-name-too-long"]
        );
        assert_eq!(checked.diagnostics[1].span, Span::new(46, 50));
        assert_eq!(checked.remaining, -4);
    }

    #[test]
    fn space_is_an_invalid_character_with_its_span() {
        let checked = check_stream_name("amazon-apigateway-my logs");
        assert_eq!(codes(&checked), ["stream-name-invalid-character"]);
        assert_eq!(checked.diagnostics[0].span, Span::new(20, 21));
        assert!(checked.diagnostics[0]
            .message
            .starts_with("A space is not allowed"));
    }

    #[test]
    fn non_ascii_is_an_invalid_character() {
        let checked = check_stream_name("amazon-apigateway-café");
        assert_eq!(codes(&checked), ["stream-name-invalid-character"]);
        assert_eq!(checked.diagnostics[0].span, Span::new(21, 23));
        assert!(checked.diagnostics[0].message.contains("ASCII"));
    }

    #[test]
    fn a_run_of_invalid_characters_is_one_diagnostic() {
        let checked = check_stream_name("amazon-apigateway-a /b");
        assert_eq!(checked.diagnostics.len(), 1);
        assert_eq!(checked.diagnostics[0].span, Span::new(19, 21));
        assert!(checked.diagnostics[0]
            .message
            .starts_with("A space and '/' are not allowed"));
    }

    #[test]
    fn remaining_counts_characters_not_bytes() {
        assert_eq!(check_stream_name("amazon-apigateway-é").remaining, 64 - 19);
    }

    #[test]
    fn strict_parse_accepts_a_valid_name() {
        let name = StreamName::parse("amazon-apigateway-prod").unwrap();
        assert_eq!(name.as_str(), "amazon-apigateway-prod");
        assert_eq!(name.user_part(), "prod");
    }

    #[test]
    fn strict_parse_rejects_a_missing_prefix() {
        let errors = StreamName::parse("testStream").unwrap_err();
        assert_eq!(errors[0].code, "stream-name-missing-prefix");
        assert!(errors[0].is_error());
    }

    #[test]
    fn strict_parse_rejects_a_prefix_without_its_dash() {
        let errors = StreamName::parse("amazon-apigateway").unwrap_err();
        assert_eq!(errors[0].code, "stream-name-missing-prefix");
    }

    #[test]
    fn rest_apis_can_log_to_firehose() {
        assert_eq!(firehose_supported(ApiType::Rest), None);
    }

    #[test]
    fn http_apis_cannot_log_to_firehose() {
        let error = firehose_supported(ApiType::Http).unwrap();
        assert_eq!(error.code, "firehose-not-supported");
        assert!(error.message.starts_with("HTTP API"));
        assert!(error.message.contains("CloudWatch Logs"));
        assert!(error.message.contains("subscription filter"));
    }

    #[test]
    fn websocket_apis_cannot_log_to_firehose() {
        assert!(firehose_supported(ApiType::WebSocket).unwrap().is_error());
    }
}
