//! The format editor (`#format-input`): a `<textarea>` whose text is transparent over a `<pre>`
//! backdrop that repeats the text with diagnostic spans `<mark>`ed. The two scroll together.
//!
//! The user's text is only ever rendered as text nodes, never as HTML.

use super::marked_text::MarkedText;
use crate::state::Selection;
use crate::text::utf16_offset;
use gwlog_core::diagnostic::{Severity, Span};
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`FormatEditor`].
#[derive(Properties, PartialEq)]
pub struct FormatEditorProps {
    /// The format text.
    pub value: AttrValue,
    /// Spans of `value` to highlight (empty while the analysis lags behind the text).
    pub marks: Vec<(Span, Severity)>,
    /// Whether the format has errors (sets `aria-invalid`).
    #[prop_or_default]
    pub invalid: bool,
    /// A request to select a span; acted on whenever it changes.
    #[prop_or_default]
    pub selection: Option<Selection>,
    /// Called with the new text on every edit.
    pub on_input: Callback<String>,
}

/// The highlighted textarea.
#[component]
pub fn FormatEditor(props: &FormatEditorProps) -> Html {
    let textarea = use_node_ref();
    let backdrop = use_node_ref();

    let sync_scroll = {
        let (textarea, backdrop) = (textarea.clone(), backdrop.clone());
        move || {
            if let (Some(t), Some(b)) = (
                textarea.cast::<HtmlTextAreaElement>(),
                backdrop.cast::<HtmlElement>(),
            ) {
                b.set_scroll_top(t.scroll_top());
                b.set_scroll_left(t.scroll_left());
            }
        }
    };

    {
        let (textarea, value, sync_scroll) =
            (textarea.clone(), props.value.clone(), sync_scroll.clone());
        use_effect_with(props.selection, move |selection| {
            if let (Some(selection), Some(t)) = (selection, textarea.cast::<HtmlTextAreaElement>())
            {
                let start = utf16_offset(&value, selection.span.start);
                let end = utf16_offset(&value, selection.span.end);
                // Blur first so focusing scrolls the selection into view.
                let _ = t.blur();
                let _ = t.set_selection_range(start, end);
                let _ = t.focus();
                sync_scroll();
            }
        });
    }

    let oninput = {
        let (on_input, sync_scroll) = (props.on_input.clone(), sync_scroll.clone());
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit(t.value());
            sync_scroll();
        })
    };
    let onscroll = Callback::from(move |_: Event| sync_scroll());

    // A textarea shows a final empty line after a trailing newline; a <pre> does not.
    let trailing = if props.value.ends_with('\n') || props.value.is_empty() {
        " "
    } else {
        ""
    };

    html! {
        <div class="editor">
            <pre class="editor-backdrop" ref={backdrop} aria-hidden="true">
                <MarkedText text={props.value.clone()} spans={props.marks.clone()} />{ trailing }
            </pre>
            <textarea
                id="format-input"
                class="editor-input"
                ref={textarea}
                rows="7"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby="diagnostics-summary format-help"
                aria-invalid={props.invalid.to_string()}
                value={props.value.clone()}
                {oninput}
                {onscroll}
            />
        </div>
    }
}
