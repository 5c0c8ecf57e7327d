//! One-click fixes (`#fix-to-json`, `#fix-quote-values`, `#fix-timestamp`, `#fix-newline`,
//! `#fix-probe-safe`), each enabled only when core's `fixes::applicable` says it would change the
//! format, plus `#fix-undo` and the explanation of the last fix (`#fix-result`), with the
//! probe-safe fix's proof (`#fix-proof`).

use super::message_text::message;
use crate::state::FixOutcome;
use gwlog_core::openobserve::fixes::{Applicable, FixKind, Tally};
use std::rc::Rc;
use yew::prelude::*;

/// The element id and text of a fix's button (what the fix does, and whether it applies, are
/// core's: [`FixKind::summary`], [`FixKind::applies`]).
pub fn button(kind: FixKind) -> (&'static str, &'static str) {
    match kind {
        FixKind::ToJson => ("fix-to-json", "Convert to JSON"),
        FixKind::QuoteValues => ("fix-quote-values", "Quote values"),
        FixKind::Timestamp => ("fix-timestamp", "Add _timestamp"),
        FixKind::Newline => ("fix-newline", "End with a newline"),
        FixKind::ProbeSafe => ("fix-probe-safe", "Make probe-safe"),
    }
}

fn label(kind: FixKind) -> &'static str {
    button(kind).1
}

/// Props of [`FixBar`].
#[derive(Properties, PartialEq)]
pub struct FixBarProps {
    /// Which fixes would change the analysed format.
    pub options: Applicable,
    /// The last fix applied or refused.
    pub applied: Option<Rc<FixOutcome>>,
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
                    let applies = kind.applies(props.options);
                    // A fix that would change nothing stays focusable (aria-disabled, not
                    // disabled), so keyboard users reach it and hear why it is off.
                    let on_fix = props.on_fix.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        if applies {
                            on_fix.emit(kind);
                        }
                    });
                    // The fixes that turn a 400 for the whole batch into stored records stand out.
                    let primary = applies && matches!(kind, FixKind::ToJson | FixKind::QuoteValues);
                    let (id, text) = button(kind);
                    let why = format!("{id}-why");
                    html! {
                        <button type="button" {id}
                            class={classes!("button", primary.then_some("button-primary"))}
                            aria-disabled={(!applies).then_some("true")}
                            aria-describedby={why}
                            title={kind.summary()} {onclick}>
                            { text }
                        </button>
                    }
                }) }
                <button type="button" id="fix-undo" class="button button-quiet"
                    disabled={props.undo.is_none()} onclick={undo}
                    title="Put back the format and sample lines from before the last fix">
                    { match props.undo {
                        Some(kind) => format!("Undo “{}”", label(kind)),
                        None => "Undo".to_owned(),
                    } }
                </button>
            </div>
            <ul class="fix-whys">
                { for FixKind::ALL.iter().map(|kind| {
                    let applies = kind.applies(props.options);
                    let (id, text) = button(*kind);
                    html! {
                        <li id={format!("{id}-why")} class={classes!((!applies).then_some("is-off"))}>
                            <strong>{ text }</strong>{ ": " }{ kind.summary() }
                            { if applies { "." } else { ". Not needed: the format already does this, or it does not apply to it." } }
                        </li>
                    }
                }) }
            </ul>
            if props.options == Applicable::default() && props.applied.is_none() {
                <p class="hint">{ "No fix applies: the format already does what these fixes would do." }</p>
            }
            if let Some(applied) = &props.applied {
                { view_applied(applied) }
            }
        </div>
    }
}

fn view_applied(applied: &FixOutcome) -> Html {
    let changed = applied.changed();
    let title = if changed {
        format!("Applied: {}", label(applied.kind))
    } else {
        format!("{}: nothing changed", label(applied.kind))
    };
    html! {
        <div id="fix-result" class={classes!("fix-result", changed.then_some("changed"))}
            data-fix={button(applied.kind).0} aria-live="polite">
            <p class="fix-title">{ title }</p>
            <p class="fix-explanation">{ message(&applied.explanation()) }</p>
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
            if let Some(proof) = applied.proof() {
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
