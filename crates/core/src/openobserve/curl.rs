//! A `curl` command that sends the simulated Firehose request to a real OpenObserve.
//!
//! The playground and the CLI show what Firehose would post ([`FirehoseRequest`]); this module turns
//! that request into one copy-pasteable POSIX shell command, so a user can check the answer of
//! their own server before wiring Firehose up. The body goes in `--data-raw` inside single quotes
//! (escaped as `'\''`), so the shell passes it byte for byte. The access key is never embedded
//! unless the caller asks for it: by default the command reads it from the environment variable
//! [`ACCESS_KEY_ENV_VAR`].
//!
//! ```
//! use gwlog_core::openobserve::curl::{curl_command, AccessKey};
//! use gwlog_core::openobserve::simulate::FirehoseRequest;
//!
//! let record = br#"{"requestId":"r-1","status":"200"}"#;
//! let request = FirehoseRequest::new("default", "apigw", "req-1", 1_755_786_979_000, &[record]);
//! let command = curl_command(
//!     &request,
//!     "https://logs.example.com/aws/default/apigw/_kinesis_firehose",
//!     AccessKey::FromEnv,
//! );
//! assert!(command.contains(r#"-H "X-Amz-Firehose-Access-Key: $OPENOBSERVE_ACCESS_KEY""#));
//! assert!(command.contains("--data-raw '{\"requestId\":\"req-1\""));
//! ```

use super::simulate::FirehoseRequest;

/// The environment variable the command reads the access key from, unless one is embedded.
pub const ACCESS_KEY_ENV_VAR: &str = "OPENOBSERVE_ACCESS_KEY";

/// The header carrying the access key.
const ACCESS_KEY_HEADER: &str = "X-Amz-Firehose-Access-Key";

/// Where the command takes the `X-Amz-Firehose-Access-Key` value from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccessKey<'a> {
    /// `$OPENOBSERVE_ACCESS_KEY`, expanded by the shell: the command holds no secret and can be
    /// shared.
    #[default]
    FromEnv,
    /// This key, written into the command. Only when the caller explicitly passes one: the command
    /// then holds a credential.
    Embedded(&'a str),
}

/// A POSIX shell command that POSTs `request` to `url` with curl, one option per line.
///
/// `-X POST`, every header of the request (the access key from `access_key`), and the body as
/// `--data-raw '<json>'`: exactly [`FirehoseRequest::body_json`], no newline added. `-sS -i`
/// print OpenObserve's status line and answer (200 or 400 with its `errorMessage`).
pub fn curl_command(request: &FirehoseRequest, url: &str, access_key: AccessKey<'_>) -> String {
    let mut lines = vec![format!(
        "curl -sS -i -X {} {}",
        request.method,
        shell_quote(url)
    )];
    let mut has_key = false;
    for (name, value) in &request.headers.0 {
        if name.eq_ignore_ascii_case(ACCESS_KEY_HEADER) {
            has_key = true;
            lines.push(access_key_option(access_key));
        } else {
            lines.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
        }
    }
    if !has_key {
        lines.push(access_key_option(access_key));
    }
    lines.push(format!("--data-raw {}", shell_quote(&request.body_json())));
    lines.join(" \\\n  ")
}

fn access_key_option(access_key: AccessKey<'_>) -> String {
    match access_key {
        AccessKey::FromEnv => format!("-H \"{ACCESS_KEY_HEADER}: ${ACCESS_KEY_ENV_VAR}\""),
        AccessKey::Embedded(key) => {
            format!("-H {}", shell_quote(&format!("{ACCESS_KEY_HEADER}: {key}")))
        }
    }
}

pub use crate::escape::shell_quoted as shell_quote;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openobserve::simulate::{simulate, SimulationInput};

    const URL: &str = "https://logs.example.com/aws/default/apigw/_kinesis_firehose";

    /// A REST JSON record, the one the simulator's example-exchange test sends.
    const RECORD: &str = r#"{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"192.0.2.10","httpMethod":"GET","resourcePath":"/pets","status":"200","protocol":"HTTP/1.1","responseLength":"48"}"#;

    /// Splits a command into words as a POSIX shell would: backslash-newline joins lines, single
    /// quotes are literal, double quotes expand `$NAME` from `env`, a backslash outside quotes
    /// escapes the next character.
    fn shell_words(command: &str, env: &[(&str, &str)]) -> Vec<String> {
        let mut words = Vec::new();
        let mut word: Option<String> = None;
        let mut chars = command.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('\n') | None => {}
                    Some(next) => word.get_or_insert_with(String::new).push(next),
                },
                '\'' => {
                    let current = word.get_or_insert_with(String::new);
                    for inner in chars.by_ref() {
                        if inner == '\'' {
                            break;
                        }
                        current.push(inner);
                    }
                }
                '"' => {
                    let current = word.get_or_insert_with(String::new);
                    while let Some(inner) = chars.next() {
                        match inner {
                            '"' => break,
                            '\\' if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                                current.extend(chars.next());
                            }
                            '$' => {
                                let mut name = String::new();
                                while let Some(&n) = chars.peek() {
                                    if !(n.is_ascii_alphanumeric() || n == '_') {
                                        break;
                                    }
                                    name.push(n);
                                    chars.next();
                                }
                                let value = env.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
                                current.push_str(value.unwrap_or_default());
                            }
                            other => current.push(other),
                        }
                    }
                }
                c if c.is_whitespace() => words.extend(word.take()),
                other => word.get_or_insert_with(String::new).push(other),
            }
        }
        words.extend(word);
        words
    }

    fn request_for(lines: &[&str], request_id: &str) -> FirehoseRequest {
        simulate(&SimulationInput::new(
            lines,
            "default",
            "apigw",
            1_578_090_901_599,
            request_id,
        ))
        .request
    }

    fn after<'w>(words: &'w [String], option: &str) -> Vec<&'w str> {
        words
            .windows(2)
            .filter(|pair| pair[0] == option)
            .map(|pair| pair[1].as_str())
            .collect()
    }

    #[test]
    fn the_body_survives_the_shell_byte_for_byte() {
        let request = request_for(&[RECORD], "ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
        let words = shell_words(&curl_command(&request, URL, AccessKey::FromEnv), &[]);
        assert_eq!(after(&words, "--data-raw"), [request.body_json().as_str()]);
    }

    #[test]
    fn single_quotes_in_the_body_are_escaped() {
        let request = request_for(&[RECORD], "it's-a-request");
        let command = curl_command(&request, URL, AccessKey::FromEnv);
        assert!(command.contains(r"'\''"));
        let words = shell_words(&command, &[]);
        assert_eq!(after(&words, "--data-raw"), [request.body_json().as_str()]);
    }

    #[test]
    fn posts_to_the_given_url() {
        let request = request_for(&[RECORD], "req-1");
        let words = shell_words(&curl_command(&request, URL, AccessKey::FromEnv), &[]);
        assert_eq!(&words[..5], ["curl", "-sS", "-i", "-X", "POST"]);
        assert_eq!(words[5], URL);
    }

    #[test]
    fn sends_the_firehose_headers() {
        let request = request_for(&[RECORD], "req-1");
        let words = shell_words(&curl_command(&request, URL, AccessKey::FromEnv), &[]);
        let headers = after(&words, "-H");
        for expected in [
            "Content-Type: application/json",
            "X-Amz-Firehose-Request-Id: req-1",
            "X-Amz-Firehose-Protocol-Version: 1.0",
        ] {
            assert!(headers.contains(&expected), "{expected} in {headers:?}");
        }
    }

    #[test]
    fn access_key_comes_from_the_environment_by_default() {
        let request = request_for(&[RECORD], "req-1");
        let command = curl_command(&request, URL, AccessKey::default());
        assert!(command.contains(r#"-H "X-Amz-Firehose-Access-Key: $OPENOBSERVE_ACCESS_KEY""#));
        let words = shell_words(&command, &[(ACCESS_KEY_ENV_VAR, "c2VjcmV0")]);
        assert!(after(&words, "-H").contains(&"X-Amz-Firehose-Access-Key: c2VjcmV0"));
    }

    #[test]
    fn placeholder_key_of_the_simulation_is_never_sent() {
        let request = request_for(&[RECORD], "req-1");
        assert!(!curl_command(&request, URL, AccessKey::FromEnv).contains("<ACCESS_KEY>"));
    }

    #[test]
    fn an_explicit_key_is_embedded() {
        let request = request_for(&[RECORD], "req-1");
        let key = "cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=";
        let command = curl_command(&request, URL, AccessKey::Embedded(key));
        assert!(!command.contains(ACCESS_KEY_ENV_VAR));
        let words = shell_words(&command, &[]);
        assert!(after(&words, "-H").contains(&format!("X-Amz-Firehose-Access-Key: {key}").as_str()));
    }

    #[test]
    fn one_option_per_line() {
        let request = request_for(&[RECORD, RECORD], "req-1");
        let command = curl_command(&request, URL, AccessKey::FromEnv);
        assert_eq!(command.lines().count(), 6);
        assert!(command
            .lines()
            .rev()
            .skip(1)
            .all(|line| line.ends_with(" \\")));
    }

    #[test]
    fn shell_quote_wraps_plain_text() {
        assert_eq!(shell_quote("a b$c"), "'a b$c'");
    }
}
