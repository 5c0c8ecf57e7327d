//! The sample-lines editor (`#lines-input`): paste access-log lines, one per line, or generate
//! lines the format writes (`#generate-lines-panel`).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`LinesEditor`].
#[derive(Properties, PartialEq)]
pub struct LinesEditorProps {
    /// The text.
    pub value: AttrValue,
    /// Called with the new text on every edit.
    pub on_input: Callback<String>,
    /// Called when the user asks for lines generated from the format.
    pub on_generate: Callback<()>,
}

/// Props of [`GenerateButton`].
#[derive(Properties, PartialEq)]
pub struct GenerateButtonProps {
    /// Element id.
    pub id: AttrValue,
    /// Called on click.
    pub on_generate: Callback<()>,
}

/// "Generate sample lines for this format": replaces the sample lines with lines core generates.
#[component]
pub fn GenerateButton(props: &GenerateButtonProps) -> Html {
    let onclick = props.on_generate.reform(|_: MouseEvent| ());
    html! {
        <button type="button" id={props.id.clone()} class="button button-small generate-lines"
            title="Replace the sample lines with lines this format writes" {onclick}>
            { "Generate sample lines for this format" }
        </button>
    }
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
            <div class="editor-head">
                <label for="lines-input">{ "Log lines" }</label>
                <GenerateButton id="generate-lines-panel" on_generate={props.on_generate.clone()} />
            </div>
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
