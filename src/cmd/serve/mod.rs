//! `clusterhub serve`: builds the hub in memory (`live::Engine`), serves
//! the last good site over HTTP, watches the hub's files, rebuilds what
//! changed and tells open pages over Server-Sent Events to reload, swap
//! stylesheets or show the errors. Never writes to the hub's folder.

mod http;
#[cfg(test)]
mod tests;
mod watch;

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::{Format, ServeArgs};
use crate::diag::{self, Diagnostic, Severity};
use crate::live::{Engine, Rebuild, SharedSite};
use crate::pipeline::Options;
use http::{Hosts, LocalAddr};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;
use watch::FileWatch;

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
    assets: Arc<crate::live::PublishedAssets>,
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
    /// The path of `--base-url` (`/` by default): requests below it are
    /// answered as if it were `/`.
    base_path: String,
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

/// The port `serve` listens on when `--port` is not given.
pub(crate) const DEFAULT_PORT: u16 = 1111;

/// Listens on `port`; when it was not chosen (`explicit` false) and is
/// taken, on one of the next 10. A port the user chose that is taken is an
/// error: a preview at another address than the one asked for misleads.
async fn bind(ip: IpAddr, port: u16, explicit: bool) -> Result<tokio::net::TcpListener, String> {
    let mut last = String::new();
    let tries = if explicit { 0 } else { 10 };
    for p in port..=port.saturating_add(tries) {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, p)).await {
            Ok(l) => {
                if p != port {
                    eprintln!(
                        "port {port} is taken, so the preview uses port {p} (choose one with --port)"
                    );
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && explicit => {
                return Err(format!(
                    "port {port} is in use (another preview may be running): stop it, or choose another port with --port"
                ));
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
    let Some((listener, ip, url)) = listen(args).await else {
        return EXIT_FAILURE;
    };
    let port = listener
        .local_addr()
        .map_or(args.port.unwrap_or(DEFAULT_PORT), |a| a.port());
    let hosts = Hosts { bound: ip, port };
    let url = args.base_url.clone().unwrap_or(url);
    let options = Options {
        base_url: Some(url.clone()),
        include_drafts: args.drafts,
        // Built lazily, off the edit path: `search::index`.
        skip_search_index: true,
    };
    // The watcher reports absolute paths: compare them with an absolute root
    // (the default root is `.`).
    let hub_root = std::fs::canonicalize(args.root())
        .or_else(|_| std::path::absolute(args.root()))
        .unwrap_or_else(|_| args.root().to_path_buf());
    let files = FileWatch::start(&hub_root);
    let base_path = base_path(&url);
    let Some((engine, shared)) = first_build(&hub_root, options, base_path).await else {
        return EXIT_FAILURE;
    };
    let watch_shared = shared.clone();
    let (root, timings) = (hub_root.clone(), args.timings);
    let watcher = files.map(|files| {
        std::thread::spawn(move || watch::watch((&root, timings), files, engine, watch_shared))
    });
    let app = axum::Router::new()
        .route(LIVE_JS_URL, axum::routing::get(http::live_js))
        .route(EVENTS_URL, axum::routing::get(http::events))
        .fallback(http::site_file)
        .with_state(shared.clone())
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            http::check_host,
        ));
    eprintln!(
        "serving {} at {url} (Ctrl-C to stop)",
        args.root().display()
    );
    if args.open {
        open_browser(&url);
    }
    let bye = shared.events.clone();
    let app = app.into_make_service_with_connect_info::<LocalAddr>();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(on_ctrl_c(bye))
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

/// The listener on `--bind` and `--port` (or a port after it), the address
/// it listens on and the site's URL; `None` after saying why not.
async fn listen(args: &ServeArgs) -> Option<(tokio::net::TcpListener, IpAddr, String)> {
    let Ok(ip) = args.bind.parse::<IpAddr>() else {
        eprintln!(
            "error: --bind {} is not an IP address (use 127.0.0.1, or 0.0.0.0 for every interface)",
            args.bind
        );
        return None;
    };
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: other computers on the network can see this preview, drafts included if --drafts is on"
        );
    }
    let listener = bind(ip, args.port.unwrap_or(DEFAULT_PORT), args.port.is_some())
        .await
        .map_err(|e| eprintln!("error: {e}"))
        .ok()?;
    let port = listener
        .local_addr()
        .map_or(args.port.unwrap_or(DEFAULT_PORT), |a| a.port());
    let host = if ip.is_unspecified() || ip.is_loopback() {
        "127.0.0.1".to_string()
    } else if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    Some((listener, ip, format!("http://{host}:{port}/")))
}

/// Builds the hub once and says how it went; the engine and what the
/// server answers from.
async fn first_build(
    root: &Path,
    options: Options,
    base_path: String,
) -> Option<(Engine, Arc<Shared>)> {
    let root = root.to_path_buf();
    let started = tokio::task::spawn_blocking(move || Engine::new(&root, &options)).await;
    let Ok((engine, first)) = started else {
        eprintln!("error: the first build stopped unexpectedly");
        return None;
    };
    let mut first_diags = first.diags.clone();
    super::report(&mut first_diags, Format::Human);
    let (tx, _) = broadcast::channel::<String>(64);
    let shared = Arc::new(Shared {
        snapshot: Mutex::new(Arc::new(Snapshot {
            files: engine.shared_site(),
            assets: engine.published_assets(),
            hello: message(&first, true, 0),
            version: 0,
        })),
        events: tx,
        base_path,
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
    Some((engine, shared))
}

/// The path of a base URL, with a slash at each end: `/` for
/// `http://host:1111/`, `/hub/` for `https://example.org/hub`.
fn base_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_matches('/');
    if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    }
}

/// Resolves on Ctrl-C, ending the open event streams (or shutting down
/// would wait for them), and never hangs on a client that does not let go.
async fn on_ctrl_c(bye: broadcast::Sender<String>) {
    let _ = tokio::signal::ctrl_c().await;
    let _ = bye.send(BYE.to_string());
    tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        eprintln!("stopped");
        std::process::exit(0);
    });
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
