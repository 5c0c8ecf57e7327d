//! A core message with its Markdown backtick runs shown as `<code>`. Built from text nodes and
//! `<code>` elements only: the message is never parsed as HTML.

use crate::text::{message_parts, MessagePart};
use yew::prelude::*;

/// Props of [`MessageText`].
#[derive(Properties, PartialEq)]
pub struct MessageTextProps {
    /// The message, as core wrote it.
    pub text: AttrValue,
}

/// The message cut by [`message_parts`]: plain text, and `<code>` for each `` `…` `` run.
#[component]
pub fn MessageText(props: &MessageTextProps) -> Html {
    message(&props.text)
}

/// The same as [`MessageText`], for places that build `Html` in plain functions.
pub fn message(text: &str) -> Html {
    message_parts(text)
        .into_iter()
        .map(|part| match part {
            MessagePart::Text(text) => html! { { text } },
            MessagePart::Code(code) => html! { <code class="msg-code">{ code }</code> },
        })
        .collect()
}
