//! `hub.yaml`: site settings and the content model (collections, typed
//! fields, taxonomies). Parsed once into a plain `Config` passed by `&`.

use crate::diag::Diagnostic;
use crate::sanitize::{self, HtmlPolicy};
use crate::text::{humanize, nearest};
use crate::yaml::{self, Yaml};
use std::collections::BTreeMap;

use crate::model::Decl;
pub use crate::model::outline::Section;
pub use crate::model::{FieldDef, FieldKind};

pub use crate::layout::CONFIG_FILE;

/// Fields every page may have, whatever its collection.
pub(crate) const COMMON_FIELDS: [&str; 6] =
    ["title", "summary", "date", "updated", "draft", "sources"];

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, ends with `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    /// Repository web address without a trailing `/`, or empty.
    pub repository: String,
    pub branch: String,
    pub summary_max_length: usize,
    /// A search filter of referred pages (Projects, Cities...) with more
    /// values than this is left out: a list of thousands of checkboxes
    /// helps nobody, and every filter is downloaded with a first search.
    /// Collection and taxonomy filters are always kept.
    pub search_filter_limit: usize,
    pub collections: Vec<Collection>,
    pub taxonomies: Vec<Taxonomy>,
    /// What raw HTML in pages may contain beyond the safe default (`html:`).
    pub(crate) html: HtmlPolicy,
    /// The text of hub.yaml, for diagnostics that point into it.
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    pub label: String,
    pub singular: String,
    pub description: String,
    pub sort: Sort,
    pub per_page: usize,
    pub feed: bool,
    pub fields: Vec<FieldDef>,
    /// The headings `new` writes in a new page's body (`outline:`).
    pub outline: Vec<Section>,
    /// Findability settings (`feed_per_item`, `map`, `schema_org`).
    pub find: CollectionFind,
}

/// Optional per-collection settings for feeds, the map and JSON-LD.
#[derive(Debug, Clone, Default)]
pub struct CollectionFind {
    /// Each page of this collection gets an Atom feed of the pages that refer to it.
    pub feed_per_item: bool,
    /// Pages of this collection are places on the map.
    pub map: Option<MapFields>,
    /// schema.org type of the pages (default `CreativeWork`).
    pub schema_type: Option<String>,
    /// A field whose value picks another type: (field, value → type).
    pub schema_type_by: Option<(String, BTreeMap<String, String>)>,
    /// schema.org property → field name.
    pub schema_properties: Vec<(String, String)>,
}

/// Which fields hold a place's coordinates, and which collection's pages
/// referring to it are counted on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapFields {
    pub lat: String,
    pub lon: String,
    /// Count the pages of this collection that refer to a place; places
    /// with none are left off the map. Empty: every place, no count.
    pub count: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    Date,
    Title,
    Field(String),
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub label: String,
    pub description: String,
    /// The front-matter field (string, enum or list) whose values are terms.
    pub field: String,
    /// Pages listed on each page of a term (a term of a large hub can hold
    /// thousands).
    pub per_page: usize,
}

impl Config {
    pub(crate) fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// The path part of `base_url`, starting and ending with `/`.
    pub(crate) fn base_path(&self) -> String {
        crate::routes::base_path_of(&self.base_url)
    }

    /// The taxonomy whose terms come from `field`, if any.
    pub(crate) fn taxonomy_for_field(&self, field: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.field == field)
    }

    pub(crate) fn with_base_url(mut self, base_url: &str) -> Self {
        self.base_url = normalize_base_url(base_url);
        self
    }
}

impl crate::model::Targets for Config {
    fn names(&self, name: &str) -> Option<(&str, &str)> {
        self.collection(name)
            .map(|c| (c.label.as_str(), c.singular.as_str()))
    }
}

impl Collection {
    pub(crate) fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A default singular for a plural label: "Cities" → "City", "Methods" → "Method".
fn singular_of(label: &str) -> String {
    if let Some(stem) = label.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = label.strip_suffix('s') {
        stem.to_string()
    } else {
        label.to_string()
    }
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Reads a config from the text of hub.yaml, pushing every problem found
/// into `diags`. Returns the config when it is usable (possibly with
/// warnings).
pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        text,
        diags: Vec::new(),
    };
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let d = Diagnostic::error(
                "yaml-syntax",
                CONFIG_FILE,
                format!("hub.yaml is not valid YAML: {}", e.message),
            )
            .at(text, e.line, e.column)
            .hint(e.hint.unwrap_or_else(|| {
                "check the indentation (spaces, not tabs) and that quotes are closed".into()
            }));
            diags.push(d);
            return None;
        }
    };
    let config = p.config(&root);
    let has_error = p.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut p.diags);
    config.filter(|_| !has_error)
}

struct Parser<'a> {
    text: &'a str,
    diags: Vec<Diagnostic>,
}

const TOP_KEYS: [&str; 12] = [
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "repository",
    "branch",
    "summary_max_length",
    "search_filter_limit",
    "collections",
    "taxonomies",
    "html",
];
const HTML_KEYS: [&str; 4] = ["tags", "attributes", "iframe_hosts", "trusted"];
const COLLECTION_KEYS: [&str; 11] = [
    "label",
    "singular",
    "description",
    "sort",
    "per_page",
    "feed",
    "fields",
    "feed_per_item",
    "map",
    "schema_org",
    "outline",
];
const MAP_KEYS: [&str; 3] = ["lat", "lon", "count"];
const SCHEMA_ORG_KEYS: [&str; 4] = ["type", "field", "types", "properties"];
const FIELD_KEYS: [&str; 10] = [
    "type",
    "to",
    "values",
    "labels",
    "required",
    "label",
    "help",
    "min",
    "max",
    "backlinks_label",
];
const TAXONOMY_KEYS: [&str; 4] = ["label", "field", "description", "per_page"];
/// Values a search filter of referred pages may have unless
/// `search_filter_limit` says otherwise.
pub(crate) const SEARCH_FILTER_LIMIT: usize = 300;
/// Pages on each page of a taxonomy term unless `per_page` says otherwise.
pub(crate) const TERM_PER_PAGE: usize = 48;

impl Parser<'_> {
    fn error(&mut self, path: &[&str], code: &'static str, message: String, hint: Option<String>) {
        self.error_at_value(path, None, code, message, hint);
    }

    /// Like `error`, but underlines `value` when it is written on the
    /// located line (flow style such as `lat: {type: nmber}`).
    fn error_at_value(
        &mut self,
        path: &[&str],
        value: Option<&str>,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let (line, mut col) = yaml::locate_key(self.text, path).unwrap_or((1, 1));
        let mut width = path.last().map_or(1, |k| k.chars().count());
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let text = self.text.lines().nth(line - 1).unwrap_or("");
            let from: usize = text
                .char_indices()
                .nth(col - 1)
                .map_or(text.len(), |(i, _)| i);
            if let Some(pos) = text[from..].find(value) {
                col = text[..from + pos].chars().count() + 1;
                width = value.chars().count();
            }
        }
        let mut d = Diagnostic::error(code, CONFIG_FILE, message)
            .at(self.text, line, col)
            .width(width);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }

    fn check_keys(&mut self, map: &Yaml, path: &[&str], allowed: &[&str]) {
        let Yaml::Map(entries) = map else { return };
        for (key, _) in entries {
            if !allowed.contains(&key.as_str()) {
                let mut full = path.to_vec();
                full.push(key);
                let hint = match nearest(key, allowed.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("allowed keys here: {}", allowed.join(", ")),
                };
                self.error(
                    &full,
                    "unknown-key",
                    format!("unknown key `{key}` in hub.yaml"),
                    Some(hint),
                );
            }
        }
    }

    /// The value of `key` in `map` converted by `convert`; a value of the
    /// wrong type is reported (as `expected`) and read as absent.
    fn typed<T>(
        &mut self,
        map: &Yaml,
        path: &[&str],
        key: &str,
        expected: &str,
        hint: Option<&str>,
        convert: impl Fn(&Yaml) -> Option<T>,
    ) -> Option<T> {
        let value = map.get(key)?;
        if matches!(value, Yaml::Null) {
            return None;
        }
        let converted = convert(value);
        if converted.is_none() {
            let mut full = path.to_vec();
            full.push(key);
            self.error(
                &full,
                "wrong-type",
                format!("`{key}` must be {expected}, found {}", value.type_name()),
                hint.map(str::to_string),
            );
        }
        converted
    }

    fn string(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<String> {
        self.typed(map, path, key, "text", None, |v| match v {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(_) | Yaml::BigInt(_) | Yaml::Float(_) | Yaml::Bool(_) => Some(v.display()),
            _ => None,
        })
    }

    fn number(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<f64> {
        self.typed(map, path, key, "a number", None, |v| match v {
            Yaml::Int(i) => Some(*i as f64),
            Yaml::Float(f) => Some(*f),
            Yaml::BigInt(digits) => digits.parse().ok(),
            _ => None,
        })
    }

    fn boolean(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<bool> {
        self.typed(map, path, key, "true or false", None, |v| match v {
            Yaml::Bool(b) => Some(*b),
            _ => None,
        })
    }

    fn string_list(&mut self, map: &Yaml, path: &[&str], key: &str) -> Option<Vec<String>> {
        self.typed(
            map,
            path,
            key,
            "a list",
            Some("write it as [a, b, c]"),
            |v| match v {
                Yaml::List(items) => Some(items.iter().map(Yaml::display).collect()),
                _ => None,
            },
        )
    }

    fn config(&mut self, root: &Yaml) -> Option<Config> {
        if !matches!(root, Yaml::Map(_)) {
            self.diags.push(
                Diagnostic::error(
                    "config-shape",
                    CONFIG_FILE,
                    "hub.yaml must be a mapping of settings (`title: ...`, `collections: ...`)",
                )
                .at(self.text, 1, 1),
            );
            return None;
        }
        self.check_keys(root, &[], &TOP_KEYS);
        let title = self.string(root, &[], "title").unwrap_or_default();
        if title.is_empty() {
            self.diags.push(
                Diagnostic::error("missing-field", CONFIG_FILE, "hub.yaml has no `title`")
                    .at(self.text, 1, 1)
                    .hint("add a line `title: Name of the hub`"),
            );
        }
        let base_url = self
            .string(root, &[], "base_url")
            .unwrap_or_else(|| "/".into());
        let collections = self.collections(root);
        let taxonomies = self.taxonomies(root, &collections);
        let html = self.html(root);
        Some(Config {
            title,
            description: self.string(root, &[], "description").unwrap_or_default(),
            base_url: normalize_base_url(&base_url),
            language: self
                .string(root, &[], "language")
                .unwrap_or_else(|| "en".into()),
            theme: self
                .string(root, &[], "theme")
                .unwrap_or_else(|| "cluster".into()),
            repository: self
                .string(root, &[], "repository")
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string(),
            branch: self
                .string(root, &[], "branch")
                .unwrap_or_else(|| "main".into()),
            summary_max_length: self
                .number(root, &[], "summary_max_length")
                .map_or(300, |n| n.max(0.0) as usize),
            search_filter_limit: self
                .number(root, &[], "search_filter_limit")
                .map_or(SEARCH_FILTER_LIMIT, |n| n.max(0.0) as usize),
            collections,
            taxonomies,
            html,
            source: self.text.to_string(),
        })
    }

    /// The `html:` section: raw HTML allowed beyond the safe default.
    fn html(&mut self, root: &Yaml) -> HtmlPolicy {
        let mut policy = HtmlPolicy::default();
        let path = ["html"];
        let section = match root.get("html") {
            None | Some(Yaml::Null) => return policy,
            Some(section @ Yaml::Map(_)) => section,
            Some(other) => {
                self.error(
                    &path,
                    "wrong-type",
                    format!(
                        "`html` must be a mapping like `{{tags: [details, summary]}}`, found {}",
                        other.type_name()
                    ),
                    None,
                );
                return policy;
            }
        };
        self.check_keys(section, &path, &HTML_KEYS);
        policy.trusted = self.boolean(section, &path, "trusted").unwrap_or(false);
        for host in self
            .string_list(section, &path, "iframe_hosts")
            .unwrap_or_default()
        {
            let ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
            if ok {
                policy.iframe_hosts.push(host);
            } else {
                self.error_at_item(&["html", "iframe_hosts"], &host, "bad-html", format!("`{host}` is not a host name"), Some("write the host alone, in lowercase, like `www.youtube-nocookie.com` (no https://, no path)".into()));
            }
        }
        for tag in self.string_list(section, &path, "tags").unwrap_or_default() {
            if let Some(problem) = html_name_problem(&tag, true) {
                self.error_at_item(
                    &["html", "tags"],
                    &tag,
                    "bad-html",
                    problem.0,
                    Some(problem.1),
                );
            } else {
                policy.tags.push(tag);
            }
        }
        self.html_attributes(section, &mut policy);
        policy
    }

    /// `html.attributes`: tag (or `*`) → extra attributes.
    fn html_attributes(&mut self, section: &Yaml, policy: &mut HtmlPolicy) {
        let path = ["html", "attributes"];
        let map = section.get("attributes");
        let (map, entries) = match map {
            None | Some(Yaml::Null) => return,
            Some(map @ Yaml::Map(entries)) => (map, entries),
            Some(other) => {
                self.error(&path, "wrong-type", format!("`attributes` must be a mapping of tags to attribute lists like `{{abbr: [title]}}`, found {}", other.type_name()), None);
                return;
            }
        };
        for (tag, _) in entries {
            let known = tag == "*"
                || sanitize::allowed_by_default(tag)
                || policy.tags.contains(tag)
                || (tag == "iframe" && !policy.iframe_hosts.is_empty());
            if !known {
                self.error_at_item(&path, tag, "bad-html", format!("`{tag}` is not an allowed tag, so it cannot have attributes"), Some(format!("add `{tag}` to `html.tags` first, or write `*` for attributes of every allowed tag")));
                continue;
            }
            let tpath = ["html", "attributes", tag.as_str()];
            let Some(names) = self.string_list(map, &path, tag) else {
                continue;
            };
            let mut kept = Vec::with_capacity(names.len());
            for name in names {
                match html_name_problem(&name, false) {
                    Some((message, hint)) => {
                        self.error_at_item(&tpath, &name, "bad-html", message, Some(hint))
                    }
                    None => kept.push(name),
                }
            }
            policy.attributes.push((tag.clone(), kept));
        }
    }

    /// Like `error`, but at `item`, a value of the list (or a key of the
    /// mapping) under `path`, written inline after the key or on the lines
    /// below it.
    fn error_at_item(
        &mut self,
        path: &[&str],
        item: &str,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let (line, col) = yaml::locate_key(self.text, path).unwrap_or((1, 1));
        let (line, col) = find_below(self.text, line, col, item).unwrap_or((line, col));
        let mut d = Diagnostic::error(code, CONFIG_FILE, message)
            .at(self.text, line, col)
            .width(item.chars().count());
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }

    fn collections(&mut self, root: &Yaml) -> Vec<Collection> {
        let mut out = Vec::new();
        let Some(Yaml::Map(entries)) = root.get("collections") else {
            self.error(
                &["collections"],
                "missing-field",
                "hub.yaml declares no `collections`".into(),
                Some("declare at least one collection with its fields".into()),
            );
            return out;
        };
        let names: Vec<String> = entries.iter().map(|(k, _)| k.clone()).collect();
        for (name, body) in entries {
            let path = ["collections", name.as_str()];
            if crate::text::slugify(name) != *name {
                self.error(
                    &path,
                    "bad-name",
                    format!(
                        "collection name `{name}` must be lowercase letters, digits and hyphens"
                    ),
                    Some(format!("use `{}`", crate::text::slugify(name))),
                );
            }
            if let Some(what) = crate::routes::generated_folder(name) {
                self.error(
                    &path,
                    "bad-name",
                    format!(
                        "collection `{name}` would write its pages where clusterhub writes {what}"
                    ),
                    Some("choose another name".into()),
                );
            } else if ["static", "page", "tags"].contains(&name.as_str()) {
                self.error(
                    &path,
                    "bad-name",
                    format!("`{name}` is reserved for clusterhub's own pages"),
                    None,
                );
            }
            let body = if matches!(body, Yaml::Null) {
                &Yaml::Map(Vec::new())
            } else {
                body
            };
            if !matches!(body, Yaml::Map(_)) {
                self.error(
                    &path,
                    "wrong-type",
                    format!("collection `{name}` must be a mapping with `label` and `fields`"),
                    None,
                );
                continue;
            }
            self.check_keys(body, &path, &COLLECTION_KEYS);
            let label = self
                .string(body, &path, "label")
                .unwrap_or_else(|| humanize(name));
            let sort_text = self
                .string(body, &path, "sort")
                .unwrap_or_else(|| "title".into());
            let sort = self.sort(&sort_text, &path);
            let per_page = self
                .number(body, &path, "per_page")
                .map_or(20, |n| n.max(1.0) as usize);
            let fields = self.fields(body, &path, &names);
            if let SortKey::Field(f) = &sort.key
                && !fields.iter().any(|d| &d.name == f)
            {
                let mut full = path.to_vec();
                full.push("sort");
                self.error(
                    &full,
                    "bad-sort",
                    format!("cannot sort by `{f}`: no such field in `{name}`"),
                    Some(
                        "use `date`, `title` or a declared field, optionally followed by `desc`"
                            .into(),
                    ),
                );
            }
            let find = self.collection_find(body, &path, &fields, &names);
            let outline = self.outline(body, &path);
            out.push(Collection {
                outline,
                find,
                singular: self
                    .string(body, &path, "singular")
                    .unwrap_or_else(|| singular_of(&label)),
                label,
                description: self.string(body, &path, "description").unwrap_or_default(),
                sort,
                per_page,
                feed: self.boolean(body, &path, "feed").unwrap_or(false),
                fields,
                name: name.clone(),
            });
        }
        out
    }

    /// A collection's `outline`, each mistake at its item.
    fn outline(&mut self, body: &Yaml, path: &[&str]) -> Vec<Section> {
        let Some(value) = body.get("outline") else {
            return Vec::new();
        };
        let (sections, problems) = crate::model::outline::read(value);
        let opath: Vec<&str> = path.iter().copied().chain(["outline"]).collect();
        for p in problems {
            let key = yaml::locate_key(self.text, &opath).unwrap_or((1, 1));
            let at = p
                .index
                .and_then(|i| yaml::locate_item(self.text, &opath, i));
            let (line, col) = at.unwrap_or(key);
            let mut d = Diagnostic::error(p.code, CONFIG_FILE, p.message)
                .at(self.text, line, col)
                .hint(p.hint);
            if at.is_none() {
                d = d.width("outline".len());
            } else if let Some(text) = p.underline.filter(|u| {
                self.text
                    .lines()
                    .nth(line - 1)
                    .is_some_and(|l| l.contains(u.as_str()))
            }) {
                d = d.width(text.chars().count());
            }
            self.diags.push(d);
        }
        sections
    }

    /// `feed_per_item`, `map` and `schema_org` of a collection.
    fn collection_find(
        &mut self,
        body: &Yaml,
        path: &[&str],
        fields: &[FieldDef],
        collections: &[String],
    ) -> CollectionFind {
        let mut find = CollectionFind {
            feed_per_item: self.boolean(body, path, "feed_per_item").unwrap_or(false),
            ..CollectionFind::default()
        };
        let need_field = |p: &mut Self, sub: &[&str], field: &str, numeric: bool| {
            let def = fields.iter().find(|f| f.name == field);
            let ok = match def {
                Some(d) => !numeric || d.kind.is_numeric(),
                None => COMMON_FIELDS.contains(&field) && !numeric,
            };
            if !ok {
                let mut full = path.to_vec();
                full.extend_from_slice(sub);
                let hint = match nearest(field, fields.iter().map(|f| f.name.as_str())) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "name a field declared in this collection's `fields`".into(),
                };
                let what = if numeric { "number field" } else { "field" };
                p.error(
                    &full,
                    "unknown-field",
                    format!("no {what} `{field}` in this collection"),
                    Some(hint),
                );
            }
        };
        if let Some(map) = body.get("map") {
            let mpath: Vec<&str> = path.iter().copied().chain(["map"]).collect();
            if matches!(map, Yaml::Map(_)) {
                self.check_keys(map, &mpath, &MAP_KEYS);
                let lat = self
                    .string(map, &mpath, "lat")
                    .unwrap_or_else(|| "lat".into());
                let lon = self
                    .string(map, &mpath, "lon")
                    .unwrap_or_else(|| "lon".into());
                let count = self.string(map, &mpath, "count").unwrap_or_default();
                need_field(self, &["map", "lat"], &lat, true);
                need_field(self, &["map", "lon"], &lon, true);
                if !count.is_empty() && !collections.contains(&count) {
                    let mut full = mpath.clone();
                    full.push("count");
                    let hint = match nearest(&count, collections.iter().map(String::as_str)) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("declared collections: {}", collections.join(", ")),
                    };
                    self.error(
                        &full,
                        "unknown-collection",
                        format!("`count` names collection `{count}`, which is not declared"),
                        Some(hint),
                    );
                }
                find.map = Some(MapFields { lat, lon, count });
            } else {
                self.error(
                    &mpath,
                    "wrong-type",
                    "`map` must be a mapping like `{lat: lat, lon: lon}`".into(),
                    None,
                );
            }
        }
        if let Some(so) = body.get("schema_org") {
            let spath: Vec<&str> = path.iter().copied().chain(["schema_org"]).collect();
            match so {
                Yaml::Str(t) => find.schema_type = Some(t.clone()),
                Yaml::Map(_) => {
                    self.check_keys(so, &spath, &SCHEMA_ORG_KEYS);
                    find.schema_type = self.string(so, &spath, "type");
                    if let Some(field) = self.string(so, &spath, "field") {
                        need_field(self, &["schema_org", "field"], &field, false);
                        let mut types = BTreeMap::new();
                        if let Some(Yaml::Map(entries)) = so.get("types") {
                            for (k, v) in entries {
                                types.insert(k.clone(), v.display());
                            }
                        }
                        find.schema_type_by = Some((field, types));
                    }
                    if let Some(Yaml::Map(entries)) = so.get("properties") {
                        for (prop, field) in entries {
                            let field = field.display();
                            need_field(
                                self,
                                &["schema_org", "properties", prop.as_str()],
                                &field,
                                false,
                            );
                            find.schema_properties.push((prop.clone(), field));
                        }
                    }
                }
                other => self.error(
                    &spath,
                    "wrong-type",
                    format!(
                        "`schema_org` must be a type name like `Article` or a mapping, found {}",
                        other.type_name()
                    ),
                    None,
                ),
            }
        }
        find
    }

    fn sort(&mut self, text: &str, path: &[&str]) -> Sort {
        let mut words = text.split_whitespace();
        let key = words.next().unwrap_or("title");
        let descending = match words.next() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => {
                let mut full = path.to_vec();
                full.push("sort");
                self.error(
                    &full,
                    "bad-sort",
                    format!("unknown sort direction `{other}`"),
                    Some("write `asc` or `desc`".into()),
                );
                false
            }
        };
        let key = match key {
            "date" => SortKey::Date,
            "title" => SortKey::Title,
            other => SortKey::Field(other.to_string()),
        };
        Sort { key, descending }
    }

    fn fields(&mut self, body: &Yaml, path: &[&str], collections: &[String]) -> Vec<FieldDef> {
        let mut out = Vec::new();
        let Some(fields) = body.get("fields") else {
            return out;
        };
        let Yaml::Map(entries) = fields else {
            if !matches!(fields, Yaml::Null) {
                let mut full = path.to_vec();
                full.push("fields");
                self.error(
                    &full,
                    "wrong-type",
                    "`fields` must be a mapping of field names to their definition".into(),
                    None,
                );
            }
            return out;
        };
        for (name, def) in entries {
            let fpath: Vec<&str> = path
                .iter()
                .copied()
                .chain(["fields", name.as_str()])
                .collect();
            if COMMON_FIELDS.contains(&name.as_str()) {
                self.error(
                    &fpath,
                    "bad-name",
                    format!("`{name}` is a common field of every page and cannot be redeclared"),
                    None,
                );
                continue;
            }
            let def = match def {
                Yaml::Str(t) => Yaml::Map(vec![("type".into(), Yaml::Str(t.clone()))]),
                other => other.clone(),
            };
            if !matches!(def, Yaml::Map(_)) {
                self.error(
                    &fpath,
                    "wrong-type",
                    format!("field `{name}` must be a mapping with at least `type`"),
                    None,
                );
                continue;
            }
            self.check_keys(&def, &fpath, &FIELD_KEYS);
            let type_name = self.string(&def, &fpath, "type").unwrap_or_default();
            let min = self.number(&def, &fpath, "min");
            let max = self.number(&def, &fpath, "max");
            let values = self.string_list(&def, &fpath, "values");
            let decl = Decl {
                min,
                max,
                values,
                collections,
            };
            let declared = FieldKind::declare(name, &type_name, decl, &mut || {
                self.string(&def, &fpath, "to")
            });
            let kind = match declared {
                Ok(kind) => kind,
                Err(p) => {
                    let mut at = fpath.clone();
                    if !p.key.is_empty() {
                        at.push(p.key);
                    }
                    self.error_at_value(
                        &at,
                        p.underline.as_deref(),
                        p.code,
                        p.message,
                        Some(p.hint),
                    );
                    continue;
                }
            };
            let backlinks_label = self
                .string(&def, &fpath, "backlinks_label")
                .unwrap_or_default();
            if !backlinks_label.is_empty()
                && let Err(p) = kind.check_backlinks_label(name)
            {
                let mut at = fpath.clone();
                at.push(p.key);
                self.error(&at, p.code, p.message, Some(p.hint));
            }
            let mut value_labels = BTreeMap::new();
            if let Some(Yaml::Map(labels)) = def.get("labels") {
                for (k, v) in labels {
                    value_labels.insert(k.clone(), v.display());
                }
            }
            out.push(FieldDef {
                label: self
                    .string(&def, &fpath, "label")
                    .unwrap_or_else(|| humanize(name)),
                help: self.string(&def, &fpath, "help").unwrap_or_default(),
                required: self.boolean(&def, &fpath, "required").unwrap_or(false),
                kind,
                value_labels,
                backlinks_label,
                name: name.clone(),
            });
        }
        out
    }

    fn taxonomies(&mut self, root: &Yaml, collections: &[Collection]) -> Vec<Taxonomy> {
        let mut out = Vec::new();
        let Some(Yaml::Map(entries)) = root.get("taxonomies") else {
            return out;
        };
        for (name, body) in entries {
            let path = ["taxonomies", name.as_str()];
            self.check_keys(body, &path, &TAXONOMY_KEYS);
            // The name is the folder of the taxonomy's pages.
            let slug = crate::text::slugify(name);
            let clash = if slug != *name {
                Some((
                    format!("taxonomy name `{name}` must be lowercase letters, digits and hyphens"),
                    if slug.is_empty() {
                        "use a name such as `themes`".to_string()
                    } else {
                        format!("use `{slug}`")
                    },
                ))
            } else if let Some(what) = crate::routes::generated_folder(name) {
                Some((
                    format!(
                        "taxonomy `{name}` would write its pages where clusterhub writes {what}"
                    ),
                    "choose another name".to_string(),
                ))
            } else if collections.iter().any(|c| &c.name == name) {
                Some((
                    format!("taxonomy `{name}` has the same name as a collection"),
                    format!("both would write their pages in {name}/; choose another name"),
                ))
            } else {
                None
            };
            if let Some((message, hint)) = clash {
                self.error(&path, "bad-name", message, Some(hint));
                continue;
            }
            let field = self
                .string(body, &path, "field")
                .unwrap_or_else(|| name.clone());
            let usable = collections
                .iter()
                .flat_map(|c| &c.fields)
                .any(|f| f.name == field && f.kind.gives_terms());
            if !usable {
                let candidates: Vec<&str> = collections
                    .iter()
                    .flat_map(|c| &c.fields)
                    .filter(|f| f.kind.gives_terms())
                    .map(|f| f.name.as_str())
                    .collect();
                let hint = match nearest(&field, candidates.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => {
                        "a taxonomy needs a list, enum or string field declared in a collection"
                            .into()
                    }
                };
                let mut fpath = path.to_vec();
                fpath.push("field");
                self.error(&fpath, "unknown-field", format!("taxonomy `{name}` uses field `{field}`, which no collection declares as a list, enum or string"), Some(hint));
                continue;
            }
            out.push(Taxonomy {
                label: self
                    .string(body, &path, "label")
                    .unwrap_or_else(|| humanize(name)),
                description: self.string(body, &path, "description").unwrap_or_default(),
                per_page: self
                    .number(body, &path, "per_page")
                    .map_or(TERM_PER_PAGE, |n| n.max(1.0) as usize),
                field,
                name: name.clone(),
            });
        }
        out
    }
}

/// Why a tag (`is_tag`) or attribute name cannot be allowed in raw HTML:
/// (message, hint).
fn html_name_problem(name: &str, is_tag: bool) -> Option<(String, String)> {
    let what = if is_tag { "tag" } else { "attribute" };
    let well_formed = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (!is_tag && c == ':')
        });
    if !well_formed {
        return Some((
            format!("`{name}` is not an HTML {what} name"),
            "write the name in lowercase, like `details` or `title`".into(),
        ));
    }
    let trust = "it cannot be allowed for contributors; only `trusted: true` (every author trusted) publishes raw HTML as written";
    if is_tag && name == "iframe" {
        return Some((
            "`iframe` is allowed through `iframe_hosts`, not `tags`".into(),
            "list the hosts whose frames may be embedded: `iframe_hosts: [www.youtube-nocookie.com]`".into(),
        ));
    }
    let why = if is_tag {
        sanitize::never_allowed(name)
    } else {
        sanitize::never_allowed_attribute(name)
    };
    why.map(|why| {
        (
            format!("`{name}` cannot be allowed in raw HTML: {why}"),
            trust.to_string(),
        )
    })
}

/// The position of `item` written after the key at `line:col` (inline) or
/// on the more indented lines below it, as a whole word.
fn find_below(text: &str, line: usize, col: usize, item: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let key_line = lines.get(line.checked_sub(1)?)?;
    let key_start = key_line.char_indices().nth(col - 1).map_or(0, |(i, _)| i);
    let after_colon = key_start + key_line[key_start..].find(':').map_or(0, |i| i + 1);
    let key_indent = key_line.len() - key_line.trim_start().len();
    for (i, raw) in lines.iter().enumerate().skip(line - 1) {
        let from = if i + 1 == line {
            after_colon
        } else {
            let content = raw.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if raw.len() - content.len() <= key_indent {
                return None;
            }
            0
        };
        let mut start = from;
        while let Some(pos) = raw.get(start..).and_then(|r| r.find(item)) {
            let at = start + pos;
            let word =
                |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b"-_".contains(b));
            let bytes = raw.as_bytes();
            if !word(at.checked_sub(1).and_then(|p| bytes.get(p)))
                && !word(bytes.get(at + item.len()))
            {
                return Some((i + 1, raw[..at].chars().count() + 1));
            }
            start = at + 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        (parse(text, &mut diags), diags)
    }

    #[test]
    fn unknown_field_type_points_at_type() {
        let text =
            "title: T\ncollections:\n  cities:\n    fields:\n      lat:\n        type: nmber\n";
        let (cfg, diags) = parsed(text);
        assert!(cfg.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (6, 15));
        assert!(diags[0].hint.as_deref().unwrap_or("").contains("`number`"));
    }

    #[test]
    fn ref_to_undeclared_collection() {
        let text = "title: T\ncollections:\n  a:\n    fields:\n      b:\n        type: ref\n        to: citys\n  cities: {}\n";
        let (_, diags) = parsed(text);
        assert_eq!(diags[0].code, "unknown-collection");
        assert_eq!((diags[0].line, diags[0].column), (7, 13));
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `cities`?"));
    }

    #[test]
    fn base_path_from_base_url() {
        let (cfg, _) =
            parsed("title: T\nbase_url: https://x.github.io/hub\ncollections:\n  a: {}\n");
        let cfg = cfg.unwrap();
        assert_eq!(cfg.base_url, "https://x.github.io/hub/");
        assert_eq!(cfg.base_path(), "/hub/");
    }
}
