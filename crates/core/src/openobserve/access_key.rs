//! The Firehose access key for OpenObserve: `base64(email:secret)`, and what stops it working.
//!
//! Firehose copies the configured key verbatim into `X-Amz-Firehose-Access-Key`. OpenObserve
//! decodes it with the standard base64 alphabet, requires UTF-8, splits the text on **every** `:`,
//! and takes part 0 as the email and part 1 as the secret (a password, the user's ingestion token,
//! or the org's ingestion token `o2oi_…`, for which the email is not checked). So a `:` in either
//! part can never authenticate, and a key without any `:` makes OpenObserve drop the connection
//! without a response.
//!
//! Secrets stay out of everything this module returns except the key itself: messages never quote
//! the inputs, and [`AccessKeyCheck`]'s `Debug` output hides the key.
//!
//! ```
//! use gwlog_core::openobserve::access_key::access_key;
//!
//! let checked = access_key("root@example.com", "Complexpass#123");
//! assert_eq!(checked.key.as_deref(), Some("cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM="));
//! ```

use crate::diagnostic::{Code, Diagnostic, Span};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use std::fmt;

/// The prefix of an OpenObserve organization ingestion token.
pub const ORG_TOKEN_PREFIX: &str = "o2oi_";

/// The longest access key Firehose accepts, in characters.
pub const MAX_KEY_LEN: usize = 4096;

/// Which input a diagnostic's span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyField {
    /// The email (user id).
    Email,
    /// The password or token.
    Secret,
    /// A ready-made access key, given to [`check_key`].
    Key,
}

/// A diagnostic about one input; its span is into that input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyDiagnostic {
    /// The input the span points into.
    pub field: KeyField,
    /// The finding. Its message never quotes the input.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// What [`access_key`] or [`check_key`] found.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct AccessKeyCheck {
    /// The access key, unless an error means it can never authenticate. It is a credential:
    /// show it to the user, never log it.
    pub key: Option<String>,
    /// Findings, each tagged with its input.
    pub diagnostics: Vec<KeyDiagnostic>,
}

impl fmt::Debug for AccessKeyCheck {
    /// Like a derived `Debug`, with the key replaced by its length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self
            .key
            .as_ref()
            .map(|k| format!("<hidden, {} characters>", k.len()));
        f.debug_struct("AccessKeyCheck")
            .field("key", &key)
            .field("diagnostics", &self.diagnostics)
            .finish()
    }
}

/// `base64_standard(email + ":" + secret)`, without any check: the raw encoding, for test vectors
/// and for callers that have already checked.
pub fn encode(email: &str, secret: &str) -> String {
    STANDARD.encode(format!("{email}:{secret}"))
}

/// Build the access key for `email` and `secret`, and say what would stop it authenticating.
pub fn access_key(email: &str, secret: &str) -> AccessKeyCheck {
    let mut diagnostics = Vec::new();
    let mut push = |field: KeyField, diagnostic: Diagnostic| {
        diagnostics.push(KeyDiagnostic { field, diagnostic });
    };
    let org_token = secret.starts_with(ORG_TOKEN_PREFIX);

    if email.is_empty() && org_token {
        // With an org ingestion token OpenObserve does not look the email up (docs/sources.md,
        // *OpenObserve access key*); that an empty one is accepted is inferred, not verified.
        push(
            KeyField::Email,
            Diagnostic::warning(
                Code::EmailEmpty,
                Span::at(0),
                "The email is empty. With an org ingestion token OpenObserve does not check it, \
                 but ingestion is reported under it (and an empty one is untested): give the \
                 address of the token's owner.",
            ),
        );
    } else if email.is_empty() {
        push(
            KeyField::Email,
            Diagnostic::error(
                Code::EmailEmpty,
                Span::at(0),
                "The email is missing: the key is 'email:secret', and OpenObserve reads the part \
                 before the first ':' as the email.",
            ),
        );
    }
    if let Some(at) = email.find(':') {
        push(
            KeyField::Email,
            Diagnostic::error(
                Code::EmailContainsColon,
                at..at + 1,
                "OpenObserve splits the key on every ':', so it would read the email as the text \
                 before this ':' and the secret as the text after it: this key never \
                 authenticates. Remove the ':' from the email.",
            ),
        );
    }
    if secret.is_empty() {
        push(
            KeyField::Secret,
            Diagnostic::error(
                Code::SecretEmpty,
                Span::at(0),
                "The secret is missing: OpenObserve refuses an empty password (401). Use the \
                 password, or the ingestion token shown under Data Sources.",
            ),
        );
    }
    if let Some(at) = secret.find(':') {
        push(
            KeyField::Secret,
            Diagnostic::error(
                Code::SecretContainsColon,
                at..at + 1,
                "OpenObserve splits the key on every ':' and keeps only the part of the secret \
                 before this ':', so this key never authenticates. Change the password to one \
                 without ':', or use an ingestion token.",
            ),
        );
    }
    for (field, text) in [(KeyField::Email, email), (KeyField::Secret, secret)] {
        for diagnostic in unusual_characters(text, field) {
            push(field, diagnostic);
        }
    }
    if org_token {
        push(
            KeyField::Secret,
            Diagnostic::info(
                Code::OrgIngestionToken,
                0..ORG_TOKEN_PREFIX.len(),
                "An organization ingestion token: OpenObserve accepts it for the org in the URL \
                 and does not check the email against its users (it only records who ingested).",
            ),
        );
    } else if !email.is_empty() && !email.contains(':') && !looks_like_email(email) {
        push(
            KeyField::Email,
            Diagnostic::warning(
                Code::EmailNotAnEmail,
                0..email.len(),
                "This does not look like an email address: OpenObserve checks the secret against \
                 the user with this email (such as root@example.com), unless the secret is an org \
                 ingestion token (o2oi_…).",
            ),
        );
    }

    let key = encode(email, secret);
    if key.len() > MAX_KEY_LEN {
        push(
            KeyField::Secret,
            Diagnostic::error(
                Code::AccessKeyTooLong,
                0..secret.len(),
                format!(
                    "The access key would be {} characters; Firehose accepts at most {MAX_KEY_LEN}.",
                    key.len()
                ),
            ),
        );
    }
    let key = if diagnostics.iter().any(|d| d.diagnostic.is_error()) {
        None
    } else {
        Some(key)
    };
    AccessKeyCheck { key, diagnostics }
}

/// Check a ready-made access key the way OpenObserve reads it. Spans point into `key`; faults
/// found in the decoded email or secret span the whole key (their positions are not shown).
pub fn check_key(key: &str) -> AccessKeyCheck {
    let fail = |diagnostics: Vec<Diagnostic>| AccessKeyCheck {
        key: None,
        diagnostics: diagnostics
            .into_iter()
            .map(|diagnostic| KeyDiagnostic {
                field: KeyField::Key,
                diagnostic,
            })
            .collect(),
    };
    if key.is_empty() {
        return fail(vec![Diagnostic::error(
            Code::AccessKeyEmpty,
            Span::at(0),
            "The access key is empty: OpenObserve answers 401. It is base64 of 'email:secret'.",
        )]);
    }
    let invisible: Vec<Diagnostic> = crate::diagnostic::char_runs(key, |c| !c.is_ascii_graphic())
        .into_iter()
        .map(|(start, end)| {
            Diagnostic::error(
                Code::AccessKeyNotVisibleAscii,
                start..end,
                "An access key is visible ASCII only: OpenObserve answers 401. Remove the space or \
                 line break (often pasted with the key).",
            )
        })
        .collect();
    if !invisible.is_empty() {
        return fail(invisible);
    }
    let whole = Span::new(0, key.len());
    if key.len() > MAX_KEY_LEN {
        return fail(vec![Diagnostic::error(
            Code::AccessKeyTooLong,
            MAX_KEY_LEN..key.len(),
            format!("Firehose accepts access keys of at most {MAX_KEY_LEN} characters; this one has {}.", key.len()),
        )]);
    }
    let Ok(decoded) = STANDARD.decode(key) else {
        let unpadded = key.len() % 4;
        let hint = if key.contains(['-', '_']) {
            " It uses the URL-safe alphabet ('-', '_'); OpenObserve needs the standard one ('+', '/')."
        } else if unpadded != 0 {
            " Its length is not a multiple of 4: the '=' padding may be missing."
        } else {
            ""
        };
        return fail(vec![Diagnostic::error(
            Code::AccessKeyNotBase64,
            whole,
            format!("This is not standard base64, so OpenObserve answers 401.{hint}"),
        )]);
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return fail(vec![Diagnostic::error(
            Code::AccessKeyNotUtf8,
            whole,
            "The decoded key is not UTF-8 text, so OpenObserve answers 401.",
        )]);
    };
    let Some((email, secret)) = text.split_once(':') else {
        return fail(vec![Diagnostic::error(
            Code::AccessKeyNoColon,
            whole,
            "The decoded key has no ':' between email and secret: OpenObserve fails on it and drops \
             the connection without any HTTP response (Firehose sees a network error and retries). \
             Encode 'email:secret'.",
        )]);
    };
    let mut checked = access_key(email, secret);
    for found in &mut checked.diagnostics {
        found.field = KeyField::Key;
        found.diagnostic.span = whole;
    }
    if checked.key.is_some() {
        checked.key = Some(key.to_owned());
    }
    checked
}

/// Warnings for whitespace, control and non-ASCII characters, one per run.
fn unusual_characters(text: &str, field: KeyField) -> Vec<Diagnostic> {
    let name = match field {
        KeyField::Email => "email",
        KeyField::Secret | KeyField::Key => "secret",
    };
    let invisible = crate::diagnostic::char_runs(text, |c| c.is_whitespace() || c.is_control())
        .into_iter()
        .map(|(s, e)| {
            Diagnostic::warning(
                Code::InvisibleCharacter,
                s..e,
                format!(
                "Whitespace or an invisible character in the {name} becomes part of the key: check \
                 it is meant to be there (a pasted space or line break is a common cause)."
            ),
            )
        });
    let non_ascii = crate::diagnostic::char_runs(text, |c| !c.is_ascii() && !c.is_whitespace() && !c.is_control())
        .into_iter()
        .map(|(s, e)| {
            Diagnostic::warning(
                Code::NonAsciiCharacter,
                s..e,
                format!(
                    "Non-ASCII characters in the {name} are sent as UTF-8: they match only if the \
                     account uses exactly the same characters (look-alike letters are a common trap)."
                ),
            )
        });
    let mut found: Vec<Diagnostic> = invisible.chain(non_ascii).collect();
    found.sort_by_key(|d| d.span);
    found
}

/// `local@domain.tld`, roughly: one `@`, something before it, a dotted domain after it.
fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(check: &AccessKeyCheck) -> Vec<&'static str> {
        check
            .diagnostics
            .iter()
            .map(|d| d.diagnostic.code.as_str())
            .collect()
    }

    // Example keys, one test each (docs/sources.md, *OpenObserve access key*): encoding is exact
    // whatever the verdict.
    #[test]
    fn encodes_the_documented_root_example() {
        assert_eq!(
            encode("root@example.com", "Complexpass#123"),
            "cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM="
        );
    }

    #[test]
    fn encodes_the_org_token_example() {
        assert_eq!(
            encode("alice@example.com", "o2oi_abc123"),
            "YWxpY2VAZXhhbXBsZS5jb206bzJvaV9hYmMxMjM="
        );
    }

    #[test]
    fn encodes_the_colon_in_password_example() {
        assert_eq!(
            encode("alice@example.com", "pa:ss#Word1"),
            "YWxpY2VAZXhhbXBsZS5jb206cGE6c3MjV29yZDE="
        );
    }

    #[test]
    fn encodes_the_empty_secret_example() {
        assert_eq!(encode("alice@example.com", ""), "YWxpY2VAZXhhbXBsZS5jb206");
    }

    #[test]
    fn password_key_is_built_without_findings() {
        let checked = access_key("root@example.com", "Complexpass#123");
        assert_eq!(
            checked.key.as_deref(),
            Some("cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=")
        );
        assert_eq!(checked.diagnostics, []);
    }

    #[test]
    fn org_token_is_noted_as_such() {
        let checked = access_key("alice@example.com", "o2oi_abc123");
        assert_eq!(
            checked.key.as_deref(),
            Some("YWxpY2VAZXhhbXBsZS5jb206bzJvaV9hYmMxMjM=")
        );
        assert_eq!(codes(&checked), ["org-ingestion-token"]);
        assert_eq!(checked.diagnostics[0].field, KeyField::Secret);
    }

    #[test]
    fn colon_in_secret_never_authenticates() {
        let checked = access_key("alice@example.com", "pa:ss#Word1");
        assert_eq!(checked.key, None);
        assert_eq!(codes(&checked), ["secret-contains-colon"]);
        assert_eq!(checked.diagnostics[0].diagnostic.span, Span::new(2, 3));
    }

    #[test]
    fn empty_secret_is_an_error() {
        let checked = access_key("alice@example.com", "");
        assert_eq!(checked.key, None);
        assert_eq!(codes(&checked), ["secret-empty"]);
    }

    #[test]
    fn empty_email_with_an_org_token_is_only_a_warning() {
        let checked = access_key("", "o2oi_abc123");
        assert!(checked.key.is_some());
        assert!(codes(&checked).contains(&"email-empty"));
    }

    #[test]
    fn empty_email_is_an_error() {
        assert_eq!(codes(&access_key("", "Complexpass#123")), ["email-empty"]);
    }

    #[test]
    fn colon_in_email_is_an_error() {
        let checked = access_key("alice:ops@example.com", "Complexpass#123");
        assert_eq!(codes(&checked), ["email-contains-colon"]);
        assert_eq!(checked.diagnostics[0].field, KeyField::Email);
        assert_eq!(checked.diagnostics[0].diagnostic.span, Span::new(5, 6));
    }

    #[test]
    fn trailing_newline_in_secret_is_a_warning_with_its_span() {
        let checked = access_key("root@example.com", "Complexpass#123\n");
        assert_eq!(codes(&checked), ["invisible-character"]);
        assert_eq!(checked.diagnostics[0].diagnostic.span, Span::new(15, 16));
        assert!(checked.key.is_some());
    }

    #[test]
    fn non_ascii_secret_is_a_warning() {
        let checked = access_key("root@example.com", "pässword");
        assert_eq!(codes(&checked), ["non-ascii-character"]);
        assert_eq!(checked.diagnostics[0].diagnostic.span, Span::new(1, 3));
    }

    #[test]
    fn user_name_that_is_not_an_email_is_a_warning() {
        let checked = access_key("admin", "Complexpass#123");
        assert_eq!(codes(&checked), ["email-not-an-email"]);
        assert!(checked.key.is_some());
    }

    #[test]
    fn email_is_not_judged_with_an_org_token() {
        assert_eq!(
            codes(&access_key("ingest", "o2oi_abc123")),
            ["org-ingestion-token"]
        );
    }

    #[test]
    fn messages_never_quote_the_secret() {
        let secret = "pa:ss word\u{e9}";
        let checked = access_key("alice@example.com", secret);
        for found in &checked.diagnostics {
            assert!(
                !found.diagnostic.message.contains("ss word"),
                "{}",
                found.diagnostic.message
            );
            assert!(
                !found.diagnostic.message.contains("pa:"),
                "{}",
                found.diagnostic.message
            );
        }
    }

    #[test]
    fn debug_output_hides_the_key() {
        let checked = access_key("root@example.com", "Complexpass#123");
        let shown = format!("{checked:?}");
        assert!(!shown.contains("cm9vd"), "{shown}");
        assert!(shown.contains("44 characters"), "{shown}");
    }

    #[test]
    fn serialises_key_and_fields() {
        let json = serde_json::to_value(access_key("alice@example.com", "o2oi_abc123")).unwrap();
        assert_eq!(json["key"], "YWxpY2VAZXhhbXBsZS5jb206bzJvaV9hYmMxMjM=");
        assert_eq!(json["diagnostics"][0]["field"], "secret");
        assert_eq!(json["diagnostics"][0]["severity"], "info");
    }

    #[test]
    fn key_longer_than_4096_is_an_error() {
        let checked = access_key("root@example.com", &"x".repeat(3100));
        assert_eq!(codes(&checked), ["access-key-too-long"]);
        assert_eq!(checked.key, None);
    }

    #[test]
    fn check_key_accepts_the_documented_key() {
        let checked = check_key("cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=");
        assert_eq!(checked.diagnostics, []);
        assert_eq!(
            checked.key.as_deref(),
            Some("cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=")
        );
    }

    #[test]
    fn check_key_finds_the_colon_in_the_password() {
        let checked = check_key("YWxpY2VAZXhhbXBsZS5jb206cGE6c3MjV29yZDE=");
        assert_eq!(codes(&checked), ["secret-contains-colon"]);
        assert_eq!(checked.diagnostics[0].field, KeyField::Key);
        assert_eq!(checked.diagnostics[0].diagnostic.span, Span::new(0, 40));
    }

    #[test]
    fn check_key_finds_the_empty_secret() {
        assert_eq!(
            codes(&check_key("YWxpY2VAZXhhbXBsZS5jb206")),
            ["secret-empty"]
        );
    }

    #[test]
    fn check_key_without_colon_drops_the_connection() {
        let checked = check_key("YWxpY2VAZXhhbXBsZS5jb20=");
        assert_eq!(codes(&checked), ["access-key-no-colon"]);
        assert!(checked.diagnostics[0]
            .diagnostic
            .message
            .contains("without any HTTP response"));
    }

    #[test]
    fn check_key_rejects_a_trailing_newline() {
        let checked = check_key("cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=\n");
        assert_eq!(codes(&checked), ["access-key-not-visible-ascii"]);
        assert_eq!(checked.diagnostics[0].diagnostic.span, Span::new(44, 45));
    }

    #[test]
    fn check_key_rejects_text_that_is_not_base64() {
        assert_eq!(
            codes(&check_key("root@example.com:pw")),
            ["access-key-not-base64"]
        );
    }

    #[test]
    fn check_key_explains_missing_padding() {
        let checked = check_key("YWxpY2VAZXhhbXBsZS5jb206bzJvaV9hYmMxMjM");
        assert!(checked.diagnostics[0]
            .diagnostic
            .message
            .contains("padding"));
    }

    #[test]
    fn check_key_rejects_an_empty_key() {
        assert_eq!(codes(&check_key("")), ["access-key-empty"]);
    }
}
