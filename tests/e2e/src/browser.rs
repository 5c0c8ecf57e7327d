//! Headless Chromium driven over WebDriver: spawns its own `chromedriver` on a free port and
//! opens one session with a throw-away profile.
//!
//! chromedriver runs under a small `sh` guard (Unix) that stops it and Chromium and removes the
//! profile as soon as its stdin closes: when the [`Browser`] is dropped, or when the process
//! holding it exits, even without dropping it (a browser shared by several tests in a `static`).
//!
//! Paths come from `CHROMEDRIVER` (default `/usr/bin/chromedriver`) and `CHROMIUM` (default
//! `/usr/bin/chromium`); `scripts/setup` installs both.

use fantoccini::{Client, ClientBuilder};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Runs chromedriver (`$1`, on port `$2`) until stdin closes, then stops it and the Chromium it
/// started (all of them share the guard's process group; Chromium outlives a chromedriver that is
/// merely killed) and removes the profile directory (`$3`).
const GUARD: &str = r#""$1" --port="$2" </dev/null >/dev/null 2>&1 &
cat >/dev/null
trap '' TERM
kill -TERM 0 2>/dev/null
wait
sleep 1
rm -rf "$3""#;

/// A chromedriver process plus one browser session. Dropping it stops chromedriver and removes
/// the profile directory; call [`Browser::close`] first to end the session cleanly.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// Where the browser saves downloads (inside the throw-away profile).
    pub downloads: PathBuf,
    /// The guard running chromedriver (see [`GUARD`]).
    driver: Child,
    /// Its stdin: closing it stops chromedriver.
    lifeline: Option<ChildStdin>,
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

        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let profile =
            std::env::temp_dir().join(format!("gwlog-e2e-{}-{nanos}", std::process::id()));
        let port = free_port();
        let mut driver = Command::new("sh")
            .args(["-c", GUARD, "gwlog-e2e-chromedriver"])
            .arg(&driver_path)
            .arg(port.to_string())
            .arg(&profile)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, which the guard stops as a whole.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_path} under sh: {e}"));
        let lifeline = driver.stdin.take();
        wait_for_port(port, Duration::from_secs(20));

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
            lifeline,
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
        // The guard stops chromedriver once its stdin closes, then exits.
        drop(self.lifeline.take());
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
