//! The format-kind badge (`#format-kind`): JSON, CLF, CSV, XML or text, as gwlog-core detects it.

use gwlog_core::format::FormatKind;
use yew::prelude::*;

/// Props of [`KindBadge`].
#[derive(Properties, PartialEq)]
pub struct KindBadgeProps {
    /// The detected kind.
    pub kind: FormatKind,
}

/// A small badge with `data-kind` set to the kind's identifier.
#[component]
pub fn KindBadge(props: &KindBadgeProps) -> Html {
    let kind = props.kind.as_str();
    html! {
        <span id="format-kind" class={classes!("badge", format!("kind-{kind}"))} data-kind={kind}
            title="The kind of entries this format renders">
            { props.kind.label() }
        </span>
    }
}
