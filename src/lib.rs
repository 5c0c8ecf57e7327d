//! gwlog playground: a Yew app that checks API Gateway access-log formats and sample log lines
//! as you type, entirely in the browser. Every rule and parser comes from [`gwlog_core`]; this
//! crate only turns user intents into state changes ([`state`]) and state into HTML
//! ([`components`]).
//!
//! - [`app`]: the root component, owner of the one reducer.
//! - [`state`]: `State`, `Action` and the reducer, the only place state changes.
//! - [`analysis`]: the checked format and parsed lines for one snapshot of the inputs.
//! - [`text`]: pure helpers to present spans (highlight segments, offsets for the DOM).
//! - [`components`]: one component per file; leaves emit values through `on…` callbacks.

pub mod analysis;
pub mod app;
pub mod components;
pub mod state;
pub mod text;

pub use app::App;

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
