//! `curl` commands that create the generated objects through OpenObserve's management API: the
//! dashboard (`POST /api/{org}/dashboards`), the VRL function (`POST /api/{org}/functions`) and
//! the realtime pipeline (`POST /api/{org}/pipelines`) (OpenObserve `src/handler/http/router/`
//! at fbab9b80; docs/sources.md, *OpenObserve dashboards and SQL*).
//!
//! The API takes HTTP Basic authentication of `email:password`, which is exactly the Firehose
//! access key (base64 of `email:secret`), so the command reads it from the same
//! `$OPENOBSERVE_ACCESS_KEY` as the ingestion `curl`, never embedding it.
//!
//! ```
//! use gwlog_core::dashboard::curl::{create_command, Object};
//!
//! let command = create_command("https://o2.example.com", "default", Object::Dashboard, "{}");
//! assert!(command.contains("'https://o2.example.com/api/default/dashboards?folder=default'"));
//! assert!(command.contains("Authorization: Basic $OPENOBSERVE_ACCESS_KEY"));
//! ```

use crate::escape::shell_quoted;
use crate::openobserve::curl::ACCESS_KEY_ENV_VAR;
use crate::openobserve::url::resolve_org;

/// What the command creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// A dashboard, in the default folder.
    Dashboard,
    /// A VRL function.
    Function,
    /// A pipeline.
    Pipeline,
}

impl Object {
    fn path(self, org: &str) -> String {
        match self {
            Object::Dashboard => format!("/api/{org}/dashboards?folder=default"),
            Object::Function => format!("/api/{org}/functions"),
            Object::Pipeline => format!("/api/{org}/pipelines"),
        }
    }
}

/// A POSIX shell command that POSTs `body` to create `object` in `org` on the OpenObserve at
/// `base_url` (scheme, host and `ZO_BASE_URI`; a trailing `/` is ignored).
pub fn create_command(base_url: &str, org: &str, object: Object, body: &str) -> String {
    // The same org answer as the ingestion URL's: none typed means `default`.
    let (org, _) = resolve_org(Some(org));
    let url = format!(
        "{}{}",
        base_url.trim().trim_end_matches('/'),
        object.path(org)
    );
    [
        format!("curl -sS -i -X POST {}", shell_quoted(&url)),
        format!("-H \"Authorization: Basic ${ACCESS_KEY_ENV_VAR}\""),
        "-H 'Content-Type: application/json'".to_owned(),
        format!("--data-raw {}", shell_quoted(body)),
    ]
    .join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_goes_byte_for_byte_in_single_quotes() {
        let command = create_command(
            "https://o2.example.com/",
            "acme",
            Object::Function,
            "{\"a\":\"it's\"}",
        );
        assert!(
            command.contains("'https://o2.example.com/api/acme/functions'"),
            "{command}"
        );
        assert!(
            command.ends_with(r#"--data-raw '{"a":"it'\''s"}'"#),
            "{command}"
        );
    }

    #[test]
    fn an_empty_org_is_default() {
        let command = create_command("https://o2.example.com", "", Object::Pipeline, "{}");
        assert!(command.contains("/api/default/pipelines"), "{command}");
    }
}
