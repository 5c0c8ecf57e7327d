//! Citations a reader can follow: comments cite public sources (AWS documentation pages,
//! OpenObserve source paths at a named commit) or a document inside the repository, such as
//! `docs/sources.md`, and nothing outside the repository.
//!
//! Walks every `*.rs` file under `crates/`, `src/` and `tests/` of the workspace (skipping `target/`
//! and hidden directories) and fails, listing `file:line`, on any line that:
//! - names the out-of-repository folder of research notes (`shared` + `/reference`);
//! - names one of its files (`apigateway`, `openobserve` or `firehose` + `.md`) other than as a
//!   path under `docs/` (a longer file name such as `kinesis-firehose.md` is not one of them);
//! - contains a section sign (U+00A7), which only those notes' numbered sections used.
//!
//! The needles are assembled at run time so that this file does not match itself.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root: two levels above this crate's manifest.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `*.rs` file under `dir`, recursively, without `target/` or hidden directories.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, found);
            }
        } else if kind.is_file() && name.ends_with(".rs") {
            found.push(path);
        }
    }
}

/// Whether `c` can be part of a file name, so that a match right after it is only the tail of a
/// longer name.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Why `line` cites something outside the repository, if it does.
fn offence(line: &str) -> Option<String> {
    let mut why = Vec::new();
    let folder = ["shared", "/reference"].concat();
    if line.contains(&folder) {
        why.push(format!("names `{folder}`"));
    }
    for stem in ["apigateway", "openobserve", "firehose"] {
        let file = [stem, ".md"].concat();
        let outside_docs = line.match_indices(&file).any(|(at, _)| {
            let before = &line[..at];
            !before.chars().next_back().is_some_and(is_name_char) && !before.ends_with("docs/")
        });
        if outside_docs {
            why.push(format!("names `{file}` outside `docs/`"));
        }
    }
    if line.contains('\u{a7}') {
        why.push("has a section sign".into());
    }
    (!why.is_empty()).then(|| why.join(", "))
}

#[test]
fn offence_spots_each_kind_of_out_of_repository_citation() {
    let folder = ["shared", "/reference"].concat();
    let file = ["apigateway", ".md"].concat();
    assert!(offence(&format!("// See `{folder}/x`.")).is_some());
    assert!(offence(&format!("// ({file} \u{a7}9)")).is_some());
    assert!(offence(&format!("// ({file})")).is_some());
    assert!(offence("// the table in \u{a7}5").is_some());
    assert!(offence(&format!("// docs/{file} is in the repository")).is_none());
    assert!(offence(&["// docs/ingestion/logs/kinesis-", "firehose", ".md"].concat()).is_none());
    assert!(offence("// docs/sources.md, *Presets*").is_none());
    assert!(offence("// a variable reference").is_none());
}

#[test]
fn comments_cite_only_public_sources_or_repository_documents() {
    let root = workspace_root();
    let mut files = Vec::new();
    for top in ["crates", "src", "tests"] {
        rust_files(&root.join(top), &mut files);
    }
    files.sort();
    // Guard against a wrong root making the test pass vacuously.
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("crates/core/tests/citations.rs")),
        "the walk from {} did not find this test file",
        root.display()
    );

    let mut offences = Vec::new();
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        for (index, line) in text.lines().enumerate() {
            if let Some(why) = offence(line) {
                offences.push(format!("{shown}:{}: {why}: {}", index + 1, line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "{} line(s) cite something outside the repository; cite the public source or \
         docs/sources.md instead:\n{}",
        offences.len(),
        offences.join("\n")
    );
}
