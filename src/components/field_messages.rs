//! The messages about one input, listed under it (`ul.field-messages`), most severe first as core
//! orders them. While the input is still empty its findings read as what is needed, not as errors.

use super::marked_text::sev_class;
use super::message_text::message;
use gwlog_core::diagnostic::Diagnostic;
use yew::prelude::*;

/// Props of [`FieldMessages`].
#[derive(Properties, PartialEq)]
pub struct FieldMessagesProps {
    /// Element id of the list (inputs point at it with `aria-describedby`).
    pub id: AttrValue,
    /// The diagnostics about the input.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the input is empty (its findings are then shown as "needed").
    #[prop_or_default]
    pub pending: bool,
}

/// A `ul.field-messages` with one `li.field-message[data-code][data-severity]` per diagnostic.
#[component]
pub fn FieldMessages(props: &FieldMessagesProps) -> Html {
    html! {
        <ul id={props.id.clone()} class={classes!("field-messages", props.pending.then_some("pending"))}>
            { for props.diagnostics.iter().map(|d| html! {
                <li class={classes!("field-message", sev_class(d.severity))}
                    data-code={d.code.as_str()} data-severity={d.severity.as_str()}>
                    <span class="severity-dot" aria-hidden="true"></span>
                    <span class="visually-hidden">{ format!("{}: ", d.severity) }</span>
                    { message(&d.message) }
                </li>
            }) }
        </ul>
    }
}

/// The CSS class an input gets from its diagnostics: `has-error`, `has-warning` or none.
pub fn input_state_class(diagnostics: &[Diagnostic], pending: bool) -> Option<&'static str> {
    if pending {
        None
    } else if diagnostics.iter().any(Diagnostic::is_error) {
        Some("has-error")
    } else if diagnostics
        .iter()
        .any(|d| d.severity == gwlog_core::diagnostic::Severity::Warning)
    {
        Some("has-warning")
    } else {
        None
    }
}
