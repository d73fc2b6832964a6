//! Each page's social image (`og:image`, `twitter:image`): its first
//! image, else a card made from the theme's `card/card.svg` (`cards`); the
//! site's own card for every other page. Absolute URLs, made once per build.

use crate::cards::{self, CardArt, CardText};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::Asset;
use crate::parse::Doc;
use crate::resolve::{Page, Site};
use crate::routes::{Route, Routes};
use std::collections::HashMap;
use std::sync::Arc;

/// The social images of a build.
#[derive(Default)]
pub(crate) struct Social {
    /// Absolute URL of each page's image, by id (empty without a card).
    pub pages: Vec<String>,
    /// Absolute URL of the site's card (empty without one).
    pub site: String,
    /// The card files: output path, card.
    cards: Vec<(String, cards::Made)>,
}

impl Social {
    /// The output paths of the cards.
    pub(crate) fn card_paths(&self) -> impl Iterator<Item = &str> {
        self.cards.iter().map(|(path, _)| path.as_str())
    }

    /// The card files, as files copied from the cache.
    pub(crate) fn assets(&self) -> impl Iterator<Item = Asset> + '_ {
        self.cards
            .iter()
            .map(|(path, made)| cards::asset(path, made))
    }
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
    original: Option<(&Site, &Social)>,
    diags: &mut Vec<Diagnostic>,
) -> Social {
    let mut social = Social {
        pages: vec![String::new(); site.pages.len()],
        ..Social::default()
    };
    // An image's URL is root-relative and keeps the hub's own base path
    // in every language (images are published once): prefixed with the
    // origin of the base URL.
    let origin = routes
        .base_url()
        .strip_suffix(routes.base_path())
        .unwrap_or(routes.base_url().trim_end_matches('/'));
    let absolute = |url: &str| format!("{origin}{url}");
    let mut need = Vec::new();
    let shared = original.map(SharedImages::new);
    for (id, page) in site.pages.iter().enumerate() {
        if let Some(url) = shared.as_ref().and_then(|s| s.of(page)) {
            social.pages[id] = url;
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
    let made = card.make(&texts, diags);
    for (i, made) in made.into_iter().enumerate() {
        let Some(made) = made else { continue };
        let folder = match need.get(i) {
            Some(&id) => site.pages[id].route().site_path(),
            None => String::new(),
        };
        let route = Route::Card {
            folder: &folder,
            hash: &made.hash,
        };
        let path = route.site_path();
        match need.get(i) {
            Some(&id) => social.pages[id] = routes.absolute(&route),
            None => social.site = routes.absolute(&route),
        }
        social.cards.push((path, made));
    }
    social
}

/// The default language's social images, by the doc each page shows.
struct SharedImages<'a> {
    by_doc: HashMap<*const Doc, &'a str>,
}

impl<'a> SharedImages<'a> {
    fn new((site, social): (&'a Site, &'a Social)) -> SharedImages<'a> {
        let by_doc = (site.pages.iter().zip(&social.pages))
            .filter(|(_, url)| !url.is_empty())
            .map(|(page, url)| (Arc::as_ptr(page.doc()), url.as_str()))
            .collect();
        SharedImages { by_doc }
    }

    /// The original's image of `page`, when `page` is shown untranslated
    /// (it shows the original's very doc).
    fn of(&self, page: &Page) -> Option<String> {
        self.by_doc
            .get(&Arc::as_ptr(page.doc()))
            .map(|url| url.to_string())
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
