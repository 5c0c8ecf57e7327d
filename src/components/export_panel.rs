//! The AWS setup export (`#export`): the REST API id, stage and an existing backup bucket, tabs
//! for AWS CLI, CloudFormation and Terraform, the generated text (`pre#export-text`) with copy
//! and download, and what stands in the way when nothing can be generated. The other inputs come
//! from the Format and Destination panels.

use super::copy_button::CopyButton;
use super::download_button::DownloadButton;
use super::labelled_input::LabelledInput;
use super::marked_text::sev_class;
use super::tabs::{Tab, Tabs};
use crate::setup::{export_input, input_label, ExportInput, ExportInputs};
use crate::shared::Shared;
use gwlog_core::diagnostic::Diagnostic;
use gwlog_core::export::{Export, InputDiagnostic, Target};
use yew::prelude::*;

/// Props of [`ExportPanel`].
#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    /// The export panel's inputs.
    pub inputs: Shared<ExportInputs>,
    /// The tab shown.
    pub target: Target,
    /// The setup generated for that tab.
    pub export: Shared<Export>,
    /// Whether the inputs changed since (an update is pending).
    #[prop_or_default]
    pub stale: bool,
    /// Called when an input changes.
    pub on_edit: Callback<(ExportInput, String)>,
    /// Called with the tab chosen.
    pub on_target: Callback<Target>,
}

/// Inputs, tabs, text and findings.
#[component]
pub fn ExportPanel(props: &ExportPanelProps) -> Html {
    let target = props.target;
    let text = &props.export.text;
    let diagnostics = &props.export.diagnostics;
    let own = |input: ExportInput| -> Vec<Diagnostic> {
        diagnostics
            .iter()
            .filter(|d| export_input(d.input) == Some(input))
            .map(|d| d.diagnostic.clone())
            .collect()
    };
    let others: Vec<&InputDiagnostic> = diagnostics
        .iter()
        .filter(|d| export_input(d.input).is_none())
        .collect();
    let edit = |input: ExportInput| props.on_edit.reform(move |text: String| (input, text));
    let tab_id = |t: Target| format!("export-{}", t.as_str());

    let tabs: Vec<Tab> = Target::ALL
        .iter()
        .map(|t| Tab {
            id: AttrValue::from(tab_id(*t)),
            label: AttrValue::Static(t.label()),
        })
        .collect();
    let selected = Target::ALL.iter().position(|t| *t == target).unwrap_or(0);
    let on_select = props
        .on_target
        .reform(|index: usize| Target::ALL.get(index).copied().unwrap_or(Target::AwsCli));

    html! {
        <>
            <div class="field-row three">
                <LabelledInput id="export-rest-api-id" label="REST API id (optional)"
                    value={AttrValue::from(props.inputs.rest_api_id.clone())} placeholder="a1b2c3d4e5"
                    diagnostics={own(ExportInput::RestApiId)} on_input={edit(ExportInput::RestApiId)} />
                <LabelledInput id="export-stage" label="Stage name (optional)"
                    value={AttrValue::from(props.inputs.stage_name.clone())} placeholder="prod"
                    diagnostics={own(ExportInput::StageName)} on_input={edit(ExportInput::StageName)} />
                <LabelledInput id="export-bucket" label="Existing S3 bucket (optional)"
                    value={AttrValue::from(props.inputs.bucket.clone())} placeholder="empty: one is created per region"
                    diagnostics={own(ExportInput::Bucket)} on_input={edit(ExportInput::Bucket)} />
            </div>
            <p class="hint">
                { "Region, account, Firehose stream and OpenObserve URL come from Destination; the format from Format. Left empty, the API id and stage become placeholders to fill in. Name a backup bucket only to reuse one you already have (it is not created); left empty, the setup creates one for the stream in its region. The access key is never written: the output reads it from OPENOBSERVE_ACCESS_KEY, a NoEcho parameter or a sensitive variable." }
            </p>
            <Tabs {tabs} {selected} controls="export-tabpanel" label="Export format" {on_select} />
            <div id="export-tabpanel" role="tabpanel" aria-labelledby={tab_id(target)}
                class={classes!("tabpanel", props.stale.then_some("stale"))}>
                <div class="export-actions">
                    <code class="file-name">{ target.file_name() }</code>
                    <CopyButton text={AttrValue::from(text.clone())} what={format!("the {} text", target.label())} id="export-copy" />
                    <DownloadButton text={AttrValue::from(text.clone())} file_name={target.file_name()} id="export-download" />
                </div>
                if text.is_empty() {
                    <p id="export-empty" class="export-empty">
                        { "Nothing to export until the errors below are fixed: a setup that would fail half-way is never handed out." }
                    </p>
                }
                <pre id="export-text" class="code-block export-text" tabindex="0">{ text }</pre>
                if !others.is_empty() {
                    <ul id="export-diagnostics" class="notes">
                        { for others.iter().map(|d| html! {
                            <li class={classes!("note", sev_class(d.diagnostic.severity))}
                                data-input={format!("{:?}", d.input)} data-code={d.diagnostic.code.as_str()}
                                data-severity={d.diagnostic.severity.as_str()}>
                                <span class="severity">{ d.diagnostic.severity.as_str() }</span>
                                <span class="message"><strong>{ format!("{}: ", input_label(d.input)) }</strong>{ &d.diagnostic.message }</span>
                            </li>
                        }) }
                    </ul>
                }
            </div>
        </>
    }
}
