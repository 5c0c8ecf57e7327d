//! `docs/diagnostics.md` lists every diagnostic code: this test fails when it is out of date.
//! `GWLOG_BLESS=1 cargo test -p gwlog-core --test diagnostics_doc` rewrites it.

use gwlog_core::diagnostic::{reference_markdown, Code};
use std::path::Path;

fn doc_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md")
}

#[test]
fn docs_list_every_code_as_the_source_defines_it() {
    let expected = reference_markdown();
    if std::env::var_os("GWLOG_BLESS").is_some() {
        std::fs::write(doc_path(), &expected).expect("docs/diagnostics.md is writable");
    }
    let found = std::fs::read_to_string(doc_path()).unwrap_or_default();
    assert!(
        found == expected,
        "docs/diagnostics.md is out of date: run `GWLOG_BLESS=1 cargo test -p gwlog-core --test \
         diagnostics_doc` and commit the result"
    );
}

#[test]
fn every_code_string_is_unique_kebab_case_and_round_trips() {
    let mut seen = std::collections::HashSet::new();
    for code in Code::ALL {
        let text = code.as_str();
        assert!(seen.insert(text), "{text} twice");
        assert!(
            text.split('-').all(|part| !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{text} is not kebab-case"
        );
        assert_eq!(Code::from_str_exact(text), Some(*code));
        assert!(
            !code.summary().is_empty() && !code.severities().is_empty(),
            "{text}"
        );
    }
}

#[test]
fn codes_are_listed_in_alphabetical_order() {
    let strings: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut sorted = strings.clone();
    sorted.sort_unstable();
    assert_eq!(strings, sorted);
}
