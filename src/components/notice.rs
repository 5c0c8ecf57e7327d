//! A banner for a finding that decides everything else (Firehose not available for the API
//! type, a format OpenObserve rejects): coloured by severity, with a title and a message.

use super::marked_text::sev_class;
use gwlog_core::diagnostic::Severity;
use yew::prelude::*;

/// Props of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// Element id.
    pub id: AttrValue,
    /// How serious it is; errors are announced (`role="alert"`).
    pub severity: Severity,
    /// One short line in bold.
    pub title: AttrValue,
    /// The explanation.
    #[prop_or_default]
    pub children: Html,
}

/// A `div.notice.sev-…`.
#[component]
pub fn Notice(props: &NoticeProps) -> Html {
    let role = if props.severity == Severity::Error {
        "alert"
    } else {
        "note"
    };
    html! {
        <div id={props.id.clone()} class={classes!("notice", sev_class(props.severity))} role={role}>
            <p class="notice-title">{ &props.title }</p>
            <div class="notice-body">{ props.children.clone() }</div>
        </div>
    }
}
