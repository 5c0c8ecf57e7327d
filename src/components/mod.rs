//! The playground's components, one per file. Leaves receive plain values and report user
//! intents through `on…` callbacks; only leaves read the DOM.
//!
//! - [`header::Header`], [`panel::Panel`], [`notice::Notice`]: page chrome; panels stack or sit
//!   side by side.
//! - [`api_picker::ApiPicker`], [`preset_picker::PresetPicker`]: choose the rules and a start.
//! - [`format_editor::FormatEditor`], [`kind_badge::KindBadge`],
//!   [`diagnostic_list::DiagnosticList`]: edit the format and see what is wrong with it.
//! - [`lines_editor::LinesEditor`], [`results::Results`], [`line_result::LineResult`],
//!   [`field_table::FieldTable`]: paste lines and see them parsed.
//! - [`destination_panel::DestinationPanel`] with [`labelled_input::LabelledInput`],
//!   [`field_messages::FieldMessages`], [`region_select::RegionSelect`],
//!   [`key_output::KeyOutput`]: OpenObserve URL, access key, Firehose stream and ARN.
//! - [`openobserve_panel::OpenObservePanel`] with [`fix_bar::FixBar`],
//!   [`simulation_view::SimulationView`], [`columns_table::ColumnsTable`],
//!   [`curl_view::CurlView`]: what OpenObserve does with the lines, and how to fix the format.
//! - [`export_panel::ExportPanel`] with [`tabs::Tabs`]: the AWS setup as code.
//! - [`dashboard_panel::DashboardPanel`] with [`dash_chart::DashChart`]: the OpenObserve
//!   dashboard, its panels' previews, and the VRL function and pipeline for text formats.
//! - [`copy_button::CopyButton`], [`download_button::DownloadButton`]: hand generated text over.
//! - [`marked_text::MarkedText`]: text with `<mark>`ed spans, shared by editor and results;
//!   [`message_text::MessageText`]: a core message with its backtick runs as `<code>`.

pub mod api_picker;
pub mod columns_table;
pub mod copy_button;
pub mod curl_view;
pub mod dash_chart;
pub mod dashboard_panel;
pub mod destination_panel;
pub mod diagnostic_list;
pub mod download_button;
pub mod export_panel;
pub mod field_messages;
pub mod field_table;
pub mod fix_bar;
pub mod format_editor;
pub mod header;
pub mod key_output;
pub mod kind_badge;
pub mod labelled_input;
pub mod line_result;
pub mod lines_editor;
pub mod marked_text;
pub mod message_text;
pub mod notice;
pub mod openobserve_panel;
pub mod panel;
pub mod preset_picker;
pub mod region_select;
pub mod results;
pub mod simulation_view;
pub mod tabs;
