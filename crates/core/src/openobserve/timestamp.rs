//! `_timestamp`: which values OpenObserve accepts as a record's event time, and which it drops.
//!
//! After flattening, OpenObserve looks only at the column `_timestamp`. Missing or `null` means
//! "now". Otherwise the value must parse ([`parse_timestamp`]) and fall inside the ingestion window
//! ([`check_window`]: not older than 5 h, not more than 24 h ahead, by default), or the record is
//! dropped while the request still answers 200. The stored value is microseconds since the epoch.
//!
//! Accepted values, as in OpenObserve's `parse_timestamp_micro_from_value`:
//!
//! | Value | Read as |
//! |---|---|
//! | integer, or a string of one (`1755786979123`) | unit by magnitude: above 1971-01-01 in ns → ns; in µs → µs; in ms → ms; else seconds |
//! | other number, or a string `f64` accepts (`1.7e9`) | truncated to an integer, then as above |
//! | `0` (any spelling) | now |
//! | `YYYY-MM-DD HH:MM:SS` | UTC |
//! | `YYYY-MM-DDTHH:MM:SS`, `….fff`, `….ffffff` | UTC |
//! | RFC 3339 (`2026-08-21T14:36:19.5+02:00`) | its offset |
//! | RFC 2822 (`Thu, 21 Aug 2026 14:36:19 +0000`) | its zone |
//! | anything else, e.g. CLF `21/Aug/2026:14:36:19 +0000` (`$context.requestTime`) | error: the record is dropped |
//!
//! Written by hand (no chrono) to keep the WebAssembly build small.
//!
//! ```
//! use gwlog_core::openobserve::timestamp::{check_window, parse_timestamp, Window};
//! use serde_json::json;
//!
//! let now = 1_755_786_979_000_000; // µs
//! let ts = parse_timestamp(&json!("1755786979123")).unwrap(); // requestTimeEpoch, ms
//! assert_eq!(ts, 1_755_786_979_123_000);
//! assert_eq!(check_window(ts, now), Window::Inside);
//! assert!(parse_timestamp(&json!("21/Aug/2025:14:36:19 +0000")).is_err());
//! ```

use serde::Serialize;
use serde_json::Value;
use std::fmt;

const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_HOUR: i64 = 3_600 * MICROS_PER_SECOND;

/// 1971-01-01T00:00:00Z in seconds: the magnitude thresholds are this instant in ns, µs and ms.
const BASE_SECONDS: i64 = 31_536_000;

/// OpenObserve's default `ZO_INGEST_ALLOWED_UPTO`: 5 hours back.
pub const DEFAULT_ALLOWED_UPTO_MICROS: i64 = 5 * MICROS_PER_HOUR;

/// OpenObserve's default `ZO_INGEST_ALLOWED_IN_FUTURE`: 24 hours ahead.
pub const DEFAULT_ALLOWED_IN_FUTURE_MICROS: i64 = 24 * MICROS_PER_HOUR;

/// The unit an integer timestamp is read in, chosen by its magnitude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Above 1971-01-01 expressed in nanoseconds.
    Nanoseconds,
    /// Above 1971-01-01 expressed in microseconds.
    Microseconds,
    /// Above 1971-01-01 expressed in milliseconds.
    Milliseconds,
    /// Anything smaller (including negative numbers).
    Seconds,
}

impl Unit {
    /// The unit OpenObserve assumes for the integer `value` (not meaningful for 0, which means now).
    pub fn of(value: i64) -> Unit {
        if value > BASE_SECONDS * 1_000_000_000 {
            Unit::Nanoseconds
        } else if value > BASE_SECONDS * 1_000_000 {
            Unit::Microseconds
        } else if value > BASE_SECONDS * 1_000 {
            Unit::Milliseconds
        } else {
            Unit::Seconds
        }
    }
}

/// Converts an integer timestamp to microseconds, choosing the unit by magnitude. `0` stays `0`
/// (OpenObserve replaces it with the current time; see [`resolve_timestamp`]). Overflow wraps, as in
/// OpenObserve's release build.
pub fn micros_from_integer(value: i64) -> i64 {
    if value == 0 {
        return 0;
    }
    match Unit::of(value) {
        Unit::Nanoseconds => value / 1_000,
        Unit::Microseconds => value,
        Unit::Milliseconds => value.wrapping_mul(1_000),
        Unit::Seconds => value.wrapping_mul(1_000_000),
    }
}

/// Why a `_timestamp` value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimestampError {
    /// The offending value, as JSON text.
    pub input: String,
    /// What is wrong with it.
    pub kind: TimestampErrorKind,
}

/// The ways a `_timestamp` value fails to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TimestampErrorKind {
    /// Neither a string nor a number (`true`, an array rendered as text…).
    NotStringOrNumber,
    /// A CLF time such as `$context.requestTime` renders (`21/Aug/2026:14:36:19 +0000`).
    ClfTime,
    /// A string in none of the accepted shapes.
    UnrecognisedString,
    /// The right shape, but not a real date or time (month 13, 30 February, 24:00…).
    OutOfRange,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TimestampErrorKind::NotStringOrNumber => write!(
                f,
                "_timestamp {} is neither a number nor a string: OpenObserve drops the record",
                self.input
            ),
            TimestampErrorKind::ClfTime => write!(
                f,
                "_timestamp {} is a CLF time ($context.requestTime), which OpenObserve cannot parse: \
                 every record is dropped; use \"$context.requestTimeEpoch\" instead",
                self.input
            ),
            TimestampErrorKind::UnrecognisedString => write!(
                f,
                "_timestamp {} is not an epoch number, `YYYY-MM-DD HH:MM:SS`, RFC 3339 or RFC 2822: \
                 OpenObserve drops the record",
                self.input
            ),
            TimestampErrorKind::OutOfRange => write!(
                f,
                "_timestamp {} is not a valid date and time: OpenObserve drops the record",
                self.input
            ),
        }
    }
}

impl std::error::Error for TimestampError {}

/// What a `_timestamp` value means before the window check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsed {
    /// A number equal to zero, which OpenObserve replaces with "now".
    Zero,
    /// Microseconds since the epoch.
    Micros(i64),
}

/// Parses a `_timestamp` value to microseconds since the epoch, as OpenObserve does.
///
/// A value that is numerically zero (`0`, `"0"`, `0.0`) returns `Ok(0)`; OpenObserve then uses the
/// current time ([`resolve_timestamp`] does this for you). `null` is not a value here: OpenObserve
/// treats a `null` `_timestamp` like a missing one.
pub fn parse_timestamp(value: &Value) -> Result<i64, TimestampError> {
    match parse_value(value)? {
        Parsed::Zero => Ok(0),
        Parsed::Micros(micros) => Ok(micros),
    }
}

/// Parses a `_timestamp` string (see [`parse_timestamp`]).
pub fn parse_timestamp_str(text: &str) -> Result<i64, TimestampError> {
    parse_timestamp(&Value::String(text.to_string()))
}

fn parse_value(value: &Value) -> Result<Parsed, TimestampError> {
    let error = |kind| TimestampError {
        input: value.to_string(),
        kind,
    };
    match value {
        Value::Number(n) => {
            let integer = if let Some(i) = n.as_i64() {
                i
            } else if let Some(u) = n.as_u64() {
                u as i64
            } else {
                n.as_f64().map_or(0, |f| f as i64)
            };
            Ok(from_integer(integer))
        }
        Value::String(s) => parse_string(s).map_err(error),
        _ => Err(error(TimestampErrorKind::NotStringOrNumber)),
    }
}

fn from_integer(value: i64) -> Parsed {
    if value == 0 {
        Parsed::Zero
    } else {
        Parsed::Micros(micros_from_integer(value))
    }
}

fn parse_string(s: &str) -> Result<Parsed, TimestampErrorKind> {
    if let Ok(i) = s.parse::<i64>() {
        return Ok(from_integer(i));
    }
    if let Ok(f) = s.parse::<f64>() {
        return Ok(from_integer(f as i64));
    }
    let micros = if s.contains(' ') && s.len() == 19 {
        naive(s, b' ', None)?
    } else if s.contains('T') && !s.contains(' ') {
        if s.len() == 19 {
            naive(s, b'T', None)?
        } else if let Some(fraction) = s.rsplit('.').next().filter(|_| s.contains('.')) {
            match fraction.len() {
                3 | 6 => naive(s, b'T', Some(fraction.len()))?,
                _ => rfc3339(s)?,
            }
        } else {
            rfc3339(s)?
        }
    } else {
        rfc2822(s).map_err(|kind| {
            if looks_like_clf(s) {
                TimestampErrorKind::ClfTime
            } else {
                kind
            }
        })?
    };
    Ok(Parsed::Micros(micros))
}

/// `dd/Mon/yyyy:HH:MM:SS ±hhmm`, the shape of `$context.requestTime`.
fn looks_like_clf(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[2] == b'/'
        && b[6] == b'/'
        && b[11] == b':'
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[7..11].iter().all(u8::is_ascii_digit)
}

/// A cursor over ASCII digits and separators.
struct Scan<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Scan<'a> {
    fn new(s: &'a str) -> Self {
        Scan {
            s: s.as_bytes(),
            pos: 0,
        }
    }

    fn digits(&mut self, n: usize) -> Result<i64, TimestampErrorKind> {
        let end = self.pos + n;
        let bytes = self
            .s
            .get(self.pos..end)
            .ok_or(TimestampErrorKind::UnrecognisedString)?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(TimestampErrorKind::UnrecognisedString);
        }
        self.pos = end;
        Ok(bytes
            .iter()
            .fold(0, |acc, b| acc * 10 + i64::from(b - b'0')))
    }

    /// Between `min` and `max` digits; returns the value and how many were read.
    fn digits_between(
        &mut self,
        min: usize,
        max: usize,
    ) -> Result<(i64, usize), TimestampErrorKind> {
        let mut value: i64 = 0;
        let mut count = 0;
        while count < max {
            match self.s.get(self.pos) {
                Some(b) if b.is_ascii_digit() => {
                    value = value
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(i64::from(b - b'0')))
                        .ok_or(TimestampErrorKind::OutOfRange)?;
                    self.pos += 1;
                    count += 1;
                }
                _ => break,
            }
        }
        if count < min {
            return Err(TimestampErrorKind::UnrecognisedString);
        }
        Ok((value, count))
    }

    fn byte(&mut self, expected: u8) -> Result<(), TimestampErrorKind> {
        self.eat(|b| b == expected)
            .then_some(())
            .ok_or(TimestampErrorKind::UnrecognisedString)
    }

    fn eat(&mut self, accept: impl Fn(u8) -> bool) -> bool {
        match self.s.get(self.pos) {
            Some(&b) if accept(b) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        &self.s[self.pos..]
    }

    fn done(&self) -> bool {
        self.pos == self.s.len()
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Validates a date and time and returns microseconds since the epoch at UTC offset 0.
/// A second of 60 (a leap second) counts as the next second, as chrono does.
fn civil_micros(
    (year, month, day): (i64, i64, i64),
    (hour, minute, second): (i64, i64, i64),
    micros: i64,
) -> Result<i64, TimestampErrorKind> {
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second)
        && year.abs() <= 262_143;
    if !valid {
        return Err(TimestampErrorKind::OutOfRange);
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    Ok(seconds * MICROS_PER_SECOND + micros)
}

/// `YYYY-MM-DD?HH:MM:SS` then, if `fraction` is set, `.` and exactly that many digits; UTC.
fn naive(s: &str, separator: u8, fraction: Option<usize>) -> Result<i64, TimestampErrorKind> {
    let mut scan = Scan::new(s);
    let date = date(&mut scan)?;
    scan.byte(separator)?;
    let time = time(&mut scan)?;
    let micros = match fraction {
        Some(width) => {
            scan.byte(b'.')?;
            let value = scan.digits(width)?;
            if width == 3 {
                value * 1_000
            } else {
                value
            }
        }
        None => 0,
    };
    if !scan.done() {
        return Err(TimestampErrorKind::UnrecognisedString);
    }
    civil_micros(date, time, micros)
}

fn date(scan: &mut Scan<'_>) -> Result<(i64, i64, i64), TimestampErrorKind> {
    let year = scan.digits(4)?;
    scan.byte(b'-')?;
    let month = scan.digits(2)?;
    scan.byte(b'-')?;
    let day = scan.digits(2)?;
    Ok((year, month, day))
}

fn time(scan: &mut Scan<'_>) -> Result<(i64, i64, i64), TimestampErrorKind> {
    let hour = scan.digits(2)?;
    scan.byte(b':')?;
    let minute = scan.digits(2)?;
    scan.byte(b':')?;
    let second = scan.digits(2)?;
    Ok((hour, minute, second))
}

/// RFC 3339: `YYYY-MM-DD(T|t| )HH:MM:SS[.digits](Z|z|±HH:MM)`; digits past the 6th are ignored.
fn rfc3339(s: &str) -> Result<i64, TimestampErrorKind> {
    let mut scan = Scan::new(s);
    let date = date(&mut scan)?;
    if !scan.eat(|b| matches!(b, b'T' | b't' | b' ')) {
        return Err(TimestampErrorKind::UnrecognisedString);
    }
    let time = time(&mut scan)?;
    let mut micros = 0;
    if scan.eat(|b| b == b'.') {
        let (value, count) = scan.digits_between(1, 9)?;
        micros = value * 10_i64.pow(9 - count as u32) / 1_000;
        while scan.eat(|b| b.is_ascii_digit()) {}
    }
    let offset = if scan.eat(|b| b == b'Z' || b == b'z') {
        0
    } else {
        let negative = if scan.eat(|b| b == b'+') {
            false
        } else if scan.eat(|b| b == b'-') {
            true
        } else if scan.rest().starts_with("\u{2212}".as_bytes()) {
            scan.pos += "\u{2212}".len();
            true
        } else {
            return Err(TimestampErrorKind::UnrecognisedString);
        };
        let hours = scan.digits(2)?;
        scan.byte(b':')?;
        let minutes = scan.digits(2)?;
        if hours > 23 || minutes > 59 {
            return Err(TimestampErrorKind::OutOfRange);
        }
        let seconds = hours * 3_600 + minutes * 60;
        if negative {
            -seconds
        } else {
            seconds
        }
    };
    if !scan.done() {
        return Err(TimestampErrorKind::UnrecognisedString);
    }
    Ok(civil_micros(date, time, micros)? - offset * MICROS_PER_SECOND)
}

/// RFC 2822 as chrono reads it: `[Day ","] D Mon YYYY HH:MM[:SS] zone [(comment)]`, with
/// two- and three-digit years mapped to 19xx/20xx and the North American zone names.
fn rfc2822(s: &str) -> Result<i64, TimestampErrorKind> {
    const INVALID: TimestampErrorKind = TimestampErrorKind::UnrecognisedString;
    fn skip_space(scan: &mut Scan<'_>) -> bool {
        let start = scan.pos;
        loop {
            let rest = std::str::from_utf8(scan.rest()).unwrap_or("");
            match rest.chars().next() {
                Some(c) if c.is_whitespace() => scan.pos += c.len_utf8(),
                _ => break,
            }
        }
        scan.pos > start
    }
    fn three_letters(scan: &Scan<'_>) -> Option<[u8; 3]> {
        let r = scan.rest();
        (r.len() >= 3).then(|| [r[0] | 32, r[1] | 32, r[2] | 32])
    }
    const WEEKDAYS: [&[u8; 3]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];

    let mut scan = Scan::new(s);
    skip_space(&mut scan);
    let mut weekday = None;
    if let Some(w) = three_letters(&scan).and_then(|l| WEEKDAYS.iter().position(|d| **d == l)) {
        scan.pos += 3;
        scan.byte(b',')?;
        weekday = Some(w as i64);
    }
    skip_space(&mut scan);
    let (day, _) = scan.digits_between(1, 2)?;
    if !skip_space(&mut scan) {
        return Err(INVALID);
    }
    let month = three_letters(&scan)
        .and_then(|l| MONTHS.iter().position(|m| **m == l))
        .ok_or(INVALID)? as i64
        + 1;
    scan.pos += 3;
    if !skip_space(&mut scan) {
        return Err(INVALID);
    }
    let (mut year, year_digits) = scan.digits_between(2, usize::MAX)?;
    match (year_digits, year) {
        (2, 0..=49) => year += 2000,
        (2, _) | (3, _) => year += 1900,
        _ => {}
    }
    if !skip_space(&mut scan) {
        return Err(INVALID);
    }
    let hour = scan.digits(2)?;
    skip_space(&mut scan);
    scan.byte(b':')?;
    skip_space(&mut scan);
    let minute = scan.digits(2)?;
    let before_seconds = scan.pos;
    skip_space(&mut scan);
    let second = if scan.eat(|b| b == b':') {
        scan.digits(2)?
    } else {
        scan.pos = before_seconds;
        0
    };
    if !skip_space(&mut scan) {
        return Err(INVALID);
    }
    let offset_seconds = rfc2822_zone(&mut scan)?;
    // Optional comments: `(…)` with nesting and `\` escapes, each after optional whitespace.
    loop {
        let before = scan.pos;
        skip_space(&mut scan);
        if !scan.eat(|b| b == b'(') {
            scan.pos = before;
            break;
        }
        let mut depth = 1;
        let mut escaped = false;
        while depth > 0 {
            let Some(b) = scan.peek() else {
                return Err(INVALID);
            };
            scan.pos += 1;
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'(') => depth += 1,
                (false, b')') => depth -= 1,
                _ => {}
            }
        }
    }
    if !scan.done() {
        return Err(INVALID);
    }
    let micros = civil_micros((year, month, day), (hour, minute, second), 0)?;
    if let Some(w) = weekday {
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let days = days_from_civil(year, month, day);
        if (days + 3).rem_euclid(7) != w {
            return Err(TimestampErrorKind::OutOfRange);
        }
    }
    Ok(micros - offset_seconds * MICROS_PER_SECOND)
}

fn rfc2822_zone(scan: &mut Scan<'_>) -> Result<i64, TimestampErrorKind> {
    let letters = scan
        .rest()
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if letters > 0 {
        let name = scan.rest()[..letters].to_ascii_lowercase();
        scan.pos += letters;
        let hours = match name.as_slice() {
            b"gmt" | b"ut" | b"z" => 0,
            b"edt" => -4,
            b"est" | b"cdt" => -5,
            b"cst" | b"mdt" => -6,
            b"mst" | b"pdt" => -7,
            b"pst" => -8,
            [c] if *c != b'j' => 0, // military zones: "treat as -0000"
            _ => return Err(TimestampErrorKind::UnrecognisedString),
        };
        return Ok(hours * 3_600);
    }
    let negative = match scan.peek() {
        Some(b'+') => false,
        Some(b'-') => true,
        _ => return Err(TimestampErrorKind::UnrecognisedString),
    };
    scan.pos += 1;
    let hours = scan.digits(2)?;
    let minutes = scan.digits(2)?;
    if minutes > 59 {
        return Err(TimestampErrorKind::OutOfRange);
    }
    let seconds = hours * 3_600 + minutes * 60;
    if seconds >= 86_400 {
        return Err(TimestampErrorKind::OutOfRange);
    }
    Ok(if negative { -seconds } else { seconds })
}

/// Where a timestamp falls relative to OpenObserve's ingestion window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "window", rename_all = "kebab-case")]
pub enum Window {
    /// Accepted.
    Inside,
    /// Older than the allowed age: the record is dropped.
    TooOld {
        /// How far before the oldest accepted instant, in µs.
        by_micros: i64,
    },
    /// Further ahead than allowed: the record is dropped.
    TooFarInFuture {
        /// How far after the latest accepted instant, in µs.
        by_micros: i64,
    },
}

/// The ingestion window's bounds, relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WindowLimits {
    /// How old a record may be (`ZO_INGEST_ALLOWED_UPTO`, default 5 h), in µs.
    pub allowed_upto_micros: i64,
    /// How far ahead a record may be (`ZO_INGEST_ALLOWED_IN_FUTURE`, default 24 h), in µs.
    pub allowed_in_future_micros: i64,
}

impl Default for WindowLimits {
    fn default() -> Self {
        WindowLimits {
            allowed_upto_micros: DEFAULT_ALLOWED_UPTO_MICROS,
            allowed_in_future_micros: DEFAULT_ALLOWED_IN_FUTURE_MICROS,
        }
    }
}

/// Checks `ts_micros` against OpenObserve's default window around `now_micros`:
/// `[now − 5 h, now + 24 h]`, bounds included.
pub fn check_window(ts_micros: i64, now_micros: i64) -> Window {
    check_window_with(ts_micros, now_micros, WindowLimits::default())
}

/// [`check_window`] with explicit limits.
pub fn check_window_with(ts_micros: i64, now_micros: i64, limits: WindowLimits) -> Window {
    let oldest = now_micros.saturating_sub(limits.allowed_upto_micros);
    let latest = now_micros.saturating_add(limits.allowed_in_future_micros);
    if ts_micros < oldest {
        Window::TooOld {
            by_micros: oldest.saturating_sub(ts_micros),
        }
    } else if ts_micros > latest {
        Window::TooFarInFuture {
            by_micros: ts_micros.saturating_sub(latest),
        }
    } else {
        Window::Inside
    }
}

/// Where a row's `_timestamp` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimestampSource {
    /// No `_timestamp` (or `null`, or zero): the ingestion time.
    IngestTime,
    /// Parsed from the record's `_timestamp`.
    Record,
}

/// The `_timestamp` OpenObserve stores for a row: `value` is the row's `_timestamp` column, if any.
/// Missing, `null` and zero mean `now_micros`. The window is not checked here.
pub fn resolve_timestamp(
    value: Option<&Value>,
    now_micros: i64,
) -> Result<(i64, TimestampSource), TimestampError> {
    match value {
        None | Some(Value::Null) => Ok((now_micros, TimestampSource::IngestTime)),
        Some(value) => match parse_value(value)? {
            Parsed::Zero => Ok((now_micros, TimestampSource::IngestTime)),
            Parsed::Micros(micros) => Ok((micros, TimestampSource::Record)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `ok!(name, json value, expected µs)` and `err!(name, json value, kind)`: one line per case.
    macro_rules! ok {
        ($name:ident, $value:expr, $micros:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_timestamp(&json!($value)), Ok($micros));
            }
        };
    }
    macro_rules! err {
        ($name:ident, $value:expr, $kind:expr) => {
            #[test]
            fn $name() {
                assert_eq!(
                    parse_timestamp(&json!($value)).map_err(|e| e.kind),
                    Err($kind)
                );
            }
        };
    }

    const T: i64 = 1_609_459_200_000_000; // 2021-01-01T00:00:00Z in µs

    ok!(nanoseconds_integer, 1_609_459_200_000_000_000_i64, T);
    ok!(microseconds_integer, 1_609_459_200_000_000_i64, T);
    ok!(milliseconds_integer, 1_609_459_200_000_i64, T);
    ok!(seconds_integer, 1_609_459_200_i64, T);
    ok!(
        request_time_epoch_string_is_milliseconds,
        "1609459200123",
        T + 123_000
    );
    ok!(http_request_time_epoch_string_is_seconds, "1609459200", T);
    ok!(
        float_is_truncated_then_unit_by_magnitude,
        1_609_459_200.9,
        T
    );
    ok!(float_string_is_accepted, "1.6094592e9", T);
    ok!(zero_means_now_and_parses_to_zero, 0, 0);
    ok!(zero_string_means_now_and_parses_to_zero, "0", 0);
    ok!(space_separated_is_utc, "2021-01-01 00:00:00", T);
    ok!(t_separated_is_utc, "2021-01-01T00:00:00", T);
    ok!(
        t_separated_with_milliseconds,
        "2021-01-01T00:00:00.123",
        T + 123_000
    );
    ok!(
        t_separated_with_microseconds,
        "2021-01-01T00:00:00.123456",
        T + 123_456
    );
    ok!(rfc3339_zulu, "2021-01-01T00:00:00Z", T);
    ok!(
        rfc3339_positive_offset,
        "2021-01-01T00:00:00+08:00",
        T - 8 * 3_600_000_000
    );
    ok!(
        rfc3339_negative_offset,
        "2021-01-01T00:00:00-08:00",
        T + 8 * 3_600_000_000
    );
    ok!(
        rfc3339_fraction_with_zulu,
        "2021-01-01T00:00:00.123Z",
        T + 123_000
    );
    ok!(
        rfc3339_nanoseconds_are_truncated,
        "2021-01-01T00:00:00.123456789-08:00",
        T + 8 * 3_600_000_000 + 123_456
    );
    ok!(
        rfc2822_with_named_zone,
        "Wed, 8 Mar 2023 16:46:51 CST",
        1_678_315_611_000_000
    );
    ok!(
        rfc2822_with_numeric_zone,
        "Fri, 01 Jan 2021 00:00:00 +0000",
        T
    );
    ok!(
        rfc2822_without_weekday_or_seconds,
        "1 Jan 2021 01:00 +0100",
        T
    );
    ok!(rfc2822_two_digit_year, "1 Jan 21 00:00:00 GMT", T);
    ok!(
        leap_second_counts_as_the_next_second,
        "2020-12-31T23:59:60",
        T
    );

    err!(
        clf_request_time_is_not_parseable,
        "21/Aug/2026:14:36:19 +0000",
        TimestampErrorKind::ClfTime
    );
    err!(
        free_text_is_not_parseable,
        "yesterday",
        TimestampErrorKind::UnrecognisedString
    );
    err!(
        nine_digit_fraction_without_offset_fails,
        "2021-01-01T00:00:00.123456789",
        TimestampErrorKind::UnrecognisedString
    );
    err!(
        thirtieth_of_february_is_out_of_range,
        "2021-02-30 00:00:00",
        TimestampErrorKind::OutOfRange
    );
    err!(
        wrong_weekday_fails,
        "Thu, 01 Jan 2021 00:00:00 +0000",
        TimestampErrorKind::OutOfRange
    );
    err!(
        boolean_is_not_a_timestamp,
        true,
        TimestampErrorKind::NotStringOrNumber
    );
    err!(
        dash_placeholder_is_not_a_timestamp,
        "-",
        TimestampErrorKind::UnrecognisedString
    );
    err!(
        three_digit_fraction_must_be_digits,
        "2021-01-01T00:00:00.12Z",
        TimestampErrorKind::UnrecognisedString
    );

    #[test]
    fn units_switch_above_1971_in_each_unit() {
        assert_eq!(Unit::of(31_536_000_000), Unit::Seconds);
        assert_eq!(Unit::of(31_536_000_001), Unit::Milliseconds);
        assert_eq!(Unit::of(31_536_000_000_001), Unit::Microseconds);
        assert_eq!(Unit::of(31_536_000_000_000_001), Unit::Nanoseconds);
        assert_eq!(Unit::of(-5), Unit::Seconds);
    }

    #[test]
    fn window_bounds_are_inclusive() {
        let now = T;
        assert_eq!(
            check_window(now - DEFAULT_ALLOWED_UPTO_MICROS, now),
            Window::Inside
        );
        assert_eq!(
            check_window(now + DEFAULT_ALLOWED_IN_FUTURE_MICROS, now),
            Window::Inside
        );
        assert_eq!(
            check_window(now - DEFAULT_ALLOWED_UPTO_MICROS - 1, now),
            Window::TooOld { by_micros: 1 }
        );
        assert_eq!(
            check_window(now + DEFAULT_ALLOWED_IN_FUTURE_MICROS + 1, now),
            Window::TooFarInFuture { by_micros: 1 }
        );
    }

    #[test]
    fn six_hours_old_is_too_old() {
        assert!(matches!(
            check_window(T - 6 * MICROS_PER_HOUR, T),
            Window::TooOld { .. }
        ));
    }

    #[test]
    fn missing_null_and_zero_resolve_to_now() {
        for value in [None, Some(&Value::Null), Some(&json!(0)), Some(&json!("0"))] {
            assert_eq!(
                resolve_timestamp(value, T),
                Ok((T, TimestampSource::IngestTime))
            );
        }
        assert_eq!(
            resolve_timestamp(Some(&json!(1_609_459_200)), 5),
            Ok((T, TimestampSource::Record))
        );
    }

    #[test]
    fn days_from_civil_matches_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }

    #[test]
    fn clf_error_suggests_request_time_epoch() {
        let err = parse_timestamp(&json!("21/Aug/2026:14:36:19 +0000")).unwrap_err();
        assert!(err.to_string().contains("$context.requestTimeEpoch"));
    }
}
