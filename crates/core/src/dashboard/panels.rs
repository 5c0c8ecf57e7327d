//! The panel catalogue: every panel gwlog can put on an API Gateway dashboard, the variables
//! each needs, and its query built on the columns the format really produces on its route (the
//! same [`FormatColumns`] the columns preview shows).

use super::spec::{
    Aggregate, Condition, Group, Latest, Measure, NumberColumn, Order, Query, Series,
};
use crate::openobserve::columns::DataType;
use crate::openobserve::format_columns::FormatColumns;
use serde::Serialize;
use std::fmt;

/// How a panel is drawn (OpenObserve's panel `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chart {
    /// Lines over time.
    Line,
    /// Stacked areas over time, one per breakdown value.
    AreaStacked,
    /// Vertical bars.
    Bar,
    /// Horizontal bars (top-N lists).
    HBar,
    /// A pie.
    Pie,
    /// A table.
    Table,
    /// One number.
    Metric,
}

impl Chart {
    /// OpenObserve's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Chart::Line => "line",
            Chart::AreaStacked => "area-stacked",
            Chart::Bar => "bar",
            Chart::HBar => "h-bar",
            Chart::Pie => "pie",
            Chart::Table => "table",
            Chart::Metric => "metric",
        }
    }
}

/// The panels gwlog offers, in dashboard order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PanelKind {
    /// Requests per time bucket.
    RequestsOverTime,
    /// Requests per status code.
    StatusCodes,
    /// 2xx/3xx/4xx/5xx per time bucket.
    StatusClassesOverTime,
    /// Percent of 4xx and 5xx responses per time bucket.
    ErrorRate,
    /// Requests per HTTP method.
    Methods,
    /// The busiest resource paths or route keys.
    TopRoutes,
    /// responseLatency p50/p90/p99 per time bucket.
    Latency,
    /// integrationLatency p50/p90/p99 per time bucket.
    IntegrationLatency,
    /// The routes with the highest p99 latency.
    SlowestRoutes,
    /// Mean and largest response size per time bucket.
    ResponseSize,
    /// The source IPs sending most requests.
    TopSourceIps,
    /// The most frequent user agents.
    UserAgents,
    /// Integration failures per time bucket.
    IntegrationErrors,
    /// WAF outcomes.
    Waf,
    /// Authorizer outcomes.
    Authorizer,
    /// The newest requests, as stored.
    LatestRequests,
}

impl PanelKind {
    /// Every panel, in dashboard order.
    pub const ALL: [PanelKind; 16] = [
        PanelKind::RequestsOverTime,
        PanelKind::StatusCodes,
        PanelKind::StatusClassesOverTime,
        PanelKind::ErrorRate,
        PanelKind::Methods,
        PanelKind::TopRoutes,
        PanelKind::Latency,
        PanelKind::IntegrationLatency,
        PanelKind::SlowestRoutes,
        PanelKind::ResponseSize,
        PanelKind::TopSourceIps,
        PanelKind::UserAgents,
        PanelKind::IntegrationErrors,
        PanelKind::Waf,
        PanelKind::Authorizer,
        PanelKind::LatestRequests,
    ];

    /// The stable id (`requests-over-time`, …), as `gwlog dashboard --panels` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PanelKind::RequestsOverTime => "requests-over-time",
            PanelKind::StatusCodes => "status-codes",
            PanelKind::StatusClassesOverTime => "status-classes-over-time",
            PanelKind::ErrorRate => "error-rate",
            PanelKind::Methods => "methods",
            PanelKind::TopRoutes => "top-routes",
            PanelKind::Latency => "latency",
            PanelKind::IntegrationLatency => "integration-latency",
            PanelKind::SlowestRoutes => "slowest-routes",
            PanelKind::ResponseSize => "response-size",
            PanelKind::TopSourceIps => "top-source-ips",
            PanelKind::UserAgents => "user-agents",
            PanelKind::IntegrationErrors => "integration-errors",
            PanelKind::Waf => "waf",
            PanelKind::Authorizer => "authorizer",
            PanelKind::LatestRequests => "latest-requests",
        }
    }

    /// The panel's title.
    pub fn title(self) -> &'static str {
        match self {
            PanelKind::RequestsOverTime => "Requests over time",
            PanelKind::StatusCodes => "Status codes",
            PanelKind::StatusClassesOverTime => "2xx / 3xx / 4xx / 5xx over time",
            PanelKind::ErrorRate => "Error rate (% of requests)",
            PanelKind::Methods => "Requests by method",
            PanelKind::TopRoutes => "Top routes",
            PanelKind::Latency => "Latency p50 / p90 / p99 (ms)",
            PanelKind::IntegrationLatency => "Integration latency p50 / p90 / p99 (ms)",
            PanelKind::SlowestRoutes => "Slowest routes (p99 ms)",
            PanelKind::ResponseSize => "Response size (bytes)",
            PanelKind::TopSourceIps => "Top source IPs",
            PanelKind::UserAgents => "User agents",
            PanelKind::IntegrationErrors => "Integration errors",
            PanelKind::Waf => "WAF outcomes",
            PanelKind::Authorizer => "Authorizer outcomes",
            PanelKind::LatestRequests => "Latest requests",
        }
    }

    /// The `$context` variables that can feed it; it is included when the format has any one
    /// of each group (an empty list: always).
    pub fn needs(self) -> &'static [&'static [&'static str]] {
        const ROUTE: &[&str] = &["routeKey", "resourcePath", "path"];
        match self {
            PanelKind::RequestsOverTime | PanelKind::LatestRequests => &[],
            PanelKind::StatusCodes | PanelKind::StatusClassesOverTime | PanelKind::ErrorRate => {
                &[&["status"]]
            }
            PanelKind::Methods => &[&["httpMethod"]],
            PanelKind::TopRoutes => &[ROUTE],
            PanelKind::Latency => &[&["responseLatency"]],
            PanelKind::IntegrationLatency => &[&["integrationLatency", "integration.latency"]],
            PanelKind::SlowestRoutes => &[ROUTE, &["responseLatency"]],
            PanelKind::ResponseSize => &[&["responseLength"]],
            PanelKind::TopSourceIps => &[&["identity.sourceIp"]],
            PanelKind::UserAgents => &[&["identity.userAgent"]],
            PanelKind::IntegrationErrors => &[&[
                "integration.status",
                "integrationStatus",
                "integration.error",
                "integrationErrorMessage",
            ]],
            PanelKind::Waf => &[&["wafResponseCode", "waf.status", "waf.error"]],
            PanelKind::Authorizer => {
                &[&["authorizer.status", "authorize.status", "authorizer.error"]]
            }
        }
    }

    /// How it is drawn.
    pub fn chart(self) -> Chart {
        match self {
            PanelKind::RequestsOverTime
            | PanelKind::ErrorRate
            | PanelKind::Latency
            | PanelKind::IntegrationLatency
            | PanelKind::ResponseSize
            | PanelKind::IntegrationErrors => Chart::Line,
            PanelKind::StatusClassesOverTime => Chart::AreaStacked,
            PanelKind::StatusCodes | PanelKind::Waf => Chart::Pie,
            PanelKind::Methods | PanelKind::Authorizer => Chart::Bar,
            PanelKind::TopRoutes | PanelKind::TopSourceIps | PanelKind::UserAgents => Chart::HBar,
            PanelKind::SlowestRoutes | PanelKind::LatestRequests => Chart::Table,
        }
    }

    /// What it shows, for the panel's description.
    pub fn description(self) -> &'static str {
        match self {
            PanelKind::RequestsOverTime => "Requests per time bucket.",
            PanelKind::StatusCodes => "Requests per method response status.",
            PanelKind::StatusClassesOverTime => "Requests per status class and time bucket.",
            PanelKind::ErrorRate => "Percent of requests answered 4xx and 5xx, per time bucket.",
            PanelKind::Methods => "Requests per HTTP method.",
            PanelKind::TopRoutes => "The ten routes with the most requests.",
            PanelKind::Latency => "Percentiles of $context.responseLatency per time bucket.",
            PanelKind::IntegrationLatency => {
                "Percentiles of the integration latency per time bucket."
            }
            PanelKind::SlowestRoutes => "The ten routes with the highest p99 latency.",
            PanelKind::ResponseSize => "Mean and largest $context.responseLength per time bucket.",
            PanelKind::TopSourceIps => "The ten source IPs with the most requests.",
            PanelKind::UserAgents => "The ten most frequent user agents.",
            PanelKind::IntegrationErrors => "Requests whose integration failed, per time bucket.",
            PanelKind::Waf => "Requests per WAF outcome.",
            PanelKind::Authorizer => "Requests per authorizer outcome.",
            PanelKind::LatestRequests => "The 50 newest requests as stored.",
        }
    }
}

impl fmt::Display for PanelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for PanelKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PanelKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                let known: Vec<&str> = PanelKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown panel '{text}' (one of {})", known.join(", "))
            })
    }
}

/// A stored column fed by one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The variable, without `$context.`.
    pub variable: &'static str,
    /// The stored column.
    pub column: String,
    /// Its type.
    pub data_type: DataType,
}

impl Resolved {
    fn number(&self) -> NumberColumn {
        NumberColumn {
            name: self.column.clone(),
            stored_as_text: self.data_type != DataType::Int64,
        }
    }
}

/// The column a variable feeds, if it feeds one by itself.
pub fn resolve(columns: &FormatColumns, variable: &'static str) -> Option<Resolved> {
    let wanted = format!("$context.{variable}");
    columns
        .columns
        .iter()
        .find(|column| column.variables.len() == 1 && column.variables[0] == wanted)
        .map(|column| Resolved {
            variable,
            column: column.name.clone(),
            data_type: column.data_type,
        })
}

/// The first of `variables` that feeds a column.
fn first(columns: &FormatColumns, variables: &[&'static str]) -> Option<Resolved> {
    variables
        .iter()
        .find_map(|variable| resolve(columns, variable))
}

fn series(label: &str, measure: Measure) -> Series {
    Series {
        label: label.to_owned(),
        measure,
    }
}

fn over_time(series: Vec<Series>, filter: Vec<Condition>) -> Query {
    Query::Aggregate(Aggregate {
        group: Some(Group::Time),
        breakdown: None,
        series,
        filter,
        order: Order::GroupAscending,
        limit: None,
    })
}

fn count_by(column: &str, order: Order, limit: Option<u32>) -> Query {
    Query::Aggregate(Aggregate {
        group: Some(Group::Column(column.to_owned())),
        breakdown: None,
        series: vec![series("Requests", Measure::Count)],
        filter: vec![Condition::Present(column.to_owned())],
        order,
        limit,
    })
}

fn percentiles(number: &NumberColumn) -> Vec<Series> {
    [50, 90, 99]
        .into_iter()
        .map(|p| series(&format!("p{p}"), Measure::Percentile(number.clone(), p)))
        .collect()
}

/// The columns the variables of a panel resolve to, in `needs` order; `None` when one group
/// has no column.
pub fn resolve_needs(kind: PanelKind, columns: &FormatColumns) -> Option<Vec<Resolved>> {
    kind.needs()
        .iter()
        .map(|group| first(columns, group))
        .collect()
}

/// The panel's query on these columns; `None` when the format lacks what it needs.
pub fn query(kind: PanelKind, columns: &FormatColumns) -> Option<Query> {
    let needs = resolve_needs(kind, columns)?;
    let only = || needs.first().cloned();
    Some(match kind {
        PanelKind::RequestsOverTime => {
            over_time(vec![series("Requests", Measure::Count)], Vec::new())
        }
        PanelKind::StatusCodes => count_by(&only()?.column, Order::FirstMeasureDescending, None),
        PanelKind::StatusClassesOverTime => Query::Aggregate(Aggregate {
            group: Some(Group::Time),
            breakdown: Some(Group::StatusClass(only()?.number())),
            series: vec![series("Requests", Measure::Count)],
            filter: Vec::new(),
            order: Order::GroupAscending,
            limit: None,
        }),
        PanelKind::ErrorRate => {
            let status = only()?.number();
            over_time(
                vec![
                    series(
                        "4xx and 5xx %",
                        Measure::Share(Condition::AtLeast(status.clone(), 400)),
                    ),
                    series("5xx %", Measure::Share(Condition::AtLeast(status, 500))),
                ],
                Vec::new(),
            )
        }
        PanelKind::Methods => count_by(&only()?.column, Order::FirstMeasureDescending, None),
        PanelKind::TopRoutes | PanelKind::TopSourceIps | PanelKind::UserAgents => {
            count_by(&only()?.column, Order::FirstMeasureDescending, Some(10))
        }
        PanelKind::Latency | PanelKind::IntegrationLatency => {
            over_time(percentiles(&only()?.number()), Vec::new())
        }
        PanelKind::SlowestRoutes => {
            let route = needs.first()?.column.clone();
            let latency = needs.get(1)?.number();
            Query::Aggregate(Aggregate {
                group: Some(Group::Column(route.clone())),
                breakdown: None,
                series: vec![
                    series("p99 ms", Measure::Percentile(latency.clone(), 99)),
                    series("p50 ms", Measure::Percentile(latency, 50)),
                    series("Requests", Measure::Count),
                ],
                filter: vec![Condition::Present(route)],
                order: Order::FirstMeasureDescending,
                limit: Some(10),
            })
        }
        PanelKind::ResponseSize => {
            let size = only()?.number();
            over_time(
                vec![
                    series("Mean bytes", Measure::Average(size.clone())),
                    series("Largest bytes", Measure::Maximum(size)),
                ],
                Vec::new(),
            )
        }
        PanelKind::IntegrationErrors => {
            let resolved = only()?;
            let failed = if resolved.variable.ends_with("tatus") {
                Condition::AtLeast(resolved.number(), 500)
            } else {
                Condition::Present(resolved.column.clone())
            };
            over_time(
                vec![series("Failed integrations", Measure::CountWhere(failed))],
                Vec::new(),
            )
        }
        PanelKind::Waf | PanelKind::Authorizer => {
            count_by(&only()?.column, Order::FirstMeasureDescending, None)
        }
        PanelKind::LatestRequests => Query::Latest(Latest {
            columns: latest_columns(columns),
            limit: 50,
        }),
    })
}

/// The columns of the latest-requests table: time first, then the usual request fields the
/// format has.
fn latest_columns(columns: &FormatColumns) -> Vec<(String, String)> {
    let mut out = vec![("Time".to_owned(), "_timestamp".to_owned())];
    for (label, variables) in [
        ("Request id", &["requestId"][..]),
        ("Method", &["httpMethod"][..]),
        ("Route", &["routeKey", "resourcePath", "path"][..]),
        ("Status", &["status"][..]),
        ("Latency ms", &["responseLatency"][..]),
        ("Bytes", &["responseLength"][..]),
        ("Source IP", &["identity.sourceIp"][..]),
    ] {
        if let Some(resolved) = first(columns, variables) {
            out.push((label.to_owned(), resolved.column));
        }
    }
    out
}
