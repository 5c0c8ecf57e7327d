//! A titled panel of the workspace. Panels flow in the page grid, so new ones (destination,
//! OpenObserve simulator, …) are added by rendering another `Panel`.

use yew::prelude::*;

/// Props of [`Panel`].
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Element id of the panel; the heading gets `<id>-title`.
    pub id: AttrValue,
    /// Heading text.
    pub title: AttrValue,
    /// One sentence under the heading saying what the panel is for.
    #[prop_or_default]
    pub intro: Option<AttrValue>,
    /// Whether the panel spans the whole width of the grid (long generated text).
    #[prop_or_default]
    pub wide: bool,
    /// The panel's content.
    #[prop_or_default]
    pub children: Html,
}

/// A `<section>` with a heading and a body.
#[component]
pub fn Panel(props: &PanelProps) -> Html {
    let title_id = format!("{}-title", props.id);
    html! {
        <section class={classes!("panel", props.wide.then_some("panel-wide"))} id={props.id.clone()} aria-labelledby={title_id.clone()}>
            <div class="panel-head">
                <h2 id={title_id}>{ &props.title }</h2>
                if let Some(intro) = &props.intro {
                    <p class="panel-intro">{ intro }</p>
                }
            </div>
            <div class="panel-body">{ props.children.clone() }</div>
        </section>
    }
}
