//! The playground's state and every way it can change: [`State`], the user intents in [`Action`],
//! and the reducer (`impl Reducible`). Nothing else mutates state and nothing here touches the DOM.
//!
//! Typing only stores text ([`Action::EditFormat`], [`Action::EditLines`]); the root component
//! debounces [`Action::Analyse`], which re-runs `gwlog_core` on the current text. Choosing an API
//! type or a preset analyses at once.

use crate::analysis::Analysis;
use gwlog_core::api::ApiType;
use gwlog_core::diagnostic::Span;
use gwlog_core::format::{self, presets};
use std::rc::Rc;
use yew::Reducible;

/// How many lines get a full field table at first, and how many more each "show more" adds.
pub const DETAIL_STEP: usize = 50;

/// The preset the playground opens with: the console's JSON format, the one OpenObserve can use.
pub const DEFAULT_PRESET: &str = "rest-json";

/// Sample lines the playground opens with: what the default preset renders for two requests
/// (values shaped like the public samples in the API Gateway reference).
pub const DEFAULT_LINES: &str = concat!(
    r#"{ "requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5", "extendedRequestId":"GQIVriFLIAMEMsA=","ip": "1.128.0.0", "caller":"-", "user":"-", "requestTime":"10/Jun/2023:15:36:28 +0000", "httpMethod":"GET", "resourcePath":"/pets", "status":"200", "protocol":"HTTP/1.1", "responseLength":"184" }"#,
    "\n",
    r#"{ "requestId":"7a0e2b8c-3f1d-4c5e-9b6a-2d4f8e1c0a93", "extendedRequestId":"Iq8dHhlwIAMEV_g=","ip": "1.128.0.0", "caller":"-", "user":"-", "requestTime":"10/Jun/2023:15:36:31 +0000", "httpMethod":"POST", "resourcePath":"/pets", "status":"401", "protocol":"HTTP/1.1", "responseLength":"26" }"#,
    "\n",
);

/// A request to select a span of the format editor; `serial` makes repeated clicks on the same
/// diagnostic select again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Byte span into the format text.
    pub span: Span,
    /// Increases with every request.
    pub serial: u32,
}

/// Everything the playground shows.
#[derive(Debug, Clone, PartialEq)]
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
}

impl Default for State {
    fn default() -> Self {
        let preset = presets::by_id(DEFAULT_PRESET).unwrap_or(&presets::PRESETS[0]);
        State::new(preset.api, preset.format, DEFAULT_LINES)
    }
}

impl State {
    /// A state showing `format` and `lines` for `api`, already analysed.
    pub fn new(api: ApiType, format: &str, lines: &str) -> Self {
        State {
            api,
            format: format.to_owned(),
            lines: lines.to_owned(),
            revision: 0,
            analysis: Rc::new(Analysis::run(api, format, lines)),
            detail_limit: DETAIL_STEP,
            selection: None,
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

    fn analysed(mut self) -> Self {
        if self.is_stale() {
            self.analysis = Rc::new(Analysis::run(self.api, &self.format, &self.lines));
        }
        self
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
    /// Re-check the format and re-parse the lines (after the debounce).
    Analyse,
    /// Show full field tables for [`DETAIL_STEP`] more lines.
    ShowMore,
    /// Select this span of the format in the editor.
    SelectSpan(Span),
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
                next.revision += 1;
                return Rc::new(next.analysed());
            }
            Action::ChoosePreset(id) => {
                let Some(preset) = presets::by_id(&id) else {
                    return self;
                };
                next.api = preset.api;
                next.format = preset.format.to_owned();
                next.revision += 1;
                return Rc::new(next.analysed());
            }
            Action::EditFormat(text) if text == self.format => return self,
            Action::EditFormat(text) => {
                next.format = text;
                next.revision += 1;
            }
            Action::EditLines(text) if text == self.lines => return self,
            Action::EditLines(text) => {
                next.lines = text;
                next.revision += 1;
            }
            Action::Analyse if !self.is_stale() => return self,
            Action::Analyse => return Rc::new(next.analysed()),
            Action::ShowMore => next.detail_limit += DETAIL_STEP,
            Action::SelectSpan(span) => {
                let serial = self.selection.map_or(0, |s| s.serial.wrapping_add(1));
                next.selection = Some(Selection { span, serial });
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions
            .into_iter()
            .fold(Rc::new(state), |state, action| state.reduce(action))
    }

    fn preset(id: &str) -> &'static presets::Preset {
        presets::by_id(id).expect("preset exists")
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
            [Action::EditLines("garbage".into()), Action::Analyse],
        );
        assert!(!state.is_stale());
        assert_eq!(state.analysis.failed, 1);
    }

    #[test]
    fn analyse_when_up_to_date_keeps_the_same_state() {
        let state = Rc::new(State::default());
        assert!(Rc::ptr_eq(&state, &state.clone().reduce(Action::Analyse)));
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
}
