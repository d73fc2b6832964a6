//! IMAGES: the images of `content/` (contributors' uploads) and of the
//! site's `static/` folder made into responsive variants (`process`),
//! cached on disk (`cache`), published under content-hashed names beside
//! the original, and written into page HTML as `<picture>` (`markup`).
//! The session's image step (`Session::images`, after load and after each
//! new listing of `content/` or `static/` in `serve`): the variants (and a
//! content image's metadata-free original) join the assets `build` copies
//! and `serve` serves, and `Config::images` tells `parse` what each image
//! URL became. In `serve`, a new image's variants are made off the edit
//! path (`background`): its pages name them from its header at once.

mod background;
mod cache;
mod markup;
mod process;

pub(crate) use background::wait_for;
pub(crate) use markup::{raw_img_without_alt, rewrite};

use crate::diag::Diagnostic;
use crate::layout;
use crate::output::{Asset, AssetFrom};
use crate::routes::Route;
use process::Kind;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// What the processing parameters are; part of every cache key, so a
/// change of widths or qualities makes every image again.
fn params() -> String {
    format!(
        "clusterhub images v1 widths {:?} webp {} jpeg {}",
        process::WIDTHS,
        process::WEBP_QUALITY,
        process::JPEG_QUALITY
    )
}

/// One published file of an image.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    /// Root-relative URL (with the base path).
    pub url: String,
}

/// An image as pages show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Picture {
    /// WebP variants, narrowest first (none for a GIF or a WebP source).
    pub webp: Vec<Variant>,
    /// Variants in the source's own format, narrowest first.
    pub fallback: Vec<Variant>,
    /// MIME type of the fallback.
    pub mime: &'static str,
}

impl Picture {
    /// The widest fallback: its size is the `width`/`height` a page gives.
    pub(crate) fn largest(&self) -> Option<&Variant> {
        self.fallback.last()
    }

    /// The page's first image, for its social card and thumbnails.
    pub(crate) fn shown(&self) -> Option<Shown> {
        let thumb = self.webp.first().or(self.fallback.first())?;
        Some(Shown {
            url: self.largest()?.url.clone(),
            thumb: thumb.clone(),
        })
    }
}

/// A page's first image: the widest fallback's URL (for `og:image`) and
/// the narrowest variant (for a thumbnail).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    pub url: String,
    pub thumb: Variant,
}

/// Every processed image by the URLs a page may use for it.
#[derive(Debug, Default)]
pub(crate) struct Images {
    by_url: HashMap<String, Arc<Picture>>,
    /// What each source file (canonical path) was when it was last
    /// processed or found in the cache: a later run whose file has the
    /// same size and modification time takes its variants from the cache
    /// without reading it (`serve` runs this step on every listing of
    /// `content/` and `static/`).
    seen: HashMap<std::path::PathBuf, Seen>,
    /// Images decoded by this run, and taken from the cache.
    pub processed: usize,
    pub cached: usize,
    /// Images whose variants this run left to `background` (cache folder,
    /// path of the source for its diagnostic), named in pages already.
    deferred: Vec<(std::path::PathBuf, String)>,
}

/// A source file as last seen, and its variants in the cache.
#[derive(Debug, Clone)]
struct Seen {
    len: u64,
    modified: std::time::SystemTime,
    key: String,
    files: Vec<cache::Cached>,
}

impl Images {
    /// How many images this run left to `background`.
    pub(crate) fn deferred(&self) -> usize {
        self.deferred.len()
    }

    /// Waits until no image named in pages is being processed.
    pub(crate) fn wait(&self) {
        for (folder, _) in &self.deferred {
            wait_for(&folder.join("variant"));
        }
    }

    /// The images this run left to `background` that turned out not to
    /// process: errors at their files, as if found on the edit path.
    pub(crate) fn late_diags(&self) -> Vec<Diagnostic> {
        (self.deferred.iter())
            .filter_map(|(folder, path)| match background::known(folder) {
                background::Known::Failed(e) => Some(bad_image(path, &e)),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn get(&self, url: &str) -> Option<&Picture> {
        self.by_url.get(url).map(|p| &**p)
    }

    /// The URLs of the images whose variants differ from `before`'s, or
    /// that one of the two lacks: the pages that show one must be parsed
    /// again.
    pub(crate) fn changed_urls(&self, before: &Images) -> HashSet<String> {
        let differs = |a: &Images, b: &Images| -> Vec<String> {
            a.by_url
                .iter()
                .filter(|(url, p)| b.by_url.get(*url) != Some(*p))
                .map(|(url, _)| url.clone())
                .collect()
        };
        let mut urls: HashSet<String> = differs(self, before).into_iter().collect();
        urls.extend(differs(before, self));
        urls
    }
}

/// Where an image comes from: contributors' files of `content/` (their
/// original's address then serves its widest variant, so no camera
/// metadata is published) or the site's `static/` folder (maintainers'
/// files: the original stays as it is, the variants are added).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Content,
    Static,
}

impl Origin {
    fn of(asset: &Asset) -> Option<Origin> {
        if !matches!(asset.from, AssetFrom::File(_)) {
            return None;
        }
        if layout::in_content(&asset.path).is_some() {
            Some(Origin::Content)
        } else if asset.path.starts_with(&format!("{}/", layout::STATIC_DIR)) {
            Some(Origin::Static)
        } else {
            None
        }
    }
}

/// Processes (or takes from the cache) every image of `content/` and of
/// the site's `static/` folder among each list of `assets`, in parallel
/// (the theme's static files are published as they are). `before`: the
/// previous run's images, whose unchanged files are not read again. A
/// content image's asset is replaced by its widest variant (no metadata);
/// the variants are added to its list. An image that does not decode is
/// an error at its file. `defer` (`serve`): an image not in the cache is
/// only read and hashed, its variants named from its header and made by
/// `background`.
pub(crate) fn prepare(
    root: &Path,
    base_path: &str,
    lists: &mut [&mut Vec<Asset>],
    before: Option<&Images>,
    defer: bool,
    diags: &mut Vec<Diagnostic>,
) -> Images {
    let dir = cache::images_dir(root);
    let params = params();
    let mut images = Images::default();
    for assets in lists.iter_mut() {
        let todo: Vec<(usize, Kind, Origin)> = assets
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((i, Kind::of_path(&a.to)?, Origin::of(a)?)))
            .collect();
        let done: Vec<(usize, Origin, Result<Done, String>)> = todo
            .par_iter()
            .map(|&(i, kind, origin)| {
                let done = one(&assets[i], kind, &dir, &params, before, defer);
                (i, origin, done)
            })
            .collect();
        for (i, origin, result) in done {
            match result {
                Ok(done) => {
                    if done.pending {
                        let folder = dir.join(&done.seen.key);
                        images.deferred.push((folder, assets[i].path.clone()));
                        if let Some(job) = done.job {
                            background::start(job);
                        }
                    } else if done.fresh {
                        images.processed += 1;
                    } else {
                        images.cached += 1;
                    }
                    if let AssetFrom::File(source) = &assets[i].from {
                        images.seen.insert(source.clone(), done.seen.clone());
                    }
                    publish(&mut images, assets, i, origin, &done.seen, base_path);
                }
                Err(e) => diags.push(bad_image(&assets[i].path, &e)),
            }
        }
    }
    images
}

/// The error of an image that does not process, at its file.
fn bad_image(path: &str, e: &str) -> Diagnostic {
    Diagnostic::error(
        "bad-image",
        path,
        format!("this image cannot be processed: {e}"),
    )
    .hint("open it in an image editor and export it again as JPEG, PNG, GIF or WebP")
}

/// An image's cached variants and key, whether it was decoded now, and
/// the job making its variants when they are left to `background`.
struct Done {
    seen: Seen,
    fresh: bool,
    /// Its variants are being made; `job`: by this run, now to start.
    pending: bool,
    job: Option<background::Job>,
}

impl Done {
    /// An image whose variants are already in the cache.
    fn cached(seen: Seen) -> Done {
        Done {
            seen,
            fresh: false,
            pending: false,
            job: None,
        }
    }
}

/// One image: as the previous run saw it (same size and time, its cache
/// folder still there: nothing read), from the cache (read and hashed,
/// not decoded), or processed now (or, `defer`, named from its header
/// and left to a background job).
fn one(
    asset: &Asset,
    kind: Kind,
    dir: &Path,
    params: &str,
    before: Option<&Images>,
    defer: bool,
) -> Result<Done, String> {
    let AssetFrom::File(from) = &asset.from else {
        return Err("not a file".into());
    };
    let (len, modified) = crate::source::stamp(from).map_err(|e| e.to_string())?;
    if let Some(seen) = before.and_then(|b| b.seen.get(from))
        && seen.len == len
        && seen.modified == modified
        && seen.files.iter().all(|f| f.file.is_file())
    {
        return Ok(Done::cached(seen.clone()));
    }
    let bytes = crate::source::read_listed(from).map_err(|e| e.to_string())?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(params.as_bytes());
    hasher.update(&bytes);
    let key = hasher.finalize().to_hex()[..32].to_string();
    let seen = |files, key| Seen {
        len,
        modified,
        key,
        files,
    };
    if let Some(files) = cache::load(dir, &key) {
        return Ok(Done::cached(seen(files, key)));
    }
    if defer {
        let running = match background::known(&dir.join(&key)) {
            background::Known::Failed(e) => return Err(e),
            background::Known::Running => true,
            background::Known::None => false,
        };
        let planned = cache::planned(dir, &key, &process::plan(&bytes, kind)?);
        let job = (!running).then(|| background::Job {
            dir: dir.to_path_buf(),
            key: key.clone(),
            bytes,
            kind,
            planned: planned.clone(),
        });
        let seen = seen(planned, key);
        return Ok(Done {
            seen,
            fresh: false,
            pending: true,
            job,
        });
    }
    let encoded = process::process(&bytes, kind)?;
    let files = cache::store(dir, &key, &encoded)
        .map_err(|e| format!("cannot write the image cache {}: {e}", dir.display()))?;
    let seen = seen(files, key);
    let job = None;
    Ok(Done {
        seen,
        fresh: true,
        pending: false,
        job,
    })
}

/// Adds an image's variants to the assets and the index, and publishes its
/// widest fallback at the original's path.
fn publish(
    images: &mut Images,
    assets: &mut Vec<Asset>,
    i: usize,
    origin: Origin,
    seen: &Seen,
    base_path: &str,
) {
    let (files, key) = (&seen.files, &seen.key);
    let original = assets[i].clone();
    let (Some(kind), AssetFrom::File(source)) = (Kind::of_path(&original.to), &original.from)
    else {
        return;
    };
    // Served only while the source is still the file that was listed.
    let made = |file: &std::path::PathBuf| AssetFrom::Made {
        file: file.clone(),
        source: source.clone(),
    };
    let mut picture = Picture {
        webp: Vec::new(),
        fallback: Vec::new(),
        mime: match kind {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
        },
    };
    for f in files {
        let route = Route::ImageVariant {
            file: &original.to,
            hash: &key[..10],
            width: f.width,
            ext: &f.ext,
        };
        let variant = Variant {
            width: f.width,
            height: f.height,
            url: route.url_under(base_path),
        };
        if f.ext == kind.ext() {
            picture.fallback.push(variant);
        } else {
            picture.webp.push(variant);
        }
        assets.push(Asset {
            from: made(&f.file),
            to: route.site_path(),
            path: original.path.clone(),
        });
    }
    if origin == Origin::Content
        && let Some(widest) = files.iter().rev().find(|f| f.ext == kind.ext())
    {
        assets[i].from = made(&widest.file);
    }
    // A content file's or a static file's URL: both are its output path.
    // Markdown keeps a root-relative link as written, so a static image is
    // also found by its path from the site's root (`/plans/site.png`).
    let picture = Arc::new(picture);
    let url = Route::ContentFile(&original.to).url_under(base_path);
    let from_root = format!("/{}", original.to);
    if origin == Origin::Static && from_root != url {
        images.by_url.insert(from_root, picture.clone());
    }
    images.by_url.insert(url, picture);
}
