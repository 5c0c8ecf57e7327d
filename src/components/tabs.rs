//! A row of tabs (the WAI-ARIA tabs pattern): click or use the arrow keys, Home and End; focus
//! follows the selected tab.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// One tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    /// Element id of the tab button.
    pub id: AttrValue,
    /// Its text.
    pub label: AttrValue,
}

/// Props of [`Tabs`].
#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The tabs, in order.
    pub tabs: Vec<Tab>,
    /// Index of the selected tab.
    pub selected: usize,
    /// Element id of the panel the tabs control.
    pub controls: AttrValue,
    /// What the tabs choose, for screen readers.
    pub label: AttrValue,
    /// Called with the index of the tab chosen.
    pub on_select: Callback<usize>,
}

/// A `div[role=tablist]` of `button[role=tab]`.
#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let onkeydown = {
        let (on_select, n, selected) = (props.on_select.clone(), props.tabs.len(), props.selected);
        let ids: Vec<AttrValue> = props.tabs.iter().map(|t| t.id.clone()).collect();
        Callback::from(move |e: KeyboardEvent| {
            if n == 0 {
                return;
            }
            let next = match e.key().as_str() {
                "ArrowRight" => (selected + 1) % n,
                "ArrowLeft" => (selected + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(next);
            let tab = gloo::utils::document()
                .get_element_by_id(&ids[next])
                .and_then(|el| el.dyn_into::<HtmlElement>().ok());
            if let Some(tab) = tab {
                let _ = tab.focus();
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label={props.label.clone()} {onkeydown}>
            { for props.tabs.iter().enumerate().map(|(index, tab)| {
                let is_selected = index == props.selected;
                let onclick = props.on_select.reform(move |_: MouseEvent| index);
                html! {
                    <button type="button" role="tab" id={tab.id.clone()}
                        class={classes!("tab", is_selected.then_some("selected"))}
                        aria-selected={is_selected.to_string()} aria-controls={props.controls.clone()}
                        tabindex={if is_selected { "0" } else { "-1" }} {onclick}>
                        { &tab.label }
                    </button>
                }
            }) }
        </div>
    }
}
