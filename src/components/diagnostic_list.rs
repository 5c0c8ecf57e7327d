//! The diagnostics list (`#diagnostics`): every finding about the format, most relevant first in
//! text order, each with its code, severity and `line:col`. Activating one selects its span.

use super::marked_text::sev_class;
use super::message_text::message;
use gwlog_core::diagnostic::{Diagnostic, LineColumn, Severity, Span};
use yew::prelude::*;

/// Props of [`DiagnosticList`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    /// The format text the diagnostics are about (for positions).
    pub format: AttrValue,
    /// The diagnostics, in the order to show them.
    pub diagnostics: Vec<Diagnostic>,
    /// Called with the span of the diagnostic the user activated.
    pub on_select: Callback<Span>,
}

/// A summary line and a list of `li.diagnostic` buttons.
#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let count = |severity| {
        props
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let summary = if props.diagnostics.is_empty() {
        html! { <span class="all-clear">{ "No problems found: API Gateway will accept this format." }</span> }
    } else {
        html! {
            <>
                if errors == 0 {
                    <span class="count no-errors">{ "No errors" }</span>
                } else {
                    <span class="count sev-error">{ plural(errors, "error") }</span>
                }
                if warnings > 0 {
                    <span class="count sev-warning">{ plural(warnings, "warning") }</span>
                }
                if infos > 0 {
                    <span class="count sev-info">{ plural(infos, "note") }</span>
                }
            </>
        }
    };
    html! {
        <div class="diagnostics">
            <p class="diagnostics-summary" id="diagnostics-summary">{ summary }</p>
            <ul id="diagnostics" class="diagnostic-list">
                { for props.diagnostics.iter().map(|d| item(&props.format, d, &props.on_select)) }
            </ul>
        </div>
    }
}

fn item(format: &str, diagnostic: &Diagnostic, on_select: &Callback<Span>) -> Html {
    let span = diagnostic.span;
    let onclick = on_select.reform(move |_: MouseEvent| span);
    let at = LineColumn::of(format, span.start);
    let position = at.to_string();
    let severity = diagnostic.severity.as_str();
    html! {
        <li class={classes!("diagnostic", sev_class(diagnostic.severity))}
            data-code={diagnostic.code.as_str()} data-severity={severity}>
            <button type="button" class="diagnostic-jump" {onclick}
                title="Select this part of the format">
                <span class="severity">{ severity }</span>
                <span class="message">{ message(&diagnostic.message) }</span>
                <span class="where">
                    <code class="code">{ diagnostic.code.as_str() }</code>
                    <span class="position" title={format!("line {}, column {}", at.line, at.column)}>{ position }</span>
                </span>
            </button>
        </li>
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
