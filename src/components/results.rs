//! The results list (`#results`): a count of parsed and failed lines, then one
//! [`LineResult`] per non-empty line. Only the first `detail_limit` lines get full tables, so a
//! thousand pasted lines stay fast; "Show more" raises the limit.

use super::line_result::LineResult;
use crate::analysis::Analysis;
use crate::shared::Shared;
use yew::prelude::*;

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The analysed lines.
    pub analysis: Shared<Analysis>,
    /// How many lines show full details.
    pub detail_limit: usize,
    /// Whether the text has changed since this analysis (an update is pending).
    #[prop_or_default]
    pub stale: bool,
    /// Called when the user asks for more detailed lines.
    pub on_show_more: Callback<()>,
}

/// Summary, line results and the "show more" button.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let analysis = &props.analysis;
    let total = analysis.lines.len();
    let hidden = total.saturating_sub(props.detail_limit);
    let onclick = props.on_show_more.reform(|_: MouseEvent| ());
    html! {
        <div id="results" class={classes!("results", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            <p class="results-summary">
                if total == 0 {
                    <span class="muted">{ "Paste log lines above to see them parsed." }</span>
                } else {
                    <strong>{ format!("{total} line{}", if total == 1 { "" } else { "s" }) }</strong>
                    <span class="count count-ok">{ format!("{} parsed", analysis.ok) }</span>
                    <span class="count count-failed">{ format!("{} failed", analysis.failed) }</span>
                }
            </p>
            { for analysis.lines.iter().enumerate().map(|(index, outcome)| html! {
                <LineResult key={outcome.number} outcome={outcome.clone()} detailed={index < props.detail_limit} />
            }) }
            if hidden > 0 {
                <div class="show-more">
                    <span class="muted">{ format!("Details hidden for {hidden} more line{}.", if hidden == 1 { "" } else { "s" }) }</span>
                    <button type="button" class="button" {onclick}>{ "Show more details" }</button>
                </div>
            }
        </div>
    }
}
