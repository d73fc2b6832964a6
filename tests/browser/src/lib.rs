//! A small DevTools-protocol driver for headless Chromium, enough for the
//! end-to-end tests of `clusterhub serve`: launch, navigate, evaluate
//! JavaScript, poll for a condition; and a plain static file server for
//! sites written by `clusterhub build`.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// The Chromium binary: `$CHROMIUM` (when set, only that), else the usual
/// names on PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// `None` (and a note on stderr) when there is no browser and the run
/// does not require one (`CLUSTERHUB_REQUIRE_BROWSER=1` makes it a failure).
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    match find_chromium() {
        Some(p) => Some(p),
        None if std::env::var("CLUSTERHUB_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!(
                "{test}: no Chromium found (install it, e.g. `apt-get install -y chromium`, or set CHROMIUM=/path)"
            )
        }
        None => {
            let note = format!(
                "{test}: SKIPPED, no Chromium found (set CLUSTERHUB_REQUIRE_BROWSER=1 to make this a failure)"
            );
            // The harness captures eprintln!; the real stderr shows the note.
            match std::fs::OpenOptions::new().append(true).open("/dev/stderr") {
                Ok(mut f) => {
                    let _ = writeln!(f, "{note}");
                }
                Err(_) => eprintln!("{note}"),
            }
            None
        }
    }
}

pub struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of `GET path` from the server on 127.0.0.1:`port`.
pub fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) if !raw.is_empty() => break,
            Err(e) => return Err(e),
        };
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            });
            if len.is_some_and(|len| body.len() >= len) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    Ok(text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default())
}

fn wait_until<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Browser {
    pub fn launch(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let port_file = profile.path().join("DevToolsActivePort");
        let port: u16 = wait_until(
            "Chromium's DevToolsActivePort",
            Duration::from_secs(30),
            || {
                std::fs::read_to_string(&port_file)
                    .ok()?
                    .lines()
                    .next()?
                    .trim()
                    .parse()
                    .ok()
            },
        );
        let ws_url = wait_until("a page target", Duration::from_secs(30), || {
            let list: Value = serde_json::from_str(&http_get(port, "/json/list").ok()?).ok()?;
            list.as_array()?
                .iter()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(str::to_string))
        });
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let (ws, _) = tungstenite::client(ws_url.as_str(), stream).unwrap();
        Browser {
            child,
            ws,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Sends a command and waits for its answer (events are skipped).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        match self.try_call(method, params) {
            Ok(result) => result,
            Err(answer) => panic!("{method} failed: {answer}"),
        }
    }

    /// Sends a command; its result, or the whole answer when it is an error.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({ "id": id, "method": method, "params": params });
        self.ws.send(Message::text(msg.to_string())).unwrap();
        loop {
            let m = self.ws.read().unwrap();
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["id"] == id {
                if v.get("error").is_some() {
                    return Err(v);
                }
                return Ok(v["result"].clone());
            }
        }
    }

    pub fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for("the page to load", "document.readyState === 'complete'");
    }

    /// Evaluates an expression in the page; `Null` while the page is reloading
    /// (the expression threw, or the page navigated away while it ran).
    pub fn eval(&mut self, expression: &str) -> Value {
        let answer = self.try_call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        let r = match answer {
            Ok(r) => r,
            Err(e) if is_navigation_race(&e) => return Value::Null,
            Err(e) => panic!("Runtime.evaluate failed: {e}"),
        };
        if r.get("exceptionDetails").is_some() {
            return Value::Null;
        }
        r["result"]["value"].clone()
    }

    /// Evaluates an expression that gives a promise, and its value.
    pub fn eval_async(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    /// Gives the page a viewport of `width` × `height` CSS pixels (a phone's
    /// when narrower than 600, honouring `<meta name="viewport">`).
    pub fn set_viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
    }

    /// Makes the page see `prefers-color-scheme: dark` (or light).
    pub fn set_dark(&mut self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] }),
        );
    }

    /// Presses and releases a key (`" "`, `"Enter"`) on the focused element.
    pub fn press(&mut self, key: &str) {
        let (code, text, vk) = match key {
            " " => ("Space", " ", 32),
            "Enter" => ("Enter", "\r", 13),
            other => (other, other, 0),
        };
        for kind in ["keyDown", "keyUp"] {
            let mut params =
                json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk });
            if kind == "keyDown" {
                params["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", params);
        }
    }

    /// Polls `expression` until it is `true`, for up to 20 seconds.
    pub fn wait_for(&mut self, what: &str, expression: &str) {
        self.wait_for_up_to(what, expression, Duration::from_secs(20));
    }

    /// Polls `expression` until it is `true`, for up to `limit`: for work
    /// whose time grows with the machine's load (a batch of searches), not
    /// a bound the test checks.
    pub fn wait_for_up_to(&mut self, what: &str, expression: &str, limit: Duration) {
        let start = Instant::now();
        loop {
            if self.eval(expression) == Value::Bool(true) {
                return;
            }
            if start.elapsed() > limit {
                let text = self.eval("document.body ? document.body.innerText : ''");
                panic!(
                    "timed out after {limit:?} waiting for {what} ({expression}); page text: {text}"
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Whether a DevTools error answer only says the page navigated (or its
/// context went away) while a command ran: the caller may ask again.
fn is_navigation_race(answer: &Value) -> bool {
    let message = answer["error"]["message"].as_str().unwrap_or("");
    message.contains("navigated or closed") || message.contains("Cannot find context")
}

/// A free port on 127.0.0.1 (the server may still pick the next one).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the preview answers on `port`.
pub fn wait_for_server(port: u16) {
    wait_until("the preview server", Duration::from_secs(60), || {
        http_get(port, "/").ok().filter(|b| !b.is_empty())
    });
}

/// Runs `clusterhub serve` on `root` in this process (until it ends), on a
/// free loopback port; returns the port once the preview answers.
pub fn start_serve(root: &Path) -> u16 {
    let port = free_port();
    let args = clusterhub::cli::ServeArgs {
        root: Some(root.to_path_buf()),
        bind: "127.0.0.1".into(),
        port: Some(port),
        base_url: None,
        open: false,
        drafts: false,
        timings: false,
    };
    std::thread::spawn(move || clusterhub::cmd::serve::run(&args));
    wait_for_server(port);
    port
}

/// Copies a folder tree (a fixture hub into a temporary folder).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Builds the hub at `root` into `output` with root-relative links (a
/// base URL on loopback, so its path is `/`), panicking if the build
/// fails, and serves the result with `serve_static`; returns the port.
pub fn build_and_serve(root: &Path, output: PathBuf) -> u16 {
    let args = clusterhub::cli::BuildArgs {
        root: Some(root.to_path_buf()),
        output: output.clone(),
        base_url: Some("http://127.0.0.1/".into()),
        drafts: false,
        timings: false,
        format: clusterhub::cli::Format::Human,
    };
    assert_eq!(clusterhub::cmd::build::run(&args), 0, "build failed");
    serve_static(output).0
}

/// A minimal static file server for `root` on 127.0.0.1, like any static
/// host: GET only, `index.html` for folders, a content type by extension.
/// Every file served is logged with its size.
pub fn serve_static(root: PathBuf) -> (u16, Served) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let served = Served::default();
    let log = served.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, log) = (root.clone(), log.clone());
            std::thread::spawn(move || answer(&root, stream, &log));
        }
    });
    (port, served)
}

pub type Served = std::sync::Arc<std::sync::Mutex<Vec<(String, usize)>>>;

fn answer(root: &Path, mut stream: TcpStream, log: &Served) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = path.replace("%20", " ");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, body, kind) = match (path.contains(".."), std::fs::read(&file)) {
        (false, Ok(body)) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                Some("json") => "application/json",
                Some("svg") => "image/svg+xml",
                Some("webp") => "image/webp",
                Some("png") => "image/png",
                Some("jpg") => "image/jpeg",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
    log.lock().unwrap().push((path, body.len()));
}
