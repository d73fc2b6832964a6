//! The preview's HTTP side: only requests for this server's own host
//! (`Hosts`, against DNS rebinding), the live-reload script and event
//! stream, and the site's files from memory with the reload script
//! injected into pages.

use super::{BYE, LIVE_JS, LIVE_JS_URL, Shared, Snapshot};
use crate::live::SharedSite;
use axum::body::Body;
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// The `Host` values the preview answers, so that a web page elsewhere
/// cannot read it through a name of its own pointed at this computer (DNS
/// rebinding): `localhost` and loopback addresses, the address `--bind`
/// names, and when bound to every interface (`0.0.0.0`, `::`) the address
/// the request arrived at; always with the port served.
#[derive(Clone, Copy)]
pub(super) struct Hosts {
    pub(super) bound: IpAddr,
    pub(super) port: u16,
}

/// The local address a connection arrived at.
#[derive(Clone, Copy)]
pub(super) struct LocalAddr(Option<SocketAddr>);

impl Connected<axum::serve::IncomingStream<'_, tokio::net::TcpListener>> for LocalAddr {
    fn connect_info(stream: axum::serve::IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        LocalAddr(stream.io().local_addr().ok())
    }
}

impl Hosts {
    /// Whether `host` (a `Host` header or a request's authority) names
    /// this server, reached at `local`.
    pub(super) fn allows(&self, host: &str, local: Option<SocketAddr>) -> bool {
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
pub(super) async fn check_host(
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

pub(super) async fn live_js() -> Response {
    let mut r = LIVE_JS.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub(super) async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
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
pub(super) fn inject(html: &[u8], version: u64) -> Vec<u8> {
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
pub(super) fn output_key(path: &str) -> Option<String> {
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

pub(super) fn content_type(key: &str) -> HeaderValue {
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

pub(super) fn respond(status: StatusCode, key: &str, body: Vec<u8>, version: u64) -> Response {
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

pub(super) async fn site_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = StatusCode::METHOD_NOT_ALLOWED.into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snapshot = shared.snapshot();
    // Below `--base-url`'s path, the site's own paths.
    let path = match uri
        .path()
        .strip_prefix(shared.base_path.trim_end_matches('/'))
    {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => uri.path(),
    };
    let Some(key) = output_key(path) else {
        return not_found(&snapshot);
    };
    if let Some(bytes) = site_get(&snapshot.files, &key) {
        return respond(StatusCode::OK, &key, bytes.to_vec(), snapshot.version);
    }
    // Refused if a link replaced the file since it was listed.
    match snapshot.assets.get(&key).cloned() {
        Some(crate::output::AssetFrom::File(from)) => {
            if let Ok(Ok(bytes)) =
                tokio::task::spawn_blocking(move || crate::source::read_listed(&from)).await
            {
                return respond(StatusCode::OK, &key, bytes, snapshot.version);
            }
        }
        Some(crate::output::AssetFrom::Made { file, source }) => {
            let read = move || {
                // A variant being made (`serve`): its bytes once done.
                crate::images::wait_for(&file);
                crate::source::still_listed(&source)?;
                std::fs::read(&file)
            };
            if let Ok(Ok(bytes)) = tokio::task::spawn_blocking(read).await {
                return respond(StatusCode::OK, &key, bytes, snapshot.version);
            }
        }
        Some(crate::output::AssetFrom::Cache(file)) => {
            if let Ok(Ok(bytes)) = tokio::task::spawn_blocking(move || std::fs::read(file)).await {
                return respond(StatusCode::OK, &key, bytes, snapshot.version);
            }
        }
        Some(crate::output::AssetFrom::Builtin(bytes)) => {
            return respond(StatusCode::OK, &key, bytes.to_vec(), snapshot.version);
        }
        None => {}
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
pub(super) fn folder_location(path: &str) -> String {
    let mut location = String::with_capacity(path.len() + 1);
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        location.push('/');
        location.push_str(segment);
    }
    location.push('/');
    location
}

pub(super) fn site_get(files: &SharedSite, key: &str) -> Option<crate::live::Bytes> {
    match files.read() {
        Ok(m) => m.get(key).cloned(),
        Err(poisoned) => poisoned.into_inner().get(key).cloned(),
    }
}

pub(super) fn not_found(snapshot: &Snapshot) -> Response {
    let not_found = crate::routes::Route::NotFound.output();
    let body = match site_get(&snapshot.files, &not_found) {
        Some(b) => b.to_vec(),
        None => b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
    };
    respond(StatusCode::NOT_FOUND, &not_found, body, snapshot.version)
}
