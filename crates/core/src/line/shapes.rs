//! Recognising rendered values by shape: how far a value can reach, and whether a candidate
//! text is a plausible value. The sequence matcher relies on both to split a line the way API
//! Gateway built it.

use crate::format::shape::ValueShape;
use std::net::IpAddr;

/// The most bytes a value of `shape` can cover at the start of `rest`.
pub fn max_extent(shape: ValueShape, rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let token = || {
        bytes
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(bytes.len())
    };
    let extent = match shape {
        ValueShape::Integer
        | ValueShape::EpochMillis
        | ValueShape::EpochSeconds
        | ValueShape::AccountId => bytes
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(bytes.len()),
        ValueShape::ClfTime => CLF_TIME_LEN.min(bytes.len()),
        ValueShape::HttpRouteKey => {
            let first = token();
            match bytes.get(first) {
                Some(b' ') => {
                    first
                        + 1
                        + bytes[first + 1..]
                            .iter()
                            .position(u8::is_ascii_whitespace)
                            .unwrap_or(bytes.len() - first - 1)
                }
                _ => first,
            }
        }
        ValueShape::PreQuoted | ValueShape::Text => bytes.len(),
        ValueShape::IpAddress
        | ValueShape::Uuid
        | ValueShape::RequestId
        | ValueShape::ShortId
        | ValueShape::Enum(_)
        | ValueShape::Boolean
        | ValueShape::Token => token(),
    };
    // A missing value is a bare `-`, whatever the shape.
    let mut extent = if bytes.first() == Some(&b'-') {
        extent.max(1)
    } else {
        extent
    };
    // Fixed-width shapes (CLF time) count bytes: never end inside a character.
    while !rest.is_char_boundary(extent) {
        extent -= 1;
    }
    extent
}

/// Whether values of `shape` never contain whitespace. For these the candidate search needs no
/// precomputed extent: it stops at the first whitespace it meets.
pub fn stops_at_whitespace(shape: ValueShape) -> bool {
    matches!(
        shape,
        ValueShape::IpAddress
            | ValueShape::Uuid
            | ValueShape::RequestId
            | ValueShape::ShortId
            | ValueShape::Enum(_)
            | ValueShape::Boolean
            | ValueShape::Token
    )
}

/// Whether `value` may be written for a variable of `shape`.
pub fn matches(shape: ValueShape, value: &str) -> bool {
    if value == "-" {
        return true;
    }
    match shape {
        ValueShape::Integer => is_digits(value, 1..=20),
        ValueShape::EpochMillis | ValueShape::EpochSeconds => is_digits(value, 9..=16),
        ValueShape::AccountId => is_digits(value, 12..=12),
        ValueShape::ClfTime => is_clf_time(value),
        ValueShape::IpAddress => value.parse::<IpAddr>().is_ok(),
        ValueShape::Uuid => is_uuid(value),
        ValueShape::RequestId => {
            is_uuid(value) || is_short_id(value) || value == "UUID_REPLACED_INVALID_REQUEST_ID"
        }
        ValueShape::ShortId => is_short_id(value),
        ValueShape::Enum(words) => words.contains(&value),
        ValueShape::Boolean => value == "true" || value == "false",
        ValueShape::PreQuoted => value.len() >= 2 && value.starts_with('"') && value.ends_with('"'),
        ValueShape::HttpRouteKey => is_http_route_key(value),
        ValueShape::Token => !value.is_empty() && !value.bytes().any(|b| b.is_ascii_whitespace()),
        ValueShape::Text => true,
    }
}

/// What a value of `shape` looks like, for error messages.
pub fn describe(shape: ValueShape) -> String {
    match shape {
        ValueShape::Integer => "an integer".into(),
        ValueShape::EpochMillis => "epoch milliseconds (13 digits)".into(),
        ValueShape::EpochSeconds => "epoch seconds (10 digits)".into(),
        ValueShape::AccountId => "a 12-digit account id".into(),
        ValueShape::ClfTime => "a time like 10/Jun/2023:15:36:28 +0000".into(),
        ValueShape::IpAddress => "an IP address".into(),
        ValueShape::Uuid => "a UUID".into(),
        ValueShape::RequestId => "a request id (UUID or 16-character id)".into(),
        ValueShape::ShortId => "a 16-character id ending in =".into(),
        ValueShape::Enum(words) => format!("one of {}", words.join(", ")),
        ValueShape::Boolean => "true or false".into(),
        ValueShape::PreQuoted => "a quoted message".into(),
        ValueShape::HttpRouteKey => "a route key like GET /pets or $default".into(),
        ValueShape::Token => "a value without spaces".into(),
        ValueShape::Text => "text".into(),
    }
}

const CLF_TIME_LEN: usize = "10/Jun/2023:15:36:28 +0000".len();
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_digits(value: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

fn is_clf_time(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    b.len() == CLF_TIME_LEN
        && digits(0..2)
        && b[2] == b'/'
        && MONTHS.iter().any(|month| month.as_bytes() == &b[3..6])
        && b[6] == b'/'
        && digits(7..11)
        && b[11] == b':'
        && digits(12..14)
        && b[14] == b':'
        && digits(15..17)
        && b[17] == b':'
        && digits(18..20)
        && b[20] == b' '
        && (b[21] == b'+' || b[21] == b'-')
        && digits(22..26)
}

/// The instant a CLF time (`10/Jun/2023:15:36:28 +0000`, as `$context.requestTime` writes it)
/// names, in milliseconds since the epoch; `None` when `value` is not one.
pub fn clf_time_to_epoch_ms(value: &str) -> Option<i64> {
    if !is_clf_time(value) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<i64>().ok();
    let day = number(0..2)?;
    let month = MONTHS.iter().position(|m| *m == &value[3..6])? as i64 + 1;
    let year = number(7..11)?;
    let (hour, minute, second) = (number(12..14)?, number(15..17)?, number(18..20)?);
    let offset_minutes = number(22..24)? * 60 + number(24..26)?;
    let sign = if value.as_bytes()[21] == b'-' { -1 } else { 1 };
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let local_seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some((local_seconds - sign * offset_minutes * 60) * 1_000)
}

fn is_uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_short_id(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 16
        && b[15] == b'='
        && b[..15]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

fn is_http_route_key(value: &str) -> bool {
    if value == "$default" {
        return true;
    }
    match value.split_once(' ') {
        Some((method, path)) => {
            !method.is_empty()
                && method.bytes().all(|b| b.is_ascii_uppercase())
                && path.starts_with('/')
                && !path.bytes().any(|b| b.is_ascii_whitespace())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_key_reaches_over_one_space() {
        assert_eq!(
            max_extent(ValueShape::HttpRouteKey, "GET /pets HTTP/1.1\""),
            9
        );
    }

    #[test]
    fn integer_reaches_over_digits_only() {
        assert_eq!(max_extent(ValueShape::Integer, "200 184"), 3);
    }

    #[test]
    fn dash_is_always_reachable() {
        assert_eq!(max_extent(ValueShape::Integer, "- 184"), 1);
        assert!(matches(ValueShape::ClfTime, "-"));
    }

    #[test]
    fn clf_time_is_recognised() {
        assert!(matches(ValueShape::ClfTime, "10/Jun/2023:15:36:28 +0000"));
        assert!(!matches(ValueShape::ClfTime, "10/Jux/2023:15:36:28 +0000"));
    }

    #[test]
    fn request_ids_of_each_api_are_recognised() {
        assert!(matches(
            ValueShape::RequestId,
            "48752d0f-c99d-4cfa-a5a7-f3c6834d19e5"
        ));
        assert!(matches(ValueShape::RequestId, "GQIVriFLIAMEMsA="));
        assert!(matches(
            ValueShape::RequestId,
            "UUID_REPLACED_INVALID_REQUEST_ID"
        ));
        assert!(!matches(ValueShape::RequestId, "hello"));
    }

    #[test]
    fn ipv6_is_an_ip() {
        assert!(matches(ValueShape::IpAddress, "2001:db8::1"));
    }

    #[test]
    fn http_route_keys_have_a_method_and_a_path() {
        assert!(matches(ValueShape::HttpRouteKey, "GET /pets/{id}"));
        assert!(matches(ValueShape::HttpRouteKey, "$default"));
        assert!(!matches(ValueShape::HttpRouteKey, "GET"));
    }

    #[test]
    fn clf_time_names_its_instant_in_utc() {
        assert_eq!(
            clf_time_to_epoch_ms("10/Jun/2023:15:36:28 +0000"),
            Some(1_686_411_388_000)
        );
        assert_eq!(
            clf_time_to_epoch_ms("10/Jun/2023:17:36:28 +0200"),
            Some(1_686_411_388_000)
        );
        assert_eq!(
            clf_time_to_epoch_ms("29/Feb/2024:00:00:00 +0000"),
            Some(1_709_164_800_000)
        );
        assert_eq!(clf_time_to_epoch_ms("-"), None);
    }
}
