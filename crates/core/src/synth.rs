//! Synthetic access-log lines for any format: what API Gateway would write, with realistic values
//! of each variable's shape (and now and then the `-` of a missing value). Deterministic for a
//! seed, so benchmarks, tests and the playground's "generate samples" agree run after run.

use crate::api::ApiType;
use crate::format::catalogue;
use crate::format::grammar;
use crate::format::json::{quoting, Quoting};
use crate::format::kind::{self, FormatKind};
use crate::format::render::render;
use crate::format::shape::ValueShape;

/// A small xorshift generator: deterministic, dependency-free, good enough for sample data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (0 is replaced, as xorshift cannot leave it).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `bound` (which must be non-zero).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const PATHS: [&str; 6] = [
    "/pets",
    "/pets/{petId}",
    "/orders",
    "/users/{userId}/cart",
    "/",
    "/health",
];
const AGENTS: [&str; 4] = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "curl/8.4.0",
    "okhttp/4.12.0",
    "aws-sdk-js/3.600.0 ua/2.0 os/linux lang/js md/nodejs#20.11.0",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// A value of `shape` as API Gateway writes it; `now_ms` anchors the times.
pub fn value(shape: ValueShape, rng: &mut Rng, now_ms: i64) -> String {
    let seconds = now_ms / 1000 - rng.below(3_600) as i64;
    match shape {
        ValueShape::Integer => match rng.below(4) {
            0 => [
                "200", "201", "204", "400", "403", "404", "429", "500", "502",
            ][rng.below(9) as usize]
                .to_owned(),
            _ => rng.below(50_000).to_string(),
        },
        ValueShape::EpochMillis => (seconds * 1000 + rng.below(1000) as i64).to_string(),
        ValueShape::EpochSeconds => seconds.to_string(),
        ValueShape::ClfTime => clf_time(seconds),
        ValueShape::IpAddress => {
            let n = rng.next_u64();
            format!(
                "{}.{}.{}.{}",
                n % 223 + 1,
                (n >> 8) % 256,
                (n >> 16) % 256,
                (n >> 24) % 256
            )
        }
        ValueShape::Uuid | ValueShape::RequestId => uuid(rng),
        ValueShape::ShortId => {
            let mut id: String = (0..15)
                .map(|_| ID_ALPHABET[rng.below(64) as usize] as char)
                .collect();
            id.push('=');
            id
        }
        ValueShape::AccountId => format!("{:012}", rng.below(1_000_000_000_000)),
        ValueShape::Enum(words) => rng.pick(words).to_owned(),
        ValueShape::Boolean => rng.pick(&["true", "false"]).to_owned(),
        ValueShape::PreQuoted => rng
            .pick(&[
                "\"Unauthorized\"",
                "\"Forbidden\"",
                "\"Internal server error\"",
            ])
            .to_owned(),
        ValueShape::HttpRouteKey => {
            format!(
                "{} {}",
                rng.pick(&["GET", "POST", "PUT", "DELETE"]),
                rng.pick(&PATHS)
            )
        }
        ValueShape::Token => rng.pick(&PATHS).to_owned(),
        ValueShape::Text => rng.pick(&AGENTS).to_owned(),
    }
}

/// `count` lines for `format` on an API of type `api`, as API Gateway would write them (without
/// line breaks). About one value in twenty is the `-` of a missing value, except request ids.
pub fn lines(format: &str, api: ApiType, count: usize, seed: u64, now_ms: i64) -> Vec<String> {
    let pieces = grammar::parse(format);
    let is_json = kind::detect(format, &pieces) == FormatKind::Json;
    let quotings = quoting(format, &pieces);
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let mut index = 0;
            let rendered = render(format, &pieces, |name| {
                let quoted = quotings.get(index).is_some_and(|q| *q == Quoting::InString);
                index += 1;
                let shape = catalogue::lookup(name).shape_for(api);
                let keep = name.ends_with("equestId") || rng.below(20) != 0;
                let value = if keep {
                    value(shape, &mut rng, now_ms)
                } else {
                    "-".to_owned()
                };
                match (is_json, quoted) {
                    // API Gateway escapes `"` and `\` inside JSON strings.
                    (true, true) => value.replace('\\', "\\\\").replace('"', "\\\""),
                    _ => value,
                }
            });
            rendered.text.trim_end_matches(['\n', '\r']).to_owned()
        })
        .collect()
}

fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        8 + (b >> 62),
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
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

/// Year, month (1–12) and day for days since 1970-01-01 (Howard Hinnant's algorithm).
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
            for line in lines(preset.format, preset.api, 200, 42, NOW_MS) {
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
    fn json_lines_are_valid_json() {
        for preset in PRESETS.iter().filter(|p| p.id.ends_with("json")) {
            for line in lines(preset.format, preset.api, 50, 1, NOW_MS) {
                assert!(
                    serde_json::from_str::<serde_json::Value>(&line).is_ok(),
                    "{line}"
                );
            }
        }
    }
}
