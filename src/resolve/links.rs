//! Body links: each page's and intro's links to pages, headings and files
//! checked against the site; and orphans, pages nothing connects.

use super::reuse::Found;
use super::{Absent, CollectionPages, Page, PageId};
use crate::diag::{Diagnostic, MAX_PER_FILE};
use crate::markdown::{Heading, PageLink};
use crate::parse::Doc;
use crate::text::nearest;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// What body links are checked against.
pub(super) struct Links<'a> {
    pub pages: &'a [Page],
    pub by_path: &'a super::PathIndex,
    /// Content-relative paths of the intros (`methods/_index.md`).
    pub intros: &'a HashSet<String>,
    pub known_files: &'a HashSet<String>,
    pub absent: &'a Absent,
}

/// The content-relative paths of the intros.
pub(super) fn intro_paths<'d>(intros: impl Iterator<Item = &'d Doc>) -> HashSet<String> {
    intros
        .map(|d| {
            d.path
                .strip_prefix("content/")
                .unwrap_or(&d.path)
                .to_string()
        })
        .collect()
}

/// Pairs of pages a body link connects: (from, to).
type Connected = Vec<(PageId, PageId)>;

/// What a link to a page leads to.
enum Leads<'a> {
    /// A page (or this page, `None`), with its headings.
    Page(Option<PageId>, &'a [Heading]),
    /// An intro, whose headings are not checked.
    Intro,
    /// Nowhere: already reported, or a page that did not parse.
    Nowhere,
}

impl Links<'_> {
    /// Checks the body links of every page (but those whose checks are
    /// `kept` from the last resolve), then of every intro; marks the pages
    /// a link connects in `linked`, and notes in `found` what each page's
    /// links connect it with and whether they were all right.
    pub(super) fn check_all(
        &self,
        home_intro: Option<&Doc>,
        collections: &[CollectionPages],
        linked: &mut [bool],
        (found, kept): (&mut [Found], &[Option<Found>]),
        diags: &mut Vec<Diagnostic>,
    ) {
        // Pages in parallel, their problems and links gathered in page
        // order.
        let checked: Vec<(Vec<Diagnostic>, Connected)> = (self.pages.par_iter())
            .enumerate()
            .map(|(id, page)| {
                if let Some(Some(kept)) = kept.get(id) {
                    return (
                        Vec::new(),
                        kept.connected.iter().map(|&t| (id, t)).collect(),
                    );
                }
                let (mut found, mut connected) = (Vec::new(), Vec::new());
                self.check(&page.doc, Some(id), &mut found, &mut connected);
                (found, connected)
            })
            .collect();
        let mut connected: Connected = Vec::new();
        for (id, (problems, links)) in checked.into_iter().enumerate() {
            if let Some(f) = found.get_mut(id) {
                f.clean &= problems.is_empty();
                f.connected = links.iter().map(|&(_, to)| to).collect();
            }
            diags.extend(problems);
            connected.extend(links);
        }
        let intros = home_intro
            .into_iter()
            .chain(collections.iter().filter_map(|c| c.intro.as_deref()));
        for intro in intros {
            self.check(intro, None, diags, &mut Vec::new());
        }
        for (from, to) in connected {
            linked[from] = true;
            linked[to] = true;
        }
    }

    /// Checks the body links of `doc` (page `own`, `None` for an intro),
    /// adding each (page, target) link to `connected`. Hints search every
    /// page or heading: they are worked out only for the problems that will
    /// be listed (`diag::MAX_PER_FILE`), so a page with thousands of broken
    /// links costs no more than its links.
    fn check(
        &self,
        doc: &Doc,
        own: Option<PageId>,
        diags: &mut Vec<Diagnostic>,
        connected: &mut Vec<(PageId, PageId)>,
    ) {
        let mut made = 0usize;
        // Keyed by target page; `None` is this page.
        let mut heading_sets: HashMap<Option<PageId>, HashSet<&str>> = HashMap::new();
        for link in &doc.body.page_links {
            let with_hint = made < MAX_PER_FILE;
            let Leads::Page(target, headings) =
                self.leads_to(doc, own, link, with_hint, &mut made, diags, connected)
            else {
                continue;
            };
            if let Some(anchor) = &link.anchor
                && !anchor.is_empty()
                && !has_heading(target, headings, anchor, &mut heading_sets)
            {
                // How the problem names the target: made only for a problem.
                let label = match target {
                    Some(_) => format!("content/{}", link.target),
                    None => "this page".to_string(),
                };
                made += 1;
                diags.push(broken_anchor(
                    doc, link, anchor, headings, &label, with_hint,
                ));
            }
        }
        self.check_files(doc, diags);
    }

    /// Where a page link of `doc` leads, reporting a broken or draft target.
    fn leads_to<'p>(
        &'p self,
        doc: &'p Doc,
        own: Option<PageId>,
        link: &PageLink,
        with_hint: bool,
        made: &mut usize,
        diags: &mut Vec<Diagnostic>,
        connected: &mut Vec<(PageId, PageId)>,
    ) -> Leads<'p> {
        if link.target.is_empty() {
            return Leads::Page(None, &doc.body.headings);
        }
        if let Some(&t) = self.by_path.get(&link.target) {
            if let Some(o) = own
                && o != t
            {
                connected.push((o, t));
            }
            return Leads::Page(Some(t), &self.pages[t].doc.body.headings);
        }
        if self.intros.contains(&link.target) {
            return Leads::Intro;
        }
        let key = link
            .target
            .trim_end_matches(".md")
            .trim_end_matches("/index");
        if self.absent.unparsed.contains(key) {
            // Its own parse error is the problem to fix; the link still
            // keeps this page from being called an orphan.
            if let Some(o) = own {
                connected.push((o, o));
            }
        } else if self.absent.drafts.contains(key) {
            diags.push(
                Diagnostic::warning(
                    "draft-link",
                    &doc.path,
                    format!(
                        "content/{} is a draft, so this link will not work on the published site",
                        link.target
                    ),
                )
                .at_spot(&link.at)
                .hint("publish the target page or remove the link"),
            );
        } else {
            *made += 1;
            diags.push(self.broken_link(doc, link, with_hint));
        }
        Leads::Nowhere
    }

    fn broken_link(&self, doc: &Doc, link: &PageLink, with_hint: bool) -> Diagnostic {
        let candidates = self
            .pages
            .iter()
            .filter(|_| with_hint)
            .map(|p| p.doc.path.strip_prefix("content/").unwrap_or(&p.doc.path));
        let hint = match nearest(&link.target, candidates) {
            Some(n) => format!("did you mean `{n}`? Write links to pages as `@/{n}` or a relative path to the .md file"),
            None => "link to an existing page as `@/collection/slug.md` or a relative path like `../methods/five-up.md`".to_string(),
        };
        Diagnostic::error(
            "broken-link",
            &doc.path,
            format!(
                "link to a page that does not exist: content/{}",
                link.target
            ),
        )
        .at_spot(&link.at)
        .hint(hint)
    }

    /// Links to files (images, documents) must name files of `content/`
    /// (alternative text is checked as the body is read).
    fn check_files(&self, doc: &Doc, diags: &mut Vec<Diagnostic>) {
        for file in &doc.body.file_links {
            if !self.known_files.contains(&file.target) {
                let what = if file.is_image { "image" } else { "file" };
                diags.push(
                    Diagnostic::error("missing-file", &doc.path, format!("{what} not found: content/{}", file.target)).at_spot(&file.at)
                        .hint(format!("put the {what} at content/{} or fix the path (it is relative to this page's folder)", file.target)),
                );
            }
        }
    }
}

fn broken_anchor(
    doc: &Doc,
    link: &PageLink,
    anchor: &str,
    headings: &[Heading],
    label: &str,
    with_hint: bool,
) -> Diagnostic {
    let ids = headings.iter().filter(|_| with_hint).map(|h| h.id.as_str());
    let hint = match nearest(anchor, ids) {
        Some(n) => format!("did you mean `#{n}`?"),
        None if headings.is_empty() => format!("{label} has no headings to link to"),
        None => {
            let mut list: Vec<String> = headings
                .iter()
                .take(12)
                .map(|h| format!("#{}", h.id))
                .collect();
            if headings.len() > list.len() {
                list.push(format!("and {} more", headings.len() - list.len()));
            }
            format!("headings in {label}: {}", list.join(", "))
        }
    };
    Diagnostic::error(
        "broken-anchor",
        &doc.path,
        format!("{label} has no heading `#{anchor}`"),
    )
    .at_spot(&link.at)
    .hint(hint)
}

/// Whether `headings` has `id`; pages with many headings get a set, built
/// once per page, so that many links to them stay linear.
fn has_heading<'h>(
    page: Option<PageId>,
    headings: &'h [Heading],
    id: &str,
    sets: &mut HashMap<Option<PageId>, HashSet<&'h str>>,
) -> bool {
    if headings.len() <= 16 {
        return headings.iter().any(|h| h.id == id);
    }
    sets.entry(page)
        .or_insert_with(|| headings.iter().map(|h| h.id.as_str()).collect())
        .contains(id)
}

/// Warns of pages that nothing links to and that link to nothing.
pub(super) fn orphans(pages: &[Page], linked: &[bool], diags: &mut Vec<Diagnostic>) {
    for (id, page) in pages.iter().enumerate() {
        if !linked[id] {
            diags.push(
                Diagnostic::warning("orphan", &page.doc.path, "this page is not connected to any other page: nothing links to it and it links to nothing")
                    .at(&page.doc.text, 1, 1)
                    .hint("add a ref field (e.g. its city or project) or link to it from a related page"),
            );
        }
    }
}
