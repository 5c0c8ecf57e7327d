//! Property tests: no input makes the checker or the line parser panic, and every line rendered
//! from a preset with values of the right shapes parses back to exactly those values.

use gwlog_core::api::ApiType;
use gwlog_core::format::catalogue;
use gwlog_core::format::grammar::{self, Piece};
use gwlog_core::format::presets::PRESETS;
use gwlog_core::format::render::render;
use gwlog_core::format::shape::ValueShape;
use gwlog_core::format::{self, FormatKind};
use gwlog_core::line::{FieldValue, Matcher};
use proptest::prelude::*;

/// Text biased towards the grammar's interesting characters.
fn format_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("$context.".to_owned()),
        Just("$context.requestId".to_owned()),
        Just("$context.status".to_owned()),
        Just("$context.requestOverride.header.x-y".to_owned()),
        Just("$stageVariables.a".to_owned()),
        Just("$context".to_owned()),
        Just("\"".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(":".to_owned()),
        Just(",".to_owned()),
        Just("\n".to_owned()),
        Just(" ".to_owned()),
        Just("[".to_owned()),
        Just("é".to_owned()),
        "[a-zA-Z0-9_.-]{0,4}",
        any::<String>(),
    ];
    prop::collection::vec(fragment, 0..16).prop_map(|parts| parts.concat())
}

fn api() -> impl Strategy<Value = ApiType> {
    prop_oneof![
        Just(ApiType::Rest),
        Just(ApiType::Http),
        Just(ApiType::WebSocket)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn check_never_panics_and_spans_are_in_bounds(format in format_text(), api in api()) {
        let checked = format::check(&format, api);
        for diagnostic in &checked.diagnostics {
            prop_assert!(diagnostic.span.end <= format.len(), "{diagnostic:?}");
            prop_assert!(format.is_char_boundary(diagnostic.span.start));
            prop_assert!(format.is_char_boundary(diagnostic.span.end));
        }
    }

    #[test]
    fn parser_never_panics_and_spans_are_in_bounds(
        format in format_text(),
        line in format_text(),
        api in api(),
    ) {
        let matcher = Matcher::new(&format, api);
        match matcher.parse_line(&line) {
            Ok(parsed) => {
                for field in parsed.fields {
                    prop_assert!(field.span.end <= line.len());
                }
            }
            Err(error) => prop_assert!(error.offset <= line.len()),
        }
    }
}

/// A value of `shape`, as API Gateway might write it.
fn value_of(shape: ValueShape) -> BoxedStrategy<String> {
    let dash = Just("-".to_owned());
    let value: BoxedStrategy<String> = match shape {
        ValueShape::Integer => (0u32..100_000).prop_map(|n| n.to_string()).boxed(),
        ValueShape::EpochMillis => (1_600_000_000_000u64..1_900_000_000_000)
            .prop_map(|n| n.to_string())
            .boxed(),
        ValueShape::EpochSeconds => (1_600_000_000u64..1_900_000_000)
            .prop_map(|n| n.to_string())
            .boxed(),
        ValueShape::ClfTime => (1u8..29, 0usize..12, 0u8..24, 0u8..60)
            .prop_map(|(d, m, h, s)| {
                let months = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                format!("{d:02}/{}/2024:{h:02}:{s:02}:{s:02} +0000", months[m])
            })
            .boxed(),
        ValueShape::IpAddress => prop_oneof![
            any::<[u8; 4]>().prop_map(|b| std::net::Ipv4Addr::from(b).to_string()),
            any::<[u16; 8]>().prop_map(|b| std::net::Ipv6Addr::from(b).to_string()),
        ]
        .boxed(),
        ValueShape::Uuid | ValueShape::RequestId => {
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".boxed()
        }
        ValueShape::ShortId => "[A-Za-z0-9_-]{15}=".boxed(),
        ValueShape::AccountId => "[0-9]{12}".boxed(),
        ValueShape::Enum(words) => prop::sample::select(words).prop_map(str::to_owned).boxed(),
        ValueShape::Boolean => {
            prop_oneof![Just("true".to_owned()), Just("false".to_owned())].boxed()
        }
        ValueShape::HttpRouteKey => prop_oneof![
            Just("$default".to_owned()),
            "(GET|POST|ANY) /[a-z{}/]{0,12}".prop_map(|s| s.to_owned()),
        ]
        .boxed(),
        ValueShape::PreQuoted => "\"[A-Za-z ]{1,12}\"".boxed(),
        ValueShape::Token => "[A-Za-z0-9/_.:{}=-]{1,16}".boxed(),
        ValueShape::Text => "[A-Za-z0-9 ()/;.,:=-]{0,24}".boxed(),
    };
    prop_oneof![1 => dash, 9 => value].boxed()
}

/// The typed value a rendered text should parse back to.
fn expected(shape: ValueShape, text: &str) -> FieldValue<'static> {
    if text == "-" {
        FieldValue::Null
    } else if shape.is_integer() {
        FieldValue::Integer(text.parse().expect("generated integers parse"))
    } else {
        FieldValue::Text(text.to_owned().into())
    }
}

fn preset_with_values() -> impl Strategy<Value = (usize, Vec<String>)> {
    (0..PRESETS.len()).prop_flat_map(|index| {
        let preset = &PRESETS[index];
        let shapes: Vec<BoxedStrategy<String>> = grammar::parse(preset.format)
            .iter()
            .filter_map(|piece| match piece {
                Piece::Variable { name, .. } => {
                    Some(value_of(catalogue::lookup(name).shape_for(preset.api)))
                }
                _ => None,
            })
            .collect();
        (Just(index), shapes)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn every_preset_line_parses_back_to_its_values((index, values) in preset_with_values()) {
        let preset = &PRESETS[index];
        let pieces = grammar::parse(preset.format);
        let json = format::check(preset.format, preset.api).kind == FormatKind::Json;
        let mut next = values.iter();
        let line = render(preset.format, &pieces, |_| {
            let value = next.next().expect("one value per variable");
            if json { serde_json::to_string(value).unwrap().trim_matches('"').to_owned() } else { value.clone() }
        })
        .text;
        let matcher = Matcher::new(preset.format, preset.api);
        let parsed = matcher.parse_line(&line);
        prop_assert!(parsed.is_ok(), "{}: {line}\n{:?}", preset.id, parsed.err());
        let parsed = parsed.unwrap();
        let shapes = pieces.iter().filter_map(|piece| match piece {
            Piece::Variable { name, .. } => Some(catalogue::lookup(name).shape_for(preset.api)),
            _ => None,
        });
        for ((field, value), shape) in parsed.fields.iter().zip(&values).zip(shapes) {
            prop_assert_eq!(&field.value, &expected(shape, value), "{} in {}: {}", field.variable, preset.id, line);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// Real-looking lines with one foreign character (multibyte, quote, separator) inserted
    /// anywhere: the parser answers, it never panics, and spans stay on character boundaries.
    #[test]
    fn preset_lines_with_a_stray_character_never_panic(
        index in 0..PRESETS.len(),
        seed in any::<u64>(),
        position in any::<prop::sample::Index>(),
        stray in prop_oneof![Just('€'), Just('é'), Just('日'), Just('"'), Just(' '), Just(','), Just('-'), Just('\\')],
    ) {
        let preset = &PRESETS[index];
        let line = gwlog_core::synth::lines(preset.format, preset.api, 1, seed, 1_700_000_000_000).remove(0);
        let boundaries: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
        let at = boundaries[position.index(boundaries.len())];
        let mutated = format!("{}{stray}{}", &line[..at], &line[at..]);
        let matcher = Matcher::new(preset.format, preset.api);
        match matcher.parse_line(&mutated) {
            Ok(parsed) => {
                for field in parsed.fields {
                    prop_assert!(mutated.is_char_boundary(field.span.start) && mutated.is_char_boundary(field.span.end));
                }
            }
            Err(error) => prop_assert!(error.offset <= mutated.len()),
        }
    }
}
