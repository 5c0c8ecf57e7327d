//! `gwlog lint`: the access-log formats in CloudFormation, SAM, CDK, Terraform and
//! `serverless.yml` files, checked where they live; every finding at `path:line:col`.
//!
//! Exit codes as `check`: 1 when a finding is an error (or, with `--deny-warnings`, a warning),
//! 2 when a path cannot be read.
//!
//! `--output json` prints one object: `{"ok", "files": [{"path", "tool", "formats": [{"resource",
//! "api", "kind", "line", "column", "format"}]}], "diagnostics": [{"path", "line", "column",
//! "end_line", "end_column", "span", "severity", "code", "message", "resource"}]}` (`span` is a
//! byte range into the file; `kind` and `format` are null when the format cannot be resolved).
//! `--output sarif` prints SARIF 2.1.0 for GitHub code scanning.

use crate::Outcome;
use gwlog_core::diagnostic::{Code, LineColumn, Severity};
use gwlog_core::iac::{self, Finding, Linted};
use serde_json::{json, Value};
use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The `--output` flag's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum OutputArg {
    /// Compiler-style findings and a summary line.
    #[default]
    Text,
    /// One JSON object: `{"ok","files","diagnostics"}`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

/// Arguments of `gwlog lint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t)]
    output: OutputArg,
    /// Exit 1 on any warning too, not only on errors (for CI).
    #[arg(long)]
    deny_warnings: bool,
    /// Files or directories. Directories are searched for `*.tf`, `serverless.yml`,
    /// CloudFormation/SAM templates (`*.yaml`, `*.yml`, `*.json`, `*.template`) and
    /// `cdk.out/*.template.json`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// A file that was linted.
struct File {
    /// The path as shown (`/`-separated).
    name: String,
    text: String,
    linted: Linted,
}

/// Directories never searched: VCS data, dependencies, build output.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target", ".terraform", ".git", ".aws-sam"];

fn display(path: &Path) -> String {
    let text = path.display().to_string();
    if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text
    }
}

fn read(path: &Path) -> Result<String, Box<dyn Error>> {
    std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            format!("cannot read {}: it is not UTF-8 text", path.display()).into()
        } else {
            format!("cannot read {}: {e}", path.display()).into()
        }
    })
}

/// Every file under `dir` that `gwlog lint` reads, sorted.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    let in_cdk_out = dir.file_name().is_some_and(|n| n == "cdk.out");
    walk_in(dir, in_cdk_out, out)
}

/// [`walk`]; inside a `cdk.out` (`in_cdk_out`) only `*.template.json` and the nested
/// `assembly-*` directories of CDK stages are read.
fn walk_in(dir: &Path, in_cdk_out: bool, out: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the directory {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            let hidden = name.starts_with('.') && name != "." && name != "..";
            if hidden || SKIPPED_DIRS.contains(&name.as_str()) {
                continue;
            }
            if in_cdk_out {
                // CDK's `asset.*` directories hold bundled code, not templates.
                if name.starts_with("assembly-") {
                    walk_in(&path, true, out)?;
                }
                continue;
            }
            walk_in(&path, name == "cdk.out", out)?;
        } else if in_cdk_out {
            if name.ends_with(".template.json") {
                out.push(path);
            }
        } else if iac::reads(&display(&path)) {
            out.push(path);
        }
    }
    Ok(())
}

/// Lint one file; a Terraform file with the other `*.tf` files of its directory (its module),
/// where its stages' APIs may be defined.
fn lint_file(path: &Path, name: &str, text: &str) -> Linted {
    if !name.ends_with(".tf") {
        return iac::lint(name, text);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut module: Vec<String> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir.unwrap_or(Path::new("."))) {
        let mut siblings: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "tf"))
            .filter(|p| p.file_name() != path.file_name())
            .collect();
        siblings.sort();
        module.extend(
            siblings
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok()),
        );
    }
    let module: Vec<&str> = module.iter().map(String::as_str).collect();
    iac::lint_in_module(name, text, &module)
}

fn collect(paths: &[PathBuf]) -> Result<Vec<File>, Box<dyn Error>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            for file in found {
                // Found by the walk: skip what is not text or not a template.
                let Ok(text) = std::fs::read_to_string(&file) else {
                    continue;
                };
                let name = display(&file);
                if !iac::is_candidate(&name, &text) {
                    continue;
                }
                let linted = lint_file(&file, &name, &text);
                files.push(File { name, text, linted });
            }
        } else {
            let name = display(path);
            let text = read(path)?;
            if !iac::reads(&name) {
                return Err(format!(
                    "{name} is not a file gwlog lint reads: give a *.tf, serverless.yml, \
                     *.yaml, *.yml, *.json or *.template file, or a directory"
                )
                .into());
            }
            // Named by pre-commit along with every other YAML/JSON file of the commit: one
            // without an `AWS::` type (a workflow, a package.json) has no format to check.
            if !iac::is_candidate(&name, &text) {
                continue;
            }
            let linted = lint_file(path, &name, &text);
            files.push(File { name, text, linted });
        }
    }
    Ok(files)
}

/// Run `gwlog lint`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    let files = collect(&args.paths)?;
    let all = || files.iter().flat_map(|f| f.linted.findings.iter());
    let failed = all().any(|f| {
        f.severity == Severity::Error || (args.deny_warnings && f.severity == Severity::Warning)
    });
    match args.output {
        OutputArg::Text => print_text(&files)?,
        OutputArg::Json => crate::outln!("{}", serde_json::to_string(&json_report(&files))?)?,
        OutputArg::Sarif => {
            crate::outln!("{}", serde_json::to_string_pretty(&sarif_report(&files))?)?
        }
    }
    Ok(if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn print_text(files: &[File]) -> Result<(), Box<dyn Error>> {
    let mut counts = [0usize; 3];
    for file in files {
        for finding in &file.linted.findings {
            counts[finding.severity as usize] += 1;
            crate::outln!("{}", render(finding, &file.name, &file.text))?;
        }
    }
    let formats: usize = files.iter().map(|f| f.linted.formats.len()).sum();
    crate::outln!(
        "{} files, {} access-log formats: {} errors, {} warnings, {} notes",
        files.len(),
        formats,
        counts[Severity::Error as usize],
        counts[Severity::Warning as usize],
        counts[Severity::Info as usize]
    )?;
    Ok(())
}

/// `error[code]: message`, `--> path:line:col`, the line with a caret under the span, and the
/// resource, in the style of `gwlog check`.
fn render(finding: &Finding, source: &str, text: &str) -> String {
    let mut out = crate::report::render_at(
        (finding.severity, finding.code, &finding.message),
        finding.span,
        source,
        text,
    );
    if let Some(resource) = &finding.resource {
        let _ = writeln!(out, "   = in {resource}");
    }
    out
}

/// Start and end positions of a finding (the end exclusive; an empty span covers one character
/// where there is one, so that annotations show).
fn region(finding: &Finding, text: &str) -> (LineColumn, LineColumn) {
    let start = LineColumn::of(text, finding.span.start);
    let mut end_offset = finding.span.end;
    if finding.span.is_empty() {
        if let Some(c) = text
            .get(finding.span.start..)
            .and_then(|r| r.chars().next())
        {
            if c != '\n' {
                end_offset += c.len_utf8();
            }
        }
    }
    (start, LineColumn::of(text, end_offset))
}

fn json_report(files: &[File]) -> Value {
    let mut diagnostics = Vec::new();
    let mut listed = Vec::new();
    let mut ok = true;
    for file in files {
        let formats: Vec<Value> = file
            .linted
            .formats
            .iter()
            .map(|f| {
                let at = LineColumn::of(&file.text, f.span.start);
                json!({
                    "resource": f.resource,
                    "api": f.api,
                    "kind": f.kind,
                    "line": at.line,
                    "column": at.column,
                    "format": f.format,
                })
            })
            .collect();
        listed.push(json!({
            "path": file.name,
            "tool": file.linted.tool.map(|t| t.as_str()),
            "formats": formats,
        }));
        for finding in &file.linted.findings {
            ok &= finding.severity != Severity::Error;
            let (start, end) = region(finding, &file.text);
            diagnostics.push(json!({
                "path": file.name,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "span": finding.span,
                "severity": finding.severity,
                "code": finding.code,
                "message": finding.message,
                "resource": finding.resource,
            }));
        }
    }
    json!({ "ok": ok, "files": listed, "diagnostics": diagnostics })
}

/// A relative URI reference for `name` (forward slashes, percent-encoded where needed); paths
/// outside the current directory become `file://` URIs.
fn artifact_uri(name: &str) -> String {
    let mut path = name.to_owned();
    if Path::new(name).is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(relative) = Path::new(name).strip_prefix(&cwd) {
                path = display(relative);
            }
        }
    }
    let path = path.strip_prefix("./").unwrap_or(&path).to_owned();
    let mut encoded = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            _ => {
                let _ = write!(encoded, "%{byte:02X}");
            }
        }
    }
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_report(files: &[File]) -> Value {
    let mut rules: Vec<Code> = files
        .iter()
        .flat_map(|f| f.linted.findings.iter().map(|x| x.code))
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let rule_objects: Vec<Value> = rules
        .iter()
        .map(|&code| {
            json!({
                "id": code,
                "shortDescription": { "text": code.summary() },
                "helpUri": "https://github.com/gwlog/gwlog/blob/main/docs/diagnostics.md",
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        for finding in &file.linted.findings {
            let (start, end) = region(finding, &file.text);
            let mut message = finding.message.clone();
            if let Some(resource) = &finding.resource {
                message = format!("{message} (in {resource})");
            }
            results.push(json!({
                "ruleId": finding.code,
                "ruleIndex": rules.iter().position(|r| *r == finding.code).unwrap_or(0),
                "level": sarif_level(finding.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(&file.name) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        }
                    }
                }],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "gwlog",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/gwlog/gwlog",
                    "rules": rule_objects,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}
