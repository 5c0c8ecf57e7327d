//! The core's modules form layers, and a module uses only the layers below it: the order
//! documented at the top of `src/lib.rs`, checked here by reading the crate's own sources.
//!
//! A `crate::<module>` path anywhere in a module's code (a `use`, a `use crate::{…}` group, a
//! full path in an expression) is a use of that module. Comments are skipped.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Bottom to top. Modules on the same layer do not use each other either.
const LAYERS: &[&[&str]] = &[
    &["api", "diagnostic", "escape", "similarity"],
    &["format"],
    &["line"],
    &["aws", "synth"],
    &["openobserve"],
    &["export", "dashboard", "iac", "builder"],
    &["checklist"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/openobserve/url.rs` → `openobserve`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

/// Code without `//` comments (doc comments included: their examples use the public API).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal on the same line is rare in this crate; URLs in
            // strings are written `https://`, so only cut at `//` not preceded by `:`.
            Some(at) if !line[..at].ends_with(':') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module named after `crate::` in `code`, including the members of `crate::{a, b::c}`.
fn used_modules(code: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Top-level names of the group: split at commas outside nested braces.
            let mut depth = 0;
            let mut start = 0;
            let inner = &group[..end];
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        used.push(first_ident(&inner[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            used.push(first_ident(&inner[start..]));
        } else {
            used.push(first_ident(rest));
        }
    }
    used.retain(|name| !name.is_empty());
    used
}

fn first_ident(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    for line in lib.lines() {
        if let Some(name) = line.strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                layer_of(name).is_some(),
                "module `{name}` is missing from LAYERS in tests/layers.rs and from the layer \
                 order in src/lib.rs"
            );
        }
    }
}

#[test]
fn lib_documents_the_same_layers() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    for (index, layer) in LAYERS.iter().enumerate() {
        let line = format!("//! {}. ", index + 1);
        let documented = lib
            .lines()
            .find(|l| l.starts_with(&line))
            .unwrap_or_else(|| panic!("src/lib.rs documents no layer {}", index + 1));
        for module in *layer {
            assert!(
                documented.contains(&format!("`{module}`")),
                "src/lib.rs layer {} does not name `{module}`: {documented}",
                index + 1
            );
        }
    }
}

#[test]
fn no_module_uses_a_module_on_its_own_layer_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            continue; // reported by every_top_level_module_has_a_layer
        };
        let code = code_of(&fs::read_to_string(file).expect("readable source"));
        for used in used_modules(&code) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                _ => violations
                    .entry(file.strip_prefix(&src).unwrap().display().to_string())
                    .or_default()
                    .push(format!("{module} uses {used}")),
            }
        }
    }
    assert!(
        violations.is_empty(),
        "modules using their own layer or a layer above (see src/lib.rs): {violations:#?}"
    );
}

#[test]
fn the_reader_finds_grouped_and_nested_uses() {
    let code = "use crate::{api::ApiType, format::{self, json}};\nlet x = crate::line::parse();";
    assert_eq!(used_modules(code), ["api", "format", "line"]);
}
