//! Everything the playground shows that is not an input, each value computed from exactly the
//! inputs it needs and memoised by them ([`use_derived`]), then shared by `Rc` so components
//! compare it by identity. Nothing here is stored in the state or updated by hand: a value is
//! recomputed when, and only when, one of its own inputs changes.
//!
//! The graph (live = [`State::inputs`], follows every keystroke; settled = [`State::settled`],
//! catches up after the typing pause; each arrow is one `use_memo`):
//!
//! ```text
//! live:    api, destination ─────────────────→ check      URL, key, ARN and log-group findings
//! settled: api, format, lines ───────────────→ analysis   format check, parsed lines
//! settled: api, destination ─────────────────→ route      org, stream, core's delivery plan;
//!                                                         the ingestion URL
//! settled: api, format, route's via ─────────→ format     columns (as the route stores them),
//!                                                         which fixes apply
//! analysis, route's destination ─────────────→ simulated  at the latest stamp
//! simulated, route's URL, live key if asked ─→ curl
//! live target; settled api, format,
//!   destination, export, route's URL ────────→ export     the one tab shown
//! dashboard inputs; settled api, format,
//!   route ───────────────────────────────────→ dashboard  plan, JSON, curl, VRL (None while
//!                                                         the panel is closed)
//! dashboard's queries, simulated, analysis ──→ previews   each included panel on the rows
//! ```
//!
//! Dependencies on inputs are `Rc`s of `Eq` values (compared by pointer first, by value only when
//! the pointers differ); dependencies on derived values are [`Shared`] (pointer identity: a new
//! value exists only when it was recomputed) or small values. The simulation's stamp is
//! deliberately not a dependency: a simulation re-runs when what it simulates changes, and then
//! at the stamp of the action that changed it.

use crate::analysis::Analysis;
use crate::dashboard::{self, base_of, queries, Dashboard, Previews, Server};
use crate::destination::{url_ready, DestinationCheck};
use crate::ingest::{self, curl_url, Columns, Curl, Destination, Simulated};
use crate::setup::{self, setup_inputs};
use crate::shared::Shared;
use crate::state::State;
use gwlog_core::export::{Export, SetupInputs};
use gwlog_core::openobserve::fixes::{self, Applicable};
use gwlog_core::openobserve::url::UrlCheck;
use std::rc::Rc;
use yew::prelude::*;

/// What the settled Destination inputs give a stage of the settled API type.
#[derive(Debug, PartialEq, Eq)]
pub struct Route {
    /// Where the simulated request goes and how the lines reach Firehose.
    pub destination: Rc<Destination>,
    /// The ingestion URL (for the `curl` command and the export).
    pub endpoint: UrlCheck,
}

/// What core says about the settled format beyond its check.
#[derive(Debug)]
pub struct FormatFacts {
    /// The columns every record produces on the route, or why there are none.
    pub columns: Rc<Columns>,
    /// Which fixes would change the format (checked cheaply; a fix itself runs on click).
    pub fixes: Applicable,
}

/// Every derived value for one state.
#[derive(Debug, Clone)]
pub struct Derived {
    /// What core says about the Destination inputs as typed.
    pub check: Rc<DestinationCheck>,
    /// The checked format and parsed lines.
    pub analysis: Rc<Analysis>,
    /// Where the simulated request goes, and the ingestion URL.
    pub route: Rc<Route>,
    /// The columns and the fixes that apply.
    pub format: Rc<FormatFacts>,
    /// The simulated delivery of the sample lines.
    pub simulated: Rc<Simulated>,
    /// The `curl` command replaying the simulated request.
    pub curl: Rc<Curl>,
    /// The setup for the export tab shown.
    pub export: Rc<Export>,
    /// The dashboard, while its panel is shown.
    pub dashboard: Rc<Option<Dashboard>>,
    /// The included panels evaluated on the sample lines.
    pub previews: Rc<Previews>,
}

// One function per node, shared by the hook and by `Derived::compute`.

fn check(state: &State) -> DestinationCheck {
    DestinationCheck::run(state.inputs.api, &state.inputs.destination)
}

fn analysis(state: &State) -> Analysis {
    let settled = &state.settled;
    Analysis::run(settled.api, &settled.format, &settled.lines)
}

fn route(state: &State) -> Route {
    let destination = &state.settled.destination;
    Route {
        destination: Rc::new(destination.destination(state.settled.api)),
        endpoint: destination.url(),
    }
}

fn format(state: &State, route: &Route) -> FormatFacts {
    let (format, api) = (&state.settled.format, state.settled.api);
    FormatFacts {
        columns: Rc::new(ingest::columns(
            format,
            api,
            route.destination.delivery.via(),
        )),
        fixes: fixes::applicable(format, api),
    }
}

/// The ingestion URL the `curl` command posts to, once its base is usable.
fn curl_target(route: &Route) -> Option<String> {
    url_ready(&route.endpoint).then(|| route.endpoint.url.clone())
}

/// The access key the `curl` command embeds: only when asked for, and only a usable one.
fn curl_key(state: &State, check: &DestinationCheck) -> Option<String> {
    state
        .curl_includes_key
        .then(|| check.access_key().map(str::to_owned))
        .flatten()
}

fn curl(simulated: &Simulated, url: Option<&str>, key: Option<&str>) -> Curl {
    let request = &simulated.simulation.request;
    Curl::new(request, &curl_url(url, request), key)
}

/// The export's inputs: cheap to assemble, so they are the export's memo key.
fn export_inputs(state: &State, route: &Route) -> SetupInputs {
    let settled = &state.settled;
    setup_inputs(
        settled.api,
        &settled.format,
        &settled.destination,
        &route.endpoint.url,
        &settled.export,
    )
}

/// The dashboard while its panel is shown, on the server the ingestion URL names.
fn dashboard(state: &State, route: &Route) -> Option<Dashboard> {
    let inputs = &state.dashboard;
    // Without the feature nothing calls the dashboard code, so the bundle does not carry it.
    (cfg!(feature = "dashboard-panel") && inputs.shown).then(|| {
        let endpoint = &route.endpoint;
        let server = Server {
            base: base_of(endpoint, url_ready(endpoint)),
            org: &endpoint.org,
            stream: &endpoint.stream,
        };
        let settled = &state.settled;
        let via = route.destination.delivery.via();
        dashboard::dashboard(
            &settled.format,
            settled.api,
            via,
            inputs,
            &server,
            state.stamp.now_ms,
        )
    })
}

/// Whether the dashboard reads the rows a pipeline parses (a text format through CloudWatch).
fn parsed(dashboard: &Option<Dashboard>) -> bool {
    dashboard.as_ref().is_some_and(|d| d.parse.is_some())
}

impl Derived {
    /// The same graph without memoisation: every value computed afresh (native tests).
    pub fn compute(state: &State) -> Derived {
        let check = Rc::new(check(state));
        let analysis = Rc::new(analysis(state));
        let route = Rc::new(route(state));
        let simulated = Rc::new(Simulated::run(&analysis, &route.destination, &state.stamp));
        let curl = Rc::new(curl(
            &simulated,
            curl_target(&route).as_deref(),
            curl_key(state, &check).as_deref(),
        ));
        let export = setup::export(state.target, &export_inputs(state, &route));
        let dashboard = dashboard(state, &route);
        let previews = dashboard::previews(
            &queries(dashboard.as_ref()),
            &simulated,
            &analysis,
            parsed(&dashboard),
            &state.stamp,
        );
        Derived {
            dashboard: Rc::new(dashboard),
            previews: Rc::new(previews),
            format: Rc::new(format(state, &route)),
            export: Rc::new(export),
            check,
            analysis,
            route,
            simulated,
            curl,
        }
    }
}

/// Every derived value for `state`, each memoised by its own inputs (see the module docs).
#[hook]
pub fn use_derived(state: &State) -> Derived {
    let (live, settled) = (&state.inputs, &state.settled);
    let check = use_memo((live.api, Rc::clone(&live.destination)), |_| check(state));
    let analysis = use_memo(
        (
            settled.api,
            Rc::clone(&settled.format),
            Rc::clone(&settled.lines),
        ),
        |_| analysis(state),
    );
    let route = use_memo((settled.api, Rc::clone(&settled.destination)), |_| {
        route(state)
    });
    let format = use_memo(
        (
            settled.api,
            Rc::clone(&settled.format),
            route.destination.delivery.via(),
        ),
        |_| format(state, &route),
    );
    let simulated = use_memo(
        (
            Shared::from(Rc::clone(&analysis)),
            Rc::clone(&route.destination),
        ),
        |(analysis, destination)| Simulated::run(analysis, destination, &state.stamp),
    );
    let curl = use_memo(
        (
            Shared::from(Rc::clone(&simulated)),
            curl_target(&route),
            curl_key(state, &check),
        ),
        |(simulated, url, key)| curl(simulated, url.as_deref(), key.as_deref()),
    );
    let export = use_memo(
        (state.target, export_inputs(state, &route)),
        |(target, inputs)| setup::export(*target, inputs),
    );
    let dashboard = use_memo(
        (
            Rc::clone(&state.dashboard),
            settled.api,
            Rc::clone(&settled.format),
            Shared::from(Rc::clone(&route)),
        ),
        |(_, _, _, route)| dashboard(state, route),
    );
    let previews = use_memo(
        (
            queries(dashboard.as_ref().as_ref()),
            parsed(&dashboard),
            Shared::from(Rc::clone(&simulated)),
            Shared::from(Rc::clone(&analysis)),
        ),
        |(queries, parsed, simulated, analysis)| {
            dashboard::previews(queries, simulated, analysis, *parsed, &state.stamp)
        },
    );
    Derived {
        dashboard,
        previews,
        check,
        analysis,
        route,
        format,
        simulated,
        curl,
        export,
    }
}
