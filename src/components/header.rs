//! The page header: product name, what the tool is for, and that nothing leaves the browser.

use yew::prelude::*;

/// Product name, tagline and the privacy promise.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "gw" }</span>
                <div>
                    <h1>{ "gwlog" }</h1>
                    <p class="tagline">
                        { "API Gateway access-log formats and lines, checked before Amazon Data Firehose ships them to OpenObserve." }
                    </p>
                </div>
            </div>
            <p class="privacy" title="gwlog is static files and WebAssembly: nothing you paste leaves this page">
                { "Runs in your browser · nothing is uploaded" }
            </p>
        </header>
    }
}
