//! Takes the README screenshots: the release bundle in `dist/` at 1280 and 390 CSS pixels wide,
//! with a JSON format that has typical problems, one line that fails because of them (so the
//! simulated OpenObserve batch fails with 400), and a filled-in Destination.
//!
//! `cargo run -p gwlog-e2e --example screenshots [OUT_DIR]` (default `docs/`); `scripts/screenshots`
//! builds `dist/` first.

use fantoccini::{Client, Locator};
use gwlog_e2e::browser::Browser;
use gwlog_e2e::server::StaticServer;
use gwlog_e2e::{dist_dir, PREFIX};
use std::path::PathBuf;
use std::time::Duration;

/// A hand-written JSON format: a typo and two unquoted numbers (both accepted by API Gateway).
const FORMAT: &str = r#"{ "requestId":"$context.requestId", "ip":"$context.identity.sourceIp", "requestTime":"$context.requestTim", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":$context.status, "integrationLatency":$context.integrationLatency, "userAgent":"$context.identity.userAgent" }"#;

/// What that format logs for a normal request and for one an authorizer rejected (no
/// integration call, so the latency is a bare `-`).
const LINES: &str = concat!(
    r#"{ "requestId":"48752d0f-c99d-4cfa-a5a7-f3c6834d19e5", "ip":"1.128.0.0", "requestTime":"-", "httpMethod":"GET", "resourcePath":"/pets", "status":200, "integrationLatency":41, "userAgent":"curl/8.4.0" }"#,
    "\n",
    r#"{ "requestId":"7a0e2b8c-3f1d-4c5e-9b6a-2d4f8e1c0a93", "ip":"1.128.0.0", "requestTime":"-", "httpMethod":"POST", "resourcePath":"/pets", "status":401, "integrationLatency":-, "userAgent":"curl/8.4.0" }"#,
    "\n",
);

/// The Destination and export inputs: (selector, value). A made-up server and account.
const DESTINATION: &[(&str, &str)] = &[
    ("#o2-base", "https://openobserve.example.com"),
    ("#o2-org", "default"),
    ("#o2-stream", "amazon-apigateway-MyAPI"),
    ("#o2-email", "root@example.com"),
    ("#o2-secret", "Complexpass#123"),
    ("#fh-name", "prod"),
    ("#fh-account", "123456789012"),
    ("#export-rest-api-id", "a1b2c3d4e5"),
    ("#export-stage", "prod"),
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs").to_owned()),
    );
    std::fs::create_dir_all(&out).expect("create the output directory");
    let server = StaticServer::start(dist_dir(), PREFIX)
        .await
        .expect("start the static server");
    for width in [1280, 390] {
        let browser = Browser::launch(width, 900).await;
        let png = capture(&browser.client, &server.url(), width).await;
        browser.close().await;
        let path = out.join(format!("screenshot-{width}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        println!("wrote {}", path.display());
    }
}

async fn capture(client: &Client, url: &str, width: u32) -> Vec<u8> {
    client.goto(url).await.expect("open the playground");
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#format-input"))
        .await
        .expect("the app loads");
    let fields = [("#format-input", FORMAT), ("#lines-input", LINES)];
    for (selector, value) in fields.iter().chain(DESTINATION) {
        client
            .execute(
                "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                 el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![(*selector).into(), (*value).into()],
            )
            .await
            .expect("fill an editor");
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Grow the window until the viewport holds the whole page (the window's frame, if any, is
    // measured rather than guessed).
    for _ in 0..4 {
        let sizes = client
            .execute(
                "return [document.documentElement.scrollHeight, window.innerHeight, window.outerHeight]",
                vec![],
            )
            .await
            .expect("page height");
        let [page, inner, outer] = [0, 1, 2].map(|i| sizes[i].as_u64().unwrap_or(0) as u32);
        if page <= inner {
            break;
        }
        client
            .set_window_size(width, page + outer.saturating_sub(inner))
            .await
            .expect("resize");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await
        .expect("page width");
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "the page overflows horizontally at {width}px"
    );
    client.screenshot().await.expect("screenshot")
}
