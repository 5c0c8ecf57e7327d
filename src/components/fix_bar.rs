//! One-click fixes (`#fix-to-json`, `#fix-quote-values`, `#fix-timestamp`, `#fix-newline`,
//! `#fix-probe-safe`), each enabled only when core's `fixes::applicable` says it would change the
//! format, plus `#fix-undo` and the explanation of the last fix (`#fix-result`), with the
//! probe-safe fix's proof (`#fix-proof`).

use super::message_text::message;
use crate::ingest::{AppliedFix, FixKind};
use gwlog_core::openobserve::fixes::{Applicable, Tally};
use yew::prelude::*;

/// Props of [`FixBar`].
#[derive(Properties, PartialEq)]
pub struct FixBarProps {
    /// Which fixes would change the analysed format.
    pub options: Applicable,
    /// The last fix applied or refused.
    pub applied: Option<AppliedFix>,
    /// The fix the undo button reverts, if any.
    pub undo: Option<FixKind>,
    /// Called with the fix to apply.
    pub on_fix: Callback<FixKind>,
    /// Called to undo the last fix.
    pub on_undo: Callback<()>,
}

/// A toolbar of fix buttons, then the last fix's explanation.
#[component]
pub fn FixBar(props: &FixBarProps) -> Html {
    let undo = props.on_undo.reform(|_: MouseEvent| ());
    html! {
        <div class="fixes">
            <div class="fix-buttons" role="toolbar" aria-label="One-click fixes">
                { for FixKind::ALL.iter().map(|kind| {
                    let kind = *kind;
                    let onclick = props.on_fix.reform(move |_: MouseEvent| kind);
                    let applies = kind.applies(props.options);
                    // The fixes that turn a 400 for the whole batch into stored records stand out.
                    let primary = applies && matches!(kind, FixKind::ToJson | FixKind::QuoteValues);
                    html! {
                        <button type="button" id={kind.id()}
                            class={classes!("button", primary.then_some("button-primary"))}
                            disabled={!applies} title={kind.summary()} {onclick}>
                            { kind.label() }
                        </button>
                    }
                }) }
                <button type="button" id="fix-undo" class="button button-quiet"
                    disabled={props.undo.is_none()} onclick={undo}
                    title="Put back the format and sample lines from before the last fix">
                    { match props.undo {
                        Some(kind) => format!("Undo “{}”", kind.label()),
                        None => "Undo".to_owned(),
                    } }
                </button>
            </div>
            if props.options == Applicable::default() && props.applied.is_none() {
                <p class="hint">{ "No fix applies: the format already does what these fixes would do." }</p>
            }
            if let Some(applied) = &props.applied {
                { view_applied(applied) }
            }
        </div>
    }
}

fn view_applied(applied: &AppliedFix) -> Html {
    let title = if applied.changed {
        format!("Applied: {}", applied.kind.label())
    } else {
        format!("{}: nothing changed", applied.kind.label())
    };
    html! {
        <div id="fix-result" class={classes!("fix-result", applied.changed.then_some("changed"))}
            data-fix={applied.kind.id()} aria-live="polite">
            <p class="fix-title">{ title }</p>
            <p class="fix-explanation">{ message(&applied.explanation) }</p>
            if let Some(carried) = &applied.carried {
                if carried.rewritten > 0 || carried.kept > 0 {
                    <p class="hint">
                        { format!("Sample lines rewritten for the new format: {}", lines(carried.rewritten)) }
                        if carried.kept > 0 {
                            { format!("; {} did not match the old format and were kept as they were", lines(carried.kept)) }
                        }
                        if !carried.generated.is_empty() {
                            { format!("; not in your lines, so generated: {}", carried.generated.join(", ")) }
                        }
                        { "." }
                    </p>
                }
            }
            if let Some(proof) = &applied.proof {
                <dl id="fix-proof" class="proof">
                    { tally_row("Generated records", &proof.generated, "fix-proof-generated") }
                    if proof.samples.records > 0 {
                        { tally_row("Your sample lines", &proof.samples, "fix-proof-samples") }
                    }
                </dl>
            }
        </div>
    }
}

fn tally_row(label: &str, tally: &Tally, id: &'static str) -> Html {
    html! {
        <div class="proof-row" id={id}>
            <dt>{ label }</dt>
            <dd>
                { format!(
                    "{} checked · taken for protobuf: {} before, {} after",
                    tally.records, tally.hits_before, tally.hits_after
                ) }
                if tally.unmatched > 0 {
                    { format!(" · {} did not match the format", tally.unmatched) }
                }
            </dd>
        </div>
    }
}

fn lines(n: usize) -> String {
    format!("{n} line{}", if n == 1 { "" } else { "s" })
}
