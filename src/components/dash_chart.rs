//! A panel's preview on the sample lines, drawn without a chart library: a small inline SVG of
//! lines (time series, one polyline per series) or horizontal bars (bars, top-N lists, and pies
//! as bars with their percentages), a number for a metric, and an HTML table of at most
//! [`TABLE_ROWS`] rows for a table. Every drawing carries a text alternative with its numbers.

use super::columns_table::iso_time;
use gwlog_core::dashboard::preview::{Cell, Table};
use gwlog_core::dashboard::spec::Query;
use gwlog_core::dashboard::Chart;
use yew::prelude::*;

/// The most rows a table (or bars) preview shows.
pub const TABLE_ROWS: usize = 10;

const W: f64 = 300.0;
const H: f64 = 80.0;

/// Props of [`DashChart`].
#[derive(Properties, PartialEq)]
pub struct DashChartProps {
    /// How the panel is drawn.
    pub chart: Chart,
    /// Its query (series and column labels).
    pub query: Query,
    /// Its result on the sample lines.
    pub table: Table,
}

/// The preview of one panel.
#[component]
pub fn DashChart(props: &DashChartProps) -> Html {
    let table = &props.table;
    if table.rows.is_empty() {
        return html! { <p class="hint dash-empty">{ "No rows on the sample lines." }</p> };
    }
    let (labels, breakdown) = match &props.query {
        Query::Aggregate(a) => (
            a.series.iter().map(|s| s.label.clone()).collect::<Vec<_>>(),
            a.breakdown.is_some(),
        ),
        Query::Latest(l) => (
            l.columns.iter().map(|(label, _)| label.clone()).collect(),
            false,
        ),
    };
    match props.chart {
        Chart::Table => table_view(&labels, table),
        Chart::Metric => {
            let value = table.rows[0].first().map(Cell::display).unwrap_or_default();
            html! { <p class="dash-metric" aria-label={format!("{}: {value}", labels.join(", "))}>{ value }</p> }
        }
        Chart::Line | Chart::AreaStacked => lines(&labels, breakdown, table),
        Chart::Bar | Chart::HBar | Chart::Pie => bars(
            props.chart == Chart::Pie,
            table
                .rows
                .iter()
                .map(|row| {
                    let label = row.first().map(Cell::display).unwrap_or_default();
                    (label, row.get(1).and_then(Cell::as_f64).unwrap_or(0.0))
                })
                .collect(),
        ),
    }
}

fn table_view(labels: &[String], table: &Table) -> Html {
    html! {
        <div class="dash-table-wrap">
            <table class="dash-table">
                <thead><tr>{ for labels.iter().map(|l| html! { <th>{ l }</th> }) }</tr></thead>
                <tbody>
                    { for table.rows.iter().take(TABLE_ROWS).map(|row| html! {
                        <tr>{ for row.iter().zip(labels).map(|(c, l)| html! { <td>{ match c {
                            Cell::Int(us) if l == "Time" => iso_time(*us),
                            other => other.display(),
                        } }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// One polyline per series over the buckets (x = bucket index).
fn lines(labels: &[String], breakdown: bool, table: &Table) -> Html {
    let mut buckets: Vec<i64> = Vec::new();
    // (series name, value per bucket)
    let mut series: Vec<(String, Vec<f64>)> = Vec::new();
    for row in &table.rows {
        let x = match row.first() {
            Some(Cell::Int(n)) => *n,
            _ => continue,
        };
        if buckets.last() != Some(&x) {
            buckets.push(x);
        }
        let at = buckets.len() - 1;
        let points: Vec<(String, f64)> = if breakdown {
            vec![(
                row.get(1).map(Cell::display).unwrap_or_default(),
                row.get(2).and_then(Cell::as_f64).unwrap_or(0.0),
            )]
        } else {
            labels
                .iter()
                .zip(&row[1..])
                .map(|(l, c)| (l.clone(), c.as_f64().unwrap_or(0.0)))
                .collect()
        };
        for (name, y) in points {
            let index = match series.iter().position(|(n, _)| *n == name) {
                Some(i) => i,
                None => {
                    series.push((name, Vec::new()));
                    series.len() - 1
                }
            };
            let values = &mut series[index].1;
            values.resize(at, 0.0);
            values.push(y);
        }
    }
    for (_, values) in &mut series {
        values.resize(buckets.len(), 0.0);
    }
    if buckets.len() == 1 {
        // One time bucket: a line would be a dot, so show each series' value as a bar.
        return bars(false, series.into_iter().map(|(n, v)| (n, v[0])).collect());
    }
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let step = W / (buckets.len().max(2) - 1) as f64;
    let summary = series
        .iter()
        .map(|(name, values)| {
            let shown: Vec<String> = values.iter().map(|v| fmt(*v)).collect();
            format!("{name}: {}", shown.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let summary = format!("{} time bucket(s). {summary}", buckets.len());
    html! {
        <figure class="dash-figure">
            <svg class="dash-chart" viewBox="-4 -4 308 88" role="img"
                aria-label={summary.clone()}>
                <title>{ summary }</title>
                { for series.iter().enumerate().map(|(i, (_, values))| {
                    let points: Vec<String> = values.iter().enumerate()
                        .map(|(x, y)| format!("{},{}", px(x as f64 * step), px(H - y / max * H)))
                        .collect();
                    html! {
                        <>
                            <polyline class={format!("dash-line s{}", i % 4)} points={points.join(" ")} />
                            { for values.iter().enumerate().map(|(x, y)| html! {
                                <circle class={format!("s{}", i % 4)} r="2.5" cx={px(x as f64 * step)} cy={px(H - y / max * H)} />
                            }) }
                        </>
                    }
                }) }
            </svg>
            <figcaption class="dash-legend">
                { for series.iter().enumerate().map(|(i, (name, _))| html! {
                    <span class={format!("key s{}", i % 4)}>{ name }</span>
                }) }
                <span class="muted">{ format!("max {}", fmt(max)) }</span>
            </figcaption>
        </figure>
    }
}

/// Horizontal bars of `(label, value)`, at most [`TABLE_ROWS`] (pies with their shares).
fn bars(pie: bool, mut items: Vec<(String, f64)>) -> Html {
    items.truncate(TABLE_ROWS);
    let total: f64 = items.iter().map(|(_, v)| v).sum();
    let max = items.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0);
    let value = |v: f64| {
        if pie && total > 0.0 {
            format!("{} ({}%)", fmt(v), px(100.0 * v / total))
        } else {
            fmt(v)
        }
    };
    let summary = items
        .iter()
        .map(|(l, v)| format!("{l}: {}", value(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    let row_h = 18.0;
    let height = row_h * items.len() as f64;
    html! {
        <svg class="dash-chart dash-bars" viewBox={format!("0 0 300 {}", px(height))} role="img"
            aria-label={summary.clone()}>
            <title>{ summary }</title>
            { for items.iter().enumerate().map(|(i, (label, v))| {
                let y = i as f64 * row_h;
                html! {
                    <g>
                        <rect class="dash-bar" x="110" y={px(y + 3.0)} height="12"
                            width={px((v / max * 120.0).max(1.0))} />
                        <text class="dash-label" x="106" y={px(y + 13.0)} text-anchor="end">{ clip(label) }</text>
                        <text class="dash-value" x={px(114.0 + v / max * 120.0)} y={px(y + 13.0)}>{ value(*v) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

fn clip(label: &str) -> String {
    if label.chars().count() > 18 {
        format!("{}…", label.chars().take(17).collect::<String>())
    } else {
        label.to_owned()
    }
}

/// A coordinate (or percentage) rounded to a whole number, as text.
fn px(v: f64) -> String {
    (v.round() as i64).to_string()
}

fn fmt(v: f64) -> String {
    Cell::Float(v).display()
}
