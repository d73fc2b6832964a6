//! IMAGES: the images of `content/` (contributors' uploads) made into
//! responsive variants (`process`), cached on disk (`cache`), published
//! under content-hashed names beside the original, and written into page
//! HTML as `<picture>` (`markup`). Runs after load: the variants and the
//! metadata-free original join the assets `build` copies and `serve`
//! serves, and `Config::images` tells `parse` what each image URL became.

mod cache;
mod markup;
mod process;

pub(crate) use cache::CACHE_DIR;
pub(crate) use markup::{raw_img_without_alt, rewrite};

use crate::diag::Diagnostic;
use crate::layout;
use crate::output::{Asset, AssetFrom};
use crate::routes::Route;
use process::Kind;
use rayon::prelude::*;
use std::collections::HashMap;
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
    /// Images decoded by this run, and taken from the cache.
    pub processed: usize,
    pub cached: usize,
}

impl Images {
    pub(crate) fn get(&self, url: &str) -> Option<&Picture> {
        self.by_url.get(url).map(|p| &**p)
    }

    /// Whether `serve` must load the hub again for a change: an image of
    /// `content/` changed, or content files are listed again while
    /// processed images are published (the load takes cached images from
    /// the cache: no decoding).
    pub(crate) fn needs_reload(&self, paths: &[std::path::PathBuf], content_scan: bool) -> bool {
        let image_changed = paths
            .iter()
            .filter(|p| p.components().any(|c| c.as_os_str() == layout::CONTENT_DIR))
            .filter(|p| !p.components().any(|c| c.as_os_str() == CACHE_DIR))
            .any(|p| Kind::of_path(&p.to_string_lossy()).is_some());
        image_changed || content_scan && !self.by_url.is_empty()
    }
}

/// Processes (or takes from the cache) every image of `content/` among
/// each list of `assets`, in parallel (static files, the maintainers',
/// are published as they are). Each
/// original's asset is replaced by its widest variant (no metadata) and
/// the variants are added to its list. An image that does not decode is an
/// error at its file.
pub(crate) fn prepare(
    root: &Path,
    base_path: &str,
    lists: &mut [&mut Vec<Asset>],
    diags: &mut Vec<Diagnostic>,
) -> Images {
    let dir = cache::images_dir(root);
    let params = params();
    let mut images = Images::default();
    for assets in lists.iter_mut() {
        let todo: Vec<(usize, Kind)> = assets
            .iter()
            .enumerate()
            .filter(|(_, a)| layout::in_content(&a.path).is_some())
            .filter(|(_, a)| matches!(a.from, AssetFrom::File(_)))
            .filter_map(|(i, a)| Some((i, Kind::of_path(&a.to)?)))
            .collect();
        let done: Vec<(usize, Result<Done, String>)> = todo
            .par_iter()
            .map(|&(i, kind)| (i, one(&assets[i], kind, &dir, &params)))
            .collect();
        for (i, result) in done {
            match result {
                Ok(done) => {
                    if done.fresh {
                        images.processed += 1;
                    } else {
                        images.cached += 1;
                    }
                    publish(&mut images, assets, i, &done.files, &done.key, base_path);
                }
                Err(e) => diags.push(
                    Diagnostic::error(
                        "bad-image",
                        &assets[i].path,
                        format!("this image cannot be processed: {e}"),
                    )
                    .hint(
                        "open it in an image editor and export it again as JPEG, PNG, GIF or WebP",
                    ),
                ),
            }
        }
    }
    images
}

/// An image's cached variants, whether it was decoded now, and its key.
struct Done {
    files: Vec<cache::Cached>,
    fresh: bool,
    key: String,
}

/// One image, from the cache or processed now.
fn one(asset: &Asset, kind: Kind, dir: &Path, params: &str) -> Result<Done, String> {
    let AssetFrom::File(from) = &asset.from else {
        return Err("not a file".into());
    };
    let bytes = crate::source::read_listed(from).map_err(|e| e.to_string())?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(params.as_bytes());
    hasher.update(&bytes);
    let key = hasher.finalize().to_hex()[..32].to_string();
    if let Some(files) = cache::load(dir, &key) {
        return Ok(Done {
            files,
            fresh: false,
            key,
        });
    }
    let encoded = process::process(&bytes, kind)?;
    let files = cache::store(dir, &key, &encoded)
        .map_err(|e| format!("cannot write the image cache {}: {e}", dir.display()))?;
    Ok(Done {
        files,
        fresh: true,
        key,
    })
}

/// Adds an image's variants to the assets and the index, and publishes its
/// widest fallback at the original's path.
fn publish(
    images: &mut Images,
    assets: &mut Vec<Asset>,
    i: usize,
    files: &[cache::Cached],
    key: &str,
    base_path: &str,
) {
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
    if let Some(widest) = files.iter().rev().find(|f| f.ext == kind.ext()) {
        assets[i].from = made(&widest.file);
    }
    let url = Route::ContentFile(&original.to).url_under(base_path);
    images.by_url.insert(url, Arc::new(picture));
}
