//! The playground's components, one per file. Leaves receive plain values and report user
//! intents through `on…` callbacks; only leaves read the DOM.
//!
//! - [`header::Header`], [`panel::Panel`]: page chrome; panels stack or sit side by side.
//! - [`api_picker::ApiPicker`], [`preset_picker::PresetPicker`]: choose the rules and a start.
//! - [`format_editor::FormatEditor`], [`kind_badge::KindBadge`],
//!   [`diagnostic_list::DiagnosticList`]: edit the format and see what is wrong with it.
//! - [`lines_editor::LinesEditor`], [`results::Results`], [`line_result::LineResult`],
//!   [`field_table::FieldTable`]: paste lines and see them parsed.
//! - [`marked_text::MarkedText`]: text with `<mark>`ed spans, shared by editor and results.

pub mod api_picker;
pub mod diagnostic_list;
pub mod field_table;
pub mod format_editor;
pub mod header;
pub mod kind_badge;
pub mod line_result;
pub mod lines_editor;
pub mod marked_text;
pub mod panel;
pub mod preset_picker;
pub mod results;
