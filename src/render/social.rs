//! Each page's social image (`og:image`, `twitter:image`): its first
//! image, else a card made from the theme's `card/card.svg` (`cards`); the
//! site's own card for every other page. Absolute URLs, made once per build.

use crate::cards::{self, CardArt, CardText};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::{Asset, AssetFrom};
use crate::parse::Doc;
use crate::resolve::{Page, PageId, Renumbering, Site};
use crate::routes::{Route, Routes};
use std::collections::HashMap;
use std::sync::Arc;

/// The social images of a build.
#[derive(Default)]
pub(crate) struct Social {
    /// Absolute URL of each page's image, by id (empty without a card).
    pub pages: Vec<Arc<str>>,
    /// Absolute URL of the site's card (empty without one).
    pub site: String,
    /// The card files (output path, card): the pages' in page order, then
    /// the site's.
    cards: Vec<Arc<(String, cards::Made)>>,
    /// By page id: its card, an index into `cards`.
    card_of: Vec<Option<usize>>,
    /// What every page's image was made from beside the page itself
    /// (`basis`): images are carried over to the next build only when it
    /// is the same.
    basis: u64,
}

impl Social {
    /// The output paths of the cards.
    pub(crate) fn card_paths(&self) -> impl Iterator<Item = &str> {
        self.cards.iter().map(|card| card.0.as_str())
    }

    /// The card files, as files copied from the cache.
    pub(crate) fn assets(&self) -> impl Iterator<Item = Asset> + '_ {
        self.cards.iter().map(|card| cards::asset(&card.0, &card.1))
    }

    /// The card files as `serve` answers them: output path, cache file.
    pub(crate) fn served(&self) -> impl Iterator<Item = (String, AssetFrom)> + '_ {
        self.cards
            .iter()
            .map(|card| cards::served(&card.0, &card.1))
    }
}

/// The site before (`serve`, after a page was added or deleted), its
/// social images, and which page each page was: a page whose document is
/// the very one it was keeps its image and card.
pub(crate) struct Before<'a> {
    pub site: &'a Site,
    pub social: Social,
    pub ids: &'a Renumbering,
}

/// Every page's social image and the cards they need (`card`: the
/// theme's card and the hub root its cache is under). In another language
/// (`original`: the default language's site and social images), a page
/// shown untranslated is the original page (its canonical address is the
/// original's) and shares the original's image: no card of its own.
pub(crate) fn social(
    config: &Config,
    card: Option<&CardArt>,
    site: &Site,
    routes: &Routes,
    (original, before): (Option<(&Site, &Social)>, Option<Before<'_>>),
    diags: &mut Vec<Diagnostic>,
) -> Social {
    let n = site.pages.len();
    let mut social = Social {
        pages: vec![Arc::from(""); n],
        card_of: vec![None; n],
        basis: basis(config, card, routes),
        ..Social::default()
    };
    // An image's URL is root-relative and keeps the hub's own base path
    // in every language (images are published once): prefixed with the
    // origin of the base URL.
    let origin = routes
        .base_url()
        .strip_suffix(routes.base_path())
        .unwrap_or(routes.base_url().trim_end_matches('/'));
    let absolute = |url: &str| Arc::from(format!("{origin}{url}"));
    let before = before.filter(|b| b.social.basis == social.basis && original.is_none());
    let mut need = Vec::new();
    let mut carried: Vec<Option<Arc<(String, cards::Made)>>> = vec![None; n];
    let shared = original.map(SharedImages::new);
    for (id, page) in site.pages.iter().enumerate() {
        if let Some(url) = shared.as_ref().and_then(|s| s.of(page)) {
            social.pages[id] = url;
            continue;
        }
        if let Some((url, card)) = before.as_ref().and_then(|b| b.kept(id, page)) {
            social.pages[id] = url;
            carried[id] = card;
            continue;
        }
        match &page.doc().body.first_image {
            Some(shown) => social.pages[id] = absolute(&shown.url),
            None => need.push(id),
        }
    }
    let Some(card) = card else {
        return social;
    };
    let kept = carried.iter().flatten().count();
    let mut made = make_cards(config, card, site, &need, kept, diags);
    let site_made = made.pop().flatten();
    for (&id, made) in need.iter().zip(made) {
        let Some(made) = made else { continue };
        let route = Route::Card {
            folder: &site.pages[id].route().site_path(),
            hash: &made.hash,
        };
        social.pages[id] = Arc::from(routes.absolute(&route));
        carried[id] = Some(Arc::new((route.site_path(), made)));
    }
    for (id, card) in carried.into_iter().enumerate() {
        if let Some(card) = card {
            social.card_of[id] = Some(social.cards.len());
            social.cards.push(card);
        }
    }
    if let Some(made) = site_made {
        let route = Route::Card {
            folder: "",
            hash: &made.hash,
        };
        social.site = routes.absolute(&route);
        social.cards.push(Arc::new((route.site_path(), made)));
    }
    social
}

/// The cards of the pages `need` and of the site (last), from the memo,
/// the cache or made now; `kept`: how many other cards the build carries.
fn make_cards(
    config: &Config,
    card: &CardArt,
    site: &Site,
    need: &[PageId],
    kept: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<cards::Made>> {
    let label = |name: &str| config.collection(name).map_or("", |c| c.singular.as_str());
    let mut texts: Vec<CardText<'_>> = need
        .iter()
        .map(|&id| CardText {
            title: &site.pages[id].doc().title,
            collection: label(&site.pages[id].collection),
            site: &config.title,
        })
        .collect();
    let tagline = short(&config.description, 64);
    texts.push(CardText {
        title: &config.title,
        collection: "",
        site: &tagline,
    });
    card.make(&texts, kept, diags)
}

/// What a page's image depends on beside the page: the hub's title,
/// description and collections' names, the base URL, and the card.
fn basis(config: &Config, card: Option<&CardArt>, routes: &Routes) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = super::hasher();
    (&config.title, &config.description, routes.base_url()).hash(&mut h);
    for c in &config.collections {
        (&c.name, &c.singular).hash(&mut h);
    }
    card.map(|c| c.identity_hash(&mut h)).hash(&mut h);
    h.finish()
}

impl Before<'_> {
    /// Page `id`'s image and card as they were, when its document is the
    /// very one it was.
    #[allow(clippy::type_complexity)]
    fn kept(
        &self,
        id: PageId,
        page: &Page,
    ) -> Option<(Arc<str>, Option<Arc<(String, cards::Made)>>)> {
        let o = self.ids.old_id.get(id).copied().flatten()?;
        let was = self.site.pages.get(o)?;
        if !Arc::ptr_eq(was.doc(), page.doc()) {
            return None;
        }
        let url = self.social.pages.get(o)?.clone();
        let card = (self.social.card_of.get(o).copied().flatten())
            .and_then(|c| self.social.cards.get(c).cloned());
        Some((url, card))
    }
}

/// The default language's social images, by the doc each page shows.
struct SharedImages<'a> {
    by_doc: HashMap<*const Doc, &'a Arc<str>>,
}

impl<'a> SharedImages<'a> {
    fn new((site, social): (&'a Site, &'a Social)) -> SharedImages<'a> {
        let by_doc = (site.pages.iter().zip(&social.pages))
            .filter(|(_, url)| !url.is_empty())
            .map(|(page, url)| (Arc::as_ptr(page.doc()), url))
            .collect();
        SharedImages { by_doc }
    }

    /// The original's image of `page`, when `page` is shown untranslated
    /// (it shows the original's very doc).
    fn of(&self, page: &Page) -> Option<Arc<str>> {
        self.by_doc
            .get(&Arc::as_ptr(page.doc()))
            .map(|url| Arc::clone(url))
    }
}

/// `text` cut to at most `max` characters at a word, with `…`.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}
