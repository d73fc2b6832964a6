//! `clusterhub serve`: builds the hub in memory (`live::Engine`), serves
//! the last good site over HTTP, watches the hub's files, rebuilds what
//! changed and tells open pages over Server-Sent Events to reload, swap
//! stylesheets or show the errors. Never writes to the hub's folder.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::{Format, ServeArgs};
use crate::diag::{self, Diagnostic, Severity};
use crate::live::{Engine, Rebuild, SharedSite};
use crate::pipeline::Options;
use axum::body::Body;
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::notify::RecommendedWatcher;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

const LIVE_JS: &str = include_str!("live.js");
const LIVE_JS_URL: &str = "/__clusterhub/live.js";
const EVENTS_URL: &str = "/__clusterhub/events";
/// Sent on the events channel when the server stops: ends every stream.
const BYE: &str = "bye";
/// How long the watcher waits for a burst of saves to end.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// The /api/ exports and the search index are rebuilt this long after the
/// last edit (they cover the whole site, so never on the edit path).
const SETTLE_DELAY: Duration = Duration::from_secs(2);
/// Changes closer than this to the previous rebuild are a burst (a tool
/// saving many times a second), which is waited out and rebuilt once. Short,
/// so that a person saving again right after a rebuild waits for nothing.
const BURST_GAP: Duration = Duration::from_millis(50);

/// What the server answers from: the last good site and the current status.
struct Snapshot {
    files: SharedSite,
    assets: Arc<HashMap<String, PathBuf>>,
    /// The message a newly connected page gets (the current errors).
    hello: String,
    /// How many times the site was published: served pages carry it, so a
    /// page that connects after a newer publish (it was loading when the
    /// change was announced) knows to reload.
    version: u64,
}

struct Shared {
    snapshot: Mutex<Arc<Snapshot>>,
    events: broadcast::Sender<String>,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.lock() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
    fn set(&self, snapshot: Snapshot) {
        let mut guard = match self.snapshot.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(snapshot);
    }
}

pub fn run(args: &ServeArgs) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return EXIT_FAILURE;
        }
    };
    runtime.block_on(serve(args))
}

async fn bind(ip: IpAddr, port: u16) -> Result<tokio::net::TcpListener, String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(10) {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, p)).await {
            Ok(l) => {
                if p != port {
                    eprintln!(
                        "port {port} is taken, so the preview uses port {p} (choose one with --port)"
                    );
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                last =
                    format!("port {port} and the next 10 are taken: pass a free one with --port");
            }
            Err(e) => return Err(format!("cannot listen on {ip}:{p}: {e}")),
        }
    }
    Err(last)
}

async fn serve(args: &ServeArgs) -> u8 {
    let ip: IpAddr = match args.bind.parse() {
        Ok(ip) => ip,
        Err(_) => {
            eprintln!(
                "error: --bind {} is not an IP address (use 127.0.0.1, or 0.0.0.0 for every interface)",
                args.bind
            );
            return EXIT_FAILURE;
        }
    };
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: other computers on the network can see this preview, drafts included if --drafts is on"
        );
    }
    let listener = match bind(ip, args.port).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    let host = if ip.is_unspecified() || ip.is_loopback() {
        "127.0.0.1".to_string()
    } else if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    let url = format!("http://{host}:{port}/");
    let hosts = Hosts { bound: ip, port };
    let options = Options {
        base_url: Some(url.clone()),
        include_drafts: args.drafts,
        // Built lazily, off the edit path: `search::index`.
        skip_search_index: true,
    };
    // The watcher reports absolute paths: compare them with an absolute root
    // (the default root is `.`).
    let hub_root = std::fs::canonicalize(&args.root)
        .or_else(|_| std::path::absolute(&args.root))
        .unwrap_or_else(|_| args.root.clone());
    let root = hub_root.clone();
    let (tx, _) = broadcast::channel::<String>(64);
    let files = FileWatch::start(&hub_root);
    let started = tokio::task::spawn_blocking(move || Engine::new(&root, &options)).await;
    let Ok((engine, first)) = started else {
        eprintln!("error: the first build stopped unexpectedly");
        return EXIT_FAILURE;
    };
    let mut first_diags = first.diags.clone();
    super::report(&mut first_diags, Format::Human);
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Arc::new(Snapshot {
            files: engine.shared_site(),
            assets: engine.published_assets(),
            hello: message(&first, true, 0),
            version: 0,
        })),
        events: tx,
    });
    if first.published {
        eprintln!(
            "built {} pages in {} ms",
            first.pages,
            first.elapsed.as_millis()
        );
    } else {
        eprintln!(
            "the build has errors ({}); fix them and the site appears",
            diag::summary_line(&first.diags)
        );
    }
    let watch_shared = shared.clone();
    let root = hub_root.clone();
    let watcher =
        files.map(|files| std::thread::spawn(move || watch(&root, files, engine, watch_shared)));
    let app = axum::Router::new()
        .route(LIVE_JS_URL, axum::routing::get(live_js))
        .route(EVENTS_URL, axum::routing::get(events))
        .fallback(site_file)
        .with_state(shared.clone())
        .layer(axum::middleware::from_fn_with_state(hosts, check_host));
    eprintln!("serving {} at {url} (Ctrl-C to stop)", args.root.display());
    if args.open {
        open_browser(&url);
    }
    let bye = shared.events.clone();
    let app = app.into_make_service_with_connect_info::<LocalAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            // End the open event streams, or shutting down would wait for them.
            let _ = bye.send(BYE.to_string());
            // Never hang on a client that does not let go.
            tokio::spawn(async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                eprintln!("stopped");
                std::process::exit(0);
            });
        })
        .await;
    drop(watcher);
    match result {
        Ok(()) => {
            eprintln!("stopped");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            EXIT_FAILURE
        }
    }
}

/// The `Host` values the preview answers, so that a web page elsewhere
/// cannot read it through a name of its own pointed at this computer (DNS
/// rebinding): `localhost` and loopback addresses, the address `--bind`
/// names, and when bound to every interface (`0.0.0.0`, `::`) the address
/// the request arrived at; always with the port served.
#[derive(Clone, Copy)]
struct Hosts {
    bound: IpAddr,
    port: u16,
}

/// The local address a connection arrived at.
#[derive(Clone, Copy)]
struct LocalAddr(Option<SocketAddr>);

impl Connected<axum::serve::IncomingStream<'_, tokio::net::TcpListener>> for LocalAddr {
    fn connect_info(stream: axum::serve::IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        LocalAddr(stream.io().local_addr().ok())
    }
}

impl Hosts {
    /// Whether `host` (a `Host` header or a request's authority) names
    /// this server, reached at `local`.
    fn allows(&self, host: &str, local: Option<SocketAddr>) -> bool {
        // `name[:port]` or `[v6][:port]`; no port is port 80.
        let (name, port) = match host.strip_prefix('[').and_then(|h| h.split_once(']')) {
            Some((v6, rest)) => (
                v6,
                rest.strip_prefix(':').or(rest.is_empty().then_some("80")),
            ),
            None => host
                .rsplit_once(':')
                .map_or((host, Some("80")), |(n, p)| (n, Some(p))),
        };
        if port.and_then(|p| p.parse::<u16>().ok()) != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = if host.starts_with('[') {
            name.parse::<std::net::Ipv6Addr>().map(IpAddr::V6).ok()
        } else {
            name.parse::<std::net::Ipv4Addr>().map(IpAddr::V4).ok()
        };
        let Some(ip) = ip.map(|ip| ip.to_canonical()) else {
            return false;
        };
        ip.is_loopback()
            || ip == self.bound.to_canonical()
            || (self.bound.is_unspecified() && local.is_some_and(|l| l.ip().to_canonical() == ip))
    }
}

/// Answers 421 to a request for another host (see `Hosts`).
async fn check_host(
    State(hosts): State<Hosts>,
    ConnectInfo(local): ConnectInfo<LocalAddr>,
    request: Request,
    next: Next,
) -> Response {
    let header = request.headers().get(header::HOST).map(|h| h.to_str());
    let authority = request.uri().authority().map(|a| a.as_str());
    let allowed = match (header, authority) {
        (None, None) | (Some(Err(_)), _) => false,
        (Some(Ok(h)), a) => hosts.allows(h, local.0) && a.is_none_or(|a| hosts.allows(a, local.0)),
        (None, Some(a)) => hosts.allows(a, local.0),
    };
    if allowed {
        return next.run(request).await;
    }
    let mut r = Response::new(Body::from(format!(
        "This preview answers only requests for localhost:{port} or 127.0.0.1:{port} (or the address it listens on); this one named another host.\n",
        port = hosts.port
    )));
    *r.status_mut() = StatusCode::MISDIRECTED_REQUEST;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

/// The JSON message sent to pages after a build.
fn message(r: &Rebuild, hello: bool, version: u64) -> String {
    let errors: Vec<serde_json::Value> = r
        .diags
        .iter()
        .filter(|d| d.is_error())
        .map(diag_json)
        .collect();
    let css = !r.assets_changed.is_empty() && r.assets_changed.iter().all(|a| a.ends_with(".css"));
    let reload = r.assets_changed.iter().any(|a| !a.ends_with(".css"));
    serde_json::json!({
        "hello": hello,
        "version": version,
        "errors": errors,
        // A page that just connected needs no list of changes.
        "changed": if hello { &[][..] } else { r.changed.as_slice() },
        "css": css,
        "reload": reload,
    })
    .to_string()
}

fn diag_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
        "code": d.code,
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "width": d.width,
        "message": d.message,
        "hint": d.hint,
        "source_line": d.source_line,
        "snippet_column": d.column.saturating_sub(d.snippet_shift),
    })
}

/// The files being watched, and the channel their changes arrive on.
struct FileWatch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    changes: std::sync::mpsc::Receiver<DebounceEventResult>,
    /// The root itself (not recursive) sees hub.yaml saved by renaming and
    /// content/ or static/ appearing; the input folders are watched whole.
    targets: Vec<(PathBuf, RecursiveMode)>,
    watched: Vec<PathBuf>,
}

impl FileWatch {
    /// Starts watching the hub (before the first build, so that nothing
    /// saved while it runs is missed).
    fn start(root: &Path) -> Option<FileWatch> {
        let (tx, changes) = std::sync::mpsc::channel::<DebounceEventResult>();
        let debouncer = match new_debouncer(DEBOUNCE, None, move |r: DebounceEventResult| {
            let _ = tx.send(r);
        }) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: cannot watch files ({e}); the preview will not update");
                return None;
            }
        };
        let mut watch = FileWatch {
            debouncer,
            changes,
            targets: std::iter::once((root.to_path_buf(), RecursiveMode::NonRecursive))
                .chain(
                    crate::layout::INPUT_DIRS
                        .iter()
                        .map(|d| (root.join(d), RecursiveMode::Recursive)),
                )
                .collect(),
            watched: Vec::new(),
        };
        watch.watch_new_folders();
        Some(watch)
    }

    /// Watches the folders of `targets` that exist and are not watched yet.
    fn watch_new_folders(&mut self) {
        for (path, mode) in &self.targets {
            if path.is_dir() && !self.watched.contains(path) {
                match self.debouncer.watch(path, *mode) {
                    Ok(()) => self.watched.push(path.clone()),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
                }
            }
        }
    }
}

/// The watcher thread: waits for changes, rebuilds, publishes.
fn watch(root: &Path, mut files: FileWatch, mut engine: Engine, shared: Arc<Shared>) {
    let mut last_errors: Option<String> = None;
    let mut last_rebuild: Option<std::time::Instant> = None;
    // The first index is built once the server is up.
    let mut settle_due = true;
    let mut version = 0u64;
    // The search index is built on its own thread (Pagefind takes seconds
    // on a large hub); edits go on being rebuilt meanwhile. Pagefind works
    // through rayon: it gets a one-thread pool of its own, or it would hold
    // the threads the rebuilds need.
    let mut indexing: Option<std::thread::JoinHandle<()>> = None;
    let search_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "search-index".into())
        .build()
        .ok()
        .map(Arc::new);
    loop {
        let first = if settle_due {
            match files.changes.recv_timeout(SETTLE_DELAY) {
                Ok(batch) => batch,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    // Edits have settled: the whole-site work kept off the
                    // edit path (the /api/ exports, the search index).
                    settle_due = false;
                    engine.refresh_exports();
                    if indexing.as_ref().is_some_and(|t| !t.is_finished()) {
                        // Index the latest site once this run is over.
                        settle_due = true;
                        continue;
                    }
                    if let Some(job) = engine.search_job() {
                        let pool = search_pool.clone();
                        indexing = Some(std::thread::spawn(move || {
                            let start = std::time::Instant::now();
                            let result = match pool {
                                Some(pool) => pool.install(|| job.run()),
                                None => job.run(),
                            };
                            match result {
                                Ok(_) => eprintln!(
                                    "search index rebuilt in {} ms",
                                    start.elapsed().as_millis()
                                ),
                                Err(d) => {
                                    super::report(&mut vec![d], Format::Human);
                                }
                            }
                        }));
                    }
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match files.changes.recv() {
                Ok(batch) => batch,
                Err(_) => break,
            }
        };
        let mut batches = vec![first];
        // A burst of saves (a change right after the last rebuild): wait
        // for it to end, so that it costs one or two rebuilds, not dozens.
        if last_rebuild.is_some_and(|t| t.elapsed() < BURST_GAP) {
            while let Ok(more) = files.changes.recv_timeout(BURST_GAP) {
                batches.push(more);
            }
        }
        while let Ok(more) = files.changes.try_recv() {
            batches.push(more);
        }
        let mut paths: Vec<PathBuf> = Vec::new();
        for batch in batches {
            match batch {
                Ok(events) => {
                    for e in events {
                        if matches!(e.event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for p in &e.event.paths {
                            if !paths.contains(p) {
                                paths.push(p.clone());
                            }
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: file watching: {e}");
                    }
                }
            }
        }
        let relevant: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| {
                let rel = p.strip_prefix(root).unwrap_or(p);
                rel.to_str()
                    .is_some_and(|rel| crate::layout::is_input(&rel.replace('\\', "/")))
            })
            .collect();
        if relevant.is_empty() {
            continue;
        }
        files.watch_new_folders();
        let report = engine.apply(&relevant);
        last_rebuild = Some(std::time::Instant::now());
        let errors: Vec<Diagnostic> = report
            .diags
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        let error_text: String = errors
            .iter()
            .map(|d| diag::render_human(d, false))
            .collect();
        if !errors.is_empty() {
            // The same errors again (another save of an unrelated file) are not repeated.
            if last_errors.as_deref() != Some(error_text.as_str()) {
                let mut errors = errors;
                super::report(&mut errors, Format::Human);
            }
            eprintln!(
                "{}: {}; still serving the last good site",
                report.summary_line(),
                diag::summary_line(&report.diags)
            );
            last_errors = Some(error_text);
        } else {
            if last_errors.take().is_some() {
                eprintln!("errors fixed");
            }
            eprintln!("{}", report.summary_line());
        }
        if report.published {
            settle_due = true;
            version += 1;
        }
        shared.set(Snapshot {
            files: engine.shared_site(),
            assets: engine.published_assets(),
            hello: message(&report, true, version),
            version,
        });
        let _ = shared.events.send(message(&report, false, version));
    }
}

async fn live_js() -> Response {
    let mut r = LIVE_JS.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let hello = shared.snapshot().hello.clone();
    let rx = shared.events.subscribe();
    let updates = BroadcastStream::new(rx)
        .filter_map(|m| m.ok())
        .take_while(|m| m != BYE);
    let stream = tokio_stream::once(hello)
        .chain(updates)
        .map(|m| Ok::<Event, Infallible>(Event::default().data(m)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Adds the live script to an HTML page, before `</body>` (or at the end).
pub(crate) fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS_URL}\" data-version=\"{version}\"></script>");
    let lower: Vec<u8> = html.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Maps a request path to an output path. `None` when it is not a plain
/// path inside the site (`..`, `.`, backslashes, NUL, bad encoding).
pub(crate) fn output_key(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == "." || seg == ".." || seg.contains(['\\', '\0']) {
            return None;
        }
        parts.push(seg);
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn content_type(key: &str) -> HeaderValue {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || key.ends_with(".js")
        || key.ends_with(".json")
        || key.ends_with(".svg")
        || key.ends_with(".xml");
    let value = match mime.essence_str() {
        "application/javascript" => "text/javascript".to_string(),
        e => e.to_string(),
    };
    let value = if text && mime.get_param("charset").is_none() {
        format!("{value}; charset=utf-8")
    } else {
        value
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

fn respond(status: StatusCode, key: &str, body: Vec<u8>, version: u64) -> Response {
    let body = if key.ends_with(".html") {
        inject(&body, version)
    } else {
        body
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type(key));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = StatusCode::METHOD_NOT_ALLOWED.into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snapshot = shared.snapshot();
    let Some(key) = output_key(uri.path()) else {
        return not_found(&snapshot);
    };
    if let Some(bytes) = site_get(&snapshot.files, &key) {
        return respond(StatusCode::OK, &key, bytes.to_vec(), snapshot.version);
    }
    // Refused if a link replaced the file since it was listed.
    if let Some(from) = snapshot.assets.get(&key).cloned()
        && let Ok(Ok(bytes)) =
            tokio::task::spawn_blocking(move || crate::source::read_listed(&from)).await
    {
        return respond(StatusCode::OK, &key, bytes, snapshot.version);
    }
    // `/x` where x/index.html exists: redirect to the folder, by a path
    // with one leading slash (`//x/` would send the browser to host `x`).
    let folder = format!("{key}/index.html");
    if !uri.path().ends_with('/') && site_get(&snapshot.files, &folder).is_some() {
        let mut location = folder_location(uri.path());
        if let Some(q) = uri.query() {
            location.push('?');
            location.push_str(q);
        }
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return r;
    }
    not_found(&snapshot)
}

/// The folder URL of a request path, as written but with empty segments
/// dropped: `//cities` → `/cities/`.
fn folder_location(path: &str) -> String {
    let mut location = String::with_capacity(path.len() + 1);
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        location.push('/');
        location.push_str(segment);
    }
    location.push('/');
    location
}

fn site_get(files: &SharedSite, key: &str) -> Option<crate::live::Bytes> {
    match files.read() {
        Ok(m) => m.get(key).cloned(),
        Err(poisoned) => poisoned.into_inner().get(key).cloned(),
    }
}

fn not_found(snapshot: &Snapshot) -> Response {
    let not_found = crate::routes::Route::NotFound.output();
    let body = match site_get(&snapshot.files, &not_found) {
        Some(b) => b.to_vec(),
        None => b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
    };
    respond(StatusCode::NOT_FOUND, &not_found, body, snapshot.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_never_leave_the_site() {
        assert_eq!(output_key("/").as_deref(), Some("index.html"));
        assert_eq!(output_key("/a/b/").as_deref(), Some("a/b/index.html"));
        assert_eq!(output_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(output_key("/a%20b.png").as_deref(), Some("a b.png"));
        assert_eq!(output_key("/../hub.yaml"), None);
        assert_eq!(output_key("/a/%2e%2e/%2E%2E/hub.yaml"), None);
        assert_eq!(output_key("/a/..%2fb"), None);
        assert_eq!(output_key("/a%5c..%5cb"), None);
        assert_eq!(output_key("/%ff"), None);
    }

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(folder_location("/cities"), "/cities/");
        assert_eq!(folder_location("//cities"), "/cities/");
        assert_eq!(folder_location("///a//b"), "/a/b/");
    }

    #[test]
    fn hosts_are_this_server_only() {
        let loopback = Hosts {
            bound: "127.0.0.1".parse().unwrap(),
            port: 1111,
        };
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(loopback.allows(ok, None), "{ok}");
        }
        for no in [
            "evil.example:1111",
            "127.0.0.1",
            "127.0.0.1:1112",
            "localhost",
            "localhost.evil.example:1111",
            "[::1]",
            "192.168.1.5:1111",
            "127.0.0.1:1111:1111",
            "",
        ] {
            assert!(!loopback.allows(no, None), "{no}");
        }
        let any = Hosts {
            bound: "0.0.0.0".parse().unwrap(),
            port: 80,
        };
        let lan: SocketAddr = "192.168.1.5:80".parse().unwrap();
        assert!(any.allows("192.168.1.5:80", Some(lan)));
        assert!(any.allows("localhost:80", Some(lan)));
        assert!(!any.allows("192.168.1.6:80", Some(lan)));
        assert!(any.allows("localhost", Some(lan)), "port 80 is implied");
        assert!(
            any.allows("0.0.0.0:80", Some(lan)),
            "the address it is bound to"
        );
        assert!(!any.allows("rebind.evil.example:80", Some(lan)));
        let one = Hosts {
            bound: "10.0.0.2".parse().unwrap(),
            port: 8000,
        };
        assert!(one.allows("10.0.0.2:8000", None));
        assert!(one.allows("[::1]:8000", None));
        assert!(!one.allows("10.0.0.3:8000", None));
    }

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", 7);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "<html><body><p>x</p><script src=\"{LIVE_JS_URL}\" data-version=\"7\"></script></BODY></html>"
            )
        );
    }

    #[test]
    fn content_types() {
        for (file, want) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json; charset=utf-8"),
            ("a.xml", "text/xml; charset=utf-8"),
            ("a.svg", "image/svg+xml; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
        ] {
            assert_eq!(content_type(file), want, "{file}");
        }
    }
}
