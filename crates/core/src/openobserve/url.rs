//! The Firehose HTTP-endpoint URL for OpenObserve, and what would stop Firehose delivering to it.
//!
//! OpenObserve's Firehose route is `POST {ZO_BASE_URI}/aws/{org}/{stream}/_kinesis_firehose`, at
//! the root of the server (not under `/api`). Firehose accepts only `https://` URLs on port 443, at
//! most 1000 characters, and sends the URL exactly as configured. OpenObserve Cloud's API host is
//! `https://api.openobserve.ai` (its web UI is `cloud.openobserve.ai`); there, the org in the URL is
//! the organization identifier shown under Data Sources.
//!
//! The base URL is parsed here by hand (`scheme://host[:port][/path]`): every fault becomes a
//! diagnostic tagged with the input it concerns ([`Field`]), and the URL is still built, best
//! effort, so the user sees what it would be.
//!
//! ```
//! use gwlog_core::openobserve::url::{ingestion_url, Base};
//!
//! let base = Base::SelfHosted("https://logs.example.com".into());
//! let checked = ingestion_url(&base, Some("acme"), "amazon-apigateway-MyAPI");
//! assert_eq!(checked.url, "https://logs.example.com/aws/acme/amazon-apigateway-MyAPI/_kinesis_firehose");
//! assert_eq!(checked.stream, "amazon_apigateway_myapi");
//! ```

use super::stream_name;
use crate::diagnostic::{Code, Diagnostic, Span};
use serde::Serialize;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// OpenObserve Cloud's API base URL (from OpenObserve's Kinesis Firehose ingestion docs).
pub const CLOUD_BASE_URL: &str = "https://api.openobserve.ai";

/// The host of [`CLOUD_BASE_URL`].
pub const CLOUD_API_HOST: &str = "api.openobserve.ai";

/// OpenObserve Cloud's web UI host, which is not the ingestion host.
pub const CLOUD_UI_HOST: &str = "cloud.openobserve.ai";

/// The org used when none is given: the first org of a self-hosted OpenObserve.
pub const DEFAULT_ORG: &str = "default";

/// The longest URL Firehose accepts, in characters.
pub const MAX_URL_LEN: usize = 1000;

/// Where OpenObserve runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Base {
    /// OpenObserve Cloud, at [`CLOUD_BASE_URL`].
    Cloud,
    /// A self-hosted server: `https://host[:port][/ZO_BASE_URI]`, as typed.
    SelfHosted(String),
}

impl Base {
    /// A command-line `--base` value: `cloud` (any case) means [`Base::Cloud`], anything else is a
    /// self-hosted base URL.
    pub fn from_arg(text: &str) -> Base {
        if text.eq_ignore_ascii_case("cloud") {
            Base::Cloud
        } else {
            Base::SelfHosted(text.to_owned())
        }
    }
}

/// Which input a diagnostic is about, so the UI can highlight the right box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The base URL; spans are into the typed base URL.
    Base,
    /// The org; spans are into the typed org.
    Org,
    /// The stream name; spans are into the typed stream name.
    Stream,
    /// The resulting URL; spans are into [`UrlCheck::url`].
    Url,
}

/// A diagnostic about one input of [`ingestion_url`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlDiagnostic {
    /// The input the span points into.
    pub field: Field,
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// What [`ingestion_url`] built. Serialises as `{"url", "stream", "diagnostics": [{"field", …}]}`,
/// the `gwlog url --json` contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlCheck {
    /// The Firehose HTTP endpoint URL, built even when there are errors (it is then only what the
    /// input would give).
    pub url: String,
    /// The stream name OpenObserve stores the data under.
    pub stream: String,
    /// The org used in the URL (`default` when none was given).
    #[serde(skip)]
    pub org: String,
    /// The server's base URL (scheme, host, `ZO_BASE_URI`), where its management API lives
    /// (`<base>/api/{org}/…`).
    #[serde(skip)]
    pub base: String,
    /// Findings, each tagged with its input.
    pub diagnostics: Vec<UrlDiagnostic>,
}

/// A base URL taken apart and normalised (lowercase scheme, no userinfo, query, fragment or
/// trailing `/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrl {
    /// `https` (or whatever was typed, lowercased; a missing scheme becomes `https`).
    pub scheme: String,
    /// The host as typed (an IPv6 address keeps its brackets); empty when missing.
    pub host: String,
    /// The port, when one was given and is a number.
    pub port: Option<u16>,
    /// The path (`ZO_BASE_URI`): empty, or starting with `/` and not ending with one.
    pub path: String,
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        f.write_str(&self.path)
    }
}

/// What [`parse_base`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseCheck {
    /// The normalised base, best effort.
    pub base: BaseUrl,
    /// Findings, with spans into the typed base URL.
    pub diagnostics: Vec<Diagnostic>,
}

/// Build `<base>/aws/<org>/<stream>/_kinesis_firehose` and check everything Firehose and
/// OpenObserve need from it. `org` defaults to `default`; the stream goes into the URL as typed,
/// and [`UrlCheck::stream`] is the name OpenObserve stores it under.
pub fn ingestion_url(base: &Base, org: Option<&str>, stream: &str) -> UrlCheck {
    let mut diagnostics = Vec::new();
    let mut tag = |field: Field, found: Vec<Diagnostic>| {
        diagnostics.extend(
            found
                .into_iter()
                .map(|diagnostic| UrlDiagnostic { field, diagnostic }),
        );
    };

    let (base_url, cloud) = match base {
        Base::Cloud => (CLOUD_BASE_URL.to_owned(), true),
        Base::SelfHosted(text) => {
            let checked = parse_base(text);
            let cloud = checked.base.host.eq_ignore_ascii_case(CLOUD_API_HOST);
            tag(Field::Base, checked.diagnostics);
            (checked.base.to_string(), cloud)
        }
    };

    let (org, org_findings) = resolve_org(org);
    tag(Field::Org, org_findings);
    if cloud && org == DEFAULT_ORG {
        tag(
            Field::Org,
            vec![Diagnostic::warning(
                Code::CloudOrgIdentifier,
                Span::new(0, org.len()),
                "On OpenObserve Cloud the org in the URL is your organization identifier (a \
                 generated id shown under Data Sources), not 'default'.",
            )],
        );
    }

    let stored = stream_name::check(stream);
    tag(Field::Stream, stored.diagnostics);
    tag(Field::Stream, check_segment(stream, "stream"));

    let url = format!("{base_url}/aws/{org}/{stream}/_kinesis_firehose");
    let length = url.chars().count();
    if length > MAX_URL_LEN {
        let cut = url
            .char_indices()
            .nth(MAX_URL_LEN)
            .map_or(url.len(), |(i, _)| i);
        tag(
            Field::Url,
            vec![Diagnostic::error(
                Code::UrlTooLong,
                cut..url.len(),
                format!(
                    "Firehose accepts endpoint URLs of at most {MAX_URL_LEN} characters; this one has \
                     {length}. Shorten the org, stream or base path."
                ),
            )],
        );
    }
    UrlCheck {
        url,
        stream: stored.stored,
        org: org.to_owned(),
        base: base_url,
        diagnostics,
    }
}

/// Where userinfo ends in the text after `scheme://`: the offset of its `@`. That is the last `@`
/// of the authority, or, when a secret holding `/`, `?` or `#` cut the authority short
/// (`https://root:pa#ss@o2.example.com`), an `@` further on that is followed by a dotted host
/// name, which no base path, query or fragment of an ingestion URL has.
pub fn userinfo_end(rest: &str) -> Option<usize> {
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if let Some(at) = rest[..authority_end].rfind('@') {
        return Some(at);
    }
    rest.match_indices('@').map(|(at, _)| at).find(|&at| {
        let after = &rest[at + 1..];
        let host = &after[..after.find(['/', '?', '#', ':']).unwrap_or(after.len())];
        host.contains('.')
            && !host.starts_with('.')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    })
}

/// Take a self-hosted base URL apart, normalise it and report every fault, with spans into `text`.
pub fn parse_base(text: &str) -> BaseCheck {
    let mut d = Vec::new();
    let mut base = BaseUrl {
        scheme: "https".to_owned(),
        host: String::new(),
        port: None,
        path: String::new(),
    };

    let lead = text.len() - text.trim_start().len();
    let s = text.trim();
    if s.is_empty() {
        d.push(Diagnostic::error(
            Code::BaseUrlEmpty,
            0..text.len(),
            "The base URL is missing: https://<host>, plus ZO_BASE_URI if the server sets one.",
        ));
        return BaseCheck {
            base,
            diagnostics: d,
        };
    }
    let tail = lead + s.len();
    for span in [Span::new(0, lead), Span::new(tail, text.len())] {
        if !span.is_empty() {
            d.push(Diagnostic::warning(
                Code::UrlSurroundingWhitespace,
                span,
                "Whitespace around the URL removed (Firehose would send it as part of the URL).",
            ));
        }
    }

    // Scheme.
    let (rest, at) = match s.find("://").filter(|&i| is_scheme(&s[..i])) {
        Some(i) => {
            base.scheme = s[..i].to_ascii_lowercase();
            if base.scheme != "https" {
                let why = if base.scheme == "http" {
                    "Firehose delivers only to https:// endpoints (port 443): put TLS in front of \
                     OpenObserve and use https://."
                        .to_owned()
                } else {
                    format!(
                        "'{}' is not https: Firehose delivers only to https:// endpoints.",
                        &s[..i]
                    )
                };
                d.push(Diagnostic::error(Code::UrlNotHttps, lead..lead + i, why));
            }
            (&s[i + 3..], lead + i + 3)
        }
        None => match s.split_once(':').filter(|(scheme, _)| {
            scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
        }) {
            Some((scheme, after)) => {
                d.push(Diagnostic::error(
                    Code::UrlMalformedScheme,
                    lead..lead + scheme.len() + 1,
                    format!(
                        "Write '{}://' with two slashes.",
                        scheme.to_ascii_lowercase()
                    ),
                ));
                base.scheme = scheme.to_ascii_lowercase();
                let trimmed = after.trim_start_matches('/');
                (trimmed, tail - trimmed.len())
            }
            None => {
                d.push(Diagnostic::warning(
                    Code::UrlSchemeAdded,
                    Span::at(lead),
                    "No scheme: gwlog uses https://, the only one Firehose accepts.",
                ));
                (s, lead)
            }
        },
    };

    // Authority: [userinfo@]host[:port], where the userinfo may hold a `/`, `?` or `#` of a
    // pasted secret (see `userinfo_end`).
    let mut rest = rest;
    let mut host_at = at;
    if let Some(i) = userinfo_end(rest) {
        d.push(Diagnostic::error(
            Code::UrlUserinfo,
            at..at + i + 1,
            "Never put credentials in the URL: Firehose sends the access key in the \
             X-Amz-Firehose-Access-Key header, the only one OpenObserve reads. Remove the part up \
             to '@'.",
        ));
        rest = &rest[i + 1..];
        host_at = at + i + 1;
    }
    let at = host_at;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let (host, port) = split_host_port(authority);
    base.host = host.to_owned();
    if host.is_empty() {
        d.push(Diagnostic::error(
            Code::UrlMissingHost,
            Span::at(host_at),
            "The URL has no host: https://<host>[/ZO_BASE_URI].",
        ));
    } else {
        check_host(host, host_at, &mut d);
    }
    if let Some(port) = port {
        let port_at = host_at + host.len() + 1;
        let span = Span::new(port_at - 1, port_at + port.len());
        let digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
        match port.parse::<u16>().ok().filter(|_| digits) {
            Some(443) => base.port = Some(443),
            Some(number) => {
                base.port = Some(number);
                d.push(Diagnostic::error(
                    Code::UrlPortNot443,
                    span,
                    format!(
                        "Firehose delivers only to port 443, not {number}. OpenObserve listens on \
                         ZO_HTTP_PORT (5080 by default): put a TLS front end (load balancer or \
                         reverse proxy) on 443 and use its URL without a port."
                    ),
                ));
            }
            None => d.push(Diagnostic::error(
                Code::UrlInvalidPort,
                span,
                "The port after ':' must be a number; Firehose needs 443 (or no port).",
            )),
        }
    }

    // Path, query, fragment.
    let path_at = at + authority_end;
    let after_authority = &rest[authority_end..];
    let path_len = after_authority
        .find(['?', '#'])
        .unwrap_or(after_authority.len());
    let mut path = &after_authority[..path_len];
    let suffix = &after_authority[path_len..];
    if let Some(query) = suffix.strip_prefix('?') {
        let query_len = query.find('#').map_or(suffix.len(), |i| i + 1);
        d.push(Diagnostic::error(
            Code::UrlQuery,
            path_at + path_len..path_at + path_len + query_len,
            "Remove the query string: the ingestion path is appended to the base URL, so '?…' \
             would end up in the middle of it (and keys never belong in URLs).",
        ));
    }
    if let Some(i) = suffix.find('#') {
        d.push(Diagnostic::error(
            Code::UrlFragment,
            path_at + path_len + i..tail,
            "Remove the '#…' fragment: it is never sent to the server, and the ingestion path would \
             be appended after it.",
        ));
    }
    for (start, end) in crate::diagnostic::char_runs(path, |c| class(c) == CharClass::Invalid) {
        d.push(Diagnostic::error(
            Code::UrlInvalidCharacter,
            path_at + start..path_at + end,
            "Not allowed in a URL path: use letters, digits and '-', '.', '_', '~', '/'.",
        ));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() != path.len() {
        d.push(Diagnostic::info(
            Code::UrlTrailingSlash,
            path_at + trimmed.len()..path_at + path.len(),
            "Trailing '/' removed: the ingestion path is appended as /aws/…, and ZO_BASE_URI has no \
             trailing '/'.",
        ));
        path = trimmed;
    }
    if let Some(i) = path
        .find("/aws/")
        .filter(|_| path.contains("_kinesis_firehose"))
    {
        d.push(Diagnostic::error(
            Code::BaseUrlIsIngestionUrl,
            path_at + i..path_at + path.len(),
            "This is already an ingestion URL: give only the base (https://<host>, plus ZO_BASE_URI \
             if set), and the org and stream separately.",
        ));
        path = &path[..i];
    } else if let Some(i) = find_segment(path, "web") {
        d.push(Diagnostic::warning(
            Code::BaseUrlUiPath,
            path_at + i..path_at + path.len(),
            "'/web…' is OpenObserve's web UI, not the API base: removed. Keep only ZO_BASE_URI, if \
             the server sets one.",
        ));
        path = &path[..i];
    } else if path.ends_with("/api") {
        d.push(Diagnostic::warning(
            Code::BaseUrlApiPath,
            path_at + path.len() - 4..path_at + path.len(),
            "The Firehose route is not under /api: it is {ZO_BASE_URI}/aws/{org}/{stream}/_kinesis_firehose. \
             Remove '/api' unless it is your ZO_BASE_URI.",
        ));
    }
    base.path = path.to_owned();
    d.sort_by_key(|d| d.span);
    BaseCheck {
        base,
        diagnostics: d,
    }
}

/// `[A-Za-z][A-Za-z0-9+.-]*`
fn is_scheme(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
}

/// Host and optional port text; an IPv6 literal keeps its brackets.
fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        if let Some(close) = authority.find(']') {
            let (host, rest) = authority.split_at(close + 1);
            return (host, rest.strip_prefix(':'));
        }
    }
    match authority.rfind(':') {
        Some(i) => (&authority[..i], Some(&authority[i + 1..])),
        None => (authority, None),
    }
}

/// Host characters, and hosts Firehose cannot reach or that are not the ingestion host.
fn check_host(host: &str, at: usize, d: &mut Vec<Diagnostic>) {
    if !host.starts_with('[') {
        for (start, end) in crate::diagnostic::char_runs(host, |c| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == '.')
        }) {
            let message = if host[start..end].is_ascii() {
                "Not allowed in a host name: use letters, digits, '-' and '.'."
            } else {
                "Not allowed in a host name: use the ASCII (punycode, xn--…) form of the domain."
            };
            d.push(Diagnostic::error(
                Code::UrlInvalidHost,
                at + start..at + end,
                message,
            ));
        }
    }
    let span = Span::new(at, at + host.len());
    if host.eq_ignore_ascii_case(CLOUD_UI_HOST) {
        d.push(Diagnostic::warning(
            Code::UrlCloudUiHost,
            span,
            format!(
                "{CLOUD_UI_HOST} is OpenObserve Cloud's web UI; ingestion goes to {CLOUD_BASE_URL}."
            ),
        ));
    } else if unreachable_from_aws(host) {
        d.push(Diagnostic::warning(
            Code::UrlHostNotPublic,
            span,
            "Firehose runs in AWS and reaches the endpoint over the internet: a local or private \
             address is not reachable from it. Use a public host name with a TLS certificate.",
        ));
    }
}

/// Loopback, private, link-local and local-only names.
fn unreachable_from_aws(host: &str) -> bool {
    let lower = host.to_ascii_lowercase();
    if lower == "localhost"
        || [".localhost", ".local", ".internal"]
            .iter()
            .any(|s| lower.ends_with(s))
    {
        return true;
    }
    if let Ok(ip) = lower.parse::<Ipv4Addr>() {
        return ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified();
    }
    if let Some(ip) = lower.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        if let Ok(ip) = ip.parse::<Ipv6Addr>() {
            let first = ip.segments()[0];
            return ip.is_loopback()
                || ip.is_unspecified()
                || first & 0xfe00 == 0xfc00
                || first & 0xffc0 == 0xfe80;
        }
    }
    false
}

/// Byte offset of the `/name` segment in `path`, if there is one.
fn find_segment(path: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for segment in path.split('/') {
        if segment == name && offset > 0 {
            return Some(offset - 1);
        }
        offset += segment.len() + 1;
    }
    None
}

/// How a character fares in a URL path segment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// Unreserved: letters, digits, `-`, `.`, `_`, `~`.
    Safe,
    /// `/`, `?`, `#`: would split or end the path.
    Splits,
    /// Never valid in a URL: whitespace, controls, non-ASCII, `"<>\^`{|}`.
    Invalid,
    /// Valid in a path but reserved or escaped (`%`, `:`, `@`, sub-delims): decoding unverified.
    Reserved,
}

fn class(c: char) -> CharClass {
    match c {
        c if c.is_ascii_alphanumeric() => CharClass::Safe,
        '-' | '.' | '_' | '~' => CharClass::Safe,
        '/' | '?' | '#' => CharClass::Splits,
        '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => CharClass::Invalid,
        c if !c.is_ascii() || c.is_ascii_whitespace() || c.is_ascii_control() => CharClass::Invalid,
        _ => CharClass::Reserved,
    }
}

/// The org the URL uses for `org` as typed, and what to say about it: none given means
/// `default` silently, an empty one `default` with an `org-defaulted` note (the first org of a
/// self-hosted OpenObserve), anything else is checked as a path segment. The one answer the
/// ingestion URL, the simulator's preflight and the CLI give.
pub fn resolve_org(org: Option<&str>) -> (&str, Vec<Diagnostic>) {
    match org {
        None => (DEFAULT_ORG, Vec::new()),
        Some("") => (
            DEFAULT_ORG,
            vec![Diagnostic::info(
                Code::OrgDefaulted,
                Span::at(0),
                "No org given: using 'default', the first org of a self-hosted OpenObserve.",
            )],
        ),
        Some(org) => (org, check_segment(org, "org")),
    }
}

/// Faults of an org or stream as one path segment, with spans into it.
/// ("2 spaces", "are"), ("'%', a space", "are"), ("'<'", "is"): the characters of a problem,
/// counted, and the verb that goes with them.
fn describe_characters(chars: impl Iterator<Item = char>) -> (String, &'static str) {
    let mut counts: Vec<(char, usize)> = Vec::new();
    for c in chars {
        match counts.iter_mut().find(|(seen, _)| *seen == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|&(c, n)| match (c, n) {
            (' ', 1) => "a space".to_owned(),
            (' ', n) => format!("{n} spaces"),
            (c, 1) => format!("'{}'", c.escape_debug()),
            (c, n) => format!("{n} × '{}'", c.escape_debug()),
        })
        .collect();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let verb = if total == 1 { "is" } else { "are" };
    (parts.join(", "), verb)
}

fn check_segment(text: &str, what: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if text == "." || text == ".." {
        found.push(Diagnostic::error(
            Code::SegmentSplitsPath,
            0..text.len(),
            format!("'{text}' as the {what} would be removed by path normalisation."),
        ));
        return found;
    }
    // One finding per kind of problem, spanning its first to its last character: a name with
    // three spaces has one problem, not three.
    let stored_hint = if what == "stream" {
        format!(
            " OpenObserve stores this stream as '{}': use that name.",
            super::stream_name::normalize(text)
        )
    } else {
        String::new()
    };
    for kind in [CharClass::Splits, CharClass::Invalid, CharClass::Reserved] {
        let runs = crate::diagnostic::char_runs(text, |c| class(c) == kind);
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            continue;
        };
        let span = first.0..last.1;
        let (offending, verb) = describe_characters(
            runs.iter()
                .flat_map(|&(start, end)| text[start..end].chars()),
        );
        let diagnostic = match kind {
            CharClass::Splits => Diagnostic::error(
                Code::SegmentSplitsPath,
                span,
                format!(
                    "{offending} would split or end the path: the {what} is one segment of \
                     /aws/{{org}}/{{stream}}/_kinesis_firehose.{stored_hint}"
                ),
            ),
            CharClass::Invalid => Diagnostic::error(
                Code::SegmentInvalidUrlCharacter,
                span,
                format!(
                    "{offending} {verb} not allowed in a URL, and percent-encoding is unverified with \
                     OpenObserve: keep the {what} to letters, digits, '-', '.', '_' and \
                     '~'.{stored_hint}"
                ),
            ),
            _ => Diagnostic::warning(
                Code::SegmentNotUrlSafe,
                span,
                format!(
                    "{offending} {verb} allowed in a URL path, but how OpenObserve decodes it is \
                     unverified: prefer letters, digits, '-', '.', '_' and '~' in the {what}."
                ),
            ),
        };
        found.push(diagnostic);
    }
    found.sort_by_key(|d| d.span);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_holding_a_slash_hash_or_question_mark_are_userinfo() {
        for text in [
            "https://al/ice:S3cr3t@logs.example.com",
            "https://root:pa#ss@logs.example.com",
            "https://root:pa?ss@logs.example.com",
        ] {
            let check = parse_base(text);
            assert_eq!(
                check.diagnostics[0].code, "url-userinfo",
                "{text}: {:?}",
                check.diagnostics
            );
            assert_eq!(check.base.host, "logs.example.com", "{text}");
            assert!(!check.base.to_string().contains("ss"), "{}", check.base);
        }
    }

    #[test]
    fn an_at_sign_in_a_path_segment_is_not_userinfo() {
        assert_eq!(userinfo_end("h.example.com/aws/a@b"), None);
    }

    fn url(base: &str, org: Option<&str>, stream: &str) -> UrlCheck {
        ingestion_url(&Base::SelfHosted(base.to_owned()), org, stream)
    }

    fn codes(check: &UrlCheck) -> Vec<&'static str> {
        check
            .diagnostics
            .iter()
            .map(|d| d.diagnostic.code.as_str())
            .collect()
    }

    fn base_codes(text: &str) -> Vec<&'static str> {
        parse_base(text)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    fn spanned<'a>(text: &'a str, code: &str) -> &'a str {
        let checked = parse_base(text);
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .expect(code);
        &text[d.span.range()]
    }

    // URL examples on OpenObserve's route, one per test (docs/sources.md, *OpenObserve Firehose
    // route and URL*).
    #[test]
    fn default_org_and_stream_on_a_bare_host() {
        let checked = url("https://o2.example.com", None, "default");
        assert_eq!(
            checked.url,
            "https://o2.example.com/aws/default/default/_kinesis_firehose"
        );
        assert_eq!(checked.stream, "default");
        assert_eq!(checked.diagnostics, []);
    }

    #[test]
    fn base_uri_goes_before_aws() {
        let checked = url("https://o2.example.com/o2", Some("default"), "apigw");
        assert_eq!(
            checked.url,
            "https://o2.example.com/o2/aws/default/apigw/_kinesis_firehose"
        );
        assert_eq!(checked.stream, "apigw");
        assert_eq!(checked.diagnostics, []);
    }

    #[test]
    fn stream_is_typed_in_the_url_and_stored_normalised() {
        let checked = url(
            "https://logs.example.com",
            Some("acme"),
            "amazon-apigateway-MyAPI",
        );
        assert_eq!(
            checked.url,
            "https://logs.example.com/aws/acme/amazon-apigateway-MyAPI/_kinesis_firehose"
        );
        assert_eq!(checked.stream, "amazon_apigateway_myapi");
        assert_eq!(codes(&checked), ["stream-name-normalised"]);
        assert_eq!(checked.diagnostics[0].field, Field::Stream);
    }

    #[test]
    fn cloud_uses_the_api_host() {
        let checked = ingestion_url(&Base::Cloud, Some("350aLCLtputyyPTVWccwodDZfsh"), "default");
        assert_eq!(
            checked.url,
            "https://api.openobserve.ai/aws/350aLCLtputyyPTVWccwodDZfsh/default/_kinesis_firehose"
        );
        assert_eq!(checked.diagnostics, []);
    }

    #[test]
    fn cloud_with_the_default_org_warns_about_the_identifier() {
        let checked = ingestion_url(&Base::Cloud, None, "apigw");
        assert_eq!(codes(&checked), ["cloud-org-identifier"]);
        assert_eq!(checked.diagnostics[0].field, Field::Org);
    }

    #[test]
    fn cloud_api_host_typed_as_a_url_counts_as_cloud() {
        assert_eq!(
            codes(&url("https://api.openobserve.ai", None, "apigw")),
            ["cloud-org-identifier"]
        );
    }

    #[test]
    fn cloud_arg_selects_cloud() {
        assert_eq!(Base::from_arg("Cloud"), Base::Cloud);
        assert_eq!(
            Base::from_arg("https://x.example"),
            Base::SelfHosted("https://x.example".into())
        );
    }

    #[test]
    fn http_is_an_error_on_the_scheme() {
        assert_eq!(base_codes("http://o2.example.com"), ["url-not-https"]);
        assert_eq!(spanned("http://o2.example.com", "url-not-https"), "http");
    }

    #[test]
    fn port_5080_is_an_error_that_asks_for_a_tls_front_end() {
        let text = "https://o2.example.com:5080";
        let checked = parse_base(text);
        assert_eq!(checked.diagnostics[0].code, "url-port-not-443");
        assert_eq!(&text[checked.diagnostics[0].span.range()], ":5080");
        assert!(checked.diagnostics[0].message.contains("TLS front end"));
    }

    #[test]
    fn explicit_port_443_is_fine_and_kept() {
        let checked = parse_base("https://o2.example.com:443");
        assert_eq!(checked.diagnostics, []);
        assert_eq!(checked.base.to_string(), "https://o2.example.com:443");
    }

    #[test]
    fn non_numeric_port_is_an_error() {
        assert_eq!(
            base_codes("https://o2.example.com:https"),
            ["url-invalid-port"]
        );
    }

    #[test]
    fn missing_host_is_an_error() {
        assert_eq!(base_codes("https://"), ["url-missing-host"]);
        assert_eq!(base_codes("https:///o2"), ["url-missing-host"]);
    }

    #[test]
    fn query_is_an_error_and_dropped() {
        let text = "https://o2.example.com/o2?org=default";
        assert_eq!(spanned(text, "url-query"), "?org=default");
        assert_eq!(
            parse_base(text).base.to_string(),
            "https://o2.example.com/o2"
        );
    }

    #[test]
    fn fragment_is_an_error_and_dropped() {
        let text = "https://o2.example.com/#/logs";
        assert_eq!(spanned(text, "url-fragment"), "#/logs");
        assert_eq!(parse_base(text).base.to_string(), "https://o2.example.com");
    }

    #[test]
    fn trailing_slash_is_removed_and_said() {
        let text = "https://o2.example.com/o2/";
        let checked = parse_base(text);
        assert_eq!(checked.base.to_string(), "https://o2.example.com/o2");
        assert_eq!(checked.diagnostics[0].code, "url-trailing-slash");
        assert!(!checked.diagnostics[0].is_error());
        assert_eq!(&text[checked.diagnostics[0].span.range()], "/");
    }

    #[test]
    fn trailing_slash_on_a_bare_host_does_not_double_the_slash() {
        let checked = url("https://o2.example.com/", None, "apigw");
        assert_eq!(
            checked.url,
            "https://o2.example.com/aws/default/apigw/_kinesis_firehose"
        );
    }

    #[test]
    fn userinfo_is_an_error_and_never_echoed() {
        let text = "https://root:secret@o2.example.com";
        let checked = parse_base(text);
        assert_eq!(checked.diagnostics[0].code, "url-userinfo");
        assert_eq!(&text[checked.diagnostics[0].span.range()], "root:secret@");
        assert!(!checked.diagnostics[0].message.contains("secret"));
        assert_eq!(checked.base.to_string(), "https://o2.example.com");
    }

    #[test]
    fn missing_scheme_gets_https_with_a_warning() {
        let checked = parse_base("o2.example.com");
        assert_eq!(checked.diagnostics[0].code, "url-scheme-added");
        assert_eq!(checked.base.to_string(), "https://o2.example.com");
    }

    #[test]
    fn single_slash_after_the_scheme_is_an_error() {
        let checked = parse_base("https:/o2.example.com");
        assert_eq!(checked.diagnostics[0].code, "url-malformed-scheme");
        assert_eq!(checked.base.host, "o2.example.com");
    }

    #[test]
    fn localhost_is_not_reachable_from_firehose() {
        let codes = base_codes("https://localhost:5080");
        assert_eq!(codes, ["url-host-not-public", "url-port-not-443"]);
    }

    #[test]
    fn private_and_loopback_addresses_are_not_reachable() {
        for host in [
            "https://10.0.0.5",
            "https://192.168.1.2",
            "https://127.0.0.1",
            "https://[::1]",
        ] {
            assert_eq!(base_codes(host), ["url-host-not-public"], "{host}");
        }
    }

    #[test]
    fn ipv6_host_keeps_its_brackets_and_port() {
        let checked = parse_base("https://[2001:db8::1]:443");
        assert_eq!(checked.diagnostics, []);
        assert_eq!(checked.base.host, "[2001:db8::1]");
        assert_eq!(checked.base.port, Some(443));
    }

    #[test]
    fn cloud_ui_host_is_pointed_to_the_api_host() {
        assert_eq!(
            base_codes("https://cloud.openobserve.ai"),
            ["url-cloud-ui-host"]
        );
    }

    #[test]
    fn api_path_is_a_warning() {
        assert_eq!(
            spanned("https://o2.example.com/api", "base-url-api-path"),
            "/api"
        );
    }

    #[test]
    fn web_ui_path_is_removed() {
        let text = "https://o2.example.com/web/logs";
        assert_eq!(spanned(text, "base-url-ui-path"), "/web/logs");
        assert_eq!(parse_base(text).base.to_string(), "https://o2.example.com");
    }

    #[test]
    fn full_ingestion_url_as_base_is_an_error_and_cut_back() {
        let text = "https://o2.example.com/o2/aws/default/apigw/_kinesis_firehose";
        let checked = parse_base(text);
        assert_eq!(checked.diagnostics[0].code, "base-url-is-ingestion-url");
        assert_eq!(checked.base.to_string(), "https://o2.example.com/o2");
    }

    #[test]
    fn space_in_the_host_is_an_error_with_its_span() {
        assert_eq!(spanned("https://o2 .example.com", "url-invalid-host"), " ");
    }

    #[test]
    fn surrounding_whitespace_is_removed_with_a_warning() {
        let checked = parse_base(" https://o2.example.com\n");
        assert_eq!(checked.base.to_string(), "https://o2.example.com");
        assert_eq!(checked.diagnostics.len(), 2);
        assert!(checked
            .diagnostics
            .iter()
            .all(|d| d.code == "url-surrounding-whitespace"));
    }

    #[test]
    fn empty_base_is_an_error() {
        assert_eq!(base_codes(""), ["base-url-empty"]);
    }

    #[test]
    fn empty_stream_is_an_error_on_the_stream() {
        let checked = url("https://o2.example.com", None, "");
        assert_eq!(codes(&checked), ["stream-name-empty"]);
        assert_eq!(checked.diagnostics[0].field, Field::Stream);
    }

    #[test]
    fn empty_org_falls_back_to_default() {
        let checked = url("https://o2.example.com", Some(""), "apigw");
        assert_eq!(
            checked.url,
            "https://o2.example.com/aws/default/apigw/_kinesis_firehose"
        );
        assert_eq!(codes(&checked), ["org-defaulted"]);
    }

    #[test]
    fn slash_in_the_stream_splits_the_path() {
        let checked = url("https://o2.example.com", None, "api/prod");
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.diagnostic.code == "segment-splits-path")
            .unwrap();
        assert_eq!(
            (d.field, d.diagnostic.span),
            (Field::Stream, Span::new(3, 4))
        );
    }

    #[test]
    fn each_kind_of_unsafe_character_is_one_finding_however_many_there_are() {
        let checked = url("https://o2.example.com", None, "API GW (prod)");
        assert_eq!(checked.stream, "api_gw_prod_");
        assert_eq!(
            codes(&checked),
            [
                "stream-name-normalised",
                "segment-invalid-url-character",
                "segment-not-url-safe"
            ]
        );
        let spaces = &checked.diagnostics[1].diagnostic;
        assert!(
            spaces.message.starts_with("2 spaces are not allowed"),
            "{}",
            spaces.message
        );
        assert!(
            spaces.message.contains("'api_gw_prod_'"),
            "{}",
            spaces.message
        );
        assert_eq!(checked.diagnostics[2].diagnostic.span, Span::new(7, 13));
    }

    #[test]
    fn colon_in_the_stream_is_a_warning() {
        let checked = url("https://o2.example.com", None, "ns:stream_1");
        assert_eq!(codes(&checked), ["segment-not-url-safe"]);
    }

    #[test]
    fn org_with_a_question_mark_is_an_error_on_the_org() {
        let checked = url("https://o2.example.com", Some("acme?x"), "apigw");
        assert_eq!(checked.diagnostics[0].field, Field::Org);
        assert_eq!(
            checked.diagnostics[0].diagnostic.code,
            "segment-splits-path"
        );
    }

    #[test]
    fn url_over_1000_characters_is_an_error_on_the_url() {
        let checked = url("https://o2.example.com", None, &"s".repeat(1000));
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.diagnostic.code == "url-too-long")
            .unwrap();
        assert_eq!(d.field, Field::Url);
        assert_eq!(d.diagnostic.span.start, 1000);
        assert_eq!(d.diagnostic.span.end, checked.url.len());
    }

    #[test]
    fn url_of_exactly_1000_characters_is_fine() {
        let fixed = "https://o2.example.com/aws/default//_kinesis_firehose".len();
        let checked = url("https://o2.example.com", None, &"s".repeat(1000 - fixed));
        assert_eq!(checked.url.len(), 1000);
        assert_eq!(checked.diagnostics, []);
    }

    #[test]
    fn serialises_to_the_cli_contract() {
        let checked = url("http://o2.example.com", None, "apigw");
        let json = serde_json::to_value(&checked).unwrap();
        assert_eq!(
            json["url"],
            "http://o2.example.com/aws/default/apigw/_kinesis_firehose"
        );
        assert_eq!(json["stream"], "apigw");
        let d = &json["diagnostics"][0];
        assert_eq!(d["field"], "base");
        assert_eq!(d["severity"], "error");
        assert_eq!(d["code"], "url-not-https");
        assert_eq!(d["span"], serde_json::json!([0, 4]));
    }
}
