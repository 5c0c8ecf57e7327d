//! The API-type selector (`#api-type`): REST, HTTP or WebSocket, whose rules differ.

use gwlog_core::api::ApiType;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`ApiPicker`].
#[derive(Properties, PartialEq)]
pub struct ApiPickerProps {
    /// The selected API type.
    pub api: ApiType,
    /// Called with the newly chosen API type.
    pub on_change: Callback<ApiType>,
}

/// A labelled `<select>` listing [`ApiType::ALL`].
#[component]
pub fn ApiPicker(props: &ApiPickerProps) -> Html {
    let onchange = props.on_change.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value().parse().unwrap_or_default()
    });
    html! {
        <div class="field">
            <label for="api-type">{ "API type" }</label>
            <select id="api-type" {onchange}>
                { for ApiType::ALL.iter().map(|api| html! {
                    <option value={api.as_str()} selected={*api == props.api}>{ api.label() }</option>
                }) }
            </select>
        </div>
    }
}
