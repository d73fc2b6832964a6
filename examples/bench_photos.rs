//! Writes N photo-sized JPEGs (4000×3000, gradients and noise, about 2 MB
//! each, the size of a phone photo) into a folder, for benches/images.sh:
//! `cargo run --release --example bench_photos -- DIR N`.

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: bench_photos DIR N")?;
    let n: u32 = args.next().ok_or("usage: bench_photos DIR N")?.parse()?;
    std::fs::create_dir_all(&dir)?;
    let (w, h) = (4000u32, 3000u32);
    for i in 0..n {
        let mut seed = 12345u32.wrapping_add(i);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let noise = (seed >> 27) as i32 - 16;
            let c = |v: u32| (v as i32 + noise).clamp(0, 255) as u8;
            image::Rgb([
                c(x * 255 / w),
                c(y * 255 / h),
                c((x + y + i * 40) / 20 % 255),
            ])
        });
        let path = format!("{dir}/photo-{i:03}.jpg");
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 88).encode_image(&img)?;
    }
    Ok(())
}
