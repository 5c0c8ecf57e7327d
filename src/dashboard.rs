//! The OpenObserve dashboard for the settled format, API type and route (core's
//! [`gwlog_core::dashboard`]): the panel's own inputs ([`DashboardInputs`]), the plan with its
//! JSON and the `curl` creating it ([`Dashboard`]), for a text format through CloudWatch Logs the
//! VRL function and pipeline that parse its lines ([`Parse`]), and each included panel evaluated
//! on the sample lines' stored rows ([`previews`]). [`crate::derived`] computes these only while
//! the panel is shown.

use crate::analysis::Analysis;
use crate::ingest::{Destination, Simulated, Stamp, PLACEHOLDER_HOST};
use gwlog_core::api::ApiType;
use gwlog_core::dashboard::curl::{create_command, Object};
use gwlog_core::dashboard::preview::{evaluate, histogram_interval_seconds, Table};
use gwlog_core::dashboard::spec::Query;
use gwlog_core::dashboard::{plan, vrl, DashboardError, DashboardPlan, Options, PanelKind};
use gwlog_core::openobserve::delivery::{Delivery, Via};
use gwlog_core::openobserve::fixes::{self, carry_lines};
use gwlog_core::openobserve::simulate::{StoredColumns, Verdict};
use gwlog_core::openobserve::url::UrlCheck;

/// The default time ranges offered (OpenObserve's relative form).
pub const TIME_RANGES: [&str; 5] = ["15m", "1h", "6h", "24h", "7d"];

/// What the user chose in the Dashboard panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardInputs {
    /// Whether the panel is open (nothing is computed while it is closed).
    pub shown: bool,
    /// The title (empty: core's default).
    pub title: String,
    /// The description (empty: core's default).
    pub description: String,
    /// The default time range.
    pub time_range: String,
    /// The panels the user turned off.
    pub off: Vec<PanelKind>,
}

impl Default for DashboardInputs {
    fn default() -> Self {
        DashboardInputs {
            shown: false,
            title: String::new(),
            description: String::new(),
            time_range: "1h".to_owned(),
            off: Vec::new(),
        }
    }
}

/// A text input of the Dashboard panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashboardInput {
    /// `#dash-title`.
    Title,
    /// `#dash-description`.
    Description,
    /// `#dash-range`.
    TimeRange,
}

impl DashboardInputs {
    /// Replaces one text input.
    pub fn set(&mut self, input: DashboardInput, text: String) {
        *match input {
            DashboardInput::Title => &mut self.title,
            DashboardInput::Description => &mut self.description,
            DashboardInput::TimeRange => &mut self.time_range,
        } = text;
    }

    /// Turns a panel on or off.
    pub fn toggle(&mut self, kind: PanelKind, on: bool) {
        self.off.retain(|k| *k != kind);
        if !on {
            self.off.push(kind);
        }
    }
}

/// The VRL function and realtime pipeline that parse a text format's lines arriving through
/// CloudWatch Logs as `message`, each with the `curl` that creates it.
#[derive(Debug, PartialEq)]
pub struct Parse {
    /// The VRL source.
    pub source: String,
    /// `POST /api/{org}/functions` creating it.
    pub function_curl: String,
    /// The pipeline JSON.
    pub pipeline: String,
    /// `POST /api/{org}/pipelines` creating it.
    pub pipeline_curl: String,
    /// The stream the subscription delivers to.
    pub source_stream: String,
    /// The stream the parsed rows go to (the dashboard's).
    pub output_stream: String,
}

/// The dashboard for one snapshot of the inputs.
#[derive(Debug, PartialEq)]
pub struct Dashboard {
    /// The plan, or why the format gets none.
    pub plan: Result<DashboardPlan, DashboardError>,
    /// The dashboard JSON (empty without a plan).
    pub json: String,
    /// The `curl` creating it.
    pub curl: String,
    /// For a text format through CloudWatch Logs: the function and pipeline parsing it.
    pub parse: Option<Parse>,
}

/// Where the management API lives.
pub struct Server<'a> {
    /// The base URL, or [`PLACEHOLDER_HOST`].
    pub base: &'a str,
    /// The org (core's answer: `default` when none).
    pub org: &'a str,
    /// The stream as OpenObserve stores it.
    pub stream: &'a str,
}

/// The server's base URL, where its management API lives, as core's URL check gives it, once
/// it is usable (`ready`), else [`PLACEHOLDER_HOST`].
pub fn base_of(endpoint: &UrlCheck, ready: bool) -> &str {
    if ready {
        &endpoint.base
    } else {
        PLACEHOLDER_HOST
    }
}

/// Plans the dashboard for `format` on `api`, `via` a route, into `server`.
pub fn dashboard(
    format: &str,
    api: ApiType,
    via: Via,
    inputs: &DashboardInputs,
    server: &Server,
    now_ms: i64,
) -> Dashboard {
    let function = (via == Via::CloudWatch)
        .then(|| vrl::function(format, api).ok())
        .flatten();
    let parse = function.map(|f| {
        let output_stream = vrl::parsed_stream(server.stream);
        let pipeline = vrl::pipeline(&f, server.org, server.stream, &output_stream);
        let create = |object, body: &str| create_command(server.base, server.org, object, body);
        Parse {
            function_curl: create(Object::Function, &f.create_request()),
            pipeline_curl: create(Object::Pipeline, &pipeline),
            source: f.source,
            pipeline,
            source_stream: server.stream.to_owned(),
            output_stream,
        }
    });
    let options = Options {
        title: inputs.title.clone(),
        description: inputs.description.clone(),
        stream: parse
            .as_ref()
            .map_or(server.stream, |p| &p.output_stream)
            .to_owned(),
        time_range: inputs.time_range.clone(),
        panels: Some(
            PanelKind::ALL
                .into_iter()
                .filter(|k| !inputs.off.contains(k))
                .collect(),
        ),
        now_ms,
    };
    let plan = plan(format, api, via, &options);
    let json = plan.as_ref().map(|p| p.to_json()).unwrap_or_default();
    let curl = create_command(server.base, server.org, Object::Dashboard, &json);
    Dashboard {
        plan,
        json,
        curl,
        parse,
    }
}

/// The included panels' queries: what the previews are computed from.
pub fn queries(dashboard: Option<&Dashboard>) -> Vec<(PanelKind, Query)> {
    let Some(Ok(plan)) = dashboard.map(|d| &d.plan) else {
        return Vec::new();
    };
    plan.included()
        .filter_map(|p| Some((p.kind, p.query.clone()?)))
        .collect()
}

/// Each query's result on the stored rows, in dashboard order.
pub type Previews = Vec<(PanelKind, Table)>;

/// Evaluates `queries` on the rows OpenObserve stores for the sample lines: the simulated ones,
/// or for a text format through CloudWatch Logs (`parsed`) the rows the pipeline writes, which
/// are those of the lines converted to the to-JSON format and stored directly.
pub fn previews(
    queries: &[(PanelKind, Query)],
    simulated: &Simulated,
    analysis: &Analysis,
    parsed: bool,
    stamp: &Stamp,
) -> Previews {
    if !cfg!(feature = "dashboard-panel") || queries.is_empty() {
        return Vec::new();
    }
    let converted = parsed
        .then(|| {
            let api = analysis.api;
            let json = fixes::to_json(&analysis.format, api).ok()?.format;
            let lines = carry_lines(
                &analysis.format,
                &json,
                api,
                &analysis.lines_text,
                stamp.now_ms,
            );
            let destination = Destination {
                org: String::new(),
                stream: String::new(),
                delivery: Delivery::Direct,
            };
            Some(Simulated::run(
                &Analysis::run(api, &json, &lines.text),
                &destination,
                stamp,
            ))
        })
        .flatten();
    let source = converted.as_ref().unwrap_or(simulated);
    let rows: Vec<&StoredColumns> = source
        .simulation
        .records
        .iter()
        .flat_map(|r| &r.rows)
        .filter(|row| row.verdict == Verdict::Stored)
        .map(|row| &row.columns)
        .collect();
    let times = rows
        .iter()
        .filter_map(|row| row.get("_timestamp").and_then(|c| c.value.as_i64()));
    let (low, high) = times.fold((i64::MAX, i64::MIN), |(l, h), t| (l.min(t), h.max(t)));
    let interval = histogram_interval_seconds(high.saturating_sub(low).max(0));
    queries
        .iter()
        .map(|(kind, query)| (*kind, evaluate(query, &rows, interval)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_management_api_is_at_the_servers_base_once_usable() {
        let endpoint = gwlog_core::openobserve::url::ingestion_url(
            &gwlog_core::openobserve::url::Base::SelfHosted("https://o2.example.com/o2".into()),
            Some("acme"),
            "apigw",
        );
        assert_eq!(base_of(&endpoint, true), "https://o2.example.com/o2");
        assert_eq!(base_of(&endpoint, false), PLACEHOLDER_HOST);
    }

    #[test]
    fn a_panel_turned_off_and_on_again_is_on() {
        let mut inputs = DashboardInputs::default();
        inputs.toggle(PanelKind::Waf, false);
        inputs.toggle(PanelKind::Waf, false);
        assert_eq!(inputs.off, [PanelKind::Waf]);
        inputs.toggle(PanelKind::Waf, true);
        assert!(inputs.off.is_empty());
    }
}
