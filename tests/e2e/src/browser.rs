//! Headless Chromium driven over WebDriver: spawns its own `chromedriver` on a free port and
//! opens one session with a throw-away profile.
//!
//! Paths come from `CHROMEDRIVER` (default `/usr/bin/chromedriver`) and `CHROMIUM` (default
//! `/usr/bin/chromium`); `scripts/setup` installs both.

use fantoccini::{Client, ClientBuilder};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A chromedriver process plus one browser session. Dropping it kills chromedriver and removes
/// the profile directory; call [`Browser::close`] first to end the session cleanly.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// Where the browser saves downloads (inside the throw-away profile).
    pub downloads: PathBuf,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium window of `width`×`height` CSS pixels.
    ///
    /// Panics with an actionable message when chromedriver or Chromium is missing.
    pub async fn launch(width: u32, height: u32) -> Browser {
        let driver_path =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        for (what, path) in [("chromedriver", &driver_path), ("chromium", &chromium)] {
            assert!(
                std::path::Path::new(path).exists(),
                "{what} not found at {path}: run scripts/setup (or set {})",
                what.to_uppercase()
            );
        }

        let port = free_port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_path}: {e}"));
        wait_for_port(port, Duration::from_secs(20));

        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let profile =
            std::env::temp_dir().join(format!("gwlog-e2e-{}-{nanos}", std::process::id()));
        let downloads = profile.join("downloads");
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false
                }
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not start Chromium ({chromium}): {e}"));
        Browser {
            client,
            downloads,
            driver,
            profile,
        }
    }

    /// Ends the WebDriver session (closing Chromium).
    pub async fn close(self) {
        // The session may already be gone if a step crashed the browser; nothing to do then.
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A TCP port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

fn wait_for_port(port: u16, timeout: Duration) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < timeout,
            "chromedriver did not listen on port {port} within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
