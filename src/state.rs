//! The playground's state and every way it can change: [`State`], the user intents in [`Action`],
//! and the reducer (`impl Reducible`). Nothing else mutates state and nothing here touches the DOM.
//!
//! The state holds inputs only: what the user typed or chose ([`State::inputs`]), and the same
//! inputs as they were at the last pause in typing ([`State::settled`]). Everything shown that is
//! not an input (the format check and parsed lines, the columns, the simulation, the `curl`
//! command, the export) is derived from them by [`crate::derived`], memoised by exactly the
//! inputs each value needs; none of it is stored here.
//!
//! Typing only stores text ([`Action::EditFormat`], [`Action::EditLines`], the Destination and
//! export inputs); the root component debounces [`Action::Settle`], after which the expensive
//! derived values catch up. The Destination checks are cheap and follow every keystroke. Choosing
//! an API type or a preset, applying or undoing a fix and generating lines settle at once.
//!
//! Big texts are shared (`Rc<str>`), so the reducer's copy of the state on every keystroke copies
//! pointers, not the format and lines.

use crate::dashboard::{DashboardInput, DashboardInputs};
use crate::destination::{DestinationInputs, Secret, TextInput};
use crate::ingest::Stamp;
use crate::setup::{ExportInput, ExportInputs};
use gwlog_core::api::ApiType;
use gwlog_core::dashboard::PanelKind;
use gwlog_core::diagnostic::Span;
use gwlog_core::export::Target;
use gwlog_core::format::{self, presets};
use gwlog_core::openobserve::fixes::{
    self, carry_lines, Applied, Carried, FixError, FixKind, ProbeProof,
};
use gwlog_core::synth;
use std::rc::Rc;
use yew::Reducible;

/// How many fixes can be undone in a row.
pub const UNDO_DEPTH: usize = 20;

/// How many lines get a full field table at first, and how many more each "show more" adds.
pub const DETAIL_STEP: usize = 50;

/// The preset the playground opens with: the console's JSON format, the one OpenObserve can use.
pub const DEFAULT_PRESET: &str = "rest-json";

/// Sample lines the playground opens with: what the default preset renders for two requests
/// (values shaped like Elastic's public sample lines; docs/sources.md, *Sample log lines*).
pub const DEFAULT_LINES: &str = concat!(
    r#"{ "requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5", "extendedRequestId":"GQIVriFLIAMEMsA=","ip": "1.128.0.0", "caller":"-", "user":"-", "requestTime":"10/Jun/2023:15:36:28 +0000", "httpMethod":"GET", "resourcePath":"/pets", "status":"200", "protocol":"HTTP/1.1", "responseLength":"184" }"#,
    "\n",
    r#"{ "requestId":"7a0e2b8c-3f1d-4c5e-9b6a-2d4f8e1c0a93", "extendedRequestId":"Iq8dHhlwIAMEV_g=","ip": "1.128.0.0", "caller":"-", "user":"-", "requestTime":"10/Jun/2023:15:36:31 +0000", "httpMethod":"POST", "resourcePath":"/pets", "status":"401", "protocol":"HTTP/1.1", "responseLength":"26" }"#,
    "\n",
);

/// How many sample lines "Generate sample lines" writes.
pub const GENERATED_LINES: usize = 3;

/// A request to select a span of the format editor; `serial` makes repeated clicks on the same
/// diagnostic select again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Byte span into the format text.
    pub span: Span,
    /// Increases with every request.
    pub serial: u32,
}

/// Format and lines as they were before a fix, to undo it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    /// The fix that replaced them.
    pub kind: FixKind,
    /// The format before the fix.
    pub format: Rc<str>,
    /// The sample lines before the fix.
    pub lines: Rc<str>,
}

/// What happened when the user clicked a fix: core's answer, and how the sample lines followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fix clicked.
    pub kind: FixKind,
    /// The fix core applied (maybe changing nothing), or why it could not apply.
    pub result: Result<Applied, FixError>,
    /// How the sample lines were carried over to the new format, when it changed.
    pub carried: Option<Carried>,
}

impl FixOutcome {
    /// Whether the format changed.
    pub fn changed(&self) -> bool {
        self.result
            .as_ref()
            .is_ok_and(|applied| applied.fix.changed)
    }

    /// What was changed and why, or why nothing could be (core's words).
    pub fn explanation(&self) -> String {
        match &self.result {
            Ok(applied) => applied.fix.explanation.clone(),
            Err(error) => format!("Not applied: {error}."),
        }
    }

    /// The probe-safe fix's proof.
    pub fn proof(&self) -> Option<&ProbeProof> {
        self.result.as_ref().ok().and_then(|a| a.proof.as_ref())
    }
}

/// The inputs the derived values are computed from. Big values are shared, so a copy is cheap and
/// comparing two copies of the same text is a pointer comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The API type whose rules apply.
    pub api: ApiType,
    /// The format editor's text.
    pub format: Rc<str>,
    /// The sample-lines editor's text.
    pub lines: Rc<str>,
    /// The Destination panel's inputs (the secret included: memory only).
    pub destination: Rc<DestinationInputs>,
    /// The export panel's own inputs.
    pub export: Rc<ExportInputs>,
}

impl Inputs {
    /// Whether `other` has the same API type, format and lines (what an analysis depends on).
    fn same_analysis(&self, other: &Inputs) -> bool {
        self.api == other.api && self.format == other.format && self.lines == other.lines
    }
}

/// Everything the user typed or chose, and the playground's own bookkeeping (undo history,
/// detail limit, selection requests). Nothing derived.
#[derive(Debug, Clone)]
pub struct State {
    /// What the editors and inputs hold now.
    pub inputs: Inputs,
    /// The inputs as of the last pause in typing (or the last preset, API type or fix): what the
    /// analysis, simulation and export are computed from. The Destination checks use
    /// [`State::inputs`] and follow every keystroke.
    pub settled: Inputs,
    /// Clock and request id of the latest [`Action::Settle`], fix or generation: a simulation
    /// computed for new inputs runs at this time.
    pub stamp: Stamp,
    /// Increases with every edit; the debounce restarts when it changes.
    pub revision: u64,
    /// The export tab shown (only that target is generated).
    pub target: Target,
    /// How many line results show their full field table.
    pub detail_limit: usize,
    /// The last "select this span in the editor" request.
    pub selection: Option<Selection>,
    /// Whether the user asked for the access key inside the `curl` command.
    pub curl_includes_key: bool,
    /// Whether the sample lines are still the defaults or generated ones, never edited by hand
    /// (then switching the API type generates new ones for its format).
    pub lines_untouched: bool,
    /// Formats and lines before each applied fix, newest last.
    pub undo: Rc<Vec<Undo>>,
    /// The last fix applied (or refused), with its explanation.
    pub applied_fix: Option<Rc<FixOutcome>>,
    /// The Dashboard panel's own inputs (the plan follows the settled format and route).
    pub dashboard: Rc<DashboardInputs>,
}

impl Default for State {
    fn default() -> Self {
        let preset = presets::by_id(DEFAULT_PRESET).unwrap_or(&presets::PRESETS[0]);
        State::new(preset.api, preset.format, DEFAULT_LINES, Stamp::now())
    }
}

impl State {
    /// A state showing `format` and `lines` for `api`, settled (analysed and simulated) at `stamp`.
    pub fn new(api: ApiType, format: &str, lines: &str, stamp: Stamp) -> Self {
        let inputs = Inputs {
            api,
            format: Rc::from(format),
            lines: Rc::from(lines),
            destination: Rc::new(DestinationInputs::default()),
            export: Rc::new(ExportInputs::default()),
        };
        State {
            settled: inputs.clone(),
            inputs,
            stamp,
            revision: 0,
            target: Target::AwsCli,
            detail_limit: DETAIL_STEP,
            selection: None,
            curl_includes_key: false,
            lines_untouched: true,
            undo: Rc::new(Vec::new()),
            applied_fix: None,
            dashboard: Rc::default(),
        }
    }

    /// The API type chosen.
    pub fn api(&self) -> ApiType {
        self.inputs.api
    }

    /// The preset whose text the format editor holds, if any.
    pub fn preset(&self) -> Option<&'static presets::Preset> {
        presets::for_api(self.inputs.api).find(|p| p.format == &*self.inputs.format)
    }

    /// Whether the format check and parsed lines shown are of older text than the editors hold.
    pub fn analysis_is_stale(&self) -> bool {
        !self.inputs.same_analysis(&self.settled)
    }

    /// Whether the simulation shown is of older inputs than the editors and Destination hold.
    pub fn simulation_is_stale(&self) -> bool {
        let (now, then) = (&*self.inputs.destination, &*self.settled.destination);
        self.analysis_is_stale()
            || now.org != then.org
            || now.stream != then.stream
            || now.account != then.account
            || now.log_group != then.log_group
    }

    /// Whether the export shown is of older inputs than the editors and inputs hold.
    pub fn export_is_stale(&self) -> bool {
        let (now, then) = (&*self.inputs.destination, &*self.settled.destination);
        self.inputs.api != self.settled.api
            || self.inputs.format != self.settled.format
            || self.inputs.export != self.settled.export
            || now.cloud != then.cloud
            || now.base != then.base
            || now.org != then.org
            || now.stream != then.stream
            || now.firehose_name != then.firehose_name
            || now.region != then.region
            || now.account != then.account
    }

    /// Whether anything derived lags behind the inputs.
    pub fn needs_settling(&self) -> bool {
        self.inputs != self.settled
    }

    /// The derived values catch up with the inputs.
    fn settle(&mut self) {
        self.settled = self.inputs.clone();
    }

    /// Replaces the sample lines with [`GENERATED_LINES`] lines that the format writes, from
    /// core's generator seeded with the current stamp.
    fn generate_lines(&mut self) {
        let lines = synth::lines(
            &self.inputs.format,
            self.inputs.api,
            GENERATED_LINES,
            self.stamp.now_ms as u64,
            self.stamp.now_ms,
        );
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        self.inputs.lines = Rc::from(text);
        self.lines_untouched = true;
    }

    /// A hand edit or a new preset: the fixes' undo history no longer applies.
    fn forget_fixes(&mut self) {
        if !self.undo.is_empty() {
            self.undo = Rc::new(Vec::new());
        }
        self.applied_fix = None;
    }

    /// Runs core's fix `kind` on the format (proving the probe-safe fix on the sample lines) and,
    /// when the format changes, carries the sample lines over and remembers how to undo it.
    fn apply_fix(&mut self, kind: FixKind) {
        let (format, lines) = (
            Rc::clone(&self.inputs.format),
            Rc::clone(&self.inputs.lines),
        );
        let api = self.inputs.api;
        let samples: Vec<&str> = lines.lines().filter(|l| !l.is_empty()).collect();
        let result = fixes::apply(kind, &format, api, &samples);
        let carried = match &result {
            Ok(applied) if applied.fix.changed => {
                let carried =
                    carry_lines(&format, &applied.fix.format, api, &lines, self.stamp.now_ms);
                let undo = Rc::make_mut(&mut self.undo);
                undo.push(Undo {
                    kind,
                    format: Rc::clone(&format),
                    lines: Rc::clone(&lines),
                });
                if undo.len() > UNDO_DEPTH {
                    undo.remove(0);
                }
                self.inputs.format = Rc::from(applied.fix.format.as_str());
                self.inputs.lines = Rc::from(carried.text.as_str());
                self.revision += 1;
                Some(carried)
            }
            Ok(_) | Err(_) => None,
        };
        self.applied_fix = Some(Rc::new(FixOutcome {
            kind,
            result,
            carried,
        }));
    }
}

/// Every user intent.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Switch the API type. A format still equal to a preset follows along to the new API's
    /// preset of the same kind (CLF → CLF); an edited format is kept.
    SetApi(ApiType),
    /// Replace the format with the preset of this id.
    ChoosePreset(String),
    /// The format editor's text changed.
    EditFormat(String),
    /// The sample-lines editor's text changed.
    EditLines(String),
    /// The typing paused: the derived values catch up with the inputs, a simulation of new
    /// inputs running at this time.
    Settle(Stamp),
    /// Show full field tables for [`DETAIL_STEP`] more lines.
    ShowMore,
    /// Select this span of the format in the editor.
    SelectSpan(Span),
    /// OpenObserve Cloud (true) or self-hosted (false).
    SetCloud(bool),
    /// A Destination text input changed.
    EditDestination(TextInput, String),
    /// The access-key secret changed.
    EditSecret(Secret),
    /// An export panel input changed.
    EditExport(ExportInput, String),
    /// Show this export target.
    ChooseTarget(Target),
    /// Rewrite the format (and the sample lines with it) with a one-click fix, at this time
    /// (values the lines lack are generated around it, and the result is simulated then).
    ApplyFix(FixKind, Stamp),
    /// Go back to the format and lines before the last fix.
    UndoFix,
    /// Replace the sample lines with lines the format writes, generated at this time.
    GenerateLines(Stamp),
    /// Put the access key into the `curl` command (true) or read it from the environment.
    IncludeKeyInCurl(bool),
    /// Open (true) or close the Dashboard panel.
    ShowDashboard(bool),
    /// A Dashboard option changed.
    EditDashboard(DashboardInput, String),
    /// Put a panel on the dashboard (true) or leave it out.
    TogglePanel(PanelKind, bool),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetApi(api) if api == self.inputs.api => return self,
            Action::SetApi(api) => {
                if let Some(current) = self.preset() {
                    let kind = format::check(current.format, current.api).kind;
                    let same_kind = presets::for_api(api)
                        .find(|p| format::check(p.format, p.api).kind == kind)
                        .or_else(|| presets::for_api(api).next());
                    if let Some(preset) = same_kind {
                        next.inputs.format = Rc::from(preset.format);
                    }
                }
                next.inputs.api = api;
                if self.lines_untouched {
                    next.generate_lines();
                }
                next.revision += 1;
                next.forget_fixes();
                next.settle();
            }
            Action::ChoosePreset(id) => {
                let Some(preset) = presets::by_id(&id) else {
                    return self;
                };
                next.inputs.api = preset.api;
                next.inputs.format = Rc::from(preset.format);
                next.revision += 1;
                next.forget_fixes();
                next.settle();
            }
            Action::EditFormat(text) if *text == *self.inputs.format => return self,
            Action::EditFormat(text) => {
                next.inputs.format = Rc::from(text);
                next.revision += 1;
                next.forget_fixes();
            }
            Action::EditLines(text) if *text == *self.inputs.lines => return self,
            Action::EditLines(text) => {
                next.inputs.lines = Rc::from(text);
                next.lines_untouched = false;
                next.revision += 1;
                next.forget_fixes();
            }
            Action::Settle(_) if !self.needs_settling() => return self,
            Action::Settle(stamp) => {
                next.stamp = stamp;
                next.settle();
            }
            Action::ShowMore => next.detail_limit += DETAIL_STEP,
            Action::SelectSpan(span) => {
                let serial = self.selection.map_or(0, |s| s.serial.wrapping_add(1));
                next.selection = Some(Selection { span, serial });
            }
            Action::SetCloud(cloud) if cloud == self.inputs.destination.cloud => return self,
            Action::SetCloud(cloud) => {
                Rc::make_mut(&mut next.inputs.destination).cloud = cloud;
                next.revision += 1;
            }
            Action::EditDestination(input, text) if self.inputs.destination.get(input) == text => {
                return self
            }
            Action::EditDestination(input, text) => {
                Rc::make_mut(&mut next.inputs.destination).set(input, text);
                next.revision += 1;
            }
            Action::EditSecret(secret) if secret == self.inputs.destination.secret => return self,
            Action::EditSecret(secret) => {
                // Only the access key depends on it, which follows at once (as do the Destination
                // checks); nothing waits for a pause.
                Rc::make_mut(&mut next.inputs.destination).secret = secret;
            }
            Action::EditExport(input, text) if self.inputs.export.get(input) == text => {
                return self
            }
            Action::EditExport(input, text) => {
                Rc::make_mut(&mut next.inputs.export).set(input, text);
                next.revision += 1;
            }
            Action::ChooseTarget(target) if target == self.target => return self,
            Action::ChooseTarget(target) => next.target = target,
            Action::ApplyFix(kind, stamp) => {
                next.stamp = stamp;
                next.apply_fix(kind);
                next.settle();
            }
            Action::UndoFix => {
                let Some(undo) = Rc::make_mut(&mut next.undo).pop() else {
                    return self;
                };
                next.inputs.format = undo.format;
                next.inputs.lines = undo.lines;
                next.applied_fix = None;
                next.revision += 1;
                next.settle();
            }
            Action::GenerateLines(stamp) => {
                next.stamp = stamp;
                next.generate_lines();
                next.revision += 1;
                next.forget_fixes();
                next.settle();
            }
            Action::IncludeKeyInCurl(include) if include == self.curl_includes_key => return self,
            Action::IncludeKeyInCurl(include) => next.curl_includes_key = include,
            Action::ShowDashboard(shown) => Rc::make_mut(&mut next.dashboard).shown = shown,
            Action::EditDashboard(input, text) => {
                Rc::make_mut(&mut next.dashboard).set(input, text)
            }
            Action::TogglePanel(kind, on) => Rc::make_mut(&mut next.dashboard).toggle(kind, on),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derived::Derived;
    use crate::ingest::{curl_url, Curl, PLACEHOLDER_HOST};
    use gwlog_core::openobserve::delivery::Delivery;

    fn reduce(state: State, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions
            .into_iter()
            .fold(Rc::new(state), |state, action| state.reduce(action))
    }

    /// What the page shows for `state`.
    fn shown(state: &State) -> Derived {
        Derived::compute(state)
    }

    fn preset(id: &str) -> &'static presets::Preset {
        presets::by_id(id).expect("preset exists")
    }

    fn stamp() -> Stamp {
        Stamp {
            now_ms: 1_755_786_979_000,
            request_id: "ed4acda5-034f-4f42-bba1-f29aea6d7d8f".into(),
        }
    }

    /// A guide-format line (OpenObserve's API Gateway guide), values from the REST sample.
    const GUIDE_LINE: &str = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5, SourceIP: 1.128.0.0, Method: GET, ResourcePath: /pets, StatusCode: 200, ResponseLength: 184, RequestTime: 10/Jun/2023:15:36:28 +0000";

    fn guide_state() -> Rc<State> {
        reduce(
            State::default(),
            [
                Action::ChoosePreset("openobserve-guide".into()),
                Action::EditLines(GUIDE_LINE.into()),
                Action::Settle(stamp()),
            ],
        )
    }

    #[test]
    fn opens_with_the_rest_json_preset_already_analysed() {
        let state = State::default();
        assert_eq!(state.api(), ApiType::Rest);
        assert_eq!(state.preset().map(|p| p.id), Some(DEFAULT_PRESET));
        assert!(!state.analysis_is_stale() && !state.needs_settling());
    }

    #[test]
    fn the_default_sample_lines_parse_with_the_default_preset() {
        let analysis = shown(&State::default()).analysis;
        assert_eq!((analysis.ok, analysis.failed), (2, 0));
    }

    #[test]
    fn typing_stores_text_but_defers_analysis() {
        let state = reduce(
            State::default(),
            [Action::EditFormat("$context.requestId".into())],
        );
        assert_eq!(&*state.inputs.format, "$context.requestId");
        assert!(state.analysis_is_stale());
        assert_eq!(state.revision, 1);
        assert_eq!(
            shown(&state).analysis.format,
            preset(DEFAULT_PRESET).format,
            "what is shown is still the last analysed format"
        );
    }

    #[test]
    fn settling_catches_up_with_the_text() {
        let state = reduce(
            State::default(),
            [Action::EditLines("garbage".into()), Action::Settle(stamp())],
        );
        assert!(!state.analysis_is_stale());
        assert_eq!(shown(&state).analysis.failed, 1);
    }

    #[test]
    fn settling_when_up_to_date_keeps_the_same_state() {
        let state = Rc::new(State::default());
        assert!(Rc::ptr_eq(
            &state,
            &state.clone().reduce(Action::Settle(stamp()))
        ));
    }

    #[test]
    fn an_edit_copies_pointers_not_the_texts() {
        let state = Rc::new(State::default());
        let next = state
            .clone()
            .reduce(Action::EditDestination(TextInput::Org, "acme".into()));
        assert!(Rc::ptr_eq(&state.inputs.format, &next.inputs.format));
        assert!(Rc::ptr_eq(&state.inputs.lines, &next.inputs.lines));
        assert!(Rc::ptr_eq(&next.settled.lines, &next.inputs.lines));
    }

    #[test]
    fn choosing_a_preset_sets_format_and_api_and_analyses() {
        let state = reduce(State::default(), [Action::ChoosePreset("http-clf".into())]);
        assert_eq!(state.api(), ApiType::Http);
        assert_eq!(&*state.inputs.format, preset("http-clf").format);
        assert!(!state.analysis_is_stale());
    }

    #[test]
    fn unknown_preset_ids_change_nothing() {
        let state = Rc::new(State::default());
        assert!(Rc::ptr_eq(
            &state,
            &state.clone().reduce(Action::ChoosePreset("nope".into()))
        ));
    }

    #[test]
    fn switching_api_moves_an_untouched_preset_to_the_same_kind() {
        let state = reduce(
            State::default(),
            [
                Action::ChoosePreset("rest-clf".into()),
                Action::SetApi(ApiType::Http),
            ],
        );
        assert_eq!(&*state.inputs.format, preset("http-clf").format);
        assert!(!state.analysis_is_stale());
    }

    #[test]
    fn switching_api_keeps_an_edited_format() {
        let state = reduce(
            State::default(),
            [
                Action::EditFormat("$context.requestId $context.status".into()),
                Action::SetApi(ApiType::Http),
            ],
        );
        assert_eq!(&*state.inputs.format, "$context.requestId $context.status");
        assert_eq!(shown(&state).analysis.api, ApiType::Http);
    }

    #[test]
    fn lines_that_do_not_match_are_a_mismatch_until_generated_for_the_format() {
        let state = reduce(State::default(), [Action::ChoosePreset("rest-clf".into())]);
        assert_eq!(shown(&state).analysis.mismatch(), Some(2));
        let state = reduce((*state).clone(), [Action::GenerateLines(stamp())]);
        let analysis = shown(&state).analysis;
        assert_eq!(analysis.mismatch(), None);
        assert_eq!((analysis.ok, analysis.failed), (GENERATED_LINES, 0));
        assert!(!state.analysis_is_stale());
    }

    #[test]
    fn switching_api_regenerates_untouched_lines_but_keeps_edited_ones() {
        let state = reduce(State::default(), [Action::SetApi(ApiType::Http)]);
        let analysis = shown(&state).analysis;
        assert_eq!((analysis.ok, analysis.failed), (GENERATED_LINES, 0));
        let edited = reduce(
            State::default(),
            [
                Action::EditLines("mine".into()),
                Action::SetApi(ApiType::Http),
            ],
        );
        assert_eq!(&*edited.inputs.lines, "mine");
    }

    #[test]
    fn the_curl_command_uses_a_placeholder_host_until_the_base_url_is_usable() {
        let state = State::default();
        let curl = shown(&state).curl;
        assert!(curl.url.starts_with(PLACEHOLDER_HOST), "{}", curl.url);
        let state = reduce(
            state,
            [
                Action::EditDestination(TextInput::Base, "https://o2.example.com".into()),
                Action::Settle(stamp()),
            ],
        );
        let curl = shown(&state).curl;
        assert!(
            curl.url.starts_with("https://o2.example.com/"),
            "{}",
            curl.url
        );
    }

    #[test]
    fn show_more_raises_the_detail_limit() {
        let state = reduce(State::default(), [Action::ShowMore]);
        assert_eq!(state.detail_limit, 2 * DETAIL_STEP);
    }

    #[test]
    fn selecting_the_same_span_twice_makes_two_requests() {
        let span = Span::new(2, 5);
        let once = reduce(State::default(), [Action::SelectSpan(span)]);
        let twice = reduce((*once).clone(), [Action::SelectSpan(span)]);
        assert_eq!(once.selection.map(|s| s.span), Some(span));
        assert_ne!(once.selection, twice.selection);
    }

    #[test]
    fn the_guide_format_fails_the_whole_batch() {
        let shown = shown(&guide_state());
        assert_eq!(shown.simulated.simulation.http_status, 400);
        assert!(shown.format.fixes.to_json);
    }

    #[test]
    fn a_fix_rewrites_format_and_lines_and_can_be_undone() {
        let fixed = reduce(
            (*guide_state()).clone(),
            [Action::ApplyFix(FixKind::ToJson, stamp())],
        );
        assert!(fixed.inputs.format.starts_with('{'));
        assert!(fixed.inputs.lines.starts_with('{'));
        assert_eq!(shown(&fixed).simulated.simulation.http_status, 200);
        assert!(fixed.applied_fix.as_ref().is_some_and(|f| f.changed()));
        let undone = reduce((*fixed).clone(), [Action::UndoFix]);
        assert_eq!(&*undone.inputs.format, preset("openobserve-guide").format);
        assert_eq!(&*undone.inputs.lines, GUIDE_LINE);
        assert!(undone.undo.is_empty() && undone.applied_fix.is_none());
    }

    #[test]
    fn a_fix_that_cannot_apply_changes_nothing_and_says_why() {
        let before = guide_state();
        let state = reduce(
            (*before).clone(),
            [Action::ApplyFix(FixKind::Timestamp, stamp())],
        );
        assert_eq!(state.inputs.format, before.inputs.format);
        assert!(state.undo.is_empty());
        let outcome = state.applied_fix.as_ref().expect("an outcome");
        assert!(!outcome.changed());
        assert!(
            outcome.explanation().starts_with("Not applied"),
            "{}",
            outcome.explanation()
        );
    }

    #[test]
    fn quoting_values_carries_a_dash_line_into_a_stored_record_and_can_be_undone() {
        let format = r#"{"requestId":"$context.requestId","lat":$context.integrationLatency}"#;
        let line = r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":-}"#;
        let state = reduce(
            State::default(),
            [
                Action::EditFormat(format.into()),
                Action::EditLines(line.into()),
                Action::Settle(stamp()),
            ],
        );
        assert_eq!(shown(&state).simulated.simulation.http_status, 400);
        assert!(shown(&state).format.fixes.quote_values);
        let fixed = reduce(
            (*state).clone(),
            [Action::ApplyFix(FixKind::QuoteValues, stamp())],
        );
        assert!(
            fixed.inputs.lines.contains(r#""lat":"-""#),
            "{}",
            fixed.inputs.lines
        );
        assert_eq!(shown(&fixed).simulated.simulation.http_status, 200);
        let carried = fixed.applied_fix.as_ref().and_then(|f| f.carried.as_ref());
        assert_eq!(carried.map(|c| (c.rewritten, c.kept)), Some((1, 0)));
        let undone = reduce((*fixed).clone(), [Action::UndoFix]);
        assert_eq!(
            (&*undone.inputs.format, &*undone.inputs.lines),
            (format, line)
        );
    }

    #[test]
    fn editing_the_format_by_hand_forgets_the_undo_history() {
        let state = reduce(
            (*guide_state()).clone(),
            [
                Action::ApplyFix(FixKind::ToJson, stamp()),
                Action::EditFormat("$context.requestId".into()),
            ],
        );
        assert!(state.undo.is_empty());
    }

    #[test]
    fn destination_edits_are_checked_at_once_and_simulated_after_the_pause() {
        let state = reduce(
            State::default(),
            [Action::EditDestination(
                TextInput::Stream,
                "amazon-apigateway-MyAPI".into(),
            )],
        );
        assert_eq!(shown(&state).check.url.stream, "amazon_apigateway_myapi");
        assert!(state.simulation_is_stale());
        let state = reduce((*state).clone(), [Action::Settle(stamp())]);
        assert_eq!(
            shown(&state).simulated.simulation.request.path,
            "/aws/default/amazon-apigateway-MyAPI/_kinesis_firehose"
        );
    }

    #[test]
    fn an_emptied_org_is_simulated_as_the_default_org() {
        let state = reduce(
            State::default(),
            [
                Action::EditDestination(TextInput::Org, "acme".into()),
                Action::Settle(stamp()),
                Action::EditDestination(TextInput::Org, String::new()),
            ],
        );
        assert!(state.simulation_is_stale());
        let state = reduce((*state).clone(), [Action::Settle(stamp())]);
        assert!(!state.simulation_is_stale());
        assert_eq!(
            shown(&state).simulated.simulation.request.path,
            "/aws/default/default/_kinesis_firehose"
        );
    }

    #[test]
    fn the_curl_command_embeds_the_key_only_when_asked() {
        let state = reduce(
            State::default(),
            [
                Action::EditDestination(TextInput::Email, "root@example.com".into()),
                Action::EditSecret(Secret::new("Complexpass#123")),
                Action::Settle(stamp()),
            ],
        );
        let key = "cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=";
        assert!(!shown(&state).curl.text.contains(key));
        let state = reduce((*state).clone(), [Action::IncludeKeyInCurl(true)]);
        let curl = shown(&state).curl;
        assert!(curl.text.contains(key));
        assert!(!curl.text.contains("Complexpass"));
    }

    #[test]
    fn the_export_follows_the_destination_inputs() {
        let state = reduce(
            State::default(),
            [
                Action::SetCloud(true),
                Action::EditDestination(TextInput::FirehoseName, "prod".into()),
                Action::EditDestination(TextInput::Account, "123456789012".into()),
                Action::ChooseTarget(Target::Terraform),
            ],
        );
        assert!(state.export_is_stale());
        let state = reduce((*state).clone(), [Action::Settle(stamp())]);
        assert!(!state.export_is_stale());
        let export = shown(&state).export;
        assert_eq!(export.target, Target::Terraform);
        assert!(
            export.text.contains("aws_kinesis_firehose_delivery_stream"),
            "{:?}",
            export.diagnostics
        );
    }

    #[test]
    fn only_the_export_tab_shown_is_generated_and_a_new_tab_shows_at_once() {
        let state = reduce(
            State::default(),
            [Action::ChooseTarget(Target::CloudFormation)],
        );
        assert!(!state.needs_settling(), "choosing a tab waits for nothing");
        assert_eq!(shown(&state).export.target, Target::CloudFormation);
    }

    #[test]
    fn http_apis_are_simulated_through_a_subscription_that_follows_the_destination() {
        let state = reduce(
            State::default(),
            [
                Action::SetApi(ApiType::Http),
                Action::EditDestination(TextInput::Account, "000011112222".into()),
            ],
        );
        assert!(matches!(
            shown(&state).simulated.delivery,
            Delivery::CloudWatchSubscription { .. }
        ));
        assert!(
            state.simulation_is_stale(),
            "the account waits for the pause"
        );
        let state = reduce(
            (*state).clone(),
            [
                Action::EditDestination(TextInput::LogGroup, "/aws/apigateway/prod".into()),
                Action::Settle(stamp()),
            ],
        );
        let simulated = shown(&state).simulated;
        assert_eq!(
            simulated.delivery,
            Delivery::CloudWatchSubscription {
                account: "000011112222".into(),
                log_group: "/aws/apigateway/prod".into(),
            }
        );
        assert_eq!(simulated.simulation.records.len(), 1);
        let back = reduce((*state).clone(), [Action::SetApi(ApiType::Rest)]);
        let simulated = shown(&back).simulated;
        assert_eq!(simulated.delivery, Delivery::Direct);
        assert_eq!(simulated.simulation.records.len(), GENERATED_LINES);
    }

    #[test]
    fn the_curl_command_follows_a_fix_that_keeps_the_request_id() {
        let state = reduce(State::default(), [Action::Settle(stamp())]);
        let before = shown(&state).curl.text.clone();
        let state = reduce(
            (*state).clone(),
            [Action::ApplyFix(FixKind::Newline, stamp())],
        );
        let shown = shown(&state);
        assert_ne!(shown.curl.text, before);
        let request = &shown.simulated.simulation.request;
        assert_eq!(
            shown.curl.text,
            Curl::new(request, &curl_url(None, request), None).text
        );
    }

    #[cfg(feature = "dashboard-panel")]
    #[test]
    fn the_dashboard_is_planned_only_while_shown_and_a_toggle_leaves_a_panel_out() {
        use gwlog_core::dashboard::PanelKind;
        assert!(shown(&State::default()).dashboard.is_none());
        let state = reduce(State::default(), [Action::ShowDashboard(true)]);
        let derived = shown(&state);
        let dashboard = (*derived.dashboard).as_ref().expect("planned");
        assert!(dashboard.json.contains("\"Requests over time\""));
        assert!(derived
            .previews
            .iter()
            .any(|(kind, _)| *kind == PanelKind::RequestsOverTime));
        let state = reduce(
            (*state).clone(),
            [Action::TogglePanel(PanelKind::RequestsOverTime, false)],
        );
        let derived = shown(&state);
        let dashboard = (*derived.dashboard).as_ref().expect("planned");
        assert!(!dashboard.json.contains("\"Requests over time\""));
        assert!(dashboard.curl.contains("/api/default/dashboards"));
    }

    #[cfg(feature = "dashboard-panel")]
    #[test]
    fn a_text_format_through_cloudwatch_gets_a_function_a_pipeline_and_previews() {
        let state = reduce(
            State::default(),
            [
                Action::ChoosePreset("http-clf".into()),
                Action::GenerateLines(stamp()),
                Action::ShowDashboard(true),
            ],
        );
        let derived = shown(&state);
        let dashboard = (*derived.dashboard).as_ref().expect("planned");
        let parse = dashboard.parse.as_ref().expect("a function");
        assert!(parse.source.contains("parse_regex"), "{}", parse.source);
        assert!(parse.pipeline_curl.contains("/api/default/pipelines"));
        assert!(dashboard.plan.is_ok());
        assert!(derived
            .previews
            .iter()
            .any(|(_, table)| !table.rows.is_empty()));
    }
}
