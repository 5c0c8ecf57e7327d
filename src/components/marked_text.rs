//! Text with spans highlighted by `<mark>` elements, one class per severity. The text is only
//! ever rendered as text nodes, never parsed as HTML.

use crate::text::{segments, Segment};
use gwlog_core::diagnostic::{Severity, Span};
use yew::prelude::*;

/// Props of [`MarkedText`].
#[derive(Properties, PartialEq)]
pub struct MarkedTextProps {
    /// The text to show.
    pub text: AttrValue,
    /// Byte spans of `text` to mark, with their severity.
    #[prop_or_default]
    pub spans: Vec<(Span, Severity)>,
}

/// The text, cut by [`segments`]; marked parts become `<mark class="sev-…">`, empty spans
/// `<mark class="point sev-…">` (drawn as a thin bar).
#[component]
pub fn MarkedText(props: &MarkedTextProps) -> Html {
    let text = props.text.as_str();
    segments(text, &props.spans)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text {
                range,
                severity: None,
            } => html! { { &text[range] } },
            Segment::Text {
                range,
                severity: Some(severity),
            } => html! {
                <mark class={classes!("span", sev_class(severity))}>{ &text[range] }</mark>
            },
            Segment::Point { severity } => html! {
                <mark class={classes!("point", sev_class(severity))}></mark>
            },
        })
        .collect()
}

/// The CSS class for a severity: `sev-error`, `sev-warning`, `sev-info`.
pub fn sev_class(severity: Severity) -> String {
    format!("sev-{}", severity.as_str())
}
