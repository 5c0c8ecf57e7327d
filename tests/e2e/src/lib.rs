//! Test support for gwlog's end-to-end test (`tests/playground.rs`): the release bundle in
//! `dist/` is served under a sub-path by [`server::StaticServer`] and driven in headless Chromium
//! by [`browser::Browser`], exactly as a user would load it from a static host.

pub mod browser;
pub mod server;

use std::path::{Path, PathBuf};

/// The sub-path the bundle is served under, to prove every asset URL is relative.
pub const PREFIX: &str = "/tools/gwlog/";

/// The workspace's `dist/` directory (or `$GWLOG_DIST`, relative to the workspace, for another
/// build such as the dashboard preview's `dist-dashboard/`), checked to hold a built bundle.
///
/// Panics with the command to run when `dist/index.html` is missing: the end-to-end test never
/// skips silently.
pub fn dist_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2);
    let dist = workspace
        .expect("tests/e2e sits two levels below the workspace")
        .join(std::env::var("GWLOG_DIST").unwrap_or_else(|_| "dist".to_owned()));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the playground first with `trunk build --offline --release` \
         (scripts/test does this before running the end-to-end test)",
        dist.display()
    );
    dist
}
