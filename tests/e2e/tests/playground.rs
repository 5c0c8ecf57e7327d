//! End-to-end: the release bundle in `dist/`, served under `/tools/gwlog/` by a plain static
//! server, loaded in headless Chromium and used like a person would, one scenario per test: the
//! page loads from the sub-path with its styles; the console's HTTP CLF format and a real line
//! become typed fields; a line that does not match says why; the Destination gives the stored
//! stream and the Firehose ARN; OpenObserve's guide format fails with 400 until one click converts
//! it to JSON; the Terraform setup downloads under the page's strict CSP; the Dashboard panel
//! previews its panels and downloads as `<stream>.dashboard.json`.
//!
//! The tests share one server and one browser session ([`SHARED`]), taking turns ([`SERIAL`]);
//! each opens the page afresh, so a failure in one never hides the others.
//!
//! Needs `trunk build --offline --release` first (scripts/test does it); fails, never skips,
//! when `dist/` or Chromium is missing.

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use gwlog_e2e::browser::Browser;
use gwlog_e2e::server::StaticServer;
use gwlog_e2e::{dist_dir, PREFIX};
use std::future::Future;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The HTTP API console CLF preset (docs/sources.md, *Presets*).
const HTTP_CLF: &str = r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#;

/// A line in that format, values after Elastic's HTTP sample: routeKey already contains the
/// method, so it appears twice (docs/sources.md, *Sample log lines*).
const HTTP_CLF_LINE: &str = r#"1.128.0.0 - - [09/Jun/2023:12:54:08 +0000] "GET GET /pets HTTP/1.1" 200 47140 GQIVriFLIAMEMsA="#;

/// The format from OpenObserve's API Gateway guide (a `Key: value` text OpenObserve rejects).
const GUIDE_FORMAT: &str = "RequestId: $context.requestId, SourceIP: $context.identity.sourceIp, Method: $context.httpMethod, ResourcePath: $context.resourcePath, StatusCode: $context.status, ResponseLength: $context.responseLength, RequestTime: $context.requestTime";

/// A line in that format.
const GUIDE_LINE: &str = "RequestId: 48752d0f-c99d-4cfa-a5a7-f3c6834d19e5, SourceIP: 1.128.0.0, Method: GET, ResourcePath: /pets, StatusCode: 200, ResponseLength: 184, RequestTime: 10/Jun/2023:15:36:28 +0000";

/// How long the app may take to load or to update after typing.
const PATIENCE: Duration = Duration::from_secs(30);

/// The server, the browser and the runtime both live on, for every test of this binary. Never
/// dropped: the browser's guard stops chromedriver when the test process exits.
struct Shared {
    runtime: tokio::runtime::Runtime,
    server: StaticServer,
    browser: Browser,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("start the tokio runtime");
    let (server, browser) = runtime.block_on(async {
        let server = StaticServer::start(dist_dir(), PREFIX)
            .await
            .expect("start the static server");
        (server, Browser::launch(1280, 1000).await)
    });
    Shared {
        runtime,
        server,
        browser,
    }
});

/// One test at a time drives the shared browser.
static SERIAL: Mutex<()> = Mutex::new(());

/// The page, freshly opened for one scenario.
struct Page {
    client: Client,
    /// Where the browser saves downloads.
    downloads: PathBuf,
}

/// Runs `scenario` on a freshly loaded page of the shared browser, after the tests before it.
fn scenario<F: Future<Output = ()>>(scenario: impl FnOnce(Page) -> F) {
    // A failed test poisons the lock; the next one still gets its turn.
    let _turn = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let shared = &*SHARED;
    let page = Page {
        client: shared.browser.client.clone(),
        downloads: shared.browser.downloads.clone(),
    };
    shared.runtime.block_on(async {
        open(&page.client, &shared.server.url()).await;
        scenario(page).await;
    });
}

/// Loads the app (anew, even when it is already open) and waits until it has replaced the
/// loading text.
async fn open(client: &Client, url: &str) {
    client.goto(url).await.expect("open the playground");
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#format-input"))
        .await
        .expect(
            "the app replaces the loading text (is dist/ built, does it load under a sub-path?)",
        );
}

#[test]
fn the_app_loads_from_a_sub_path_with_its_styles() {
    // The app loads from the sub-path: wasm, JS and CSS are all fetched relative to it.
    scenario(|Page { client, .. }| async move {
        assert!(
            client.find(Locator::Css("#loading")).await.is_err(),
            "the loading text is gone"
        );
        let background = client
            .execute(
                "return getComputedStyle(document.body).backgroundColor",
                vec![],
            )
            .await
            .expect("read the page background");
        assert_eq!(
            background, "rgb(245, 247, 250)",
            "static/style.css is applied"
        );
    });
}

#[test]
fn the_icon_is_served_from_the_sub_path_so_the_site_root_is_never_asked() {
    scenario(|Page { client, .. }| async move {
        // The icon is fetched relative to the page: no request for /favicon.ico at the root.
        let status = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const icon = document.querySelector('link[rel=icon]'); \
                 fetch(icon.href).then(r => done([icon.href, r.status, r.headers.get('content-type')]));",
                vec![],
            )
            .await
            .expect("fetch the icon");
        let href = status[0].as_str().unwrap_or_default();
        assert!(href.ends_with("/tools/gwlog/favicon.svg"), "{href}");
        assert_eq!(status[1], 200, "{status}");
    });
}

/// Chooses the HTTP API, pastes the console's HTTP CLF format and one line of it, and waits until
/// the line is parsed.
async fn paste_http_clf(client: &Client) {
    find(client, "#api-type")
        .await
        .select_by_value("http")
        .await
        .expect("choose HTTP");
    replace_text(client, "#format-input", HTTP_CLF).await;
    wait_for_text(client, "#format-kind", "CLF").await;
    replace_text(client, "#lines-input", HTTP_CLF_LINE).await;
    wait_for_text(
        client,
        &format!(r#"{LINE_1} tr[data-variable="$context.routeKey"] td.value"#),
        "GET /pets",
    )
    .await;
}

/// The first line's result, parsed.
const LINE_1: &str = r#"section.line-result[data-line="1"][data-ok="true"]"#;

#[test]
fn an_http_clf_line_becomes_typed_fields_and_keeps_its_method_in_the_route_key() {
    scenario(|Page { client, .. }| async move {
        paste_http_clf(&client).await;
        assert_eq!(
            find(&client, "#preset")
                .await
                .prop("value")
                .await
                .expect("preset value")
                .as_deref(),
            Some("http-clf"),
            "the pasted format is recognised as the console preset"
        );
        let status = format!(r#"{LINE_1} tr[data-variable="$context.status"]"#);
        assert_eq!(text(&client, &format!("{status} td.type")).await, "integer");
        assert_eq!(text(&client, &format!("{status} td.value")).await, "200");
        assert_eq!(
            text(
                &client,
                &format!(r#"{LINE_1} tr[data-variable="$context.httpMethod"] td.value"#)
            )
            .await,
            "GET"
        );
    });
}

#[test]
fn a_line_that_does_not_match_says_what_was_expected() {
    scenario(|Page { client, .. }| async move {
        paste_http_clf(&client).await;
        // Add a line that does not match: it fails with what was expected, at column 1.
        find(&client, "#lines-input")
            .await
            .send_keys(&(Key::End + &format!("{}not a log line", char::from(Key::Enter))))
            .await
            .expect("type a second line");
        let line2 = r#"section.line-result[data-line="2"][data-ok="false"]"#;
        let message = wait_for(&client, &format!("{line2} .line-error .error-message")).await;
        let message = message.text().await.expect("error text");
        assert!(
            message.starts_with("expected $context.identity.sourceIp"),
            "unexpected error: {message}"
        );
        assert_eq!(
            text(&client, &format!("{line2} .line-text")).await,
            "not a log line"
        );
        assert!(text(&client, ".results-summary").await.contains("1 failed"));
    });
}

#[test]
fn the_destination_gives_the_stored_stream_and_the_firehose_arn() {
    scenario(|Page { client, .. }| async move {
        replace_text(&client, "#o2-base", "https://openobserve.example.com").await;
        replace_text(&client, "#o2-stream", "amazon-apigateway-MyAPI").await;
        wait_for_text(&client, "#o2-stored", "amazon_apigateway_myapi").await;
        replace_text(&client, "#fh-name", "prod").await;
        replace_text(&client, "#fh-account", "123456789012").await;
        wait_for_text(
            &client,
            "#fh-arn",
            "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod",
        )
        .await;
    });
}

#[test]
fn the_guide_format_fails_with_400_until_one_click_converts_it_to_json() {
    scenario(|Page { client, .. }| async move {
        replace_text(&client, "#o2-base", "https://openobserve.example.com").await;
        replace_text(&client, "#o2-stream", "amazon-apigateway-MyAPI").await;

        // OpenObserve's guide format and a line: the whole batch fails with 400.
        replace_text(&client, "#format-input", GUIDE_FORMAT).await;
        replace_text(&client, "#lines-input", GUIDE_LINE).await;
        wait_for_text(&client, "#sim-status", "400 Bad Request").await;
        wait_for(
            &client,
            r#"li.sim-record[data-record="1"][data-verdict="rejected"]"#,
        )
        .await;
        assert!(text(&client, "#sim-response")
            .await
            .contains("errorMessage"));
        let curl = text(&client, "#curl").await;
        assert!(
            curl.contains(
                "https://openobserve.example.com/aws/default/amazon-apigateway-MyAPI/_kinesis_firehose"
            ),
            "the curl command posts to the Destination URL: {curl}"
        );

        // One click converts the format (and the sample line) to JSON: 200, stored.
        find(&client, "#fix-to-json")
            .await
            .click()
            .await
            .expect("click Convert to JSON");
        wait_for_text(&client, "#sim-status", "200 OK").await;
        wait_for(
            &client,
            r#"li.sim-record[data-record="1"][data-verdict="stored"]"#,
        )
        .await;
        let format = find(&client, "#format-input")
            .await
            .prop("value")
            .await
            .expect("format value")
            .unwrap_or_default();
        assert!(
            format.starts_with("{\"requestId\":\"$context.requestId\""),
            "{format}"
        );
    });
}

#[test]
fn the_terraform_setup_downloads_as_a_file_under_the_strict_csp() {
    scenario(|Page { client, downloads }| async move {
        replace_text(&client, "#o2-base", "https://openobserve.example.com").await;
        replace_text(&client, "#fh-name", "prod").await;
        replace_text(&client, "#fh-account", "123456789012").await;

        // The Terraform setup downloads as a file, blob: URL and all, under the strict CSP.
        find(&client, "#export-terraform")
            .await
            .click()
            .await
            .expect("choose Terraform");
        wait_for(&client, "#export-download:not([disabled])").await;
        wait_for_contains(
            &client,
            "#export-text",
            "https://openobserve.example.com/aws/default/default/_kinesis_firehose",
        )
        .await;
        find(&client, "#export-download")
            .await
            .click()
            .await
            .expect("click Download");
        wait_for_text(
            &client,
            "#export-download + .copy-status",
            "Saved as gwlog-firehose.tf",
        )
        .await;
        let file = downloads.join("gwlog-firehose.tf");
        let start = Instant::now();
        while !file.is_file() {
            assert!(
                start.elapsed() < PATIENCE,
                "{} was not downloaded within {PATIENCE:?}",
                file.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let saved = std::fs::read_to_string(&file).expect("read the download");
        assert!(
            saved.contains("aws_kinesis_firehose_delivery_stream"),
            "{saved}"
        );
    });
}

#[cfg(feature = "dashboard-panel")]
#[test]
fn the_dashboard_previews_its_panels_and_downloads_as_a_json_file() {
    scenario(|Page { client, downloads }| async move {
        replace_text(&client, "#o2-stream", "apigw").await;
        wait_for_text(&client, "#o2-stored", "apigw").await;
        find(&client, "#dashboard-show")
            .await
            .click()
            .await
            .expect("open the dashboard");
        // The default preset has no _timestamp: ingest time, said plainly, with the fix. Fixed,
        // each line keeps its request time: the requests are drawn as a line over time, the
        // status codes as bars.
        wait_for_contains(&client, "#dashboard-notes", "ingest time").await;
        find(&client, "#dashboard-fix-timestamp")
            .await
            .click()
            .await
            .expect("click Add _timestamp");
        wait_for(
            &client,
            r#"li.dash-panel[data-panel="requests-over-time"][data-included="true"] svg.dash-chart polyline"#,
        )
        .await;
        wait_for(
            &client,
            r#"li.dash-panel[data-panel="status-codes"] svg.dash-bars rect"#,
        )
        .await;
        wait_for_contains(
            &client,
            r#"li.dash-panel[data-panel="waf"] .dash-why"#,
            "$context.waf",
        )
        .await;
        find(&client, "#dashboard-download")
            .await
            .click()
            .await
            .expect("click Download");
        wait_for_text(
            &client,
            "#dashboard-download + .copy-status",
            "Saved as apigw.dashboard.json",
        )
        .await;
        let file = downloads.join("apigw.dashboard.json");
        let start = Instant::now();
        while !file.is_file() {
            assert!(
                start.elapsed() < PATIENCE,
                "{} was not downloaded within {PATIENCE:?}",
                file.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let saved = std::fs::read_to_string(&file).expect("read the download");
        assert!(saved.contains("\"version\": 8"), "{saved}");
        assert!(saved.contains("Requests over time"), "{saved}");
    });
}

/// The element matching `css`, which must exist now.
async fn find(client: &Client, css: &str) -> Element {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element `{css}`: {e}"))
}

/// The rendered text of the element matching `css`.
async fn text(client: &Client, css: &str) -> String {
    find(client, css)
        .await
        .text()
        .await
        .unwrap_or_else(|e| panic!("cannot read `{css}`: {e}"))
}

/// Clears a textarea or input and types `value` into it, key by key.
async fn replace_text(client: &Client, css: &str, value: &str) {
    let field = find(client, css).await;
    // WebDriver's clear() fires no `input` event, so the app would keep the old value and put
    // it back on its next render (seen as "defaultamazon-…" under load): empty the field the way
    // typing does, then type.
    let element = serde_json::to_value(&field).expect("an element serialises");
    client
        .execute(
            "arguments[0].value = ''; \
             arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![element],
        )
        .await
        .unwrap_or_else(|e| panic!("cannot clear `{css}`: {e}"));
    field
        .send_keys(value)
        .await
        .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
}

/// Waits until an element matching `css` exists.
async fn wait_for(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` did not appear within {PATIENCE:?}: {e}"))
}

/// Waits until the element matching `css` shows text containing `expected`.
async fn wait_for_contains(client: &Client, css: &str, expected: &str) {
    let start = Instant::now();
    loop {
        let found = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.ok(),
            Err(_) => None,
        };
        if found.as_deref().is_some_and(|text| text.contains(expected)) {
            return;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "`{css}` shows {found:?}, expected it to contain {expected:?} within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the element matching `css` shows exactly `expected`.
async fn wait_for_text(client: &Client, css: &str, expected: &str) {
    let start = Instant::now();
    loop {
        let found = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.ok(),
            Err(_) => None,
        };
        if found.as_deref() == Some(expected) {
            return;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "`{css}` shows {found:?}, expected {expected:?} within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
