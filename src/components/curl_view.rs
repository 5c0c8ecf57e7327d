//! The `curl` command (`#curl`) that posts the simulated Firehose request to the user's own
//! OpenObserve, to check its answer before wiring Firehose up. The access key comes from
//! `$OPENOBSERVE_ACCESS_KEY` unless the user ticks `#curl-include-key`.

use super::copy_button::CopyButton;
use crate::ingest::Curl;
use crate::shared::Shared;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`CurlView`].
#[derive(Properties, PartialEq)]
pub struct CurlViewProps {
    /// The command.
    pub curl: Shared<Curl>,
    /// Whether a usable access key exists (the toggle is disabled otherwise).
    pub has_key: bool,
    /// Whether the user asked for the key inside the command.
    pub include_key: bool,
    /// Called when the toggle changes.
    pub on_include_key: Callback<bool>,
}

/// The toggle, the command and its copy button.
#[component]
pub fn CurlView(props: &CurlViewProps) -> Html {
    let onchange = props.on_include_key.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let embedded = props.curl.key.is_some();
    html! {
        <div class="curl">
            <div class="curl-head">
                <label class="checkbox" for="curl-include-key">
                    <input type="checkbox" id="curl-include-key" checked={props.include_key}
                        disabled={!props.has_key} {onchange} />
                    { "Include my access key in the command" }
                </label>
                <CopyButton text={AttrValue::from(props.curl.text.clone())} what="the curl command" id="curl-copy" />
            </div>
            <p class={classes!("hint", embedded.then_some("warn"))}>
                { if embedded {
                    "The command holds your access key: do not paste it anywhere shared."
                } else if props.has_key {
                    "The key is read from $OPENOBSERVE_ACCESS_KEY: export it in your shell first (or tick the box)."
                } else {
                    "The key is read from $OPENOBSERVE_ACCESS_KEY: export it in your shell first."
                } }
            </p>
            <pre id="curl" class="code-block curl-text" tabindex="0">{ &props.curl.text }</pre>
        </div>
    }
}
