// Narrowing a collection listing in the browser (cluster theme). Without
// JavaScript the "Narrow by" choices are links to term pages; with it they
// become toggle buttons, and the listing shows the collection's pages that
// have any ticked value of each facet (every facet must match), in the
// listing's own order, from the Pagefind index in <base>/pagefind/ (the
// same index the search page uses: each facet has a search filter of the
// same values, and each page carries its card as metadata). The choice
// is kept in the address (?f=Name:Value, as on the search page). Buttons
// are never re-created, so the one the reader pressed keeps the focus.
// The cards it shows copy the markup of templates/partials/card.html: a
// theme that changes that partial changes `cardFor` below too.
const box = document.getElementById("narrow");
const listing = document.getElementById("listing");
const base = box.dataset.base || "/";
const collection = box.dataset.collection;
const pageSize = Math.max(Number(box.dataset.pageSize) || 12, 12);
const original = [...listing.childNodes];
const selected = new Map(); // filter name -> Set of values
const toggles = []; // {name, value, button, count}
let pagefind = null;
let shown = pageSize;
let generation = 0;

function add(name, value) {
  if (!selected.has(name)) selected.set(name, new Set());
  selected.get(name).add(value);
}

for (const f of new URLSearchParams(location.search).getAll("f")) {
  const i = f.indexOf(":");
  if (i > 0) add(f.slice(0, i), f.slice(i + 1));
}

const status = document.createElement("p");
status.className = "narrow__status";
status.setAttribute("role", "status");
const clear = document.createElement("button");
clear.type = "button";
clear.className = "narrow__clear";
clear.textContent = "Show all";
clear.hidden = true;
clear.addEventListener("click", () => {
  selected.clear();
  update();
  status.focus();
});
status.tabIndex = -1;

const more = document.createElement("button");
more.type = "button";
more.className = "button narrow__more";
more.textContent = "Show more";
more.addEventListener("click", () => { shown += pageSize; update(true); });

function cardFor(d) {
  const article = document.createElement("article");
  article.className = "card";
  const eyebrow = (d.meta.eyebrow || "").trim();
  if (eyebrow) {
    const p = document.createElement("p");
    p.className = "card__eyebrow";
    p.textContent = eyebrow;
    article.append(p);
  }
  const h = document.createElement("h2");
  h.className = "card__title";
  const a = document.createElement("a");
  a.href = d.url;
  a.textContent = d.meta.title || d.url;
  h.append(a);
  article.append(h);
  if (d.meta.date_display) {
    const p = document.createElement("p");
    p.className = "card__date";
    const time = document.createElement("time");
    time.dateTime = d.meta.date || "";
    time.textContent = d.meta.date_display;
    p.append(time);
    if (d.meta.status) {
      const badge = document.createElement("span");
      badge.className = "badge badge--" + d.meta.status.replace(/[^a-z0-9-]/g, "");
      const words = d.meta.status.replace(/-/g, " ");
      badge.textContent = words.charAt(0).toUpperCase() + words.slice(1);
      p.append(" ", badge);
    }
    article.append(p);
  }
  if (d.meta.summary) {
    const p = document.createElement("p");
    p.className = "card__summary";
    p.textContent = d.meta.summary;
    article.append(p);
  }
  return article;
}

function filters() {
  const out = { Collection: collection };
  for (const [name, values] of selected) if (values.size) out[name] = { any: [...values] };
  return out;
}

function syncAddress() {
  const p = new URLSearchParams();
  for (const [name, values] of selected) for (const v of values) p.append("f", name + ":" + v);
  const qs = p.toString();
  history.replaceState(null, "", qs ? "?" + qs : location.pathname);
}

function setCounts(counts) {
  for (const t of toggles) {
    const on = selected.get(t.name)?.has(t.value) || false;
    t.button.setAttribute("aria-pressed", String(on));
    if (counts) t.count.textContent = `(${counts[t.name]?.[t.value] ?? 0})`;
  }
}

async function update(showingMore = false) {
  const mine = ++generation;
  if (!showingMore) shown = pageSize;
  syncAddress();
  const ticked = [...selected.values()].reduce((n, s) => n + s.size, 0);
  clear.hidden = ticked === 0;
  if (ticked === 0) {
    setCounts(null);
    for (const t of toggles) t.count.textContent = t.initial;
    listing.replaceChildren(...original);
    status.textContent = "";
    return;
  }
  const search = await pagefind.search(null, { filters: filters(), sort: { listed: "asc" } });
  if (mine !== generation) return;
  const data = await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
  if (mine !== generation) return;
  const total = search.results.length;
  const grid = document.createElement("ul");
  grid.className = "card-grid";
  for (const d of data) {
    const li = document.createElement("li");
    li.append(cardFor(d));
    grid.append(li);
  }
  const nodes = total ? [grid] : [];
  if (total > shown) nodes.push(more);
  const hadFocus = document.activeElement === more;
  listing.replaceChildren(...nodes);
  if (hadFocus) {
    const first = grid.children[shown - pageSize];
    (total > shown ? more : first?.querySelector("a"))?.focus();
  }
  const noun = total === 1 ? box.dataset.singular.toLowerCase() : collection.toLowerCase();
  status.textContent = total === 0 ? `No ${collection.toLowerCase()} have all the values chosen.` :
    `${total} ${noun} match` + (total > shown ? `, showing the first ${shown}.` : ".");
  setCounts(search.filters);
}

async function start() {
  let available;
  try {
    pagefind = await import(base + "pagefind/pagefind.js");
    await pagefind.options({ baseUrl: base });
    await pagefind.init();
    available = await pagefind.filters();
  } catch (e) {
    return; // No index: the choices stay links to the term pages.
  }
  for (const group of box.querySelectorAll("[data-filter]")) {
    const name = group.dataset.filter;
    // A facet the index has no filter for stays a list of links.
    if (!available[name]) continue;
    for (const link of group.querySelectorAll("a.chip[data-value]")) {
      const value = link.dataset.value;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "chip chip--toggle";
      const count = link.querySelector(".chip__count");
      button.append(value + " ", count);
      const t = { name, value, button, count, initial: count.textContent };
      button.addEventListener("click", () => {
        if (selected.get(name)?.has(value)) selected.get(name).delete(value);
        else add(name, value);
        update();
      });
      link.replaceWith(button);
      toggles.push(t);
    }
  }
  if (!toggles.length) return;
  const bar = document.createElement("div");
  bar.className = "narrow__bar";
  bar.append(status, clear);
  box.after(bar);
  if (selected.size) {
    box.open = true;
    update();
  }
}

start();
