//! Line-parsing throughput: gwlog's matcher against a `regex` baseline built from the same
//! template, on 100,000-line CLF, JSON and CSV corpora. Run with
//! `cargo bench -p gwlog-core --bench parse_lines`; results go in BENCHMARKS.md.

// criterion's macros generate undocumented public functions.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gwlog_core::api::ApiType;
use gwlog_core::format::catalogue;
use gwlog_core::format::grammar::{self, Piece};
use gwlog_core::format::presets::by_id;
use gwlog_core::format::shape::ValueShape;
use gwlog_core::line::Matcher;
use regex::Regex;

const LINES: usize = 100_000;
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];
const PATHS: [&str; 5] = [
    "/pets",
    "/pets/{id}",
    "/orders",
    "/users/{userId}/cart",
    "/",
];

/// A small deterministic generator, so every run parses the same corpus.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

struct Request {
    ip: String,
    time: String,
    method: &'static str,
    path: &'static str,
    status: u64,
    length: u64,
    request_id: String,
    extended_id: String,
}

fn request(rng: &mut XorShift) -> Request {
    let n = rng.next();
    Request {
        ip: format!(
            "{}.{}.{}.{}",
            n % 223 + 1,
            (n >> 8) % 256,
            (n >> 16) % 256,
            (n >> 24) % 256
        ),
        time: format!(
            "{:02}/Jun/2023:{:02}:{:02}:{:02} +0000",
            n % 28 + 1,
            (n >> 5) % 24,
            (n >> 10) % 60,
            (n >> 16) % 60
        ),
        method: rng.pick(&METHODS),
        path: rng.pick(&PATHS),
        status: [200, 201, 204, 400, 403, 404, 500, 502][(rng.next() % 8) as usize],
        length: rng.next() % 100_000,
        request_id: {
            let (a, b) = (rng.next(), rng.next());
            format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                a as u32,
                (a >> 32) as u16,
                b % 4096,
                (b >> 12) % 4096,
                (b >> 24) % (1 << 48)
            )
        },
        extended_id: {
            const ALPHABET: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
            let mut id: String = (0..15)
                .map(|_| ALPHABET[(rng.next() % 64) as usize] as char)
                .collect();
            id.push('=');
            id
        },
    }
}

fn corpus(preset: &str) -> String {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    for _ in 0..LINES {
        let r = request(&mut rng);
        let line = match preset {
            "rest-clf" => format!(
                "{} - - [{}]\"{} {} HTTP/1.1\" {} {} {} {}",
                r.ip, r.time, r.method, r.path, r.status, r.length, r.request_id, r.extended_id
            ),
            "rest-json" => format!(
                r#"{{ "requestId":"{}", "extendedRequestId":"{}","ip": "{}", "caller":"-", "user":"-", "requestTime":"{}", "httpMethod":"{}", "resourcePath":"{}", "status":"{}", "protocol":"HTTP/1.1", "responseLength":"{}" }}"#,
                r.request_id, r.extended_id, r.ip, r.time, r.method, r.path, r.status, r.length
            ),
            "rest-csv" => format!(
                "{},-,-,{},{},{},HTTP/1.1,{},{},{},{}",
                r.ip, r.time, r.method, r.path, r.status, r.length, r.request_id, r.extended_id
            ),
            other => panic!("no corpus for {other}"),
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The value pattern a careful engineer would write for each shape, so the regex gets values
/// right (an HTTP route key holds a space; a user agent may hold anything).
fn shape_pattern(shape: ValueShape) -> String {
    const UUID: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    let pattern = match shape {
        ValueShape::Integer | ValueShape::EpochMillis | ValueShape::EpochSeconds => {
            r"\d+".to_owned()
        }
        ValueShape::AccountId => r"\d{12}".to_owned(),
        ValueShape::ClfTime => r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}".to_owned(),
        ValueShape::IpAddress => "[0-9a-fA-F:.]+".to_owned(),
        ValueShape::Uuid => UUID.to_owned(),
        ValueShape::RequestId => {
            format!("{UUID}|[A-Za-z0-9_-]{{15}}=|UUID_REPLACED_INVALID_REQUEST_ID")
        }
        ValueShape::ShortId => "[A-Za-z0-9_-]{15}=".to_owned(),
        ValueShape::Enum(words) => words.join("|"),
        ValueShape::Boolean => "true|false".to_owned(),
        ValueShape::PreQuoted => "\"[^\"]*\"".to_owned(),
        ValueShape::HttpRouteKey => r"\$default|[A-Z]+ /\S*".to_owned(),
        ValueShape::Token => r"\S+".to_owned(),
        ValueShape::Text => ".*?".to_owned(),
    };
    format!("({pattern}|-)")
}

/// A regex built from the template: literals escaped, one capture group per variable with its
/// shape's pattern. `naive` uses `[^<next separator byte>]*` instead: faster, but it splits an
/// HTTP route key or a user agent wrongly, so it is not the baseline, only a reference point.
fn template_regex(format: &str, naive: bool) -> (Regex, Vec<ValueShape>) {
    let mut pattern = String::from("^");
    let mut shapes = Vec::new();
    let pieces = grammar::parse(format);
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Variable { name, .. } => {
                let shape = catalogue::lookup(name).shape_for(ApiType::Rest);
                shapes.push(shape);
                if naive {
                    let next = pieces.get(index + 1).map(|p| &format[p.span().range()]);
                    let stop = next.and_then(|text| text.chars().next()).unwrap_or('\n');
                    pattern.push_str(&format!("([^{}]*)", regex::escape(&stop.to_string())));
                } else {
                    pattern.push_str(&shape_pattern(shape));
                }
            }
            other => pattern.push_str(&regex::escape(&format[other.span().range()])),
        }
    }
    pattern.push('$');
    (
        Regex::new(&pattern).expect("template regex compiles"),
        shapes,
    )
}

/// The same output gwlog produces: per variable, null for `-`, an integer for integer shapes,
/// the text otherwise.
#[derive(Debug)]
#[allow(dead_code)] // Built to match gwlog's output; only black_box reads it.
enum Typed<'a> {
    Null,
    Integer(i64),
    Text(&'a str),
}

fn regex_parse<'a>(regex: &Regex, shapes: &[ValueShape], line: &'a str) -> Option<Vec<Typed<'a>>> {
    let captures = regex.captures(line)?;
    Some(
        shapes
            .iter()
            .enumerate()
            .map(|(index, shape)| {
                let text = captures.get(index + 1).map_or("", |m| m.as_str());
                match text {
                    "-" => Typed::Null,
                    _ if shape.is_integer() => {
                        text.parse().map_or(Typed::Text(text), Typed::Integer)
                    }
                    _ => Typed::Text(text),
                }
            })
            .collect(),
    )
}

fn parse_lines(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_lines");
    group.sample_size(10);
    for id in ["rest-clf", "rest-json", "rest-csv"] {
        let preset = by_id(id).expect("preset");
        let text = corpus(id);
        group.throughput(Throughput::Bytes(text.len() as u64));
        let matcher = Matcher::new(preset.format, ApiType::Rest);
        assert!(
            matcher
                .parse_lines(&text)
                .all(|outcome| outcome.result.is_ok()),
            "{id} corpus parses"
        );
        group.bench_with_input(BenchmarkId::new("gwlog", id), &text, |b, text| {
            b.iter(|| {
                matcher
                    .parse_lines(black_box(text))
                    .filter(|o| o.result.is_ok())
                    .count()
            })
        });
        // For JSON the regex assumes the exact key order and spacing of the template, which a
        // JSON parser does not need; it is still the baseline the issue asks for.
        let (regex, shapes) = template_regex(preset.format, false);
        assert!(
            text.lines()
                .all(|line| regex_parse(&regex, &shapes, line).is_some()),
            "{id} regex matches"
        );
        group.bench_with_input(BenchmarkId::new("regex", id), &text, |b, text| {
            b.iter(|| {
                text.lines()
                    .filter_map(|line| regex_parse(&regex, &shapes, black_box(line)))
                    .count()
            })
        });
        let (naive, shapes) = template_regex(preset.format, true);
        group.bench_with_input(BenchmarkId::new("regex-naive", id), &text, |b, text| {
            b.iter(|| {
                text.lines()
                    .filter_map(|line| regex_parse(&naive, &shapes, black_box(line)))
                    .count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse_lines);
criterion_main!(benches);
