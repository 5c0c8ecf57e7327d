//! A "Download" button that saves generated text as a file (`.sh`, `.yaml`, `.tf`), with a short
//! status saying whether the browser accepted it.

use crate::browser::download;
use yew::prelude::*;

/// Props of [`DownloadButton`].
#[derive(Properties, PartialEq)]
pub struct DownloadButtonProps {
    /// The file's content.
    pub text: AttrValue,
    /// The file name offered.
    pub file_name: AttrValue,
    /// The MIME type.
    #[prop_or(AttrValue::Static("text/plain"))]
    pub mime: AttrValue,
    /// Element id of the button.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// A `button.download` followed by a live status text.
#[component]
pub fn DownloadButton(props: &DownloadButtonProps) -> Html {
    let status = use_state_eq(String::new);
    {
        let status = status.clone();
        use_effect_with((props.text.clone(), props.file_name.clone()), move |_| {
            status.set(String::new())
        });
    }
    let onclick = {
        let (text, name, mime) = (
            props.text.clone(),
            props.file_name.clone(),
            props.mime.clone(),
        );
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(match download(&name, &mime, &text) {
                Ok(()) => format!("Saved as {name}"),
                Err(_) => "Download failed: copy the text instead".to_owned(),
            });
        })
    };
    html! {
        <span class="copy">
            <button
                type="button"
                id={props.id.clone()}
                class="button button-small"
                disabled={props.text.is_empty()}
                title={format!("Save as {}", props.file_name)}
                {onclick}
            >
                { format!("Download {}", props.file_name) }
            </button>
            <span class="copy-status" role="status">{ (*status).clone() }</span>
        </span>
    }
}
