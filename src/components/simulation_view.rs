//! The simulated delivery (`#simulation`): OpenObserve's HTTP status for the batch of sample lines
//! (`#sim-status`), what happened to each record (`li.sim-record`: stored with its columns,
//! rejected with the whole batch, or dropped without an error), why, and how to fix it; the exact
//! response body when the batch fails (`#sim-response`).

use super::columns_table::display_value;
use crate::ingest::Ingest;
use crate::shared::Shared;
use gwlog_core::openobserve::simulate::{RecordResult, Verdict};
use yew::prelude::*;

/// Props of [`SimulationView`].
#[derive(Properties, PartialEq)]
pub struct SimulationViewProps {
    /// The simulation and the editor line of each record.
    pub ingest: Shared<Ingest>,
    /// How many records show their details.
    pub detail_limit: usize,
    /// Whether the inputs changed since (an update is pending).
    #[prop_or_default]
    pub stale: bool,
    /// Called when the user asks for more detailed records.
    pub on_show_more: Callback<()>,
}

/// Status badge, counts, batch notes, response body and one `li.sim-record` per record.
#[component]
pub fn SimulationView(props: &SimulationViewProps) -> Html {
    let simulation = &props.ingest.simulation;
    let records = &simulation.records;
    let count = |verdict| {
        records
            .iter()
            .filter(|r| r.verdict == verdict && !r.lost_with_batch)
            .count()
    };
    let lost = records.iter().filter(|r| r.lost_with_batch).count();
    let status = simulation.http_status;
    let (status_text, status_class) = match status {
        200 => ("200 OK".to_owned(), "status-ok"),
        0 => ("No response".to_owned(), "status-failed"),
        400 => ("400 Bad Request".to_owned(), "status-failed"),
        other => (other.to_string(), "status-failed"),
    };
    let hidden = records.len().saturating_sub(props.detail_limit);
    let onclick = props.on_show_more.reform(|_: MouseEvent| ());
    html! {
        <div id="simulation" class={classes!("simulation", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            <div class="sim-summary" aria-live="polite">
                <span class="sim-answer">
                    <span class="muted">{ "OpenObserve answers" }</span>
                    <span id="sim-status" class={classes!("status", "status-large", status_class)} data-status={status.to_string()}>
                        { status_text }
                    </span>
                </span>
                if records.is_empty() {
                    <span class="muted">{ "No sample lines: paste some in Sample lines." }</span>
                } else {
                    <span class="sim-counts">
                        <span>{ format!("{}:", plural(records.len(), "record")) }</span>
                        <span class="count count-ok">{ format!("{} stored", count(Verdict::Stored)) }</span>
                        if lost > 0 {
                            <span class="count count-failed">{ format!("{lost} lost with the batch") }</span>
                        }
                        <span class="count count-failed">{ format!("{} rejected", count(Verdict::Rejected)) }</span>
                        <span class="count count-dropped">{ format!("{} dropped", count(Verdict::Dropped)) }</span>
                    </span>
                }
            </div>
            if !simulation.notes.is_empty() {
                <ul class="sim-notes">
                    { for simulation.notes.iter().map(|note| html! { <li>{ note }</li> }) }
                </ul>
            }
            if status != 200 && !records.is_empty() {
                <div class="sim-response">
                    <p class="output-label">{ "Response body" }</p>
                    <pre id="sim-response" class="code-block">
                        { if simulation.response.body.is_empty() { "(none: the connection is dropped)" } else { simulation.response.body.as_str() } }
                    </pre>
                </div>
            }
            <ol class="sim-records">
                { for records.iter().take(props.detail_limit).map(|record| {
                    let line = props.ingest.record_lines.get(record.record - 1).copied();
                    view_record(record, line)
                }) }
            </ol>
            if hidden > 0 {
                <div class="show-more">
                    <span class="muted">{ format!("Details hidden for {}.", plural(hidden, "more record")) }</span>
                    <button type="button" class="button" {onclick}>{ "Show more details" }</button>
                </div>
            }
        </div>
    }
}

fn view_record(record: &RecordResult, line: Option<usize>) -> Html {
    let verdict = verdict_str(record.verdict);
    let stored = !record.columns.is_empty();
    html! {
        <li class={classes!("sim-record", format!("verdict-{verdict}"))}
            data-record={record.record.to_string()} data-verdict={verdict} data-code={record.code}>
            <div class="line-head">
                <span class="line-no">{ format!("Record {}", record.record) }</span>
                if let Some(line) = line {
                    <span class="muted">{ format!("line {line}") }</span>
                }
                if record.lost_with_batch {
                    <span class="status verdict-badge-rejected">{ "Lost with the batch" }</span>
                } else {
                    <span class={classes!("status", format!("verdict-badge-{verdict}"))}>{ verdict_label(record.verdict) }</span>
                }
                <code class="sim-code">{ record.code }</code>
            </div>
            <div class="sim-body">
                <p class="sim-reason">{ &record.reason }</p>
                if record.lost_with_batch {
                    <p class="sim-lost">{ "Lost anyway: another record fails the batch, so nothing from this request is written." }</p>
                }
                if let Some(fix) = record.fix {
                    <p class="sim-fix"><strong>{ "Fix: " }</strong>{ fix }</p>
                }
                if let Some(probe) = &record.probe {
                    <p class="sim-probe"><strong>{ "Protobuf probe: " }</strong>{ probe.describe() }</p>
                }
                if !record.notes.is_empty() {
                    <details class="more-notes" open={record.notes.len() <= 2}>
                        <summary>{ format!("{} note{} on this record's columns", record.notes.len(), if record.notes.len() == 1 { "" } else { "s" }) }</summary>
                        <ul class="sim-column-notes">
                            { for record.notes.iter().map(|n| html! { <li>{ n.to_string() }</li> }) }
                        </ul>
                    </details>
                }
            </div>
            if stored {
                <div class="table-scroll">
                    <table class="fields sim-columns">
                        <caption class="visually-hidden">{ format!("Columns stored from record {}", record.record) }</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="variable">{ "Column" }</th>
                                <th scope="col" class="type">{ "Type" }</th>
                                <th scope="col" class="value">{ "Value" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for record.columns.0.iter().map(|c| html! {
                                <tr data-column={c.name.clone()}>
                                    <th scope="row" class="variable"><code>{ &c.name }</code></th>
                                    <td class="type">{ c.data_type.as_str() }</td>
                                    <td class="value">{ display_value(&c.value) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </li>
    }
}

fn verdict_str(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Stored => "stored",
        Verdict::Rejected => "rejected",
        Verdict::Dropped => "dropped",
        Verdict::Unknown => "unknown",
    }
}

fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Stored => "Stored",
        Verdict::Rejected => "Rejected",
        Verdict::Dropped => "Dropped",
        Verdict::Unknown => "Not simulated",
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
