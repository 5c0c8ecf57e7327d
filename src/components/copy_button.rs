//! A "Copy" button for a generated value: writes it to the clipboard and says how that went
//! ("Copied", or "Copy failed: select and copy by hand" when the page may not use the clipboard).

use crate::browser::copy_text;
use gloo::timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;

/// How long "Copied" stays before the button reads "Copy" again, in ms.
const CONFIRM_MS: u32 = 2500;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text to copy.
    pub text: AttrValue,
    /// What is copied, for screen readers ("the ingestion URL").
    pub what: AttrValue,
    /// Element id of the button.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Feedback {
    Idle,
    Copied,
    Failed,
}

/// A `button.copy` followed by a live status text.
#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let feedback = use_state_eq(|| Feedback::Idle);
    {
        // Time passing clears "Copied"…
        let feedback = feedback.clone();
        use_effect_with(*feedback, move |now| {
            let timeout = (*now == Feedback::Copied)
                .then(|| Timeout::new(CONFIRM_MS, move || feedback.set(Feedback::Idle)));
            move || drop(timeout)
        });
    }
    {
        // …and so does a new value.
        let feedback = feedback.clone();
        use_effect_with(props.text.clone(), move |_| feedback.set(Feedback::Idle));
    }
    let onclick = {
        let (text, feedback) = (props.text.clone(), feedback.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, feedback) = (text.clone(), feedback.clone());
            spawn_local(async move {
                feedback.set(match copy_text(&text).await {
                    Ok(()) => Feedback::Copied,
                    Err(_) => Feedback::Failed,
                });
            });
        })
    };
    let (label, status) = match *feedback {
        Feedback::Idle => ("Copy", ""),
        Feedback::Copied => ("Copied", "Copied to the clipboard"),
        Feedback::Failed => ("Copy", "Copy failed: select and copy by hand"),
    };
    html! {
        <span class="copy">
            <button
                type="button"
                id={props.id.clone()}
                class={classes!("button", "button-small", "copy-button", (*feedback == Feedback::Copied).then_some("is-copied"))}
                aria-label={format!("Copy {}", props.what)}
                disabled={props.text.is_empty()}
                {onclick}
            >
                { label }
            </button>
            <span class={classes!("copy-status", (*feedback == Feedback::Failed).then_some("is-failed"))} role="status">
                { status }
            </span>
        </span>
    }
}
