//! The rule table: every rule OpenObserve's import page and server apply to a version-8
//! dashboard (docs/sources.md, *OpenObserve dashboards and SQL*), checked on the dashboards for
//! every preset on both routes and for generated formats (random subsets of the catalogue),
//! and each dashboard deserialized into a strict model of the server's v8 structures
//! (`tests/support/v8_model.rs`).

#[path = "support/v8_model.rs"]
mod v8_model;

use gwlog_core::api::ApiType;
use gwlog_core::dashboard::{plan, Options, PanelKind};
use gwlog_core::format::presets::PRESETS;
use gwlog_core::openobserve::delivery::Via;
use gwlog_core::synth::Rng;
use serde_json::Value;
use std::collections::HashSet;

/// The panel types the import page knows.
const PANEL_TYPES: &[&str] = &[
    "area",
    "line",
    "bar",
    "scatter",
    "area-stacked",
    "donut",
    "pie",
    "h-bar",
    "stacked",
    "h-stacked",
    "heatmap",
    "metric",
    "gauge",
    "geomap",
    "maps",
    "table",
    "sankey",
    "custom_chart",
    "html",
    "markdown",
];

type Rule = (&'static str, fn(&Value) -> Result<(), String>);

fn panels(dashboard: &Value) -> Vec<&Value> {
    dashboard["tabs"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|tab| tab["panels"].as_array().into_iter().flatten())
        .collect()
}

fn each_panel(
    dashboard: &Value,
    rule: impl Fn(&Value) -> Result<(), String>,
) -> Result<(), String> {
    for panel in panels(dashboard) {
        rule(panel).map_err(|e| format!("{}: {e}", panel["id"]))?;
    }
    Ok(())
}

fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (text.ends_with('Z') || text[19..].contains('+') || text[19..].contains('-'))
        && text[..4].bytes().all(|c| c.is_ascii_digit())
}

const RULES: &[Rule] = &[
    ("version is the number 8", |d| {
        (d["version"] == 8 && d["version"].is_u64())
            .then_some(())
            .ok_or("version".into())
    }),
    ("dashboardId and title are set", |d| {
        let set = |v: &Value| v.as_str().is_some_and(|s| !s.is_empty());
        (set(&d["dashboardId"]) && set(&d["title"]))
            .then_some(())
            .ok_or("missing".into())
    }),
    ("created is RFC 3339", |d| {
        d["created"]
            .as_str()
            .filter(|c| is_rfc3339(c))
            .map(|_| ())
            .ok_or("created".into())
    }),
    ("tabs: non-empty, unique tabId, a name each", |d| {
        let tabs = d["tabs"]
            .as_array()
            .filter(|t| !t.is_empty())
            .ok_or("no tabs")?;
        let ids: HashSet<&str> = tabs.iter().filter_map(|t| t["tabId"].as_str()).collect();
        (ids.len() == tabs.len()
            && tabs
                .iter()
                .all(|t| t["name"].is_string() && t["panels"].is_array()))
        .then_some(())
        .ok_or("tab ids or names".into())
    }),
    ("panel ids are unique", |d| {
        let ids: Vec<&str> = panels(d).iter().filter_map(|p| p["id"].as_str()).collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        (unique.len() == ids.len() && ids.len() == panels(d).len())
            .then_some(())
            .ok_or("duplicate id".into())
    }),
    ("layout.i is a unique integer from 1", |d| {
        let is: Vec<u64> = panels(d)
            .iter()
            .filter_map(|p| p["layout"]["i"].as_u64())
            .collect();
        let mut sorted = is.clone();
        sorted.sort_unstable();
        (is.len() == panels(d).len() && sorted == (1..=is.len() as u64).collect::<Vec<_>>())
            .then_some(())
            .ok_or(format!("layout.i {is:?}"))
    }),
    ("layout values are integers on the 192-column grid", |d| {
        each_panel(d, |p| {
            let l = &p["layout"];
            let int = |k: &str| l[k].as_u64().ok_or(format!("layout.{k} not an integer"));
            let (x, w) = (int("x")?, int("w")?);
            int("y")?;
            int("h")?;
            (w > 0 && x + w <= 192)
                .then_some(())
                .ok_or(format!("x {x} w {w}"))
        })
    }),
    ("panel type is known", |d| {
        each_panel(d, |p| {
            p["type"]
                .as_str()
                .filter(|t| PANEL_TYPES.contains(t))
                .map(|_| ())
                .ok_or("type".into())
        })
    }),
    ("panel title and description are strings", |d| {
        each_panel(d, |p| {
            (p["title"].as_str().is_some_and(|t| !t.is_empty()) && p["description"].is_string())
                .then_some(())
                .ok_or("title or description".into())
        })
    }),
    ("config.show_legends is a bool", |d| {
        each_panel(d, |p| {
            p["config"]["show_legends"]
                .is_boolean()
                .then_some(())
                .ok_or("show_legends".into())
        })
    }),
    (
        "queries: custom SQL with promql_legend, fields and a group filter",
        |d| {
            each_panel(d, |p| {
                let queries = p["queries"]
                    .as_array()
                    .filter(|q| !q.is_empty())
                    .ok_or("no queries")?;
                for q in queries {
                    if q["customQuery"] != true || !q["config"]["promql_legend"].is_string() {
                        return Err("customQuery or promql_legend".into());
                    }
                    let f = &q["fields"];
                    if !(f["stream"].is_string() && f["x"].is_array() && f["y"].is_array()) {
                        return Err("fields".into());
                    }
                    if f["filter"]["filterType"] != "group" || !f["filter"]["conditions"].is_array()
                    {
                        return Err("filter is not a group object".into());
                    }
                    if f["stream_type"] != "logs" {
                        return Err("stream_type".into());
                    }
                }
                Ok(())
            })
        },
    ),
    (
        "every axis item has a label, an alias, and a valid functionName",
        |d| {
            each_panel(d, |p| {
                let f = &p["queries"][0]["fields"];
                for axis in ["x", "y", "z", "breakdown"] {
                    for item in f[axis].as_array().into_iter().flatten() {
                        if !(item["label"].is_string() && item["alias"].is_string()) {
                            return Err(format!("{axis} item without label or alias"));
                        }
                        // Custom SQL columns carry no function: `null` is in OpenObserve's list.
                        if !item["functionName"].is_null() || item["type"] != "custom" {
                            return Err(format!("{axis} item function"));
                        }
                    }
                }
                Ok(())
            })
        },
    ),
    (
        "fields name the SQL's result columns (what customQuery maps to axes)",
        |d| {
            each_panel(d, |p| {
                let q = &p["queries"][0];
                let sql = q["query"].as_str().ok_or("no SQL")?;
                let f = &q["fields"];
                let items = ["x", "y", "breakdown"]
                    .into_iter()
                    .flat_map(|a| f[a].as_array().cloned().unwrap_or_default());
                let mut any = false;
                for item in items {
                    any = true;
                    let alias = item["alias"].as_str().unwrap_or_default();
                    if !sql.contains(&format!("AS \"{alias}\"")) {
                        return Err(format!("alias {alias} not in the SQL"));
                    }
                }
                any.then_some(()).ok_or("no axis filled".into())
            })
        },
    ),
    ("per-type axis counts", |d| {
        each_panel(d, |p| {
            let f = &p["queries"][0]["fields"];
            let n = |a: &str| f[a].as_array().map_or(0, Vec::len);
            let ok = match p["type"].as_str().unwrap_or_default() {
                "pie" | "donut" => n("x") == 1 && n("y") == 1,
                "metric" => n("y") == 1 && n("x") == 0,
                "bar" | "line" | "area" | "scatter" | "h-bar" => n("y") >= 1 && n("x") == 1,
                "table" => n("x") + n("y") >= 1,
                "area-stacked" => n("x") == 1 && n("breakdown") == 1 && n("y") == 1,
                "stacked" | "h-stacked" => n("x") == 1 && n("breakdown") == 1 && n("y") >= 1,
                _ => false,
            };
            ok.then_some(()).ok_or("axis counts".into())
        })
    }),
    ("no result column is aliased _timestamp", |d| {
        each_panel(d, |p| {
            let sql = p["queries"][0]["query"].as_str().unwrap_or_default();
            (!sql.to_lowercase().contains("as \"_timestamp\"") && !sql.contains(" AS _timestamp"))
                .then_some(())
                .ok_or("aliased _timestamp".into())
        })
    }),
    (
        "numbers are read with TRY_CAST, never CAST, except to text",
        |d| {
            each_panel(d, |p| {
                let sql = p["queries"][0]["query"].as_str().unwrap_or_default();
                let bare_casts = sql
                    .match_indices("CAST(")
                    .filter(|(i, _)| !sql[..*i].ends_with("TRY_"))
                    .count();
                let text_casts = sql.matches(" AS VARCHAR)").count();
                (bare_casts == text_casts)
                    .then_some(())
                    .ok_or(format!("plain CAST in {sql}"))
            })
        },
    ),
    (
        "variables are multi-select query values filtered in every panel",
        |d| {
            let list = d["variables"]["list"].as_array().ok_or("variables.list")?;
            for variable in list {
                let name = variable["name"].as_str().ok_or("name")?;
                if variable["type"] != "query_values"
                    || variable["multiSelect"] != true
                    || !variable["value"].is_string()
                {
                    return Err(format!("variable {name}"));
                }
                each_panel(d, |p| {
                    let sql = p["queries"][0]["query"].as_str().unwrap_or_default();
                    sql.contains(&format!("IN (${name})"))
                        .then_some(())
                        .ok_or(format!("no ${name}"))
                })?;
            }
            Ok(())
        },
    ),
    ("the default time range is relative", |d| {
        (d["defaultDatetimeDuration"]["type"] == "relative"
            && d["defaultDatetimeDuration"]["relativeTimePeriod"].is_string())
        .then_some(())
        .ok_or("defaultDatetimeDuration".into())
    }),
];

fn check(json: &str, label: &str, failures: &mut Vec<String>) {
    let dashboard: Value = serde_json::from_str(json).expect("dashboard JSON parses");
    for (rule, holds) in RULES {
        if let Err(why) = holds(&dashboard) {
            failures.push(format!("{label}: {rule}: {why}"));
        }
    }
    if let Err(why) = v8_model::check_v8(json) {
        failures.push(format!(
            "{label}: the server's v8 structures reject it: {why}"
        ));
    }
    // The server stores its own re-serialisation: a key it does not know would be lost.
    match v8_model::dropped_keys(json) {
        Ok(dropped) if dropped.is_empty() => {}
        Ok(dropped) => failures.push(format!("{label}: the server would drop {dropped:?}")),
        Err(why) => failures.push(format!("{label}: {why}")),
    }
}

fn options() -> Options {
    Options {
        now_ms: 1_755_786_979_000,
        ..Options::new("apigw")
    }
}

#[test]
fn every_preset_dashboard_passes_every_rule_on_both_routes() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for preset in PRESETS {
        for via in [Via::Direct, Via::CloudWatch] {
            if let Ok(planned) = plan(preset.format, preset.api, via, &options()) {
                check(
                    &planned.to_json(),
                    &format!("{} via {via}", preset.id),
                    &mut failures,
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= PRESETS.len(), "only {checked} dashboards");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dashboards_of_generated_formats_pass_every_rule() {
    let names: Vec<&str> = PanelKind::ALL
        .iter()
        .flat_map(|kind| kind.needs().iter().flat_map(|group| group.iter().copied()))
        .chain(["stage", "requestTimeEpoch", "requestId"])
        .collect();
    let mut rng = Rng::new(0xDA5B0A);
    let mut failures = Vec::new();
    for round in 0..60 {
        let api = [ApiType::Rest, ApiType::Http, ApiType::WebSocket][round % 3];
        let mut members = Vec::new();
        for name in &names {
            if rng.chance(40) {
                let key = if *name == "requestTimeEpoch" {
                    "_timestamp".to_owned()
                } else {
                    name.replace('.', "_")
                };
                if !members
                    .iter()
                    .any(|m: &String| m.starts_with(&format!("\"{key}\"")))
                {
                    members.push(format!("\"{key}\":\"$context.{name}\""));
                }
            }
        }
        let format = format!("{{{}}}", members.join(","));
        for via in [Via::Direct, Via::CloudWatch] {
            let planned =
                plan(&format, api, via, &options()).expect("a JSON format gets a dashboard");
            check(
                &planned.to_json(),
                &format!("{format} via {via}"),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_format_with_the_variables_gets_at_least_ten_panels() {
    let format = r#"{"requestId":"$context.requestId","_timestamp":"$context.requestTimeEpoch","ip":"$context.identity.sourceIp","userAgent":"$context.identity.userAgent","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","responseLength":"$context.responseLength","responseLatency":"$context.responseLatency","integrationLatency":"$context.integrationLatency","integrationStatus":"$context.integration.status","stage":"$context.stage"}"#;
    let planned = plan(format, ApiType::Rest, Via::Direct, &options()).unwrap();
    assert!(
        planned.included().count() >= 10,
        "{}",
        planned.included().count()
    );
}

#[test]
fn a_panel_left_out_names_the_variable_that_would_enable_it() {
    let format = r#"{"requestId":"$context.requestId","status":"$context.status"}"#;
    let planned = plan(format, ApiType::Rest, Via::Direct, &options()).unwrap();
    let latency = planned.panel("latency").unwrap();
    assert!(!latency.included);
    assert!(
        latency.why.contains("$context.responseLatency"),
        "{}",
        latency.why
    );
}

#[test]
fn a_text_format_sent_directly_gets_no_dashboard_but_the_to_json_fix() {
    let preset = PRESETS.iter().find(|p| p.id == "rest-clf").unwrap();
    let error = plan(preset.format, preset.api, Via::Direct, &options()).unwrap_err();
    assert!(matches!(
        error,
        gwlog_core::dashboard::DashboardError::TextFormatDirect {
            fix: gwlog_core::openobserve::fixes::FixKind::ToJson,
            ..
        }
    ));
}
