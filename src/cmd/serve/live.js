// clusterhub serve: live reload, stylesheet swap and error overlay.
// Injected into served HTML only (never into `build` output).
(() => {
  "use strict";
  const EVENTS = "/__clusterhub/events";
  // The publish this page was served from (see the server's `version`).
  const script = document.currentScript;
  const PAGE_VERSION = script && script.dataset.version !== undefined ? Number(script.dataset.version) : null;
  const SCROLL = "clusterhub-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(SCROLL);
  if (saved !== null) {
    sessionStorage.removeItem(SCROLL);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    restore();
    window.addEventListener("load", restore);
  }
  let connected = false;
  let showingErrors = false;
  let lastFocus = null;

  function reload() {
    sessionStorage.setItem(SCROLL, String(window.scrollY));
    location.reload();
  }

  // The output file this page came from: `/a/b/` → `a/b/index.html`.
  function currentOutput() {
    let p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (p === "" || p.endsWith("/")) p += "index.html";
    return p;
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("clusterhub", String(Date.now()));
      link.href = url.toString();
    }
  }

  function hideOverlay() {
    const o = document.getElementById("clusterhub-overlay");
    if (o) o.remove();
    if (lastFocus && document.contains(lastFocus)) lastFocus.focus();
    lastFocus = null;
  }

  function el(tag, style, text) {
    const e = document.createElement(tag);
    if (style) e.setAttribute("style", style);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showOverlay(diags) {
    const existing = document.getElementById("clusterhub-overlay");
    const hadFocus = existing && existing.contains(document.activeElement);
    if (existing) existing.remove();
    else lastFocus = document.activeElement;
    const errors = diags.filter((d) => d.severity === "error");
    const box = el("div",
      "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);" +
      "display:flex;align-items:flex-start;justify-content:center;overflow:auto;padding:4vh 1rem;");
    box.id = "clusterhub-overlay";
    const panel = el("div",
      "background:#fff;color:#1a1a1a;max-width:60rem;width:100%;border-radius:6px;" +
      "border-top:6px solid #b3261e;box-shadow:0 10px 40px rgba(0,0,0,.4);padding:1.25rem 1.5rem;" +
      "font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left;");
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-labelledby", "clusterhub-overlay-title");
    panel.setAttribute("aria-describedby", "clusterhub-overlay-list");
    panel.tabIndex = -1;
    const head = el("div", "display:flex;justify-content:space-between;align-items:center;gap:1rem;");
    const title = el("h2", "margin:0;font-size:1.25rem;color:#b3261e;",
      errors.length === 1 ? "1 error: the page shows the last good version"
        : errors.length + " errors: the page shows the last good version");
    title.id = "clusterhub-overlay-title";
    const close = el("button",
      "font:inherit;padding:.35rem .8rem;border:1px solid #1a1a1a;border-radius:4px;background:#fff;color:#1a1a1a;cursor:pointer;",
      "Dismiss");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss the error list (Escape)");
    close.addEventListener("click", hideOverlay);
    head.append(title, close);
    panel.append(head);
    const list = el("ol", "margin:1rem 0 0;padding:0;list-style:none;");
    list.id = "clusterhub-overlay-list";
    for (const d of errors) {
      const item = el("li", "margin:0 0 1rem;padding:0 0 1rem;border-bottom:1px solid #ddd;");
      const where = d.line ? `${d.file}:${d.line}:${d.column}` : d.file;
      item.append(el("div", "font:600 15px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1a1a1a;", where));
      item.append(el("div", "margin:.25rem 0;", d.message));
      if (d.source_line) {
        const pre = el("pre",
          "margin:.5rem 0;padding:.6rem .8rem;background:#f4f4f4;color:#1a1a1a;border-radius:4px;overflow:auto;" +
          "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre;");
        const gutter = String(d.line) + " | ";
        const caret = " ".repeat(gutter.length + Math.max(0, (d.snippet_column || d.column) - 1)) + "^".repeat(Math.max(1, d.width || 1));
        pre.textContent = gutter + d.source_line + "\n" + caret;
        item.append(pre);
      }
      if (d.hint) item.append(el("div", "color:#1f4e79;", "hint: " + d.hint));
      list.append(item);
    }
    panel.append(list);
    box.append(panel);
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") hideOverlay();
      if (e.key === "Tab") { e.preventDefault(); close.focus(); }
    });
    (document.body || document.documentElement).append(box);
    if (!existing || hadFocus) panel.focus();
  }

  function onMessage(m) {
    document.documentElement.dataset.clusterhub = "connected";
    const errors = m.errors.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      showingErrors = true;
      showOverlay(m.errors);
      connected = true;
      return;
    }
    if (showingErrors) {
      showingErrors = false;
      hideOverlay();
      reload();
      return;
    }
    if (m.hello) {
      // A reconnection: the server restarted, so anything may have changed.
      // A first connection: the site changed while this page was loading.
      const stale = PAGE_VERSION !== null && m.version !== PAGE_VERSION;
      if (connected || stale) reload();
      connected = true;
      return;
    }
    if (m.reload || m.changed.includes(currentOutput())) {
      reload();
    } else if (m.css) {
      swapStylesheets();
    }
  }

  function connect() {
    const es = new EventSource(EVENTS);
    es.onmessage = (e) => {
      try { onMessage(JSON.parse(e.data)); } catch (err) { console.error("clusterhub:", err); }
    };
    es.onerror = () => {
      es.close();
      setTimeout(connect, 1000);
    };
  }
  connect();
})();
