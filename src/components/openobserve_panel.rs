//! The "What OpenObserve will do" panel (`#openobserve`): one-click fixes, the simulated
//! delivery of the sample lines, the columns every record produces, and the `curl` command that
//! replays the simulated request. For a format OpenObserve cannot read at all, a red banner says
//! so first. For HTTP and WebSocket APIs the simulation goes through a CloudWatch Logs
//! subscription, and its heading says so.

use super::columns_table::ColumnsTable;
use super::curl_view::CurlView;
use super::fix_bar::FixBar;
use super::lines_editor::GenerateButton;
use super::message_text::message;
use super::notice::Notice;
use super::simulation_view::SimulationView;
use crate::destination::SUBSCRIPTION_FILTER;
use crate::ingest::{Columns, Curl, Simulated};
use crate::shared::Shared;
use crate::state::FixOutcome;
use gwlog_core::diagnostic::{Diagnostic, Severity};
use gwlog_core::openobserve::delivery::Delivery;
use gwlog_core::openobserve::fixes::{Applicable, FixKind};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`OpenObservePanel`].
#[derive(Properties, PartialEq)]
pub struct OpenObservePanelProps {
    /// The simulated delivery.
    pub simulated: Shared<Simulated>,
    /// The columns every record produces, or why there are none.
    pub columns: Shared<Columns>,
    /// Which fixes would change the format.
    pub fixes: Applicable,
    /// Whether the inputs changed since (an update is pending).
    #[prop_or_default]
    pub stale: bool,
    /// How many records show their details.
    pub detail_limit: usize,
    /// The last fix applied or refused.
    pub applied: Option<Rc<FixOutcome>>,
    /// The fix the undo button reverts.
    pub undo: Option<FixKind>,
    /// The curl command.
    pub curl: Shared<Curl>,
    /// Whether a usable access key exists.
    pub has_key: bool,
    /// Whether the key goes into the curl command.
    pub include_key: bool,
    /// Why the API type cannot log to Firehose, if it cannot.
    #[prop_or_default]
    pub rest_only: Option<Diagnostic>,
    /// Called with a fix to apply.
    pub on_fix: Callback<FixKind>,
    /// Called to undo the last fix.
    pub on_undo: Callback<()>,
    /// Called when the user asks for more detailed records.
    pub on_show_more: Callback<()>,
    /// Called when the "include my key" toggle changes.
    pub on_include_key: Callback<bool>,
    /// How many sample lines there are, when none of them parses with the format.
    #[prop_or_default]
    pub mismatch: Option<usize>,
    /// Called to replace the sample lines with lines the format writes.
    pub on_generate: Callback<()>,
}

/// Banners, then fixes and simulation beside columns and curl (stacked on narrow screens).
#[component]
pub fn OpenObservePanel(props: &OpenObservePanelProps) -> Html {
    let simulated = &props.simulated;
    html! {
        <>
            if let Some(total) = props.mismatch {
                <Notice id="sim-mismatch" severity={Severity::Warning}
                    title={format!("Your sample lines don't match this format (0 of {total} parse)")}>
                    <p>{ "The simulation below shows what OpenObserve does with these lines as they are, not with what this format writes." }</p>
                    <p><GenerateButton id="generate-lines" on_generate={props.on_generate.clone()} /></p>
                </Notice>
            }
            if let Err(error) = &*props.columns {
                <Notice id="o2-columns-error" severity={Severity::Error}
                    title={match error.http_status {
                        Some(400) => "OpenObserve rejects every record: 400 for the whole batch",
                        Some(_) => "OpenObserve drops every record",
                        None => "API Gateway rejects this format",
                    }}>
                    <p>{ message(&error.message) }</p>
                </Notice>
            }
            if let Some(rest_only) = &props.rest_only {
                <Notice id="o2-rest-only" severity={Severity::Warning}
                    title="Not a direct Firehose destination for this API type">
                    <p>{ message(&rest_only.message) }</p>
                </Notice>
            }
            <div class="o2-grid">
            <div class="o2-col">
            <section class="subsection" aria-labelledby="fixes-title">
                <h3 id="fixes-title">{ "Fixes" }</h3>
                <FixBar options={props.fixes} applied={props.applied.clone()} undo={props.undo}
                    on_fix={props.on_fix.clone()} on_undo={props.on_undo.clone()} />
            </section>
            <section class="subsection" aria-labelledby="simulation-title">
                { simulation_heading(&simulated.delivery) }
                <SimulationView simulated={simulated.clone()} detail_limit={props.detail_limit}
                    stale={props.stale} on_show_more={props.on_show_more.clone()} />
            </section>
            </div>
            <div class="o2-col">
            if props.columns.is_ok() {
                <section class="subsection" aria-labelledby="columns-title">
                    <h3 id="columns-title">{ "Columns every record produces" }</h3>
                    <ColumnsTable columns={props.columns.clone()} />
                </section>
            }
            <section class="subsection" aria-labelledby="curl-title">
                <h3 id="curl-title">{ "Try it against your OpenObserve" }</h3>
                <CurlView curl={props.curl.clone()} has_key={props.has_key}
                    include_key={props.include_key} on_include_key={props.on_include_key.clone()} />
            </section>
            </div>
            </div>
        </>
    }
}

/// The simulation's heading and how the lines travel.
fn simulation_heading(delivery: &Delivery) -> Html {
    match delivery {
        Delivery::Direct => html! {
            <>
                <h3 id="simulation-title">{ "Simulated delivery of the sample lines" }</h3>
                <p class="hint">
                    { "Each sample line is one Firehose record; all of them go in one request, as Firehose batches them." }
                </p>
            </>
        },
        Delivery::CloudWatchSubscription { account, log_group } => html! {
            <>
                <h3 id="simulation-title">{ "Delivered through a CloudWatch Logs subscription" }</h3>
                <p id="simulation-route" class="hint">
                    { "The stage writes each sample line to the log group " }<code>{ log_group }</code>
                    { " (account " }<code>{ account }</code>{ "); the subscription filter " }
                    <code>{ SUBSCRIPTION_FILTER }</code>
                    { " forwards them to Firehose as the log events of one CloudWatch Logs record, and OpenObserve stores one row per event." }
                </p>
            </>
        },
    }
}
