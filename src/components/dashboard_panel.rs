//! The OpenObserve dashboard (`#dashboard`), opened on request (`#dashboard-show`; nothing is
//! planned while it is closed): its options, every catalogue panel with its type, why it is in or
//! out (which variable would bring it back), a checkbox, its SQL and its preview on the sample
//! lines; the notes (an ingest-time `_timestamp` with its fix); the JSON with copy, download as
//! `<stream>.dashboard.json`, the import steps and the `curl` creating it. For a text format
//! through CloudWatch Logs, the VRL function and the pipeline that parse its lines, each with copy,
//! download and `curl`. A text format sent straight to Firehose gets core's reason and the to-JSON
//! fix instead.

use super::copy_button::CopyButton;
use super::dash_chart::DashChart;
use super::download_button::DownloadButton;
use super::marked_text::sev_class;
use super::message_text::message;
use crate::dashboard::{Dashboard, DashboardInput, DashboardInputs, Previews, TIME_RANGES};
use crate::shared::Shared;
use gwlog_core::dashboard::{DashboardError, DashboardPlan, PanelKind, PanelPlan};
use gwlog_core::openobserve::fixes::FixKind;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`DashboardPanel`].
#[derive(Properties, PartialEq)]
pub struct DashboardPanelProps {
    /// The panel's own inputs.
    pub inputs: Shared<DashboardInputs>,
    /// The dashboard (`None` while closed).
    pub dashboard: Shared<Option<Dashboard>>,
    /// The included panels on the sample lines.
    pub previews: Shared<Previews>,
    /// Whether the inputs changed since (an update is pending).
    #[prop_or_default]
    pub stale: bool,
    /// Called to open or close the panel.
    pub on_show: Callback<bool>,
    /// Called when an option changes.
    pub on_edit: Callback<(DashboardInput, String)>,
    /// Called when a panel's checkbox changes.
    pub on_toggle: Callback<(PanelKind, bool)>,
    /// Called with a fix to apply.
    pub on_fix: Callback<FixKind>,
}

/// The toggle, then the options, panels, notes and hand-over.
#[component]
pub fn DashboardPanel(props: &DashboardPanelProps) -> Html {
    let shown = props.inputs.shown;
    let toggle = {
        let on_show = props.on_show.clone();
        Callback::from(move |_: MouseEvent| on_show.emit(!shown))
    };
    let body = match &*props.dashboard {
        Some(dashboard) if shown => view(props, dashboard),
        _ => Html::default(),
    };
    html! {
        <>
            <button type="button" id="dashboard-show" class="button" aria-expanded={shown.to_string()}
                aria-controls="dashboard-body" onclick={toggle}>
                { if shown { "Hide the dashboard" } else { "Plan the dashboard" } }
            </button>
            <div id="dashboard-body" class={classes!(props.stale.then_some("stale"))}>{ body }</div>
        </>
    }
}

fn fix_button(
    id: &'static str,
    kind: FixKind,
    label: &'static str,
    on_fix: &Callback<FixKind>,
) -> Html {
    let on_fix = on_fix.clone();
    html! {
        <button type="button" {id} class="button button-small"
            onclick={Callback::from(move |_: MouseEvent| on_fix.emit(kind))}>{ label }</button>
    }
}

fn view(props: &DashboardPanelProps, dashboard: &Dashboard) -> Html {
    let plan = match &dashboard.plan {
        Ok(plan) => plan,
        Err(DashboardError::TextFormatDirect {
            message: text, fix, ..
        }) => {
            return html! {
                <div id="dashboard-error" class="notice sev-error" role="note">
                    <p>{ message(text) }</p>
                    <p>{ fix_button("dashboard-fix-to-json", *fix, "Convert to JSON", &props.on_fix) }</p>
                </div>
            }
        }
        Err(DashboardError::NoColumns { error }) => {
            return html! {
                <div id="dashboard-error" class="notice sev-error" role="note"><p>{ message(&error.message) }</p></div>
            }
        }
    };
    let inputs = &props.inputs;
    let edit = |input: DashboardInput| {
        props.on_edit.reform(move |e: InputEvent| {
            let field: HtmlInputElement = e.target_unchecked_into();
            (input, field.value())
        })
    };
    let on_range = props.on_edit.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        (DashboardInput::TimeRange, select.value())
    });
    let file = plan.file_name();
    html! {
        <>
            <div class="field-row three">
                <div class="field">
                    <label for="dash-title">{ "Title" }</label>
                    <input id="dash-title" class="text-input" value={inputs.title.clone()}
                        placeholder={plan.title.clone()} oninput={edit(DashboardInput::Title)} />
                </div>
                <div class="field">
                    <label for="dash-description">{ "Description" }</label>
                    <input id="dash-description" class="text-input" value={inputs.description.clone()}
                        placeholder="generated" oninput={edit(DashboardInput::Description)} />
                </div>
                <div class="field">
                    <label for="dash-range">{ "Time range" }</label>
                    <select id="dash-range" onchange={on_range}>
                        { for TIME_RANGES.iter().map(|r| html! {
                            <option value={*r} selected={plan.time_range == *r}>{ r }</option>
                        }) }
                    </select>
                </div>
            </div>
            if !plan.notes.is_empty() {
                <ul id="dashboard-notes" class="notes">
                    { for plan.notes.iter().map(|note| html! {
                        <li class={classes!("note", sev_class(note.severity))}>
                            <span class="severity">{ note.severity.as_str() }</span>
                            <span class="message">
                                { message(&note.message) }
                                if note.fix == Some(FixKind::Timestamp) {
                                    <br />{ fix_button("dashboard-fix-timestamp", FixKind::Timestamp, "Add _timestamp", &props.on_fix) }
                                }
                            </span>
                        </li>
                    }) }
                </ul>
            }
            <ul id="dashboard-panels" class="dash-panels">
                { for plan.panels.iter().map(|panel| panel_item(props, panel)) }
            </ul>
            { handover(plan, dashboard, &file) }
        </>
    }
}

fn panel_item(props: &DashboardPanelProps, panel: &PanelPlan) -> Html {
    let kind = panel.kind;
    let id = format!("dash-toggle-{kind}");
    let onchange = props.on_toggle.reform(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        (kind, input.checked())
    });
    let preview = props
        .previews
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, t)| t.clone());
    html! {
        <li class="dash-panel" data-panel={kind.as_str()} data-included={panel.included.to_string()}>
            <div class="dash-head">
                <label class="checkbox" for={id.clone()}>
                    <input type="checkbox" id={id} checked={panel.included} disabled={panel.sql.is_none()} {onchange} />
                    <strong>{ panel.title }</strong>
                </label>
                <span class="badge">{ panel.chart.as_str() }</span>
            </div>
            <p class="hint dash-why">{ message(&panel.why) }</p>
            if let (Some(table), Some(query)) = (preview, panel.query.clone()) {
                <DashChart chart={panel.chart} {query} {table} />
            }
            if let Some(sql) = &panel.sql {
                <details class="dash-sql"><summary>{ "SQL" }</summary><pre class="code-block">{ sql }</pre></details>
            }
        </li>
    }
}

fn handover(plan: &DashboardPlan, dashboard: &Dashboard, file: &str) -> Html {
    let json = AttrValue::from(dashboard.json.clone());
    html! {
        <>
            <section class="subsection" aria-labelledby="dashboard-json-title">
                <h3 id="dashboard-json-title">{ "Import it into OpenObserve" }</h3>
                <div class="export-actions">
                    <code class="file-name">{ file.to_owned() }</code>
                    <CopyButton text={json.clone()} what="the dashboard JSON" id="dashboard-copy" />
                    <DownloadButton text={json} file_name={file.to_owned()} mime="application/json" id="dashboard-download" />
                </div>
                <ol id="dashboard-steps" class="hint">
                    <li>{ "In OpenObserve, open Dashboards and click Import." }</li>
                    <li>{ format!("Choose {file} (or paste the JSON) and import it into a folder.") }</li>
                    <li>{ format!("Open it: every panel queries stream {}.", plan.stream) }</li>
                </ol>
                <details><summary>{ "Dashboard JSON" }</summary>
                    <pre id="dashboard-json" class="code-block export-text" tabindex="0">{ &dashboard.json }</pre>
                </details>
                { code("dashboard-curl", &dashboard.curl, "Or create it with curl (key from $OPENOBSERVE_ACCESS_KEY)", None) }
            </section>
            if let Some(parse) = &dashboard.parse {
                <section id="dashboard-vrl" class="subsection" aria-labelledby="dashboard-vrl-title">
                    <h3 id="dashboard-vrl-title">{ "Parse the text lines: VRL function and pipeline" }</h3>
                    <p class="hint">
                        { format!("Lines reach stream {} as text in message. Create the function, then the realtime pipeline that runs it and writes the parsed rows to {}, which the dashboard reads.", parse.source_stream, parse.output_stream) }
                    </p>
                    { code("dashboard-function", &parse.source, "1. The VRL function", Some("gwlog_parse_apigw.vrl")) }
                    { code("dashboard-function-curl", &parse.function_curl, "Create it with curl", None) }
                    { code("dashboard-pipeline", &parse.pipeline, "2. The pipeline JSON", Some("gwlog_apigw_parse.pipeline.json")) }
                    { code("dashboard-pipeline-curl", &parse.pipeline_curl, "Create it with curl", None) }
                </section>
            }
        </>
    }
}

/// A labelled code block with its copy (and download) buttons.
fn code(id: &'static str, text: &str, label: &'static str, file: Option<&'static str>) -> Html {
    let value = AttrValue::from(text.to_owned());
    html! {
        <div class="dash-code">
            <div class="export-actions">
                <strong class="dash-code-label">{ label }</strong>
                <CopyButton text={value.clone()} what={label} id={format!("{id}-copy")} />
                if let Some(file) = file {
                    <DownloadButton text={value} file_name={file} id={format!("{id}-download")} />
                }
            </div>
            <pre {id} class="code-block curl-text" tabindex="0">{ text }</pre>
        </div>
    }
}
