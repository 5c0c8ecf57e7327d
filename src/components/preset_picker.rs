//! The preset picker (`#preset`): formats published by the API Gateway console, AWS CDK and
//! OpenObserve, for the selected API type.

use gwlog_core::api::ApiType;
use gwlog_core::format::presets::{self, Preset};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`PresetPicker`].
#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    /// Only presets for this API type are listed.
    pub api: ApiType,
    /// The preset the format currently equals, if any ("Custom" otherwise).
    pub selected: Option<&'static Preset>,
    /// Called with the id of the chosen preset.
    pub on_choose: Callback<String>,
}

/// A labelled `<select>` of presets, plus where the selected one comes from.
#[component]
pub fn PresetPicker(props: &PresetPickerProps) -> Html {
    let on_choose = props.on_choose.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let id = select.value();
        if !id.is_empty() {
            on_choose.emit(id);
        }
    });
    let selected_id = props.selected.map(|p| p.id);
    html! {
        <div class="field field-grow">
            <label for="preset">{ "Preset" }</label>
            <select id="preset" {onchange} aria-describedby="preset-source">
                <option value="" selected={selected_id.is_none()} disabled=true>{ "Custom (edited)" }</option>
                { for presets::for_api(props.api).map(|preset| html! {
                    <option value={preset.id} selected={selected_id == Some(preset.id)}>
                        { preset.label }
                    </option>
                }) }
            </select>
            <p class="hint" id="preset-source">
                { match props.selected {
                    Some(preset) => format!("Source: {}", preset.source),
                    None => "Your own format. Pick a preset to start over.".to_owned(),
                } }
            </p>
        </div>
    }
}
