//! DEPS: the dependency graph of live rebuilds. Says which inputs each
//! output was made from (its template and every template that template
//! extends, includes or imports; its own file; the summaries of the pages it
//! shows; listings, taxonomy terms and site data; the pages its templates
//! looked up with `get_page`/`get_pages`) and folds them into one
//! fingerprint, so `serve` re-renders exactly the outputs whose inputs changed.

use crate::parse::Doc;
use crate::render::{Job, JobKind, Lookup, LookupRecorder};
use crate::resolve::{PageId, Site};
use crate::source::Template;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// Records the lookups templates make while rendering, keyed by the
/// `current_url` of the output being rendered (empty when the template
/// could not see it, e.g. inside a macro).
#[derive(Debug, Default)]
pub(crate) struct Lookups {
    log: Mutex<HashMap<String, Vec<Lookup>>>,
}

impl LookupRecorder for Lookups {
    fn record(&self, current_url: &str, lookup: Lookup) {
        if let Ok(mut log) = self.log.lock() {
            let list = log.entry(current_url.to_string()).or_default();
            if !list.contains(&lookup) {
                list.push(lookup);
            }
        }
    }
}

impl Lookups {
    /// Everything recorded since the last call.
    pub(crate) fn take(&self) -> HashMap<String, Vec<Lookup>> {
        self.log
            .lock()
            .map(|mut log| std::mem::take(&mut *log))
            .unwrap_or_default()
    }
}

/// The template graph: per template, a hash of itself and of every template
/// it reaches through `extends`, `include` and `import`, and whether any of
/// those calls `get_page`/`get_pages`.
#[derive(Debug, Default)]
pub(crate) struct TemplateGraph {
    closure_hash: HashMap<String, u64>,
    may_lookup: HashMap<String, bool>,
}

impl TemplateGraph {
    pub(crate) fn new(templates: &[Template]) -> TemplateGraph {
        let by_name: HashMap<&str, &Template> =
            templates.iter().map(|t| (t.name.as_str(), t)).collect();
        let direct: HashMap<&str, Option<Vec<String>>> = templates
            .iter()
            .map(|t| (t.name.as_str(), referenced_templates(&t.text)))
            .collect();
        let all: Vec<String> = {
            let mut v: Vec<String> = templates.iter().map(|t| t.name.clone()).collect();
            v.sort();
            v
        };
        let mut graph = TemplateGraph::default();
        for t in templates {
            let mut seen: HashSet<String> = HashSet::new();
            let mut stack = vec![t.name.clone()];
            let mut dynamic = false;
            while let Some(name) = stack.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match direct.get(name.as_str()) {
                    Some(Some(refs)) => stack.extend(refs.iter().cloned()),
                    Some(None) => dynamic = true,
                    // A missing template is an error Tera reports; depend on its name.
                    None => {}
                }
            }
            let mut names: Vec<String> = if dynamic {
                all.clone()
            } else {
                seen.into_iter().collect()
            };
            names.sort();
            let mut h = DefaultHasher::new();
            let mut lookup = false;
            for n in &names {
                n.hash(&mut h);
                match by_name.get(n.as_str()) {
                    Some(t) => {
                        t.text.hash(&mut h);
                        lookup |= t.text.contains("get_page");
                    }
                    None => 0u8.hash(&mut h),
                }
            }
            graph.closure_hash.insert(t.name.clone(), h.finish());
            graph.may_lookup.insert(t.name.clone(), lookup);
        }
        graph
    }

    /// Hash of the template and all it reaches (a constant for an unknown name).
    pub(crate) fn hash(&self, name: &str) -> u64 {
        self.closure_hash.get(name).copied().unwrap_or(0)
    }

    pub(crate) fn may_lookup(&self, name: &str) -> bool {
        self.may_lookup.get(name).copied().unwrap_or(false)
    }
}

/// Names in `{% extends %}`, `{% include %}` and `{% import %}` tags.
/// `None` when a name is computed (then the template may use any other).
pub(crate) fn referenced_templates(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches(['-', '+']).trim_start();
        rest = &rest[end..];
        let word: &str = tag
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if !matches!(word, "extends" | "include" | "import") {
            continue;
        }
        let args = &tag[word.len()..];
        let (literals, others) = split_literals(args);
        let allowed = others
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '-' | '+'))
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(w, "ignore" | "missing" | "as")
                    || (word == "import" && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
            });
        if literals.is_empty() || !allowed {
            return None;
        }
        out.extend(literals);
    }
    Some(out)
}

/// The string literals of a tag, and the tag without them.
fn split_literals(args: &str) -> (Vec<String>, String) {
    let mut literals = Vec::new();
    let mut others = String::new();
    let mut chars = args.chars();
    while let Some(c) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            let mut lit = String::new();
            for d in chars.by_ref() {
                if d == c {
                    break;
                }
                lit.push(d);
            }
            literals.push(lit);
            others.push(' ');
        } else {
            others.push(c);
        }
    }
    (literals, others)
}

/// Whether resolve would see no difference between two versions of a file:
/// same kind, title, date, draft flag, fields, headings and links. (Resolve
/// never reads the summary, the body text or the file's other fields.)
pub(crate) fn same_for_resolve(a: &Doc, b: &Doc) -> bool {
    let links = |d: &Doc| -> Vec<(String, Option<String>)> {
        d.body
            .page_links
            .iter()
            .map(|l| (l.target.clone(), l.anchor.clone()))
            .collect()
    };
    let files = |d: &Doc| -> Vec<(String, bool)> {
        d.body
            .file_links
            .iter()
            .map(|l| (l.target.clone(), l.is_image))
            .collect()
    };
    a.path == b.path
        && a.kind == b.kind
        && a.title == b.title
        && a.date == b.date
        && a.draft == b.draft
        && a.fields == b.fields
        && a.body.headings == b.body.headings
        && links(a) == links(b)
        && files(a) == files(b)
}

/// Hash of a JSON rendering of a template value.
pub(crate) fn value_hash(value: &tera::Value) -> u64 {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(DefaultHasher::new());
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}

/// Everything fingerprints are computed from, for one state of the site.
pub(crate) struct Facts<'a> {
    pub site: &'a Site,
    /// Hash of the `site` template variable (counts, collections, taxonomies).
    pub site_hash: u64,
    /// Hash of each page's summary (what listings and links show of it).
    pub summaries: &'a [u64],
    /// Hash of each content file's bytes, by path (`content/x/y.md`).
    pub files: &'a (dyn Fn(&str) -> Option<u64> + Sync),
    pub templates: &'a TemplateGraph,
    /// A lookup could not be attributed to an output: outputs whose
    /// templates look pages up then depend on every page.
    pub unattributed: bool,
    list_hashes: Vec<u64>,
    term_hashes: Vec<u64>,
    all_hash: u64,
    /// Related pages of each page (`page.related`), see `with_related`.
    related: &'a [Vec<PageId>],
}

impl<'a> Facts<'a> {
    pub(crate) fn new(
        site: &'a Site,
        site_hash: u64,
        summaries: &'a [u64],
        files: &'a (dyn Fn(&str) -> Option<u64> + Sync),
        templates: &'a TemplateGraph,
        unattributed: bool,
    ) -> Facts<'a> {
        let list_hashes: Vec<u64> = site
            .collections
            .iter()
            .map(|c| {
                let mut h = DefaultHasher::new();
                c.name.hash(&mut h);
                for &p in &c.pages {
                    summaries.get(p).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let term_hashes = site
            .taxonomies
            .iter()
            .map(|t| {
                let mut h = DefaultHasher::new();
                for term in &t.terms {
                    (&term.slug, &term.label, term.pages.len()).hash(&mut h);
                    // Term pages show how many pages of each collection a
                    // term holds.
                    for &p in &term.pages {
                        site.pages.get(p).map(|p| &p.collection).hash(&mut h);
                    }
                }
                h.finish()
            })
            .collect();
        let mut all = DefaultHasher::new();
        summaries.hash(&mut all);
        list_hashes.hash(&mut all);
        Facts {
            site,
            site_hash,
            summaries,
            files,
            templates,
            unattributed,
            list_hashes,
            term_hashes,
            all_hash: all.finish(),
            related: &[],
        }
    }

    /// Makes each page's fingerprint depend on its related pages too.
    pub(crate) fn with_related(mut self, related: &'a [Vec<PageId>]) -> Self {
        self.related = related;
        self
    }

    fn summary(&self, id: PageId) -> u64 {
        self.summaries.get(id).copied().unwrap_or(0)
    }

    fn file(&self, doc: Option<&Doc>) -> u64 {
        doc.map_or(0, |d| (self.files)(&d.path).unwrap_or(1))
    }

    /// The current value of a lookup (the summary or listing it returns).
    pub(crate) fn lookup(&self, lookup: &Lookup) -> u64 {
        match lookup {
            Lookup::Page(key) => self
                .site
                .by_path
                .get(key)
                .map_or(u64::MAX, |&id| self.summary(id)),
            Lookup::Pages(name) => self
                .site
                .collections
                .iter()
                .position(|c| &c.name == name)
                .map_or(u64::MAX, |i| self.list_hashes[i]),
        }
    }

    /// The fingerprint of one output: equal fingerprints mean equal bytes.
    /// `lookups` are the current values (`Facts::lookup`) of the lookups
    /// its templates made when it was last rendered, each with an id that
    /// names the lookup.
    pub(crate) fn fingerprint(
        &self,
        job: &Job<'_>,
        lookups: impl Iterator<Item = (u32, u64)>,
    ) -> u64 {
        let site = self.site;
        let mut h = DefaultHasher::new();
        (&job.template, &job.output, &job.url).hash(&mut h);
        self.templates.hash(&job.template).hash(&mut h);
        self.site_hash.hash(&mut h);
        match &job.kind {
            JobKind::Home => {
                0u8.hash(&mut h);
                self.file(site.home_intro.as_ref()).hash(&mut h);
            }
            JobKind::List {
                collection, pages, ..
            } => {
                1u8.hash(&mut h);
                if let Some(c) = site.collections.get(*collection) {
                    self.file(c.intro.as_ref()).hash(&mut h);
                }
                for &p in pages {
                    self.summary(p).hash(&mut h);
                }
            }
            JobKind::Taxonomy { taxonomy } => {
                2u8.hash(&mut h);
                self.term_hashes.get(*taxonomy).hash(&mut h);
            }
            JobKind::Term {
                taxonomy,
                term,
                pages,
                ..
            } => {
                3u8.hash(&mut h);
                self.term_hashes.get(*taxonomy).hash(&mut h);
                let listed = site
                    .taxonomies
                    .get(*taxonomy)
                    .and_then(|t| t.terms.get(*term))
                    .and_then(|t| t.pages.get(pages.clone()))
                    .unwrap_or_default();
                for &p in listed {
                    self.summary(p).hash(&mut h);
                }
            }
            JobKind::NotFound => 4u8.hash(&mut h),
            JobKind::Search => 6u8.hash(&mut h),
            JobKind::Map => {
                // Markers depend on every place and on what refers to it.
                7u8.hash(&mut h);
                for id in 0..site.pages.len() {
                    self.summary(id).hash(&mut h);
                }
            }
            JobKind::Page(id) => {
                5u8.hash(&mut h);
                self.hash_page(*id, &mut h);
            }
        }
        for l in lookups {
            l.hash(&mut h);
        }
        if self.unattributed && self.templates.may_lookup(&job.template) {
            self.all_hash.hash(&mut h);
        }
        h.finish()
    }

    /// What an item page shows of itself and the pages around it: its
    /// file and summary, its refs, reverse links, terms, neighbours and
    /// related pages.
    fn hash_page(&self, id: PageId, h: &mut DefaultHasher) {
        let site = self.site;
        for &r in self.related.get(id).map_or(&[][..], Vec::as_slice) {
            self.summary(r).hash(h);
        }
        if let Some(page) = site.pages.get(id) {
            self.file(Some(&page.doc)).hash(h);
            self.summary(id).hash(h);
            for (field, targets) in &page.refs {
                field.hash(h);
                for &t in targets {
                    self.summary(t).hash(h);
                }
            }
            for g in &page.backlinks {
                (&g.collection, &g.field).hash(h);
                for &p in &g.pages {
                    self.summary(p).hash(h);
                }
            }
            for (ti, terms) in &page.terms {
                ti.hash(h);
                for &t in terms {
                    if let Some(term) = site.taxonomies.get(*ti).and_then(|tx| tx.terms.get(t)) {
                        (&term.slug, &term.label).hash(h);
                    }
                }
            }
            page.prev.map(|p| self.summary(p)).hash(h);
            page.next.map(|p| self.summary(p)).hash(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extends_include_and_import() {
        let text = r#"{% extends "base.html" %}{%- include "partials/a.html" %}
{% import "macros.html" as m %}{% include ["x.html", "y.html"] ignore missing %}"#;
        assert_eq!(
            referenced_templates(text),
            Some(vec![
                "base.html".to_string(),
                "partials/a.html".into(),
                "macros.html".into(),
                "x.html".into(),
                "y.html".into()
            ])
        );
    }

    #[test]
    fn a_computed_template_name_depends_on_everything() {
        assert_eq!(
            referenced_templates(r#"{% include "a/" ~ page.kind %}"#),
            None
        );
        assert_eq!(referenced_templates("{% include name %}"), None);
    }

    #[test]
    fn closure_follows_includes_transitively() {
        let t = |name: &str, text: &str| Template {
            name: name.into(),
            path: format!("themes/t/templates/{name}"),
            text: text.into(),
        };
        let templates = vec![
            t("base.html", "<html>{% block body %}{% endblock %}</html>"),
            t(
                "page.html",
                r#"{% extends "base.html" %}{% include "card.html" %}"#,
            ),
            t("card.html", r#"{{ get_page(path="x").title }}"#),
            t("list.html", r#"{% extends "base.html" %}"#),
        ];
        let g = TemplateGraph::new(&templates);
        assert!(g.may_lookup("page.html"));
        assert!(!g.may_lookup("list.html"));
        // An edit reaches exactly the templates that extend, include or
        // import the edited one, directly or not.
        let edit = |i: usize| {
            let mut edited = templates.clone();
            edited[i].text.push('!');
            TemplateGraph::new(&edited)
        };
        let (card, base) = (edit(2), edit(0));
        assert_ne!(g.hash("page.html"), card.hash("page.html"));
        assert_eq!(g.hash("list.html"), card.hash("list.html"));
        assert_ne!(g.hash("page.html"), base.hash("page.html"));
        assert_ne!(g.hash("list.html"), base.hash("list.html"));
    }
}
