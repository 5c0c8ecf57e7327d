//! A labelled single-line input with its hint and its diagnostics listed under it; the input is
//! outlined in the colour of its most severe finding and marked `aria-invalid` on errors.

use super::field_messages::{input_state_class, FieldMessages};
use gwlog_core::diagnostic::Diagnostic;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`LabelledInput`].
#[derive(Properties, PartialEq)]
pub struct LabelledInputProps {
    /// Element id of the `<input>`.
    pub id: AttrValue,
    /// The label text.
    pub label: AttrValue,
    /// The value shown; `None` leaves the input uncontrolled (the secret is never passed back in).
    #[prop_or_default]
    pub value: Option<AttrValue>,
    /// `text`, `password`, `email`, `url`…
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// Placeholder text.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// `autocomplete` attribute.
    #[prop_or(AttrValue::Static("off"))]
    pub autocomplete: AttrValue,
    /// `inputmode` attribute.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// One line under the input saying what to type.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Findings about the value.
    #[prop_or_default]
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the input is empty (findings then read as "needed", not as errors).
    #[prop_or_default]
    pub pending: bool,
    /// Extra class for the wrapper (layout).
    #[prop_or_default]
    pub class: Classes,
    /// Called with the new text on every edit.
    pub on_input: Callback<String>,
}

/// `div.field` with label, input, hint and `ul.field-messages`.
#[component]
pub fn LabelledInput(props: &LabelledInputProps) -> Html {
    let oninput = props.on_input.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.value()
    });
    let hint_id = format!("{}-hint", props.id);
    let messages_id = format!("{}-messages", props.id);
    let state = input_state_class(&props.diagnostics, props.pending);
    let invalid = state == Some("has-error");
    let describedby = match props.hint {
        Some(_) => format!("{hint_id} {messages_id}"),
        None => messages_id.clone(),
    };
    html! {
        <div class={classes!("field", "input-field", state, props.class.clone())}>
            <label for={props.id.clone()}>{ &props.label }</label>
            <input
                id={props.id.clone()}
                type={props.kind.clone()}
                class="text-input"
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                autocomplete={props.autocomplete.clone()}
                inputmode={props.inputmode.clone()}
                autocapitalize="off"
                spellcheck="false"
                aria-invalid={invalid.to_string()}
                aria-describedby={describedby}
                {oninput}
            />
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint }</p>
            }
            <FieldMessages id={messages_id} diagnostics={props.diagnostics.clone()} pending={props.pending} />
        </div>
    }
}
