//! Synthetic hub generator for benchmarks and large-site tests: writes a
//! deterministic hub of N pages (60% case studies, 20% methods, 20% news and
//! events, plus cities and projects) that uses the shipped hub.yaml content
//! model and theme, with real refs, taxonomy values and body links
//! (including `#anchor` links) that all resolve.
//!
//! ```text
//! cargo run --release --example synth -- --pages 10000 --out /tmp/synth-10k
//! cargo run --release -- build --root /tmp/synth-10k
//! ```
//!
//! The same seed and page count always give byte-identical files. The
//! generator is also compiled into tests/ (see tests/common/mod.rs).

#[path = "synth/pages.rs"]
mod pages;
#[path = "synth/rng.rs"]
mod rng;
#[path = "synth/words.rs"]
mod words;

use pages::{page_text, plan};
use rayon::prelude::*;
use rng::Rng;
use std::io;
use std::path::{Path, PathBuf};

/// Marker file: a folder that holds it may be overwritten by the generator.
pub const MARKER: &str = ".synth-hub";

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// Case studies + methods + news and events (cities and projects come on top).
    pub pages: usize,
    pub seed: u64,
    /// Folder holding hub.yaml and themes/ to copy (the repository root).
    pub template_root: PathBuf,
}

/// Counts of what was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynthStats {
    pub case_studies: usize,
    pub methods: usize,
    pub dissemination: usize,
    pub cities: usize,
    pub projects: usize,
    pub words: usize,
    pub bytes: usize,
}

impl SynthStats {
    pub fn total_pages(&self) -> usize {
        self.case_studies + self.methods + self.dissemination + self.cities + self.projects
    }
}

const INTROS: [(&str, &str); 6] = [
    (
        "_index.md",
        "---\ntitle: Synthetic Planning Hub\n---\nA generated hub for benchmarks: case studies, methods, news and events, cities and projects. All content is synthetic.\n",
    ),
    (
        "case-studies/_index.md",
        "---\ntitle: Case studies\n---\nWhat the (synthetic) cities are doing.\n",
    ),
    (
        "methods/_index.md",
        "---\ntitle: Methods\n---\nApproaches and tools used in the case studies.\n",
    ),
    (
        "dissemination/_index.md",
        "---\ntitle: News & events\n---\nNews, events and reports.\n",
    ),
    (
        "projects/_index.md",
        "---\ntitle: Projects\n---\nThe projects of the cluster.\n",
    ),
    (
        "cities/_index.md",
        "---\ntitle: Cities\n---\nThe cities taking part.\n",
    ),
];

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// hub.yaml without its top-level `footer:` section: the footer links to
/// the shipped hub's own pages (privacy notice, projects by slug), which a
/// synthetic hub does not have.
fn without_footer(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.lines() {
        let top_level = !line.is_empty() && !line.starts_with([' ', '#']);
        if top_level {
            skipping = line.starts_with("footer:");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Writes the hub into `out`: hub.yaml (less its footer), themes/ and the
/// issue forms copied from `template_root`, content/ generated. Refuses a non-empty folder that the
/// generator did not make.
pub fn generate(opts: &SynthOptions, out: &Path) -> io::Result<SynthStats> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() && !out.join(MARKER).exists() {
        return Err(io::Error::other(format!(
            "{} is not empty and was not made by synth; choose a new folder",
            out.display()
        )));
    }
    for sub in ["content", "themes", "public"] {
        let p = out.join(sub);
        if p.exists() {
            std::fs::remove_dir_all(&p)?;
        }
    }
    std::fs::create_dir_all(out)?;
    std::fs::write(
        out.join(MARKER),
        format!("pages={} seed={}\n", opts.pages, opts.seed),
    )?;
    let hub_yaml = std::fs::read_to_string(opts.template_root.join("hub.yaml"))?;
    std::fs::write(out.join("hub.yaml"), without_footer(&hub_yaml))?;
    copy_dir(&opts.template_root.join("themes"), &out.join("themes"))?;
    // The issue forms hub.yaml asks for (`form:`), as committed beside it:
    // without them every build warns that they are missing.
    let forms = opts.template_root.join(".github/ISSUE_TEMPLATE");
    if forms.is_dir() {
        copy_dir(&forms, &out.join(".github/ISSUE_TEMPLATE"))?;
    }
    let content = out.join("content");
    for coll in [
        "case-studies",
        "methods",
        "dissemination",
        "projects",
        "cities",
    ] {
        std::fs::create_dir_all(content.join(coll))?;
    }
    for (path, text) in INTROS {
        std::fs::write(content.join(path), text)?;
    }

    let site = plan(opts.pages, opts.seed);
    let index_in_coll: Vec<usize> = {
        let mut v = vec![0; site.plans.len()];
        for list in [
            &site.cs,
            &site.methods,
            &site.diss,
            &site.projects,
            &site.cities,
        ] {
            for (k, &id) in list.iter().enumerate() {
                v[id] = k;
            }
        }
        v
    };
    let results: Vec<io::Result<(usize, usize)>> = (0..site.plans.len())
        .into_par_iter()
        .map(|id| {
            let mut rng = Rng::new(opts.seed.wrapping_mul(0x1000_0000_01B3) ^ (id as u64 + 1));
            let (text, words) = page_text(&site, id, index_in_coll[id], &mut rng);
            let p = &site.plans[id];
            let path = content.join(p.coll.dir()).join(format!("{}.md", p.slug));
            std::fs::write(path, text.as_bytes())?;
            Ok((words, text.len()))
        })
        .collect();
    let mut stats = SynthStats {
        case_studies: site.cs.len(),
        methods: site.methods.len(),
        dissemination: site.diss.len(),
        cities: site.cities.len(),
        projects: site.projects.len(),
        ..SynthStats::default()
    };
    for r in results {
        let (w, b) = r?;
        stats.words += w;
        stats.bytes += b;
    }
    Ok(stats)
}

#[allow(dead_code)]
fn main() {
    let mut pages = 1000usize;
    let mut seed = 2030u64;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth --pages N --out DIR [--seed S]";
    while let Some(a) = args.next() {
        let value = args.next();
        match (a.as_str(), value) {
            ("--pages", Some(v)) => pages = v.parse().unwrap_or(0),
            ("--seed", Some(v)) => seed = v.parse().unwrap_or(seed),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            _ => {
                eprintln!("{usage}");
                std::process::exit(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    if pages < 10 {
        eprintln!("--pages must be at least 10");
        std::process::exit(2);
    }
    let opts = SynthOptions {
        pages,
        seed,
        template_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    };
    match generate(&opts, &out) {
        Ok(s) => eprintln!(
            "wrote {} pages ({} case studies, {} methods, {} news and events, {} cities, {} projects; {} words, {:.1} MB) into {}",
            s.total_pages(),
            s.case_studies,
            s.methods,
            s.dissemination,
            s.cities,
            s.projects,
            s.words,
            s.bytes as f64 / 1e6,
            out.display()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
