//! The page header: product name and what the tool is for.

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
                        { "Check API Gateway access-log formats and sample lines before they go through Firehose to OpenObserve." }
                    </p>
                </div>
            </div>
            <p class="privacy">{ "Runs entirely in your browser: nothing you paste leaves this page." }</p>
        </header>
    }
}
