//! A panel's result on the sample lines: its [`Query`] evaluated the way OpenObserve's SQL engine
//! (Apache DataFusion) evaluates the SQL produced from the same spec, over the rows the simulator
//! says OpenObserve would store. A test runs the SQL in DataFusion on those rows and requires
//! the same table.
//!
//! Semantics kept from DataFusion: `TRY_CAST(text AS BIGINT)` is NULL unless the whole text is
//! an integer; aggregates skip NULLs; `histogram(_timestamp)` is `date_bin` from
//! 2001-01-01T00:00:00Z; `approx_percentile_cont` is DataFusion's t-digest estimate
//! ([`approx_percentile`]); groups are ordered as the SQL's `ORDER BY` orders them.

use super::spec::{Aggregate, Condition, Group, Latest, Measure, NumberColumn, Order, Query};
use crate::openobserve::simulate::StoredColumns;
use serde::Serialize;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `date_bin`'s origin as OpenObserve writes it: 2001-01-01T00:00:00Z, in µs.
pub const HISTOGRAM_ORIGIN_MICROS: i64 = 978_307_200_000_000;

/// One cell of a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// NULL.
    Null,
    /// An integer (counts, sums, maxima, integer columns).
    Int(i64),
    /// A float (averages, shares, percentiles).
    Float(f64),
    /// Text.
    Text(String),
}

impl Cell {
    /// The cell as a number for drawing (`None` for NULL and text).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Int(n) => Some(*n as f64),
            Cell::Float(x) => Some(*x),
            Cell::Null | Cell::Text(_) => None,
        }
    }

    /// The cell as shown in a table.
    pub fn display(&self) -> String {
        match self {
            Cell::Null => "null".to_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x) => {
                let rounded = (x * 100.0).round() / 100.0;
                format!("{rounded}")
            }
            Cell::Text(text) => text.clone(),
        }
    }
}

/// A panel's result: its columns (the SQL's aliases) and rows, in the SQL's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Result column names.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The histogram interval OpenObserve picks for a time range when the SQL names none
/// (OpenObserve `src/search/src/sql/visitor/histogram_interval.rs` at fbab9b80), in seconds.
pub fn histogram_interval_seconds(range_micros: i64) -> i64 {
    const HOUR: i64 = 3_600;
    const DAY: i64 = 86_400;
    let range_seconds = range_micros / 1_000_000;
    [
        (60 * DAY, DAY),
        (30 * DAY, 12 * HOUR),
        (28 * DAY, 6 * HOUR),
        (21 * DAY, 3 * HOUR),
        (15 * DAY, 2 * HOUR),
        (6 * HOUR, HOUR),
        (2 * HOUR, 60),
        (HOUR, 30),
        (30 * 60, 15),
        (10, 10),
    ]
    .into_iter()
    .find(|(at_least, _)| range_seconds >= *at_least)
    .map_or(1, |(_, interval)| interval)
}

/// `date_bin(interval, ts, origin)` for µs timestamps.
pub fn time_bucket(timestamp_micros: i64, interval_seconds: i64) -> i64 {
    let interval = interval_seconds.max(1) * 1_000_000;
    let offset = (timestamp_micros - HISTOGRAM_ORIGIN_MICROS).div_euclid(interval);
    HISTOGRAM_ORIGIN_MICROS + offset * interval
}

/// The stored value of `column` in `row`, NULL when absent.
fn value<'a>(row: &'a StoredColumns, column: &str) -> Option<&'a Value> {
    row.get(column).map(|c| &c.value).filter(|v| !v.is_null())
}

/// `TRY_CAST(value AS BIGINT)` (or the integer itself).
fn number(row: &StoredColumns, column: &NumberColumn) -> Option<i64> {
    match value(row, &column.name)? {
        Value::Number(n) => n.as_i64(),
        Value::String(text) if column.stored_as_text => try_cast_bigint(text),
        _ => None,
    }
}

/// DataFusion's `TRY_CAST(text AS BIGINT)` (arrow-cast 59, DataFusion 55): ASCII whitespace
/// around the text is ignored, then it must be an optional sign and decimal digits that fit.
pub fn try_cast_bigint(text: &str) -> Option<i64> {
    text.trim_matches(|c: char| c.is_ascii_whitespace())
        .parse()
        .ok()
}

fn text_of(row: &StoredColumns, column: &str) -> Cell {
    match value(row, column) {
        None => Cell::Null,
        Some(Value::String(text)) => Cell::Text(text.clone()),
        Some(Value::Number(n)) => n
            .as_i64()
            .map_or_else(|| Cell::Float(n.as_f64().unwrap_or(f64::NAN)), Cell::Int),
        Some(Value::Bool(b)) => Cell::Text(b.to_string()),
        Some(other) => Cell::Text(other.to_string()),
    }
}

fn holds(row: &StoredColumns, condition: &Condition) -> bool {
    match condition {
        Condition::AtLeast(column, at_least) => number(row, column).is_some_and(|n| n >= *at_least),
        Condition::Present(column) => match value(row, column) {
            None => false,
            Some(Value::String(text)) => text != "-",
            Some(_) => true,
        },
    }
}

fn group_key(row: &StoredColumns, group: &Group, interval_seconds: i64) -> Cell {
    match group {
        Group::Time => value(row, "_timestamp")
            .and_then(Value::as_i64)
            .map_or(Cell::Null, |ts| {
                Cell::Int(time_bucket(ts, interval_seconds))
            }),
        Group::Column(column) => text_of(row, column),
        Group::StatusClass(column) => Cell::Text(
            match number(row, column) {
                Some(n) if n >= 500 => "5xx",
                Some(n) if n >= 400 => "4xx",
                Some(n) if n >= 300 => "3xx",
                Some(n) if n >= 200 => "2xx",
                _ => "other",
            }
            .to_owned(),
        ),
    }
}

/// Total order of group keys as `ORDER BY … ASC` sorts them (NULLs last).
fn compare(a: &Cell, b: &Cell) -> Ordering {
    match (a, b) {
        (Cell::Null, Cell::Null) => Ordering::Equal,
        (Cell::Null, _) => Ordering::Greater,
        (_, Cell::Null) => Ordering::Less,
        (Cell::Int(x), Cell::Int(y)) => x.cmp(y),
        (Cell::Text(x), Cell::Text(y)) => x.cmp(y),
        (x, y) => x
            .as_f64()
            .unwrap_or(f64::NAN)
            .total_cmp(&y.as_f64().unwrap_or(f64::NAN)),
    }
}

/// A sortable, hashable form of a group key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Int(i64),
    Text(String),
    Null,
}

fn key_of(cell: &Cell) -> Key {
    match cell {
        Cell::Int(n) => Key::Int(*n),
        Cell::Text(text) => Key::Text(text.clone()),
        Cell::Float(x) => Key::Text(x.to_string()),
        Cell::Null => Key::Null,
    }
}

fn measure(rows: &[&StoredColumns], measure: &Measure) -> Cell {
    let count_where =
        |condition: &Condition| rows.iter().filter(|row| holds(row, condition)).count() as i64;
    let numbers = |column: &NumberColumn| -> Vec<i64> {
        rows.iter().filter_map(|row| number(row, column)).collect()
    };
    match measure {
        Measure::Count => Cell::Int(rows.len() as i64),
        Measure::CountWhere(condition) if rows.is_empty() => {
            let _ = condition;
            Cell::Null
        }
        Measure::CountWhere(condition) => Cell::Int(count_where(condition)),
        Measure::Share(_) if rows.is_empty() => Cell::Null,
        Measure::Share(condition) => {
            Cell::Float(100.0 * count_where(condition) as f64 / rows.len() as f64)
        }
        Measure::Percentile(column, p) => {
            let values: Vec<f64> = numbers(column).into_iter().map(|n| n as f64).collect();
            approx_percentile(&values, f64::from(*p) / 100.0).map_or(Cell::Null, Cell::Float)
        }
        Measure::Average(column) => {
            let values = numbers(column);
            if values.is_empty() {
                Cell::Null
            } else {
                let sum: f64 = values.iter().map(|n| *n as f64).sum();
                Cell::Float(sum / values.len() as f64)
            }
        }
        Measure::Maximum(column) => numbers(column)
            .into_iter()
            .max()
            .map_or(Cell::Null, Cell::Int),
    }
}

/// DataFusion's `approx_percentile_cont(x, q)` on these values, bit for bit: the values are
/// merged into a t-digest of at most 100 centroids the way DataFusion merges one sorted batch
/// (`merge_sorted_f64`), and the quantile is its `estimate_quantile` (apache/datafusion
/// `datafusion/functions-aggregate-common/src/tdigest.rs`, 55.0.0). Below 87 values every value
/// is its own centroid; above, centroids hold several.
pub fn approx_percentile(values: &[f64], q: f64) -> Option<f64> {
    const MAX_SIZE: f64 = 100.0;
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let count = sorted.len() as f64;
    let k_to_q = |k: f64| {
        let r = k / MAX_SIZE;
        if r >= 0.5 {
            let b = 1.0 - r;
            1.0 - 2.0 * b * b
        } else {
            2.0 * r * r
        }
    };
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    // (mean, weight) of each centroid, in order.
    let mut centroids: Vec<(f64, f64)> = Vec::new();
    let mut limit = k_to_q(1.0) * count;
    let mut k = 2.0;
    let mut current = (sorted[0], 1.0);
    let (mut weight_so_far, mut sum, mut weight) = (1.0, 0.0, 0.0);
    let close = |current: &mut (f64, f64), sum: f64, weight: f64| {
        let new_sum = sum + current.1 * current.0;
        current.1 += weight;
        current.0 = new_sum / current.1;
    };
    for &value in &sorted[1..] {
        weight_so_far += 1.0;
        if weight_so_far <= limit {
            sum += value;
            weight += 1.0;
        } else {
            close(&mut current, sum, weight);
            centroids.push(current);
            sum = 0.0;
            weight = 0.0;
            limit = k_to_q(k) * count;
            k += 1.0;
            current = (value, 1.0);
        }
    }
    close(&mut current, sum, weight);
    centroids.push(current);

    if q <= 0.0 {
        return Some(min);
    }
    if q >= 1.0 {
        return Some(max);
    }
    let rank = q * count;
    let last = centroids.len() - 1;
    let (mut t, mut position);
    if q > 0.5 {
        t = count;
        position = 0;
        for index in (0..=last).rev() {
            t -= centroids[index].1;
            if rank >= t {
                position = index;
                break;
            }
        }
    } else {
        t = 0.0;
        position = last;
        for (index, centroid) in centroids.iter().enumerate() {
            if rank < t + centroid.1 {
                position = index;
                break;
            }
            t += centroid.1;
        }
    }
    let mean = |i: usize| centroids[i].0;
    let (mut low, mut high, mut delta) = (min, max, 0.0);
    if centroids.len() > 1 {
        if position == 0 {
            delta = mean(1) - mean(0);
            high = mean(1);
        } else if position == last {
            delta = mean(last) - mean(last - 1);
            low = mean(last - 1);
        } else {
            delta = (mean(position + 1) - mean(position - 1)) / 2.0;
            low = mean(position - 1);
            high = mean(position + 1);
        }
    }
    let value = mean(position) + ((rank - t) / centroids[position].1 - 0.5) * delta;
    if low.is_nan() || high.is_nan() {
        return Some(value);
    }
    if low > high {
        std::mem::swap(&mut low, &mut high);
    }
    Some(value.clamp(low, high))
}

/// Evaluates `query` over the stored `rows`, with `histogram(_timestamp)` at `interval_seconds`.
pub fn evaluate(query: &Query, rows: &[&StoredColumns], interval_seconds: i64) -> Table {
    match query {
        Query::Aggregate(aggregate) => evaluate_aggregate(aggregate, rows, interval_seconds),
        Query::Latest(latest) => evaluate_latest(latest, rows),
    }
}

fn evaluate_aggregate(
    aggregate: &Aggregate,
    rows: &[&StoredColumns],
    interval_seconds: i64,
) -> Table {
    let kept: Vec<&StoredColumns> = rows
        .iter()
        .copied()
        .filter(|row| {
            aggregate
                .filter
                .iter()
                .all(|condition| holds(row, condition))
        })
        .collect();
    let mut columns = Vec::new();
    if aggregate.group.is_some() {
        columns.push(super::spec::X_ALIAS.to_owned());
    }
    if aggregate.breakdown.is_some() {
        columns.push(super::spec::BREAKDOWN_ALIAS.to_owned());
    }
    columns.extend((1..=aggregate.series.len()).map(super::spec::y_alias));

    let Some(group) = &aggregate.group else {
        let row = aggregate
            .series
            .iter()
            .map(|s| measure(&kept, &s.measure))
            .collect();
        return Table {
            columns,
            rows: vec![row],
        };
    };
    let mut groups: BTreeMap<(Key, Key), (Cell, Cell, Vec<&StoredColumns>)> = BTreeMap::new();
    for row in kept {
        let x = group_key(row, group, interval_seconds);
        let z = aggregate
            .breakdown
            .as_ref()
            .map_or(Cell::Null, |b| group_key(row, b, interval_seconds));
        groups
            .entry((key_of(&x), key_of(&z)))
            .or_insert_with(|| (x, z, Vec::new()))
            .2
            .push(row);
    }
    let mut out: Vec<Vec<Cell>> = groups
        .into_values()
        .map(|(x, z, members)| {
            let mut row = vec![x];
            if aggregate.breakdown.is_some() {
                row.push(z);
            }
            row.extend(
                aggregate
                    .series
                    .iter()
                    .map(|s| measure(&members, &s.measure)),
            );
            row
        })
        .collect();
    let first_measure = usize::from(aggregate.breakdown.is_some()) + 1;
    match aggregate.order {
        Order::GroupAscending => out.sort_by(|a, b| {
            compare(&a[0], &b[0]).then_with(|| match (a.get(1), b.get(1)) {
                (Some(x), Some(y)) if aggregate.breakdown.is_some() => compare(x, y),
                _ => Ordering::Equal,
            })
        }),
        Order::FirstMeasureDescending => out.sort_by(|a, b| {
            compare(&b[first_measure], &a[first_measure]).then_with(|| compare(&a[0], &b[0]))
        }),
    }
    if let Some(limit) = aggregate.limit {
        out.truncate(limit as usize);
    }
    Table { columns, rows: out }
}

fn evaluate_latest(latest: &Latest, rows: &[&StoredColumns]) -> Table {
    let mut sorted: Vec<&StoredColumns> = rows.to_vec();
    // Newest first; rows with the same time keep no defined order in SQL, so the test compares
    // those as a set.
    sorted.sort_by_key(|row| std::cmp::Reverse(value(row, "_timestamp").and_then(Value::as_i64)));
    sorted.truncate(latest.limit as usize);
    Table {
        columns: (1..=latest.columns.len())
            .map(super::spec::column_alias)
            .collect(),
        rows: sorted
            .iter()
            .map(|row| {
                latest
                    .columns
                    .iter()
                    .map(|(_, column)| text_of(row, column))
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_buckets_start_at_the_2001_origin() {
        // 2025-08-21T14:36:19.5Z in µs, in one-minute buckets.
        assert_eq!(
            time_bucket(1_755_786_979_500_000, 60),
            1_755_786_960_000_000
        );
        assert_eq!(
            time_bucket(HISTOGRAM_ORIGIN_MICROS - 1, 60),
            HISTOGRAM_ORIGIN_MICROS - 60_000_000
        );
    }

    #[test]
    fn the_interval_follows_openobserves_table() {
        assert_eq!(histogram_interval_seconds(15 * 60 * 1_000_000), 10);
        assert_eq!(histogram_interval_seconds(3_600 * 1_000_000), 30);
        assert_eq!(histogram_interval_seconds(1_000_000), 1);
        assert_eq!(histogram_interval_seconds(90 * 86_400 * 1_000_000), 86_400);
    }

    #[test]
    fn percentiles_are_datafusions_t_digest_estimates() {
        let one_to = |n: u32| (1..=n).map(f64::from).collect::<Vec<_>>();
        // Measured with DataFusion 55.0.0 (PyPI `datafusion`), one batch.
        let cases: [(Vec<f64>, f64, f64); 12] = [
            (one_to(10), 0.5, 5.5),
            (one_to(10), 0.9, 9.5),
            (one_to(10), 0.99, 10.0),
            (one_to(10), 0.25, 3.0),
            (vec![5.0], 0.9, 5.0),
            (vec![1.0, 100.0], 0.5, 50.5),
            (vec![1.0, 100.0], 0.9, 100.0),
            (vec![1.0, 2.0, 2.0, 2.0, 3.0], 0.25, 1.875),
            (one_to(100), 0.5, 50.375),
            (one_to(100), 0.9, 90.5),
            (one_to(500), 0.5, 250.25),
            (one_to(500), 0.9, 450.5625),
        ];
        for (values, q, expected) in cases {
            assert_eq!(
                approx_percentile(&values, q),
                Some(expected),
                "{} values, q {q}",
                values.len()
            );
        }
        assert_eq!(approx_percentile(&[], 0.5), None);
    }

    #[test]
    fn a_dash_is_null_for_numbers() {
        assert_eq!(try_cast_bigint("-"), None);
        assert_eq!(try_cast_bigint("200"), Some(200));
        assert_eq!(try_cast_bigint("12.5"), None);
    }
}
