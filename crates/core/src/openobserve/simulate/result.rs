//! The simulation's answer: per record and per row, the verdict, the reason and the stored columns.

use super::*;
use crate::openobserve::columns::{Column, ColumnNote, ColumnTypes, ColumnValues};
use crate::openobserve::probe::ProbeReport;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// The columns of one stored row. In JSON it becomes two keys: `columns` (`{name: value}`) and
/// `types` (`{name: "Utf8"}`), both in column order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredColumns(pub Vec<Column>);

impl StoredColumns {
    /// The column called `name`.
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.0.iter().find(|c| c.name == name)
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|c| c.name.as_str()).collect()
    }

    /// Whether there are no columns (nothing stored).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for StoredColumns {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("columns", &ColumnValues(&self.0))?;
        map.serialize_entry("types", &ColumnTypes(&self.0))?;
        map.end()
    }
}

/// One row produced from a record (one line, or one CloudWatch Logs event of a line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowResult {
    /// 1-based line within the record.
    pub line: usize,
    /// 1-based CloudWatch Logs event within the line, for envelope lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    /// What happened to the row.
    pub verdict: Verdict,
    /// Stable code of the outcome.
    pub code: &'static str,
    /// What happened, for people.
    pub reason: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
    /// Stored columns (empty unless stored): `columns` and `types` in JSON.
    #[serde(flatten)]
    pub columns: StoredColumns,
    /// Renames, collisions and dropped values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ColumnNote>,
    /// The typed outcome.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// What happened to one Firehose record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordResult {
    /// 1-based record number (= sample line number for [`simulate`]).
    pub record: usize,
    /// What happened to the record: `stored` if at least one row is stored, `rejected` if it fails
    /// the batch, `dropped` if it yields no row, `unknown` if not simulated.
    pub verdict: Verdict,
    /// Stable code of the outcome.
    pub code: &'static str,
    /// What happened, for people.
    pub reason: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
    /// The first stored row's columns: `columns` and `types` in JSON.
    #[serde(flatten)]
    pub columns: StoredColumns,
    /// Renames, collisions and dropped values of the first stored row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ColumnNote>,
    /// Every row the record produced (several for multi-line records and CloudWatch envelopes).
    pub rows: Vec<RowResult>,
    /// True when the batch failed (400) because of another record: this record's own outcome is
    /// shown, but nothing from the batch was written.
    pub lost_with_batch: bool,
    /// The protobuf probe's explanation, on a probe hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeReport>,
    /// The typed outcome.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// The whole simulated exchange.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// OpenObserve's HTTP status: 200 or 400 (0 = no response).
    pub http_status: u16,
    /// What Firehose sends.
    pub request: FirehoseRequest,
    /// What happened to each record.
    pub records: Vec<RecordResult>,
    /// What OpenObserve answers.
    pub response: FirehoseResponse,
    /// Batch-level notes for people.
    pub notes: Vec<String>,
}

impl Simulation {
    /// Rows stored in total (0 when the batch fails).
    pub fn stored_rows(&self) -> usize {
        if self.http_status != 200 {
            return 0;
        }
        self.records
            .iter()
            .flat_map(|r| &r.rows)
            .filter(|row| row.verdict == Verdict::Stored)
            .count()
    }
}
