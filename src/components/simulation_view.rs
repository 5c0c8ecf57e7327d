//! The simulated delivery (`#simulation`): OpenObserve's HTTP status for the batch of sample lines
//! (`#sim-status`), the batch notes (`#sim-notes`), what happened to each record
//! (`li.sim-record`: stored with its columns, rejected with the whole batch, or dropped without an
//! error), why, and how to fix it; the exact response body when the batch fails (`#sim-response`).
//!
//! A record that yields several rows (a CloudWatch Logs envelope, as every HTTP and WebSocket API
//! delivery is) lists them inside it, one `li.sim-row` each, addressable by `data-event` (the log
//! event, 1-based) or `data-line` (the line within the record), with its own verdict and columns.
//! Through a subscription the counts are of log events, and "show more" pages through them.

use super::columns_table::value_view;
use super::message_text::message;
use crate::ingest::Simulated;
use crate::shared::Shared;
use gwlog_core::openobserve::columns::{Column, ColumnNote};
use gwlog_core::openobserve::delivery::Via;
use gwlog_core::openobserve::simulate::{RecordResult, RowResult, Verdict};
use yew::prelude::*;

/// Props of [`SimulationView`].
#[derive(Properties, PartialEq)]
pub struct SimulationViewProps {
    /// The simulation and the editor line of each record.
    pub simulated: Shared<Simulated>,
    /// How many records (log events, through a subscription) show their details.
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
    let simulated = &props.simulated;
    let simulation = &simulated.simulation;
    let records = &simulation.records;
    let subscription = simulated.delivery.via() == Via::CloudWatch;
    // What the counts are of: records when delivered directly, log events through a subscription.
    let outcomes: Vec<(Verdict, bool)> = if subscription {
        records
            .iter()
            .flat_map(|r| r.rows.iter().map(|row| (row.verdict, r.lost_with_batch)))
            .collect()
    } else {
        records
            .iter()
            .map(|r| (r.verdict, r.lost_with_batch))
            .collect()
    };
    let count = |verdict| {
        outcomes
            .iter()
            .filter(|&&(v, lost)| v == verdict && !lost)
            .count()
    };
    let lost = outcomes.iter().filter(|(_, lost)| *lost).count();
    let no_lines = simulated.record_lines.is_empty();
    let status = simulation.http_status;
    let (status_text, status_class) = match status {
        200 => ("200 OK".to_owned(), "status-ok"),
        0 => ("No response".to_owned(), "status-failed"),
        400 => ("400 Bad Request".to_owned(), "status-failed"),
        other => (other.to_string(), "status-failed"),
    };
    let (hidden, hidden_what) = if subscription {
        (
            outcomes.len().saturating_sub(props.detail_limit),
            "more log event",
        )
    } else {
        (
            records.len().saturating_sub(props.detail_limit),
            "more record",
        )
    };
    let total = if subscription {
        format!(
            "{} in {}:",
            plural(outcomes.len(), "log event"),
            plural(records.len(), "record")
        )
    } else {
        format!("{}:", plural(records.len(), "record"))
    };
    let onclick = props.on_show_more.reform(|_: MouseEvent| ());
    html! {
        <div id="simulation" class={classes!("simulation", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            <div class="sim-summary">
                <span class="sim-answer">
                    <span class="muted">{ "OpenObserve answers" }</span>
                    <span id="sim-status" class={classes!("status", "status-large", status_class)} data-status={status.to_string()}>
                        { status_text }
                    </span>
                </span>
                if no_lines {
                    <span class="muted">{ "No sample lines: paste some in Sample lines." }</span>
                } else {
                    <span class="sim-counts">
                        <span>{ total }</span>
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
                <ul id="sim-notes" class="sim-notes">
                    { for simulation.notes.iter().map(|note| html! { <li>{ message(note) }</li> }) }
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
            if !no_lines {
                <ol class="sim-records">
                    { for records.iter().take(if subscription { records.len() } else { props.detail_limit }).map(|record| {
                        if subscription {
                            view_record(record, None, props.detail_limit, Some(&simulated.record_lines))
                        } else {
                            let line = simulated.record_lines.get(record.record - 1).copied();
                            view_record(record, line, usize::MAX, None)
                        }
                    }) }
                </ol>
            }
            if hidden > 0 {
                <div class="show-more">
                    <span class="muted">{ format!("Details hidden for {}.", plural(hidden, hidden_what)) }</span>
                    <button type="button" class="button" {onclick}>{ "Show more details" }</button>
                </div>
            }
        </div>
    }
}

/// One record. `line` is its editor line (direct delivery); `event_lines` the editor line of
/// each log event (subscription); at most `row_limit` of its rows are listed.
fn view_record(
    record: &RecordResult,
    line: Option<usize>,
    row_limit: usize,
    event_lines: Option<&[usize]>,
) -> Html {
    let verdict = verdict_str(record.verdict);
    let nested = record.rows.len() > 1 || record.rows.iter().any(|r| r.event.is_some());
    let events = record.rows.iter().filter(|r| r.event.is_some()).count();
    html! {
        <li class={classes!("sim-record", format!("verdict-{verdict}"))}
            data-record={record.record.to_string()} data-verdict={verdict} data-code={record.code}>
            <div class="line-head">
                <span class="line-no">{ format!("Record {}", record.record) }</span>
                if let Some(line) = line {
                    <span class="muted">{ format!("line {line}") }</span>
                }
                if events > 0 {
                    <span class="muted">{ format!("CloudWatch Logs envelope · {}", plural(events, "log event")) }</span>
                }
                { badge(record.verdict, record.lost_with_batch) }
                <code class="sim-code">{ record.code }</code>
            </div>
            <div class="sim-body">
                <p class="sim-reason">{ message(&record.reason) }</p>
                if record.lost_with_batch {
                    <p class="sim-lost">{ "Lost anyway: another record fails the batch, so nothing from this request is written." }</p>
                }
                if !nested {
                    if let Some(fix) = record.fix {
                        <p class="sim-fix"><strong>{ "Fix: " }</strong>{ message(fix) }</p>
                    }
                }
                if let Some(probe) = &record.probe {
                    <p class="sim-probe"><strong>{ "Protobuf probe: " }</strong>{ probe.describe() }</p>
                }
                if !nested {
                    { column_notes(&record.notes, "this record's columns") }
                }
            </div>
            if nested {
                <ol class="sim-rows">
                    { for record.rows.iter().enumerate().take(row_limit).map(|(index, row)| {
                        let editor_line = event_lines
                            .zip(row.event)
                            .and_then(|(lines, event)| lines.get(event - 1).copied());
                        view_row(record, index, row, editor_line)
                    }) }
                </ol>
            } else {
                { columns_table(&record.columns.0, format!("Columns stored from record {}", record.record)) }
            }
        </li>
    }
}

/// One row of a multi-row record: a log event of an envelope, or a line of the record.
fn view_row(
    record: &RecordResult,
    index: usize,
    row: &RowResult,
    editor_line: Option<usize>,
) -> Html {
    let verdict = verdict_str(row.verdict);
    let name = match row.event {
        Some(event) => format!("Event {event}"),
        None => format!("Row {}", index + 1),
    };
    let whose = match row.event {
        Some(event) => format!("log event {event}'s columns"),
        None => format!("row {}'s columns", index + 1),
    };
    // The editor line of a log event; a plain row's line within its record.
    let place = match (editor_line, row.event) {
        (Some(line), _) => Some(format!("line {line}")),
        (None, None) => Some(format!("line {} of the record", row.line)),
        (None, Some(_)) => None,
    };
    html! {
        <li class={classes!("sim-row", format!("verdict-{verdict}"))}
            data-record={record.record.to_string()} data-line={row.line.to_string()}
            data-event={row.event.map(|e| e.to_string())}
            data-verdict={verdict} data-code={row.code}>
            <div class="line-head">
                <span class="line-no">{ &name }</span>
                if let Some(place) = place {
                    <span class="muted">{ place }</span>
                }
                { badge(row.verdict, record.lost_with_batch) }
                <code class="sim-code">{ row.code }</code>
            </div>
            <div class="sim-body">
                <p class="sim-reason">{ message(&row.reason) }</p>
                if let Some(fix) = row.fix {
                    <p class="sim-fix"><strong>{ "Fix: " }</strong>{ message(fix) }</p>
                }
                { column_notes(&row.notes, &whose) }
            </div>
            { columns_table(&row.columns.0, format!("Columns stored from {} of record {}", name.to_lowercase(), record.record)) }
        </li>
    }
}

fn badge(verdict: Verdict, lost_with_batch: bool) -> Html {
    if lost_with_batch {
        html! { <span class="status verdict-badge-rejected">{ "Lost with the batch" }</span> }
    } else {
        html! {
            <span class={classes!("status", format!("verdict-badge-{}", verdict_str(verdict)))}>{ verdict_label(verdict) }</span>
        }
    }
}

fn column_notes(notes: &[ColumnNote], whose: &str) -> Html {
    if notes.is_empty() {
        return html! {};
    }
    html! {
        <details class="more-notes" open={notes.len() <= 2}>
            <summary>{ format!("{} on {whose}", plural(notes.len(), "note")) }</summary>
            <ul class="sim-column-notes">
                { for notes.iter().map(|n| html! { <li>{ message(&n.to_string()) }</li> }) }
            </ul>
        </details>
    }
}

fn columns_table(columns: &[Column], caption: String) -> Html {
    if columns.is_empty() {
        return html! {};
    }
    html! {
        <div class="table-scroll">
            <table class="fields sim-columns">
                <caption class="visually-hidden">{ caption }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="variable">{ "Column" }</th>
                        <th scope="col" class="type">{ "Type" }</th>
                        <th scope="col" class="value">{ "Value" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for columns.iter().map(|c| html! {
                        <tr data-column={c.name.clone()}>
                            <th scope="row" class="variable"><code>{ &c.name }</code></th>
                            <td class="type">{ c.data_type.as_str() }</td>
                            <td class="value">{ value_view(&c.name, &c.value) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
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
