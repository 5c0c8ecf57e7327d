//! The full Firehose HTTP-endpoint URL, as typed into a Firehose delivery stream: what Firehose
//! requires of it (`https://`, at most 1000 characters; AWS:
//! <https://docs.aws.amazon.com/firehose/latest/APIReference/API_HttpEndpointConfiguration.html>)
//! and whether it ends in OpenObserve's Firehose route, plus the redaction that keeps credentials
//! typed into a URL out of everything gwlog shows.

use super::url::parse_base;
use crate::diagnostic::{Code, Diagnostic, Span};

/// `text` with the userinfo of a URL (`user:password` before `@` in the authority) replaced by
/// one `*` per byte, so a password is never shown while byte offsets, and so the spans of
/// diagnostics about `text`, still line up. Text without userinfo comes back unchanged.
///
/// ```
/// use gwlog_core::openobserve::endpoint::redact_userinfo;
///
/// assert_eq!(
///     redact_userinfo("https://alice:pw@logs.example.com/aws"),
///     "https://********@logs.example.com/aws"
/// );
/// assert_eq!(redact_userinfo("https://logs.example.com/a@b"), "https://logs.example.com/a@b");
/// ```
pub fn redact_userinfo(text: &str) -> String {
    // Where the authority starts: after `scheme://`, after a malformed `http(s):` and its slashes,
    // or at the start (no scheme), the same readings as the URL checker's.
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let is_scheme = |scheme: &str| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    };
    let start = match rest.find("://").filter(|&i| is_scheme(&rest[..i])) {
        Some(i) => lead + i + 3,
        None => {
            match rest.split_once(':').filter(|(scheme, _)| {
                scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
            }) {
                Some((scheme, after)) => {
                    let after_slashes = after.trim_start_matches('/');
                    lead + scheme.len() + 1 + (after.len() - after_slashes.len())
                }
                None => lead,
            }
        }
    };
    // Exactly what the URL checker reads as userinfo, a secret holding `/`, `?` or `#` included.
    match super::url::userinfo_end(&text[start..]) {
        Some(at) => {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..start]);
            out.extend(std::iter::repeat_n('*', at));
            out.push_str(&text[start + at..]);
            out
        }
        None => text.to_owned(),
    }
}

/// The parts of [`parse_base`]'s findings that concern a base URL only, not a full one.
const BASE_ONLY_CODES: [Code; 4] = [
    Code::BaseUrlIsIngestionUrl,
    Code::BaseUrlUiPath,
    Code::BaseUrlApiPath,
    Code::UrlTrailingSlash,
];

/// A full Firehose endpoint URL: what [`parse_base`] checks (https, port 443, host, no
/// credentials, query or fragment), plus Firehose's `https://` prefix and 1000-character limit,
/// and OpenObserve's route shape.
pub fn check_endpoint_url(url: &str) -> Vec<Diagnostic> {
    if url.trim().is_empty() {
        return vec![Diagnostic::error(
            Code::UrlEmpty,
            0..url.len(),
            "The OpenObserve URL is missing: https://<host>/aws/<org>/<stream>/_kinesis_firehose.",
        )];
    }
    let mut found: Vec<Diagnostic> = parse_base(url)
        .diagnostics
        .into_iter()
        .filter(|d| !BASE_ONLY_CODES.contains(&d.code))
        .collect();
    let lead = url.len() - url.trim_start().len();
    let trimmed = url.trim();
    if !trimmed.starts_with("https://") && !found.iter().any(Diagnostic::is_error) {
        found.push(Diagnostic::error(
            Code::UrlNotHttps,
            Span::at(lead),
            "Firehose takes only URLs that start with https:// (lowercase): write it out.",
        ));
    }
    let length = trimmed.chars().count();
    if length > super::url::MAX_URL_LEN {
        found.push(Diagnostic::error(
            Code::UrlTooLong,
            lead..lead + trimmed.len(),
            format!(
                "Firehose accepts endpoint URLs of at most 1000 characters; this one has {length}."
            ),
        ));
    }
    let path = trimmed
        .strip_prefix("https://")
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("");
    let route = path.trim_end_matches('/');
    let slashes = path.len() - route.len();
    if slashes > 0 && is_firehose_route(route) {
        let end = lead + trimmed.len();
        found.push(Diagnostic::error(
            Code::UrlTrailingSlashAfterRoute,
            end - slashes..end,
            "Remove the '/' after _kinesis_firehose: Firehose sends the URL as written, and \
             OpenObserve's route <base>/aws/<org>/<stream>/_kinesis_firehose does not match it \
             with a trailing '/' (every request would fail).",
        ));
    } else if !is_firehose_route(path) {
        found.push(Diagnostic::warning(
            Code::UrlNotFirehoseRoute,
            lead..lead + trimmed.len(),
            "OpenObserve receives Firehose data at <base>/aws/<org>/<stream>/_kinesis_firehose; this \
             URL does not end that way. Keep it only if a proxy rewrites it to that route.",
        ));
    }
    found.sort_by_key(|d| d.span);
    found
}

/// Whether `path` ends with `/aws/<org>/<stream>/_kinesis_firehose`.
fn is_firehose_route(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    match segments.as_slice() {
        [.., aws, org, stream, last] => {
            *aws == "aws" && !org.is_empty() && !stream.is_empty() && *last == "_kinesis_firehose"
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! redacts {
        ($($name:ident: $input:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let redacted = redact_userinfo($input);
                assert_eq!(redacted, $expected);
                assert_eq!(redacted.len(), $input.len());
            }
        )*};
    }

    redacts! {
        redact_user_and_password: "https://alice:S3cr3tPass@h.example.com/aws" => "https://****************@h.example.com/aws";
        redact_keeps_text_without_userinfo: "https://h.example.com/aws/a@b" => "https://h.example.com/aws/a@b";
        redact_without_scheme: "alice:pw@h.example.com/x://y" => "********@h.example.com/x://y";
        redact_malformed_scheme: " https:/alice:pw@h.example.com" => " https:/********@h.example.com";
        redact_up_to_the_last_at: "https://a@b:c@h.example.com?q=@" => "https://*****@h.example.com?q=@";
        redact_multibyte_byte_for_byte: "https://é:ü@h" => "https://*****@h";
        redact_empty_text: "" => "";
        redact_a_secret_holding_a_hash: "https://root:pa#ss@h.example.com/aws" => "https://**********@h.example.com/aws";
    }
}
