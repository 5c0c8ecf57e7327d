//! The region picker (`#fh-region`): every region botocore lists, grouped by partition, without
//! the `*-global` pseudo-regions (never a place a stream lives).

use super::field_messages::{input_state_class, FieldMessages};
use gwlog_core::aws::regions::{Partition, REGIONS};
use gwlog_core::diagnostic::Diagnostic;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`RegionSelect`].
#[derive(Properties, PartialEq)]
pub struct RegionSelectProps {
    /// The selected region code.
    pub value: AttrValue,
    /// Findings about the region.
    #[prop_or_default]
    pub diagnostics: Vec<Diagnostic>,
    /// Called with the chosen region code.
    pub on_change: Callback<String>,
}

/// A labelled `<select>` with one `<optgroup>` per partition.
#[component]
pub fn RegionSelect(props: &RegionSelectProps) -> Html {
    let onchange = props.on_change.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let listed = REGIONS.iter().any(|r| r.code() == props.value.as_str());
    html! {
        <div class={classes!("field", "input-field", input_state_class(&props.diagnostics, false))}>
            <label for="fh-region">{ "Region" }</label>
            <select id="fh-region" {onchange} aria-describedby="fh-region-messages">
                if !listed {
                    <option value={props.value.clone()} selected=true>{ &props.value }</option>
                }
                { for Partition::ALL.iter().map(|partition| html! {
                    <optgroup label={partition.id()}>
                        { for partition.regions().filter(|r| !r.is_global()).map(|region| html! {
                            <option value={region.code()} selected={region.code() == props.value.as_str()}>
                                { format!("{} · {}", region.code(), region.name()) }
                            </option>
                        }) }
                    </optgroup>
                }) }
            </select>
            <FieldMessages id="fh-region-messages" diagnostics={props.diagnostics.clone()} />
        </div>
    }
}
