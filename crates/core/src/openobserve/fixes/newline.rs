//! The trailing-newline fix: every record ends with `\n`.

use super::Fix;

/// Ends the format with exactly one newline, so every record ends with one.
///
/// A format ending in a literal backslash-n (two characters, a common YAML slip) gets that
/// replaced by a real newline; a format that already ends with a newline is unchanged.
pub fn add_trailing_newline(format: &str) -> Fix {
    const FIX: &str = "add-trailing-newline";
    const WHY: &str = "API Gateway adds no newline after an entry, so without one in the format \
        records delivered by Firehose run together: files in S3 (including Firehose's backup of \
        failed batches) hold one long line. With the newline, OpenObserve still stores one row per \
        record, and its protobuf probe takes far fewer records for metrics (about ten times fewer), \
        though not none: the probe-safe fix removes that risk. In the console press Enter at the \
        end of the format; in CloudFormation YAML use a double-quoted string ending in \\n or \
        !Join [\"\\n\", [<format>, '']].";
    if format.ends_with('\n') {
        return Fix::new(
            FIX,
            format,
            format.to_owned(),
            format!("The format already ends with a newline. {WHY}"),
        );
    }
    if let Some(body) = format.strip_suffix("\\n") {
        return Fix::new(
            FIX,
            format,
            format!("{body}\n"),
            format!(
                "The format ended in a backslash followed by n, which API Gateway writes literally \
                 into every entry (and which breaks JSON after the closing brace): replaced it \
                 with a real newline. {WHY}"
            ),
        );
    }
    Fix::new(
        FIX,
        format,
        format!("{format}\n"),
        format!("Added a newline at the end. {WHY}"),
    )
}
