//! Synthetic access-log lines for any format: what API Gateway would write, with varied values of
//! each variable's shape (paths, IPv4 and IPv6, user agents with quotes and backslashes, now and
//! then the `-` of a missing value). Deterministic for a seed, so benchmarks, the probe-safety
//! proof and the playground's sample generator agree run after run.

use crate::api::ApiType;
use crate::escape::json_string;
use crate::format::catalogue;
use crate::format::grammar::{self, Piece};
use crate::format::json::{self, Quoting};
use crate::format::render::render;
use crate::format::shape::ValueShape;

/// xorshift64*: tiny, seeded, dependency-free; good enough for sample data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (0 is replaced: xorshift cannot leave it).
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn string_of(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| char::from(alphabet[self.below(alphabet.len() as u64) as usize]))
            .collect()
    }
}

const HEX: &[u8] = b"0123456789abcdef";
const BASE64ISH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const TOKEN: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._:-=";
const TEXT: &[u8] =
    b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const STATUSES: &[&str] = &[
    "200", "200", "200", "201", "204", "301", "400", "403", "404", "429", "500", "502",
];
const SEGMENTS: &[&str] = &[
    "pets", "users", "orders", "v1", "items", "health", "login", "search", "api", "files",
];

/// A value API Gateway could write for a variable of `shape` (3 % of the time the `-` of a
/// missing value), unescaped. Times fall in the hour before `now_ms`.
pub fn value(shape: ValueShape, rng: &mut Rng, now_ms: i64) -> String {
    if rng.chance(3) {
        return "-".to_owned();
    }
    let uuid = |rng: &mut Rng| {
        let parts = [8, 4, 4, 4, 12].map(|len| rng.string_of(HEX, len));
        parts.join("-")
    };
    let short_id = |rng: &mut Rng| format!("{}=", rng.string_of(BASE64ISH, 15));
    let path = |rng: &mut Rng| {
        let mut path = String::new();
        for _ in 0..rng.range(1, 4) {
            path.push('/');
            if rng.chance(25) {
                path.push_str(&rng.range(1, 99_999).to_string());
            } else {
                path.push_str(rng.pick(SEGMENTS));
            }
        }
        path
    };
    let at_ms = now_ms - rng.below(3_600_000) as i64;
    match shape {
        ValueShape::Integer => match rng.below(3) {
            0 => rng.pick(STATUSES).to_owned(),
            1 => rng.below(100_000).to_string(),
            _ => rng.below(3_000).to_string(),
        },
        ValueShape::EpochMillis => at_ms.to_string(),
        ValueShape::EpochSeconds => (at_ms / 1000).to_string(),
        ValueShape::ClfTime => clf_time(at_ms.div_euclid(1000)),
        ValueShape::IpAddress if rng.chance(85) => {
            format!(
                "{}.{}.{}.{}",
                rng.range(1, 223),
                rng.below(256),
                rng.below(256),
                rng.range(1, 254)
            )
        }
        ValueShape::IpAddress => format!(
            "2001:db8:{}::{}",
            rng.string_of(HEX, 4),
            rng.string_of(HEX, 3)
        ),
        ValueShape::Uuid => uuid(rng),
        ValueShape::RequestId if rng.chance(75) => uuid(rng),
        ValueShape::RequestId | ValueShape::ShortId => short_id(rng),
        ValueShape::AccountId => rng.string_of(b"0123456789", 12),
        ValueShape::Enum(words) if !words.is_empty() => rng.pick(words).to_owned(),
        ValueShape::Enum(_) => "-".to_owned(),
        ValueShape::Boolean => rng.pick(&["true", "false"]).to_owned(),
        ValueShape::PreQuoted => format!("\"{}\"", text(rng, 40)),
        ValueShape::HttpRouteKey if rng.chance(10) => "$default".to_owned(),
        ValueShape::HttpRouteKey => format!("{} {}", rng.pick(METHODS), path(rng)),
        ValueShape::Token if rng.chance(50) => path(rng),
        ValueShape::Token => {
            let len = rng.range(1, 40) as usize;
            rng.string_of(TOKEN, len)
        }
        ValueShape::Text => text(rng, 80),
    }
}

/// Like [`value`], but never the `-` of a missing value: for filling in a variable whose value
/// matters (a generated `_timestamp` of `-` would get the record dropped).
pub fn present_value(shape: ValueShape, rng: &mut Rng, now_ms: i64) -> String {
    loop {
        let generated = value(shape, rng, now_ms);
        // Only the 3 % missing-value branch (and an empty enum) yields `-`.
        if generated != "-" || matches!(shape, ValueShape::Enum([])) {
            return generated;
        }
    }
}

/// Printable ASCII with spaces, quotes and backslashes, now and then a non-ASCII character.
fn text(rng: &mut Rng, max: u64) -> String {
    let len = rng.below(max + 1) as usize;
    (0..len)
        .map(|_| match rng.below(40) {
            0 => 'é',
            1 => '日',
            _ => char::from(TEXT[rng.below(TEXT.len() as u64) as usize]),
        })
        .collect()
}

/// A format ready to render with arbitrary values, escaping them inside JSON strings as API
/// Gateway does.
#[derive(Debug, Clone)]
pub struct Template<'f> {
    format: &'f str,
    pieces: Vec<Piece>,
    quotings: Vec<Quoting>,
}

impl<'f> Template<'f> {
    /// Parse `format` once.
    pub fn new(format: &'f str) -> Self {
        let pieces = grammar::parse(format);
        let quotings = json::quoting(format, &pieces);
        Template {
            format,
            pieces,
            quotings,
        }
    }

    /// The variable names (without `$context.`) in format order, with repeats.
    pub fn variable_names(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Variable { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The entry API Gateway writes when variable `name` (without `$context.`) has `value(name)`.
    pub fn render(&self, mut value: impl FnMut(&str) -> String) -> String {
        let mut index = 0;
        render(self.format, &self.pieces, |name| {
            let quoting = self.quotings.get(index).copied();
            index += 1;
            let raw = value(name);
            match quoting {
                Some(Quoting::InString) => {
                    let quoted = json_string(&raw);
                    quoted[1..quoted.len() - 1].to_owned()
                }
                _ => raw,
            }
        })
        .text
    }
}

/// `count` lines for `format` on an API of type `api`, as API Gateway would write them (without
/// line breaks).
pub fn lines(format: &str, api: ApiType, count: usize, seed: u64, now_ms: i64) -> Vec<String> {
    let template = Template::new(format);
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let line = template
                .render(|name| value(catalogue::lookup(name).shape_for(api), &mut rng, now_ms));
            line.trim_end_matches(['\n', '\r']).to_owned()
        })
        .collect()
}

/// `dd/MMM/yyyy:HH:mm:ss +0000` for a Unix time in seconds.
fn clf_time(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{day:02}/{}/{year:04}:{:02}:{:02}:{:02} +0000",
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Year, month (1–12) and day for days since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::presets::PRESETS;
    use crate::line::Matcher;

    const NOW_MS: i64 = 1_700_000_000_000;

    #[test]
    fn clf_time_of_a_known_instant() {
        assert_eq!(clf_time(1_686_411_388), "10/Jun/2023:15:36:28 +0000");
    }

    #[test]
    fn same_seed_same_lines() {
        let format = PRESETS[0].format;
        assert_eq!(
            lines(format, ApiType::Rest, 5, 7, NOW_MS),
            lines(format, ApiType::Rest, 5, 7, NOW_MS)
        );
    }

    #[test]
    fn every_preset_line_parses_with_its_own_format() {
        for preset in PRESETS {
            let matcher = Matcher::new(preset.format, preset.api);
            for line in lines(preset.format, preset.api, 300, 42, NOW_MS) {
                let parsed = matcher.parse_line(&line);
                assert!(
                    parsed
                        .as_ref()
                        .is_ok_and(|p| p.fields.iter().all(|f| f.shape_ok)),
                    "{}: {line}\n{parsed:?}",
                    preset.id
                );
            }
        }
    }

    #[test]
    fn json_lines_are_valid_json_even_with_quotes_in_values() {
        let format = r#"{"id":"$context.requestId","ua":"$context.identity.userAgent"}"#;
        for line in lines(format, ApiType::Rest, 200, 1, NOW_MS) {
            assert!(
                serde_json::from_str::<serde_json::Value>(&line).is_ok(),
                "{line}"
            );
        }
    }

    #[test]
    fn times_fall_in_the_hour_before_now() {
        let mut rng = Rng::new(3);
        for _ in 0..100 {
            let ms: i64 = value(ValueShape::EpochMillis, &mut rng, NOW_MS)
                .parse()
                .unwrap_or(NOW_MS);
            assert!((NOW_MS - 3_600_000..=NOW_MS).contains(&ms));
        }
    }
}
