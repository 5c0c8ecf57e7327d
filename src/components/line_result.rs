//! The result for one sample line (`section.line-result`): its fields, or where and why it
//! does not match the format. Lines past the detail limit show a one-line summary only.

use super::field_table::FieldTable;
use super::marked_text::MarkedText;
use super::message_text::message;
use crate::analysis::LineOutcome;
use gwlog_core::diagnostic::{LineColumn, Severity};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`LineResult`].
#[derive(Properties, PartialEq)]
pub struct LineResultProps {
    /// The line and its outcome.
    pub outcome: Rc<LineOutcome>,
    /// Whether to show the field table / the marked line, or only the summary.
    pub detailed: bool,
}

/// A `section.line-result` with `data-line` and `data-ok`.
#[component]
pub fn LineResult(props: &LineResultProps) -> Html {
    let outcome = &props.outcome;
    let ok = outcome.is_ok();
    let (status, summary) = match &outcome.result {
        Ok(fields) if outcome.not_json.is_some() => (
            "Parsed",
            format!("{} fields · not valid JSON", fields.len()),
        ),
        Ok(fields) => ("Parsed", format!("{} fields", fields.len())),
        Err(error) => {
            let column = LineColumn::of(&outcome.text, error.offset).column;
            ("Failed", format!("at column {column}"))
        }
    };
    let not_json = outcome.not_json.as_ref().map(|error| {
        html! {
            <div class="line-warning" role="group" aria-label={format!("Warning for line {}", outcome.number)}>
                <p class="warning-message">
                    { message(&error.message) }
                    { " API Gateway writes such lines; OpenObserve rejects the whole batch they are in." }
                </p>
                if props.detailed {
                    <pre class="line-text"><MarkedText
                        text={outcome.text.clone()}
                        spans={vec![(error.span, Severity::Warning)]}
                    /></pre>
                }
            </div>
        }
    });
    let body = match (&outcome.result, props.detailed) {
        (Ok(fields), true) => html! {
            <>
                { for not_json }
                <FieldTable line={outcome.number} fields={Rc::new(fields.clone())} />
            </>
        },
        (Ok(_), false) => html! { { for not_json } },
        (Err(error), detailed) => html! {
            <div class="line-error" role="group" aria-label={format!("Error in line {}", outcome.number)}>
                <p class="error-message">{ message(&error.message) }</p>
                if detailed {
                    <pre class="line-text"><MarkedText
                        text={outcome.text.clone()}
                        spans={vec![(error.span, Severity::Error)]}
                    /></pre>
                }
            </div>
        },
    };
    html! {
        <section
            class={classes!("line-result", if ok { "ok" } else { "failed" })}
            data-line={outcome.number.to_string()}
            data-ok={ok.to_string()}
            aria-label={format!("Line {}", outcome.number)}
        >
            <div class="line-head">
                <span class="line-no">{ format!("Line {}", outcome.number) }</span>
                <span class={classes!("status", if ok { "status-ok" } else { "status-failed" })}>{ status }</span>
                <span class="line-summary">{ summary }</span>
            </div>
            { body }
        </section>
    }
}
