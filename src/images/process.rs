//! One source image → its published files: decoded (within limits), turned
//! upright by its EXIF orientation, resized to the widths it is wider than
//! (never upscaled), and encoded as lossy WebP plus its own format. The
//! pixels are all that is kept: no EXIF, GPS, XMP, ICC or comment reaches
//! an output, since every file is encoded from pixels alone.

use clusterhub_resize::Channels;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// Widths of the variants a photo gets (and its own, when narrower than
/// the widest).
pub(crate) const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// libwebp's lossy quality (0–100) for every WebP variant.
pub(crate) const WEBP_QUALITY: f32 = 78.0;
/// Quality of the JPEG fallback.
pub(crate) const JPEG_QUALITY: u8 = 82;
/// Larger images are refused (a decompression bomb is a few bytes).
const MAX_PIXELS: u64 = 60_000_000;

/// The formats clusterhub processes, by file ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl Kind {
    pub(crate) fn of_path(path: &str) -> Option<Kind> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Kind::Jpeg),
            "png" => Some(Kind::Png),
            "gif" => Some(Kind::Gif),
            "webp" => Some(Kind::Webp),
            _ => None,
        }
    }

    pub(crate) fn ext(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Kind::Jpeg => ImageFormat::Jpeg,
            Kind::Png => ImageFormat::Png,
            Kind::Gif => ImageFormat::Gif,
            Kind::Webp => ImageFormat::WebP,
        }
    }
}

/// One encoded file of an image.
#[derive(Debug, Clone)]
pub(crate) struct Encoded {
    pub width: u32,
    pub height: u32,
    /// `webp`, `jpg`, `png` or `gif`.
    pub ext: &'static str,
    pub bytes: Vec<u8>,
}

/// The variants of one image: for each width, WebP then the fallback
/// (a GIF keeps its size and frames, in its own format only).
pub(crate) fn process(bytes: &[u8], kind: Kind) -> Result<Vec<Encoded>, String> {
    if kind == Kind::Gif {
        return gif(bytes);
    }
    let image = decode(bytes, kind)?;
    let (w, h) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let pixels = if alpha {
        Pixels::Rgba(image.into_rgba8().into_raw())
    } else {
        Pixels::Rgb(image.into_rgb8().into_raw())
    };
    let mut out = Vec::new();
    for width in widths(w) {
        let height = height_at(w, h, width)?;
        let small = pixels.resize(w, h, width, height)?;
        out.push(Encoded {
            width,
            height,
            ext: "webp",
            bytes: small.webp(width, height),
        });
        if kind != Kind::Webp {
            let bytes = small.encode(width, height, kind)?;
            out.push(Encoded {
                width,
                height,
                ext: kind.ext(),
                bytes,
            });
        }
    }
    Ok(out)
}

/// The widths made for an image `w` pixels wide: every standard width
/// below it, and its own (capped at the widest).
pub(crate) fn widths(w: u32) -> Vec<u32> {
    let top = w.min(WIDTHS[WIDTHS.len() - 1]);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&x| x < top).collect();
    widths.push(top);
    widths
}

/// The height of an image `w`×`h` pixels made `width` pixels wide.
fn height_at(w: u32, h: u32, width: u32) -> Result<u32, String> {
    let height = ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1);
    u32::try_from(height).map_err(|e| e.to_string())
}

/// The files `process` makes of an image (width, height, ending), from
/// its header alone (its size and EXIF orientation, no pixel decoded), in
/// the order the cache lists them: what `serve` names in pages while the
/// variants are made off the edit path.
pub(crate) fn plan(bytes: &[u8], kind: Kind) -> Result<Vec<(u32, u32, &'static str)>, String> {
    if kind == Kind::Gif {
        let decoder =
            image::codecs::gif::GifDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let (width, height) = decoder.dimensions();
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(format!("{width}×{height} pixels is too large"));
        }
        return Ok(vec![(width, height, "gif")]);
    }
    let (decoder, orientation) = open(bytes, kind)?;
    let (w, h) = decoder.dimensions();
    use image::metadata::Orientation as O;
    let (w, h) = match orientation {
        O::Rotate90 | O::Rotate270 | O::Rotate90FlipH | O::Rotate270FlipH => (h, w),
        _ => (w, h),
    };
    let mut out = Vec::new();
    for width in widths(w) {
        let height = height_at(w, h, width)?;
        out.push((width, height, "webp"));
        if kind != Kind::Webp {
            out.push((width, height, kind.ext()));
        }
    }
    out.sort_by(|a, b| (a.0, a.2).cmp(&(b.0, b.2)));
    Ok(out)
}

/// Decodes within limits, upright; the format is the one the bytes are in
/// (a PNG saved as `.jpg` shows in a browser, so it is processed too).
fn decode(bytes: &[u8], kind: Kind) -> Result<DynamicImage, String> {
    let (decoder, orientation) = open(bytes, kind)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The decoder of an image (its header read, within limits) and its EXIF
/// orientation.
fn open(
    bytes: &[u8],
    kind: Kind,
) -> Result<(impl ImageDecoder + '_, image::metadata::Orientation), String> {
    let format = image::guess_format(bytes).unwrap_or(kind.format());
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w}×{h} pixels is more than the {} megapixels clusterhub processes",
            MAX_PIXELS / 1_000_000
        ));
    }
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    Ok((decoder, orientation))
}

/// Decoded pixels, 8 bits per channel.
enum Pixels {
    Rgb(Vec<u8>),
    Rgba(Vec<u8>),
}

impl Pixels {
    /// Resized with a Lanczos3 filter (alpha premultiplied while
    /// resizing); the same pixels when the size does not change.
    fn resize(&self, w: u32, h: u32, width: u32, height: u32) -> Result<Pixels, String> {
        let (buf, channels) = match self {
            Pixels::Rgb(b) => (b, Channels::Rgb),
            Pixels::Rgba(b) => (b, Channels::Rgba),
        };
        if (w, h) == (width, height) {
            return Ok(self.with(buf.clone()));
        }
        let resized = clusterhub_resize::lanczos3(buf, channels, (w, h), (width, height))?;
        Ok(self.with(resized))
    }

    fn with(&self, buf: Vec<u8>) -> Pixels {
        match self {
            Pixels::Rgb(_) => Pixels::Rgb(buf),
            Pixels::Rgba(_) => Pixels::Rgba(buf),
        }
    }

    fn webp(&self, w: u32, h: u32) -> Vec<u8> {
        let encoder = match self {
            Pixels::Rgb(b) => webp::Encoder::from_rgb(b, w, h),
            Pixels::Rgba(b) => webp::Encoder::from_rgba(b, w, h),
        };
        encoder.encode(WEBP_QUALITY).to_vec()
    }

    /// Encoded in the source's own format.
    fn encode(&self, w: u32, h: u32, kind: Kind) -> Result<Vec<u8>, String> {
        let (buf, color) = match self {
            Pixels::Rgb(b) => (b, image::ExtendedColorType::Rgb8),
            Pixels::Rgba(b) => (b, image::ExtendedColorType::Rgba8),
        };
        let mut out = Vec::new();
        let result = match kind {
            Kind::Jpeg => {
                let mut e =
                    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
                e.encode(buf, w, h, color)
            }
            _ => {
                use image::ImageEncoder;
                image::codecs::png::PngEncoder::new(&mut out).write_image(buf, w, h, color)
            }
        };
        result.map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// A GIF re-encoded frame by frame at its own size: its animation kept,
/// its comments and application extensions (XMP) left out.
fn gif(bytes: &[u8]) -> Result<Vec<Encoded>, String> {
    let decoder =
        image::codecs::gif::GifDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!("{width}×{height} pixels is too large"));
    }
    let frames = decoder
        .into_frames()
        .collect_frames()
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        if frames.len() > 1 {
            encoder
                .set_repeat(image::codecs::gif::Repeat::Infinite)
                .map_err(|e| e.to_string())?;
        }
        encoder.encode_frames(frames).map_err(|e| e.to_string())?;
    }
    Ok(vec![Encoded {
        width,
        height,
        ext: "gif",
        bytes: out,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(widths(300), vec![300]);
        assert_eq!(widths(480), vec![480]);
        assert_eq!(widths(1000), vec![480, 800, 1000]);
        assert_eq!(widths(4000), vec![480, 800, 1200, 1600]);
    }
}
