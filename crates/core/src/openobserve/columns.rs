//! Column names and types: how OpenObserve turns one JSON log object into stored columns.
//!
//! OpenObserve flattens every ingested object before storing it: each key is lowercased and
//! sanitised ([`format_key`]), nested objects become `parent_child` columns up to a depth limit,
//! arrays become their JSON text, and `null`s and empty containers mostly disappear ([`flatten`]).
//! The column types follow the JSON value ([`DataType`]).
//!
//! None of this can be switched off on the server, and some of it surprises people (`requestId`
//! is queried as `requestid`; a literal `identity.sourceIp` key and a nested `identity.sourceIp`
//! land in the same column). [`flatten`] therefore also returns [`ColumnNote`]s for renames,
//! collisions and dropped values, so the CLI and the playground can point at them.
//!
//! Behaviour follows OpenObserve `src/config/src/utils/flatten.rs` at fbab9b80 (docs/sources.md,
//! *OpenObserve columns and types*); where OpenObserve overwrites a collided column silently, the
//! later key in the object's iteration order wins here too (serde_json's default map iterates keys
//! in sorted order; a verbatim copy of `flatten.rs` run that way kept the literal dotted key).
//!
//! ```
//! use gwlog_core::openobserve::columns::{flatten, DataType, DEFAULT_FLATTEN_LEVEL};
//!
//! let line = serde_json::json!({"requestId": "r1", "status": "200", "latency": 12});
//! let flat = flatten(&line, DEFAULT_FLATTEN_LEVEL).unwrap();
//! let names: Vec<&str> = flat.columns.iter().map(|c| c.name.as_str()).collect();
//! assert_eq!(names, ["latency", "requestid", "status"]);
//! assert_eq!(flat.get("status").unwrap().data_type, DataType::Utf8);
//! assert_eq!(flat.get("latency").unwrap().data_type, DataType::Int64);
//! ```

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// OpenObserve's default flatten level (`ZO_INGEST_FLATTEN_LEVEL`): at most 3 joined key segments.
pub const DEFAULT_FLATTEN_LEVEL: u32 = 3;

/// Formats one key segment the way OpenObserve names columns.
///
/// 1. A key made only of (Unicode) lowercase letters, numeric characters and `_` is kept.
/// 2. Otherwise an ASCII key is mapped byte for byte: uppercase → lowercase, anything outside
///    `[a-z0-9_]` → `_` (no collapsing).
/// 3. A key with any non-ASCII character is mapped per character: lowercase or numeric kept,
///    uppercase lowercased (first character of its lowercase form), anything else → `_`.
///
/// ```
/// use gwlog_core::openobserve::columns::format_key;
/// assert_eq!(format_key("requestId"), "requestid");
/// assert_eq!(format_key("$context.path"), "_context_path");
/// assert_eq!(format_key("Größe"), "größe");
/// ```
pub fn format_key(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_lowercase() || c.is_numeric() || c == '_')
    {
        return key.to_string();
    }
    if key.is_ascii() {
        return key
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' => char::from(b.to_ascii_lowercase()),
                b'a'..=b'z' | b'0'..=b'9' | b'_' => char::from(b),
                _ => '_',
            })
            .collect();
    }
    key.chars()
        .map(|c| {
            if c.is_lowercase() || c.is_numeric() {
                c
            } else if c.is_uppercase() {
                c.to_lowercase().next().unwrap_or('_')
            } else {
                '_'
            }
        })
        .collect()
}

/// The Arrow type OpenObserve infers for a column from its JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DataType {
    /// A JSON string (including arrays and deep objects stored as JSON text).
    Utf8,
    /// An integer that fits `i64`.
    Int64,
    /// An integer above `i64::MAX` that fits `u64`.
    UInt64,
    /// Any other number.
    Float64,
    /// `true` or `false`.
    Boolean,
    /// `null` (kept only on the flat fast path).
    Null,
}

impl DataType {
    /// The type inferred for `value`. Objects and arrays never reach a column unflattened; they are
    /// reported as `Utf8`, the type of their JSON text.
    pub fn of(value: &Value) -> DataType {
        match value {
            Value::String(_) | Value::Array(_) | Value::Object(_) => DataType::Utf8,
            Value::Bool(_) => DataType::Boolean,
            Value::Null => DataType::Null,
            Value::Number(n) => {
                if n.is_i64() {
                    DataType::Int64
                } else if n.is_u64() {
                    DataType::UInt64
                } else {
                    DataType::Float64
                }
            }
        }
    }

    /// The Arrow name (`Utf8`, `Int64`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DataType::Utf8 => "Utf8",
            DataType::Int64 => "Int64",
            DataType::UInt64 => "UInt64",
            DataType::Float64 => "Float64",
            DataType::Boolean => "Boolean",
            DataType::Null => "Null",
        }
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One stored column of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// The column name OpenObserve stores and SQL queries use.
    pub name: String,
    /// The original keys leading to the value, outermost first (`["identity", "sourceIp"]`).
    pub source_key_path: Vec<String>,
    /// The inferred type.
    pub data_type: DataType,
    /// The stored value.
    pub value: Value,
}

/// Something about the flattening worth showing to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ColumnNote {
    /// A key was lowercased or sanitised: query `column`, not the key you wrote.
    Renamed {
        /// The original keys.
        source_key_path: Vec<String>,
        /// The column name.
        column: String,
    },
    /// Several keys produced the same column; only one value survives, silently, in OpenObserve.
    Collision {
        /// The shared column name.
        column: String,
        /// Every source, in the order they were written.
        sources: Vec<Vec<String>>,
        /// The source whose value is stored.
        kept: Vec<String>,
    },
    /// A `null` inside a record with nested values is not stored at all.
    NullDropped {
        /// The original keys.
        source_key_path: Vec<String>,
    },
    /// An empty object or array is not stored at all.
    EmptyDropped {
        /// The original keys.
        source_key_path: Vec<String>,
    },
    /// An array is stored as its compact JSON text (a `Utf8` column).
    ArrayAsText {
        /// The column name.
        column: String,
    },
    /// An object nested deeper than the flatten level is stored as its JSON text, with its original
    /// key case inside.
    DepthLimited {
        /// The column name.
        column: String,
        /// The flatten level in force.
        level: u32,
    },
}

impl fmt::Display for ColumnNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnNote::Renamed {
                source_key_path,
                column,
            } => write!(
                f,
                "key `{}` is stored as column `{column}`: query it by that name",
                source_key_path.join(".")
            ),
            ColumnNote::Collision {
                column,
                sources,
                kept,
            } => {
                let list: Vec<String> = sources.iter().map(|s| key_path(s)).collect();
                write!(
                    f,
                    "{} all map to column `{column}`; only `{}` is stored, the others are lost \
                     without an error: rename one of the keys",
                    list.join(", "),
                    kept.join(".")
                )
            }
            ColumnNote::NullDropped { source_key_path } => write!(
                f,
                "`{}` is null and is not stored (this record has nested values)",
                source_key_path.join(".")
            ),
            ColumnNote::EmptyDropped { source_key_path } => {
                write!(
                    f,
                    "`{}` is empty and is not stored",
                    source_key_path.join(".")
                )
            }
            ColumnNote::ArrayAsText { column } => {
                write!(f, "array stored as JSON text in column `{column}` (Utf8)")
            }
            ColumnNote::DepthLimited { column, level } => write!(
                f,
                "object nested deeper than flatten level {level} stored as JSON text in column \
                 `{column}` (Utf8)"
            ),
        }
    }
}

/// A key path as JSON would write it, so a literal dotted key (`"identity.sourceIp"`) and the
/// nested path (`identity › sourceIp`) that collide with it read differently.
fn key_path(path: &[String]) -> String {
    path.iter()
        .map(|segment| format!("\"{segment}\""))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The columns of one flattened row, in the order they were produced, plus notes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Flattened {
    /// The columns; names are unique.
    pub columns: Vec<Column>,
    /// Renames, collisions and dropped values.
    pub notes: Vec<ColumnNote>,
    /// Position of each column by name: wide records (tens of thousands of keys) stay linear.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Flattened {
    /// The column called `name`.
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.index.get(name).map(|&i| &self.columns[i])
    }

    /// Inserts or overwrites a column, as OpenObserve's map insert does: an overwrite keeps the
    /// column's place and replaces its value. Returns the previous source on overwrite.
    fn insert(&mut self, name: String, path: &[String], value: Value) -> Option<Vec<String>> {
        let data_type = DataType::of(&value);
        if let Some(&i) = self.index.get(&name) {
            let existing = &mut self.columns[i];
            let previous = std::mem::replace(&mut existing.source_key_path, path.to_vec());
            existing.value = value;
            existing.data_type = data_type;
            return Some(previous);
        }
        self.index.insert(name.clone(), self.columns.len());
        self.columns.push(Column {
            name,
            source_key_path: path.to_vec(),
            data_type,
            value,
        });
        None
    }

    /// Adds a column the way flattening does, recording renames and collisions.
    fn add(&mut self, name: String, path: &[String], value: Value) {
        let renamed = path.iter().any(|segment| format_key(segment) != *segment);
        if let Some(previous) = self.insert(name.clone(), path, value) {
            let kept = path.to_vec();
            if let Some(ColumnNote::Collision {
                sources, kept: k, ..
            }) = self
                .notes
                .iter_mut()
                .find(|n| matches!(n, ColumnNote::Collision { column, .. } if *column == name))
            {
                sources.push(kept.clone());
                *k = kept;
            } else {
                self.notes.push(ColumnNote::Collision {
                    column: name.clone(),
                    sources: vec![previous, kept.clone()],
                    kept,
                });
            }
        }
        if renamed {
            self.notes.push(ColumnNote::Renamed {
                source_key_path: path.to_vec(),
                column: name,
            });
        }
    }

    /// The collisions among the notes.
    pub fn collisions(&self) -> impl Iterator<Item = &ColumnNote> {
        self.notes
            .iter()
            .filter(|n| matches!(n, ColumnNote::Collision { .. }))
    }
}

/// Why a value cannot be flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlattenError {
    /// What the top-level value was instead of an object: `array`, `string`, `number`,
    /// `boolean` or `null`.
    pub found: &'static str,
}

impl fmt::Display for FlattenError {
    /// OpenObserve's own message, plus what was found.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "flatten value must be an object (got {})", self.found)
    }
}

impl std::error::Error for FlattenError {}

/// The JSON kind of a value, as a word.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Flattens one record the way OpenObserve does before storing it.
///
/// `level` is the flatten level (`0` = unlimited; OpenObserve's default is
/// [`DEFAULT_FLATTEN_LEVEL`]). The top-level value must be an object.
///
/// - Fast path: when no value is an object or array, only the keys are formatted and `null`
///   values are **kept** (as `Null` columns).
/// - Otherwise: keys are formatted and joined to their parent's with `_`; `null`s are dropped;
///   arrays become their compact JSON text; empty objects and arrays are dropped; an object value
///   reached at depth ≥ `level` (the root's values are depth 1) becomes its JSON text.
///
/// Collisions (two sources, one column name) are resolved as in OpenObserve, the later one winning,
/// and reported in [`Flattened::notes`].
pub fn flatten(value: &Value, level: u32) -> Result<Flattened, FlattenError> {
    let Value::Object(map) = value else {
        return Err(FlattenError {
            found: json_kind(value),
        });
    };
    let mut out = Flattened::default();
    if !map.values().any(|v| v.is_object() || v.is_array()) {
        for (key, value) in map {
            let path = [key.clone()];
            out.add(format_key(key), &path, value.clone());
        }
        return Ok(out);
    }
    let mut path = Vec::new();
    walk_object(map, "", &mut path, level, 0, &mut out);
    Ok(out)
}

fn walk_object(
    map: &serde_json::Map<String, Value>,
    name: &str,
    path: &mut Vec<String>,
    level: u32,
    depth: u32,
    out: &mut Flattened,
) {
    if map.is_empty() {
        if !path.is_empty() {
            out.notes.push(ColumnNote::EmptyDropped {
                source_key_path: path.clone(),
            });
        }
        return;
    }
    if level > 0 && depth >= level {
        let text = Value::Object(map.clone()).to_string();
        out.notes.push(ColumnNote::DepthLimited {
            column: name.to_string(),
            level,
        });
        out.add(name.to_string(), path, Value::String(text));
        return;
    }
    for (key, value) in map {
        let formatted = format_key(key);
        let child = if depth > 0 {
            format!("{name}_{formatted}")
        } else {
            formatted
        };
        path.push(key.clone());
        walk_value(value, &child, path, level, depth + 1, out);
        path.pop();
    }
}

fn walk_value(
    value: &Value,
    name: &str,
    path: &mut Vec<String>,
    level: u32,
    depth: u32,
    out: &mut Flattened,
) {
    match value {
        Value::Object(map) => walk_object(map, name, path, level, depth, out),
        Value::Array(items) if items.is_empty() => {
            out.notes.push(ColumnNote::EmptyDropped {
                source_key_path: path.clone(),
            });
        }
        Value::Array(_) => {
            out.notes.push(ColumnNote::ArrayAsText {
                column: name.to_string(),
            });
            out.add(name.to_string(), path, Value::String(value.to_string()));
        }
        Value::Null => out.notes.push(ColumnNote::NullDropped {
            source_key_path: path.clone(),
        }),
        _ => out.add(name.to_string(), path, value.clone()),
    }
}

/// Columns as a JSON object `{name: value}`, in column order (for the CLI's JSON output).
#[derive(Debug, Clone, Copy)]
pub struct ColumnValues<'a>(pub &'a [Column]);

impl Serialize for ColumnValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for column in self.0 {
            map.serialize_entry(&column.name, &column.value)?;
        }
        map.end()
    }
}

/// Column types as a JSON object `{name: "Utf8"}`, in column order.
#[derive(Debug, Clone, Copy)]
pub struct ColumnTypes<'a>(pub &'a [Column]);

impl Serialize for ColumnTypes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for column in self.0 {
            map.serialize_entry(&column.name, column.data_type.as_str())?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `key!(name, input, expected)`: one row of the key-formatting table.
    macro_rules! key {
        ($name:ident, $input:expr, $expected:expr) => {
            #[test]
            fn $name() {
                assert_eq!(format_key($input), $expected);
            }
        };
    }

    key!(camel_case_is_lowercased, "HelloWorld", "helloworld");
    key!(
        ascii_punctuation_becomes_underscores_one_for_one,
        "hello!world@123#",
        "hello_world_123_"
    );
    key!(
        dots_and_dashes_become_underscores,
        "test.key-here",
        "test_key_here"
    );
    key!(runs_are_not_collapsed, "test!!!test", "test___test");
    key!(cjk_after_ascii_becomes_underscores, "hello世界", "hello__");
    key!(valid_accented_key_is_kept, "café_là", "café_là");
    key!(leading_digits_are_kept, "123test", "123test");
    key!(request_id_is_lowercased, "requestId", "requestid");
    key!(http_method_is_lowercased, "httpMethod", "httpmethod");
    key!(resource_path_is_lowercased, "resourcePath", "resourcepath");
    key!(
        response_length_is_lowercased,
        "responseLength",
        "responselength"
    );
    key!(capitalised_status_is_lowercased, "Status", "status");
    key!(
        literal_dotted_key_is_joined_with_underscore,
        "identity.sourceIp",
        "identity_sourceip"
    );
    key!(
        trace_header_dashes_become_underscores,
        "x-amzn-trace-id",
        "x_amzn_trace_id"
    );
    key!(
        context_variable_name_as_key,
        "$context.path",
        "_context_path"
    );
    key!(german_uppercase_is_lowercased, "Größe", "größe");
    key!(cjk_only_key_is_all_underscores, "名前", "__");
    key!(timestamp_key_is_unchanged, "_timestamp", "_timestamp");

    fn columns(value: Value, level: u32) -> Vec<(String, Value)> {
        flatten(&value, level)
            .unwrap()
            .columns
            .into_iter()
            .map(|c| (c.name, c.value))
            .collect()
    }

    fn pairs(list: &[(&str, Value)]) -> Vec<(String, Value)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn preset_keys_become_lowercase_utf8_columns() {
        let flat = flatten(
            &json!({"requestId":"r1","httpMethod":"GET","resourcePath":"/pets","responseLength":"48","Status":"200"}),
            3,
        )
        .unwrap();
        let mut names: Vec<&str> = flat.columns.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "httpmethod",
                "requestid",
                "resourcepath",
                "responselength",
                "status"
            ]
        );
        assert!(flat.columns.iter().all(|c| c.data_type == DataType::Utf8));
        assert_eq!(
            flat.notes
                .iter()
                .filter(|n| matches!(n, ColumnNote::Renamed { .. }))
                .count(),
            5
        );
    }

    #[test]
    fn literal_dotted_key_and_nested_path_collide_and_the_literal_key_wins() {
        let flat = flatten(
            &json!({"identity.sourceIp":"literal","identity":{"sourceIp":"nested"}}),
            3,
        )
        .unwrap();
        assert_eq!(flat.columns.len(), 1);
        assert_eq!(flat.columns[0].name, "identity_sourceip");
        assert_eq!(flat.columns[0].value, json!("literal"));
        let collision = flat.collisions().next().expect("a collision note");
        assert_eq!(
            collision,
            &ColumnNote::Collision {
                column: "identity_sourceip".into(),
                sources: vec![
                    vec!["identity".into(), "sourceIp".into()],
                    vec!["identity.sourceIp".into()]
                ],
                kept: vec!["identity.sourceIp".into()],
            }
        );
    }

    #[test]
    fn nested_path_is_joined_with_underscores() {
        assert_eq!(
            columns(json!({"identity":{"sourceIp":"192.0.2.1"}}), 3),
            pairs(&[("identity_sourceip", json!("192.0.2.1"))])
        );
    }

    #[test]
    fn object_at_the_depth_limit_is_stored_as_json_text_with_original_case() {
        let value = json!({"identity":{"clientCert":{"validity":{"notAfter":"2030"}}}});
        assert_eq!(
            columns(value.clone(), 3),
            pairs(&[(
                "identity_clientcert_validity",
                json!("{\"notAfter\":\"2030\"}")
            )])
        );
        assert_eq!(
            columns(value, 0),
            pairs(&[("identity_clientcert_validity_notafter", json!("2030"))])
        );
    }

    #[test]
    fn array_is_stored_as_compact_json_text() {
        assert_eq!(
            columns(json!({"tags":["a","b"]}), 3),
            pairs(&[("tags", json!("[\"a\",\"b\"]"))])
        );
        let flat = flatten(&json!({"tags":["a","b"]}), 3).unwrap();
        assert_eq!(flat.columns[0].data_type, DataType::Utf8);
    }

    #[test]
    fn fast_path_keeps_null_values() {
        let flat = flatten(
            &json!({"requestId":"r1","authorizer":null,"Status":"200"}),
            3,
        )
        .unwrap();
        assert_eq!(flat.get("authorizer").unwrap().value, Value::Null);
        assert_eq!(flat.get("authorizer").unwrap().data_type, DataType::Null);
        assert!(flat.get("requestid").is_some() && flat.get("status").is_some());
    }

    #[test]
    fn null_is_dropped_when_the_record_has_nested_values() {
        let flat = flatten(&json!({"authorizer":null,"identity":{"sourceIp":"x"}}), 3).unwrap();
        assert!(flat.get("authorizer").is_none());
        assert!(flat.notes.contains(&ColumnNote::NullDropped {
            source_key_path: vec!["authorizer".into()]
        }));
    }

    #[test]
    fn empty_object_is_dropped_when_the_record_has_nested_values() {
        let flat = flatten(&json!({"empty":{},"a":{"b":1}}), 3).unwrap();
        assert!(flat.get("empty").is_none());
        assert_eq!(flat.columns.len(), 1);
    }

    #[test]
    fn empty_array_is_dropped() {
        assert_eq!(
            columns(json!({"list":[],"a":"x"}), 3),
            pairs(&[("a", json!("x"))])
        );
    }

    #[test]
    fn fast_path_collision_keeps_the_later_key() {
        let flat = flatten(&json!({"Status":"a","status":"b"}), 3).unwrap();
        assert_eq!(flat.columns.len(), 1);
        assert_eq!(flat.columns[0].value, json!("b"));
        assert_eq!(flat.collisions().count(), 1);
    }

    #[test]
    fn non_object_cannot_be_flattened() {
        for (value, found) in [
            (json!([1, 2]), "array"),
            (json!("text"), "string"),
            (json!(3), "number"),
            (json!(null), "null"),
            (json!(true), "boolean"),
        ] {
            let err = flatten(&value, 3).unwrap_err();
            assert_eq!(err.found, found);
            assert!(err
                .to_string()
                .starts_with("flatten value must be an object"));
        }
    }

    #[test]
    fn empty_object_flattens_to_no_columns() {
        assert!(flatten(&json!({}), 3).unwrap().columns.is_empty());
    }

    #[test]
    fn types_follow_the_json_values() {
        let flat = flatten(
            &json!({"s":"x","i":-3,"u":18446744073709551615u64,"f":1.5,"b":true,"n":null}),
            3,
        )
        .unwrap();
        let ty = |n: &str| flat.get(n).unwrap().data_type;
        assert_eq!(
            [ty("s"), ty("i"), ty("u"), ty("f"), ty("b"), ty("n")],
            [
                DataType::Utf8,
                DataType::Int64,
                DataType::UInt64,
                DataType::Float64,
                DataType::Boolean,
                DataType::Null
            ]
        );
    }

    #[test]
    fn unchanged_keys_produce_no_rename_note() {
        let flat = flatten(&json!({"status":"200","a":{"b":"c"}}), 3).unwrap();
        assert!(!flat
            .notes
            .iter()
            .any(|n| matches!(n, ColumnNote::Renamed { .. })));
    }

    #[test]
    fn columns_serialise_as_ordered_objects() {
        let flat = flatten(&json!({"b":"2","a":1}), 3).unwrap();
        assert_eq!(
            serde_json::to_string(&ColumnValues(&flat.columns)).unwrap(),
            r#"{"a":1,"b":"2"}"#
        );
        assert_eq!(
            serde_json::to_string(&ColumnTypes(&flat.columns)).unwrap(),
            r#"{"a":"Int64","b":"Utf8"}"#
        );
    }
}
