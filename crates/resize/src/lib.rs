//! Resizing 8-bit RGB and RGBA pixels with a Lanczos3 filter, for
//! clusterhub's image variants.
//!
//! A crate of its own for compile time: `fast_image_resize`'s convolutions
//! are generic, so they are compiled in the crate that calls them. Called
//! from clusterhub's library, they were 44% of its LLVM IR (measured with
//! `cargo llvm-lines --lib`), compiled twice (the library and its unit
//! tests) at the library's `opt-level = 1`. Here they are compiled once,
//! optimised, and only for the two pixel types clusterhub decodes to.

use fast_image_resize as fr;

/// How many 8-bit channels a pixel has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    /// Red, green, blue.
    Rgb,
    /// Red, green, blue, alpha (premultiplied while resizing).
    Rgba,
}

/// `pixels` (`from` = width and height, rows top to bottom) resized to
/// `to` with a Lanczos3 filter. An error when `pixels` is not the size
/// `from` says.
pub fn lanczos3(
    pixels: &[u8],
    channels: Channels,
    from: (u32, u32),
    to: (u32, u32),
) -> Result<Vec<u8>, String> {
    let pixel = match channels {
        Channels::Rgb => fr::PixelType::U8x3,
        Channels::Rgba => fr::PixelType::U8x4,
    };
    let src =
        fr::images::ImageRef::new(from.0, from.1, pixels, pixel).map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(to.0, to.1, pixel);
    match channels {
        Channels::Rgb => typed::<fr::pixels::U8x3>(&src, &mut dst)?,
        Channels::Rgba => typed::<fr::pixels::U8x4>(&src, &mut dst)?,
    }
    Ok(dst.into_vec())
}

/// `Resizer::resize` matches every pixel type the crate knows, which
/// compiles the convolutions of all of them; `resize_typed` compiles one.
fn typed<P: fr::PixelTrait>(
    src: &fr::images::ImageRef<'_>,
    dst: &mut fr::images::Image<'_>,
) -> Result<(), String> {
    use fr::{IntoImageView, IntoImageViewMut};
    let (Some(src), Some(mut dst)) = (src.image_view::<P>(), dst.image_view_mut::<P>()) else {
        return Err("the pixels are not of the expected type".to_string());
    };
    let filter = fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3);
    fr::Resizer::new()
        .resize_typed(&src, &mut dst, &fr::ResizeOptions::new().resize_alg(filter))
        .map_err(|e| e.to_string())
}
