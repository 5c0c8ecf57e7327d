//! The dashboard as OpenObserve's version-8 JSON: what the import page's validator and the
//! server's v8 structures accept (OpenObserve `web/src/utils/dashboard/panelValidation.ts` and
//! `src/config/src/meta/dashboards/v8/mod.rs` at fbab9b80; docs/sources.md, *OpenObserve
//! dashboards and SQL*).
//!
//! Rules kept here, each because a real import fails without it: `"version": 8` written out;
//! unique integer `layout.i` from 1 and integer layout values on the 192-column grid; panel
//! `description`, `config.show_legends` and query `config.promql_legend` present; `filter` a group
//! object, never an array; lowercase `stream_type`; an RFC 3339 `created`; every query custom SQL
//! (`customQuery: true`, the only way to `TRY_CAST`) with its `fields` still filled with the
//! result columns, so the panel editor maps them to axes.

use serde::Serialize;

/// The whole dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Always 8.
    pub version: u8,
    /// Required by the import page (the server replaces it with its own).
    pub dashboard_id: String,
    /// The title.
    pub title: String,
    /// The description.
    pub description: String,
    /// Empty: OpenObserve fills it.
    pub role: String,
    /// Empty: the import page sets it to the importing user.
    pub owner: String,
    /// RFC 3339.
    pub created: String,
    /// One tab holding every panel.
    pub tabs: Vec<Tab>,
    /// The dashboard variables.
    pub variables: Variables,
    /// The time range the dashboard opens with.
    pub default_datetime_duration: DatetimeDuration,
}

/// A tab.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tab {
    /// Unique id.
    pub tab_id: String,
    /// Shown name.
    pub name: String,
    /// The panels.
    pub panels: Vec<Panel>,
}

/// A panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Panel {
    /// Unique id (`Panel_ID1`, …).
    pub id: String,
    /// OpenObserve's panel type.
    #[serde(rename = "type")]
    pub panel_type: &'static str,
    /// Title.
    pub title: String,
    /// Description (required by the server).
    pub description: String,
    /// Display options.
    pub config: PanelConfig,
    /// Always `sql`.
    pub query_type: &'static str,
    /// One query.
    pub queries: Vec<PanelQuery>,
    /// Where it sits on the grid.
    pub layout: Layout,
    /// Unused (required shape of html panels only).
    pub html_content: String,
    /// Unused (markdown panels only).
    pub markdown_content: String,
}

/// Panel display options (snake_case, as the server reads them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelConfig {
    /// Whether the legend shows (required).
    pub show_legends: bool,
    /// Legend position: `null` is the default.
    pub legends_position: Option<String>,
    /// Unit shown: `null` is none.
    pub unit: Option<String>,
    /// Decimals shown.
    pub decimals: u8,
}

/// A panel query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelQuery {
    /// The SQL.
    pub query: String,
    /// No VRL on query results.
    pub vrl_function_query: String,
    /// Always true: the SQL is written by gwlog, not by the builder.
    pub custom_query: bool,
    /// The stream and the result columns as axes.
    pub fields: Fields,
    /// Query options.
    pub config: QueryConfig,
}

/// The stream and the axes of a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fields {
    /// The stream (as OpenObserve stores its name).
    pub stream: String,
    /// Always `logs`.
    pub stream_type: &'static str,
    /// X axis items.
    pub x: Vec<AxisItem>,
    /// Y axis items.
    pub y: Vec<AxisItem>,
    /// Z axis items (heatmaps only).
    pub z: Vec<AxisItem>,
    /// Breakdown items (stacked charts).
    pub breakdown: Vec<AxisItem>,
    /// No builder filter: the SQL filters.
    pub filter: FilterGroup,
}

/// One result column mapped to an axis (a custom-SQL column: `type: "custom"`, no function).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AxisItem {
    /// Shown name.
    pub label: String,
    /// The SQL result column.
    pub alias: String,
    /// The same result column (custom items name it).
    pub column: String,
    /// `custom`.
    #[serde(rename = "type")]
    pub item_type: &'static str,
    /// Default colour.
    pub color: Option<String>,
    /// No aggregation function: the SQL computes the value.
    pub function_name: Option<String>,
    /// No arguments.
    pub args: Vec<serde_json::Value>,
    /// Not derived.
    pub is_derived: bool,
}

impl AxisItem {
    /// The item for result column `alias`, shown as `label`.
    pub fn custom(label: &str, alias: &str) -> AxisItem {
        AxisItem {
            label: label.to_owned(),
            alias: alias.to_owned(),
            column: alias.to_owned(),
            item_type: "custom",
            color: None,
            function_name: None,
            args: Vec::new(),
            is_derived: false,
        }
    }
}

/// A filter group (the server requires an object; an empty group filters nothing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterGroup {
    /// `group`.
    pub filter_type: &'static str,
    /// `AND`.
    pub logical_operator: &'static str,
    /// No conditions.
    pub conditions: Vec<serde_json::Value>,
}

impl Default for FilterGroup {
    fn default() -> Self {
        FilterGroup {
            filter_type: "group",
            logical_operator: "AND",
            conditions: Vec::new(),
        }
    }
}

/// Query options.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryConfig {
    /// Required by the server, unused for SQL.
    pub promql_legend: String,
    /// No result limit beyond the SQL's.
    pub limit: u32,
}

/// A panel's place on the 192-column grid (rows of 17 px).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
    /// Width in columns.
    pub w: u32,
    /// Height in rows.
    pub h: u32,
    /// Unique within the tab, from 1.
    pub i: u32,
}

/// The variables block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Variables {
    /// The variables.
    pub list: Vec<serde_json::Value>,
    /// OpenObserve's ad-hoc filters.
    pub show_dynamic_filters: bool,
}

/// The default time range.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatetimeDuration {
    /// `relative`.
    #[serde(rename = "type")]
    pub duration_type: &'static str,
    /// `15m`, `1h`, `24h`, `7d`…
    pub relative_time_period: String,
}

/// The grid is 192 columns wide.
pub const GRID_COLUMNS: u32 = 192;
/// Height of a chart, in 17 px rows.
pub const CHART_ROWS: u32 = 18;

/// Layouts for panels in order: charts two per row, tables alone on a full-width row.
pub fn layouts(full_width: &[bool]) -> Vec<Layout> {
    let mut out = Vec::with_capacity(full_width.len());
    let (mut x, mut y) = (0, 0);
    for (index, &full) in full_width.iter().enumerate() {
        let w = if full { GRID_COLUMNS } else { GRID_COLUMNS / 2 };
        if x + w > GRID_COLUMNS {
            x = 0;
            y += CHART_ROWS;
        }
        out.push(Layout {
            x,
            y,
            w,
            h: CHART_ROWS,
            i: index as u32 + 1,
        });
        x += w;
    }
    out
}

/// `created` for a dashboard made at `now_ms` (ms since the epoch), RFC 3339 in UTC.
pub fn rfc3339(now_ms: i64) -> String {
    let seconds = now_ms.div_euclid(1000);
    let millis = now_ms.rem_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_go_two_per_row_and_tables_take_a_row() {
        let found = layouts(&[false, false, false, true, false]);
        let xywi: Vec<(u32, u32, u32, u32)> = found.iter().map(|l| (l.x, l.y, l.w, l.i)).collect();
        assert_eq!(
            xywi,
            [
                (0, 0, 96, 1),
                (96, 0, 96, 2),
                (0, 18, 96, 3),
                (0, 36, 192, 4),
                (0, 54, 96, 5)
            ]
        );
        assert!(found.iter().all(|l| l.x + l.w <= GRID_COLUMNS));
    }

    #[test]
    fn created_is_rfc3339_utc() {
        assert_eq!(rfc3339(1_755_786_979_123), "2025-08-21T14:36:19.123Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }
}
