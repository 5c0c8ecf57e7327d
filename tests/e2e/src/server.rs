//! A tiny static file server for `dist/`, mounted under a URL prefix.
//!
//! Just enough HTTP/1.1 for a browser to load the playground: `GET` and `HEAD`, one request per
//! connection, a content type per extension (`application/wasm` matters: browsers only stream-
//! compile WebAssembly served with it). Serving under a prefix such as `/tools/gwlog/` proves the
//! bundle only uses relative URLs.

use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A running server; it stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    prefix: String,
    task: JoinHandle<()>,
}

impl StaticServer {
    /// Serves the files under `root` at `http://127.0.0.1:<free port><prefix>`.
    ///
    /// `prefix` must start and end with `/` (e.g. `/tools/gwlog/`).
    pub async fn start(root: impl Into<PathBuf>, prefix: &str) -> io::Result<Self> {
        assert!(
            prefix.starts_with('/') && prefix.ends_with('/'),
            "prefix must start and end with `/`"
        );
        let root = root.into();
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let owned_prefix = prefix.to_owned();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (root, prefix) = (root.clone(), owned_prefix.clone());
                tokio::spawn(async move {
                    // A browser that hangs up early is not the server's problem.
                    let _ = handle(stream, &root, &prefix).await;
                });
            }
        });
        Ok(StaticServer {
            addr,
            prefix: prefix.to_owned(),
            task,
        })
    }

    /// The URL of the app: `http://127.0.0.1:<port><prefix>`.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.prefix)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What the server answers to one request path.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// Serve this file.
    File(PathBuf),
    /// Redirect to the prefix with its trailing slash (`/tools/gwlog` → `/tools/gwlog/`).
    AddSlash(String),
    /// 404.
    NotFound,
}

/// Maps a request path to a file below `root`, refusing anything outside the prefix or root.
pub fn route(root: &Path, prefix: &str, request_path: &str) -> Route {
    let path = request_path.split(['?', '#']).next().unwrap_or_default();
    if path == prefix.trim_end_matches('/') {
        return Route::AddSlash(prefix.to_owned());
    }
    let Some(rest) = path.strip_prefix(prefix) else {
        return Route::NotFound;
    };
    let rest = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_owned()
    };
    let relative = Path::new(&rest);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Route::NotFound;
    }
    Route::File(root.join(relative))
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

async fn handle(mut stream: TcpStream, root: &Path, prefix: &str) -> io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || request.len() > 64 * 1024 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&request);
    let mut parts = head.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            &[],
            &[],
        )
        .await;
    }
    let (status, kind, body, extra): (&str, &str, Vec<u8>, Vec<(&str, String)>) =
        match route(root, prefix, path) {
            Route::AddSlash(location) => (
                "301 Moved Permanently",
                "text/plain",
                Vec::new(),
                vec![("Location", location)],
            ),
            Route::File(file) => match tokio::fs::read(&file).await {
                Ok(bytes) => ("200 OK", content_type(&file), bytes, Vec::new()),
                Err(_) => (
                    "404 Not Found",
                    "text/plain",
                    b"not found".to_vec(),
                    Vec::new(),
                ),
            },
            Route::NotFound => (
                "404 Not Found",
                "text/plain",
                b"not found".to_vec(),
                Vec::new(),
            ),
        };
    let body = if method == "HEAD" { &[][..] } else { &body[..] };
    respond(&mut stream, status, kind, &extra, body).await
}

async fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    extra: &[(&str, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIX: &str = "/tools/gwlog/";

    fn file(p: &str) -> Route {
        Route::File(Path::new("/dist").join(p))
    }

    #[test]
    fn prefix_root_serves_index() {
        assert_eq!(
            route(Path::new("/dist"), PREFIX, "/tools/gwlog/"),
            file("index.html")
        );
    }

    #[test]
    fn prefix_without_slash_redirects() {
        assert_eq!(
            route(Path::new("/dist"), PREFIX, "/tools/gwlog"),
            Route::AddSlash(PREFIX.into())
        );
    }

    #[test]
    fn assets_resolve_below_the_prefix_and_ignore_queries() {
        assert_eq!(
            route(Path::new("/dist"), PREFIX, "/tools/gwlog/app.wasm?v=1"),
            file("app.wasm")
        );
    }

    #[test]
    fn paths_outside_the_prefix_are_not_found() {
        assert_eq!(
            route(Path::new("/dist"), PREFIX, "/index.html"),
            Route::NotFound
        );
    }

    #[test]
    fn parent_directories_are_refused() {
        assert_eq!(
            route(Path::new("/dist"), PREFIX, "/tools/gwlog/../secret"),
            Route::NotFound
        );
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(content_type(Path::new("x_bg.wasm")), "application/wasm");
    }
}
