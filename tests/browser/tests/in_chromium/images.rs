//! A page with figures in headless Chromium: the space of every image is
//! reserved before it loads (over a slow network, a figure still loading
//! already has its box in the photo's shape; the cumulative layout shift,
//! measured with a PerformanceObserver while the reader scrolls through,
//! stays zero; every image's width and height give its own shape), and
//! the browser downloads only the variant its viewport needs: the 480 px
//! WebP on a phone, the 800 px one at 1366 px, never the JPEG or a larger
//! one.

use clusterhub_browser_tests::{Browser, build_and_serve, chromium_or_skip, copy_dir};
use std::path::Path;

const PAGE: &str = "content/case-studies/athens-energy-poverty-hub.md";

/// A 2400×1600 photo-like JPEG.
fn photo(path: &Path, tint: u8) {
    let img = image::RgbImage::from_fn(2400, 1600, |x, y| {
        image::Rgb([(x / 10) as u8, (y / 7) as u8, tint])
    });
    let mut file = std::fs::File::create(path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 85)
        .encode_image(&img)
        .unwrap();
}

/// The shipped hub with one case study showing three figures between
/// paragraphs long enough that the later ones start below the fold.
fn hub_with_figures() -> tempfile::TempDir {
    let hub = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(repo.join("hub.yaml"), hub.path().join("hub.yaml")).unwrap();
    for dir in ["content", "themes"] {
        copy_dir(&repo.join(dir), &hub.path().join(dir));
    }
    let folder = hub.path().join("content/case-studies");
    let text = "Athens opened an advisory hub for households in energy poverty. ".repeat(30);
    let mut body = String::new();
    for i in 1..=3 {
        photo(&folder.join(format!("photo-{i}.jpg")), i * 60);
        body.push_str(&format!(
            "{text}\n\n{{{{ figure(src=\"photo-{i}.jpg\", alt=\"Test photo {i} of the hub\", caption=\"Photo {i}\") }}}}\n\n"
        ));
    }
    let path = hub.path().join(PAGE);
    let page = std::fs::read_to_string(&path).unwrap();
    let front: String = page.split_inclusive("---\n").take(2).collect();
    std::fs::write(&path, format!("{front}{body}{text}\n")).unwrap();
    hub
}

/// The layout shifts of the page, summed from its first paint.
/// Each shift's sources are kept (`window.__shifts`), so that a failure
/// names the element that moved and by how much.
const OBSERVE: &str = "window.__cls = 0; window.__shifts = []; new PerformanceObserver(list => { for (const e of list.getEntries()) { if (e.hadRecentInput) continue; window.__cls += e.value; const name = n => n ? (n.nodeName + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\\s+/).join('.') : '')) : '?'; window.__shifts.push({ at: Math.round(e.startTime), value: e.value, scrollY: window.scrollY, sources: (e.sources || []).map(s => ({ node: name(s.node), from: [s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height], to: [s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height] })) }); } }).observe({ type: 'layout-shift', buffered: true });";

/// What a reader's visit to the page measured.
struct Visit {
    /// The cumulative layout shift.
    cls: f64,
    /// Each shift with the elements that moved, as JSON.
    shifts: String,
    /// The photo files downloaded.
    files: Vec<String>,
    /// Images whose `width` and `height` attributes give another shape
    /// than the image itself (their space changes when they load).
    misshapen: Vec<String>,
}

/// The images of the page whose attributes' shape is not their own.
const MISSHAPEN: &str = "JSON.stringify([...document.images].filter(i => i.getAttribute('width') && i.getAttribute('height') && i.naturalWidth > 0 && Math.abs(i.getAttribute('height') / i.getAttribute('width') - i.naturalHeight / i.naturalWidth) > 0.005).map(i => `${new URL(i.src).pathname}: ${i.getAttribute('width')}×${i.getAttribute('height')} for ${i.naturalWidth}×${i.naturalHeight}`))";

/// Opens the page at `width` × `height`, scrolls to the end in steps and
/// waits for every image.
fn visit(chromium: &Path, port: u16, width: u32, height: u32) -> Visit {
    let mut b = Browser::launch(chromium);
    b.set_viewport(width, height);
    // The observer must be in place before the page's first paint.
    b.call("Page.enable", serde_json::json!({}));
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": OBSERVE }),
    );
    b.navigate(&format!(
        "http://127.0.0.1:{port}/case-studies/athens-energy-poverty-hub/"
    ));
    for step in 1..=20 {
        b.eval(&format!(
            "window.scrollTo(0, document.documentElement.scrollHeight * {step} / 20)"
        ));
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    b.wait_for(
        "every figure",
        "[...document.querySelectorAll('.sc-figure img')].every(i => i.complete && i.naturalWidth > 0)",
    );
    b.wait_for("every image", "[...document.images].every(i => i.complete)");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let cls = b.eval("window.__cls").as_f64().unwrap();
    let shifts = b.eval("JSON.stringify(window.__shifts)");
    let shifts = shifts.as_str().unwrap_or_default().to_string();
    let files = b.eval("JSON.stringify(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.includes('/photo-')))");
    let files: Vec<String> = serde_json::from_str(files.as_str().unwrap()).unwrap();
    let misshapen = b.eval(MISSHAPEN);
    let misshapen: Vec<String> = serde_json::from_str(misshapen.as_str().unwrap()).unwrap();
    Visit {
        cls,
        shifts,
        files,
        misshapen,
    }
}

/// Opens the page at `width` px over a slow network (every response a
/// second late), and as soon as it has loaded measures each figure's image:
/// (still loading, its box's width and height in CSS pixels).
fn boxes_while_loading(chromium: &Path, port: u16, width: u32) -> Vec<(bool, f64, f64)> {
    let mut b = Browser::launch(chromium);
    b.set_viewport(width, 800);
    b.call("Network.enable", serde_json::json!({}));
    b.call(
        "Network.emulateNetworkConditions",
        serde_json::json!({ "offline": false, "latency": 1000, "downloadThroughput": -1, "uploadThroughput": -1 }),
    );
    b.navigate(&format!(
        "http://127.0.0.1:{port}/case-studies/athens-energy-poverty-hub/"
    ));
    let boxes = b.eval("JSON.stringify([...document.querySelectorAll('.sc-figure img')].map(i => { const r = i.getBoundingClientRect(); return [!i.complete, r.width, r.height]; }))");
    serde_json::from_str(boxes.as_str().unwrap()).unwrap()
}

#[test]
fn figures_reserve_their_space_and_load_only_the_variant_the_viewport_needs() {
    let Some(chromium) = chromium_or_skip(
        "figures_reserve_their_space_and_load_only_the_variant_the_viewport_needs",
    ) else {
        return;
    };
    let hub = hub_with_figures();
    let port = build_and_serve(hub.path(), hub.path().join("public"));
    // A figure not loaded yet already has its box, in the photo's 3:2
    // shape: nothing moves when it arrives.
    for width in [390, 1366] {
        let boxes = boxes_while_loading(&chromium, port, width);
        assert_eq!(boxes.len(), 3, "{boxes:?}");
        let loading: Vec<_> = boxes.iter().filter(|(loading, _, _)| *loading).collect();
        assert!(
            !loading.is_empty(),
            "no figure was still loading: {boxes:?}"
        );
        for (_, w, h) in loading {
            assert!(
                *w > 100.0 && (h / w - 2.0 / 3.0).abs() < 0.02,
                "a loading figure of {w}×{h} px at {width} px: its space is not reserved"
            );
        }
    }
    for (width, height, variant) in [(390, 800, ".480.webp"), (1366, 900, ".800.webp")] {
        let Visit {
            cls,
            shifts,
            mut files,
            misshapen,
        } = visit(&chromium, port, width, height);
        assert!(
            misshapen.is_empty(),
            "at {width} px, images whose box changes shape when they load: {misshapen:?}"
        );
        assert!(cls < 0.001, "layout shift {cls} at {width} px: {shifts}");
        files.sort();
        assert_eq!(files.len(), 3, "at {width} px: {files:?}");
        for (i, f) in files.iter().enumerate() {
            let expected = format!("/case-studies/photo-{}.", i + 1);
            assert!(
                f.starts_with(&expected) && f.ends_with(variant),
                "at {width} px: {files:?}"
            );
        }
    }
}
