//! Browser tests for the playground: the real app mounted in headless Chromium, driven through its
//! DOM the way a user drives it (set a textarea, fire `input`, pause typing), with inputs from
//! public sources (docs/sources.md, *Presets* and *Sample log lines*).
//!
//! The app is mounted with [`Debounce::Manual`]: the pause in typing happens exactly when a test
//! says so ([`Mounted::settle`]), with no timer to wait out. One test mounts the page's own
//! debounce and checks that typing waits for it.
//!
//! Run with `cargo test -p gwlog --target wasm32-unknown-unknown` (CHROMEDRIVER must point to
//! chromedriver; `scripts/test` sets it).

#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use gwlog::app::DEBOUNCE_MS;
use gwlog::{App, AppProps, Debounce, Flush};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit,
};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// The REST console CLF preset (current: no space between `]` and `"`; docs/sources.md, *Presets*).
const REST_CLF: &str = r#"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId"#;

/// A line that format renders, with the values of the Elastic REST sample (docs/sources.md,
/// *Sample log lines*).
const REST_CLF_LINE: &str = r#"1.128.0.0 - - [10/Jun/2023:15:36:28 +0000]"GET /pets HTTP/1.1" 200 184 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5 GQIVriFLIAMEMsA="#;

/// A line in the shape of OpenObserve's API Gateway guide format (the `openobserve-guide` preset),
/// with the values of the REST sample.
const GUIDE_LINE: &str = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5, SourceIP: 1.128.0.0, Method: GET, ResourcePath: /pets, StatusCode: 200, ResponseLength: 184, RequestTime: 10/Jun/2023:15:36:28 +0000";

/// A secret to look for everywhere it must not be.
const SECRET: &str = "Zebra-S3cret#42";

/// The HTTP console CLF preset and a line in its shape: routeKey repeats the method
/// (docs/sources.md, *Presets* and *Sample log lines*).
const HTTP_CLF: &str = r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#;
const HTTP_CLF_LINE: &str = r#"1.128.0.0 - - [09/Jun/2023:12:54:08 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;

// ── Harness ─────────────────────────────────────────────────────────────────

/// The app mounted in its own element; unmounted and removed when dropped, even if a test fails.
struct Mounted {
    root: Element,
    handle: Option<AppHandle<App>>,
    /// Settles pending edits (the app's debounce is manual).
    flush: Flush,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

impl Mounted {
    /// The app, analysing edits only when the test calls [`Mounted::settle`].
    async fn new() -> Mounted {
        let flush = Flush::default();
        Mounted::with(Debounce::Manual(flush.clone()), flush).await
    }

    /// The app with the page's own debounce ([`DEBOUNCE_MS`] of typing pause).
    async fn with_page_debounce() -> Mounted {
        Mounted::with(Debounce::default(), Flush::default()).await
    }

    async fn with(debounce: Debounce, flush: Flush) -> Mounted {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let props = AppProps { debounce };
        let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        Mounted {
            root,
            handle: Some(handle),
            flush,
        }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element matches `{selector}`"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    /// Types `value` into a textarea: set its value and fire `input`, as the browser does.
    /// Returns once Yew has rendered; what waits for a pause in typing has not run yet.
    async fn type_into(&self, selector: &str, value: &str) {
        let textarea: HtmlTextAreaElement = self.get(selector).dyn_into().unwrap();
        textarea.set_value(value);
        fire(&textarea, "input");
        yew::scheduler::flush().await;
    }

    /// Types `value` into an `<input>`: set its value and fire `input`.
    async fn type_input(&self, selector: &str, value: &str) {
        let input: HtmlInputElement = self.get(selector).dyn_into().unwrap();
        input.set_value(value);
        fire(&input, "input");
        yew::scheduler::flush().await;
    }

    /// Presses a key on an element (`keydown`, bubbling) and lets Yew render.
    async fn press(&self, selector: &str, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.get(selector).dispatch_event(&event).unwrap();
        yew::scheduler::flush().await;
    }

    fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.get(selector).get_attribute(name)
    }

    fn is_disabled(&self, selector: &str) -> bool {
        let element = self.get(selector);
        element.has_attribute("disabled")
            || element.get_attribute("aria-disabled").as_deref() == Some("true")
    }

    /// The text of every element matching `selector`.
    fn texts(&self, selector: &str) -> Vec<String> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|node| node.text_content().unwrap_or_default())
            .collect()
    }

    /// Fills the Destination inputs the export needs.
    async fn fill_destination(&self) {
        self.type_input("#o2-base", "https://openobserve.example.com")
            .await;
        self.fill_destination_but_base().await;
    }

    /// Fills the Destination inputs the export needs other than the base URL.
    async fn fill_destination_but_base(&self) {
        self.type_input("#fh-name", "prod").await;
        self.type_input("#fh-account", "123456789012").await;
    }

    /// Picks `value` in a `<select>`, fires `change` and lets Yew render.
    async fn choose(&self, selector: &str, value: &str) {
        let select: HtmlSelectElement = self.get(selector).dyn_into().unwrap();
        select.set_value(value);
        assert_eq!(
            select.value(),
            value,
            "`{selector}` has no option `{value}`"
        );
        fire(&select, "change");
        yew::scheduler::flush().await;
    }

    /// Clicks an element and lets Yew render.
    async fn click(&self, selector: &str) {
        self.get(selector)
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
        yew::scheduler::flush().await;
    }

    /// The current value of a `<select>`.
    fn selected(&self, selector: &str) -> String {
        self.get(selector)
            .dyn_into::<HtmlSelectElement>()
            .unwrap()
            .value()
    }

    /// The user pauses typing: what waits for the pause runs, and Yew renders.
    async fn settle(&self) {
        self.flush.settle();
        yew::scheduler::flush().await;
    }

    /// Waits until `done` holds, letting timers and promises run (at most `limit_ms`).
    async fn wait_until(&self, limit_ms: u32, done: impl Fn(&Mounted) -> bool) -> bool {
        let mut waited = 0;
        while !done(self) {
            if waited >= limit_ms {
                return false;
            }
            TimeoutFuture::new(10).await;
            yew::scheduler::flush().await;
            waited += 10;
        }
        true
    }
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn row(line: usize, variable: &str, cell: &str) -> String {
    format!(r#"section.line-result[data-line="{line}"] tr[data-variable="{variable}"] {cell}"#)
}

// ── Format panel ────────────────────────────────────────────────────────────

#[wasm_bindgen_test]
async fn opens_with_the_rest_json_preset_and_no_problems() {
    let app = Mounted::new().await;
    assert_eq!(app.selected("#api-type"), "rest");
    assert_eq!(app.selected("#preset"), "rest-json");
    assert_eq!(
        app.get("#format-kind")
            .get_attribute("data-kind")
            .as_deref(),
        Some("json")
    );
    assert_eq!(app.count("li.diagnostic"), 0);
}

#[wasm_bindgen_test]
async fn choosing_a_preset_fills_the_editor_and_detects_its_kind() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.settle().await;
    let editor: HtmlTextAreaElement = app.get("#format-input").dyn_into().unwrap();
    assert_eq!(editor.value(), REST_CLF);
    assert_eq!(app.text("#format-kind"), "CLF");
}

#[wasm_bindgen_test]
async fn an_unknown_variable_is_a_warning_on_rest_with_its_position() {
    let app = Mounted::new().await;
    app.type_into(
        "#format-input",
        &REST_CLF.replace("requestTime", "requestTim"),
    )
    .await;
    app.settle().await;
    let item = app.get(r#"#diagnostics li.diagnostic[data-code="unknown-variable"]"#);
    assert_eq!(
        item.get_attribute("data-severity").as_deref(),
        Some("warning")
    );
    let message = item
        .query_selector(".message")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        message.contains("Did you mean $context.requestTime?"),
        "{message}"
    );
    // `$context.requestTim` starts at byte 76: line 1, column 77.
    assert_eq!(
        item.query_selector(".position")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "1:77"
    );
}

#[wasm_bindgen_test]
async fn an_unknown_variable_is_an_error_on_http() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.type_into("#format-input", &HTTP_CLF.replace("routeKey", "routeKy"))
        .await;
    app.settle().await;
    let item = app.get(r#"li.diagnostic[data-code="unknown-variable"]"#);
    assert_eq!(
        item.get_attribute("data-severity").as_deref(),
        Some("error")
    );
    assert_eq!(
        app.get("#format-input")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn diagnostic_spans_are_marked_in_the_editor_backdrop() {
    let app = Mounted::new().await;
    app.type_into(
        "#format-input",
        &REST_CLF.replace("requestTime", "requestTim"),
    )
    .await;
    app.settle().await;
    assert_eq!(
        app.text(".editor-backdrop mark.sev-warning"),
        "$context.requestTim"
    );
}

#[wasm_bindgen_test]
async fn clicking_a_diagnostic_selects_its_span_in_the_editor() {
    let app = Mounted::new().await;
    app.type_into(
        "#format-input",
        &REST_CLF.replace("requestTime", "requestTim"),
    )
    .await;
    app.settle().await;
    app.click(r#"li.diagnostic[data-code="unknown-variable"] button"#)
        .await;
    let editor: HtmlTextAreaElement = app.get("#format-input").dyn_into().unwrap();
    assert_eq!(editor.selection_start().unwrap(), Some(76));
    assert_eq!(editor.selection_end().unwrap(), Some(95));
    let focused = gloo::utils::document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("format-input"));
}

#[wasm_bindgen_test]
async fn pasted_markup_is_shown_as_text_never_as_html() {
    let app = Mounted::new().await;
    let hostile = r#"<img src=x onerror="alert(1)"> $context.requestId"#;
    app.type_into("#format-input", hostile).await;
    app.settle().await;
    assert_eq!(app.count(".editor-backdrop img"), 0);
    assert!(app.text(".editor-backdrop").starts_with("<img src=x"));
}

#[wasm_bindgen_test]
async fn switching_api_moves_an_untouched_preset_to_the_same_kind() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.choose("#api-type", "http").await;
    app.settle().await;
    assert_eq!(app.selected("#preset"), "http-clf");
    let editor: HtmlTextAreaElement = app.get("#format-input").dyn_into().unwrap();
    assert_eq!(editor.value(), HTTP_CLF);
}

// ── Sample lines ────────────────────────────────────────────────────────────

#[wasm_bindgen_test]
async fn a_rest_clf_line_becomes_typed_fields() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.type_into("#lines-input", REST_CLF_LINE).await;
    app.settle().await;
    assert_eq!(app.count("section.line-result"), 1);
    app.get(r#"section.line-result[data-line="1"][data-ok="true"]"#);
    assert_eq!(app.text(&row(1, "$context.status", "td.type")), "integer");
    assert_eq!(app.text(&row(1, "$context.status", "td.value")), "200");
    assert_eq!(
        app.text(&row(1, "$context.resourcePath", "td.value")),
        "/pets"
    );
    assert_eq!(
        app.text(&row(1, "$context.requestTime", "td.type")),
        "clf-time"
    );
}

#[wasm_bindgen_test]
async fn a_dash_is_shown_as_a_distinct_null() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.type_into("#lines-input", REST_CLF_LINE).await;
    app.settle().await;
    let caller = app.get(&row(1, "$context.identity.caller", "td.value"));
    assert!(caller.class_list().contains("is-null"));
    assert_eq!(caller.text_content().as_deref(), Some("null"));
}

#[wasm_bindgen_test]
async fn an_http_clf_route_key_keeps_its_method() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.choose("#preset", "http-clf").await;
    app.type_into("#lines-input", HTTP_CLF_LINE).await;
    app.settle().await;
    assert_eq!(
        app.text(&row(1, "$context.routeKey", "td.value")),
        "GET /pets"
    );
    assert_eq!(app.text(&row(1, "$context.httpMethod", "td.value")), "GET");
}

#[wasm_bindgen_test]
async fn a_line_that_does_not_match_shows_the_error_at_its_offset() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.choose("#preset", "http-clf").await;
    app.type_into(
        "#lines-input",
        &format!("{HTTP_CLF_LINE}\nnot a log line\n"),
    )
    .await;
    app.settle().await;
    app.get(r#"section.line-result[data-line="1"][data-ok="true"]"#);
    let failed = r#"section.line-result[data-line="2"][data-ok="false"]"#;
    let message = app.text(&format!("{failed} .line-error .error-message"));
    assert!(
        message.starts_with("expected $context.identity.sourceIp"),
        "{message}"
    );
    assert_eq!(app.text(&format!("{failed} .line-text")), "not a log line");
    assert_eq!(
        app.text(&format!("{failed} .line-text mark.sev-error")),
        "not"
    );
    assert!(app.text(".results-summary").contains("1 failed"));
}

#[wasm_bindgen_test]
async fn empty_lines_are_skipped_and_numbering_follows_the_editor() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.type_into("#lines-input", &format!("\n\n{REST_CLF_LINE}\n"))
        .await;
    app.settle().await;
    assert_eq!(app.count("section.line-result"), 1);
    app.get(r#"section.line-result[data-line="3"]"#);
}

#[wasm_bindgen_test]
async fn typing_waits_for_a_pause_before_parsing() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.type_into("#lines-input", REST_CLF_LINE).await;
    assert!(
        app.get("#results").class_list().contains("stale"),
        "parsed before the pause"
    );
    assert_eq!(app.count(r#"section.line-result[data-ok="true"]"#), 0);
    app.settle().await;
    assert!(!app.get("#results").class_list().contains("stale"));
    assert_eq!(app.count(r#"section.line-result[data-ok="true"]"#), 1);
}

/// The page's own debounce: nothing is parsed right after typing, everything once the typing
/// has paused for [`DEBOUNCE_MS`]. (The one test that waits for the timer.)
#[wasm_bindgen_test]
async fn the_page_parses_once_typing_pauses_for_the_debounce_delay() {
    let app = Mounted::with_page_debounce().await;
    app.choose("#preset", "rest-clf").await;
    app.type_into("#lines-input", REST_CLF_LINE).await;
    assert!(app.get("#results").class_list().contains("stale"));
    TimeoutFuture::new(DEBOUNCE_MS / 2).await;
    yew::scheduler::flush().await;
    assert!(
        app.get("#results").class_list().contains("stale"),
        "parsed before the pause was over"
    );
    let parsed = app
        .wait_until(DEBOUNCE_MS * 4, |app| {
            app.count(r#"section.line-result[data-ok="true"]"#) == 1
        })
        .await;
    assert!(parsed, "not parsed after the pause");
    assert!(!app.get("#results").class_list().contains("stale"));
}

#[wasm_bindgen_test]
async fn a_thousand_lines_get_summaries_and_fifty_detail_tables() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    let lines = vec![REST_CLF_LINE; 1000].join("\n");
    app.type_into("#lines-input", &lines).await;
    app.settle().await;
    assert_eq!(app.count("section.line-result"), 1000);
    assert_eq!(app.count("table.fields"), gwlog::state::DETAIL_STEP as u32);
    assert!(app.text(".results-summary").contains("1000 parsed"));
    app.click(".show-more button").await;
    assert_eq!(
        app.count("table.fields"),
        2 * gwlog::state::DETAIL_STEP as u32
    );
}

// ── What OpenObserve will do ────────────────────────────────────────────────

fn editor_value(app: &Mounted) -> String {
    app.get("#format-input")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value()
}

#[wasm_bindgen_test]
async fn the_openobserve_guide_format_fails_the_batch_until_converted_to_json() {
    let app = Mounted::new().await;
    app.choose("#preset", "openobserve-guide").await;
    app.type_into("#lines-input", GUIDE_LINE).await;
    app.settle().await;
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("400")
    );
    let record = r#"li.sim-record[data-record="1"]"#;
    assert_eq!(
        app.attr(record, "data-verdict").as_deref(),
        Some("rejected")
    );
    assert!(app.text("#o2-columns-error").contains("400"));
    assert!(app.text("#sim-response").contains("errorMessage"));
    assert!(app.is_disabled("#fix-timestamp") && app.is_disabled("#fix-undo"));

    app.click("#fix-to-json").await;
    assert!(
        editor_value(&app).starts_with('{'),
        "{}",
        editor_value(&app)
    );
    assert_eq!(app.text("#format-kind"), "JSON");
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("200")
    );
    assert_eq!(app.attr(record, "data-verdict").as_deref(), Some("stored"));
    assert!(app
        .text("#fix-result")
        .starts_with("Applied: Convert to JSON"));
    assert_eq!(app.count("#o2-columns-error"), 0);
    assert!(app.count("#o2-columns tr[data-column]") > 0);

    app.click("#fix-undo").await;
    assert!(editor_value(&app).starts_with("RequestId: $context.requestId"));
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("400")
    );
}

fn lines_value(app: &Mounted) -> String {
    app.get("#lines-input")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value()
}

/// A JSON format with a bare number variable, and a line where API Gateway wrote `-` for it: the
/// entry is not valid JSON, so OpenObserve rejects the whole batch.
const BARE_FORMAT: &str = r#"{"requestId":"$context.requestId","lat":$context.integrationLatency}"#;
const BARE_DASH_LINE: &str = r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":-}"#;

#[wasm_bindgen_test]
async fn a_bare_dash_fails_the_batch_until_the_values_are_quoted() {
    let app = Mounted::new().await;
    app.type_into("#format-input", BARE_FORMAT).await;
    app.type_into("#lines-input", BARE_DASH_LINE).await;
    app.settle().await;
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("400")
    );
    assert!(!app.is_disabled("#fix-quote-values"));
    assert!(app.is_disabled("#fix-to-json"));

    app.click("#fix-quote-values").await;
    assert_eq!(
        editor_value(&app),
        r#"{"requestId":"$context.requestId","lat":"$context.integrationLatency"}"#
    );
    assert_eq!(
        lines_value(&app),
        r#"{"requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":"-"}"#
    );
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("200")
    );
    let result = app.text("#fix-result");
    assert!(result.starts_with("Applied: Quote values"), "{result}");
    assert!(result.contains("$context.integrationLatency"), "{result}");
    assert!(
        result.contains("rewritten for the new format: 1 line"),
        "{result}"
    );
    assert!(
        app.is_disabled("#fix-quote-values"),
        "applied once, it no longer applies"
    );

    app.click("#fix-undo").await;
    assert_eq!(editor_value(&app), BARE_FORMAT);
    assert_eq!(lines_value(&app), BARE_DASH_LINE);
}

#[wasm_bindgen_test]
async fn quote_values_does_not_apply_to_the_console_json_preset() {
    let app = Mounted::new().await;
    assert_eq!(app.selected("#preset"), "rest-json");
    assert!(app.is_disabled("#fix-quote-values"));
    assert!(!app.is_disabled("#fix-timestamp"));
}

/// A line of the older console REST JSON format (the keys of CDK's `jsonWithStandardFields()`)
/// that OpenObserve's protobuf probe takes for OTLP metrics (gwlog-core's simulator and probe
/// tests use the same line).
const PROBE_HIT_LINE: &str = r#"{ "requestId":"fefb13e4-088a-e4c1-7423-0023b46ffdec", "ip": "211.120.24.7", "caller":"-", "user":"-","requestTime":"18/Dec/2026:12:28:40 +0000", "httpMethod":"DELETE","resourcePath":"/users", "status":"500","protocol":"HTTP/1.1", "responseLength":"1732" }"#;

#[wasm_bindgen_test]
async fn a_probe_hit_is_explained_and_the_probe_safe_fix_stores_it_with_its_proof() {
    let app = Mounted::new().await;
    app.choose("#preset", "cdk-json").await;
    app.type_into("#lines-input", PROBE_HIT_LINE).await;
    app.settle().await;
    let record = r#"li.sim-record[data-record="1"]"#;
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("200")
    );
    assert_eq!(app.attr(record, "data-verdict").as_deref(), Some("dropped"));
    assert!(app
        .text(&format!("{record} .sim-probe"))
        .contains("ExportMetricsServiceRequest"));

    app.click("#fix-probe-safe").await;
    assert!(editor_value(&app).starts_with("{\t"));
    assert_eq!(app.attr(record, "data-verdict").as_deref(), Some("stored"));
    let samples = app.text("#fix-proof-samples");
    assert!(
        samples.contains("1 checked · taken for protobuf: 1 before, 0 after"),
        "{samples}"
    );
    assert!(app.text("#fix-proof-generated").contains("10000 checked"));
    assert!(
        app.is_disabled("#fix-probe-safe"),
        "applied once, it no longer applies"
    );
}

/// An HTTP API line in the console's HTTP JSON format, with values from Elastic's HTTP sample
/// (docs/sources.md, *Sample log lines*).
const HTTP_JSON_LINE: &str = r#"{"requestId":"GQIVriFLIAMEMsA=","ip":"1.128.0.0","requestTime":"09/Jun/2023:12:54:08 +0000","httpMethod":"GET","routeKey":"GET /","status":"200","protocol":"HTTP/1.1","responseLength":"47140"}"#;

/// The value of column `column` stored from log event `event` (CloudWatch Logs subscription).
fn event_column(app: &Mounted, event: usize, column: &str) -> String {
    app.text(&format!(
        r#"li.sim-row[data-event="{event}"] tr[data-column="{column}"] td.value"#
    ))
}

/// `line` with its 2023 request time replaced by a minute ago: through a CloudWatch Logs
/// subscription each event carries its line's own time, and OpenObserve keeps only recent rows.
fn recent(line: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        js_sys::Date::now() - 60_000.0,
    ));
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let clf = format!(
        "{:02}/{}/{}:{:02}:{:02}:{:02} +0000",
        date.get_utc_date(),
        MONTHS[date.get_utc_month() as usize],
        date.get_utc_full_year(),
        date.get_utc_hours(),
        date.get_utc_minutes(),
        date.get_utc_seconds()
    );
    line.replace("09/Jun/2023:12:54:08 +0000", &clf)
}

#[wasm_bindgen_test]
async fn an_http_json_line_is_stored_as_message_columns_through_a_subscription() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.choose("#preset", "http-json").await;
    app.type_into("#lines-input", &recent(HTTP_JSON_LINE)).await;
    app.settle().await;
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("200")
    );
    assert_eq!(
        app.text("#simulation-title"),
        "Delivered through a CloudWatch Logs subscription"
    );
    assert!(app
        .text("#sim-notes")
        .contains("Delivered through CloudWatch Logs"));
    app.get("#o2-rest-only");
    app.get(r#"li.sim-record[data-record="1"][data-verdict="stored"]"#);
    assert_eq!(app.count("li.sim-row"), 1);
    app.get(r#"li.sim-row[data-event="1"][data-verdict="stored"]"#);
    assert_eq!(
        event_column(&app, 1, "message_requestid"),
        "GQIVriFLIAMEMsA="
    );
    assert_eq!(event_column(&app, 1, "message_routekey"), "GET /");
    assert_eq!(event_column(&app, 1, "owner"), "123456789012");
    assert_eq!(
        event_column(&app, 1, "loggroup"),
        "/aws/apigateway/access-logs"
    );
    assert!(app
        .text(".sim-counts")
        .starts_with("1 log event in 1 record:"));
}

/// The columns table names what the CloudWatch Logs route stores: the entry's keys under
/// `message_`, next to the envelope's columns.
#[wasm_bindgen_test]
async fn through_a_subscription_the_columns_table_names_the_message_columns() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.choose("#preset", "http-json").await;
    app.get(r#"#o2-columns tr[data-column="message_status"]"#);
    app.get(r#"#o2-columns tr[data-column="loggroup"]"#);
    assert_eq!(app.count(r#"#o2-columns tr[data-column="status"]"#), 0);
    app.choose("#preset", "http-clf").await;
    assert_eq!(
        app.count("#o2-columns-error"),
        0,
        "a text entry is stored as `message`"
    );
    app.get(r#"#o2-columns tr[data-column="message"]"#);
}

/// The simulation (and the request id the `curl` command replays) is computed again only when
/// what it simulates changes: not for an export input or an email, but for new sample lines.
#[wasm_bindgen_test]
async fn the_simulation_runs_again_only_when_its_own_inputs_change() {
    let app = Mounted::new().await;
    let curl = app.text("#curl");
    assert!(curl.contains("X-Amz-Firehose-Request-Id"), "{curl}");
    app.type_input("#export-stage", "prod").await;
    app.type_input("#o2-email", "root@example.com").await;
    app.settle().await;
    assert_eq!(
        app.text("#curl"),
        curl,
        "simulated again for inputs it does not use"
    );
    app.type_into("#lines-input", REST_CLF_LINE).await;
    app.settle().await;
    assert_ne!(app.text("#curl"), curl);
}

#[wasm_bindgen_test]
async fn an_http_clf_line_is_kept_as_the_message_through_a_subscription() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.choose("#preset", "http-clf").await;
    let clf_line = recent(HTTP_CLF_LINE);
    app.type_into(
        "#lines-input",
        &format!("{clf_line}\n\n{}", recent(HTTP_JSON_LINE)),
    )
    .await;
    app.settle().await;
    assert_eq!(
        app.attr("#sim-status", "data-status").as_deref(),
        Some("200")
    );
    assert_eq!(app.count("li.sim-record"), 1);
    let first = r#"li.sim-row[data-event="1"][data-verdict="stored"]"#;
    assert_eq!(event_column(&app, 1, "message"), clf_line);
    assert!(app.text(first).contains("line 1"));
    app.get(r#"li.sim-row[data-event="2"][data-verdict="stored"]"#);
    assert!(app.text(r#"li.sim-row[data-event="2"]"#).contains("line 3"));
    assert_eq!(
        app.count(r#"li.sim-row[data-event="1"] tr[data-column^="message_"]"#),
        0
    );
}

#[wasm_bindgen_test]
async fn the_subscription_names_the_typed_log_group_and_account() {
    let app = Mounted::new().await;
    assert_eq!(
        app.count("#cw-log-group"),
        0,
        "REST APIs log to Firehose directly"
    );
    app.choose("#api-type", "websocket").await;
    app.type_input("#cw-log-group", "/aws/apigateway/chat")
        .await;
    app.type_input("#fh-account", "000011112222").await;
    app.settle().await;
    assert!(app
        .text("#simulation-route")
        .contains("/aws/apigateway/chat"));
    assert_eq!(event_column(&app, 1, "loggroup"), "/aws/apigateway/chat");
    assert_eq!(event_column(&app, 1, "owner"), "000011112222");
    app.type_input("#cw-log-group", "chat logs").await;
    app.get(r#"#cw-log-group-messages li[data-code="log-group-name-invalid-character"]"#);
    app.settle().await;
    assert_eq!(
        event_column(&app, 1, "loggroup"),
        "/aws/apigateway/access-logs"
    );
}

#[wasm_bindgen_test]
async fn the_curl_command_reads_the_key_from_the_environment() {
    let app = Mounted::new().await;
    let curl = app.text("#curl");
    assert!(curl.contains("$OPENOBSERVE_ACCESS_KEY"), "{curl}");
    assert!(
        curl.contains("/aws/default/default/_kinesis_firehose"),
        "{curl}"
    );
    assert!(app.is_disabled("#curl-include-key"), "no key yet");
}

// ── Destination ─────────────────────────────────────────────────────────────

#[wasm_bindgen_test]
async fn a_stream_is_shown_under_the_name_openobserve_stores() {
    let app = Mounted::new().await;
    app.type_input("#o2-base", "https://logs.example.com").await;
    app.type_input("#o2-stream", "amazon-apigateway-MyAPI")
        .await;
    assert_eq!(app.text("#o2-stored"), "amazon_apigateway_myapi");
    assert_eq!(
        app.text("#o2-url"),
        "https://logs.example.com/aws/default/amazon-apigateway-MyAPI/_kinesis_firehose"
    );
    app.get(r#"#o2-stream-messages li[data-code="stream-name-normalised"]"#);
}

#[wasm_bindgen_test]
async fn a_direction_control_in_a_value_is_shown_not_obeyed_and_the_format_warns() {
    let app = Mounted::new().await;
    app.type_into(
        "#format-input",
        "$context.requestId $context.identity.userAgent\u{202E}x",
    )
    .await;
    app.type_into("#lines-input", "r-1 \u{202E}evil\u{202E}x")
        .await;
    app.settle().await;
    app.get(r#"li[data-code="hidden-character"]"#);
    let value = app.text(&row(1, "$context.identity.userAgent", "td.value"));
    assert_eq!(value, "⟨U+202E⟩evil");
}

#[wasm_bindgen_test]
async fn a_fix_that_does_not_apply_stays_reachable_and_says_why_in_text() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-json").await;
    app.settle().await;
    let button = app.get("#fix-to-json");
    assert!(
        !button.has_attribute("disabled"),
        "reachable by the keyboard"
    );
    assert_eq!(
        button.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert_eq!(
        button.get_attribute("aria-describedby").as_deref(),
        Some("fix-to-json-why")
    );
    assert!(app.text("#fix-to-json-why").contains("Not needed"));
    let format = app
        .get("#format-input")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value();
    app.click("#fix-to-json").await;
    app.settle().await;
    let after = app
        .get("#format-input")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .value();
    assert_eq!(format, after, "clicking an off fix changes nothing");
}

#[wasm_bindgen_test]
async fn a_stream_with_spaces_gets_one_message_per_problem_and_a_one_click_stored_name() {
    let app = Mounted::new().await;
    app.type_input("#o2-base", "https://logs.example.com").await;
    app.type_input("#o2-stream", "API Gateway Logs").await;
    assert_eq!(
        app.count(r#"#o2-stream-messages li[data-code="segment-invalid-url-character"]"#),
        1
    );
    app.click("#o2-stream-use-stored").await;
    app.settle().await;
    let stream: HtmlInputElement = app.get("#o2-stream").dyn_into().unwrap();
    assert_eq!(stream.value(), "api_gateway_logs");
    assert_eq!(app.count("#o2-stream-use-stored"), 0);
    assert_eq!(
        app.count(r#"#o2-stream-messages li[data-severity="error"]"#),
        0
    );
}

#[wasm_bindgen_test]
async fn a_firehose_name_becomes_a_prefixed_name_and_an_arn() {
    let app = Mounted::new().await;
    app.type_input("#fh-account", "123456789012").await;
    app.type_input("#fh-name", "prod").await;
    assert_eq!(app.text("#fh-full-name"), "amazon-apigateway-prod");
    assert_eq!(app.text("#fh-remaining"), "42 characters left");
    assert_eq!(
        app.text("#fh-arn"),
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod"
    );
    app.choose("#fh-region", "eu-west-1").await;
    assert_eq!(
        app.text("#fh-arn"),
        "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod"
    );
}

#[wasm_bindgen_test]
async fn a_pasted_log_group_arn_with_a_wildcard_is_explained() {
    let app = Mounted::new().await;
    app.type_input(
        "#fh-paste-arn",
        "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*",
    )
    .await;
    app.get(r#"#fh-paste-result li[data-code="log-group-arn-wildcard"]"#);
    assert_eq!(app.text("#fh-paste-result mark.sev-error"), ":*");
}

#[wasm_bindgen_test]
async fn an_http_api_is_told_firehose_is_rest_only_and_gets_no_export() {
    let app = Mounted::new().await;
    app.fill_destination().await;
    app.choose("#api-type", "http").await;
    app.settle().await;
    assert!(app.text("#firehose-rest-only").contains("REST APIs only"));
    assert_eq!(app.text("#export-text"), "");
    app.get("#export-empty");
    app.get(r#"#export-diagnostics li[data-code="firehose-not-supported"]"#);
}

#[wasm_bindgen_test]
async fn a_colon_in_the_secret_is_an_error_and_gives_no_key() {
    let app = Mounted::new().await;
    app.type_input("#o2-email", "alice@example.com").await;
    app.type_input("#o2-secret", "pa:ss#Word1").await;
    app.get(r#"#o2-secret-messages li[data-code="secret-contains-colon"]"#);
    assert_eq!(
        app.attr("#o2-secret", "aria-invalid").as_deref(),
        Some("true")
    );
    assert!(app.get("#o2-key").class_list().contains("is-empty"));
}

#[wasm_bindgen_test]
async fn the_key_is_masked_until_shown() {
    let app = Mounted::new().await;
    app.type_input("#o2-email", "root@example.com").await;
    app.type_input("#o2-secret", "Complexpass#123").await;
    let key = "cm9vdEBleGFtcGxlLmNvbTpDb21wbGV4cGFzcyMxMjM=";
    assert!(!app.text("#o2-key").contains(key));
    app.click("#o2-key-show").await;
    assert_eq!(app.text("#o2-key"), key);
}

#[wasm_bindgen_test]
async fn the_secret_never_reaches_page_text_storage_or_the_url() {
    let app = Mounted::new().await;
    app.type_input("#o2-email", "root@example.com").await;
    app.type_input("#o2-secret", SECRET).await;
    app.fill_destination().await;
    app.click("#o2-key-show").await;
    app.click("#curl-include-key").await;
    app.settle().await;
    assert!(
        app.text("#curl").contains("X-Amz-Firehose-Access-Key: "),
        "the key is in the command once asked for"
    );
    for target in [
        "#export-aws-cli",
        "#export-cloudformation",
        "#export-terraform",
    ] {
        app.click(target).await;
        for text in app.texts("pre").into_iter().chain(app.texts("code")) {
            assert!(!text.contains(SECRET), "secret in generated text: {text}");
        }
    }
    let page = app.root.text_content().unwrap_or_default();
    assert!(!page.contains(SECRET), "secret in the page text");
    let window = gloo::utils::window();
    assert!(!window.location().href().unwrap().contains(SECRET));
    if let Ok(Some(storage)) = window.local_storage() {
        for i in 0..storage.length().unwrap_or(0) {
            let key = storage.key(i).unwrap().unwrap_or_default();
            let value = storage.get_item(&key).unwrap().unwrap_or_default();
            assert!(!key.contains(SECRET) && !value.contains(SECRET));
        }
    }
}

#[wasm_bindgen_test]
async fn credentials_typed_into_the_base_url_are_never_shown_back() {
    // No `#` in it: that would start a fragment and end the authority before the `@`.
    const PASSWORD: &str = "Quagga-S3cret";
    let app = Mounted::new().await;
    app.type_input(
        "#o2-base",
        &format!("https://root:{PASSWORD}@logs.example.com"),
    )
    .await;
    app.fill_destination_but_base().await;
    app.settle().await;
    app.get(r#"#o2-base-messages li[data-code="url-userinfo"]"#);
    // An error on the base URL: no URL to copy until it is fixed.
    assert_eq!(app.text("#o2-url"), "Needs a valid base URL");
    assert_eq!(app.count("#o2-url-copy"), 0);
    let page = app.root.text_content().unwrap_or_default();
    assert!(!page.contains(PASSWORD), "password in the page text");
}

#[wasm_bindgen_test]
async fn a_copy_button_says_how_copying_went() {
    let app = Mounted::new().await;
    app.type_input("#o2-base", "https://logs.example.com").await;
    app.click("#o2-url-copy").await;
    // The clipboard answers through a promise.
    app.wait_until(2000, |app| {
        !app.text("#o2-url-copy + .copy-status").is_empty()
    })
    .await;
    let status = app.text("#o2-url-copy + .copy-status");
    assert!(
        status == "Copied to the clipboard" || status == "Copy failed: select and copy by hand",
        "{status:?}"
    );
}

// ── AWS setup export ────────────────────────────────────────────────────────

#[wasm_bindgen_test]
async fn the_terraform_tab_shows_the_delivery_stream() {
    let app = Mounted::new().await;
    app.fill_destination().await;
    app.settle().await;
    assert!(app.text("#export-text").starts_with("#!/bin/sh"));
    app.click("#export-terraform").await;
    assert_eq!(
        app.attr("#export-terraform", "aria-selected").as_deref(),
        Some("true")
    );
    let text = app.text("#export-text");
    assert!(
        text.contains("aws_kinesis_firehose_delivery_stream"),
        "{text}"
    );
    app.press("#export-terraform", "ArrowLeft").await;
    assert_eq!(
        app.attr("#export-cloudformation", "aria-selected")
            .as_deref(),
        Some("true")
    );
    assert!(app
        .text("#export-text")
        .contains("AWS::KinesisFirehose::DeliveryStream"));
}

#[wasm_bindgen_test]
async fn the_export_follows_a_format_fix() {
    let app = Mounted::new().await;
    app.fill_destination().await;
    app.settle().await;
    app.click("#export-terraform").await;
    app.click("#fix-newline").await;
    assert!(
        app.text("#export-text").contains(r#"}\n""#),
        "{}",
        app.text("#export-text")
    );
}

// ── UX review ───────────────────────────────────────────────────────────────

#[wasm_bindgen_test]
async fn lines_that_do_not_match_the_format_are_called_out_and_can_be_generated() {
    let app = Mounted::new().await;
    assert_eq!(app.count("#sim-mismatch"), 0);
    app.choose("#preset", "rest-clf").await;
    let notice = app.text("#sim-mismatch");
    assert!(
        notice.contains("Your sample lines don't match this format (0 of 2 parse)"),
        "{notice}"
    );
    assert!(
        notice.contains("not with what this format writes"),
        "{notice}"
    );
    app.get("#generate-lines-panel");

    app.click("#generate-lines").await;
    assert_eq!(app.count("#sim-mismatch"), 0);
    assert_eq!(
        lines_value(&app).lines().count(),
        3,
        "{}",
        lines_value(&app)
    );
    assert!(app.text(".results-summary").contains("3 parsed"));
    assert!(app.text(".results-summary").contains("0 failed"));
}

#[wasm_bindgen_test]
async fn switching_api_regenerates_untouched_lines_but_never_edited_ones() {
    let app = Mounted::new().await;
    let before = lines_value(&app);
    app.choose("#api-type", "http").await;
    assert_ne!(lines_value(&app), before);
    assert!(app.text(".results-summary").contains("0 failed"));
    assert_eq!(app.count("#sim-mismatch"), 0);

    app.type_into("#lines-input", "my own line").await;
    app.settle().await;
    app.choose("#api-type", "rest").await;
    assert_eq!(lines_value(&app), "my own line");
    app.get("#sim-mismatch");
}

#[wasm_bindgen_test]
async fn the_endpoint_url_and_curl_wait_for_a_base_url() {
    let app = Mounted::new().await;
    assert_eq!(app.text("#o2-url"), "Needs a base URL");
    assert_eq!(app.count("#o2-url-copy"), 0);
    let curl = app.text("#curl");
    assert!(
        curl.contains("https://<your-openobserve>/aws/default/default/_kinesis_firehose"),
        "{curl}"
    );
    assert!(!curl.contains("https:///"), "{curl}");

    app.type_input("#o2-base", "https://logs.example.com").await;
    app.settle().await;
    assert_eq!(
        app.text("#o2-url"),
        "https://logs.example.com/aws/default/default/_kinesis_firehose"
    );
    app.get("#o2-url-copy");
    assert!(app
        .text("#curl")
        .contains("https://logs.example.com/aws/default/default/_kinesis_firehose"));
}

#[wasm_bindgen_test]
async fn backticks_in_core_messages_become_code_never_markup() {
    let app = Mounted::new().await;
    app.choose("#preset", "openobserve-guide").await;
    app.type_into("#lines-input", "RequestId: <b>x</b> SourceIP")
        .await;
    app.settle().await;
    let error = r#"section.line-result[data-line="1"] .error-message"#;
    let message = app.text(error);
    assert!(!message.contains('`'), "{message}");
    assert!(
        app.count(&format!("{error} code.msg-code")) > 0,
        "{message}"
    );
    assert_eq!(app.count(&format!("{error} b")), 0);
}

#[wasm_bindgen_test]
async fn fed_by_identifiers_wrap_at_their_dots() {
    let app = Mounted::new().await;
    assert!(app.count("#o2-columns td.fed-by code wbr") > 0);
    let variables = app.texts("#o2-columns td.fed-by code");
    assert!(
        variables.iter().any(|v| v == "$context.identity.sourceIp"),
        "{variables:?}"
    );
}

#[wasm_bindgen_test]
async fn the_timestamp_column_reads_as_an_iso_time_with_the_raw_number_in_its_title() {
    let app = Mounted::new().await;
    app.click("#fix-timestamp").await;
    let cell = r#"li.sim-record[data-record="1"] tr[data-column="_timestamp"] td.value time"#;
    let shown = app.text(cell);
    assert!(shown.ends_with('Z') && shown.contains('T'), "{shown}");
    let title = app.attr(cell, "title").unwrap_or_default();
    assert!(title.starts_with(|c: char| c.is_ascii_digit()), "{title}");
}

#[wasm_bindgen_test]
async fn one_status_sentence_is_announced_instead_of_chatty_live_regions() {
    let app = Mounted::new().await;
    for selector in ["#diagnostics-summary", ".results-summary", ".sim-summary"] {
        assert_eq!(app.attr(selector, "aria-live"), None, "{selector}");
    }
    assert_eq!(
        app.attr("#status-announcer", "role").as_deref(),
        Some("status")
    );
    assert_eq!(
        app.text("#status-announcer"),
        "Format: 0 errors, 0 warnings. Sample lines: 2 of 2 parsed. OpenObserve answers 200 OK."
    );
    app.type_into("#lines-input", "garbage").await;
    app.settle().await;
    assert!(app
        .text("#status-announcer")
        .contains("Sample lines: 0 of 1 parsed"));
}

#[wasm_bindgen_test]
async fn custom_is_a_status_not_a_choice_and_firehose_has_its_current_name() {
    let app = Mounted::new().await;
    assert!(app.is_disabled(r#"#preset option[value=""]"#));
    assert!(app.text(".site-header").contains("Amazon Data Firehose"));
}

/// A JSON line with a bare `-` (an unquoted variable whose value was missing) still parses by
/// position, and the line says it is not valid JSON.
#[wasm_bindgen_test]
async fn a_line_that_is_not_json_parses_but_says_so() {
    let app = Mounted::new().await;
    app.type_into(
        "#format-input",
        r#"{"id":"$context.requestId","lat":$context.integrationLatency}"#,
    )
    .await;
    app.type_into(
        "#lines-input",
        r#"{"id":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5","lat":-}"#,
    )
    .await;
    app.settle().await;
    let line = app.get(r#"section.line-result[data-line="1"]"#);
    assert_eq!(line.get_attribute("data-ok").as_deref(), Some("true"));
    let warning = app.get(r#"section.line-result[data-line="1"] .line-warning"#);
    assert!(warning
        .text_content()
        .unwrap_or_default()
        .contains("not valid JSON"));
}

// ── Dashboard ───────────────────────────────────────────────────────────────

#[cfg(feature = "dashboard-panel")]
fn dash_panel(id: &str) -> String {
    format!(r#"li.dash-panel[data-panel="{id}"]"#)
}

#[cfg(feature = "dashboard-panel")]
#[wasm_bindgen_test]
async fn dashboard_is_planned_on_request_and_lists_every_panel_with_why() {
    let app = Mounted::new().await;
    assert_eq!(
        app.count("li.dash-panel"),
        0,
        "nothing planned while closed"
    );
    app.click("#dashboard-show").await;
    assert_eq!(app.count("li.dash-panel"), 16);
    let requests = dash_panel("requests-over-time");
    assert_eq!(
        app.attr(&requests, "data-included").as_deref(),
        Some("true")
    );
    assert!(app
        .text(&format!("{requests} .dash-why"))
        .contains("counts rows"));
    let waf = dash_panel("waf");
    assert_eq!(app.attr(&waf, "data-included").as_deref(), Some("false"));
    assert!(app.is_disabled("#dash-toggle-waf"));
    let why = app.text(&format!("{waf} .dash-why"));
    assert!(why.contains("$context.waf"), "{why}");
    assert!(app.text("#dashboard-panels").contains("Add $context.waf"));
    assert_eq!(
        app.text("#dashboard-download"),
        "Download default.dashboard.json"
    );
    assert!(app
        .text("#dashboard-curl")
        .contains("/api/default/dashboards"));
    assert!(app
        .text("#dashboard-curl")
        .contains("$OPENOBSERVE_ACCESS_KEY"));
}

#[cfg(feature = "dashboard-panel")]
#[wasm_bindgen_test]
async fn dashboard_toggling_a_panel_removes_it_from_the_json() {
    let app = Mounted::new().await;
    app.click("#dashboard-show").await;
    assert!(app.text("#dashboard-json").contains("\"Status codes\""));
    app.click("#dash-toggle-status-codes").await;
    assert_eq!(
        app.attr(&dash_panel("status-codes"), "data-included")
            .as_deref(),
        Some("false")
    );
    assert!(!app.text("#dashboard-json").contains("\"Status codes\""));
    assert!(app
        .text(&format!("{} .dash-why", dash_panel("status-codes")))
        .contains("Left out by choice"));
    app.click("#dash-toggle-status-codes").await;
    assert!(app.text("#dashboard-json").contains("\"Status codes\""));
    // The options are the JSON's too.
    app.choose("#dash-range", "24h").await;
    app.type_input("#dash-title", "Pets API").await;
    let json = app.text("#dashboard-json");
    assert!(json.contains(r#""relativeTimePeriod": "24h""#), "{json}");
    assert!(json.contains(r#""title": "Pets API""#), "{json}");
}

#[cfg(feature = "dashboard-panel")]
#[wasm_bindgen_test]
async fn dashboard_the_requests_over_time_preview_draws_an_svg_with_its_numbers() {
    let app = Mounted::new().await;
    app.click("#dashboard-show").await;
    let svg = format!("{} svg.dash-chart", dash_panel("requests-over-time"));
    // Ingest time puts both lines in one time bucket: a bar, not a lone dot.
    let label = app.attr(&svg, "aria-label").unwrap_or_default();
    assert_eq!(label, "Requests: 2");
    assert_eq!(app.count(&format!("{svg} rect")), 1);
    // With their own request times the lines fall in two buckets: a line through both.
    app.click("#dashboard-fix-timestamp").await;
    assert_eq!(app.count(&format!("{svg} polyline")), 1);
    let label = app.attr(&svg, "aria-label").unwrap_or_default();
    assert_eq!(label, "2 time bucket(s). Requests: 1, 1");
    assert_eq!(app.text(&format!("{svg} title")), label);
    // The status codes are a pie, drawn as bars with their shares.
    let bars = format!("{} svg.dash-bars", dash_panel("status-codes"));
    assert_eq!(app.count(&format!("{bars} rect")), 2);
    assert!(app.text(&bars).contains("1 (50%)"), "{}", app.text(&bars));
}

#[cfg(feature = "dashboard-panel")]
#[wasm_bindgen_test]
async fn dashboard_ingest_time_is_said_plainly_with_the_timestamp_fix() {
    let app = Mounted::new().await;
    app.click("#dashboard-show").await;
    assert!(app.text("#dashboard-notes").contains("ingest time"));
    app.click("#dashboard-fix-timestamp").await;
    assert!(editor_value(&app).contains("_timestamp"));
    assert_eq!(app.count("#dashboard-fix-timestamp"), 0);
}

#[cfg(feature = "dashboard-panel")]
#[wasm_bindgen_test]
async fn dashboard_a_text_preset_on_an_http_api_gets_the_vrl_function_and_pipeline() {
    let app = Mounted::new().await;
    app.choose("#api-type", "http").await;
    app.choose("#preset", "http-clf").await;
    app.click("#generate-lines").await;
    app.click("#dashboard-show").await;
    assert!(app.text("#dashboard-function").contains("parse_regex"));
    assert!(app
        .text("#dashboard-pipeline")
        .contains("gwlog_parse_apigw"));
    assert!(app
        .text("#dashboard-function-curl")
        .contains("/api/default/functions"));
    assert!(app
        .text("#dashboard-pipeline-curl")
        .contains("/api/default/pipelines"));
    assert!(app
        .text("#dashboard-download")
        .contains("default_parsed.dashboard.json"));
    assert!(app.count(&format!("{} svg", dash_panel("requests-over-time"))) > 0);
}

#[cfg(feature = "dashboard-panel")]
#[wasm_bindgen_test]
async fn dashboard_a_text_format_sent_directly_gets_no_dashboard_but_the_to_json_fix() {
    let app = Mounted::new().await;
    app.choose("#preset", "rest-clf").await;
    app.click("#dashboard-show").await;
    assert!(app
        .text("#dashboard-error")
        .contains("Convert the format to JSON"));
    assert_eq!(app.count("li.dash-panel"), 0);
    app.click("#dashboard-fix-to-json").await;
    assert!(editor_value(&app).starts_with('{'));
    assert_eq!(app.count("#dashboard-error"), 0);
    assert_eq!(app.count("li.dash-panel"), 16);
}
