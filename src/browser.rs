//! The two browser services the playground's leaves use: writing text to the clipboard and saving
//! text as a file. Both work under the page's strict Content-Security-Policy (no inline scripts,
//! no `eval`): the clipboard through `navigator.clipboard.writeText`, downloads through a `blob:`
//! URL on a temporary `<a download>`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why the clipboard could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyError;

/// Writes `text` to the clipboard. Fails when the page has no clipboard access (an insecure
/// origin, no focus, or permission denied); the caller then asks the user to copy by hand.
pub async fn copy_text(text: &str) -> Result<(), CopyError> {
    let navigator = gloo::utils::window().navigator();
    // `navigator.clipboard` is undefined outside secure contexts.
    let clipboard = navigator.clipboard();
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(CopyError);
    }
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| CopyError)
}

/// Why a file could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadError;

/// Offers `text` as a file called `file_name` of type `mime`: a `blob:` URL, clicked through a
/// temporary `<a download>` and revoked a minute later.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), DownloadError> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| DownloadError)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| DownloadError)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| DownloadError)?
        .dyn_into()
        .map_err(|_| DownloadError)?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = gloo::utils::body();
    body.append_child(&anchor).map_err(|_| DownloadError)?;
    anchor.click();
    anchor.remove();
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
