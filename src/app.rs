//! The root component: owns the reducer, debounces analysis while the user types ([`Debounce`]),
//! derives what is shown from the state's inputs ([`use_derived`]) and lays out the panels.

use crate::components::api_picker::ApiPicker;
use crate::components::dashboard_panel::DashboardPanel;
use crate::components::destination_panel::DestinationPanel;
use crate::components::diagnostic_list::DiagnosticList;
use crate::components::export_panel::ExportPanel;
use crate::components::format_editor::FormatEditor;
use crate::components::header::Header;
use crate::components::kind_badge::KindBadge;
use crate::components::lines_editor::LinesEditor;
use crate::components::openobserve_panel::OpenObservePanel;
use crate::components::panel::Panel;
use crate::components::preset_picker::PresetPicker;
use crate::components::results::Results;
use crate::derived::{use_derived, Derived};
use crate::ingest::Stamp;
use crate::shared::Shared;
use crate::state::{Action, State};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds of typing pause before the inputs are analysed again.
pub const DEBOUNCE_MS: u32 = 150;

/// When typed text and inputs are analysed: after a pause in typing, or only when asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Debounce {
    /// After this many milliseconds without an edit (the page uses [`DEBOUNCE_MS`]).
    Pause(u32),
    /// Only when [`Flush::settle`] is called: tests settle exactly when they mean to, without
    /// waiting for a timer.
    Manual(Flush),
}

impl Default for Debounce {
    fn default() -> Self {
        Debounce::Pause(DEBOUNCE_MS)
    }
}

/// The handle of a [`Debounce::Manual`] app: settles its pending edits on request.
#[derive(Clone, Default)]
pub struct Flush(Rc<RefCell<Option<UseReducerDispatcher<State>>>>);

impl Flush {
    /// What a pause in typing does: the derived values catch up with the inputs (rendered at
    /// Yew's next scheduler run; `yew::scheduler::flush` in tests). Does nothing before the app
    /// has rendered.
    pub fn settle(&self) {
        if let Some(dispatcher) = &*self.0.borrow() {
            dispatcher.dispatch(Action::Settle(Stamp::now()));
        }
    }

    fn connect(&self, dispatcher: UseReducerDispatcher<State>) {
        *self.0.borrow_mut() = Some(dispatcher);
    }
}

impl PartialEq for Flush {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Flush {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Flush")
    }
}

/// Props of [`App`]: the page mounts it with the defaults.
#[derive(Properties, PartialEq, Clone, Debug, Default)]
pub struct AppProps {
    /// When edits are analysed.
    #[prop_or_default]
    pub debounce: Debounce,
}

/// The whole playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(State::default);

    // Re-analyse once typing pauses: every edit bumps `revision`, which drops (cancels) the
    // pending timeout and starts a new one.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(
            (state.revision, props.debounce.clone()),
            move |(_, debounce)| {
                let timeout = match debounce {
                    Debounce::Pause(ms) => Some(Timeout::new(*ms, move || {
                        dispatcher.dispatch(Action::Settle(Stamp::now()))
                    })),
                    Debounce::Manual(flush) => {
                        flush.connect(dispatcher);
                        None
                    }
                };
                move || drop(timeout)
            },
        );
    }
    let derived = use_derived(&state);

    fn make_callback<E: 'static>(
        state: &UseReducerHandle<State>,
        f: impl Fn(E) -> Action + 'static,
    ) -> Callback<E> {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: E| dispatcher.dispatch(f(e)))
    }
    let on_api = make_callback(&state, Action::SetApi);
    let on_preset = make_callback(&state, Action::ChoosePreset);
    let on_format = make_callback(&state, Action::EditFormat);
    let on_lines = make_callback(&state, Action::EditLines);
    let on_select = make_callback(&state, Action::SelectSpan);
    let on_show_more = make_callback(&state, |()| Action::ShowMore);
    let on_cloud = make_callback(&state, Action::SetCloud);
    let on_destination =
        make_callback(&state, |(input, text)| Action::EditDestination(input, text));
    let on_secret = make_callback(&state, Action::EditSecret);
    let on_export = make_callback(&state, |(input, text)| Action::EditExport(input, text));
    let on_target = make_callback(&state, Action::ChooseTarget);
    let on_fix = make_callback(&state, |kind| Action::ApplyFix(kind, Stamp::now()));
    let on_undo = make_callback(&state, |()| Action::UndoFix);
    let on_include_key = make_callback(&state, Action::IncludeKeyInCurl);
    let on_generate = make_callback(&state, |()| Action::GenerateLines(Stamp::now()));
    let on_show_dashboard = make_callback(&state, Action::ShowDashboard);
    let on_dashboard = make_callback(&state, |(input, text)| Action::EditDashboard(input, text));
    let on_toggle_panel = make_callback(&state, |(kind, on)| Action::TogglePanel(kind, on));
    // The Dashboard panel ships once it is lazily loaded: its core code weighs 55 KB gzipped,
    // over the bundle budget. Built and tested with `--features dashboard-panel`.
    let dashboard_panel = if cfg!(feature = "dashboard-panel") {
        html! {
                <Panel
                    id="dashboard"
                    title="6 · OpenObserve dashboard"
                    wide=true
                    intro="A dashboard for these logs: the panels your format allows, previewed on the sample lines, ready to import."
                >
                    <DashboardPanel
                        inputs={Shared::from(Rc::clone(&state.dashboard))}
                        dashboard={Shared::from(Rc::clone(&derived.dashboard))}
                        previews={Shared::from(Rc::clone(&derived.previews))}
                        stale={state.export_is_stale()}
                        on_show={on_show_dashboard}
                        on_edit={on_dashboard}
                        on_toggle={on_toggle_panel}
                        on_fix={on_fix.clone()}
                    />
                </Panel>
        }
    } else {
        Html::default()
    };

    let analysis = &derived.analysis;
    let checked = &analysis.checked;
    let format = &state.inputs.format;
    // Highlights are byte spans into the analysed text: only draw them on that same text.
    let marks = if *analysis.format == **format {
        checked
            .diagnostics
            .iter()
            .map(|d| (d.span, d.severity))
            .collect()
    } else {
        Vec::new()
    };
    let announcement = announcement(&derived);
    let bytes = format.len();
    let variables = checked.variables.len();
    let api = state.api();
    let check = &derived.check;

    html! {
        <div class="page">
            <Header />
            <p id="status-announcer" class="visually-hidden" role="status">{ announcement }</p>
            <main class="workspace">
                <Panel
                    id="format-panel"
                    title="1 · Format"
                    intro="The access-log format of your stage, checked against API Gateway's rules."
                >
                    <div class="controls">
                        <ApiPicker {api} on_change={on_api} />
                        <PresetPicker {api} selected={state.preset()} on_choose={on_preset} />
                    </div>
                    <div class="editor-head">
                        <label for="format-input">{ "Access-log format" }</label>
                        <KindBadge kind={checked.kind} />
                        <span class="muted meta" id="format-help">
                            { format!(
                                "{variables} variable{} · {bytes} byte{}",
                                if variables == 1 { "" } else { "s" },
                                if bytes == 1 { "" } else { "s" },
                            ) }
                        </span>
                    </div>
                    <FormatEditor
                        value={AttrValue::from(Rc::clone(format))}
                        {marks}
                        invalid={checked.has_errors()}
                        selection={state.selection}
                        on_input={on_format}
                    />
                    <DiagnosticList
                        format={analysis.format.clone()}
                        diagnostics={checked.diagnostics.clone()}
                        {on_select}
                    />
                </Panel>
                <Panel
                    id="lines-panel"
                    title="2 · Sample lines"
                    intro="Log lines as API Gateway writes them, parsed with your format into typed fields."
                >
                    <LinesEditor value={AttrValue::from(Rc::clone(&state.inputs.lines))} on_input={on_lines} on_generate={on_generate.clone()} />
                    <Results
                        analysis={Shared::from(Rc::clone(analysis))}
                        detail_limit={state.detail_limit}
                        stale={state.analysis_is_stale()}
                        on_show_more={on_show_more.clone()}
                    />
                </Panel>
                <Panel
                    id="openobserve"
                    title="3 · What OpenObserve will do"
                    wide=true
                    intro="The sample lines delivered by Firehose to OpenObserve, simulated: the answer, each record's fate, the columns."
                >
                    <OpenObservePanel
                        simulated={Shared::from(Rc::clone(&derived.simulated))}
                        columns={Shared::from(Rc::clone(&derived.format.columns))}
                        fixes={derived.format.fixes}
                        stale={state.simulation_is_stale()}
                        detail_limit={state.detail_limit}
                        applied={state.applied_fix.clone()}
                        undo={state.undo.last().map(|u| u.kind)}
                        curl={Shared::from(Rc::clone(&derived.curl))}
                        has_key={check.access_key().is_some()}
                        include_key={state.curl_includes_key}
                        rest_only={check.rest_only.clone()}
                        on_fix={on_fix.clone()}
                        {on_undo}
                        {on_show_more}
                        {on_include_key}
                        mismatch={analysis.mismatch()}
                        {on_generate}
                    />
                </Panel>
                <Panel
                    id="destination"
                    title="4 · Destination"
                    intro="Where Amazon Data Firehose delivers: OpenObserve's ingestion URL and access key, and the Firehose stream."
                >
                    <DestinationPanel
                        inputs={Shared::from(Rc::clone(&state.inputs.destination))}
                        check={Shared::from(Rc::clone(check))}
                        {on_cloud}
                        on_edit={on_destination}
                        {on_secret}
                    />
                </Panel>
                <Panel
                    id="export"
                    title="5 · AWS setup"
                    intro="The Firehose stream to OpenObserve (with S3 backup and error logging) and the stage's access-log settings, as code."
                >
                    <ExportPanel
                        inputs={Shared::from(Rc::clone(&state.inputs.export))}
                        target={state.target}
                        export={Shared::from(Rc::clone(&derived.export))}
                        stale={state.export_is_stale()}
                        on_edit={on_export}
                        {on_target}
                    />
                </Panel>
                { dashboard_panel }
            </main>
            <footer class="site-footer">
                <p>
                    { "gwlog " }{ env!("CARGO_PKG_VERSION") }
                    { " · rules from the AWS API Gateway, Firehose and OpenObserve documentation and observed logs." }
                </p>
            </footer>
        </div>
    }
}

/// The one sentence `#status-announcer` reads out after each analysis: the format's errors and
/// warnings, how many lines parsed, and OpenObserve's answer.
fn announcement(derived: &Derived) -> String {
    use gwlog_core::diagnostic::Severity;
    let analysis = &derived.analysis;
    let count = |severity| {
        analysis
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let status = match derived.simulated.simulation.http_status {
        0 => "no response".to_owned(),
        200 => "200 OK".to_owned(),
        400 => "400 Bad Request".to_owned(),
        other => other.to_string(),
    };
    format!(
        "Format: {}, {}. Sample lines: {} of {} parsed. OpenObserve answers {status}.",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        analysis.ok,
        analysis.lines.len(),
    )
}
