//! One panel's query as data: what it groups by, what it measures, which rows it keeps, how it
//! orders. The panel's SQL ([`Query::sql`]) and its preview on the sample rows
//! ([`super::preview`]) are both produced from this one spec, so they cannot disagree.
//!
//! API Gateway writes `-` for a missing value and JSON formats store numbers as text, so every
//! numeric use of a text column goes through `TRY_CAST` (a plain `CAST('-' AS BIGINT)` fails the
//! whole panel at query time). OpenObserve's SQL is Apache DataFusion's
//! (docs/sources.md, *OpenObserve dashboards and SQL*).

use std::fmt::Write;

/// A column read as a number: through `TRY_CAST` when it is stored as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberColumn {
    /// The stored column name.
    pub name: String,
    /// Whether the column is Utf8 (quoted in the format), so `-` and text become NULL.
    pub stored_as_text: bool,
}

impl NumberColumn {
    /// The SQL expression for its numeric value.
    pub fn sql(&self) -> String {
        if self.stored_as_text {
            format!("TRY_CAST({} AS BIGINT)", quoted(&self.name))
        } else {
            quoted(&self.name)
        }
    }
}

/// What a panel's rows are grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// Time buckets of `_timestamp` (`histogram(_timestamp)`).
    Time,
    /// The values of a column, as stored.
    Column(String),
    /// `2xx`, `3xx`, `4xx`, `5xx` or `other` from a status column.
    StatusClass(NumberColumn),
}

/// A row condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The number is at least this.
    AtLeast(NumberColumn, i64),
    /// The column holds a value: not NULL and not API Gateway's `-`.
    Present(String),
}

/// What a panel computes per group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// Rows.
    Count,
    /// Rows meeting the condition.
    CountWhere(Condition),
    /// Percent of the rows meeting the condition.
    Share(Condition),
    /// A percentile (50, 90, 99) of a number (`approx_percentile_cont`).
    Percentile(NumberColumn, u8),
    /// The mean of a number.
    Average(NumberColumn),
    /// The largest number.
    Maximum(NumberColumn),
}

/// How the result is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By the group, ascending (time series).
    GroupAscending,
    /// By the first measure, largest first; ties by group, ascending (top-N lists).
    FirstMeasureDescending,
}

/// One measured series: its label and what it computes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Shown in the legend and the table header.
    pub label: String,
    /// The computation.
    pub measure: Measure,
}

/// An aggregate panel query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregate {
    /// The x axis; `None` for a single number.
    pub group: Option<Group>,
    /// A second grouping drawn as separate series (stacked charts).
    pub breakdown: Option<Group>,
    /// The measures, in order (`y_axis_1`, `y_axis_2`, …).
    pub series: Vec<Series>,
    /// Rows kept (all must hold).
    pub filter: Vec<Condition>,
    /// The order of the result.
    pub order: Order,
    /// At most this many result rows.
    pub limit: Option<u32>,
}

/// The newest rows, as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    /// `(label, column)` shown, in order.
    pub columns: Vec<(String, String)>,
    /// How many rows.
    pub limit: u32,
}

/// A panel's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Grouped and measured.
    Aggregate(Aggregate),
    /// The newest rows.
    Latest(Latest),
}

/// The alias of the x axis in a panel's SQL result.
pub const X_ALIAS: &str = "x_axis_1";
/// The alias of the breakdown.
pub const BREAKDOWN_ALIAS: &str = "z_axis_1";

/// The alias of the `n`-th measure (from 1).
pub fn y_alias(n: usize) -> String {
    format!("y_axis_{n}")
}

/// The alias of the `n`-th column of a latest-rows table (from 1).
pub fn column_alias(n: usize) -> String {
    format!("x_axis_{n}")
}

/// `name` as a double-quoted SQL identifier.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl Condition {
    /// The SQL predicate.
    pub fn sql(&self) -> String {
        match self {
            Condition::AtLeast(number, at_least) => format!("{} >= {at_least}", number.sql()),
            Condition::Present(column) => format!(
                "{column} IS NOT NULL AND {column} <> {}",
                string_literal("-"),
                column = quoted(column)
            ),
        }
    }
}

impl Group {
    /// The SQL expression.
    pub fn sql(&self) -> String {
        match self {
            Group::Time => "histogram(_timestamp)".to_owned(),
            Group::Column(column) => quoted(column),
            Group::StatusClass(number) => {
                let n = number.sql();
                format!(
                    "CASE WHEN {n} >= 500 THEN '5xx' WHEN {n} >= 400 THEN '4xx' WHEN {n} >= 300 \
                     THEN '3xx' WHEN {n} >= 200 THEN '2xx' ELSE 'other' END"
                )
            }
        }
    }
}

impl Measure {
    /// The SQL aggregate.
    pub fn sql(&self) -> String {
        let counted =
            |condition: &Condition| format!("sum(CASE WHEN {} THEN 1 ELSE 0 END)", condition.sql());
        match self {
            Measure::Count => "count(*)".to_owned(),
            Measure::CountWhere(condition) => counted(condition),
            Measure::Share(condition) => format!("100.0 * {} / count(*)", counted(condition)),
            Measure::Percentile(number, p) => format!(
                "approx_percentile_cont({}, {})",
                number.sql(),
                percentile_fraction(*p)
            ),
            Measure::Average(number) => format!("avg({})", number.sql()),
            Measure::Maximum(number) => format!("max({})", number.sql()),
        }
    }

    /// The stored number columns it reads.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            Measure::Count => Vec::new(),
            Measure::CountWhere(condition) | Measure::Share(condition) => condition.columns(),
            Measure::Percentile(number, _)
            | Measure::Average(number)
            | Measure::Maximum(number) => {
                vec![number.name.as_str()]
            }
        }
    }
}

impl Condition {
    /// The stored columns it reads.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            Condition::AtLeast(number, _) => vec![number.name.as_str()],
            Condition::Present(column) => vec![column.as_str()],
        }
    }
}

/// `0.5`, `0.9`, `0.99` for 50, 90, 99.
pub fn percentile_fraction(p: u8) -> String {
    let fraction = format!("{:.2}", f64::from(p) / 100.0);
    fraction.trim_end_matches('0').to_owned()
}

impl Query {
    /// The panel's SQL on `stream`, as OpenObserve runs it (the time range is applied outside
    /// the SQL; `extra_filter` are predicates from dashboard variables, already SQL).
    pub fn sql(&self, stream: &str, extra_filter: &[String]) -> String {
        match self {
            Query::Aggregate(aggregate) => aggregate.sql(stream, extra_filter),
            Query::Latest(latest) => latest.sql(stream, extra_filter),
        }
    }
}

fn where_clause(conditions: impl Iterator<Item = String>) -> String {
    let conditions: Vec<String> = conditions.collect();
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

impl Aggregate {
    fn sql(&self, stream: &str, extra_filter: &[String]) -> String {
        let mut select = Vec::new();
        if let Some(group) = &self.group {
            select.push(format!("{} AS {}", group.sql(), quoted(X_ALIAS)));
        }
        if let Some(breakdown) = &self.breakdown {
            select.push(format!(
                "{} AS {}",
                breakdown.sql(),
                quoted(BREAKDOWN_ALIAS)
            ));
        }
        for (n, series) in self.series.iter().enumerate() {
            select.push(format!(
                "{} AS {}",
                series.measure.sql(),
                quoted(&y_alias(n + 1))
            ));
        }
        let mut sql = format!("SELECT {} FROM {}", select.join(", "), quoted(stream));
        sql.push_str(&where_clause(
            self.filter
                .iter()
                .map(Condition::sql)
                .chain(extra_filter.iter().cloned()),
        ));
        let mut group_by = Vec::new();
        if self.group.is_some() {
            group_by.push(X_ALIAS);
        }
        if self.breakdown.is_some() {
            group_by.push(BREAKDOWN_ALIAS);
        }
        if !group_by.is_empty() {
            let _ = write!(sql, " GROUP BY {}", group_by.join(", "));
        }
        match (self.order, self.group.is_some()) {
            (_, false) => {}
            (Order::GroupAscending, true) => {
                let _ = write!(sql, " ORDER BY {X_ALIAS} ASC");
                if self.breakdown.is_some() {
                    let _ = write!(sql, ", {BREAKDOWN_ALIAS} ASC");
                }
            }
            (Order::FirstMeasureDescending, true) => {
                let _ = write!(sql, " ORDER BY {} DESC, {X_ALIAS} ASC", y_alias(1));
            }
        }
        if let Some(limit) = self.limit {
            let _ = write!(sql, " LIMIT {limit}");
        }
        sql
    }
}

impl Latest {
    fn sql(&self, stream: &str, extra_filter: &[String]) -> String {
        let select: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(|(n, (_, column))| {
                format!("{} AS {}", quoted(column), quoted(&column_alias(n + 1)))
            })
            .collect();
        format!(
            "SELECT {} FROM {}{} ORDER BY _timestamp DESC LIMIT {}",
            select.join(", "),
            quoted(stream),
            where_clause(extra_filter.iter().cloned()),
            self.limit
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> NumberColumn {
        NumberColumn {
            name: "status".into(),
            stored_as_text: true,
        }
    }

    #[test]
    fn a_text_number_is_read_through_try_cast_never_cast() {
        let sql = Measure::Percentile(status(), 99).sql();
        assert_eq!(
            sql,
            "approx_percentile_cont(TRY_CAST(\"status\" AS BIGINT), 0.99)"
        );
        assert!(!sql.contains(" CAST("));
    }

    #[test]
    fn a_time_series_groups_and_orders_by_the_histogram() {
        let query = Query::Aggregate(Aggregate {
            group: Some(Group::Time),
            breakdown: None,
            series: vec![Series {
                label: "Requests".into(),
                measure: Measure::Count,
            }],
            filter: Vec::new(),
            order: Order::GroupAscending,
            limit: None,
        });
        assert_eq!(
            query.sql("apigw", &[]),
            "SELECT histogram(_timestamp) AS \"x_axis_1\", count(*) AS \"y_axis_1\" FROM \"apigw\" \
             GROUP BY x_axis_1 ORDER BY x_axis_1 ASC"
        );
    }

    #[test]
    fn a_top_list_breaks_ties_by_group_so_the_limit_is_deterministic() {
        let query = Query::Aggregate(Aggregate {
            group: Some(Group::Column("resourcepath".into())),
            breakdown: None,
            series: vec![Series {
                label: "Requests".into(),
                measure: Measure::Count,
            }],
            filter: vec![Condition::Present("resourcepath".into())],
            order: Order::FirstMeasureDescending,
            limit: Some(10),
        });
        assert_eq!(
            query.sql("apigw", &[]),
            "SELECT \"resourcepath\" AS \"x_axis_1\", count(*) AS \"y_axis_1\" FROM \"apigw\" WHERE \
             \"resourcepath\" IS NOT NULL AND \"resourcepath\" <> '-' GROUP BY x_axis_1 ORDER BY \
             y_axis_1 DESC, x_axis_1 ASC LIMIT 10"
        );
    }

    #[test]
    fn no_result_column_is_aliased_timestamp() {
        let latest = Query::Latest(Latest {
            columns: vec![
                ("Time".into(), "_timestamp".into()),
                ("Status".into(), "status".into()),
            ],
            limit: 50,
        });
        let sql = latest.sql("apigw", &[]);
        assert!(!sql.contains("AS \"_timestamp\""), "{sql}");
        assert!(sql.ends_with("ORDER BY _timestamp DESC LIMIT 50"), "{sql}");
    }

    #[test]
    fn identifiers_and_literals_are_escaped() {
        assert_eq!(quoted("a\"b"), "\"a\"\"b\"");
        assert_eq!(string_literal("it's"), "'it''s'");
        assert_eq!(percentile_fraction(50), "0.5");
        assert_eq!(percentile_fraction(99), "0.99");
    }
}
