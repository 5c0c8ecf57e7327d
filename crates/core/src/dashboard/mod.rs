//! OpenObserve dashboards generated from the user's own format, API type, route and stream: the
//! panels are chosen by the variables the format contains and query the columns the records
//! really produce on their route (the same prediction as the columns preview), reading API
//! Gateway's `-` values through `TRY_CAST`.
//!
//! - [`plan`]: which panels are in, which are out and which variable would bring each back, and
//!   every panel's query ([`spec::Query`]) and SQL;
//! - [`DashboardPlan::to_json`]: the version-8 dashboard JSON ([`v8`]);
//! - [`preview`]: each panel evaluated on the sample lines' stored rows.
//!
//! ```
//! use gwlog_core::api::ApiType;
//! use gwlog_core::dashboard::{plan, Options};
//! use gwlog_core::openobserve::delivery::Via;
//!
//! let format = r#"{"requestId":"$context.requestId","status":"$context.status"}"#;
//! let planned = plan(format, ApiType::Rest, Via::Direct, &Options::new("apigw")).unwrap();
//! assert!(planned.panel("status-codes").is_some_and(|p| p.included));
//! assert!(planned.to_json().contains("\"version\": 8"));
//! ```

pub mod curl;
pub mod panels;
pub mod preview;
pub mod spec;
pub mod v8;
pub mod vrl;

pub use panels::{Chart, PanelKind};

use crate::api::ApiType;
use crate::diagnostic::{Code, Diagnostic, Severity, Span};
use crate::format::grammar;
use crate::format::kind::{self, FormatKind};
use crate::openobserve::delivery::Via;
use crate::openobserve::fixes::{self, FixKind};
use crate::openobserve::format_columns::{format_columns_via, ColumnsError, FormatColumns};
use crate::openobserve::stream_name;
use serde::Serialize;
use spec::{Query, BREAKDOWN_ALIAS, X_ALIAS};

/// What the user chooses about the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The title; empty gives `API Gateway access logs · <stream>`.
    pub title: String,
    /// The description; empty gives one naming the stream and the route.
    pub description: String,
    /// The stream the logs are in, as typed (OpenObserve's stored name is used in the SQL).
    pub stream: String,
    /// The default time range, OpenObserve's relative form (`15m`, `1h`, `24h`, `7d`).
    pub time_range: String,
    /// The panels to include (`None`: every panel the format allows).
    pub panels: Option<Vec<PanelKind>>,
    /// When the dashboard is made, ms since the epoch (its `created`).
    pub now_ms: i64,
}

impl Options {
    /// Defaults for `stream`: every panel, the last hour.
    pub fn new(stream: &str) -> Options {
        Options {
            title: String::new(),
            description: String::new(),
            stream: stream.to_owned(),
            time_range: "1h".to_owned(),
            panels: None,
            now_ms: 0,
        }
    }
}

/// One panel of the catalogue for this format: in or out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelPlan {
    /// Which panel.
    pub kind: PanelKind,
    /// Its title.
    pub title: &'static str,
    /// How it is drawn.
    pub chart: Chart,
    /// Whether it is on the dashboard.
    pub included: bool,
    /// Why it is in or out (out: which variable would bring it back, or that it was deselected).
    pub why: String,
    /// Its SQL, when the format allows the panel.
    pub sql: Option<String>,
    /// Its query, when the format allows the panel.
    #[serde(skip)]
    pub query: Option<Query>,
}

/// Something the user should know about the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DashboardNote {
    /// How much it matters.
    pub severity: Severity,
    /// What it is.
    pub message: String,
    /// The one-click fix that addresses it, if one does.
    pub fix: Option<FixKind>,
}

/// The dashboard for one format, API type, route and stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardPlan {
    /// The title.
    pub title: String,
    /// The description.
    pub description: String,
    /// The stream as OpenObserve stores it (what the SQL queries).
    pub stream: String,
    /// The route the records take.
    #[serde(serialize_with = "serialize_via")]
    pub via: Via,
    /// Every catalogue panel, in dashboard order.
    pub panels: Vec<PanelPlan>,
    /// What to know (ingest-time `_timestamp`, the stored stream name, …).
    pub notes: Vec<DashboardNote>,
    /// The default time range.
    pub time_range: String,
    /// `created`, RFC 3339.
    pub created: String,
    /// The dashboard variables (stage, method, status, route) the columns allow; every panel
    /// filters by them.
    pub variables: Vec<DashboardVariable>,
    /// The columns the panels query.
    #[serde(skip)]
    pub columns: FormatColumns,
}

/// A dashboard variable: a multi-select of a column's values, "All" by default.
///
/// OpenObserve writes the chosen values into each panel's SQL as `'a','b'`, and "All" (or
/// nothing chosen) as `'_o2_all_'`, which its server rewrites `col IN ('_o2_all_')` to `true`
/// (OpenObserve `web/src/composables/dashboard/usePanelVariableSubstitution.ts` and
/// `src/search/src/sql/rewriter/remove_dashboard_placeholder.rs` at fbab9b80): so `col IN ($name)`
/// narrows to the choice and passes everything at "All".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DashboardVariable {
    /// The name used in SQL (`$stage`).
    pub name: &'static str,
    /// Shown label.
    pub label: &'static str,
    /// The variable it filters on, without `$context.`.
    pub variable: &'static str,
    /// The stored column.
    pub column: String,
    /// The predicate every panel carries.
    pub predicate: String,
}

/// The placeholder OpenObserve substitutes for a variable left at "All".
pub const ALL_PLACEHOLDER: &str = "_o2_all_";

fn serialize_via<S: serde::Serializer>(via: &Via, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(via.as_str())
}

/// Why a format gets no dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DashboardError {
    /// A text format sent straight to Firehose: OpenObserve rejects every batch, so there is
    /// nothing to chart until the format is JSON.
    TextFormatDirect {
        /// What the format is.
        format_kind: FormatKind,
        /// What to do.
        message: String,
        /// The fix that makes it work.
        fix: FixKind,
    },
    /// OpenObserve can read no columns from the format.
    NoColumns {
        /// Why.
        error: ColumnsError,
    },
}

impl DashboardError {
    /// The error as a diagnostic, for the CLI and the playground to show as they show others.
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            DashboardError::TextFormatDirect { message, .. } => Diagnostic::error(
                Code::DashboardTextFormatDirect,
                Span::at(0),
                message.clone(),
            ),
            DashboardError::NoColumns { error } => Diagnostic::error(
                Code::DashboardNoColumns,
                Span::at(0),
                format!("No dashboard: {error}"),
            ),
        }
    }
}

impl DashboardPlan {
    /// The panel with id `id`.
    pub fn panel(&self, id: &str) -> Option<&PanelPlan> {
        self.panels.iter().find(|panel| panel.kind.as_str() == id)
    }

    /// The included panels.
    pub fn included(&self) -> impl Iterator<Item = &PanelPlan> {
        self.panels.iter().filter(|panel| panel.included)
    }

    /// The dashboard as OpenObserve's version-8 JSON, pretty-printed.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.dashboard()).unwrap_or_default()
    }

    /// The file name to save it under: `<stream>.dashboard.json`.
    pub fn file_name(&self) -> String {
        format!("{}.dashboard.json", self.stream)
    }

    /// The dashboard as the v8 structure.
    pub fn dashboard(&self) -> v8::Dashboard {
        let included: Vec<&PanelPlan> = self.included().collect();
        let full_width: Vec<bool> = included
            .iter()
            .map(|panel| panel.chart == Chart::Table)
            .collect();
        let layouts = v8::layouts(&full_width);
        let panels = included
            .iter()
            .zip(layouts)
            .filter_map(|(panel, layout)| {
                let query = panel.query.as_ref()?;
                Some(v8::Panel {
                    id: format!("Panel_ID{}", layout.i),
                    panel_type: panel.chart.as_str(),
                    title: panel.title.to_owned(),
                    description: panel.kind.description().to_owned(),
                    config: v8::PanelConfig {
                        show_legends: !matches!(panel.chart, Chart::Table | Chart::Metric),
                        legends_position: None,
                        unit: None,
                        decimals: 2,
                    },
                    query_type: "sql",
                    queries: vec![v8::PanelQuery {
                        query: panel.sql.clone().unwrap_or_default(),
                        vrl_function_query: String::new(),
                        custom_query: true,
                        fields: fields(&self.stream, query),
                        config: v8::QueryConfig {
                            promql_legend: String::new(),
                            limit: 0,
                        },
                    }],
                    layout,
                    html_content: String::new(),
                    markdown_content: String::new(),
                })
            })
            .collect();
        v8::Dashboard {
            version: 8,
            dashboard_id: dashboard_id(&self.stream, &self.title),
            title: self.title.clone(),
            description: self.description.clone(),
            role: String::new(),
            owner: String::new(),
            created: self.created.clone(),
            tabs: vec![v8::Tab {
                tab_id: "default".to_owned(),
                name: "Default".to_owned(),
                panels,
            }],
            variables: v8::Variables {
                list: self
                    .variables
                    .iter()
                    .map(|v| v.to_v8(&self.stream))
                    .collect(),
                show_dynamic_filters: true,
            },
            default_datetime_duration: v8::DatetimeDuration {
                duration_type: "relative",
                relative_time_period: self.time_range.clone(),
            },
        }
    }
}

/// The result columns of a query as axis items.
fn fields(stream: &str, query: &Query) -> v8::Fields {
    let mut fields = v8::Fields {
        stream: stream.to_owned(),
        stream_type: "logs",
        x: Vec::new(),
        y: Vec::new(),
        z: Vec::new(),
        breakdown: Vec::new(),
        filter: v8::FilterGroup::default(),
    };
    match query {
        Query::Aggregate(aggregate) => {
            if let Some(group) = &aggregate.group {
                let label = match group {
                    spec::Group::Time => "Time".to_owned(),
                    spec::Group::Column(column) => column.clone(),
                    spec::Group::StatusClass(_) => "Status class".to_owned(),
                };
                fields.x.push(v8::AxisItem::custom(&label, X_ALIAS));
            }
            if aggregate.breakdown.is_some() {
                fields
                    .breakdown
                    .push(v8::AxisItem::custom("Status class", BREAKDOWN_ALIAS));
            }
            for (n, series) in aggregate.series.iter().enumerate() {
                fields
                    .y
                    .push(v8::AxisItem::custom(&series.label, &spec::y_alias(n + 1)));
            }
        }
        Query::Latest(latest) => {
            for (n, (label, _)) in latest.columns.iter().enumerate() {
                fields
                    .x
                    .push(v8::AxisItem::custom(label, &spec::column_alias(n + 1)));
            }
        }
    }
    fields
}

/// A stable id from the stream and title (FNV-1a, 64 bits): the same inputs give the same id.
fn dashboard_id(stream: &str, title: &str) -> String {
    let hash = format!("{stream}\n{title}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    format!("gwlog_{hash:016x}")
}

/// Plans the dashboard for `format` on a stage of `api` whose records arrive `via` a route.
///
/// A JSON format gets panels over its own columns (direct) or `message_*` columns (CloudWatch
/// Logs). A text format through CloudWatch Logs is parsed by an OpenObserve function in a
/// realtime pipeline first, into the keys the to-JSON fix would give (see [`crate::dashboard`]'s
/// VRL function), so its panels query those. A text format sent straight to Firehose gets no
/// dashboard: OpenObserve rejects every batch.
pub fn plan(
    format: &str,
    api: ApiType,
    via: Via,
    options: &Options,
) -> Result<DashboardPlan, DashboardError> {
    let pieces = grammar::parse(format);
    let format_kind = kind::detect(format, &pieces);
    let mut notes = Vec::new();
    let columns = if format_kind == FormatKind::Json || format.trim().is_empty() {
        format_columns_via(format, api, via).map_err(|error| DashboardError::NoColumns { error })?
    } else if via == Via::Direct {
        return Err(DashboardError::TextFormatDirect {
            format_kind,
            message: format!(
                "A {} format sent straight to Firehose gets no dashboard: OpenObserve's Firehose \
                 endpoint reads only JSON and rejects every batch (400), so nothing is stored to \
                 chart. Convert the format to JSON.",
                format_kind.label()
            ),
            fix: FixKind::ToJson,
        });
    } else {
        let Ok(converted) = fixes::to_json(format, api) else {
            return format_columns_via(format, api, via)
                .map_err(|error| DashboardError::NoColumns { error })
                .and_then(|_| {
                    Err(DashboardError::TextFormatDirect {
                        format_kind,
                        message: "This format cannot be converted to JSON.".to_owned(),
                        fix: FixKind::ToJson,
                    })
                });
        };
        notes.push(DashboardNote {
            severity: Severity::Info,
            message: "The lines arrive as text in `message`: the dashboard reads the stream a \
                      realtime pipeline writes after its function parses each line (the VRL \
                      function and the pipeline JSON come with it)."
                .to_owned(),
            fix: None,
        });
        format_columns_via(&converted.format, api, Via::Direct)
            .map_err(|error| DashboardError::NoColumns { error })?
    };
    let stream = stream_name::normalize(&options.stream);
    if stream != options.stream {
        notes.push(DashboardNote {
            severity: Severity::Info,
            message: format!(
                "OpenObserve stores stream '{}' as '{stream}': the panels query '{stream}'.",
                options.stream
            ),
            fix: None,
        });
    }
    if via == Via::Direct && columns.column("_timestamp").is_none() {
        notes.push(DashboardNote {
            severity: Severity::Warning,
            message: "The format has no _timestamp, so every row carries the time OpenObserve \
                      received it (ingest time), not the request time: panels over time show \
                      when Firehose delivered each batch. Add \"_timestamp\":\"$context.requestTimeEpoch\"."
                .to_owned(),
            fix: Some(FixKind::Timestamp),
        });
    }
    let variables = dashboard_variables(&columns);
    let predicates: Vec<String> = variables.iter().map(|v| v.predicate.clone()).collect();
    let panels = PanelKind::ALL
        .into_iter()
        .map(|kind| {
            let query = panels::query(kind, &columns);
            let wanted = options
                .panels
                .as_ref()
                .is_none_or(|chosen| chosen.contains(&kind));
            let why = match (&query, wanted) {
                (Some(_), true) => included_because(kind, &columns),
                (Some(_), false) => "Left out by choice.".to_owned(),
                (None, _) => missing_variables(kind, &columns),
            };
            PanelPlan {
                kind,
                title: kind.title(),
                chart: kind.chart(),
                included: query.is_some() && wanted,
                why,
                sql: query.as_ref().map(|q| q.sql(&stream, &predicates)),
                query,
            }
        })
        .collect();
    let route = match via {
        Via::Direct => "delivered by Firehose directly",
        Via::CloudWatch => "delivered through a CloudWatch Logs subscription",
    };
    Ok(DashboardPlan {
        title: match options.title.trim() {
            "" => format!("API Gateway access logs · {stream}"),
            title => title.to_owned(),
        },
        description: match options.description.trim() {
            "" => format!(
                "{} access logs in stream {stream}, {route}. Generated by gwlog from the stage's \
                 access-log format.",
                api.label()
            ),
            description => description.to_owned(),
        },
        stream,
        via,
        panels,
        notes,
        time_range: match options.time_range.trim() {
            "" => "1h".to_owned(),
            range => range.to_owned(),
        },
        created: v8::rfc3339(options.now_ms),
        variables,
        columns,
    })
}

/// Stage, method, status and route variables, for the columns the format has.
fn dashboard_variables(columns: &FormatColumns) -> Vec<DashboardVariable> {
    use crate::openobserve::columns::DataType;
    [
        ("stage", "Stage", &["stage"][..]),
        ("method", "Method", &["httpMethod"][..]),
        ("status", "Status", &["status"][..]),
        ("route", "Route", &["routeKey", "resourcePath", "path"][..]),
    ]
    .into_iter()
    .filter_map(|(name, label, candidates)| {
        let resolved = candidates
            .iter()
            .find_map(|v| panels::resolve(columns, v))?;
        // Option values are strings: compare a numeric column as text.
        let column_sql = match resolved.data_type {
            DataType::Utf8 => spec::quoted(&resolved.column),
            _ => format!("CAST({} AS VARCHAR)", spec::quoted(&resolved.column)),
        };
        Some(DashboardVariable {
            name,
            label,
            variable: resolved.variable,
            predicate: format!("{column_sql} IN (${name})"),
            column: resolved.column,
        })
    })
    .collect()
}

impl DashboardVariable {
    /// The v8 JSON of the variable: values queried from the stream, multi-select, "All" first.
    fn to_v8(&self, stream: &str) -> serde_json::Value {
        serde_json::json!({
            "type": "query_values",
            "name": self.name,
            "label": self.label,
            "query_data": {
                "stream_type": "logs",
                "stream": stream,
                "field": self.column,
                "max_record_size": 100,
                "filter": [],
            },
            "value": "",
            "options": [],
            "multiSelect": true,
            "hideOnDashboard": false,
            "selectAllValueForMultiSelect": "all",
            "customMultiSelectValue": [],
            "escapeSingleQuotes": true,
            "scope": "global",
        })
    }
}

fn included_because(kind: PanelKind, columns: &FormatColumns) -> String {
    let used: Vec<String> = panels::resolve_needs(kind, columns)
        .unwrap_or_default()
        .into_iter()
        .map(|r| format!("$context.{} (column {})", r.variable, r.column))
        .collect();
    if used.is_empty() {
        "Every format has it: it counts rows.".to_owned()
    } else {
        format!("The format has {}.", used.join(" and "))
    }
}

fn missing_variables(kind: PanelKind, columns: &FormatColumns) -> String {
    let missing: Vec<String> = kind
        .needs()
        .iter()
        .filter(|group| group.iter().all(|v| panels::resolve(columns, v).is_none()))
        .map(|group| {
            let names: Vec<String> = group.iter().map(|v| format!("$context.{v}")).collect();
            names.join(" or ")
        })
        .collect();
    format!(
        "Add {} to the format to get this panel.",
        missing.join(", and ")
    )
}
