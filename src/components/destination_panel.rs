//! The Destination panel (`#destination`): OpenObserve's ingestion URL and the stream name it
//! stores, the access key computed from email and secret, and the Firehose stream name, region,
//! account and ARN, plus a box that explains a pasted ARN; for HTTP and WebSocket APIs, the
//! CloudWatch Logs log group the simulated subscription names (`#cw-log-group`). Every value and finding comes from
//! [`DestinationCheck`]; this component only lays them out next to their inputs.

use super::copy_button::CopyButton;
use super::field_messages::FieldMessages;
use super::key_output::KeyOutput;
use super::labelled_input::LabelledInput;
use super::marked_text::MarkedText;
use super::message_text::message;
use super::notice::Notice;
use super::region_select::RegionSelect;
use crate::destination::{
    DestinationCheck, DestinationInputs, Secret, TextInput, DEFAULT_LOG_GROUP, SUBSCRIPTION_FILTER,
};
use crate::shared::Shared;
use gwlog_core::aws::arn::ArnField;
use gwlog_core::diagnostic::Severity;
use gwlog_core::openobserve::access_key::KeyField;
use gwlog_core::openobserve::url::{Field, CLOUD_BASE_URL};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`DestinationPanel`].
#[derive(Properties, PartialEq)]
pub struct DestinationPanelProps {
    /// What was typed.
    pub inputs: Shared<DestinationInputs>,
    /// What core says about it.
    pub check: Shared<DestinationCheck>,
    /// Called with `true` for OpenObserve Cloud, `false` for self-hosted.
    pub on_cloud: Callback<bool>,
    /// Called when a text input changes.
    pub on_edit: Callback<(TextInput, String)>,
    /// Called when the secret changes.
    pub on_secret: Callback<Secret>,
}

/// The groups of the Destination panel (the CloudWatch Logs one only for HTTP and WebSocket APIs).
#[component]
pub fn DestinationPanel(props: &DestinationPanelProps) -> Html {
    let check = &props.check;
    let inputs = &props.inputs;
    let edit = |input: TextInput| props.on_edit.reform(move |text: String| (input, text));
    let on_secret = props.on_secret.reform(Secret::new);
    let cloud_radio = |cloud: bool, id: &'static str, label: &'static str| {
        let onchange = props.on_cloud.reform(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if input.checked() {
                cloud
            } else {
                !cloud
            }
        });
        html! {
            <label class="segment" for={id}>
                <input type="radio" name="o2-where" id={id} value={id}
                    checked={inputs.cloud == cloud} {onchange} />
                <span>{ label }</span>
            </label>
        }
    };

    let url_messages = check.url_diagnostics(Field::Url);
    // One click to the name OpenObserve stores the stream under, when it differs from the typed one.
    let stored = check.url.stream.clone();
    let use_stored = (!stored.is_empty() && stored != inputs.stream).then(|| {
        let apply = edit(TextInput::Stream);
        let name = stored.clone();
        Callback::from(move |_: MouseEvent| apply.emit(name.clone()))
    });
    let firehose = &check.firehose;
    let remaining = if firehose.remaining >= 0 {
        format!("{} characters left", firehose.remaining)
    } else {
        format!("{} characters over the limit", -firehose.remaining)
    };

    html! {
        <>
            if let Some(rest_only) = &check.rest_only {
                <Notice id="firehose-rest-only" severity={Severity::Error}
                    title="Firehose is an access-log destination for REST APIs only">
                    <p>{ message(&rest_only.message) }</p>
                </Notice>
            }
            <fieldset class="group">
                <legend>{ "OpenObserve endpoint" }</legend>
                <div class="segmented" role="radiogroup" aria-label="Where OpenObserve runs">
                    { cloud_radio(false, "o2-self-hosted", "Self-hosted") }
                    { cloud_radio(true, "o2-cloud", "OpenObserve Cloud") }
                </div>
                if !inputs.cloud {
                    <LabelledInput id="o2-base" label="Base URL" kind="url"
                        value={AttrValue::from(inputs.base.clone())}
                        placeholder="https://openobserve.example.com"
                        hint="https://host of your server, plus ZO_BASE_URI if it sets one. Firehose needs HTTPS on port 443."
                        diagnostics={check.url_diagnostics(Field::Base)}
                        pending={inputs.base.is_empty()}
                        on_input={edit(TextInput::Base)} />
                } else {
                    <p class="hint">{ format!("OpenObserve Cloud ingests at {CLOUD_BASE_URL}.") }</p>
                }
                <div class="field-row">
                    <LabelledInput id="o2-org" label="Organization" value={AttrValue::from(inputs.org.clone())}
                        placeholder="default"
                        diagnostics={check.url_diagnostics(Field::Org)}
                        on_input={edit(TextInput::Org)} />
                    <LabelledInput id="o2-stream" label="Stream" value={AttrValue::from(inputs.stream.clone())}
                        placeholder="default"
                        diagnostics={check.url_diagnostics(Field::Stream)}
                        pending={inputs.stream.is_empty()}
                        on_input={edit(TextInput::Stream)} />
                </div>
                if let Some(onclick) = use_stored {
                    <p class="field-action">
                        <button type="button" id="o2-stream-use-stored" class="button button-quiet" {onclick}>
                            { format!("Use \u{201c}{stored}\u{201d}, the name OpenObserve stores") }
                        </button>
                    </p>
                }
                <div class="outputs">
                    <div class="output-row">
                        <span class="output-label" id="o2-url-label">{ "Firehose HTTP endpoint URL" }</span>
                        if check.url_ready() {
                            <code id="o2-url" class={classes!("output-value", (!url_messages.is_empty()).then_some("has-findings"))}
                                aria-labelledby="o2-url-label">{ &check.url.url }</code>
                            <span class="output-actions">
                                <CopyButton text={AttrValue::from(check.url.url.clone())} what="the endpoint URL" id="o2-url-copy" />
                            </span>
                        } else {
                            <code id="o2-url" class="output-value is-empty" aria-labelledby="o2-url-label">{ if inputs.base.trim().is_empty() && !inputs.cloud { "Needs a base URL" } else { "Needs a valid base URL" } }</code>
                        }
                    </div>
                    <FieldMessages id="o2-url-messages" diagnostics={url_messages} />
                    <div class="output-row">
                        <span class="output-label">{ "Stored as stream" }</span>
                        <code id="o2-stored" class="output-value">
                            { if check.url.stream.is_empty() { "—" } else { check.url.stream.as_str() } }
                        </code>
                    </div>
                </div>
            </fieldset>

            <fieldset class="group">
                <legend>{ "Access key" }</legend>
                <p class="hint">
                    { "Firehose sends it in X-Amz-Firehose-Access-Key: base64 of email:secret, computed here. The secret stays in this page's memory: it is never saved, logged or put into generated text." }
                </p>
                <div class="field-row">
                    <LabelledInput id="o2-email" label="Email" kind="email"
                        value={AttrValue::from(inputs.email.clone())}
                        placeholder="root@example.com"
                        diagnostics={check.key_diagnostics(KeyField::Email)}
                        on_input={edit(TextInput::Email)} />
                    <LabelledInput id="o2-secret" label="Password or ingestion token" kind="password"
                        placeholder="o2oi_… or the user's password"
                        diagnostics={check.key_diagnostics(KeyField::Secret)}
                        on_input={on_secret} />
                </div>
                <div class="outputs">
                    <KeyOutput access_key={check.access_key().map(|k| AttrValue::from(k.to_owned()))} />
                </div>
            </fieldset>

            <fieldset class="group">
                <legend>{ "Firehose stream" }</legend>
                <LabelledInput id="fh-name" label="Stream name" value={AttrValue::from(inputs.firehose_name.clone())}
                    placeholder="prod"
                    hint="Your own part is enough: the amazon-apigateway- prefix API Gateway requires is added."
                    diagnostics={check.arn_diagnostics(ArnField::Name)}
                    pending={inputs.firehose_name.is_empty()}
                    on_input={edit(TextInput::FirehoseName)} />
                <p class="name-preview">
                    { "Used as " }<code id="fh-full-name">{ &firehose.name }</code>
                    { " · " }
                    <span id="fh-remaining" class={classes!((firehose.remaining < 0).then_some("over"))}>{ remaining }</span>
                </p>
                <div class="field-row">
                    <RegionSelect value={AttrValue::from(inputs.region.clone())}
                        diagnostics={check.arn_diagnostics(ArnField::Region)}
                        on_change={edit(TextInput::Region)} />
                    <LabelledInput id="fh-account" label="Account id" value={AttrValue::from(inputs.account.clone())}
                        placeholder="123456789012" inputmode="numeric"
                        diagnostics={check.arn_diagnostics(ArnField::Account)}
                        pending={inputs.account.is_empty()}
                        on_input={edit(TextInput::Account)} />
                </div>
                <div class="outputs">
                    <div class="output-row">
                        <span class="output-label" id="fh-arn-label">{ "Stream ARN" }</span>
                        { match &check.arn.arn {
                            Some(arn) => html! {
                                <>
                                    <code id="fh-arn" class="output-value" aria-labelledby="fh-arn-label">{ arn.to_string() }</code>
                                    <span class="output-actions">
                                        <CopyButton text={AttrValue::from(arn.to_string())} what="the stream ARN" id="fh-arn-copy" />
                                    </span>
                                </>
                            },
                            None => html! {
                                <code id="fh-arn" class="output-value is-empty">{ "Needs a valid name, region and account id" }</code>
                            },
                        } }
                    </div>
                </div>
                <LabelledInput id="fh-paste-arn" label="Check a destination ARN"
                    value={AttrValue::from(inputs.pasted_arn.clone())}
                    placeholder="arn:aws:firehose:… or arn:aws:logs:…:log-group:…"
                    hint="Paste the ARN your stage or template uses: each fault is explained."
                    on_input={edit(TextInput::PastedArn)} />
                { pasted(check, &inputs.pasted_arn) }
            </fieldset>

            if check.rest_only.is_some() {
                <fieldset class="group">
                    <legend>{ "CloudWatch Logs subscription" }</legend>
                    <LabelledInput id="cw-log-group" label="CloudWatch log group (optional)"
                        value={AttrValue::from(inputs.log_group.clone())}
                        placeholder={DEFAULT_LOG_GROUP}
                        hint={format!("The log group the stage writes access logs to, forwarded to the Firehose stream by the subscription filter {SUBSCRIPTION_FILTER}. The simulation uses it, and the account id above when valid; empty: {DEFAULT_LOG_GROUP}.")}
                        diagnostics={check.delivery.log_group.clone()}
                        on_input={edit(TextInput::LogGroup)} />
                </fieldset>
            }
        </>
    }
}

/// The explanation of a pasted ARN: its kind, the ARN with its faults marked, the findings.
fn pasted(check: &DestinationCheck, text: &str) -> Html {
    let Some(pasted) = &check.pasted else {
        return html! {};
    };
    let spans = pasted
        .diagnostics
        .iter()
        .map(|d| (d.span, d.severity))
        .collect::<Vec<_>>();
    let verdict = match (&pasted.arn, pasted.kind) {
        (Some(arn), _) => html! {
            <p class="verdict ok">{ format!("A valid {} for this API: ", arn.kind().label()) }<code>{ arn.to_string() }</code></p>
        },
        (None, Some(kind)) => html! {
            <p class="verdict bad">{ format!("A {} ARN, but not usable as it is:", kind.label()) }</p>
        },
        (None, None) => html! { <p class="verdict bad">{ "Not a usable destination ARN:" }</p> },
    };
    html! {
        <div id="fh-paste-result" class="paste-result" aria-live="polite">
            { verdict }
            if !pasted.diagnostics.is_empty() {
                <pre class="line-text"><MarkedText text={AttrValue::from(text.to_owned())} {spans} /></pre>
            }
            <FieldMessages id="fh-paste-arn-findings" diagnostics={pasted.diagnostics.clone()} />
        </div>
    }
}
