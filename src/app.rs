//! The root component: owns the reducer, debounces analysis while the user types, and lays out
//! the panels. Everything shown is derived from [`State`] before `html!`.

use crate::components::api_picker::ApiPicker;
use crate::components::diagnostic_list::DiagnosticList;
use crate::components::format_editor::FormatEditor;
use crate::components::header::Header;
use crate::components::kind_badge::KindBadge;
use crate::components::lines_editor::LinesEditor;
use crate::components::panel::Panel;
use crate::components::preset_picker::PresetPicker;
use crate::components::results::Results;
use crate::state::{Action, State};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// Milliseconds of typing pause before the inputs are analysed again.
pub const DEBOUNCE_MS: u32 = 150;

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer(State::default);

    // Re-analyse once typing pauses: every edit bumps `revision`, which drops (cancels) the
    // pending timeout and starts a new one.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.revision, move |_| {
            let timeout = Timeout::new(DEBOUNCE_MS, move || dispatcher.dispatch(Action::Analyse));
            move || drop(timeout)
        });
    }

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

    let analysis = state.analysis.clone();
    let checked = &analysis.checked;
    // Highlights are byte spans into the analysed text: only draw them on that same text.
    let marks = if analysis.format == state.format {
        checked
            .diagnostics
            .iter()
            .map(|d| (d.span, d.severity))
            .collect()
    } else {
        Vec::new()
    };
    let bytes = state.format.len();
    let variables = checked.variables.len();

    html! {
        <div class="page">
            <Header />
            <main class="workspace">
                <Panel
                    id="format-panel"
                    title="Format"
                    intro="The access-log format of your stage, checked against API Gateway's rules."
                >
                    <div class="controls">
                        <ApiPicker api={state.api} on_change={on_api} />
                        <PresetPicker api={state.api} selected={state.preset()} on_choose={on_preset} />
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
                        value={state.format.clone()}
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
                    title="Sample lines"
                    intro="Log lines as API Gateway writes them, parsed with your format into typed fields."
                >
                    <LinesEditor value={state.lines.clone()} on_input={on_lines} />
                    <Results
                        analysis={analysis.clone()}
                        detail_limit={state.detail_limit}
                        stale={state.is_stale()}
                        {on_show_more}
                    />
                </Panel>
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
