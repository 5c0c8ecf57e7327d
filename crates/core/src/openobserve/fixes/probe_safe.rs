//! The probe-safe fix: a JSON format whose records OpenObserve's protobuf probe can never take for
//! OTLP metrics, with its proof on the samples and a generated corpus.

use super::carry::line_values;
use super::{
    error, require_json, Fix, FixError, FixErrorKind, PROBE_SAFE_PREFIX, PROOF_CORPUS_SIZE,
    PROOF_NOW_MS, PROOF_SEED,
};
use crate::api::ApiType;
use crate::format::catalogue;
use crate::format::grammar::{self, Piece};
use crate::format::shape::ValueShape;
use crate::line::Matcher;
use crate::openobserve::probe::{self, ProbeError, ProbeErrorKind, ProbeOutcome};
use crate::synth::{self, Rng, Template};
use serde::Serialize;
use std::collections::HashMap;

/// Hit counts over a set of records, before and after a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Records checked.
    pub records: usize,
    /// How many the probe takes for protobuf with the original format.
    pub hits_before: usize,
    /// How many it takes with the fixed format.
    pub hits_after: usize,
    /// Sample lines that did not match the original format (not checked).
    pub unmatched: usize,
}

/// The evidence that a fixed format is never taken for protobuf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeProof {
    /// The decode error every record of the fixed format hits, whatever its values: the first
    /// bytes alone decide it.
    pub guarantee: ProbeError,
    /// The caller's sample lines, re-rendered in the fixed format.
    pub samples: Tally,
    /// Generated records with random values of each variable's shape.
    pub generated: Tally,
}

/// [`probe_safe`]'s answer: the fix and its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeSafeFix {
    /// The new format and the explanation.
    pub fix: Fix,
    /// Why and how well it works.
    pub proof: ProbeProof,
}

/// The protobuf decode error that every record of `format` hits whatever the values, if the
/// format's fixed opening bytes (the literal text before its first variable) decide one.
///
/// The decision is certain when the probe, run on that literal prefix alone, fails at a top-level
/// field key that lies entirely inside the prefix, with an error that depends on the key alone:
/// wire type 6 or 7, field number 0, or `resource_metrics` (field 1) with a wire type other than
/// length-delimited. Everything before that key is then fixed too, so no continuation can change
/// the outcome.
pub fn guaranteed_miss(format: &str) -> Option<ProbeError> {
    let pieces = grammar::parse(format);
    let prefix = match pieces.first() {
        Some(Piece::Literal(span)) if pieces.len() > 1 => &format[span.range()],
        Some(Piece::Literal(_)) => format,
        _ => return None,
    };
    let bytes = prefix.as_bytes();
    let report = probe::explain(bytes);
    let header = report.header_len?;
    let ProbeOutcome::Miss { error } = report.outcome else {
        return None;
    };
    let key_decides = match &error.kind {
        ProbeErrorKind::InvalidWireType { .. } | ProbeErrorKind::FieldNumberZero => true,
        ProbeErrorKind::WireTypeMismatch { message, .. } => {
            *message == "ExportMetricsServiceRequest"
        }
        _ => false,
    };
    let top_level = error.offset == report.steps.last().map_or(header, |step| step.end);
    let key_inside = bytes.get(error.offset).is_some_and(|b| *b < 0x80);
    (key_decides && top_level && key_inside).then_some(error)
}

/// Proposes a JSON format that OpenObserve's protobuf probe can never take for OTLP metrics, and
/// proves it.
///
/// The format gets a tab right after its opening `{` (leading whitespace before the brace is
/// removed): the probe skips `{` as a one-byte header and reads the tab (0x09) as field 1,
/// `resource_metrics`, with wire type 1, which prost rejects at once, whatever follows. A tab is
/// JSON whitespace, so the columns are unchanged. A format whose opening bytes already guarantee
/// a miss ([`guaranteed_miss`]) is returned unchanged.
///
/// The proof re-renders each of `sample_lines` (lines written with `format`) in the new format and
/// runs the probe on both, then does the same for [`PROOF_CORPUS_SIZE`] generated records.
pub fn probe_safe(
    format: &str,
    api: ApiType,
    sample_lines: &[&str],
) -> Result<ProbeSafeFix, FixError> {
    const FIX: &str = "probe-safe";
    let layout = require_json(FIX, format)?;
    let already = guaranteed_miss(format);
    let fixed = match already {
        Some(_) => format.to_owned(),
        None => format!("{PROBE_SAFE_PREFIX}{}", &format[layout.open + 1..]),
    };
    let guarantee = guaranteed_miss(&fixed).ok_or_else(|| error(FIX, FixErrorKind::NotAnObject))?;
    let samples = samples_tally(format, &fixed, api, sample_lines);
    let generated = generated_tally(format, &fixed, api, PROOF_CORPUS_SIZE, PROOF_SEED);

    let mut explanation = match already {
        Some(_) => format!(
            "The format already starts with bytes no protobuf decode gets past ({guarantee}): \
             OpenObserve never takes its records for metrics. Nothing to change. "
        ),
        None => format!(
            "Put a tab right after the opening brace{}. Before reading a Firehose record as text, \
             OpenObserve tries to decode it as protobuf (OTLP metrics) and, if that works, stores \
             no row at all while answering 200. It skips the first byte ({{) as a length header \
             and reads the next byte as a field key: a tab (0x09) is field 1, resource_metrics, \
             with wire type 1 (64-bit), but resource_metrics must be length-delimited (wire type \
             2), so the decode fails at byte 1 whatever follows ({guarantee}). A tab is JSON \
             whitespace: the columns do not change. Keep the tab when copying the format: tools \
             that re-serialise JSON (Terraform jsonencode(), formatters) remove it. If a tab \
             cannot survive your tooling, a space and then a first key starting with _ (e.g. \
             {{ \"_timestamp\":\"$context.requestTimeEpoch\", …) also guarantees a miss: the _ \
             at byte 3 has wire type 7. ",
            if format.starts_with('{') {
                ""
            } else {
                " (and removed the whitespace before it)"
            }
        ),
    };
    explanation.push_str(&format!(
        "Proof: {} generated records with random values: {} taken for protobuf with the old \
         format, {} with the new one.",
        generated.records, generated.hits_before, generated.hits_after
    ));
    if samples.records > 0 {
        explanation.push_str(&format!(
            " Your {} sample lines: {} taken for protobuf before, {} after.",
            samples.records, samples.hits_before, samples.hits_after
        ));
    }
    if samples.unmatched > 0 {
        explanation.push_str(&format!(
            " {} sample lines did not match the format and were not checked.",
            samples.unmatched
        ));
    }
    Ok(ProbeSafeFix {
        fix: Fix::new(FIX, format, fixed, explanation),
        proof: ProbeProof {
            guarantee,
            samples,
            generated,
        },
    })
}

/// Re-renders each sample line (written with `before`) in `after` and counts probe hits.
fn samples_tally(before: &str, after: &str, api: ApiType, lines: &[&str]) -> Tally {
    let matcher = Matcher::new(before, api);
    let template = Template::new(after);
    let newline = |format: &str| if format.ends_with('\n') { "\n" } else { "" };
    let mut tally = Tally::default();
    for line in lines {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Ok(parsed) = matcher.parse_line(line) else {
            tally.unmatched += 1;
            continue;
        };
        let values = line_values(&parsed);
        let record_before = format!("{line}{}", newline(before));
        let record_after =
            template.render(|name| values.get(name).cloned().unwrap_or_else(|| "-".to_owned()));
        tally.records += 1;
        tally.hits_before += usize::from(probe::is_probe_hit(record_before.as_bytes()));
        tally.hits_after += usize::from(probe::is_probe_hit(record_after.as_bytes()));
    }
    tally
}

/// Renders `count` records of random values (one value per variable, seeded by `seed`) in both
/// formats and counts probe hits. The two formats should use the same variables.
pub fn generated_tally(before: &str, after: &str, api: ApiType, count: usize, seed: u64) -> Tally {
    let before = Template::new(before);
    let after = Template::new(after);
    let mut names: Vec<&str> = Vec::new();
    for name in before.variable_names().chain(after.variable_names()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let shapes: Vec<ValueShape> = names
        .iter()
        .map(|name| catalogue::lookup(name).shape_for(api))
        .collect();
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let mut values: HashMap<&str, String> = HashMap::new();
    for _ in 0..count {
        values.clear();
        for (name, shape) in names.iter().zip(&shapes) {
            values.insert(*name, synth::value(*shape, &mut rng, PROOF_NOW_MS));
        }
        let value = |name: &str| values.get(name).cloned().unwrap_or_default();
        tally.records += 1;
        tally.hits_before += usize::from(probe::is_probe_hit(before.render(value).as_bytes()));
        tally.hits_after += usize::from(probe::is_probe_hit(after.render(value).as_bytes()));
    }
    tally
}
