//! DEPS: what each output of a live rebuild was made from, folded into one
//! fingerprint: its template and every template that one extends, includes
//! or imports; the hash of the context built for it (so whatever a context
//! is built from is a dependency by construction: nothing here lists what
//! the renderer reads); and the pages its templates looked up with
//! `get_page`/`get_pages`. `serve` re-renders exactly the outputs whose
//! fingerprint changed.

use crate::parse::Doc;
use crate::render::{Hashed, Job, Lookup, LookupRecorder, Prepared};
use crate::resolve::Site;
use crate::theme::{Template, sources_hash};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, OnceLock};

mod scan;
pub(crate) use scan::CountReads;
use scan::{reads_counts, referenced_templates};

/// Records the lookups templates make while rendering, keyed by the
/// `current_url` of the output being rendered (empty when the template
/// could not see it, e.g. inside a macro).
#[derive(Debug, Default)]
pub(crate) struct Lookups {
    log: Mutex<LookupLog>,
}

/// The lookups each output's templates made, by the output's URL.
pub(crate) type LookupLog = HashMap<String, Vec<Lookup>, foldhash::fast::RandomState>;

impl LookupRecorder for Lookups {
    fn record(&self, current_url: &str, lookup: Lookup) {
        self.record_all(current_url, &mut std::iter::once(&lookup));
    }

    fn record_all(&self, current_url: &str, lookups: &mut dyn Iterator<Item = &Lookup>) {
        let Ok(mut log) = self.log.lock() else {
            return;
        };
        // The output's list is found once, and its URL copied only the
        // first time.
        if !log.contains_key(current_url) {
            log.insert(current_url.to_string(), Vec::new());
        }
        let Some(list) = log.get_mut(current_url) else {
            return;
        };
        for lookup in lookups {
            if !list.contains(lookup) {
                list.push(lookup.clone());
            }
        }
    }
}

impl Lookups {
    /// Everything recorded since the last call.
    pub(crate) fn take(&self) -> LookupLog {
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
    reads_counts: HashMap<String, CountReads>,
    /// The hash of the templates (names and texts) it was made from.
    made_from: u64,
}

impl TemplateGraph {
    /// Made again from `templates` unless it was made from the same
    /// (`serve` loads the templates again after every change of the site,
    /// and reading which counts they may read took about a tenth of the
    /// main thread's work of adding a page).
    pub(crate) fn refresh(&mut self, templates: &[Template]) {
        let made_from = sources_hash(templates);
        if made_from != self.made_from {
            *self = TemplateGraph::new(templates);
        }
    }

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
            let mut texts = Vec::new();
            for n in &names {
                n.hash(&mut h);
                match by_name.get(n.as_str()) {
                    Some(t) => {
                        t.text.hash(&mut h);
                        lookup |= t.text.contains("get_page");
                        texts.push((n.as_str(), t.text.as_str()));
                    }
                    None => 0u8.hash(&mut h),
                }
            }
            let counts = reads_counts(&texts);
            graph.closure_hash.insert(t.name.clone(), h.finish());
            graph.may_lookup.insert(t.name.clone(), lookup);
            graph.reads_counts.insert(t.name.clone(), counts);
        }
        graph.made_from = sources_hash(templates);
        graph
    }

    /// Hash of the template and all it reaches (a constant for an unknown name).
    pub(crate) fn hash(&self, name: &str) -> u64 {
        self.closure_hash.get(name).copied().unwrap_or(0)
    }

    pub(crate) fn may_lookup(&self, name: &str) -> bool {
        self.may_lookup.get(name).copied().unwrap_or(false)
    }

    /// Which counts of the site the template or one it reaches may show
    /// (an unknown template: all).
    pub(crate) fn reads_counts(&self, name: &str) -> CountReads {
        let all = CountReads {
            site: true,
            own: true,
        };
        self.reads_counts.get(name).copied().unwrap_or(all)
    }
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

/// The current value of each lookup templates can make (the summary or
/// the listing it returns), for one state of the site.
pub(crate) struct LookupValues<'a> {
    site: &'a Site,
    prepared: &'a Prepared,
    /// Hash of each collection's list of summaries, made when first asked.
    list_hashes: Vec<OnceLock<u64>>,
}

impl<'a> LookupValues<'a> {
    /// Every page's summary is hashed at once, in parallel (lookups and
    /// the contexts of listings ask for most of them); the lists' hashes
    /// are made when a lookup first asks.
    pub(crate) fn new(site: &'a Site, prepared: &'a Prepared) -> LookupValues<'a> {
        (0..site.pages.len()).into_par_iter().for_each(|id| {
            prepared.summary_hash(id);
        });
        LookupValues {
            site,
            prepared,
            list_hashes: site.collections().iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The hash of a collection's list of summaries.
    fn list_hash(&self, collection: usize) -> u64 {
        *self.list_hashes[collection].get_or_init(|| {
            let c = &self.site.collections()[collection];
            let mut h = crate::render::hasher();
            c.name.hash(&mut h);
            for &p in &c.pages {
                self.prepared.summary_hash(p).hash(&mut h);
            }
            h.finish()
        })
    }

    /// Hash of every summary and listing: the value of a lookup that could
    /// not be attributed to an output.
    pub(crate) fn all(&self) -> u64 {
        let mut all = crate::render::hasher();
        for id in 0..self.site.pages.len() {
            self.prepared.summary_hash(id).hash(&mut all);
        }
        for i in 0..self.list_hashes.len() {
            self.list_hash(i).hash(&mut all);
        }
        all.finish()
    }

    /// The current value of a lookup (the summary or listing it returns).
    pub(crate) fn lookup(&self, lookup: &Lookup) -> u64 {
        match lookup {
            Lookup::Page(key) => self
                .site
                .by_path()
                .get(key)
                .map_or(u64::MAX, |&id| self.prepared.summary_hash(id)),
            Lookup::Pages(name) => self
                .site
                .collections()
                .iter()
                .position(|c| &c.name == name)
                .map_or(u64::MAX, |i| self.list_hash(i)),
        }
    }
}

/// The fingerprint of one output: equal fingerprints mean equal bytes. It
/// is made of what the output was rendered from: its template and every
/// template that one reaches, the hash of the context built for it
/// (`render::job_hash`; the site's counts only if its templates read a
/// count), and the current values of the lookups its templates made when
/// it was last rendered (`lookups`, each with an id that names it).
/// `all`: the value of every lookup, when some lookup could not be
/// attributed to an output (then every output whose templates look pages
/// up depends on it).
pub(crate) fn fingerprint(
    job: &Job<'_>,
    context: Hashed,
    templates: &TemplateGraph,
    lookups: impl Iterator<Item = (u32, u64)>,
    all: Option<u64>,
) -> u64 {
    let mut h = crate::render::hasher();
    (&job.template, &job.output, &job.url).hash(&mut h);
    templates.hash(&job.template).hash(&mut h);
    context.main.hash(&mut h);
    let reads = templates.reads_counts(&job.template);
    if reads.site {
        context.counts.hash(&mut h);
    }
    if reads.own {
        context.own_counts.hash(&mut h);
    }
    for l in lookups {
        l.hash(&mut h);
    }
    if let Some(all) = all
        && templates.may_lookup(&job.template)
    {
        all.hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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
