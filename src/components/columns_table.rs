//! The columns OpenObserve stores for every record of the format (`#o2-columns`): name, type,
//! the `$context` variables feeding it and an example value, with core's notes below.

use super::marked_text::sev_class;
use super::message_text::message;
use crate::ingest::Columns;
use crate::shared::Shared;
use gwlog_core::diagnostic::Severity;
use gwlog_core::openobserve::format_columns::FormatNote;
use serde_json::Value;
use yew::prelude::*;

/// Props of [`ColumnsTable`].
#[derive(Properties, PartialEq)]
pub struct ColumnsTableProps {
    /// The columns and notes (nothing is shown when the format has none).
    pub columns: Shared<Columns>,
}

/// A `table#o2-columns` with one `tr[data-column]` per column; errors and warnings in
/// `ul#o2-column-notes`, informational notes folded below.
#[component]
pub fn ColumnsTable(props: &ColumnsTableProps) -> Html {
    let Ok(columns) = &*props.columns else {
        return html! {};
    };
    let (important, infos): (Vec<&FormatNote>, Vec<&FormatNote>) = columns
        .notes
        .iter()
        .partition(|n| n.severity != Severity::Info);
    html! {
        <>
            <div class="table-scroll">
                <table id="o2-columns" class="fields columns">
                    <caption class="visually-hidden">{ "Columns OpenObserve stores for each record" }</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="column">{ "Column" }</th>
                            <th scope="col" class="type">{ "Type" }</th>
                            <th scope="col" class="fed-by">{ "Fed by" }</th>
                            <th scope="col" class="value">{ "Example" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for columns.columns.iter().map(|column| html! {
                            <tr data-column={column.name.clone()}>
                                <th scope="row" class="column"><code>{ &column.name }</code></th>
                                <td class="type">{ column.data_type.as_str() }</td>
                                <td class="fed-by">
                                    if column.variables.is_empty() {
                                        <span class="muted">{ "constant" }</span>
                                    }
                                    { for column.variables.iter().map(|v| html! { <code class="variable">{ wrap_at_dots(v) }</code> }) }
                                </td>
                                <td class="value">{ value_view(&column.name, &column.example) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if !important.is_empty() {
                <ul id="o2-column-notes" class="notes">
                    { for important.iter().map(|note| view_note(note)) }
                </ul>
            }
            if !infos.is_empty() {
                <details class="more-notes" open={infos.len() <= 2}>
                    <summary>{ format!("{} note{} on names and time", infos.len(), if infos.len() == 1 { "" } else { "s" }) }</summary>
                    <ul id="o2-column-infos" class="notes">
                        { for infos.iter().map(|note| view_note(note)) }
                    </ul>
                </details>
            }
        </>
    }
}

fn view_note(note: &FormatNote) -> Html {
    html! {
        <li class={classes!("note", sev_class(note.severity))}
            data-code={note.code.as_str()} data-severity={note.severity.as_str()}>
            <span class="severity">{ note.severity.as_str() }</span>
            <span class="message">{ message(&note.message) }</span>
        </li>
    }
}

/// An identifier such as `$context.identity.sourceIp` with a `<wbr>` after each dot, so it wraps
/// there rather than mid-word.
fn wrap_at_dots(identifier: &str) -> Html {
    identifier
        .split_inclusive('.')
        .map(|piece| {
            if piece.ends_with('.') {
                html! { <>{ piece }<wbr /></> }
            } else {
                html! { { piece } }
            }
        })
        .collect()
}

/// A stored value as shown in a table cell: `_timestamp` (microseconds since the epoch) as an
/// ISO-8601 UTC time with the raw number in `title`, anything else as [`display_value`].
pub fn value_view(column: &str, value: &Value) -> Html {
    match (column, value.as_i64()) {
        ("_timestamp", Some(micros)) => html! {
            <time class="timestamp" datetime={iso_time(micros)} title={format!("{micros} µs since the epoch")}>
                { iso_time(micros) }
            </time>
        },
        _ => html! { { display_value(value) } },
    }
}

/// Microseconds since the epoch as ISO-8601 UTC (the browser's clock formats it); natively, the
/// number itself.
pub fn iso_time(micros: i64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&((micros / 1000) as f64).into());
        if date.get_time().is_finite() {
            return String::from(date.to_iso_string());
        }
    }
    micros.to_string()
}

/// A stored value as a person reads it: strings without their JSON quotes, the rest as JSON.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
