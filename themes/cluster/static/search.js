// Search page of the cluster theme: runs queries and facet filters over the
// Pagefind index in <base>/pagefind/, entirely in the browser. Results show
// title, collection and an excerpt with the matches highlighted. The query
// and the selected filters are kept in the address (?q=...&f=Name:Value).
// A first search downloads only what its results need; the facets' data
// (every filter value) is fetched right after the results are shown.
// The filters are built once and then only updated in place (counts, and
// values with no result hidden), so the checkbox a reader ticks keeps the
// focus; "Show more results" is one button that stays in place.
// The words come in the page's language from data- attributes that
// templates/search.html fills from the theme's Fluent files.
const root = document.getElementById("search");
const base = root.dataset.base || "/";
const words = root.dataset;
const plural = new Intl.PluralRules(document.documentElement.lang || "en");
function forms(json) {
  try { return JSON.parse(json || "{}"); } catch (e) { return {}; }
}
const resultForms = forms(words.results);
const showingForms = forms(words.resultsShowing);
const selectedForms = forms(words.selected);
// The sentence for count `n` among `samples` (a sentence per sample count):
// the sample in `n`'s plural category, with `n` for the sample's number.
function counted(samples, n, english) {
  const category = plural.select(n);
  const sample = Object.keys(samples).find((s) => plural.select(Number(s)) === category);
  if (sample === undefined) return english;
  return samples[sample].replace(sample, String(n));
}
const input = document.getElementById("search-q");
const form = root.querySelector("form");
const facetsBox = document.getElementById("search-facets");
const statusBox = document.getElementById("search-status");
const resultsBox = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const panel = document.getElementById("search-panel");
const filterCount = document.getElementById("search-filter-count");
// The filters panel is open beside the results on wide screens and folded
// under them on narrow ones (the reader can open or close it either way).
panel.open = matchMedia("(min-width: 48rem)").matches;
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

// The excerpt with an ellipsis where it starts or ends inside the text.
function excerptWithEllipses(excerpt, content) {
  const plain = decode(excerpt.replace(/<\/?mark>/g, "")).trim();
  const text = (content || "").trim();
  const at = plain ? text.indexOf(plain) : 0;
  const frag = document.createDocumentFragment();
  if (at !== 0) frag.append("… ");
  frag.append(excerptNodes(excerpt.trim()));
  if (at < 0 || at + plain.length < text.length) frag.append(" …");
  return frag;
}

let pagefind;
try {
  pagefind = await import(base + "pagefind/pagefind.js");
  await pagefind.options({ baseUrl: base, excerptLength: 24 });
  await pagefind.init();
} catch (e) {
  statusBox.textContent = words.error || "The search index could not be loaded.";
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

const facetItems = []; // {name, value, li, box, count}
function buildFacets() {
  const heading = document.createElement("h2");
  heading.className = "search__facets-heading";
  heading.textContent = words.filterHeading || "Filter results";
  facetsBox.append(heading);
  for (const name of facetOrder) {
    const values = Object.keys(allFilters[name]).sort((a, b) => a.localeCompare(b));
    const fieldset = document.createElement("fieldset");
    fieldset.className = "facet";
    const legend = document.createElement("legend");
    legend.textContent = name === "Collection" ? (words.collectionFilter || name) : name;
    fieldset.append(legend);
    const list = document.createElement("ul");
    for (const value of values) {
      const li = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = selected.get(name)?.has(value) || false;
      box.addEventListener("change", () => {
        if (box.checked) add(name, value); else selected.get(name)?.delete(value);
        run();
      });
      const count = document.createElement("span");
      count.className = "count";
      label.append(box, " " + value + " ", count);
      li.append(label);
      list.append(li);
      facetItems.push({ name, value, li, box, count });
    }
    fieldset.append(list);
    facetsBox.append(fieldset);
  }
}

function renderFacets(counts) {
  if (!allFilters) return;
  if (!facetItems.length) buildFacets();
  let ticked = 0;
  for (const item of facetItems) {
    const n = counts && counts[item.name] ? (counts[item.name][item.value] || 0) : allFilters[item.name][item.value];
    item.box.checked = selected.get(item.name)?.has(item.value) || false;
    if (item.box.checked) ticked++;
    item.count.textContent = String(n);
    // A value with no result is hidden, unless ticked or focused.
    item.li.hidden = n === 0 && !item.box.checked && document.activeElement !== item.box;
  }
  for (const fieldset of facetsBox.querySelectorAll("fieldset")) {
    fieldset.hidden = ![...fieldset.querySelectorAll("li")].some((li) => !li.hidden);
  }
  filterCount.textContent = ticked ? counted(selectedForms, ticked, `(${ticked} selected)`) : "";
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
    moreButton.hidden = true;
    statusBox.textContent = words.prompt || "Type a word or pick a filter.";
    renderFacets(null);
    return;
  }
  let search = await pagefind.search(q || null, { filters });
  if (mine !== generation) return;
  const data = await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
  if (mine !== generation) return;
  const total = search.results.length;
  statusBox.textContent = total === 0 ? (words.none || "No results.") :
    total > shown ? counted(showingForms, total, `${total} results, showing the first ${shown}.`).replace("{shown}", String(shown)) :
    counted(resultForms, total, total === 1 ? "1 result." : `${total} results.`);
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
    excerpt.append(excerptWithEllipses(d.excerpt || "", d.content));
    li.append(kind, title, excerpt);
    return li;
  });
  const firstNew = more ? items[shown - PAGE] : null;
  resultsBox.replaceChildren(...items);
  if (total > shown) {
    moreButton.hidden = false;
  } else if (!moreButton.hidden) {
    // The button goes: its focus moves to the first of the new results.
    const hadFocus = document.activeElement === moreButton;
    moreButton.hidden = true;
    if (hadFocus && firstNew) firstNew.querySelector("a").focus();
  }
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
moreButton.addEventListener("click", () => { shown += PAGE; run(true); });
root.classList.add("search--ready");
run();
