//! Strict serde model of OpenObserve's **v8 dashboard** as the *server* reads it, plus
//! [`check_v8`], which also runs the import page's checks and a few generator rules.
//!
//! Public sources (read, not copied; this is an independent re-statement):
//! * structs: `openobserve/openobserve@fbab9b80 src/config/src/meta/dashboards/v8/mod.rs`
//! * version dispatch: `openobserve/openobserve@fbab9b80 src/api/management/src/models/dashboards.rs`
//!   (`DashboardRequestBody::deserialize`)
//! * post-serde title check: `openobserve/openobserve@fbab9b80 src/core/src/dashboards/mod.rs` (`put`)
//! * stored form: `openobserve/openobserve@fbab9b80 src/infra/src/table/dashboards.rs`
//!   (`inner_data_as_json`: the typed struct is re-serialised, so unknown keys are dropped)
//! * `StreamType`: `openobserve/openobserve@fbab9b80 src/config/src/meta/stream.rs`
//! * `created`: parsed by chrono 0.4.45 `DateTime<FixedOffset>: FromStr` (relaxed RFC 3339)
//! * import page checks: `openobserve/openobserve@fbab9b80 web/src/utils/dashboard/panelValidation.ts`
//!   (`validateDashboardJson`), `web/src/views/Dashboards/ImportDashboard.vue` (`validateBasicInputs`),
//!   `web/src/components/dashboards/addPanel/dynamicFunction/functionValidation.json`
//!
//! How the server's serde rules map onto this model:
//! * no struct uses `deny_unknown_fields` on the server, so none does here: unknown keys are
//!   accepted (and then silently dropped when the server re-serialises; see [`dropped_keys`]);
//! * a server field of type `Option<T>` (with or without `#[serde(default)]`) may be missing or
//!   `null`; here it is `Option<T>` too;
//! * a server field of a non-`Option` type that has a serde default (field- or container-level)
//!   may be missing, but **not `null`**; here it is either `#[serde(default)] T` or, where we want
//!   to see whether it was present, `Option<T>` with [`present`] (missing -> `None`, `null` -> error);
//! * every other server field is required and non-null; here it is a plain `T`;
//! * `OrdF64` (`ordered_float::OrderedFloat<f64>`) deserialises exactly as `f64`; here `f64`;
//! * the server goes JSON text -> `serde_json::Map` -> struct, so [`check_v8`] also goes
//!   through `serde_json::Value` (duplicate keys: last one wins, as on the server).
//!
//! Use from a test: `#[cfg(test)] #[path = "…/dashboard_v8_model.rs"] mod dashboard_v8_model;`
//! Needs only `serde` (with `derive`) and `serde_json`.

#![allow(dead_code)]

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// The only dashboard version this model accepts
/// (`openobserve/openobserve@fbab9b80 web/src/utils/dashboard/convertDashboardSchemaVersion.ts`,
/// `CURRENT_DASHBOARD_SCHEMA_VERSION`; also the server's default when `version` is missing).
pub const V8: i64 = 8;

/// Server field that has a serde default but a non-`Option` type: it may be absent
/// (`#[serde(default)]` gives `None`), but an explicit `null` or a wrong type is rejected,
/// exactly as the server's `T` would reject it.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// `created`: the server's type is `chrono::DateTime<FixedOffset>` with a default of "now"
/// (`datetime_now`), so it may be absent but, if present, must be a parseable timestamp string.
fn created_rfc3339<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    let s = String::deserialize(d)?;
    validate_rfc3339(&s).map_err(serde::de::Error::custom)?;
    Ok(Some(s))
}

/// Strict RFC 3339 `date-time` check: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`, with real
/// calendar ranges. This is a *subset* of what the server's chrono parser accepts (chrono also
/// takes a space separator, `UTC`, missing offset colon, unpadded fields, leap second 60), so
/// anything passing here also passes the server. `T`/`Z` may be lower case (RFC 3339 section 5.6).
pub fn validate_rfc3339(s: &str) -> Result<(), String> {
    let err = |why: &str| {
        Err(format!(
            "`created` {s:?} is not an RFC 3339 date-time: {why}"
        ))
    };
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        if part.iter().all(u8::is_ascii_digit) {
            Some(
                part.iter()
                    .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')),
            )
        } else {
            None
        }
    };
    let at = |i: usize| b.get(i).copied();
    let (Some(year), Some(month), Some(day)) = (num(0, 4), num(5, 2), num(8, 2)) else {
        return err("expected YYYY-MM-DD");
    };
    if at(4) != Some(b'-') || at(7) != Some(b'-') {
        return err("expected YYYY-MM-DD");
    }
    if !(1..=12).contains(&month) {
        return err("month out of range");
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let mdays = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > mdays[(month - 1) as usize] {
        return err("day out of range");
    }
    if !matches!(at(10), Some(b'T' | b't')) {
        return err("expected 'T' between date and time");
    }
    let (Some(hour), Some(min), Some(sec)) = (num(11, 2), num(14, 2), num(17, 2)) else {
        return err("expected HH:MM:SS");
    };
    if at(13) != Some(b':') || at(16) != Some(b':') {
        return err("expected HH:MM:SS");
    }
    if hour > 23 || min > 59 || sec > 59 {
        return err("time out of range");
    }
    let mut i = 19;
    if at(i) == Some(b'.') {
        let start = i + 1;
        i = start;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start || i - start > 9 {
            return err("fraction must have 1 to 9 digits");
        }
    }
    match at(i) {
        Some(b'Z' | b'z') if b.len() == i + 1 => Ok(()),
        Some(b'+' | b'-') if b.len() == i + 6 => match (num(i + 1, 2), at(i + 3), num(i + 4, 2)) {
            (Some(oh), Some(b':'), Some(om)) if oh <= 23 && om <= 59 => Ok(()),
            _ => err("bad offset, expected ±HH:MM"),
        },
        _ => err("expected 'Z' or ±HH:MM at the end"),
    }
}

// ---------------------------------------------------------------------------------------------
// Top level
// ---------------------------------------------------------------------------------------------

/// The v8 dashboard (`Dashboard` in `openobserve/openobserve@fbab9b80
/// src/config/src/meta/dashboards/v8/mod.rs`). On the server the whole struct has
/// `#[serde(default)]`: **every top-level key is optional**, but a present key must have the
/// right type (`null` is rejected for all but `variables` and `defaultDatetimeDuration`).
/// `title`/`description` are only `#[schema(required)]` (OpenAPI), not serde-required; an empty
/// or blank `title` is rejected after deserialisation (`put` in `src/core/src/dashboards/mod.rs`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Server type `i32`, default 0 in the struct; the request dispatcher reads `version` with
    /// `Value::as_i64` and treats a missing or non-integer value as 8, then this `i32` field
    /// rejects a string (`"8"`), float (`8.0`) or `null`.
    #[serde(default, deserialize_with = "present")]
    pub version: Option<i32>,
    /// Server: `String`, default `""`; replaced by a generated id on create.
    #[serde(default)]
    pub dashboard_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub role: String,
    /// Server: `String`, default `""`; the create handler fills it with the caller's id if empty.
    #[serde(default)]
    pub owner: String,
    /// Server: `DateTime<FixedOffset>`, default now. Kept as a string, validated by
    /// [`validate_rfc3339`].
    #[serde(default, deserialize_with = "created_rfc3339")]
    pub created: Option<String>,
    #[serde(default)]
    pub tabs: Vec<Tab>,
    pub variables: Option<Variables>,
    pub default_datetime_duration: Option<DateTimeOptions>,
    /// Server: `i64`, default 0, never serialised back. Generators should not write it.
    #[serde(default, deserialize_with = "present")]
    pub updated_at: Option<i64>,
}

/// Panel grid position (`Layout`, `…/v8/mod.rs`). Server: all five are `i64` with a
/// container default of 0, so each may be missing but must be an integer if present
/// (`96.0`, `"1"` and `null` are rejected). Kept as `Option` to let [`check_v8`] require them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Layout {
    #[serde(default, deserialize_with = "present")]
    pub x: Option<i64>,
    #[serde(default, deserialize_with = "present")]
    pub y: Option<i64>,
    #[serde(default, deserialize_with = "present")]
    pub w: Option<i64>,
    #[serde(default, deserialize_with = "present")]
    pub h: Option<i64>,
    #[serde(default, deserialize_with = "present")]
    pub i: Option<i64>,
}

/// A dashboard tab (`Tab`, `…/v8/mod.rs`): `tabId` and `name` required, `panels` defaults to `[]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tab {
    pub tab_id: String,
    pub name: String,
    #[serde(default)]
    pub panels: Vec<Panel>,
}

/// A panel (`Panel`, `…/v8/mod.rs`). Required: `id`, `type`, `title`, `description`, `config`,
/// `queries`. `queryType` defaults to `""` (so `null` is rejected); `layout` and the three
/// content strings are optional/nullable.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Panel {
    pub id: String,
    /// Free string on the server; the import page allows only [`UI_PANEL_TYPES`].
    #[serde(rename = "type")]
    pub typ: String,
    pub title: String,
    pub description: String,
    pub config: PanelConfig,
    #[serde(default)]
    pub query_type: String,
    pub queries: Vec<Query>,
    #[serde(default)]
    pub layout: Option<Layout>,
    pub html_content: Option<String>,
    pub markdown_content: Option<String>,
    pub custom_chart_content: Option<String>,
}

/// One panel query (`Query`, `…/v8/mod.rs`): `customQuery` (bool), `fields` and `config` are
/// required; `query` and `vrlFunctionQuery` are `Option` (missing or `null` is fine).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Query {
    pub query: Option<String>,
    pub vrl_function_query: Option<String>,
    pub custom_query: bool,
    pub fields: PanelFields,
    pub config: QueryConfig,
    pub joins: Option<Vec<Join>>,
    pub tab_name: Option<String>,
}

/// `PromQLLabelFilter` (`…/v8/mod.rs`): container default, all strings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PromQlLabelFilter {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub op: String,
    #[serde(default)]
    pub value: String,
}

/// `PromQLOperation` (`…/v8/mod.rs`): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PromQlOperation {
    #[serde(default)]
    pub id: String,
    pub params: Option<Vec<PromQlOperationParam>>,
}

/// `PromQLOperationParam` (`…/v8/mod.rs`): untagged, tried in this order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PromQlOperationParam {
    Array(Vec<String>),
    String(String),
    Number(f64),
    Bool(bool),
}

/// The server's `StreamType` (`openobserve/openobserve@fbab9b80 src/config/src/meta/stream.rs`):
/// a derived enum with lowercase names, no aliases, so `"Logs"` or `"enrich"` is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StreamType {
    Logs,
    Metrics,
    Traces,
    #[serde(rename = "service_graph")]
    ServiceGraph,
    #[serde(rename = "enrichment_tables")]
    EnrichmentTables,
    #[serde(rename = "file_list")]
    Filelist,
    Metadata,
    Index,
}

/// Query builder fields (`PanelFields`, `…/v8/mod.rs`). **snake_case keys** (no rename).
/// Required: `stream`, `stream_type`, `x`, `y`, `filter` (an object, see [`PanelFilter`]).
/// `z`, `promql_labels`, `promql_operations` default to `[]` (so `null` is rejected); the rest
/// are nullable options.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PanelFields {
    pub stream: String,
    pub stream_type: StreamType,
    pub x: Vec<AxisItem>,
    pub y: Vec<AxisItem>,
    #[serde(default)]
    pub z: Vec<AxisItem>,
    pub breakdown: Option<Vec<AxisItem>>,
    pub latitude: Option<AxisItem>,
    pub longitude: Option<AxisItem>,
    pub weight: Option<AxisItem>,
    pub name: Option<AxisItem>,
    pub value_for_maps: Option<AxisItem>,
    pub source: Option<AxisItem>,
    pub target: Option<AxisItem>,
    pub value: Option<AxisItem>,
    pub filter: PanelFilter,
    #[serde(default)]
    pub promql_labels: Vec<PromQlLabelFilter>,
    #[serde(default)]
    pub promql_operations: Vec<PromQlOperation>,
}

/// `AxisType` (`…/v8/mod.rs`): lowercase `build` | `raw` | `custom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AxisType {
    Build,
    Raw,
    Custom,
}

/// An axis item (`AxisItem`, `…/v8/mod.rs`, camelCase keys). Only `label` and `alias` are
/// required; everything else is a nullable option (`color` included).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AxisItem {
    pub label: String,
    pub alias: String,
    pub column: Option<String>,
    #[serde(rename = "type")]
    pub typ: Option<AxisType>,
    pub color: Option<String>,
    pub function_name: Option<String>,
    pub sort_by: Option<String>,
    pub args: Option<Vec<AxisArg>>,
    pub is_derived: Option<bool>,
    pub having_conditions: Option<Vec<HavingCondition>>,
    pub treat_as_non_timestamp: Option<bool>,
    pub show_field_as_json: Option<bool>,
    pub raw_query: Option<String>,
}

/// `HavingConditions` (`…/v8/mod.rs`): `value` is a number (or null), never a string.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HavingCondition {
    pub value: Option<f64>,
    pub operator: Option<String>,
}

/// `AxisArg` (`…/v8/mod.rs`): `type` and `value` both nullable options.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AxisArg {
    #[serde(rename = "type")]
    pub typ: Option<String>,
    pub value: Option<AxisArgValueWrapper>,
}

/// `AxisArgValueWrapper` (`…/v8/mod.rs`): untagged, tried in this order. Note the `Object`
/// variant has only optional fields, so *any* object matches it and keeps only
/// `field`/`streamAlias`: a nested function argument (`{"type":"function","value":{…}}`) is
/// accepted but stored as `{"field":null,"streamAlias":null}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AxisArgValueWrapper {
    Object(AxisArgValue),
    String(String),
    Number(f64),
}

/// `AxisArgValue` (`…/v8/mod.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AxisArgValue {
    pub field: Option<String>,
    pub stream_alias: Option<String>,
}

/// `Join` (`…/v8/mod.rs`): all four required.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Join {
    pub stream: String,
    pub stream_alias: String,
    pub join_type: String,
    pub conditions: Vec<JoinCondition>,
}

/// `JoinCondition` (`…/v8/mod.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinCondition {
    pub left_field: SelectedField,
    pub right_field: SelectedField,
    pub operation: String,
}

/// `SelectedField` (`…/v8/mod.rs`): `field` required.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectedField {
    pub stream_alias: Option<String>,
    pub field: String,
}

/// `PanelFilter` (`…/v8/mod.rs`): **untagged** `Condition | Group`, tried in that order; the
/// `filterType` value is not used to choose. An array (`[]`) matches neither:
/// "data did not match any variant of untagged enum PanelFilter".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PanelFilter {
    Condition(FilterCondition),
    Group(FilterGroup),
}

/// `GroupType` (`…/v8/mod.rs`): all three required.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterGroup {
    pub filter_type: String,
    pub logical_operator: String,
    pub conditions: Vec<PanelFilter>,
}

/// `FilterCondition` (`…/v8/mod.rs`). Required: `type`, `values` (array of strings),
/// `logicalOperator`, `filterType`. `column` is an optional `{field, streamAlias}` object
/// (a bare string is rejected), `operator` and `value` optional strings (a number is rejected).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterCondition {
    #[serde(rename = "type")]
    pub typ: String,
    pub values: Vec<String>,
    pub column: Option<StreamFieldObj>,
    pub operator: Option<String>,
    pub value: Option<String>,
    pub logical_operator: String,
    pub filter_type: String,
}

/// `StreamFieldObj` (`…/v8/mod.rs`): both keys optional/nullable.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamFieldObj {
    pub field: Option<String>,
    pub stream_alias: Option<String>,
}

/// `Background` (`…/v8/mod.rs`): `type` required.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Background {
    #[serde(rename = "type")]
    pub typ: String,
    pub value: Option<BackgroundValue>,
}

/// `BackgroundValue` (`…/v8/mod.rs`): `color` required.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BackgroundValue {
    pub color: String,
}

/// `Sparkline` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct Sparkline {
    #[serde(default)]
    pub enabled: bool,
    #[serde(rename = "type")]
    pub typ: Option<String>,
    pub layout: Option<String>,
    pub color: Option<String>,
    pub fill_opacity: Option<f64>,
    pub line_width: Option<f64>,
}

/// Panel display options (`PanelConfig`, `…/v8/mod.rs`). **snake_case keys** (no rename).
/// Only `show_legends` (bool) is required. Every other key is a nullable option; note the
/// types: `decimals` and the other numeric knobs are numbers (a string `"2"` is rejected),
/// `table_pagination_rows_per_page` is an integer, enums are closed sets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PanelConfig {
    pub show_legends: bool,
    pub legends_position: Option<String>,
    pub legends_type: Option<String>,
    pub chart_align: Option<String>,
    pub unit: Option<String>,
    pub unit_custom: Option<String>,
    pub decimals: Option<f64>,
    pub line_thickness: Option<f64>,
    pub step_value: Option<String>,
    pub top_results: Option<f64>,
    pub y_axis_min: Option<f64>,
    pub y_axis_max: Option<f64>,
    pub top_results_others: Option<bool>,
    pub axis_width: Option<f64>,
    pub axis_border_show: Option<bool>,
    pub label_option: Option<LabelOption>,
    pub axis_label_rotate: Option<f64>,
    pub axis_label_truncate_width: Option<f64>,
    pub show_symbol: Option<bool>,
    pub line_interpolation: Option<LineInterpolation>,
    pub legend_width: Option<LegendSize>,
    pub legend_height: Option<LegendSize>,
    pub base_map: Option<BaseMap>,
    pub map_type: Option<MapType>,
    pub map_view: Option<MapView>,
    pub map_symbol_style: Option<MapSymbolStyle>,
    pub drilldown: Option<Vec<DrillDown>>,
    pub mark_line: Option<Vec<MarkLine>>,
    pub override_config: Option<Vec<OverrideConfig>>,
    pub connect_nulls: Option<bool>,
    pub no_value_replacement: Option<String>,
    pub wrap_table_cells: Option<bool>,
    pub table_transpose: Option<bool>,
    pub table_dynamic_columns: Option<bool>,
    pub mappings: Option<Vec<Mapping>>,
    pub color: Option<ColorCfg>,
    pub background: Option<Background>,
    pub sparkline: Option<Sparkline>,
    pub trellis: Option<Trellis>,
    pub show_gridlines: Option<bool>,
    pub aggregation: Option<String>,
    pub lat_label: Option<String>,
    pub lon_label: Option<String>,
    pub weight_label: Option<String>,
    pub name_label: Option<String>,
    pub table_aggregations: Option<Vec<String>>,
    pub promql_table_mode: Option<String>,
    pub visible_columns: Option<Vec<String>>,
    pub hidden_columns: Option<Vec<String>>,
    pub sticky_columns: Option<Vec<String>>,
    pub sticky_first_column: Option<bool>,
    pub column_order: Option<Vec<String>>,
    pub table_pagination: Option<bool>,
    pub table_pagination_rows_per_page: Option<i64>,
    pub table_filtering: Option<bool>,
    pub table_pivot_show_row_totals: Option<bool>,
    pub table_pivot_show_col_totals: Option<bool>,
    pub table_pivot_sticky_row_totals: Option<bool>,
    pub table_pivot_sticky_col_totals: Option<bool>,
    pub panel_time_enabled: Option<bool>,
    pub panel_time_range: Option<DateTimeOptions>,
}

/// `ColorCfg` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct ColorCfg {
    pub mode: Option<String>,
    pub fixed_color: Option<Vec<String>>,
    pub series_by: Option<String>,
    pub color_by_series: Option<Vec<ColorBySeries>>,
}

/// `ColorBySeries` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ColorBySeries {
    #[serde(rename = "type")]
    pub typ: Option<String>,
    pub value: Option<String>,
    pub color: Option<String>,
}

/// Value mapping (`Mapping`, `…/v8/mod.rs`): container default, camelCase, all optional strings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    #[serde(rename = "type")]
    pub typ: Option<String>,
    pub value: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub pattern: Option<String>,
    #[serde(rename = "match")]
    pub match_: Option<String>,
    pub color: Option<String>,
    pub text: Option<String>,
    pub text_color: Option<String>,
}

/// `DrillDown` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct DrillDown {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub typ: Option<String>,
    pub target_blank: Option<bool>,
    pub find_by: Option<String>,
    pub data: Option<DrillDownData>,
}

/// `MarkLine` (`…/v8/mod.rs`): container default; `value` is a string.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MarkLine {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub typ: Option<String>,
    pub value: Option<String>,
}

/// `OverrideConfig` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OverrideConfig {
    pub field: Option<OverrideField>,
    pub config: Option<Vec<OverrideRule>>,
}

/// `Field` (`…/v8/mod.rs`): container default, camelCase strings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct OverrideField {
    #[serde(default)]
    pub match_by: String,
    #[serde(default)]
    pub value: String,
}

/// `Config` (`…/v8/mod.rs`): internally tagged on `"type"` with snake_case variant names;
/// any other `type` is rejected.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OverrideRule {
    Unit {
        value: Option<UnitValue>,
    },
    #[serde(rename_all = "camelCase")]
    UniqueValueColor {
        #[serde(default)]
        auto_color: bool,
    },
    Alignment {
        value: Option<String>,
    },
    TextColor {
        value: Option<String>,
    },
    BackgroundColor {
        value: Option<String>,
    },
    FieldType {
        value: Option<String>,
    },
    ConditionalStyles {
        rules: Option<Vec<ConditionalRule>>,
    },
}

/// `ConditionalRule` (`…/v8/mod.rs`): container default, camelCase; `threshold` a number.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalRule {
    #[serde(default)]
    pub operator: String,
    #[serde(default, deserialize_with = "present")]
    pub threshold: Option<f64>,
    pub text_color: Option<String>,
    pub bg_color: Option<String>,
}

/// `Value` (`…/v8/mod.rs`, unit override): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct UnitValue {
    pub unit: Option<String>,
    pub custom_unit: Option<String>,
}

/// `DrillDownData` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct DrillDownData {
    pub url: Option<String>,
    pub folder: Option<String>,
    pub dashboard: Option<String>,
    pub tab: Option<String>,
    pub pass_all_variables: Option<bool>,
    pub variables: Option<Vec<DrillDownVariable>>,
    pub logs_mode: Option<String>,
    pub logs_query: Option<String>,
}

/// `DrillDownVariables` (`…/v8/mod.rs`): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillDownVariable {
    pub name: Option<String>,
    pub value: Option<String>,
}

/// Per-query options (`QueryConfig`, `…/v8/mod.rs`). **snake_case keys**. Only
/// `promql_legend` (string) is required, even for SQL panels.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueryConfig {
    pub promql_legend: String,
    pub step_value: Option<String>,
    pub layer_type: Option<String>,
    pub weight_fixed: Option<f64>,
    pub limit: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub time_shift: Option<Vec<TimeShift>>,
    pub query_label: Option<String>,
}

/// `TimeShift` (`…/v8/mod.rs`): container default, camelCase (`offSet`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct TimeShift {
    pub off_set: Option<String>,
}

/// `Variables` (`…/v8/mod.rs`): container default, camelCase; `list` defaults to `[]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct Variables {
    #[serde(default)]
    pub list: Vec<VariableList>,
    pub show_dynamic_filters: Option<bool>,
}

/// `DateTimeOptions` (`…/v8/mod.rs`): container default, camelCase; `startTime`/`endTime` are
/// integers. Used for `defaultDatetimeDuration` and `panel_time_range`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct DateTimeOptions {
    #[serde(rename = "type", default)]
    pub typ: String,
    pub relative_time_period: Option<String>,
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
}

/// One variable (`VariableList`, `…/v8/mod.rs`): container default, camelCase except the
/// explicit `query_data`. `value` is a single string (an array is rejected; multi-select values
/// go in `customMultiSelectValue`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
#[serde(rename_all = "camelCase")]
pub struct VariableList {
    #[serde(rename = "type", default)]
    pub typ: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub label: String,
    #[serde(rename = "query_data")]
    pub query_data: Option<QueryData>,
    pub value: Option<String>,
    pub options: Option<Vec<CustomFieldsOption>>,
    pub multi_select: Option<bool>,
    pub hide_on_dashboard: Option<bool>,
    pub select_all_value_for_multi_select: Option<String>,
    pub custom_multi_select_value: Option<Vec<String>>,
    pub escape_single_quotes: Option<bool>,
    pub scope: Option<String>,
    pub tabs: Option<Vec<String>>,
    pub panels: Option<Vec<String>>,
}

/// `QueryData` (`…/v8/mod.rs`): container default, **snake_case keys**.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryData {
    #[serde(default, deserialize_with = "present")]
    pub stream_type: Option<StreamType>,
    #[serde(default)]
    pub stream: String,
    #[serde(default)]
    pub field: String,
    pub max_record_size: Option<i64>,
    pub filter: Option<Vec<VariableFilter>>,
}

/// `Filters` (`…/v8/mod.rs`): container default, camelCase; `value` a string.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VariableFilter {
    pub name: Option<String>,
    pub operator: Option<String>,
    #[serde(default)]
    pub value: String,
}

/// `CustomFieldsOption` (`…/v8/mod.rs`): container default, camelCase.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomFieldsOption {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub value: String,
    pub selected: Option<bool>,
}

/// `BaseMap` (`…/v8/mod.rs`): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BaseMap {
    #[serde(rename = "type")]
    pub typ: Option<String>,
}

/// `MapType` (`…/v8/mod.rs`): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MapType {
    #[serde(rename = "type")]
    pub typ: Option<String>,
}

/// `MapView` (`…/v8/mod.rs`): container default; numbers, not nullable when present.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MapView {
    #[serde(default, deserialize_with = "present")]
    pub zoom: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub lat: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub lng: Option<f64>,
}

/// `Trellis` (`…/v8/mod.rs`): container default, snake_case; `num_of_columns` an integer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Trellis {
    pub layout: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub num_of_columns: Option<i64>,
    pub group_by_y_axis: Option<bool>,
}

/// `MapSymbolStyle` (`…/v8/mod.rs`): container default, snake_case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MapSymbolStyle {
    #[serde(default)]
    pub size: String,
    pub size_by_value: Option<SizeByValue>,
    #[serde(default, deserialize_with = "present")]
    pub size_fixed: Option<f64>,
}

/// `SizeByValue` (`…/v8/mod.rs`): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SizeByValue {
    #[serde(default, deserialize_with = "present")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "present")]
    pub max: Option<f64>,
}

/// `LegendWidth` / `LegendHeight` (`…/v8/mod.rs`; identical shapes): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LegendSize {
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// `LabelOption` (`…/v8/mod.rs`): container default.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LabelOption {
    pub position: Option<LabelPosition>,
    pub rotate: Option<f64>,
}

/// `LineInterpolation` (`…/v8/mod.rs`): kebab-case names.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineInterpolation {
    Smooth,
    Linear,
    StepStart,
    StepEnd,
    StepMiddle,
}

/// `LabelPosition` (`…/v8/mod.rs`): camelCase names.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LabelPosition {
    Top,
    Left,
    Right,
    Bottom,
    Inside,
    InsideLeft,
    InsideRight,
    InsideTop,
    InsideBottom,
    InsideTopLeft,
    InsideBottomLeft,
    InsideTopRight,
    InsideBottomRight,
    Outside,
}

// ---------------------------------------------------------------------------------------------
// Server acceptance
// ---------------------------------------------------------------------------------------------

/// What `POST /api/{org}/dashboards` does with the body before storing it, for a v8 body:
/// 1. the body must be a JSON object (`Map<String, Value>`);
/// 2. dispatch on `version` read with `as_i64`, **missing or non-integer = 8**; 1–7 select the
///    older structs, anything else is "unsupported version: N";
/// 3. deserialise into [`Dashboard`];
/// 4. `put` rejects a title that is empty after trimming.
///
/// Returns the parsed model. This is the server's behaviour only; [`check_v8`] is stricter.
pub fn server_accepts(json: &str) -> Result<Dashboard, String> {
    let raw: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    server_accepts_value(&raw)
}

fn server_accepts_value(raw: &Value) -> Result<Dashboard, String> {
    if !raw.is_object() {
        return Err("server: body must be a JSON object".into());
    }
    let version = raw.get("version").and_then(Value::as_i64).unwrap_or(V8);
    match version {
        V8 => {}
        1..=7 => {
            return Err(format!(
                "server: would be read as a v{version} dashboard, not v8"
            ))
        }
        v => return Err(format!("server: unsupported version: {v}")),
    }
    let dash = Dashboard::deserialize(raw.clone()).map_err(|e| format!("server: {e}"))?;
    if dash.title.trim().is_empty() {
        return Err("server: dashboard title is missing or blank".into());
    }
    Ok(dash)
}

/// JSON paths of keys that the server accepts but **drops**: it stores the re-serialised typed
/// struct (`inner_data_as_json`), so keys unknown to the model vanish on save. Notable cases:
/// nested-function axis args (`{"type":"function","value":{…}}`) collapse to
/// `{"field":null,"streamAlias":null}`, and a filter object carrying both condition and group
/// keys is read as a condition (its `conditions` are dropped). Not an import failure, so
/// [`check_v8`] does not call this; assert it returns `[]` separately.
pub fn dropped_keys(json: &str) -> Result<Vec<String>, String> {
    let raw: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let dash = server_accepts_value(&raw)?;
    let kept = serde_json::to_value(&dash).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    diff_keys(&raw, &kept, "$", &mut out);
    Ok(out)
}

fn diff_keys(input: &Value, kept: &Value, path: &str, out: &mut Vec<String>) {
    match (input, kept) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let p = format!("{path}.{k}");
                match b.get(k) {
                    Some(w) => diff_keys(v, w, &p, out),
                    None => out.push(p),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                diff_keys(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// check_v8
// ---------------------------------------------------------------------------------------------

/// Passes only if the dashboard JSON would be accepted both by a direct
/// `POST /api/{org}/dashboards` ([`server_accepts`]) and by the UI import page
/// (`validateBasicInputs` + `validateDashboardJson`, ported in [`ui_import_errors`]), and follows
/// the generator rules that keep both paths safe:
/// * `version` present and exactly the integer 8 (the server would take a missing version as 8,
///   the UI as v1, whose migration throws);
/// * `created`, if present, strict RFC 3339 (enforced while deserialising);
/// * every panel has a `layout` with integer `x`, `y`, `w`, `h`, `i` all present (types enforced
///   by serde), `i >= 1` and unique within its tab;
/// * panel ids unique across the dashboard (the UI would silently rename duplicates);
/// * `stream_type` one of the server's lowercase names (enforced by [`StreamType`]);
/// * every number token in canonical form ([`non_canonical_numbers`]).
///
/// It does not fail on keys the server would drop; check [`dropped_keys`] for that.
/// Errors are joined with `"; "`.
pub fn check_v8(json: &str) -> Result<(), String> {
    let raw: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let dash = server_accepts_value(&raw)?;
    let mut errs = Vec::new();

    match raw.get("version") {
        None => errs.push("version missing: write \"version\": 8".to_string()),
        Some(v) if v.as_i64() != Some(V8) => errs.push(format!("version must be 8, got {v}")),
        _ => {}
    }

    let mut panel_ids = HashSet::new();
    for tab in &dash.tabs {
        let mut layout_is = HashSet::new();
        for p in &tab.panels {
            if !panel_ids.insert(p.id.as_str()) {
                errs.push(format!("duplicate panel id {:?}", p.id));
            }
            let Some(l) = &p.layout else {
                errs.push(format!("panel {:?}: layout missing", p.id));
                continue;
            };
            for (k, v) in [("x", l.x), ("y", l.y), ("w", l.w), ("h", l.h), ("i", l.i)] {
                if v.is_none() {
                    errs.push(format!("panel {:?}: layout.{k} missing", p.id));
                }
            }
            if let Some(i) = l.i {
                if i < 1 {
                    errs.push(format!("panel {:?}: layout.i must be >= 1, got {i}", p.id));
                } else if !layout_is.insert(i) {
                    errs.push(format!("tab {:?}: duplicate layout.i {i}", tab.tab_id));
                }
            }
        }
    }

    errs.extend(non_canonical_numbers(json).into_iter().map(|t| {
        format!("number {t} is not in canonical form (write integers plainly, floats shortest round-trip)")
    }));
    errs.extend(ui_import_errors(&raw));
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

/// Number tokens in the JSON text that the server could read differently from this model.
/// The server's serde_json has `arbitrary_precision`; inside untagged / internally tagged enums
/// (`AxisArgValueWrapper`, `PromQLOperationParam`, override `Config` rules) a float is only
/// seen as a number if its text equals the shortest round-trip form of its value (e.g. `1.5`,
/// `10.0`, `0.95`); otherwise it becomes a map, so `"threshold": 10.50` or a PromQL param `3e0`
/// is rejected and an axis-arg value `0.950` silently becomes `{"field":null,"streamAlias":null}`.
/// A plain model without that feature cannot see number text, hence this token scan. It is
/// stricter than needed (it flags every such token, wherever it is); serde_json output never
/// trips it.
pub fn non_canonical_numbers(json: &str) -> Vec<String> {
    let b = json.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut in_str) = (0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_str = true;
            i += 1;
            continue;
        }
        if c == b'-' || c.is_ascii_digit() {
            let start = i;
            while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                i += 1;
            }
            let tok = &json[start..i];
            let digits = tok.strip_prefix('-').unwrap_or(tok);
            let plain_int = !digits.is_empty() && digits.bytes().all(|d| d.is_ascii_digit());
            if !plain_int {
                let canonical = tok.parse::<f64>().is_ok_and(|f| {
                    f.is_finite()
                        && (serde_json::to_string(&f).is_ok_and(|s| s == tok)
                            || f.to_string() == tok)
                });
                if !canonical {
                    out.push(tok.to_string());
                }
            }
            continue;
        }
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// UI import page checks (an independent port of the rules, on the raw JSON, with JS semantics)
// ---------------------------------------------------------------------------------------------

/// Panel types the import page allows (`validatePanelContent` in
/// `openobserve/openobserve@fbab9b80 web/src/utils/dashboard/panelValidation.ts`).
pub const UI_PANEL_TYPES: &[&str] = &[
    "area",
    "line",
    "bar",
    "scatter",
    "area-stacked",
    "donut",
    "pie",
    "h-bar",
    "stacked",
    "h-stacked",
    "heatmap",
    "metric",
    "gauge",
    "geomap",
    "maps",
    "table",
    "sankey",
    "custom_chart",
    "html",
    "markdown",
];

/// JS truthiness of an optional JSON value (`undefined` = `None`).
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// JS `x?.length` (`None` = `undefined`).
fn js_len(v: Option<&Value>) -> Option<usize> {
    match v {
        Some(Value::Array(a)) => Some(a.len()),
        Some(Value::String(s)) => Some(s.encode_utf16().count()),
        _ => None,
    }
}

fn nullish(v: Option<&Value>) -> bool {
    matches!(v, None | Some(Value::Null))
}

fn get<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    v.and_then(|v| v.as_object()).and_then(|m| m.get(key))
}

fn str_of(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

/// JS `String(x)` for the values a layout `i` can take.
fn js_to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e21 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// Errors the UI import page would report for this (already v8) dashboard. The page first
/// migrates (a no-op at version 8) and de-duplicates panel ids / layout `i` values, then runs
/// `validateBasicInputs` and `validateDashboardJson`; messages here are paraphrased.
pub fn ui_import_errors(d: &Value) -> Vec<String> {
    let mut e = Vec::new();
    let d = Some(d);
    if !truthy(get(d, "dashboardId")) {
        e.push("UI: Dashboard ID is required".to_string());
    }
    if !get(d, "title").is_some_and(Value::is_string) || !truthy(get(d, "title")) {
        e.push("UI: dashboard title is required".to_string());
    }
    let version = get(d, "version");
    if !truthy(version) {
        e.push("UI: dashboard version is required".to_string());
    } else if version.and_then(Value::as_f64) != Some(8.0) {
        e.push("UI: Dashboard version must be 8.".to_string());
    }
    let tabs = match get(d, "tabs") {
        Some(Value::Array(t)) if !t.is_empty() => t,
        _ => {
            e.push("UI: at least one tab is required".to_string());
            return e;
        }
    };
    let mut tab_ids = HashSet::new();
    for tab in tabs {
        let tab = Some(tab);
        let id = get(tab, "tabId");
        if !truthy(id) {
            e.push("UI: tab id is required".to_string());
        } else if !tab_ids.insert(js_to_string(id.unwrap())) {
            e.push(format!("UI: duplicate tab id {}", id.unwrap()));
        }
        if !truthy(get(tab, "name")) {
            e.push("UI: every tab needs a name".to_string());
        }
    }
    let mut panel_ids = HashSet::new();
    for tab in tabs {
        let tab = Some(tab);
        let Some(Value::Array(panels)) = get(tab, "panels") else {
            e.push("UI: tab.panels must be an array".to_string());
            continue;
        };
        let mut is = HashSet::new();
        for panel in panels {
            let p = Some(panel);
            let pid = str_of(get(p, "id")).unwrap_or("?").to_string();
            let id = get(p, "id");
            if !truthy(id) {
                e.push("UI: panel id is required".to_string());
            } else if !panel_ids.insert(js_to_string(id.unwrap())) {
                e.push(format!("UI: duplicate panel id {pid}"));
            }
            let layout = get(p, "layout");
            let i = get(layout, "i");
            if !truthy(layout) || !truthy(i) {
                e.push(format!("UI: Panel {pid} is missing a layout.i value"));
            } else if !is.insert(js_to_string(i.unwrap())) {
                e.push(format!("UI: duplicate layout.i {} in a tab", i.unwrap()));
            }
            ui_panel_content(p, &pid, &mut e);
            let typ = str_of(get(p, "type"));
            if typ != Some("markdown") && typ != Some("html") {
                let mut pe = Vec::new();
                ui_panel_fields(p, &mut pe);
                e.extend(pe.into_iter().map(|m| format!("UI: panel {pid}: {m}")));
            }
        }
    }
    e
}

fn ui_panel_content(p: Option<&Value>, pid: &str, e: &mut Vec<String>) {
    let typ = get(p, "type");
    if !truthy(typ) {
        e.push(format!("UI: panel {pid}: type is required"));
        return;
    }
    if !str_of(typ).is_some_and(|t| UI_PANEL_TYPES.contains(&t)) {
        e.push(format!(
            "UI: panel {pid}: unsupported chart type {}",
            typ.unwrap()
        ));
    }
    if !truthy(get(p, "title")) {
        e.push(format!("UI: panel {pid}: title is required"));
    }
    let layout = get(p, "layout");
    if !truthy(layout) {
        e.push(format!("UI: panel {pid}: layout is required"));
    } else {
        for k in ["x", "y", "w", "h"] {
            if !get(layout, k).is_some_and(Value::is_number) {
                e.push(format!("UI: panel {pid}: layout.{k} must be a number"));
            }
        }
    }
}

fn ui_queries_not_empty(queries: &[Option<&Value>], what: &str, e: &mut Vec<String>) {
    for (n, q) in queries.iter().enumerate() {
        if truthy(*q) && str_of(get(*q, "query")) == Some("") {
            e.push(format!("{what}: query {} is empty", n + 1));
        }
    }
}

fn ui_panel_fields(p: Option<&Value>, e: &mut Vec<String>) {
    let qt = str_of(get(p, "queryType"));
    let queries: Vec<Option<&Value>> = match get(p, "queries") {
        Some(Value::Array(q)) => q.iter().map(Some).collect(),
        _ => Vec::new(),
    };
    if qt == Some("promql") {
        ui_queries_not_empty(&queries, "promql", e);
    }
    match str_of(get(p, "type")) {
        Some("geomap") => ui_queries_not_empty(&queries, "geomap", e),
        Some("custom_chart") => {
            ui_queries_not_empty(&queries[..queries.len().min(1)], "custom_chart", e)
        }
        _ => {}
    }
    let promql = matches!(qt, Some("promql" | "promql-builder"));
    let q0 = queries.first().copied().flatten();
    let fields = get(q0, "fields");
    if promql || truthy(get(q0, "customQuery")) || !truthy(fields) {
        return;
    }
    if let Some(typ) = str_of(get(p, "type")).filter(|t| !t.is_empty()) {
        ui_chart_fields(typ, fields, e);
    }
    let conds = get(get(fields, "filter"), "conditions");
    if js_len(conds).is_some_and(|n| n > 0) {
        ui_conditions(conds, e);
    }
}

fn ui_chart_fields(typ: &str, f: Option<&Value>, e: &mut Vec<String>) {
    let len = |k: &str| js_len(get(f, k));
    let (x, y, z, br) = (len("x"), len("y"), len("z"), len("breakdown"));
    let gt1_or_0 = |n: Option<usize>| n.is_some_and(|n| n > 1 || n == 0);
    let is0 = |n: Option<usize>| n == Some(0);
    let missing = |k: &str| nullish(get(f, k));
    let mut err = |m: &str| e.push(m.to_string());
    match typ {
        "pie" | "donut" => {
            if gt1_or_0(y) {
                err("needs exactly one value (y) field")
            }
            if gt1_or_0(x) {
                err("needs exactly one label (x) field")
            }
        }
        "metric" => {
            if gt1_or_0(y) {
                err("needs exactly one value (y) field")
            }
            if x.is_some_and(|n| n > 0) {
                err("x fields not allowed for metric")
            }
        }
        "gauge" => {
            if y != Some(1) {
                err("needs exactly one value (y) field")
            }
            if x != Some(1) && x != Some(0) {
                err("needs zero or one label (x) field")
            }
        }
        "h-bar" | "area" | "line" | "scatter" | "bar" => {
            if y.is_some_and(|n| n < 1) {
                err("needs at least one y field")
            }
            if gt1_or_0(x) {
                err("needs exactly one x field")
            }
        }
        "table" if is0(y) && is0(x) => err("needs at least one x or y field"),
        "heatmap" => {
            if is0(y) {
                err("needs at least one y field")
            }
            if is0(x) {
                err("needs one x field")
            }
            if is0(z) {
                err("needs a z field")
            }
        }
        "stacked" | "h-stacked" => {
            if is0(y) {
                err("needs at least one y field")
            }
            if x != Some(1) || br != Some(1) {
                err("needs exactly one x and one breakdown field")
            }
        }
        "area-stacked" => {
            if gt1_or_0(y) {
                err("needs exactly one y field")
            }
            if x != Some(1) || br != Some(1) {
                err("needs exactly one x and one breakdown field")
            }
        }
        "geomap" => {
            if missing("latitude") {
                err("needs a latitude field")
            }
            if missing("longitude") {
                err("needs a longitude field")
            }
        }
        "sankey" => {
            if missing("source") {
                err("needs a source field")
            }
            if missing("target") {
                err("needs a target field")
            }
            if missing("value") {
                err("needs a value field")
            }
        }
        "maps" => {
            if missing("name") {
                err("needs a name field")
            }
            if missing("value_for_maps") {
                err("needs a value field")
            }
        }
        _ => {}
    }
    // Function check: not `weight`, and skipping items with a truthy `isDerived`.
    let mut items: Vec<&Value> = Vec::new();
    for k in ["y", "x", "breakdown", "z"] {
        if let Some(Value::Array(a)) = get(f, k) {
            items.extend(a.iter());
        }
    }
    for k in [
        "source",
        "target",
        "value",
        "name",
        "value_for_maps",
        "latitude",
        "longitude",
    ] {
        if let Some(v) = get(f, k) {
            items.push(v);
        }
    }
    for it in items {
        if truthy(Some(it)) && !truthy(get(Some(it), "isDerived")) {
            let path = str_of(get(Some(it), "alias"))
                .filter(|s| !s.is_empty())
                .unwrap_or("Field");
            ui_function(Some(it), path, e);
        }
    }
}

fn ui_conditions(conds: Option<&Value>, e: &mut Vec<String>) {
    let Some(Value::Array(list)) = conds else {
        e.push("filter conditions are not an array".to_string());
        return;
    };
    for c in list {
        let c = Some(c);
        match str_of(get(c, "filterType")) {
            Some("condition") => {
                let typ = str_of(get(c, "type"));
                if typ == Some("list") && js_len(get(c, "values")).is_none_or(|n| n == 0) {
                    e.push("list filter: select at least one value".to_string());
                }
                if typ == Some("condition") {
                    let op = get(c, "operator");
                    if nullish(op) {
                        e.push("filter condition: operator required".to_string());
                    }
                    let is_null_op = matches!(str_of(op), Some("Is Null" | "Is Not Null"));
                    let v = get(c, "value");
                    let loose_empty = match v {
                        None | Some(Value::Null) => true,
                        Some(Value::String(s)) => s.is_empty(),
                        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
                        Some(Value::Bool(b)) => !*b,
                        Some(Value::Array(a)) => a.is_empty(),
                        Some(Value::Object(_)) => false,
                    };
                    if !is_null_op && loose_empty {
                        e.push("filter condition: value required".to_string());
                    }
                }
            }
            Some("group") => ui_conditions(get(c, "conditions"), e),
            _ => {}
        }
    }
}

// Argument type bits for the function table.
const F: u8 = 1; // field
const U: u8 = 2; // function (nested)
const N: u8 = 4; // number
const S: u8 = 8; // string
const H: u8 = 16; // histogramInterval

#[derive(Clone, Copy)]
struct ArgDef {
    types: u8,
    required: bool,
    min: Option<usize>,
}
const fn r(types: u8) -> ArgDef {
    ArgDef {
        types,
        required: true,
        min: None,
    }
}
const fn o(types: u8) -> ArgDef {
    ArgDef {
        types,
        required: false,
        min: None,
    }
}
const fn m(types: u8, required: bool, min: usize) -> ArgDef {
    ArgDef {
        types,
        required,
        min: Some(min),
    }
}
/// `allowAddArgAt`: none, `"n"` (from position 0), or `"n-K"`.
#[derive(Clone, Copy)]
enum VarArgs {
    V0,
    VN,
    #[allow(dead_code)]
    VM(usize),
}
use VarArgs::{V0, VN};

/// Function signatures the import page accepts (`functionName`, `allowAddArgAt`, and per
/// argument the allowed `type`s, `required`, `min`), re-encoded from
/// `openobserve/openobserve@fbab9b80 web/src/components/dashboards/addPanel/dynamicFunction/functionValidation.json`
/// (172 entries; `None` is the "no function" entry, which still needs one field argument).
/// No `cast`/`try_cast`: casts need `customQuery: true`.
#[rustfmt::skip]
static UI_FUNCTIONS: &[(Option<&str>, VarArgs, &[ArgDef])] = &[
    (None, V0, &[r(F|U)]),
    (Some("histogram"), V0, &[r(F|U), o(H|S|U)]),
    (Some("count"), V0, &[r(F|U)]),
    (Some("count-distinct"), V0, &[r(F|U)]),
    (Some("sum"), V0, &[r(F|U)]),
    (Some("avg"), V0, &[r(F|U)]),
    (Some("min"), V0, &[r(F|U)]),
    (Some("max"), V0, &[r(F|U)]),
    (Some("p50"), V0, &[r(F|U)]),
    (Some("p90"), V0, &[r(F|U)]),
    (Some("p95"), V0, &[r(F|U)]),
    (Some("p99"), V0, &[r(F|U)]),
    (Some("array_agg"), V0, &[r(F|U)]),
    (Some("mean"), V0, &[r(F|U)]),
    (Some("bit_and"), V0, &[r(F|U)]),
    (Some("bit_or"), V0, &[r(F|U)]),
    (Some("bit_xor"), V0, &[r(F|U)]),
    (Some("bool_and"), V0, &[r(F|U)]),
    (Some("bool_or"), V0, &[r(F|U)]),
    (Some("first_value"), V0, &[r(F|U)]),
    (Some("last_value"), V0, &[r(F|U)]),
    (Some("median"), V0, &[r(F|U)]),
    (Some("grouping"), VN, &[m(F|U, true, 1)]),
    (Some("string_agg"), V0, &[r(F|U), r(F|S|U)]),
    (Some("percentile_cont"), V0, &[r(F|N|U)]),
    (Some("var"), V0, &[r(F|U)]),
    (Some("var_pop"), V0, &[r(F|U)]),
    (Some("var_samp"), V0, &[r(F|U)]),
    (Some("stddev"), V0, &[r(F|U)]),
    (Some("stddev_pop"), V0, &[r(F|U)]),
    (Some("corr"), V0, &[r(F|U), r(F|U)]),
    (Some("covar"), V0, &[r(F|U), r(F|U)]),
    (Some("covar_pop"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_slope"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_intercept"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_r2"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_avgx"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_avgy"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_count"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_sxx"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_sxy"), V0, &[r(F|U), r(F|U)]),
    (Some("regr_syy"), V0, &[r(F|U), r(F|U)]),
    (Some("approx_distinct"), V0, &[r(F|U)]),
    (Some("approx_median"), V0, &[r(F|U)]),
    (Some("approx_percentile_cont"), V0, &[r(F|U), r(F|N|U)]),
    (Some("approx_percentile_cont_with_weight"), V0, &[r(F|U), r(F|N|U), r(F|N|U)]),
    (Some("nth_value"), V0, &[r(F|U), r(F|N|U)]),
    (Some("abs"), V0, &[r(F|N|U)]),
    (Some("acos"), V0, &[r(F|N|U)]),
    (Some("asin"), V0, &[r(F|N|U)]),
    (Some("atan"), V0, &[r(F|N|U)]),
    (Some("atan2"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("ceil"), V0, &[r(F|N|U)]),
    (Some("cos"), V0, &[r(F|N|U)]),
    (Some("exp"), V0, &[r(F|N|U)]),
    (Some("floor"), V0, &[r(F|N|U)]),
    (Some("log"), V0, &[r(F|N|U)]),
    (Some("log10"), V0, &[r(F|N|U)]),
    (Some("log2"), V0, &[r(F|N|U)]),
    (Some("pow"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("round"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("sin"), V0, &[r(F|N|U)]),
    (Some("sqrt"), V0, &[r(F|N|U)]),
    (Some("tan"), V0, &[r(F|N|U)]),
    (Some("acosh"), V0, &[r(F|N|U)]),
    (Some("asinh"), V0, &[r(F|N|U)]),
    (Some("atanh"), V0, &[r(F|N|U)]),
    (Some("cbrt"), V0, &[r(F|N|U)]),
    (Some("cosh"), V0, &[r(F|N|U)]),
    (Some("cot"), V0, &[r(F|N|U)]),
    (Some("degrees"), V0, &[r(F|N|U)]),
    (Some("factorial"), V0, &[r(F|N|U)]),
    (Some("gcd"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("isnan"), V0, &[r(F|N|U)]),
    (Some("iszero"), V0, &[r(F|N|U)]),
    (Some("lcm"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("ln"), V0, &[r(F|N|U)]),
    (Some("nanvl"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("pi"), V0, &[]),
    (Some("radians"), V0, &[r(F|N|U)]),
    (Some("random"), V0, &[]),
    (Some("signum"), V0, &[r(F|N|U)]),
    (Some("sinh"), V0, &[r(F|N|U)]),
    (Some("tanh"), V0, &[r(F|N|U)]),
    (Some("trunc"), V0, &[r(F|N|U), o(F|N|U)]),
    (Some("string_length"), V0, &[r(F|S|U)]),
    (Some("char_length"), V0, &[r(F|S|U)]),
    (Some("concat"), VN, &[m(F|S|U, true, 2)]),
    (Some("lower"), V0, &[r(F|S|U)]),
    (Some("upper"), V0, &[r(F|S|U)]),
    (Some("substring"), V0, &[r(F|S|U), r(F|N|U), o(F|N|U)]),
    (Some("trim"), V0, &[r(F|S|U)]),
    (Some("ltrim"), V0, &[r(F|S|U)]),
    (Some("rtrim"), V0, &[r(F|S|U)]),
    (Some("ascii"), V0, &[r(F|S|U)]),
    (Some("bit_length"), V0, &[r(F|S|U)]),
    (Some("btrim"), V0, &[r(F|S|U), o(F|S|U)]),
    (Some("character_length"), V0, &[r(F|S|U)]),
    (Some("chr"), V0, &[r(F|N|U)]),
    (Some("concat_ws"), VN, &[r(F|S|U), m(F|S|U, true, 2)]),
    (Some("initcap"), V0, &[r(F|S|U)]),
    (Some("left"), V0, &[r(F|S|U), r(F|N|U)]),
    (Some("length"), V0, &[r(F|S|U)]),
    (Some("lpad"), V0, &[r(F|S|U), r(F|N|U), o(F|S|U)]),
    (Some("octet_length"), V0, &[r(F|S|U)]),
    (Some("repeat"), V0, &[r(F|S|U), r(F|N|U)]),
    (Some("replace"), V0, &[r(F|S|U), r(F|S|U), r(F|S|U)]),
    (Some("reverse"), V0, &[r(F|S|U)]),
    (Some("right"), V0, &[r(F|S|U), r(F|N|U)]),
    (Some("rpad"), V0, &[r(F|S|U), r(F|N|U), o(F|S|U)]),
    (Some("split_part"), V0, &[r(F|S|U), r(F|S|U), r(F|N|U)]),
    (Some("starts_with"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("strpos"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("substr"), V0, &[r(F|S|U), r(F|N|U), o(F|N|U)]),
    (Some("translate"), V0, &[r(F|S|U), r(F|S|U), r(F|S|U)]),
    (Some("contains"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("ends_with"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("find_in_set"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("instr"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("levenshtein"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("overlay"), V0, &[r(F|S|U), r(F|S|U), r(F|N|U), o(F|N|U)]),
    (Some("position"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("substr_index"), V0, &[r(F|S|U), r(F|S|U), r(F|N|U)]),
    (Some("substring_index"), V0, &[r(F|S|U), r(F|S|U), r(F|N|U)]),
    (Some("to_hex"), V0, &[r(F|N|S|U)]),
    (Some("uuid"), V0, &[]),
    (Some("date_add"), V0, &[r(F|S|U), r(F|N|U)]),
    (Some("date_sub"), V0, &[r(F|S|U), r(F|N|U)]),
    (Some("datediff"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("from_unixtime"), V0, &[r(F|N|U), o(F|S|U)]),
    (Some("to_unixtime"), V0, &[r(F|S|U)]),
    (Some("date_part"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("date_trunc"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("to_timestamp"), V0, &[r(F|S|N|U), o(F|S|U)]),
    (Some("to_date"), V0, &[r(F|S|N|U), o(F|S|U)]),
    (Some("extract"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("current_date"), V0, &[]),
    (Some("current_time"), V0, &[]),
    (Some("now"), V0, &[]),
    (Some("current_timestamp"), V0, &[]),
    (Some("date_bin"), V0, &[r(F|S|U), r(F|S|U), o(F|S|U)]),
    (Some("datepart"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("datetrunc"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("make_date"), V0, &[r(F|N|U), r(F|N|U), r(F|N|U)]),
    (Some("to_char"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("date_format"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("to_local_time"), V0, &[r(F|S|U)]),
    (Some("to_timestamp_micros"), V0, &[r(F|S|N|U)]),
    (Some("to_timestamp_millis"), V0, &[r(F|S|N|U)]),
    (Some("to_timestamp_nanos"), V0, &[r(F|S|N|U)]),
    (Some("to_timestamp_seconds"), V0, &[r(F|S|N|U)]),
    (Some("today"), V0, &[]),
    (Some("coalesce"), VN, &[m(F|S|N|U, true, 2)]),
    (Some("greatest"), VN, &[m(F|S|N|U, true, 2)]),
    (Some("least"), VN, &[m(F|S|N|U, true, 2)]),
    (Some("nullif"), V0, &[r(F|S|N|U), r(F|S|N|U)]),
    (Some("ifnull"), V0, &[r(F|S|N|U), r(F|S|N|U)]),
    (Some("nvl"), V0, &[r(F|S|N|U), r(F|S|N|U)]),
    (Some("nvl2"), V0, &[r(F|S|N|U), r(F|S|N|U), r(F|S|N|U)]),
    (Some("regexp_like"), V0, &[r(F|S|U), r(F|S|U), o(F|S|U)]),
    (Some("regexp_match"), V0, &[r(F|S|U), r(F|S|U), o(F|S|U)]),
    (Some("regexp_replace"), V0, &[r(F|S|U), r(F|S|U), r(F|S|U), o(F|S|U)]),
    (Some("regexp_count"), V0, &[r(F|S|U), r(F|S|U), o(F|S|U)]),
    (Some("regexp_instr"), V0, &[r(F|S|U), r(F|S|U), o(F|N|U)]),
    (Some("decode"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("regexp_substr"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("encode"), V0, &[r(F|S|U), r(F|S|U)]),
    (Some("power"), V0, &[r(F|N|U), r(F|N|U)]),
    (Some("array_length"), V0, &[r(F|U)]),
    (Some("array_sort"), V0, &[r(F|U)]),
    (Some("array_append"), V0, &[r(F|U), r(F|S|N|U)]),
    (Some("array_contains"), V0, &[r(F|U), r(F|S|N|U)]),
];

fn arg_bit(t: Option<&str>) -> u8 {
    match t {
        Some("field") => F,
        Some("function") => U,
        Some("number") => N,
        Some("string") => S,
        Some("histogramInterval") => H,
        _ => 0,
    }
}

fn ui_function(item: Option<&Value>, path: &str, e: &mut Vec<String>) {
    if str_of(get(item, "type")) == Some("raw") {
        if str_of(get(item, "rawQuery")).is_none_or(|q| q.trim().is_empty()) {
            e.push(format!("{path}: rawQuery cannot be empty"));
        }
        return;
    }
    // `functionName ?? null`, compared with ===
    let wanted: Result<Option<&str>, ()> = match get(item, "functionName") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(()),
    };
    let Some(&(_, var, defs)) = wanted
        .ok()
        .and_then(|w| UI_FUNCTIONS.iter().find(|(name, _, _)| *name == w))
    else {
        e.push(format!("{path}: Invalid aggregation function"));
        return;
    };
    let args: Vec<&Value> = match get(item, "args") {
        Some(Value::Array(a)) => a.iter().collect(),
        _ => Vec::new(),
    };
    let var_pos: Option<usize> = match var {
        V0 => None,
        VN => Some(0),
        VarArgs::VM(k) => Some(defs.len().saturating_sub(k)),
    };
    if let Some(min_pos) = defs.iter().position(|d| d.min.is_some()) {
        let min = defs[min_pos].min.unwrap_or(0) as isize;
        let count = match var_pos {
            Some(vp) if vp <= min_pos => args.len() as isize - vp as isize + 1,
            _ => args.len() as isize,
        };
        if count < min {
            e.push(format!("{path}: requires at least {min} arguments"));
        }
    }
    for (idx, arg) in args.iter().enumerate() {
        let arg = Some(*arg);
        if !truthy(arg) {
            continue;
        }
        let mut di = idx;
        if let Some(vp) = var_pos {
            if idx >= vp {
                di = vp;
            }
        }
        if di >= defs.len() {
            match var_pos {
                None => {
                    e.push(format!("{path}: Too many arguments provided"));
                    continue;
                }
                Some(vp) => di = vp,
            }
        }
        let Some(def) = defs.get(di) else { continue };
        let t = str_of(get(arg, "type"));
        let bit = arg_bit(t);
        if bit & def.types == 0 {
            e.push(format!("{path}: argument {} has an invalid type", idx + 1));
            continue;
        }
        let v = get(arg, "value");
        let n = idx + 1;
        match bit {
            F if !matches!(v, Some(Value::Object(o)) if o.contains_key("field")) => {
                e.push(format!("{path}: argument {n}: field not selected"));
            }
            U => {
                if !truthy(v) || !(v.is_some_and(|v| v.is_object() || v.is_array())) {
                    e.push(format!("{path}: argument {n}: invalid nested function"));
                } else {
                    ui_function(v, &format!("{path} → arg {n}"), e);
                }
            }
            N => {
                if nullish(v) || str_of(v) == Some("") {
                    e.push(format!("{path}: argument {n}: number has no value"));
                } else if !v.is_some_and(Value::is_number) {
                    e.push(format!("{path}: argument {n}: must be a number"));
                }
            }
            S => {
                if nullish(v) {
                    e.push(format!("{path}: argument {n}: string has no value"));
                } else if str_of(v).is_none_or(|s| s.trim().is_empty()) {
                    e.push(format!("{path}: argument {n}: must be a non-empty string"));
                }
            }
            H if truthy(v) && !v.is_some_and(Value::is_string) => {
                e.push(format!("{path}: argument {n}: invalid histogram interval"));
            }
            _ => {}
        }
    }
    for (idx, def) in defs.iter().enumerate() {
        if var_pos.is_some_and(|vp| idx > vp) {
            continue;
        }
        if def.required && (idx >= args.len() || !truthy(Some(args[idx]))) {
            e.push(format!("{path}: missing required argument {}", idx + 1));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The minimal v8 dashboard (two panels: SQL line chart and custom-SQL metric).
    const MINIMAL: &str = r##"
{
  "version": 8,
  "dashboardId": "apigw-min",
  "title": "API Gateway access logs (minimal)",
  "description": "",
  "tabs": [{
    "tabId": "default", "name": "Default",
    "panels": [
      { "id": "Panel_ID1", "type": "line", "title": "Requests over time", "description": "",
        "config": { "show_legends": true, "legends_position": null, "decimals": 0 },
        "queryType": "sql",
        "queries": [{
          "query": "SELECT histogram(_timestamp) as \"x_axis_1\", count(_timestamp) as \"y_axis_1\" FROM \"apigw\" GROUP BY x_axis_1 ORDER BY x_axis_1 ASC",
          "vrlFunctionQuery": "", "customQuery": false,
          "fields": {
            "stream": "apigw", "stream_type": "logs",
            "x": [{ "label": "Timestamp", "alias": "x_axis_1", "type": "build", "color": null, "functionName": "histogram", "sortBy": "ASC", "isDerived": false,
                    "args": [{ "type": "field", "value": { "field": "_timestamp", "streamAlias": null } }, { "type": "histogramInterval", "value": null }] }],
            "y": [{ "label": "Requests", "alias": "y_axis_1", "type": "build", "color": "#5960b2", "functionName": "count", "isDerived": false,
                    "args": [{ "type": "field", "value": { "field": "_timestamp", "streamAlias": null } }] }],
            "z": [], "breakdown": [],
            "filter": { "filterType": "group", "logicalOperator": "AND", "conditions": [] }
          },
          "config": { "promql_legend": "", "layer_type": "scatter", "weight_fixed": 1, "limit": 0, "min": 0, "max": 100, "time_shift": [] }
        }],
        "layout": { "x": 0, "y": 0, "w": 96, "h": 18, "i": 1 } },
      { "id": "Panel_ID2", "type": "metric", "title": "5xx responses", "description": "",
        "config": { "show_legends": false, "legends_position": null },
        "queryType": "sql",
        "queries": [{
          "query": "SELECT count(*) as \"y_axis_1\" FROM \"apigw\" WHERE TRY_CAST(status AS INT) >= 500",
          "vrlFunctionQuery": "", "customQuery": true,
          "fields": { "stream": "apigw", "stream_type": "logs", "x": [],
            "y": [{ "label": "5xx", "alias": "y_axis_1", "column": "y_axis_1", "type": "custom", "color": null, "functionName": null, "args": [], "isDerived": false }],
            "z": [], "breakdown": [],
            "filter": { "filterType": "group", "logicalOperator": "AND", "conditions": [] } },
          "config": { "promql_legend": "" }
        }],
        "layout": { "x": 96, "y": 0, "w": 96, "h": 18, "i": 2 } }
    ]
  }],
  "variables": { "list": [], "showDynamicFilters": true },
  "defaultDatetimeDuration": { "type": "relative", "relativeTimePeriod": "15m" }
}
"##;

    fn base() -> Value {
        serde_json::from_str(MINIMAL).unwrap()
    }

    /// Apply `f` to the minimal dashboard and return the JSON text.
    fn with(f: impl FnOnce(&mut Value)) -> String {
        let mut v = base();
        f(&mut v);
        v.to_string()
    }

    fn at<'a>(v: &'a mut Value, ptr: &str) -> &'a mut Value {
        v.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
    }

    fn obj<'a>(v: &'a mut Value, ptr: &str) -> &'a mut serde_json::Map<String, Value> {
        at(v, ptr).as_object_mut().unwrap()
    }

    const P1: &str = "/tabs/0/panels/0";
    const P2: &str = "/tabs/0/panels/1";
    const Q1: &str = "/tabs/0/panels/0/queries/0";
    const F1: &str = "/tabs/0/panels/0/queries/0/fields";

    #[track_caller]
    fn rejects(json: &str, needle: &str) {
        match check_v8(json) {
            Ok(()) => panic!("accepted, expected an error containing {needle:?}"),
            Err(e) => assert!(
                e.contains(needle),
                "error {e:?} does not contain {needle:?}"
            ),
        }
    }

    #[track_caller]
    fn server_rejects(json: &str, needle: &str) {
        match server_accepts(json) {
            Ok(_) => panic!("server model accepted, expected {needle:?}"),
            Err(e) => assert!(
                e.contains(needle),
                "error {e:?} does not contain {needle:?}"
            ),
        }
        rejects(json, needle);
    }

    fn condition(value: Value) -> Value {
        json!({"type": "condition", "values": [], "column": {"field": "status", "streamAlias": null},
               "operator": ">=", "value": value, "logicalOperator": "AND", "filterType": "condition"})
    }

    // ---- accepted ----

    #[test]
    fn minimal_passes() {
        check_v8(MINIMAL).unwrap();
        assert_eq!(dropped_keys(MINIMAL).unwrap(), Vec::<String>::new());
        let d = server_accepts(MINIMAL).unwrap();
        assert_eq!(d.tabs[0].panels.len(), 2);
        assert_eq!(
            d.tabs[0].panels[0].queries[0].fields.stream_type,
            StreamType::Logs
        );
    }

    #[test]
    fn unknown_keys_are_accepted_but_reported_as_dropped() {
        let j = with(|v| {
            obj(v, "").insert("extra".into(), json!({"a": 1}));
            obj(v, &format!("{P1}/config")).insert("future_knob".into(), json!(true));
        });
        check_v8(&j).unwrap();
        assert_eq!(
            dropped_keys(&j).unwrap(),
            vec!["$.extra", "$.tabs[0].panels[0].config.future_knob"]
        );
    }

    #[test]
    fn nested_function_arg_survives_import_but_is_dropped_by_server() {
        let j = with(|v| {
            *at(v, &format!("{F1}/y/0/args/0")) = json!({"type": "function",
                "value": {"functionName": null, "args": [{"type": "field", "value": {"field": "a", "streamAlias": null}}]}});
        });
        check_v8(&j).unwrap();
        let dropped = dropped_keys(&j).unwrap();
        assert!(
            dropped
                .iter()
                .any(|k| k.ends_with("args[0].value.functionName")),
            "{dropped:?}"
        );
    }

    #[test]
    fn optional_top_level_and_created_forms() {
        for created in [
            "2024-01-01T00:00:00Z",
            "2024-02-29T23:59:59.123456789+05:30",
            "2024-01-01t00:00:00z",
        ] {
            check_v8(&with(|v| {
                obj(v, "").insert("created".into(), json!(created));
            }))
            .unwrap();
        }
        let j = with(|v| {
            let o = obj(v, "");
            o.insert("role".into(), json!(""));
            o.insert("owner".into(), json!("me@example.com"));
            o.remove("variables");
            o.remove("defaultDatetimeDuration");
            o.remove("description");
        });
        check_v8(&j).unwrap();
        check_v8(&with(|v| {
            *at(v, "/variables") = Value::Null;
        }))
        .unwrap();
    }

    #[test]
    fn valid_filter_condition_having_and_variable_pass() {
        let j = with(|v| {
            at(v, &format!("{F1}/filter/conditions"))
                .as_array_mut()
                .unwrap()
                .push(condition(json!("500")));
            obj(v, &format!("{F1}/y/0")).insert(
                "havingConditions".into(),
                json!([{"value": 5, "operator": ">"}]),
            );
            obj(v, &format!("{P1}/config")).insert("decimals".into(), json!(2.5));
            at(v, "/variables/list").as_array_mut().unwrap().push(json!({"type": "query_values", "name": "status",
                "label": "Status", "query_data": {"stream_type": "logs", "stream": "apigw", "field": "status",
                "max_record_size": null, "filter": []}, "value": "200", "options": [], "multiSelect": false}));
        });
        check_v8(&j).unwrap();
        let is_null = with(|v| {
            let mut c = condition(Value::Null);
            c["operator"] = json!("Is Null");
            at(v, &format!("{F1}/filter/conditions"))
                .as_array_mut()
                .unwrap()
                .push(c);
        });
        check_v8(&is_null).unwrap();
    }

    #[test]
    fn same_layout_i_in_different_tabs_is_fine() {
        let j = with(|v| {
            let mut t = at(v, "/tabs/0").clone();
            t["tabId"] = json!("second");
            t["panels"][0]["id"] = json!("Panel_ID3");
            t["panels"][1]["id"] = json!("Panel_ID4");
            at(v, "/tabs").as_array_mut().unwrap().push(t);
        });
        check_v8(&j).unwrap();
    }

    // ---- rejections confirmed on the real structs (docs/sources.md, OpenObserve dashboards) ----

    #[test]
    fn layout_i_zero() {
        rejects(
            &with(|v| {
                *at(v, &format!("{P1}/layout/i")) = json!(0);
            }),
            "is missing a layout.i value",
        );
    }

    #[test]
    fn no_dashboard_id() {
        let j = with(|v| {
            obj(v, "").remove("dashboardId");
        });
        server_accepts(&j).unwrap(); // the server does not need it (it generates one)
        rejects(&j, "Dashboard ID is required");
    }

    #[test]
    fn version_9() {
        server_rejects(
            &with(|v| {
                *at(v, "/version") = json!(9);
            }),
            "unsupported version: 9",
        );
    }

    #[test]
    fn unknown_function_name() {
        let j = with(|v| {
            *at(v, &format!("{F1}/y/0/functionName")) = json!("nope");
        });
        server_accepts(&j).unwrap();
        rejects(&j, "y_axis_1: Invalid aggregation function");
    }

    #[test]
    fn area_stacked_without_breakdown() {
        let j = with(|v| {
            *at(v, &format!("{P1}/type")) = json!("area-stacked");
            obj(v, F1).remove("breakdown");
        });
        rejects(&j, "breakdown");
    }

    #[test]
    fn filter_as_array() {
        server_rejects(
            &with(|v| {
                *at(v, &format!("{F1}/filter")) = json!([]);
            }),
            "did not match any variant of untagged enum PanelFilter",
        );
    }

    #[test]
    fn missing_show_legends() {
        server_rejects(
            &with(|v| {
                obj(v, &format!("{P1}/config")).remove("show_legends");
            }),
            "show_legends",
        );
    }

    #[test]
    fn missing_promql_legend() {
        server_rejects(
            &with(|v| {
                obj(v, &format!("{Q1}/config")).remove("promql_legend");
            }),
            "promql_legend",
        );
    }

    #[test]
    fn missing_panel_description() {
        server_rejects(
            &with(|v| {
                obj(v, P2).remove("description");
            }),
            "description",
        );
    }

    #[test]
    fn layout_i_string() {
        server_rejects(
            &with(|v| {
                *at(v, &format!("{P1}/layout/i")) = json!("1");
            }),
            "invalid type: string",
        );
    }

    // ---- more rejections from the second reading of the source ----

    #[test]
    fn version_string() {
        server_rejects(
            &with(|v| {
                *at(v, "/version") = json!("8");
            }),
            "invalid type: string",
        );
    }

    #[test]
    fn version_missing() {
        let j = with(|v| {
            obj(v, "").remove("version");
        });
        server_accepts(&j).unwrap(); // the server defaults to 8 …
        rejects(&j, "version missing"); // … the UI would migrate it as v1 and fail
    }

    #[test]
    fn version_float_and_null() {
        server_rejects(
            &with(|v| {
                *at(v, "/version") = json!(8.0);
            }),
            "invalid type",
        );
        server_rejects(
            &with(|v| {
                *at(v, "/version") = Value::Null;
            }),
            "invalid type: null",
        );
    }

    #[test]
    fn layout_float() {
        server_rejects(
            &with(|v| {
                *at(v, &format!("{P2}/layout/x")) = json!(96.0);
            }),
            "invalid type: floating point",
        );
    }

    #[test]
    fn condition_value_number() {
        server_rejects(
            &with(|v| {
                at(v, &format!("{F1}/filter/conditions"))
                    .as_array_mut()
                    .unwrap()
                    .push(condition(json!(500)));
            }),
            "PanelFilter",
        );
    }

    #[test]
    fn condition_without_values() {
        server_rejects(
            &with(|v| {
                let mut c = condition(json!("500"));
                c.as_object_mut().unwrap().remove("values");
                at(v, &format!("{F1}/filter/conditions"))
                    .as_array_mut()
                    .unwrap()
                    .push(c);
            }),
            "PanelFilter",
        );
    }

    #[test]
    fn condition_column_as_string() {
        server_rejects(
            &with(|v| {
                let mut c = condition(json!("500"));
                c["column"] = json!("status");
                at(v, &format!("{F1}/filter/conditions"))
                    .as_array_mut()
                    .unwrap()
                    .push(c);
            }),
            "PanelFilter",
        );
    }

    #[test]
    fn having_value_string() {
        server_rejects(
            &with(|v| {
                obj(v, &format!("{F1}/y/0")).insert(
                    "havingConditions".into(),
                    json!([{"value": "5", "operator": ">"}]),
                );
            }),
            "invalid type: string",
        );
    }

    #[test]
    fn decimals_string() {
        server_rejects(
            &with(|v| {
                *at(v, &format!("{P1}/config/decimals")) = json!("2");
            }),
            "invalid type: string",
        );
    }

    #[test]
    fn variable_value_array() {
        server_rejects(
            &with(|v| {
                at(v, "/variables/list")
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"type": "custom", "name": "s",
                "label": "S", "value": ["a", "b"], "multiSelect": true}));
            }),
            "invalid type: sequence",
        );
    }

    #[test]
    fn created_not_rfc3339() {
        for bad in [
            "2024-01-01",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01T00:00:00",
            "yesterday",
        ] {
            server_rejects(
                &with(|v| {
                    obj(v, "").insert("created".into(), json!(bad));
                }),
                "RFC 3339",
            );
        }
        server_rejects(
            &with(|v| {
                obj(v, "").insert("created".into(), json!(1700000000));
            }),
            "invalid type",
        );
        server_rejects(
            &with(|v| {
                obj(v, "").insert("created".into(), Value::Null);
            }),
            "invalid type: null",
        );
    }

    #[test]
    fn stream_type_not_lowercase() {
        server_rejects(
            &with(|v| {
                *at(v, &format!("{F1}/stream_type")) = json!("Logs");
            }),
            "unknown variant `Logs`",
        );
    }

    #[test]
    fn geomap_and_custom_chart_need_a_query() {
        rejects(
            &with(|v| {
                *at(v, &format!("{P2}/type")) = json!("custom_chart");
                *at(v, &format!("{P2}/queries/0/query")) = json!("");
            }),
            "custom_chart: query 1 is empty",
        );
        rejects(
            &with(|v| {
                *at(v, &format!("{P1}/type")) = json!("geomap");
                *at(v, &format!("{Q1}/query")) = json!("");
            }),
            "geomap: query 1 is empty",
        );
    }

    #[test]
    fn promql_needs_every_query() {
        rejects(
            &with(|v| {
                *at(v, &format!("{P2}/queryType")) = json!("promql");
                *at(v, &format!("{P2}/queries/0/query")) = json!("");
            }),
            "promql: query 1 is empty",
        );
    }

    #[test]
    fn stacked_needs_y() {
        rejects(
            &with(|v| {
                *at(v, &format!("{P1}/type")) = json!("stacked");
                *at(v, &format!("{F1}/breakdown")) = at(v, &format!("{F1}/x")).clone();
                *at(v, &format!("{F1}/y")) = json!([]);
            }),
            "needs at least one y field",
        );
    }

    #[test]
    fn filter_list_and_condition_rules() {
        rejects(
            &with(|v| {
                let mut c = condition(Value::Null);
                c["type"] = json!("list");
                at(v, &format!("{F1}/filter/conditions"))
                    .as_array_mut()
                    .unwrap()
                    .push(c);
            }),
            "select at least one value",
        );
        rejects(
            &with(|v| {
                let mut c = condition(json!("500"));
                c["operator"] = Value::Null;
                at(v, &format!("{F1}/filter/conditions"))
                    .as_array_mut()
                    .unwrap()
                    .push(c);
            }),
            "operator required",
        );
        rejects(
            &with(|v| {
                at(v, &format!("{F1}/filter/conditions"))
                    .as_array_mut()
                    .unwrap()
                    .push(condition(json!("")));
            }),
            "value required",
        );
    }

    #[test]
    fn raw_item_needs_raw_query() {
        rejects(
            &with(|v| {
                *at(v, &format!("{F1}/y/0/type")) = json!("raw");
            }),
            "rawQuery cannot be empty",
        );
    }

    #[test]
    fn too_many_arguments() {
        rejects(
            &with(|v| {
                at(v, &format!("{F1}/y/0/args"))
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"type": "field", "value": {"field": "b", "streamAlias": null}}));
            }),
            "Too many arguments provided",
        );
    }

    #[test]
    fn missing_function_name_counts_as_null_and_needs_a_field() {
        let j = with(|v| {
            obj(v, &format!("{F1}/y/0")).remove("functionName");
            *at(v, &format!("{F1}/y/0/args")) = json!([]);
        });
        rejects(&j, "missing required argument 1");
    }

    // ---- generator rules and other server rules ----

    #[test]
    fn duplicate_panel_ids() {
        let j = with(|v| {
            *at(v, &format!("{P2}/id")) = json!("Panel_ID1");
        });
        server_accepts(&j).unwrap();
        rejects(&j, "duplicate panel id");
    }

    #[test]
    fn duplicate_or_negative_layout_i() {
        rejects(
            &with(|v| {
                *at(v, &format!("{P2}/layout/i")) = json!(1);
            }),
            "duplicate layout.i 1",
        );
        rejects(
            &with(|v| {
                *at(v, &format!("{P2}/layout/i")) = json!(-2);
            }),
            "layout.i must be >= 1",
        );
    }

    #[test]
    fn layout_missing_or_incomplete() {
        let j = with(|v| {
            obj(v, &format!("{P1}/layout")).remove("x");
        });
        server_accepts(&j).unwrap(); // server default 0
        rejects(&j, "layout.x missing");
        let j = with(|v| {
            obj(v, P1).remove("layout");
        });
        server_accepts(&j).unwrap();
        rejects(&j, "layout missing");
        server_rejects(
            &with(|v| {
                *at(v, &format!("{P1}/layout/w")) = Value::Null;
            }),
            "invalid type: null",
        );
    }

    #[test]
    fn blank_or_null_title() {
        server_rejects(
            &with(|v| {
                *at(v, "/title") = json!("   ");
            }),
            "title is missing or blank",
        );
        server_rejects(
            &with(|v| {
                obj(v, "").remove("title");
            }),
            "title is missing or blank",
        );
        server_rejects(
            &with(|v| {
                *at(v, "/title") = Value::Null;
            }),
            "invalid type: null",
        );
    }

    #[test]
    fn body_must_be_an_object() {
        server_rejects("[]", "must be a JSON object");
        server_rejects(&format!("[{MINIMAL}]"), "must be a JSON object");
    }

    #[test]
    fn nulls_where_the_server_has_defaults() {
        server_rejects(
            &with(|v| {
                *at(v, &format!("{P1}/queryType")) = Value::Null;
            }),
            "invalid type: null",
        );
        server_rejects(
            &with(|v| {
                *at(v, &format!("{F1}/z")) = Value::Null;
            }),
            "invalid type: null",
        );
        server_rejects(
            &with(|v| {
                *at(v, "/tabs") = Value::Null;
            }),
            "invalid type: null",
        );
    }

    #[test]
    fn required_fields_elsewhere() {
        server_rejects(
            &with(|v| {
                obj(v, "/tabs/0").remove("tabId");
            }),
            "tabId",
        );
        server_rejects(
            &with(|v| {
                obj(v, Q1).remove("customQuery");
            }),
            "customQuery",
        );
        server_rejects(
            &with(|v| {
                obj(v, F1).remove("stream");
            }),
            "stream",
        );
        server_rejects(
            &with(|v| {
                obj(v, F1).remove("y");
            }),
            "missing field `y`",
        );
        server_rejects(
            &with(|v| {
                obj(v, F1).remove("filter");
            }),
            "missing field `filter`",
        );
        server_rejects(
            &with(|v| {
                obj(v, &format!("{F1}/x/0")).remove("alias");
            }),
            "alias",
        );
        server_rejects(
            &with(|v| {
                *at(v, &format!("{F1}/y/0/type")) = json!("Build");
            }),
            "unknown variant",
        );
    }

    #[test]
    fn unknown_panel_type() {
        let j = with(|v| {
            *at(v, &format!("{P1}/type")) = json!("sparkline");
        });
        server_accepts(&j).unwrap();
        rejects(&j, "unsupported chart type");
    }

    #[test]
    fn non_canonical_float_text() {
        let j = with(|v| {
            obj(v, &format!("{P1}/config")).insert("override_config".into(), json!([{"field": {"matchBy": "name", "value": "f"},
                "config": [{"type": "conditional_styles", "rules": [{"operator": ">", "threshold": 10.5}]}]}]));
        });
        check_v8(&j).unwrap();
        rejects(
            &j.replace("10.5", "10.50"),
            "number 10.50 is not in canonical form",
        );
        rejects(
            &j.replace("10.5", "1.05e1"),
            "number 1.05e1 is not in canonical form",
        );
        assert_eq!(
            non_canonical_numbers(r#"{"a":"1.50","b":[-0,10.0,0.95,1e2,2.50]}"#),
            vec!["1e2", "2.50"]
        );
    }

    #[test]
    fn rfc3339_validator() {
        for ok in [
            "2000-02-29T00:00:00Z",
            "1999-12-31T23:59:59.5-08:00",
            "2026-08-21T14:36:19.123Z",
        ] {
            validate_rfc3339(ok).unwrap();
        }
        for bad in [
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+0530",
            "2024-01-01T00:00:00+24:00",
            "2024-1-01T00:00:00Z",
            "2024-01-01T00:00:00.1234567890Z",
            "2024-01-01T00:00:00ZZ",
            "1900-02-29T00:00:00Z",
        ] {
            assert!(validate_rfc3339(bad).is_err(), "{bad}");
        }
    }
}
