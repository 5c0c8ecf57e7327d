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

/// A chunk of whole lines for a worker, the number of lines before it, and a buffer to reuse.
struct Job {
    input: Vec<u8>,
    base: usize,
    output: Vec<u8>,
}

/// A worker's rendering of a chunk, and the chunk's buffer to reuse.
struct Done {
    input: Vec<u8>,
    output: Vec<u8>,
    findings: bool,
    /// `false` when the chunk was not UTF-8 (the file changed after it was checked).
    text: bool,
}

/// Parse chunks of lines on `workers` threads, printing their output in input order; whether
/// any line failed. The output is the same as [`in_sequence`]'s, byte for byte.
fn in_parallel(
    matcher: &Matcher,
    lines: &mut input::LineChunks,
    workers: usize,
    stdout: &mut impl Write,
) -> Result<bool, Box<dyn Error>> {
    std::thread::scope(|scope| {
        let mut queues = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (jobs, job_queue) = mpsc::channel();
            let (done_queue, done) = mpsc::channel();
            let worker = std::thread::Builder::new()
                .name("gwlog-parse".to_owned())
                .spawn_scoped(scope, move || work(matcher, job_queue, done_queue));
            if worker.is_err() {
                break;
            }
            queues.push((jobs, done));
        }
        if queues.is_empty() {
            return in_sequence(matcher, lines, stdout);
        }
        // Returning drops the queues, which stops the workers, even on an error.
        feed(&queues, lines, stdout)
    })
}

/// A worker: render each chunk it is given, until the queue closes or the results are unwanted.
fn work(matcher: &Matcher, jobs: mpsc::Receiver<Job>, results: mpsc::Sender<Done>) {
    let mut layout = Layout::default();
    for mut job in jobs {
        job.output.clear();
        let (findings, text) = match std::str::from_utf8(&job.input) {
            Ok(text) => {
                let findings = render(matcher, text, job.base, &mut layout, &mut job.output);
                (findings, true)
            }
            Err(_) => (false, false),
        };
        let done = Done {
            input: job.input,
            output: job.output,
            findings,
            text,
        };
        if results.send(done).is_err() {
            break;
        }
    }
}

/// Hand chunks to the workers in turn and print their results in the same order.
fn feed(
    queues: &[(mpsc::Sender<Job>, mpsc::Receiver<Done>)],
    lines: &mut input::LineChunks,
    stdout: &mut impl Write,
) -> Result<bool, Box<dyn Error>> {
    let workers = queues.len();
    let mut spare: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let (mut sent, mut printed, mut base, mut findings) = (0, 0, 0, false);
    loop {
        if sent - printed == workers * DEPTH {
            // The workers have their first chunks: check the input while they parse them.
            lines.check()?;
            let done = queues[printed % workers]
                .1
                .recv()
                .map_err(|_| WORKER_GONE)?;
            printed += 1;
            findings |= print(done, lines, stdout, &mut spare)?;
        }
        let (mut input, output) = spare.pop().unwrap_or_default();
        if !lines.next_into(&mut input)? {
            break;
        }
        let job = Job {
            base,
            output,
            input,
        };
        base += count_newlines(&job.input);
        queues[sent % workers]
            .0
            .send(job)
            .map_err(|_| WORKER_GONE)?;
        sent += 1;
    }
    lines.check()?;
    while printed < sent {
        let done = queues[printed % workers]
            .1
            .recv()
            .map_err(|_| WORKER_GONE)?;
        printed += 1;
        if printed < sent {
            findings |= print(done, lines, stdout, &mut spare)?;
        } else {
            // The last chunk: its end is written as the final flush was.
            if !done.text {
                return Err(lines.not_utf8().into());
            }
            let (body, end) = done
                .output
                .split_at(done.output.len().saturating_sub(WRITE_BYTES));
            write_part(stdout, body)?;
            stdout.write_all(end)?;
            findings |= done.findings;
        }
    }
    stdout.flush()?;
    Ok(findings)
}

/// Print a worker's output and keep its buffers for reuse; whether its lines had a failure.
fn print(
    done: Done,
    lines: &input::LineChunks,
    stdout: &mut impl Write,
    spare: &mut Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<bool, Box<dyn Error>> {
    if !done.text {
        return Err(lines.not_utf8().into());
    }
    write_part(stdout, &done.output)?;
    spare.push((done.input, done.output));
    Ok(done.findings)
}

/// Append the record of every line of `text`, numbered after `base` lines; whether any failed.
fn render(
    matcher: &Matcher,
    text: &str,
    base: usize,
    layout: &mut Layout,
    out: &mut Vec<u8>,
) -> bool {
    let mut findings = false;
    for line in matcher.parse_lines(text) {
        findings |= line.result.is_err();
        write_record(out, base + line.number, &line.result, layout);
    }
    findings
}

/// How many `\n` bytes `bytes` holds, a word at a time.
fn count_newlines(bytes: &[u8]) -> usize {
    const LOW_HALVES: u64 = 0x00FF_00FF_00FF_00FF;
    let words = bytes.len() / 8;
    let (mut count, mut index) = (0, 0);
    while index < words {
        // Each byte of `sums` counts the line breaks at its place in up to 255 words.
        let mut sums = 0;
        let end = (index + 255).min(words);
        while index < end {
            let at = index * 8;
            let word = word_of(&bytes[at..at + 8]);
            let x = word ^ (ONES * u64::from(b'\n'));
            // The high bit of each byte of `nonzero` is set when that byte of `x` is not zero.
            let nonzero = ((x & !HIGHS).wrapping_add(!HIGHS)) | x;
            sums += (!nonzero & HIGHS) >> 7;
            index += 1;
        }
        // Add the 8 byte counts: pairs into 16-bit lanes, then the lanes into the top one.
        let pairs = (sums & LOW_HALVES) + ((sums >> 8) & LOW_HALVES);
        count += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
    }
    count + bytes[words * 8..].iter().filter(|&&b| b == b'\n').count()
}

/// Append one output line: `{"line":N,"ok":true,"fields":{…}}` (with `"warnings":[…]` when
/// there are any) or `{"line":N,"ok":false,"error":{…}}`, then a line break.
fn write_record(
    out: &mut Vec<u8>,
    number: usize,
    result: &Result<ParsedLine<'_>, LineError>,
    layout: &mut Layout,
) {
    out.extend_from_slice(b"{\"line\":");
    write_u64(out, number as u64);
    match result {
        Ok(parsed) => {
            out.extend_from_slice(b",\"ok\":true,\"fields\":{");
            write_fields(out, parsed, layout);
            out.push(b'}');
            if parsed.not_json.is_some() || parsed.fields.iter().any(|f| !f.shape_ok) {
                out.extend_from_slice(b",\"warnings\":");
                write_serde(out, &warnings(parsed));
            }
        }
        Err(error) => {
            out.extend_from_slice(b",\"ok\":false,\"error\":");
            write_serde(out, error);
        }
    }
    out.extend_from_slice(b"}\n");
}

/// A line's fields as the members of a JSON object keyed by variable, in format order; a
/// variable used twice appears once, with the value `ParsedLine::value` gives it (the first
/// non-null occurrence).
fn write_fields(out: &mut Vec<u8>, parsed: &ParsedLine<'_>, layout: &mut Layout) {
    // A slice, not the `Vec`: its indexing is inlined at every optimisation level.
    let fields = parsed.fields.as_slice();
    for member in layout.members(parsed) {
        let mut value = &fields[member.index].value;
        if matches!(value, FieldValue::Null) {
            if let Some(other) = member
                .repeats
                .iter()
                .map(|&j| &fields[j].value)
                .find(|v| !matches!(v, FieldValue::Null))
            {
                value = other;
            }
        }
        let key = member.key_and_quote.as_slice();
        match value {
            FieldValue::Text(text) => {
                // The key and the string's opening quote in one copy.
                out.extend_from_slice(key);
                write_escaped(out, text);
                out.push(b'"');
            }
            _ => {
                out.extend_from_slice(&key[..key.len() - 1]);
                write_value(out, value);
            }
        }
    }
}

/// Which fields of a line become which members of its `fields` object, worked out once per
/// sequence of variables (lines of one format nearly always have the same one).
#[derive(Debug, Default)]
struct Layout {
    /// Where each field's variable name is in memory, with its length: the names are borrowed
    /// from the matcher (or the input) for the whole run, so the same addresses mean the same
    /// names, and the members below still apply.
    names: Vec<(usize, usize)>,
    members: Vec<Member>,
}

#[derive(Debug)]
struct Member {
    /// `"name":"`, preceded by a comma for every member but the first.
    key_and_quote: Vec<u8>,
    /// The field of the variable's first occurrence.
    index: usize,
    /// The fields of its later occurrences.
    repeats: Vec<usize>,
}

impl Layout {
    fn members(&mut self, parsed: &ParsedLine<'_>) -> &[Member] {
        let fields = &parsed.fields;
        let same = self.names.len() == fields.len()
            && self
                .names
                .iter()
                .zip(fields)
                .all(|(&name, field)| name == address(field.variable));
        if !same {
            self.names = fields.iter().map(|f| address(f.variable)).collect();
            self.members.clear();
            for (index, field) in fields.iter().enumerate() {
                let name = field.variable;
                if fields[..index].iter().any(|f| f.variable == name) {
                    continue;
                }
                let mut key = Vec::new();
                if !self.members.is_empty() {
                    key.push(b',');
                }
                write_str(&mut key, name);
                key.extend_from_slice(b":\"");
                let repeats = (index + 1..fields.len())
                    .filter(|&j| fields[j].variable == name)
                    .collect();
                self.members.push(Member {
                    key_and_quote: key,
                    index,
                    repeats,
                });
            }
        }
        &self.members
    }
}

fn address(name: &str) -> (usize, usize) {
    (name.as_ptr() as usize, name.len())
}

/// Things that parsed but are not what API Gateway normally writes: a value of an unexpected
/// shape, or (for JSON formats) a line that is not valid JSON.
fn warnings(parsed: &ParsedLine<'_>) -> Vec<LineError> {
    let odd_values = parsed
        .fields
        .iter()
        .filter(|f| !f.shape_ok)
        .map(|field| LineError {
            offset: field.span.start,
            span: field.span,
            message: format!(
                "{} has a value API Gateway would not write for its type ({})",
                field.variable,
                field.value_type.as_str()
            ),
        });
    parsed.not_json.iter().cloned().chain(odd_values).collect()
}

/// `value` as `serde_json` writes it (the rare parts of a record: errors and warnings).
fn write_serde(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    // Writing into a `Vec` cannot fail, and these types always serialize; were one not to, the
    // record still gets a valid JSON value.
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}

/// A typed value as JSON: `null`, a number or a string.
fn write_value(out: &mut Vec<u8>, value: &FieldValue<'_>) {
    match value {
        FieldValue::Null => out.extend_from_slice(b"null"),
        FieldValue::Integer(number) => {
            if *number < 0 {
                out.push(b'-');
            }
            write_u64(out, number.unsigned_abs());
        }
        FieldValue::Text(text) => write_str(out, text),
    }
}

/// Decimal digits of `number`, two at a time, in 32 bits when it fits: at the size-optimised
/// release profile, every division is a real `div` instruction.
fn write_u64(out: &mut Vec<u8>, number: u64) {
    /// "00", "01", …, "99".
    const PAIRS: [u8; 200] = {
        let mut pairs = [0u8; 200];
        let mut n = 0;
        while n < 100 {
            pairs[2 * n] = b'0' + (n / 10) as u8;
            pairs[2 * n + 1] = b'0' + (n % 10) as u8;
            n += 1;
        }
        pairs
    };
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut wide = number;
    while wide > u64::from(u32::MAX) {
        start -= 1;
        digits[start] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut rest = wide as u32;
    while rest >= 100 {
        let pair = (rest % 100) as usize * 2;
        rest /= 100;
        start -= 2;
        digits[start] = PAIRS[pair];
        digits[start + 1] = PAIRS[pair + 1];
    }
    if rest >= 10 {
        let pair = rest as usize * 2;
        start -= 2;
        digits[start] = PAIRS[pair];
        digits[start + 1] = PAIRS[pair + 1];
    } else {
        start -= 1;
        digits[start] = b'0' + rest as u8;
    }
    out.extend_from_slice(&digits[start..]);
}

/// What `serde_json` writes for a byte inside a string: 0 for the byte itself, `u` for
/// `\u00XX`, or the letter after the backslash.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether any of the 8 bytes of `word` must be escaped: a control character, `"` or `\`.
#[inline(always)] // A few instructions, run for every word of every value.
fn needs_escape(word: u64) -> bool {
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGHS != 0
}

/// `text` as a JSON string, escaped exactly as `serde_json` escapes it.
fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_escaped(out, text);
    out.push(b'"');
}

/// The inside of [`write_str`]: `text` escaped, without the quotes.
fn write_escaped(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if needs_no_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        write_escaped_bytes(out, bytes);
    }
}

/// The 8 bytes of `chunk` (exactly 8 long) as one word.
fn word_of(chunk: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(chunk);
    u64::from_ne_bytes(bytes)
}

/// What a run reports if a parse worker stops before its chunk is done (only a bug does that).
const WORKER_GONE: &str = "a parse worker stopped before finishing its part of the input";

/// Whether no byte of `bytes` needs an escape, a word at a time (nearly every value).
fn needs_no_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let word = word_of;
    if words.any(|chunk| needs_escape(word(chunk))) {
        return false;
    }
    // The last few bytes in a word of their own, padded with spaces (which need no escape).
    let mut last = [b' '; 8];
    for (slot, &byte) in last.iter_mut().zip(words.remainder()) {
        *slot = byte;
    }
    !needs_escape(u64::from_ne_bytes(last))
}

/// [`write_escaped`] for a value with something to escape.
fn write_escaped_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Skip whole words that need no escape, then look at the next word byte by byte.
        while let Some(chunk) = bytes.get(index..index + 8) {
            let word = word_of(chunk);
            if needs_escape(word) {
                break;
            }
            index += 8;
        }
        let end = (index + 8).min(bytes.len());
        while index < end {
            let byte = bytes[index];
            let escape = ESCAPE[usize::from(byte)];
            if escape != 0 {
                out.extend_from_slice(&bytes[start..index]);
                match escape {
                    b'u' => out.extend_from_slice(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(byte >> 4)],
                        HEX[usize::from(byte & 0xF)],
                    ]),
                    letter => out.extend_from_slice(&[b'\\', letter]),
                }
                start = index + 1;
            }
            index += 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

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
