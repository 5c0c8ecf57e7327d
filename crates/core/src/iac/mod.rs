//! Access-log formats where they live: CloudFormation templates (YAML with short-form tags, and
//! JSON), SAM, CDK synthesized templates (`cdk.out/*.template.json`), Terraform and
//! `serverless.yml`. Each format is found in its resource, resolved where it is static
//! (`!Sub`, `!Join`, `jsonencode({...})`, heredocs), checked with [`format::check`] for the
//! resource's API type, and every finding is a byte span into the file, mapped back through the
//! YAML/JSON/HCL escaping. The destination (Firehose stream or log group) is checked too.
//!
//! Pure: the caller reads the files ([`lint`] takes a name and its text).
//!
//! [`format::check`]: crate::format::check

mod cfn;
mod terraform;
mod text;
mod tree;

#[cfg(test)]
mod tests;

use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Severity, Span};
use crate::format::{self, FormatKind};
use serde::Serialize;
use text::Text;

/// Code of a format built from parts that cannot be resolved statically (`!Ref`, a variable).
pub const FORMAT_UNRESOLVED: Code = Code::FormatUnresolved;
/// Code of a v2 stage whose API (and so its type) is not in the file: HTTP is assumed.
pub const API_TYPE_ASSUMED: Code = Code::ApiTypeAssumed;
/// Code of a file that does not parse as YAML, JSON or HCL.
pub const TEMPLATE_SYNTAX: Code = Code::TemplateSyntax;
/// Code of a `serverless.yml` that enables access logs without a format: the default is checked.
pub const SERVERLESS_DEFAULT_FORMAT: Code = Code::ServerlessDefaultFormat;

/// The one-line summary of a code.
pub fn code_summary(code: Code) -> &'static str {
    code.summary()
}

/// Which tool wrote the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    /// A CloudFormation template (YAML or JSON).
    CloudFormation,
    /// A SAM template (`Transform: AWS::Serverless-2016-10-31`).
    Sam,
    /// A CDK synthesized template (`cdk.out/*.template.json`).
    Cdk,
    /// Terraform (`*.tf`).
    Terraform,
    /// The Serverless Framework (`serverless.yml`).
    Serverless,
}

impl Tool {
    /// The lowercase name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::CloudFormation => "cloudformation",
            Tool::Sam => "sam",
            Tool::Cdk => "cdk",
            Tool::Terraform => "terraform",
            Tool::Serverless => "serverless",
        }
    }
}

/// One finding, with a byte span into the linted file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code (`docs/diagnostics.md` lists them).
    pub code: Code,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Where in the file.
    pub span: Span,
    /// The resource (`MyStage (AWS::ApiGateway::Stage)`) the finding is about, if any.
    pub resource: Option<String>,
}

/// An access-log format found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundFormat {
    /// The resource it belongs to.
    pub resource: String,
    /// The API type, from the resource.
    pub api: ApiType,
    /// Where the format's value is in the file.
    pub span: Span,
    /// The format's kind, when it could be resolved and checked.
    pub kind: Option<FormatKind>,
    /// The resolved format, when it could be resolved.
    pub format: Option<String>,
}

/// What [`lint`] found in one file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Linted {
    /// The tool the file is for; `None` when it is not a file gwlog reads.
    pub tool: Option<Tool>,
    /// Every access-log format, in file order.
    pub formats: Vec<FoundFormat>,
    /// Every finding, in file order.
    pub findings: Vec<Finding>,
}

/// Whether a file named `name` (a path; `/` or `\` separated) is one [`lint`] reads, by name:
/// `*.tf`, `serverless.yml`/`.yaml`, `*.json`, `*.yaml`, `*.yml`, `*.template`.
pub fn reads(name: &str) -> bool {
    tool_by_name(name).is_some()
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

enum Syntax {
    Yaml,
    Json,
    Hcl,
}

fn tool_by_name(name: &str) -> Option<(Tool, Syntax)> {
    let base = base_name(name).to_ascii_lowercase();
    if base.ends_with(".tf") {
        Some((Tool::Terraform, Syntax::Hcl))
    } else if base == "serverless.yml" || base == "serverless.yaml" {
        Some((Tool::Serverless, Syntax::Yaml))
    } else if base.ends_with(".template.json")
        && (name.contains("cdk.out/") || name.contains("cdk.out\\"))
    {
        Some((Tool::Cdk, Syntax::Json))
    } else if base.ends_with(".json") {
        Some((Tool::CloudFormation, Syntax::Json))
    } else if base.ends_with(".yaml") || base.ends_with(".yml") || base.ends_with(".template") {
        Some((Tool::CloudFormation, Syntax::Yaml))
    } else {
        None
    }
}

/// Whether `text` (named `name`) looks like a file [`lint`] has something to say about: a
/// Terraform file, a `serverless.yml`, or a template naming an `AWS::` type. Directory walks
/// use it to skip `package.json` and friends, including their syntax errors.
pub fn is_candidate(name: &str, text: &str) -> bool {
    match tool_by_name(name) {
        Some((Tool::Terraform | Tool::Serverless, _)) => true,
        Some(_) => text.contains("AWS::"),
        None => false,
    }
}

/// Find and check every access-log format in the file `name` holding `text`.
pub fn lint(name: &str, text: &str) -> Linted {
    lint_in_module(name, text, &[])
}

/// [`lint`] for a file whose Terraform module has other files (`module`: their texts): the
/// `aws_apigatewayv2_api` resources defined there give the API type of this file's
/// `aws_apigatewayv2_stage`s. Other tools ignore `module`.
pub fn lint_in_module(name: &str, text: &str, module: &[&str]) -> Linted {
    let Some((tool, syntax)) = tool_by_name(name) else {
        return Linted::default();
    };
    let mut out = Linted {
        tool: Some(tool),
        ..Linted::default()
    };
    let syntax_error = |out: &mut Linted, at: usize, language: &str, message: &str| {
        out.findings.push(Finding {
            severity: Severity::Error,
            code: TEMPLATE_SYNTAX,
            message: format!("The file does not parse as {language}: {message}"),
            span: Span::new(at, (at + 1).min(text.len()).max(at)),
            resource: None,
        });
    };
    match syntax {
        Syntax::Hcl => terraform::lint(text, module, &mut out),
        Syntax::Json => match tree::parse_json(text) {
            Ok(root) => cfn::lint_template(&root, &mut out),
            Err(e) => syntax_error(&mut out, e.at, "JSON", &e.message),
        },
        Syntax::Yaml => match tree::parse_yaml(text) {
            Ok(Some(root)) if tool == Tool::Serverless => cfn::lint_serverless(&root, &mut out),
            Ok(Some(root)) => cfn::lint_template(&root, &mut out),
            Ok(None) => {}
            Err(e) => syntax_error(&mut out, e.at, "YAML", &e.message),
        },
    }
    out.findings.sort_by_key(|f| (f.span.start, f.severity));
    out
}

/// A format's value, resolved as far as it statically can be.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    /// The literal text, mapped to the file.
    pub text: Text,
    /// Every part that could not be resolved: where, and what it is.
    pub unresolved: Vec<(Span, String)>,
}

impl Resolved {
    fn unresolved(&mut self, span: Span, what: impl Into<String>) {
        self.unresolved.push((span, what.into()));
    }
}

/// Check a resolved format for `api`, or say which parts cannot be resolved.
pub(crate) fn check_format(
    resolved: &Resolved,
    api: ApiType,
    resource: &str,
    value_span: Span,
    out: &mut Linted,
) {
    let label = Some(resource.to_owned());
    if !resolved.unresolved.is_empty() {
        for (span, what) in &resolved.unresolved {
            out.findings.push(Finding {
                severity: Severity::Info,
                code: FORMAT_UNRESOLVED,
                message: format!(
                    "The access-log format uses {what}, which cannot be resolved without \
                     deploying: the format is not checked. Check the deployed format with \
                     `gwlog check`."
                ),
                span: *span,
                resource: label.clone(),
            });
        }
        out.formats.push(FoundFormat {
            resource: resource.to_owned(),
            api,
            span: value_span,
            kind: None,
            format: None,
        });
        return;
    }
    let checked = format::check(&resolved.text.value, api);
    out.findings
        .extend(checked.diagnostics.iter().map(|d| Finding {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            span: resolved.text.file_span(d.span),
            resource: label.clone(),
        }));
    out.formats.push(FoundFormat {
        resource: resource.to_owned(),
        api,
        span: value_span,
        kind: Some(checked.kind),
        format: Some(resolved.text.value.clone()),
    });
}

/// Findings from core diagnostics about `text`, mapped to the file.
pub(crate) fn mapped(diagnostics: &[Diagnostic], text: &Text, resource: &str) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| Finding {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            span: text.file_span(d.span),
            resource: Some(resource.to_owned()),
        })
        .collect()
}

/// What a destination that is not a literal ARN is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DestinationKind {
    Firehose,
    LogGroup,
}

/// Check a destination: a literal ARN fully, a reference by the kind of resource it names.
pub(crate) fn check_destination(
    resolved: &Resolved,
    known: Option<DestinationKind>,
    api: ApiType,
    span: Span,
    resource: &str,
    out: &mut Linted,
) {
    if resolved.unresolved.is_empty() {
        let checked = crate::aws::arn::check_destination(&resolved.text.value, api);
        out.findings
            .extend(mapped(&checked.diagnostics, &resolved.text, resource));
        return;
    }
    let firehose = known == Some(DestinationKind::Firehose)
        || (known.is_none() && resolved.text.value.contains(":firehose:"));
    if firehose {
        if let Some(mut error) = crate::aws::firehose::firehose_supported(api) {
            error.span = Span::default();
            out.findings
                .extend(mapped(&[error], &Text::coarse("", span), resource));
        }
    }
}

/// The finding for a v2 stage whose API type is assumed.
pub(crate) fn api_assumed(span: Span, resource: &str) -> Finding {
    Finding {
        severity: Severity::Info,
        code: API_TYPE_ASSUMED,
        message: "The stage's API is not defined in this file, so its protocol type is unknown: \
                  the format is checked as an HTTP API's."
            .to_owned(),
        span,
        resource: Some(resource.to_owned()),
    }
}
