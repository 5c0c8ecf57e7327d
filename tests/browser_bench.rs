//! In-browser measurement: how fast the WebAssembly build parses lines in headless Chromium, and
//! how long one analysis of 1,000 sample lines takes (what the playground runs after each pause
//! in typing). Prints results; asserts only that every line parsed, never a time.
//!
//! Not part of the gate: this test target is built only with the `browser-bench` feature (see
//! `[[test]]` in Cargo.toml), so `cargo test -p gwlog --target wasm32-unknown-unknown` skips it.
//! Run it on request (release, so the numbers mean something):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p gwlog --release --target wasm32-unknown-unknown --features browser-bench --test browser_bench -- --nocapture`
//! Results are recorded in BENCHMARKS.md.

#![cfg(target_arch = "wasm32")]

use gwlog::analysis::Analysis;
use gwlog_core::format::presets::by_id;
use gwlog_core::line::Matcher;
use gwlog_core::synth;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const NOW_MS: i64 = 1_700_000_000_000;
const RUNS: usize = 7;

fn corpus(id: &str, lines: usize) -> String {
    let preset = by_id(id).expect("preset");
    synth::lines(preset.format, preset.api, lines, 0x5EED, NOW_MS).join("\n")
}

/// Median wall time in ms of `RUNS` runs of `work`, after one warm-up run.
fn median_ms(mut work: impl FnMut()) -> f64 {
    work();
    let mut samples: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = js_sys::Date::now();
            work();
            js_sys::Date::now() - start
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[RUNS / 2]
}

#[wasm_bindgen_test]
fn parse_throughput_in_chromium() {
    for id in ["rest-clf", "rest-json", "rest-csv"] {
        let preset = by_id(id).expect("preset");
        let text = corpus(id, 30_000);
        let matcher = Matcher::new(preset.format, preset.api);
        let mut parsed = 0;
        let ms = median_ms(|| {
            parsed = matcher
                .parse_lines(&text)
                .filter(|o| o.result.is_ok())
                .count()
        });
        assert_eq!(parsed, 30_000, "{id}: every generated line parses");
        let mib_per_s = text.len() as f64 / (1024.0 * 1024.0) / (ms / 1000.0);
        console_log!(
            "browser parse {id}: {ms:.1} ms for 30,000 lines ({} bytes) = {mib_per_s:.0} MiB/s",
            text.len()
        );
    }
}

#[wasm_bindgen_test]
fn one_analysis_of_1000_lines_in_chromium() {
    for id in ["rest-clf", "rest-json"] {
        let preset = by_id(id).expect("preset");
        let text = corpus(id, 1_000);
        let mut analysis = None;
        let ms = median_ms(|| analysis = Some(Analysis::run(preset.api, preset.format, &text)));
        let analysis = analysis.expect("ran");
        assert!(analysis.is_for(preset.api, preset.format, &text));
        console_log!(
            "browser analysis {id}: {ms:.1} ms for 1,000 lines (format check + parse + owned rows)"
        );
    }
}
