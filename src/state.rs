//! The playground's state and every way it can change: [`State`], the user intents in [`Action`],
//! and the reducer (`impl Reducible`). Nothing else mutates state and nothing here touches the DOM.
//!
//! Typing only stores text ([`Action::EditFormat`], [`Action::EditLines`], the Destination and
//! export inputs); the root component debounces [`Action::Analyse`], which re-runs whatever of
//! `gwlog_core` is out of date: the format check and line parsing ([`Analysis`]), the OpenObserve
//! columns and simulation ([`Ingest`]), the AWS setup export ([`Setup`]) and the `curl` command.
//! Each is memoised by its inputs, so a change to one input re-runs only what depends on it.
//! The Destination checks are cheap and follow every keystroke. Choosing an API type or a preset,
//! and applying or undoing a fix, analyse at once.

use crate::analysis::Analysis;
use crate::destination::{DestinationCheck, DestinationInputs, Secret, TextInput};
use crate::ingest::{run_fix, AppliedFix, Curl, FixKind, Ingest, IngestKey, Stamp};
use crate::setup::{setup_inputs, ExportInput, ExportInputs, Setup};
use gwlog_core::api::ApiType;
use gwlog_core::diagnostic::Span;
use gwlog_core::export::Target;
use gwlog_core::format::{self, presets};
use gwlog_core::openobserve::fixes::carry_lines;
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

/// The host the `curl` command shows until the Destination has a usable base URL.
pub const PLACEHOLDER_HOST: &str = "https://<your-openobserve>";

/// The URL the `curl` command posts to: the ingestion URL once its base is usable, else the
/// simulated request's path on [`PLACEHOLDER_HOST`].
fn curl_url(check: &DestinationCheck, ingest: &Ingest) -> String {
    if check.url_ready() {
        check.url.url.clone()
    } else {
        format!("{PLACEHOLDER_HOST}{}", ingest.simulation.request.path)
    }
}

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
    pub format: String,
    /// The sample lines before the fix.
    pub lines: String,
}

/// Everything the playground shows.
#[derive(Debug, Clone)]
pub struct State {
    /// The API type whose rules apply.
    pub api: ApiType,
    /// The format editor's text.
    pub format: String,
    /// The sample-lines editor's text.
    pub lines: String,
    /// Increases with every edit; the debounce restarts when it changes.
    pub revision: u64,
    /// Results for the last analysed snapshot (may lag the text by the debounce delay).
    pub analysis: Rc<Analysis>,
    /// How many line results show their full field table.
    pub detail_limit: usize,
    /// The last "select this span in the editor" request.
    pub selection: Option<Selection>,
    /// The Destination panel's inputs (the secret included: memory only).
    pub destination: DestinationInputs,
    /// What core says about them; follows every keystroke.
    pub destination_check: Rc<DestinationCheck>,
    /// The export panel's own inputs.
    pub export: ExportInputs,
    /// Clock and request id for the next simulation.
    pub stamp: Stamp,
    /// Columns, simulation and fix options for the last analysed snapshot.
    pub ingest: Rc<Ingest>,
    /// The generated AWS setup for the last analysed snapshot.
    pub setup: Rc<Setup>,
    /// Whether the user asked for the access key inside the `curl` command.
    pub curl_includes_key: bool,
    /// The `curl` command replaying the simulated request.
    pub curl: Rc<Curl>,
    /// The [`Ingest`] whose request [`State::curl`] replays.
    curl_source: Rc<Ingest>,
    /// Whether the sample lines are still the defaults or generated ones, never edited by hand
    /// (then switching the API type generates new ones for its format).
    pub lines_untouched: bool,
    /// Formats and lines before each applied fix, newest last.
    pub undo: Vec<Undo>,
    /// The last fix applied (or refused), with its explanation.
    pub applied_fix: Option<AppliedFix>,
}

impl Default for State {
    fn default() -> Self {
        let preset = presets::by_id(DEFAULT_PRESET).unwrap_or(&presets::PRESETS[0]);
        State::new(preset.api, preset.format, DEFAULT_LINES, Stamp::now())
    }
}

impl State {
    /// A state showing `format` and `lines` for `api`, already analysed and simulated at `stamp`.
    pub fn new(api: ApiType, format: &str, lines: &str, stamp: Stamp) -> Self {
        let destination = DestinationInputs::default();
        let destination_check = Rc::new(DestinationCheck::run(api, &destination));
        let analysis = Rc::new(Analysis::run(api, format, lines));
        let ingest_key = IngestKey {
            api,
            format: format.to_owned(),
            lines: lines.to_owned(),
            org: destination_check.url.org.clone(),
            stream: destination.stream.clone(),
            delivery: destination_check.delivery.clone(),
        };
        let ingest = Rc::new(Ingest::run(ingest_key, &analysis, &stamp));
        let export = ExportInputs::default();
        let setup = Rc::new(Setup::run(setup_inputs(
            api,
            format,
            &destination,
            &destination_check.url.url,
            &export,
        )));
        let curl = Rc::new(Curl::new(
            &ingest.simulation.request,
            &curl_url(&destination_check, &ingest),
            None,
        ));
        let curl_source = Rc::clone(&ingest);
        State {
            api,
            format: format.to_owned(),
            lines: lines.to_owned(),
            revision: 0,
            analysis,
            detail_limit: DETAIL_STEP,
            selection: None,
            destination,
            destination_check,
            export,
            stamp,
            ingest,
            setup,
            curl_includes_key: false,
            curl,
            curl_source,
            lines_untouched: true,
            undo: Vec::new(),
            applied_fix: None,
        }
    }

    /// The preset whose text the format editor holds, if any.
    pub fn preset(&self) -> Option<&'static presets::Preset> {
        presets::for_api(self.api).find(|p| p.format == self.format)
    }

    /// Whether the shown results are for older text than the editors hold.
    pub fn is_stale(&self) -> bool {
        !self.analysis.is_for(self.api, &self.format, &self.lines)
    }

    /// Whether the OpenObserve panel shows older inputs than the editors and Destination hold.
    pub fn ingest_is_stale(&self) -> bool {
        let key = &self.ingest.key;
        key.api != self.api
            || key.format != self.format
            || key.lines != self.lines
            || key.org != self.destination_check.url.org
            || key.stream != self.destination.stream
            || key.delivery != self.destination_check.delivery
    }

    /// Whether the export shows older inputs than the editors and inputs hold.
    pub fn setup_is_stale(&self) -> bool {
        self.setup.inputs != self.current_setup_inputs()
    }

    /// Whether anything shown lags behind the inputs.
    pub fn needs_analysis(&self) -> bool {
        self.is_stale() || self.ingest_is_stale() || self.setup_is_stale() || self.curl_is_stale()
    }

    fn ingest_key(&self) -> IngestKey {
        IngestKey {
            api: self.api,
            format: self.format.clone(),
            lines: self.lines.clone(),
            org: self.destination_check.url.org.clone(),
            stream: self.destination.stream.clone(),
            delivery: self.destination_check.delivery.clone(),
        }
    }

    fn current_setup_inputs(&self) -> gwlog_core::export::SetupInputs {
        setup_inputs(
            self.api,
            &self.format,
            &self.destination,
            &self.destination_check.url.url,
            &self.export,
        )
    }

    /// The key the `curl` command embeds: only when asked for, and only a usable one.
    fn curl_key(&self) -> Option<&str> {
        self.curl_includes_key
            .then(|| self.destination_check.access_key())
            .flatten()
    }

    fn curl_is_stale(&self) -> bool {
        !Rc::ptr_eq(&self.curl_source, &self.ingest)
            || self.curl.url != curl_url(&self.destination_check, &self.ingest)
            || self.curl.key.as_deref() != self.curl_key()
    }

    fn refresh_curl(&mut self) {
        if self.curl_is_stale() {
            self.curl = Rc::new(Curl::new(
                &self.ingest.simulation.request,
                &curl_url(&self.destination_check, &self.ingest),
                self.curl_key(),
            ));
            self.curl_source = Rc::clone(&self.ingest);
        }
    }

    fn check_destination(&mut self) {
        self.destination_check = Rc::new(DestinationCheck::run(self.api, &self.destination));
    }

    fn analysed(mut self) -> Self {
        if self.is_stale() {
            self.analysis = Rc::new(Analysis::run(self.api, &self.format, &self.lines));
        }
        if self.ingest_is_stale() {
            let key = self.ingest_key();
            self.ingest = Rc::new(Ingest::run(key, &self.analysis, &self.stamp));
        }
        if self.setup_is_stale() {
            self.setup = Rc::new(Setup::run(self.current_setup_inputs()));
        }
        self.refresh_curl();
        self
    }

    /// How many of the analysed non-empty sample lines there are, when there are some and none
    /// of them parses with the format (the simulation then shows the lines as they are).
    pub fn lines_mismatch(&self) -> Option<usize> {
        let analysis = &self.analysis;
        (!analysis.lines.is_empty() && analysis.ok == 0).then_some(analysis.lines.len())
    }

    /// Replaces the sample lines with [`GENERATED_LINES`] lines that the format writes, from
    /// core's generator seeded with the current stamp.
    fn generate_lines(&mut self) {
        let lines = synth::lines(
            &self.format,
            self.api,
            GENERATED_LINES,
            self.stamp.now_ms as u64,
            self.stamp.now_ms,
        );
        self.lines = lines.iter().map(|l| format!("{l}\n")).collect();
        self.lines_untouched = true;
    }

    /// A hand edit or a new preset: the fixes' undo history no longer applies.
    fn forget_fixes(&mut self) {
        self.undo.clear();
        self.applied_fix = None;
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
    /// Re-run whatever is out of date (after the debounce), simulating at this time.
    Analyse(Stamp),
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
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetApi(api) if api == self.api => return self,
            Action::SetApi(api) => {
                if let Some(current) = self.preset() {
                    let kind = format::check(current.format, current.api).kind;
                    let same_kind = presets::for_api(api)
                        .find(|p| format::check(p.format, p.api).kind == kind)
                        .or_else(|| presets::for_api(api).next());
                    if let Some(preset) = same_kind {
                        next.format = preset.format.to_owned();
                    }
                }
                next.api = api;
                if self.lines_untouched {
                    next.generate_lines();
                }
                next.revision += 1;
                next.forget_fixes();
                next.check_destination();
                return Rc::new(next.analysed());
            }
            Action::ChoosePreset(id) => {
                let Some(preset) = presets::by_id(&id) else {
                    return self;
                };
                next.api = preset.api;
                next.format = preset.format.to_owned();
                next.revision += 1;
                next.forget_fixes();
                next.check_destination();
                return Rc::new(next.analysed());
            }
            Action::EditFormat(text) if text == self.format => return self,
            Action::EditFormat(text) => {
                next.format = text;
                next.revision += 1;
                next.forget_fixes();
            }
            Action::EditLines(text) if text == self.lines => return self,
            Action::EditLines(text) => {
                next.lines = text;
                next.lines_untouched = false;
                next.revision += 1;
                next.forget_fixes();
            }
            Action::Analyse(stamp) => {
                if !self.needs_analysis() {
                    return self;
                }
                next.stamp = stamp;
                return Rc::new(next.analysed());
            }
            Action::ShowMore => next.detail_limit += DETAIL_STEP,
            Action::SelectSpan(span) => {
                let serial = self.selection.map_or(0, |s| s.serial.wrapping_add(1));
                next.selection = Some(Selection { span, serial });
            }
            Action::SetCloud(cloud) if cloud == self.destination.cloud => return self,
            Action::SetCloud(cloud) => {
                next.destination.cloud = cloud;
                next.check_destination();
                next.revision += 1;
            }
            Action::EditDestination(input, text) if self.destination.get(input) == text => {
                return self
            }
            Action::EditDestination(input, text) => {
                next.destination.set(input, text);
                next.check_destination();
                next.revision += 1;
            }
            Action::EditSecret(secret) if secret == self.destination.secret => return self,
            Action::EditSecret(secret) => {
                next.destination.secret = secret;
                next.check_destination();
                // Only the curl command depends on the key, and only when it embeds it.
                next.refresh_curl();
            }
            Action::EditExport(input, text) if self.export.get(input) == text => return self,
            Action::EditExport(input, text) => {
                next.export.set(input, text);
                next.revision += 1;
            }
            Action::ChooseTarget(target) if target == self.export.target => return self,
            Action::ChooseTarget(target) => next.export.target = target,
            Action::ApplyFix(kind, stamp) => {
                next.stamp = stamp;
                let samples: Vec<&str> = self
                    .analysis
                    .lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect();
                let mut outcome = run_fix(kind, &self.format, self.api, &samples);
                if outcome.applied.changed {
                    let carried = carry_lines(
                        &self.format,
                        &outcome.format,
                        self.api,
                        &self.lines,
                        next.stamp.now_ms,
                    );
                    next.undo.push(Undo {
                        kind,
                        format: self.format.clone(),
                        lines: self.lines.clone(),
                    });
                    if next.undo.len() > UNDO_DEPTH {
                        next.undo.remove(0);
                    }
                    next.format = outcome.format;
                    next.lines = carried.text.clone();
                    outcome.applied.carried = Some(carried);
                    next.revision += 1;
                }
                next.applied_fix = Some(outcome.applied);
                return Rc::new(next.analysed());
            }
            Action::UndoFix => {
                let Some(undo) = next.undo.pop() else {
                    return self;
                };
                next.format = undo.format;
                next.lines = undo.lines;
                next.applied_fix = None;
                next.revision += 1;
                return Rc::new(next.analysed());
            }
            Action::GenerateLines(stamp) => {
                next.stamp = stamp;
                next.generate_lines();
                next.revision += 1;
                next.forget_fixes();
                return Rc::new(next.analysed());
            }
            Action::IncludeKeyInCurl(include) if include == self.curl_includes_key => return self,
            Action::IncludeKeyInCurl(include) => {
                next.curl_includes_key = include;
                next.refresh_curl();
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::destination::Delivery;

    fn reduce(state: State, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions
            .into_iter()
            .fold(Rc::new(state), |state, action| state.reduce(action))
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
                Action::Analyse(stamp()),
            ],
        )
    }

    #[test]
    fn opens_with_the_rest_json_preset_already_analysed() {
        let state = State::default();
        assert_eq!(state.api, ApiType::Rest);
        assert_eq!(state.preset().map(|p| p.id), Some(DEFAULT_PRESET));
        assert!(!state.is_stale());
    }

    #[test]
    fn the_default_sample_lines_parse_with_the_default_preset() {
        let state = State::default();
        assert_eq!((state.analysis.ok, state.analysis.failed), (2, 0));
    }

    #[test]
    fn typing_stores_text_but_defers_analysis() {
        let state = reduce(
            State::default(),
            [Action::EditFormat("$context.requestId".into())],
        );
        assert_eq!(state.format, "$context.requestId");
        assert!(state.is_stale());
        assert_eq!(state.revision, 1);
    }

    #[test]
    fn analyse_catches_up_with_the_text() {
        let state = reduce(
            State::default(),
            [
                Action::EditLines("garbage".into()),
                Action::Analyse(stamp()),
            ],
        );
        assert!(!state.is_stale());
        assert_eq!(state.analysis.failed, 1);
    }

    #[test]
    fn analyse_when_up_to_date_keeps_the_same_state() {
        let state = Rc::new(State::default());
        assert!(Rc::ptr_eq(
            &state,
            &state.clone().reduce(Action::Analyse(stamp()))
        ));
    }

    #[test]
    fn choosing_a_preset_sets_format_and_api_and_analyses() {
        let state = reduce(State::default(), [Action::ChoosePreset("http-clf".into())]);
        assert_eq!(state.api, ApiType::Http);
        assert_eq!(state.format, preset("http-clf").format);
        assert!(!state.is_stale());
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
        assert_eq!(state.format, preset("http-clf").format);
        assert!(!state.is_stale());
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
        assert_eq!(state.format, "$context.requestId $context.status");
        assert_eq!(state.analysis.api, ApiType::Http);
    }

    #[test]
    fn lines_that_do_not_match_are_a_mismatch_until_generated_for_the_format() {
        let state = reduce(State::default(), [Action::ChoosePreset("rest-clf".into())]);
        assert_eq!(state.lines_mismatch(), Some(2));
        let state = reduce((*state).clone(), [Action::GenerateLines(stamp())]);
        assert_eq!(state.lines_mismatch(), None);
        assert_eq!(
            (state.analysis.ok, state.analysis.failed),
            (GENERATED_LINES, 0)
        );
        assert!(!state.is_stale());
    }

    #[test]
    fn switching_api_regenerates_untouched_lines_but_keeps_edited_ones() {
        let state = reduce(State::default(), [Action::SetApi(ApiType::Http)]);
        assert_eq!(state.analysis.failed, 0);
        assert_eq!(state.analysis.ok, GENERATED_LINES);
        let edited = reduce(
            State::default(),
            [
                Action::EditLines("mine".into()),
                Action::SetApi(ApiType::Http),
            ],
        );
        assert_eq!(edited.lines, "mine");
    }

    #[test]
    fn the_curl_command_uses_a_placeholder_host_until_the_base_url_is_usable() {
        let state = State::default();
        assert!(
            state.curl.url.starts_with(PLACEHOLDER_HOST),
            "{}",
            state.curl.url
        );
        let state = reduce(
            state,
            [
                Action::EditDestination(TextInput::Base, "https://o2.example.com".into()),
                Action::Analyse(stamp()),
            ],
        );
        assert!(state.curl.url.starts_with("https://o2.example.com/"));
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
        let state = guide_state();
        assert_eq!(state.ingest.simulation.http_status, 400);
        assert!(state.ingest.fixes.to_json);
    }

    #[test]
    fn a_fix_rewrites_format_and_lines_and_can_be_undone() {
        let fixed = reduce(
            (*guide_state()).clone(),
            [Action::ApplyFix(FixKind::ToJson, stamp())],
        );
        assert!(fixed.format.starts_with('{'));
        assert!(fixed.lines.starts_with('{'));
        assert_eq!(fixed.ingest.simulation.http_status, 200);
        assert!(fixed.applied_fix.as_ref().is_some_and(|f| f.changed));
        let undone = reduce((*fixed).clone(), [Action::UndoFix]);
        assert_eq!(undone.format, preset("openobserve-guide").format);
        assert_eq!(undone.lines, GUIDE_LINE);
        assert!(undone.undo.is_empty() && undone.applied_fix.is_none());
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
                Action::Analyse(stamp()),
            ],
        );
        assert_eq!(state.ingest.simulation.http_status, 400);
        assert!(state.ingest.fixes.quote_values);
        let fixed = reduce(
            (*state).clone(),
            [Action::ApplyFix(FixKind::QuoteValues, stamp())],
        );
        assert!(fixed.lines.contains(r#""lat":"-""#), "{}", fixed.lines);
        assert_eq!(fixed.ingest.simulation.http_status, 200);
        let carried = fixed.applied_fix.as_ref().and_then(|f| f.carried.as_ref());
        assert_eq!(carried.map(|c| (c.rewritten, c.kept)), Some((1, 0)));
        let undone = reduce((*fixed).clone(), [Action::UndoFix]);
        assert_eq!(
            (undone.format.as_str(), undone.lines.as_str()),
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
        assert_eq!(
            state.destination_check.url.stream,
            "amazon_apigateway_myapi"
        );
        assert!(state.ingest_is_stale());
        let state = reduce((*state).clone(), [Action::Analyse(stamp())]);
        assert_eq!(
            state.ingest.simulation.request.path,
            "/aws/default/amazon-apigateway-MyAPI/_kinesis_firehose"
        );
    }

    #[test]
    fn an_emptied_org_is_simulated_as_the_default_org() {
        let state = reduce(
            State::default(),
            [
                Action::EditDestination(TextInput::Org, "acme".into()),
                Action::Analyse(stamp()),
                Action::EditDestination(TextInput::Org, String::new()),
            ],
        );
        assert!(state.ingest_is_stale());
        let state = reduce((*state).clone(), [Action::Analyse(stamp())]);
        assert!(!state.ingest_is_stale());
        assert_eq!(
            state.ingest.simulation.request.path,
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
                Action::Analyse(stamp()),
            ],
        );
        let key = "cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=";
        assert!(!state.curl.text.contains(key));
        let state = reduce((*state).clone(), [Action::IncludeKeyInCurl(true)]);
        assert!(state.curl.text.contains(key));
        assert!(!state.curl.text.contains("Complexpass"));
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
                Action::Analyse(stamp()),
            ],
        );
        let export = state.setup.export(Target::Terraform).expect("terraform");
        assert!(
            export.text.contains("aws_kinesis_firehose_delivery_stream"),
            "{:?}",
            export.diagnostics
        );
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
            state.ingest.key.delivery,
            Delivery::CloudWatchSubscription { .. }
        ));
        assert!(state.ingest_is_stale(), "the account waits for the pause");
        let state = reduce(
            (*state).clone(),
            [
                Action::EditDestination(TextInput::LogGroup, "/aws/apigateway/prod".into()),
                Action::Analyse(stamp()),
            ],
        );
        assert_eq!(
            state.ingest.key.delivery,
            Delivery::CloudWatchSubscription {
                account: "000011112222".into(),
                log_group: "/aws/apigateway/prod".into(),
            }
        );
        assert_eq!(state.ingest.simulation.records.len(), 1);
        let back = reduce((*state).clone(), [Action::SetApi(ApiType::Rest)]);
        assert_eq!(back.ingest.key.delivery, Delivery::Direct);
        assert_eq!(back.ingest.simulation.records.len(), GENERATED_LINES);
    }

    #[test]
    fn the_curl_command_follows_a_fix_that_keeps_the_request_id() {
        let state = reduce(State::default(), [Action::Analyse(stamp())]);
        let before = state.curl.text.clone();
        let state = reduce(
            (*state).clone(),
            [Action::ApplyFix(FixKind::Newline, stamp())],
        );
        assert_ne!(state.curl.text, before);
        assert_eq!(state.curl.text, {
            let request = &state.ingest.simulation.request;
            Curl::new(
                request,
                &curl_url(&state.destination_check, &state.ingest),
                None,
            )
            .text
        });
    }
}
