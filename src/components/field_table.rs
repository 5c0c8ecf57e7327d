//! The fields of one parsed line: variable, type and value per row, `null` shown apart from text.

use crate::analysis::FieldRow;
use gwlog_core::line::FieldValue;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`FieldTable`].
#[derive(Properties, PartialEq)]
pub struct FieldTableProps {
    /// 1-based line number, for the caption.
    pub line: usize,
    /// The fields, in format order.
    pub fields: Rc<Vec<FieldRow>>,
}

/// A `table.fields` with one `tr[data-variable]` per field.
#[component]
pub fn FieldTable(props: &FieldTableProps) -> Html {
    html! {
        <div class="table-scroll">
            <table class="fields">
                <caption class="visually-hidden">{ format!("Fields of line {}", props.line) }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="variable">{ "Variable" }</th>
                        <th scope="col" class="type">{ "Type" }</th>
                        <th scope="col" class="value">{ "Value" }</th>
                    </tr>
                </thead>
                <tbody>{ for props.fields.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

fn row(field: &FieldRow) -> Html {
    let value = match &field.value {
        FieldValue::Null => html! {
            <td class="value is-null"><span class="null" title="API Gateway wrote - : no value">{ "null" }</span></td>
        },
        FieldValue::Integer(number) => html! { <td class="value is-number">{ number }</td> },
        // Direction controls and invisible characters are shown as ⟨U+202E⟩, not obeyed.
        FieldValue::Text(text) => {
            html! { <td class="value">{ gwlog_core::escape::reveal(text).into_owned() }</td> }
        }
    };
    html! {
        <tr data-variable={field.variable.clone()} class={classes!((!field.shape_ok).then_some("shape-mismatch"))}>
            <th scope="row" class="variable"><code>{ &field.variable }</code></th>
            <td class="type">
                { field.value_type.as_str() }
                if !field.shape_ok {
                    <span class="shape-note" title="The value does not look like this variable's values usually do">{ " · unusual" }</span>
                }
            </td>
            { value }
        </tr>
    }
}
