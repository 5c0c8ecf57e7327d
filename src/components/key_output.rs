//! The computed access key (`#o2-key`): masked until the user asks to see it, with a copy button.
//! The key is a credential: when masked it is not in the page at all.

use super::copy_button::CopyButton;
use yew::prelude::*;

/// Props of [`KeyOutput`].
#[derive(Properties, PartialEq)]
pub struct KeyOutputProps {
    /// The key, when one can be computed.
    pub access_key: Option<AttrValue>,
}

/// The key (or dots), a show/hide toggle and a copy button.
#[component]
pub fn KeyOutput(props: &KeyOutputProps) -> Html {
    let shown = use_state_eq(|| false);
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    let Some(key) = props.access_key.clone() else {
        return html! {
            <div class="output-row">
                <span class="output-label">{ "Access key" }</span>
                <code id="o2-key" class="output-value is-empty">{ "Enter an email and a secret to compute it" }</code>
            </div>
        };
    };
    let masked = "•".repeat(key.chars().count().min(24));
    html! {
        <div class="output-row">
            <span class="output-label" id="o2-key-label">{ "Access key" }</span>
            <code id="o2-key" class={classes!("output-value", (!*shown).then_some("is-masked"))}
                aria-labelledby="o2-key-label" data-masked={(!*shown).to_string()}>
                { if *shown { key.to_string() } else { masked } }
            </code>
            <span class="output-actions">
                <button type="button" id="o2-key-show" class="button button-small"
                    aria-pressed={shown.to_string()} onclick={toggle}>
                    { if *shown { "Hide" } else { "Show" } }
                </button>
                <CopyButton text={key} what="the access key" id="o2-key-copy" />
            </span>
        </div>
    }
}
