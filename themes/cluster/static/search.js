// Search page of the cluster theme: runs queries and facet filters over the
// Pagefind index in <base>/pagefind/, entirely in the browser. Results show
// title, collection and an excerpt with the matches highlighted. The query
// and the selected filters are kept in the address (?q=...&f=Name:Value).
// A first search downloads only what its results need; the facets' data
// (every filter value) is fetched right after the results are shown.
const root = document.getElementById("search");
const base = root.dataset.base || "/";
const input = document.getElementById("search-q");
const form = root.querySelector("form");
const facetsBox = document.getElementById("search-facets");
const statusBox = document.getElementById("search-status");
const resultsBox = document.getElementById("search-results");
const PAGE = 10;
let shown = PAGE;

const params = new URLSearchParams(location.search);
input.value = params.get("q") || "";
const selected = new Map(); // filter name -> Set of values
for (const f of params.getAll("f")) {
  const i = f.indexOf(":");
  if (i > 0) add(f.slice(0, i), f.slice(i + 1));
}
function add(name, value) {
  if (!selected.has(name)) selected.set(name, new Set());
  selected.get(name).add(value);
}

// Turns Pagefind's excerpt (text with <mark> around matches) into nodes,
// never interpreting anything but <mark> as markup.
function decode(text) {
  const t = document.createElement("textarea");
  t.innerHTML = text;
  return t.value;
}
function excerptNodes(excerpt) {
  const frag = document.createDocumentFragment();
  const parts = excerpt.split(/(<mark>|<\/mark>)/);
  let mark = null;
  for (const part of parts) {
    if (part === "<mark>") { mark = document.createElement("mark"); continue; }
    if (part === "</mark>") { if (mark) frag.append(mark); mark = null; continue; }
    const node = document.createTextNode(decode(part));
    if (mark) mark.append(node); else frag.append(node);
  }
  if (mark) frag.append(mark);
  return frag;
}

let pagefind;
try {
  pagefind = await import(base + "pagefind/pagefind.js");
  await pagefind.options({ baseUrl: base, excerptLength: 24 });
  await pagefind.init();
} catch (e) {
  statusBox.textContent = "The search index could not be loaded.";
  throw e;
}
let allFilters = null;
let facetOrder = [];
async function loadFilters() {
  if (allFilters) return;
  allFilters = await pagefind.filters();
  facetOrder = Object.keys(allFilters).sort((a, b) =>
    (a === "Collection" ? -1 : b === "Collection" ? 1 : a.localeCompare(b)));
}

function filterArg() {
  const out = {};
  for (const [name, values] of selected) if (values.size) out[name] = { any: [...values] };
  return out;
}

function syncAddress() {
  const p = new URLSearchParams();
  if (input.value.trim()) p.set("q", input.value.trim());
  for (const [name, values] of selected) for (const v of values) p.append("f", name + ":" + v);
  const qs = p.toString();
  history.replaceState(null, "", qs ? "?" + qs : location.pathname);
}

function renderFacets(counts) {
  if (!allFilters) return;
  facetsBox.replaceChildren();
  const heading = document.createElement("h2");
  heading.className = "search__facets-heading";
  heading.textContent = "Filter results";
  facetsBox.append(heading);
  for (const name of facetOrder) {
    const values = Object.keys(allFilters[name]).sort((a, b) => a.localeCompare(b));
    const fieldset = document.createElement("fieldset");
    fieldset.className = "facet";
    const legend = document.createElement("legend");
    legend.textContent = name;
    fieldset.append(legend);
    const list = document.createElement("ul");
    for (const value of values) {
      const n = counts && counts[name] ? (counts[name][value] || 0) : allFilters[name][value];
      const checked = selected.get(name)?.has(value) || false;
      if (n === 0 && !checked) continue;
      const li = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = checked;
      box.addEventListener("change", () => {
        if (box.checked) add(name, value); else selected.get(name)?.delete(value);
        run();
      });
      const count = document.createElement("span");
      count.className = "count";
      count.textContent = String(n);
      label.append(box, " " + value + " ", count);
      li.append(label);
      list.append(li);
    }
    if (!list.children.length) continue;
    fieldset.append(list);
    facetsBox.append(fieldset);
  }
}

let generation = 0;
async function run(more = false) {
  const mine = ++generation;
  if (!more) shown = PAGE;
  syncAddress();
  const q = input.value.trim();
  const filters = filterArg();
  if (!q && !Object.keys(filters).length) {
    await loadFilters();
    if (mine !== generation) return;
    resultsBox.replaceChildren();
    statusBox.textContent = "Type a word or pick a filter.";
    renderFacets(null);
    return;
  }
  let search = await pagefind.search(q || null, { filters });
  if (mine !== generation) return;
  const data = await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
  if (mine !== generation) return;
  const total = search.results.length;
  statusBox.textContent = total === 0 ? "No results." :
    total === 1 ? "1 result." : (total > shown ? `${total} results, showing the first ${shown}.` : `${total} results.`);
  const items = data.map((d) => {
    const li = document.createElement("li");
    li.className = "search-result";
    const title = document.createElement("h2");
    title.className = "search-result__title";
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = decode(d.meta.title || d.url);
    title.append(a);
    const kind = document.createElement("p");
    kind.className = "search-result__collection";
    kind.textContent = decode(d.meta.collection || "");
    const excerpt = document.createElement("p");
    excerpt.className = "search-result__excerpt";
    excerpt.append(excerptNodes(d.excerpt || ""));
    li.append(kind, title, excerpt);
    return li;
  });
  if (total > shown) {
    const li = document.createElement("li");
    li.className = "search__more";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "search__button";
    button.textContent = "Show more results";
    button.addEventListener("click", () => { shown += PAGE; run(true); });
    li.append(button);
    items.push(li);
  }
  resultsBox.replaceChildren(...items);
  if (!allFilters) {
    // The facets' data comes after the first results; counts need it.
    await loadFilters();
    if (mine !== generation) return;
    search = await pagefind.search(q || null, { filters });
    if (mine !== generation) return;
  }
  renderFacets(search.filters);
}

let timer;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 150); });
form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
root.classList.add("search--ready");
run();
