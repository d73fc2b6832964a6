//! Renders the shipped hub's figures (`figures/*.svg`, drawn from sourced
//! facts) to the PNG files the pages show through the `figure` shortcode,
//! at twice their drawn size, with the theme's own font (Inter, OFL):
//! `cargo run --example figures` after editing an SVG.

use std::error::Error;

/// (drawing, published image).
const FIGURES: [(&str, &str); 3] = [
    (
        "figures/mission-label-rounds.svg",
        "content/cities/mission-label-rounds.png",
    ),
    (
        "figures/five-up-steps.svg",
        "content/methods/five-up-steps.png",
    ),
    (
        "figures/belfast-timeline.svg",
        "content/case-studies/belfast-timeline.png",
    ),
];

fn main() -> Result<(), Box<dyn Error>> {
    let mut options = resvg::usvg::Options {
        font_family: "Inter".into(),
        ..Default::default()
    };
    for font in ["Inter-Regular.otf", "Inter-Bold.otf"] {
        let bytes = std::fs::read(format!("themes/cluster/card/{font}"))?;
        options.fontdb_mut().load_font_data(bytes);
    }
    for (svg, png) in FIGURES {
        let tree = resvg::usvg::Tree::from_str(&std::fs::read_to_string(svg)?, &options)?;
        let size = tree.size().to_int_size().scale_by(2.0).ok_or("bad size")?;
        let mut pixmap =
            resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("bad size")?;
        let scale = resvg::tiny_skia::Transform::from_scale(2.0, 2.0);
        resvg::render(&tree, scale, &mut pixmap.as_mut());
        pixmap.save_png(png)?;
        println!("{svg} → {png} ({}×{})", size.width(), size.height());
    }
    Ok(())
}
