//! SOCIAL CARDS: the 1200×630 PNG a page shows when shared on social media
//! or in a chat, for a page with no image of its own and for the site:
//! the theme's `card/card.svg` with the title, collection and site name
//! filled in, rendered by resvg with the theme's own fonts (never the
//! system's), cached on disk like images (`.clusterhub-cache/cards/`,
//! keyed on the filled SVG and the fonts) and made in parallel.

use crate::diag::Diagnostic;
use crate::output::{Asset, AssetFrom};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;
/// Characters per title line, and lines at most.
const LINE: usize = 28;
const LINES: usize = 4;

/// The theme's card: its SVG template and fonts.
#[derive(Clone, PartialEq)]
pub(crate) struct CardTheme {
    /// Hub-relative path of the template, for diagnostics.
    pub path: String,
    svg: String,
    fonts: Vec<Vec<u8>>,
    /// Hash of the fonts (part of every card's key).
    fonts_hash: String,
}

impl std::fmt::Debug for CardTheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardTheme({}, {} fonts)", self.path, self.fonts.len())
    }
}

impl CardTheme {
    pub(crate) fn new(path: String, svg: String, fonts: Vec<Vec<u8>>) -> Self {
        let mut hasher = blake3::Hasher::new();
        for f in &fonts {
            hasher.update(blake3::hash(f).as_bytes());
        }
        CardTheme {
            path,
            svg,
            fonts,
            fonts_hash: hasher.finalize().to_hex().to_string(),
        }
    }
}

/// The theme's card as a session keeps it: the template, the hub root its
/// cache is under, and the cards made from it lately by what they say, so
/// that preparing the site again (`serve`, after a page is added) does not
/// fill, hash and look up in the cache every page's card again (at 10,000
/// pages, 34 ms of CPU). A new template comes with an empty memo.
pub(crate) struct CardArt {
    pub theme: CardTheme,
    pub root: PathBuf,
    made: Mutex<Memo>,
}

/// Cards made, with the call (`make`) that last asked for each.
#[derive(Default)]
struct Memo {
    calls: u64,
    cards: HashMap<String, (Made, u64)>,
}

/// A card no call asked for in this many calls leaves the memo once it
/// has grown (every language of a hub asks once per preparation).
const MEMO_CALLS_KEPT: u64 = 16;

impl Memo {
    /// The cards of `keys` made before, each marked as asked for now.
    fn take_known(&mut self, keys: &[String]) -> Vec<Option<Made>> {
        self.calls += 1;
        let now = self.calls;
        (keys.iter())
            .map(|k| {
                let (made, asked) = self.cards.get_mut(k)?;
                *asked = now;
                Some(made.clone())
            })
            .collect()
    }

    /// Adds a card made now.
    fn add(&mut self, key: String, made: Made) {
        self.cards.insert(key, (made, self.calls));
    }

    /// Once the memo holds over twice the cards asked for now (and over
    /// 1,024), those not asked for lately go: a long `serve` whose titles
    /// change must not grow without end. Once per call, after its cards
    /// are added.
    fn trim(&mut self, asked_now: usize) {
        if self.cards.len() > 2 * asked_now.max(512) {
            let since = self.calls.saturating_sub(MEMO_CALLS_KEPT);
            self.cards.retain(|_, (_, asked)| *asked > since);
        }
    }
}

impl CardArt {
    pub(crate) fn new(theme: CardTheme, root: PathBuf) -> CardArt {
        CardArt {
            theme,
            root,
            made: Mutex::new(Memo::default()),
        }
    }

    /// Hashes what makes a card look as it does: the template, the fonts,
    /// and where its cache is.
    pub(crate) fn identity_hash(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        (&self.theme.svg, &self.theme.fonts_hash, &self.root).hash(h);
    }

    /// Makes every card (see `make`), those made before from the memo.
    /// `kept`: how many other cards the build carries over without
    /// asking (the memo keeps room for them).
    pub(crate) fn make(
        &self,
        texts: &[CardText<'_>],
        kept: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Option<Made>> {
        let keys: Vec<String> = (texts.iter())
            .map(|t| [t.title, t.collection, t.site].join("\0"))
            .collect();
        let mut memo = self.made.lock().unwrap_or_else(|p| p.into_inner());
        let mut known = memo.take_known(&keys);
        drop(memo);
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| known[i].is_none()).collect();
        if missing.is_empty() {
            return known;
        }
        let todo: Vec<CardText<'_>> = missing.iter().map(|&i| texts[i].clone()).collect();
        let made = make(&self.theme, &self.root, &todo, diags);
        let mut memo = self.made.lock().unwrap_or_else(|p| p.into_inner());
        for (i, made) in missing.into_iter().zip(made) {
            if let Some(made) = &made {
                memo.add(keys[i].clone(), made.clone());
            }
            known[i] = made;
        }
        memo.trim(texts.len() + kept);
        known
    }
}

/// What a card says.
#[derive(Clone)]
pub(crate) struct CardText<'a> {
    pub title: &'a str,
    pub collection: &'a str,
    pub site: &'a str,
}

/// A card made: the short hash its file is named by, and its PNG in the
/// cache, which the site publishes as a copied file (`asset`): a build
/// copies it, `serve` answers it from the cache, and neither holds it in
/// memory.
#[derive(Clone)]
pub(crate) struct Made {
    pub hash: String,
    file: PathBuf,
}

/// Makes every card (from the cache when it is there), in order; `None`
/// for a card that could not be made (reported once, at the template).
pub(crate) fn make(
    theme: &CardTheme,
    cache_root: &Path,
    texts: &[CardText<'_>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<Made>> {
    let dir = cache_root.join(crate::layout::CACHE_DIR).join("cards");
    let mut options = resvg::usvg::Options {
        font_family: "Inter".into(),
        ..Default::default()
    };
    for f in &theme.fonts {
        options.fontdb_mut().load_font_data(f.clone());
    }
    // One pixmap per rayon job, drawn over card after card: a fresh 3 MB
    // pixmap per card was a sixth of the work (pages zeroed by the kernel).
    // It is made on the job's first card to draw: a warm build draws none.
    let made: Vec<Result<Made, String>> = texts
        .par_iter()
        .map_init(|| None, |pixmap, t| one(theme, &options, &dir, t, pixmap))
        .collect();
    let mut reported = false;
    made.into_iter()
        .map(|r| match r {
            Ok(m) => Some(m),
            Err(e) => {
                if !std::mem::replace(&mut reported, true) {
                    diags.push(Diagnostic::error("bad-card", &theme.path, format!("the social card cannot be made: {e}"))
                        .hint("check that card.svg is well-formed SVG of 1200×630 and that its fonts are beside it"));
                }
                None
            }
        })
        .collect()
}

/// One card, from the cache or rendered now.
fn one(
    theme: &CardTheme,
    options: &resvg::usvg::Options<'_>,
    dir: &Path,
    text: &CardText<'_>,
    pixmap: &mut Option<resvg::tiny_skia::Pixmap>,
) -> Result<Made, String> {
    let svg = fill(&theme.svg, text);
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"clusterhub card v2\0");
    hasher.update(theme.fonts_hash.as_bytes());
    hasher.update(svg.as_bytes());
    let key = hasher.finalize().to_hex()[..32].to_string();
    let file: PathBuf = dir.join(format!("{key}.png"));
    let hash = key[..10].to_string();
    if let Ok(meta) = std::fs::metadata(&file)
        && meta.is_file()
    {
        // Used now: `build` prunes what no run used for a while.
        crate::cache::touch_unless_recent(&file, &meta);
        return Ok(Made { hash, file });
    }
    if pixmap.is_none() {
        *pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT);
    }
    let png = render(&svg, options, pixmap.as_mut().ok_or("no pixmap")?)?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let written = tempfile::NamedTempFile::new_in(dir).and_then(|mut tmp| {
        std::io::Write::write_all(&mut tmp, &png)?;
        tmp.persist(&file).map_err(|e| e.error)
    });
    written.map_err(|e| format!("cannot write the card cache {}: {e}", dir.display()))?;
    Ok(Made { hash, file })
}

/// The SVG rendered to a 1200×630 PNG, drawn on `pixmap`.
fn render(
    svg: &str,
    options: &resvg::usvg::Options<'_>,
    pixmap: &mut resvg::tiny_skia::Pixmap,
) -> Result<Vec<u8>, String> {
    let tree = resvg::usvg::Tree::from_str(svg, options).map_err(|e| e.to_string())?;
    pixmap.fill(resvg::tiny_skia::Color::TRANSPARENT);
    let size = tree.size();
    let scale = (WIDTH as f32 / size.width()).min(HEIGHT as f32 / size.height());
    let transform = resvg::tiny_skia::Transform::from_scale(scale, scale);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode_png(pixmap)
}

/// The pixmap as a PNG: RGB when every pixel is opaque (a card's
/// background usually covers it), else RGBA. Zlib level 4 with the Sub
/// filter: measured on the shipped card, 1.6 ms and 39 KB per card, where
/// tiny-skia's own encoder (default level, adaptive filter, always RGBA)
/// took 6.8 ms for 40 KB.
fn encode_png(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let pixels = pixmap.pixels();
    let (bytes, colour): (Vec<u8>, _) = if pixels.iter().all(|p| p.alpha() == 255) {
        (opaque_rgb(pixmap.data())?, image::ExtendedColorType::Rgb8)
    } else {
        let rgba = pixels.iter().flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        });
        (rgba.collect(), image::ExtendedColorType::Rgba8)
    };
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Level(4), FilterType::Sub)
        .write_image(&bytes, WIDTH, HEIGHT, colour)
        .map_err(|e| e.to_string())?;
    Ok(png)
}

/// The red, green and blue bytes of opaque premultiplied RGBA pixels
/// (where alpha is 255, premultiplied is straight colour), by `image`'s
/// own conversion: compiled there, optimised, where a `flat_map` over
/// each pixel in this crate took a third of a debug build's cold cards.
fn opaque_rgb(rgba: &[u8]) -> Result<Vec<u8>, String> {
    let image = image::RgbaImage::from_raw(WIDTH, HEIGHT, rgba.to_vec())
        .ok_or("the card's pixels are not 1200×630")?;
    Ok(image::DynamicImage::ImageRgba8(image)
        .into_rgb8()
        .into_raw())
}

/// The template with `{title}` (as `<tspan>` lines), `{collection}` and
/// `{site}` filled in, escaped for XML. Comments are kept as they are: a
/// title may hold `--`, which a comment may not, so a theme's comment that
/// names the placeholders is not filled in.
pub(crate) fn fill(template: &str, text: &CardText<'_>) -> String {
    let lines: Vec<String> = wrap(text.title)
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let dy = if i == 0 { "0" } else { "1.15em" };
            format!("<tspan x=\"80\" dy=\"{dy}\">{}</tspan>", escape(l))
        })
        .collect();
    let (title, collection, site) = (lines.concat(), escape(text.collection), escape(text.site));
    let fill_in = |part: &str| {
        part.replace("{title}", &title)
            .replace("{collection}", &collection)
            .replace("{site}", &site)
    };
    let mut svg = String::with_capacity(template.len() + title.len());
    let mut rest = template;
    while let Some(start) = rest.find("<!--") {
        svg.push_str(&fill_in(&rest[..start]));
        let end = rest[start..]
            .find("-->")
            .map_or(rest.len(), |e| start + e + 3);
        svg.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    svg.push_str(&fill_in(rest));
    svg
}

fn escape(s: &str) -> String {
    crate::text::escape_xml(s)
}

/// A title in lines of at most `LINE` characters (words kept whole), at
/// most `LINES` lines, the last ending with `…` when cut.
fn wrap(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in title.split_whitespace() {
        let len = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && len > LINE {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > LINES {
        lines.truncate(LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// A card published at `to`: copied from its cache file, never held in
/// memory (a build of 10,000 pages has some 300 MB of cards).
pub(crate) fn asset(to: &str, made: &Made) -> Asset {
    let name = made.file.file_name().unwrap_or_default().to_string_lossy();
    Asset {
        from: AssetFrom::Cache(made.file.clone()),
        to: to.to_string(),
        path: format!("{}/cards/{name}", crate::layout::CACHE_DIR),
    }
}

/// A card as `serve` answers it: its output path and its cache file.
pub(crate) fn served(to: &str, made: &Made) -> (String, crate::output::AssetFrom) {
    (
        to.to_string(),
        crate::output::AssetFrom::Cache(made.file.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_on_words_and_are_escaped() {
        assert_eq!(
            wrap("Energy communities in the Linen Quarter of Belfast"),
            ["Energy communities in the", "Linen Quarter of Belfast"]
        );
        let text = CardText {
            title: "A & B",
            collection: "Case <studies>",
            site: "Hub",
        };
        let svg = fill("<text>{title}</text>{collection}{site}", &text);
        assert!(svg.contains(">A &amp; B</tspan>") && svg.contains("Case &lt;studies&gt;Hub"));
    }

    /// A title may hold `--`, which an XML comment may not: a comment of
    /// the theme's that names the placeholders stays as it is.
    #[test]
    fn placeholders_in_comments_are_left_as_they_are() {
        let text = CardText {
            title: "Needs --> analysis",
            collection: "Case -- studies",
            site: "Hub",
        };
        let template = "<svg><!-- fills {title}, {collection} --><text>{title}</text>\
                        <!-- and {site} --><text>{collection} {site}</text><!-- open {title}";
        let svg = fill(template, &text);
        assert_eq!(
            svg,
            "<svg><!-- fills {title}, {collection} --><text><tspan x=\"80\" dy=\"0\">Needs --&gt; analysis</tspan></text>\
             <!-- and {site} --><text>Case -- studies Hub</text><!-- open {title}"
        );
    }

    /// The shipped theme's card is made for a title with `--` in it.
    #[test]
    fn the_shipped_card_is_made_for_a_title_with_two_hyphens() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("themes/cluster/card");
        let svg = std::fs::read_to_string(dir.join("card.svg")).unwrap();
        let text = CardText {
            title: "Istanbul: nee-->ds analysis -- on buildings",
            collection: "Case -- studies",
            site: "Hub --",
        };
        let filled = fill(&svg, &text);
        let tree = resvg::usvg::Tree::from_str(&filled, &resvg::usvg::Options::default());
        assert!(tree.is_ok(), "{:?}", tree.err());
    }

    /// The memo answers for a card with the same words only: a card that
    /// differs in any of them is made (here: found in the cache) anew.
    #[test]
    fn the_memo_gives_a_card_made_before_only_for_the_same_words() {
        let root = tempfile::tempdir().unwrap();
        let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='1200' height='630'>\
                   <text>{title}</text><text>{collection}</text><text>{site}</text></svg>";
        let art = CardArt::new(
            CardTheme::new("card.svg".into(), svg.into(), Vec::new()),
            root.path().into(),
        );
        let text = |title, collection, site| CardText {
            title,
            collection,
            site,
        };
        let texts = [
            text("A", "Case study", "Hub"),
            text("A", "Method", "Hub"),
            text("A", "Case study", "Other hub"),
            text("B", "Case study", "Hub"),
        ];
        let mut diags = Vec::new();
        let hashes = |made: Vec<Option<Made>>| -> Vec<String> {
            made.into_iter().map(|m| m.unwrap().hash).collect()
        };
        let first = hashes(art.make(&texts, 0, &mut diags));
        assert!(diags.is_empty(), "{diags:?}");
        let mut distinct = first.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "every card differs: {first:?}");
        let reversed: Vec<CardText<'_>> = texts.iter().rev().cloned().collect();
        let again = hashes(art.make(&reversed, 0, &mut diags));
        assert_eq!(again, first.into_iter().rev().collect::<Vec<_>>());
        let fresh = CardArt::new(art.theme.clone(), root.path().into());
        assert_eq!(
            hashes(fresh.make(&reversed[..1], 0, &mut diags)),
            again[..1]
        );
    }

    /// A long `serve` whose titles keep changing: the memo keeps the cards
    /// asked for lately, not every card ever made.
    #[test]
    fn the_memo_forgets_cards_no_longer_asked_for() {
        let mut memo = Memo::default();
        let key = |n: usize| format!("Title {n}\0Case study\0Hub");
        let made = |n: usize| Made {
            hash: format!("{n:08x}"),
            file: PathBuf::from(format!("{n}.png")),
        };
        // Each preparation asks for ten pages' cards, one of them renamed
        // since the last one.
        for edit in 0..4000 {
            let keys: Vec<String> = (edit..edit + 10).map(key).collect();
            let known = memo.take_known(&keys);
            assert!(known[..9].iter().all(Option::is_some) || edit == 0);
            for (i, k) in keys.iter().enumerate().filter(|(i, _)| known[*i].is_none()) {
                memo.add(k.clone(), made(edit + i));
            }
            memo.trim(keys.len());
        }
        assert!(
            memo.cards.len() <= 2 * 512,
            "{} cards kept",
            memo.cards.len()
        );
        let known = memo.take_known(&(3990..4000).map(key).collect::<Vec<_>>());
        assert!(
            known.iter().all(Option::is_some),
            "the cards asked for last stay"
        );
        assert_eq!(known[0].as_ref().map(|m| m.hash.as_str()), Some("00000f96"));
    }
}
