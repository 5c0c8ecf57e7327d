//! Every panel's SQL runs in Apache DataFusion (OpenObserve's query engine, the PyPI `datafusion`
//! package that `scripts/setup` installs) on the rows the simulator says OpenObserve stores for
//! generated lines (with API Gateway's `-` values), and returns exactly the preview's table.
//! `scripts/datafusion-check.py` applies OpenObserve's own rewrites first (`histogram` to
//! `date_bin`, variables at "All"). Integers and text must be identical; floats may differ in the
//! last bits only (summation order).

use gwlog_core::api::ApiType;
use gwlog_core::dashboard::preview::{evaluate, histogram_interval_seconds, Cell, Table};
use gwlog_core::dashboard::spec::Query;
use gwlog_core::dashboard::{plan, DashboardPlan, Options};
use gwlog_core::format::presets::PRESETS;
use gwlog_core::format::{grammar, kind, FormatKind};
use gwlog_core::openobserve::columns::DataType;
use gwlog_core::openobserve::delivery::{Delivery, Via};
use gwlog_core::openobserve::fixes;
use gwlog_core::openobserve::simulate::{simulate, SimulationInput, StoredColumns, Verdict};
use gwlog_core::synth;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const NOW_MS: i64 = 1_755_786_979_000;

/// A case for DataFusion and the preview's answer to it.
struct Case {
    name: String,
    sql: String,
    expected: Table,
    unordered: bool,
}

/// The stored rows for `format`'s generated lines on `via` (text formats through CloudWatch: the
/// rows the pipeline's function writes, which are the to-JSON format's).
fn stored_rows(format: &str, api: ApiType, via: Via, seed: u64) -> Vec<StoredColumns> {
    let pieces = grammar::parse(format);
    let (format, via) = if kind::detect(format, &pieces) == FormatKind::Json {
        (format.to_owned(), via)
    } else {
        (
            fixes::to_json(format, api)
                .expect("text formats convert")
                .format,
            Via::Direct,
        )
    };
    let lines = synth::lines(&format, api, 60, seed, NOW_MS);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let delivery = Delivery::plan(api, Some(via), "", "").delivery;
    let input = SimulationInput::new(&lines, "default", "apigw", NOW_MS, "req-1")
        .with_trailing_newline(format.ends_with('\n'))
        .with_format(&format, api)
        .via(delivery.route());
    simulate(&input)
        .records
        .into_iter()
        .flat_map(|record| record.rows)
        .filter(|row| row.verdict == Verdict::Stored)
        .map(|row| row.columns)
        .collect()
}

fn data_type_name(data_type: DataType) -> &'static str {
    match data_type {
        DataType::Int64 | DataType::UInt64 => "Int64",
        DataType::Float64 => "Float64",
        DataType::Boolean => "Boolean",
        DataType::Utf8 | DataType::Null => "Utf8",
    }
}

fn table_json(rows: &[StoredColumns]) -> (Value, Value) {
    let mut schema: BTreeMap<String, &'static str> = BTreeMap::new();
    for row in rows {
        for column in &row.0 {
            schema
                .entry(column.name.clone())
                .or_insert(data_type_name(column.data_type));
        }
    }
    let data: Vec<Value> = rows
        .iter()
        .map(|row| {
            let map: Map<String, Value> = row
                .0
                .iter()
                .map(|c| (c.name.clone(), c.value.clone()))
                .collect();
            Value::Object(map)
        })
        .collect();
    (json!(schema), Value::Array(data))
}

fn interval_of(rows: &[StoredColumns]) -> i64 {
    let times: Vec<i64> = rows
        .iter()
        .filter_map(|row| row.get("_timestamp").and_then(|c| c.value.as_i64()))
        .collect();
    let span = times.iter().max().unwrap_or(&0) - times.iter().min().unwrap_or(&0);
    histogram_interval_seconds(span)
}

fn cases_for(planned: &DashboardPlan, rows: &[StoredColumns], label: &str) -> Vec<Case> {
    let interval = interval_of(rows);
    let refs: Vec<&StoredColumns> = rows.iter().collect();
    planned
        .included()
        .map(|panel| {
            let query = panel.query.as_ref().expect("an included panel has a query");
            Case {
                name: format!("{label}/{}", panel.kind),
                sql: panel.sql.clone().expect("an included panel has SQL"),
                expected: evaluate(query, &refs, interval),
                unordered: matches!(query, Query::Latest(_)),
            }
        })
        .collect()
}

fn same_cell(found: &Value, expected: &Cell) -> bool {
    match (found, expected) {
        (Value::Null, Cell::Null) => true,
        (Value::String(a), Cell::Text(b)) => a == b,
        (Value::Number(a), Cell::Int(b)) => a.as_i64() == Some(*b),
        // Floats agree to 1e-12 relative: DataFusion sums and merges its t-digests in its own
        // order (SIMD lanes, partial and final aggregates), which moves the last bit or two.
        (Value::Number(a), Cell::Float(b)) => a
            .as_f64()
            .is_some_and(|a| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)),
        _ => false,
    }
}

fn sorted_display(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut rows = rows;
    rows.sort();
    rows
}

fn run_datafusion(cases: &[(Case, Value, Value, i64)]) -> Vec<Value> {
    let dir = tempfile_dir();
    let input = dir.join("cases.json");
    let output = dir.join("results.json");
    let payload = json!({
        "cases": cases.iter().map(|(case, schema, rows, interval)| json!({
            "name": case.name,
            "stream": "apigw",
            "sql": case.sql,
            "interval_seconds": interval,
            "schema": schema,
            "rows": rows,
        })).collect::<Vec<_>>()
    });
    std::fs::write(&input, payload.to_string()).expect("cases written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/datafusion-check.py");
    let status = Command::new("python3")
        .arg(&script)
        .arg(&input)
        .arg(&output)
        .status()
        .expect("python3 runs (scripts/setup installs the datafusion package)");
    assert!(
        status.success(),
        "scripts/datafusion-check.py failed: is the PyPI datafusion package installed? Run scripts/setup"
    );
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(&output).expect("results")).expect("json");
    results["results"]
        .as_array()
        .expect("results array")
        .clone()
}

fn tempfile_dir() -> std::path::PathBuf {
    // Tests run in parallel threads of one process: each call gets its own directory.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("gwlog-dashboard-sql-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

fn check(cases: Vec<(Case, Value, Value, i64)>) {
    assert!(!cases.is_empty());
    let results = run_datafusion(&cases);
    let mut failures = Vec::new();
    for ((case, ..), result) in cases.iter().zip(&results) {
        if let Some(error) = result.get("error") {
            failures.push(format!(
                "{}: DataFusion error {error}\n  {}",
                case.name, case.sql
            ));
            continue;
        }
        let rows = result["rows"].as_array().cloned().unwrap_or_default();
        let found: Vec<Vec<Value>> = rows
            .iter()
            .map(|row| row.as_array().cloned().unwrap_or_default())
            .collect();
        let equal = if case.unordered {
            let show = |rows: Vec<Vec<String>>| sorted_display(rows);
            show(
                found
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|v| match v {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .collect(),
            ) == show(
                case.expected
                    .rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Cell::Text(s) => s.clone(),
                                Cell::Null => "null".to_owned(),
                                Cell::Int(n) => n.to_string(),
                                Cell::Float(x) => Value::from(*x).to_string(),
                            })
                            .collect()
                    })
                    .collect(),
            )
        } else {
            found.len() == case.expected.rows.len()
                && found.iter().zip(&case.expected.rows).all(|(a, b)| {
                    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_cell(x, y))
                })
        };
        if !equal {
            failures.push(format!(
                "{}: DataFusion and the preview differ\n  sql: {}\n  datafusion: {:?}\n  preview:    {:?}",
                case.name, result["sql"], found, case.expected.rows
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn preset_cases(via: Via) -> Vec<(Case, Value, Value, i64)> {
    let mut all = Vec::new();
    for (index, preset) in PRESETS.iter().enumerate() {
        let Ok(planned) = plan(preset.format, preset.api, via, &Options::new("apigw")) else {
            continue;
        };
        let rows = stored_rows(preset.format, preset.api, via, 0x5EED + index as u64);
        let (schema, data) = table_json(&rows);
        let interval = interval_of(&rows);
        for case in cases_for(&planned, &rows, &format!("{}/{via}", preset.id)) {
            all.push((case, schema.clone(), data.clone(), interval));
        }
    }
    all
}

#[test]
fn every_preset_panel_runs_in_datafusion_directly_and_matches_the_preview() {
    check(preset_cases(Via::Direct));
}

#[test]
fn every_preset_panel_runs_in_datafusion_through_cloudwatch_and_matches_the_preview() {
    check(preset_cases(Via::CloudWatch));
}

#[test]
fn panels_of_generated_formats_run_in_datafusion_and_match_the_preview() {
    // Random subsets of the variables the catalogue's panels use, quoted as JSON formats.
    let variables = [
        "status",
        "httpMethod",
        "resourcePath",
        "routeKey",
        "responseLatency",
        "integrationLatency",
        "responseLength",
        "identity.sourceIp",
        "identity.userAgent",
        "integration.status",
        "integrationErrorMessage",
        "wafResponseCode",
        "authorizer.status",
        "stage",
        "requestTimeEpoch",
    ];
    let mut rng = synth::Rng::new(0xDA5B);
    let mut all = Vec::new();
    for round in 0..12 {
        let api = [ApiType::Rest, ApiType::Http][round % 2];
        let mut members = vec![r#""requestId":"$context.requestId""#.to_owned()];
        for name in variables {
            if rng.chance(50) {
                let key = if name == "requestTimeEpoch" {
                    "_timestamp".to_owned()
                } else {
                    name.replace('.', "_")
                };
                members.push(format!(r#""{key}":"$context.{name}""#));
            }
        }
        let format = format!("{{{}}}", members.join(","));
        for via in [Via::Direct, Via::CloudWatch] {
            let Ok(planned) = plan(&format, api, via, &Options::new("apigw")) else {
                continue;
            };
            let rows = stored_rows(&format, api, via, round as u64);
            let (schema, data) = table_json(&rows);
            let interval = interval_of(&rows);
            for case in cases_for(&planned, &rows, &format!("generated-{round}/{via}")) {
                all.push((case, schema.clone(), data.clone(), interval));
            }
        }
    }
    check(all);
}
