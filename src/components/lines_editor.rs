//! The sample-lines editor (`#lines-input`): paste access-log lines, one per line.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`LinesEditor`].
#[derive(Properties, PartialEq)]
pub struct LinesEditorProps {
    /// The text.
    pub value: AttrValue,
    /// Called with the new text on every edit.
    pub on_input: Callback<String>,
}

/// A labelled, non-wrapping monospace textarea.
#[component]
pub fn LinesEditor(props: &LinesEditorProps) -> Html {
    let oninput = props.on_input.reform(|e: InputEvent| {
        let t: HtmlTextAreaElement = e.target_unchecked_into();
        t.value()
    });
    html! {
        <div class="field">
            <label for="lines-input">{ "Log lines" }</label>
            <textarea
                id="lines-input"
                class="lines-input"
                rows="8"
                wrap="off"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder="Paste access-log lines here, one entry per line"
                aria-describedby="lines-help"
                value={props.value.clone()}
                {oninput}
            />
            <p class="hint" id="lines-help">
                { "One entry per line, as CloudWatch, S3 or Firehose received it. Each non-empty line is parsed with the format." }
            </p>
        </div>
    }
}
