//! gwlog playground: a Yew app that checks API Gateway access-log formats and sample log lines
//! as you type, entirely in the browser. Every rule and parser comes from [`gwlog_core`]; this
//! crate only turns user intents into state changes ([`state`]) and state into HTML
//! ([`components`]).
//!
//! - [`app`]: the root component, owner of the one reducer.
//! - [`state`]: `State` (inputs only), `Action` and the reducer, the only place state changes.
//! - [`derived`]: everything shown that is not an input, memoised by exactly its own inputs.
//! - [`dashboard`]: the OpenObserve dashboard's inputs, plan, JSON, VRL and previews.
//! - [`analysis`]: the checked format and parsed lines for one snapshot of the inputs.
//! - [`destination`]: the Destination inputs (secret included) and their checks.
//! - [`ingest`]: OpenObserve's columns, the simulated delivery and the curl command.
//! - [`setup`]: the AWS setup export's inputs and the generated text of one target.
//! - [`shared`]: `Rc`s that props compare by identity.
//! - [`browser`]: clipboard and file download, the only browser services used.
//! - [`text`]: pure helpers to present spans (highlight segments, offsets for the DOM).
//! - [`components`]: one component per file; leaves emit values through `on…` callbacks.

pub mod analysis;
pub mod app;
pub mod browser;
pub mod components;
pub mod dashboard;
pub mod derived;
pub mod destination;
pub mod ingest;
pub mod setup;
pub mod shared;
pub mod state;
pub mod text;

pub use app::{App, AppProps, Debounce, Flush};

/// Id of the element the app renders into (see `index.html`).
pub const ROOT_ID: &str = "app";

/// Replaces the contents of `#app` (the loading text) with the running app.
///
/// Falls back to `<body>` when `#app` is missing, so the app always shows up.
pub fn mount() {
    let document = gloo::utils::document();
    let root = match document.get_element_by_id(ROOT_ID) {
        Some(root) => {
            root.set_inner_html("");
            root
        }
        None => gloo::utils::body().into(),
    };
    yew::Renderer::<App>::with_root(root).render();
}
