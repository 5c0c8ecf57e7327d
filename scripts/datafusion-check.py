#!/usr/bin/env python3
"""Runs dashboard panel SQL in Apache DataFusion (OpenObserve's query engine), the way
OpenObserve runs it, on rows stored the way the simulator says OpenObserve stores them.

Usage: datafusion-check.py CASES.json RESULTS.json

CASES.json: {"cases": [{"name": str, "stream": str, "sql": str, "interval_seconds": int,
                         "schema": {column: "Int64"|"Utf8"|"Float64"|"Boolean"},
                         "rows": [{column: value}, ...]}]}
RESULTS.json: {"results": [{"name": str, "columns": [str], "rows": [[cell]]} | {"name", "error"}]}

Before running, each SQL is rewritten as OpenObserve does:
- histogram(_timestamp) -> date_bin(INTERVAL 'N seconds', to_timestamp_micros(_timestamp),
  to_timestamp('2001-01-01T00:00:00')) (OpenObserve src/search/src/datafusion/optimizer/
  logical_optimizer/rewrite_histogram.rs);
- dashboard variables left at "All": $name -> '_o2_all_', then `<expr> IN ('_o2_all_')` -> true
  (OpenObserve src/search/src/sql/rewriter/remove_dashboard_placeholder.rs).
Timestamps in results are returned as integer microseconds.
"""

import json
import re
import sys

import datafusion
import pyarrow as pa

TYPES = {"Int64": pa.int64(), "Utf8": pa.string(), "Float64": pa.float64(), "Boolean": pa.bool_()}


def rewrite(sql, interval_seconds):
    sql = sql.replace(
        "histogram(_timestamp)",
        "date_bin(INTERVAL '%d seconds', to_timestamp_micros(_timestamp), "
        "to_timestamp('2001-01-01T00:00:00'))" % interval_seconds,
    )
    sql = re.sub(r"\$\{?[a-z_]+\}?", "'_o2_all_'", sql)
    # `"col" IN ('_o2_all_')` or `CAST("col" AS VARCHAR) IN ('_o2_all_')`.
    sql = re.sub(r"(CAST\(\"[^\"]+\" AS VARCHAR\)|\"[^\"]+\") IN \('_o2_all_'\)", "true", sql)
    return sql


def cell(value):
    if value is None:
        return None
    if hasattr(value, "timestamp") and hasattr(value, "microsecond"):
        # A timezone-naive datetime from date_bin: microseconds since the epoch, as UTC.
        import calendar

        return calendar.timegm(value.timetuple()) * 1_000_000 + value.microsecond
    return value


def run(case):
    schema = pa.schema([(name, TYPES[kind]) for name, kind in case["schema"].items()])
    columns = {name: [row.get(name) for row in case["rows"]] for name in case["schema"]}
    batch = pa.RecordBatch.from_pydict(columns, schema=schema)
    ctx = datafusion.SessionContext()
    ctx.register_record_batches(case["stream"], [[batch]])
    sql = rewrite(case["sql"], case["interval_seconds"])
    result = ctx.sql(sql).to_arrow_table()
    names = result.column_names
    rows = [[cell(row[name]) for name in names] for row in result.to_pylist()]
    return {"name": case["name"], "columns": names, "rows": rows, "sql": sql}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)["cases"]
    results = []
    for case in cases:
        try:
            results.append(run(case))
        except Exception as error:  # the Rust test reports it with the case's name
            results.append({"name": case["name"], "error": str(error), "sql": case["sql"]})
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump({"results": results}, handle)


if __name__ == "__main__":
    main()
