//! `gwlog parse`: one JSON object per input line, with typed fields or the error; exit 1 if any
//! line failed.
//!
//! The output is a contract: it is byte for byte what `serde_json` writes for the record (the
//! tests keep a `serde` rendering as the reference). Three things kept this command well below
//! the speed of the core it wraps, and each is gone:
//!
//! - Writing: each line's keys were searched twice (quadratic in the fields), and every piece of
//!   every string went through the serializer and the `BufWriter`. Now the keys of a line shape
//!   are rendered once ([`Layout`]), values are escaped a word at a time, and records are
//!   gathered in a plain buffer.
//! - Reading: the whole input was read into one `String`; on this kind of machine touching that
//!   much fresh memory cost about a fifth of the run. Now it is read a chunk of lines at a time
//!   into reused buffers ([`input::LineChunks`]), still checked as UTF-8 before anything is
//!   printed.
//! - One thread: large inputs are parsed on one worker per core, chunk by chunk, and printed in
//!   input order.

use super::ApiArg;
use crate::{input, Outcome};
use gwlog_core::line::{FieldValue, LineError, Matcher, ParsedLine};
use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;

/// Arguments of `gwlog parse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File holding the format (byte for byte), or `-` for stdin.
    #[arg(long = "format", value_name = "FORMAT_FILE")]
    format_file: PathBuf,
    /// The API type of the stage.
    #[arg(long, value_enum, default_value_t)]
    api: ApiArg,
    /// Log lines to parse, or `-` for stdin (the default). Blank lines are skipped.
    #[arg(default_value = "-")]
    lines_file: PathBuf,
}

/// Bytes gathered before each write on one thread: the size of the `BufWriter` this command
/// used to write through, so that a reader that leaves early (`gwlog parse … | head`) sees the
/// same outcome (see [`write_part`]).
const WRITE_BYTES: usize = 8 * 1024;
/// Inputs smaller than this are parsed on this thread: starting workers would cost more.
const PARALLEL_BYTES: usize = 4 * input::CHUNK_BYTES;
/// Workers at most, however many cores there are.
const MAX_WORKERS: usize = 8;
/// Chunks handed to each worker before waiting for its oldest one.
const DEPTH: usize = 2;

/// Run `gwlog parse`.
pub fn run(args: &Args) -> Result<Outcome, Box<dyn Error>> {
    if args.format_file.as_os_str() == "-" && args.lines_file.as_os_str() == "-" {
        return Err(
            "the format and the lines cannot both come from stdin: give a file for one of them"
                .into(),
        );
    }
    let format = input::read_text(&args.format_file, "format")?;
    let mut lines = input::LineChunks::open(&args.lines_file, "log lines")?;
    let matcher = Matcher::new(&format, args.api.into());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_WORKERS);
    let mut stdout = std::io::stdout().lock();
    let findings = if workers > 1 && lines.size() >= PARALLEL_BYTES {
        in_parallel(&matcher, &mut lines, workers, &mut stdout)?
    } else {
        in_sequence(&matcher, &mut lines, &mut stdout)?
    };
    Ok(if findings {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Parse and print every line on this thread; whether any line failed.
fn in_sequence(
    matcher: &Matcher,
    lines: &mut input::LineChunks,
    stdout: &mut impl Write,
) -> Result<bool, Box<dyn Error>> {
    lines.check()?;
    let mut chunk = Vec::new();
    let mut out = Vec::with_capacity(2 * WRITE_BYTES);
    let mut layout = Layout::default();
    let (mut base, mut findings) = (0, false);
    while lines.next_into(&mut chunk)? {
        for line in matcher.parse_lines(lines.text(&chunk)?) {
            findings |= line.result.is_err();
            write_record(&mut out, base + line.number, &line.result, &mut layout);
            if out.len() >= WRITE_BYTES {
                write_part(stdout, &out)?;
                out.clear();
            }
        }
        base += count_newlines(&chunk);
    }
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(findings)
}

/// A write before the end. It fails as the JSON writer failed when it wrote through a
/// `BufWriter` (`gwlog: Broken pipe (os error 32)`, exit 2, when the reader has gone); the last
/// few KiB are written as a plain I/O error, as the `BufWriter`'s final flush did (exit 0).
fn write_part(stdout: &mut impl Write, bytes: &[u8]) -> Result<(), serde_json::Error> {
    stdout.write_all(bytes).map_err(serde_json::Error::io)
}

mod json_out;
mod parallel;
mod record;

use json_out::*;
use parallel::*;
use record::*;

#[cfg(test)]
mod tests {
    use super::*;
    use gwlog_core::api::ApiType;
    use serde::ser::{Serialize, SerializeMap, Serializer};

    /// The record as this command first wrote it, through `serde`: the reference for every byte.
    struct Record<'r, 'a> {
        line: usize,
        result: &'r Result<ParsedLine<'a>, LineError>,
    }

    impl Serialize for Record<'_, '_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("line", &self.line)?;
            map.serialize_entry("ok", &self.result.is_ok())?;
            match self.result {
                Ok(parsed) => {
                    map.serialize_entry("fields", &Fields(parsed))?;
                    let warnings = warnings(parsed);
                    if !warnings.is_empty() {
                        map.serialize_entry("warnings", &warnings)?;
                    }
                }
                Err(error) => map.serialize_entry("error", error)?,
            }
            map.end()
        }
    }

    struct Fields<'r, 'a>(&'r ParsedLine<'a>);

    impl Serialize for Fields<'_, '_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut seen: Vec<&str> = Vec::new();
            let mut map = serializer.serialize_map(None)?;
            for field in &self.0.fields {
                if seen.contains(&field.variable) {
                    continue;
                }
                seen.push(field.variable);
                map.serialize_entry(
                    field.variable,
                    self.0.value(field.variable).unwrap_or(&field.value),
                )?;
            }
            map.end()
        }
    }

    /// Every line of `lines`, written both ways, one layout kept across lines as in `run`.
    fn assert_same_output(format: &str, api: ApiType, lines: &str) {
        let matcher = Matcher::new(format, api);
        let mut layout = Layout::default();
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        for line in matcher.parse_lines(lines) {
            write_record(&mut fast, line.number, &line.result, &mut layout);
            let record = Record {
                line: line.number,
                result: &line.result,
            };
            serde_json::to_writer(&mut reference, &record).unwrap();
            reference.push(b'\n');
        }
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            String::from_utf8(reference).unwrap()
        );
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_char: String = (0..=0x7F_u8).map(char::from).collect();
        every_char.push_str("é€😀\u{2028}\u{FFFF}");
        let mut samples = vec![String::new(), every_char.clone()];
        // Each special byte at each position of a word, alone and in runs.
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{7F}", " ", "é"] {
            for at in 0..20 {
                let mut text = "abcdefghijklmnopqrstu".to_owned();
                text.insert_str(at, special);
                samples.push(text.clone());
                samples.push(text.repeat(3));
            }
        }
        samples.push(every_char.repeat(5));
        for text in samples {
            let mut fast = Vec::new();
            write_str(&mut fast, &text);
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for number in [0, 1, 9, 10, 99, 100, 12_345, -1, -10, i64::MAX, i64::MIN] {
            let mut fast = Vec::new();
            write_value(&mut fast, &FieldValue::Integer(number));
            assert_eq!(fast, serde_json::to_vec(&number).unwrap());
        }
        let mut edges = vec![
            u64::MAX,
            u64::MAX - 1,
            u64::from(u32::MAX),
            u64::from(u32::MAX) + 1,
        ];
        edges.extend((0..20).flat_map(|e| {
            let power = 10u64.pow(e);
            [power - 1, power, power + 1]
        }));
        edges.extend(0..100_000);
        for number in edges {
            let mut fast = Vec::new();
            write_u64(&mut fast, number);
            assert_eq!(fast, serde_json::to_vec(&number).unwrap(), "{number}");
        }
    }

    #[test]
    fn clf_lines_good_and_bad() {
        let format = r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId"#;
        let lines = concat!(
            "189.118.207.87 - -UhLtjnRTf [14/Nov/2023:21:53:25 +0000]\"GET GdaN:57A /v1/31957\" 200 1775 3a7d19fb-9508-0aae-fe32-fd40f48bf9ee 6LrO4CqMnWAl0pR=\n",
            "\n",
            "not a log line\r\n",
            "77.205.164.149 - - [14/Nov/2023:21:16:12 +0000]\"HEAD /pets \\\"x\\\" /search\" 23x8 - fDNplMTyPzFIult= AxjRaWHsB7V_lx6=\n",
            "1.2.3.4 - - [14/Nov/2023:21:16:12 +0000]\"GET /a\tb HTTP/1.1\" 200 -5 zzz -",
        );
        assert_same_output(format, ApiType::Rest, lines);
    }

    #[test]
    fn json_lines_including_not_json_and_odd_values() {
        let format = r#"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "status":"$context.status", "len":$context.responseLength, "msg":"$context.error.message", "route":"$context.httpMethod $context.resourcePath" }"#;
        let lines = concat!(
            r#"{ "requestId":"a6fcadaa-160d-b5bb-973d-c6669f72212d", "ip": "184.185.18.40", "caller":"-", "status":"500", "len":12, "msg":"a \"quoted\" \\ é \u0001", "route":"GET /pets" }"#,
            "\n",
            r#"{"len":-,"status":"20O","ip":"::1","requestId":"x","caller":"c","msg":"m","route":"POST /"}"#,
            "\n",
            r#"{ "requestId":"a6fcadaa-160d-b5bb-973d-c6669f72212d", "ip": "1.1.1.1", "caller":"-", "status":"200", "len":-, "msg":""Unauthorized"", "route":"GET /" }"#,
            "\n",
            "{\"broken\n",
            "[1,2]\n",
        );
        assert_same_output(format, ApiType::Rest, lines);
    }

    #[test]
    fn repeated_variables_appear_once_with_the_first_non_null_value() {
        let format = "$context.requestId $context.status $context.requestId $context.status";
        let lines = concat!(
            "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 2OO - 200\n",
            "- - 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 -\n",
            "- - - -\n",
            "a b c\n",
        );
        assert_same_output(format, ApiType::Rest, lines);
        // Lines whose fields come in another order or number (JSON keys repeated or missing).
        let format = r#"{"a":"$context.requestId","b":"$context.status","c":"$context.requestId"}"#;
        let lines = concat!(
            r#"{"a":"-","b":"200","c":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5"}"#,
            "\n",
            r#"{"c":"x","b":"200","a":"y"}"#,
            "\n",
            r#"{"b":"200","a":"-"}"#,
            "\n",
            r#"{"a":"-","b":-,"c":"-"}"#,
            "\n",
        );
        assert_same_output(format, ApiType::Http, lines);
    }

    #[test]
    fn line_breaks_are_counted_in_every_position() {
        let mut bytes = Vec::new();
        for length in 0..3000 {
            bytes.push(if length % 3 == 0 || length % 7 == 1 {
                b'\n'
            } else {
                b'a' + (length % 26) as u8
            });
            let expected = bytes.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(count_newlines(&bytes), expected, "{length}");
        }
        assert_eq!(count_newlines(&[b'\n'; 5000]), 5000);
        assert_eq!(count_newlines(&[0x8A; 100]), 0);
        assert_eq!(count_newlines(&[0x0B; 100]), 0);
    }

    /// A large input with failures, blank lines, CRLF and no final line break, as a file.
    fn large_input(format: &str) -> (tempfile::NamedTempFile, String) {
        let mut text = String::new();
        let lines = gwlog_core::synth::lines(format, ApiType::Rest, 12_000, 9, 1_700_000_000_000);
        for (index, line) in lines.iter().enumerate() {
            match index % 97 {
                0 => text.push_str("not a log line"),
                1 => text.extend(line.chars().take(line.len() / 2)),
                2 => {}
                3 => text.push_str(&line.replacen(' ', " é\"\\ \u{1}", 1)),
                4 => {
                    text.push_str(line);
                    text.push('\r');
                }
                _ => text.push_str(line),
            }
            text.push('\n');
        }
        text.push_str(&lines[0]);
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        (file, text)
    }

    /// The reference rendering of all of `text` at once, as the command first printed it.
    fn reference(matcher: &Matcher, text: &str) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let mut findings = false;
        for line in matcher.parse_lines(text) {
            findings |= line.result.is_err();
            let record = Record {
                line: line.number,
                result: &line.result,
            };
            serde_json::to_writer(&mut out, &record).unwrap();
            out.push(b'\n');
        }
        (out, findings)
    }

    #[test]
    fn chunks_on_one_thread_or_several_print_what_the_whole_input_gives() {
        for format in [
            r#"$context.identity.sourceIp $context.identity.caller [$context.requestTime] "$context.httpMethod $context.resourcePath" $context.status $context.responseLength $context.requestId"#,
            r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status","len":$context.responseLength,"path":"$context.resourcePath"}"#,
        ] {
            let (file, text) = large_input(format);
            assert!(text.len() > PARALLEL_BYTES, "{}", text.len());
            let matcher = Matcher::new(format, ApiType::Rest);
            let (expected, expected_findings) = reference(&matcher, &text);
            assert!(expected_findings);
            for workers in [0, 1, 2, 3] {
                let mut lines = input::LineChunks::open(file.path(), "log lines").unwrap();
                let mut out = Vec::new();
                let findings = if workers == 0 {
                    in_sequence(&matcher, &mut lines, &mut out).unwrap()
                } else {
                    in_parallel(&matcher, &mut lines, workers, &mut out).unwrap()
                };
                assert_eq!(findings, expected_findings, "{workers} workers");
                assert!(out == expected, "{workers} workers: output differs");
            }
        }
    }

    #[test]
    fn a_large_input_that_is_not_utf8_prints_nothing() {
        let format = "$context.requestId $context.status";
        let mut bytes = "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 200\n"
            .repeat(2 * PARALLEL_BYTES / 40)
            .into_bytes();
        bytes.extend_from_slice(b"\xff 200\n");
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, &bytes).unwrap();
        let matcher = Matcher::new(format, ApiType::Rest);
        for workers in [0, 2] {
            let mut lines = input::LineChunks::open(file.path(), "log lines").unwrap();
            let mut out = Vec::new();
            let error = if workers == 0 {
                in_sequence(&matcher, &mut lines, &mut out).unwrap_err()
            } else {
                in_parallel(&matcher, &mut lines, workers, &mut out).unwrap_err()
            };
            assert!(
                error.to_string().ends_with("it is not UTF-8 text"),
                "{error}"
            );
            assert!(out.is_empty(), "{workers} workers");
        }
    }

    #[test]
    fn a_format_without_variables() {
        assert_same_output("static text", ApiType::Rest, "static text\nother\n");
    }
}
