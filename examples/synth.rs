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

use rayon::prelude::*;
use std::fmt::Write as _;
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

/// SplitMix64: small, fast, deterministic on every platform.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
    /// Between `lo` and `hi` distinct items of `0..n`, sorted.
    fn some_of(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.distinct(n, k)
    }
    /// `k` distinct items of `0..n`, sorted.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k {
            let v = self.below(n);
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out.sort_unstable();
        out
    }
}

const COUNTRIES: [(&str, &str); 24] = [
    ("Austria", "AT"),
    ("Belgium", "BE"),
    ("Bulgaria", "BG"),
    ("Croatia", "HR"),
    ("Czechia", "CZ"),
    ("Denmark", "DK"),
    ("Estonia", "EE"),
    ("Finland", "FI"),
    ("France", "FR"),
    ("Germany", "DE"),
    ("Greece", "GR"),
    ("Hungary", "HU"),
    ("Ireland", "IE"),
    ("Italy", "IT"),
    ("Latvia", "LV"),
    ("Lithuania", "LT"),
    ("Netherlands", "NL"),
    ("Norway", "NO"),
    ("Poland", "PL"),
    ("Portugal", "PT"),
    ("Romania", "RO"),
    ("Slovenia", "SI"),
    ("Spain", "ES"),
    ("Sweden", "SE"),
];

const SYLLABLES: [&str; 24] = [
    "al", "ber", "cas", "dor", "el", "fa", "gran", "hol", "is", "ka", "lin", "mar", "nor", "ost",
    "pra", "quin", "ros", "sal", "tor", "ul", "val", "wen", "ya", "zen",
];

const CS_TOPICS: [&str; 16] = [
    "heat-resilient schoolyards",
    "blue-green corridors",
    "district heating retrofit",
    "superblock pilot",
    "participatory climate budget",
    "rooftop solar cooperative",
    "sponge-city streets",
    "circular construction hub",
    "low-emission zone",
    "community energy",
    "urban forest plan",
    "waterfront renaturation",
    "climate city contract",
    "15-minute neighbourhood",
    "social housing renovation",
    "flood early-warning system",
];

const METHOD_TOPICS: [&str; 14] = [
    "Participatory mapping",
    "Climate risk assessment",
    "Scenario workshops",
    "Co-creation lab",
    "Cost-benefit analysis",
    "Living lab",
    "Stakeholder mapping",
    "Serious game",
    "Heat vulnerability index",
    "Transition pathways",
    "Urban metabolism model",
    "Multi-criteria analysis",
    "Backcasting",
    "Impact monitoring framework",
];

const DISS_TOPICS: [&str; 10] = [
    "webinar",
    "policy brief",
    "summer school",
    "annual assembly",
    "press release",
    "newsletter",
    "city exchange visit",
    "hackathon",
    "conference session",
    "training course",
];

const SUBJECTS: [&str; 12] = [
    "The municipality",
    "The city council",
    "Local stakeholders",
    "The project team",
    "Residents of the pilot district",
    "The regional energy agency",
    "Partner universities",
    "Neighbourhood associations",
    "The mobility department",
    "A cross-departmental task force",
    "The water utility",
    "Planning officers",
];

const VERBS: [&str; 14] = [
    "co-designed",
    "mapped",
    "evaluated",
    "piloted",
    "scaled up",
    "monitored",
    "prioritised",
    "documented",
    "financed",
    "tested",
    "reviewed",
    "simulated",
    "adapted",
    "replicated",
];

const OBJECTS: [&str; 16] = [
    "a heat-resilience action plan",
    "nature-based solutions along the river corridor",
    "a district heating retrofit",
    "shared mobility hubs",
    "a climate investment plan",
    "green and blue infrastructure",
    "a neighbourhood energy community",
    "a public-space redesign",
    "the local adaptation strategy",
    "a circular procurement scheme",
    "low-carbon renovation packages",
    "a monitoring dashboard",
    "the carbon budget for 2030",
    "a tree-planting programme",
    "permeable street surfaces",
    "a citizen climate assembly",
];

const CLAUSES: [&str; 14] = [
    "to reduce peak summer temperatures",
    "in close collaboration with housing associations",
    "despite tight municipal budgets",
    "over an eighteen-month period",
    "with support from the national climate fund",
    "across three pilot neighbourhoods",
    "using open and reusable data",
    "to cut emissions in the building stock",
    "while protecting vulnerable households",
    "as part of the mission portfolio",
    "following a series of public workshops",
    "with measurable co-benefits for health",
    "to prepare for more frequent cloudbursts",
    "so that results can be replicated",
];

const CONNECTIVES: [&str; 8] = [
    "In parallel,",
    "As a result,",
    "However,",
    "In addition,",
    "At the same time,",
    "Over time,",
    "In practice,",
    "Consequently,",
];

const INDICATORS: [(&str, u64, u64); 8] = [
    ("CO2 emissions (kt/yr)", 40, 900),
    ("Tree canopy cover (%)", 8, 35),
    ("Households reached", 200, 9000),
    ("Surface temperature (°C)", 28, 48),
    ("Renewable share (%)", 5, 60),
    ("Sealed surface (%)", 30, 85),
    ("Cycling modal share (%)", 2, 30),
    ("Energy use (GWh/yr)", 10, 400),
];

/// Section headings per collection. Every page of the collection has all of
/// them, so `#anchor` links to them from other pages always resolve.
const CS_HEADINGS: [&str; 6] = [
    "Context",
    "Challenge",
    "Approach",
    "Implementation",
    "Results",
    "Lessons learned",
];
const METHOD_HEADINGS: [&str; 5] = [
    "Purpose",
    "When to use it",
    "Steps",
    "Inputs and outputs",
    "Limitations",
];
const DISS_HEADINGS: [&str; 5] = [
    "Summary",
    "Programme",
    "Key messages",
    "Speakers and partners",
    "Get involved",
];
const SMALL_HEADINGS: [&str; 2] = ["Overview", "Work in the cluster"];

const DOMAINS: [&str; 5] = [
    "built-environment",
    "energy-systems",
    "mobility",
    "nature-based-solutions",
    "waste-circular-economy",
];
const IMPACTS: [&str; 7] = [
    "extreme-temperatures",
    "water-scarcity",
    "flooding",
    "sea-level-rise",
    "droughts",
    "storms",
    "ice-and-snow",
];
const FIVE_UP: [&str; 5] = ["update", "upskill", "upgrade", "upscale", "uptake"];
const SCALES: [&str; 5] = ["building", "street", "neighbourhood", "district", "city"];
const STATUSES: [&str; 3] = ["planned", "ongoing", "completed"];
const METHOD_TYPES: [&str; 6] = [
    "approach",
    "methodology",
    "tool",
    "toolkit",
    "guidance",
    "training",
];
const ACCESS: [&str; 4] = ["open-source", "free-online", "on-request", "proprietary"];
const EVENT_TYPES: [&str; 4] = ["cluster-meeting", "conference", "workshop", "webinar"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Coll {
    CaseStudies,
    Methods,
    Dissemination,
    Projects,
    Cities,
}

impl Coll {
    fn dir(self) -> &'static str {
        match self {
            Coll::CaseStudies => "case-studies",
            Coll::Methods => "methods",
            Coll::Dissemination => "dissemination",
            Coll::Projects => "projects",
            Coll::Cities => "cities",
        }
    }
    fn headings(self) -> &'static [&'static str] {
        match self {
            Coll::CaseStudies => &CS_HEADINGS,
            Coll::Methods => &METHOD_HEADINGS,
            Coll::Dissemination => &DISS_HEADINGS,
            Coll::Projects | Coll::Cities => &SMALL_HEADINGS,
        }
    }
}

/// One planned page: everything other pages need to know about it.
struct Plan {
    coll: Coll,
    slug: String,
    title: String,
}

/// Page lists per collection, as indices into `Site::plans`.
struct Site {
    plans: Vec<Plan>,
    cs: Vec<usize>,
    methods: Vec<usize>,
    diss: Vec<usize>,
    projects: Vec<usize>,
    cities: Vec<usize>,
}

fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            hyphen = true;
        }
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// YAML double-quoted scalar.
fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn ylist(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

fn city_name(rng: &mut Rng) -> String {
    let n = rng.range(2, 3);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(&SYLLABLES));
    }
    capitalise(&s)
}

fn plan(pages: usize, seed: u64) -> Site {
    let mut rng = Rng::new(seed);
    let n_cs = (pages * 6).div_ceil(10);
    let n_m = (pages * 2) / 10;
    let n_d = pages - n_cs - n_m;
    let n_projects = (pages / 200).max(4);
    let n_cities = (pages / 40).max(5);
    let mut plans = Vec::with_capacity(pages + n_projects + n_cities);
    let push = |plans: &mut Vec<Plan>, coll, slug, title| {
        plans.push(Plan { coll, slug, title });
        plans.len() - 1
    };
    let projects: Vec<usize> = (1..=n_projects)
        .map(|i| {
            let acronym = format!("{}{}", city_name(&mut rng).to_uppercase(), i);
            push(&mut plans, Coll::Projects, format!("p{i:04}"), acronym)
        })
        .collect();
    let cities: Vec<usize> = (1..=n_cities)
        .map(|i| {
            let name = city_name(&mut rng);
            let slug = format!("{}-{i}", slugify(&name));
            push(&mut plans, Coll::Cities, slug, format!("{name} {i}"))
        })
        .collect();
    let methods: Vec<usize> = (1..=n_m)
        .map(|i| {
            let topic = rng.pick(&METHOD_TOPICS);
            let title = format!("{topic} toolkit {i}");
            push(
                &mut plans,
                Coll::Methods,
                format!("m{i:06}-{}", slugify(topic)),
                title,
            )
        })
        .collect();
    let cs: Vec<usize> = (1..=n_cs)
        .map(|i| {
            let topic = rng.pick(&CS_TOPICS);
            let city = &plans[cities[(i - 1) % n_cities]].title;
            let title = format!("{} in {city}", capitalise(topic));
            push(
                &mut plans,
                Coll::CaseStudies,
                format!("cs{i:06}-{}", slugify(topic)),
                title,
            )
        })
        .collect();
    let diss: Vec<usize> = (1..=n_d)
        .map(|i| {
            let topic = rng.pick(&DISS_TOPICS);
            let project = &plans[projects[rng.below(n_projects)]].title;
            let title = format!("{project} {topic} number {i}");
            push(
                &mut plans,
                Coll::Dissemination,
                format!("d{i:06}-{}", slugify(topic)),
                title,
            )
        })
        .collect();
    Site {
        plans,
        cs,
        methods,
        diss,
        projects,
        cities,
    }
}

/// Writes one page's text (front matter and body). `k` is its index within
/// its collection; `rng` is seeded per page so pages generate in parallel.
fn page_text(site: &Site, id: usize, k: usize, rng: &mut Rng) -> (String, usize) {
    let p = &site.plans[id];
    let mut fm = String::with_capacity(1024);
    let date = |rng: &mut Rng| {
        format!(
            "{}-{:02}-{:02}",
            rng.range(2019, 2026),
            rng.range(1, 12),
            rng.range(1, 28)
        )
    };
    let slugs = |list: &[usize], picks: &[usize]| -> Vec<String> {
        picks
            .iter()
            .map(|&i| site.plans[list[i]].slug.clone())
            .collect()
    };
    let some = |rng: &mut Rng, vocab: &[&'static str], lo: usize, hi: usize| -> Vec<&'static str> {
        let k = rng.range(lo, hi);
        rng.distinct(vocab.len(), k)
            .into_iter()
            .map(|i| vocab[i])
            .collect()
    };
    let n_proj = site.projects.len();
    // Every project, city and method is referenced at least once: the k-th
    // page of a collection always refers to entry k modulo the list length.
    let with_first = |rng: &mut Rng, n: usize, first: usize, extra: usize| -> Vec<usize> {
        let mut v = rng.distinct(n, extra);
        if !v.contains(&first) {
            v.push(first);
        }
        v.sort_unstable();
        v
    };
    writeln!(fm, "---\ntitle: {}", yq(&p.title)).ok();
    let summary = format!(
        "{} {} {} {}.",
        rng.pick(&SUBJECTS),
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        rng.pick(&CLAUSES)
    );
    writeln!(fm, "summary: {}", yq(&summary)).ok();
    match p.coll {
        Coll::CaseStudies => {
            writeln!(fm, "date: {}", date(rng)).ok();
            writeln!(
                fm,
                "city: {}",
                site.plans[site.cities[k % site.cities.len()]].slug
            )
            .ok();
            let projects = {
                let extra = rng.range(0, 1);
                with_first(rng, n_proj, k % n_proj, extra)
            };
            writeln!(
                fm,
                "projects: {}",
                ylist_s(&slugs(&site.projects, &projects))
            )
            .ok();
            if !site.methods.is_empty() {
                let first = k % site.methods.len();
                let extra = rng.range(0, 2);
                let m = with_first(rng, site.methods.len(), first, extra);
                writeln!(fm, "methods: {}", ylist_s(&slugs(&site.methods, &m))).ok();
            }
            writeln!(fm, "scale: {}", rng.pick(&SCALES)).ok();
            writeln!(fm, "status: {}", rng.pick(&STATUSES)).ok();
            writeln!(
                fm,
                "start: {}-{:02}",
                rng.range(2018, 2024),
                rng.range(1, 12)
            )
            .ok();
            writeln!(fm, "domains: {}", ylist(&some(rng, &DOMAINS, 1, 3))).ok();
            writeln!(fm, "climate_impacts: {}", ylist(&some(rng, &IMPACTS, 0, 2))).ok();
            if rng.chance(0.3) {
                writeln!(fm, "budget: {}", rng.range(10, 5000) * 1000).ok();
                writeln!(fm, "budget_currency: EUR").ok();
            }
            if rng.chance(0.01) {
                writeln!(fm, "featured: true").ok();
            }
        }
        Coll::Methods => {
            writeln!(fm, "type: {}", rng.pick(&METHOD_TYPES)).ok();
            let projects = {
                let extra = rng.range(0, 1);
                with_first(rng, n_proj, k % n_proj, extra)
            };
            writeln!(
                fm,
                "projects: {}",
                ylist_s(&slugs(&site.projects, &projects))
            )
            .ok();
            writeln!(fm, "access: {}", rng.pick(&ACCESS)).ok();
            writeln!(fm, "domains: {}", ylist(&some(rng, &DOMAINS, 1, 2))).ok();
            writeln!(fm, "five_up: {}", ylist(&some(rng, &FIVE_UP, 0, 2))).ok();
            writeln!(fm, "url: https://example.org/methods/{}", p.slug).ok();
        }
        Coll::Dissemination => {
            writeln!(fm, "date: {}", date(rng)).ok();
            let event = rng.chance(0.4);
            let kind = if event {
                "event"
            } else {
                rng.pick(&["news", "report", "publication", "video"])
            };
            writeln!(fm, "kind: {kind}").ok();
            writeln!(fm, "author_org: {}", yq("Synthetic Cluster Secretariat")).ok();
            let projects = {
                let extra = rng.range(0, 1);
                with_first(rng, n_proj, k % n_proj, extra)
            };
            writeln!(
                fm,
                "projects: {}",
                ylist_s(&slugs(&site.projects, &projects))
            )
            .ok();
            let cities = rng.some_of(site.cities.len(), 1, 3);
            writeln!(fm, "cities: {}", ylist_s(&slugs(&site.cities, &cities))).ok();
            if !site.methods.is_empty() {
                let m = rng.some_of(site.methods.len(), 0, 2);
                writeln!(
                    fm,
                    "related_methods: {}",
                    ylist_s(&slugs(&site.methods, &m))
                )
                .ok();
            }
            if !site.cs.is_empty() {
                let c = rng.some_of(site.cs.len(), 0, 3);
                writeln!(
                    fm,
                    "related_case_studies: {}",
                    ylist_s(&slugs(&site.cs, &c))
                )
                .ok();
            }
            if event {
                writeln!(fm, "event_type: {}", rng.pick(&EVENT_TYPES)).ok();
                let host = site.cities[rng.below(site.cities.len())];
                writeln!(fm, "location: {}", site.plans[host].slug).ok();
            }
        }
        Coll::Projects => {
            writeln!(fm, "acronym: {}", yq(&p.title)).ok();
            writeln!(fm, "grant_id: \"{}\"", 101_000_000 + k).ok();
            writeln!(fm, "start: {}-01", 2020 + k % 4).ok();
            writeln!(fm, "end: {}-12", 2025 + k % 3).ok();
            let role = if k == 0 { "platform" } else { "upd" };
            writeln!(fm, "cluster_role: {role}").ok();
            writeln!(fm, "website: https://example.org/projects/{}/", p.slug).ok();
            writeln!(fm, "partners: {}", rng.range(8, 50)).ok();
        }
        Coll::Cities => {
            let (country, code) = COUNTRIES[k % COUNTRIES.len()];
            writeln!(fm, "country: {country}").ok();
            writeln!(fm, "country_code: {code}").ok();
            let lat = 36.0 + rng.below(3400) as f64 / 100.0;
            let lon = -9.0 + rng.below(3800) as f64 / 100.0;
            writeln!(fm, "lat: {lat:.2}").ok();
            writeln!(fm, "lon: {lon:.2}").ok();
            writeln!(fm, "waterfront: {}", rng.chance(0.4)).ok();
            writeln!(fm, "mission_city: {}", rng.chance(0.5)).ok();
        }
    }
    fm.push_str("---\n");
    let (body, words) = body(site, id, rng);
    fm.push_str(&body);
    (fm, words)
}

fn ylist_s(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn sentence(rng: &mut Rng) -> String {
    let s = format!(
        "{} {} {} {}.",
        rng.pick(&SUBJECTS),
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        rng.pick(&CLAUSES)
    );
    let r = rng.below(100);
    let lower = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    if r < 25 {
        format!("{} {}", rng.pick(&CONNECTIVES), lower(&s))
    } else if r < 33 {
        format!("*Notably*, {}", lower(&s))
    } else if r < 40 {
        format!("**{}**", s)
    } else if r < 44 {
        format!(
            "{} (see [the programme page](https://example.org/programme/{}))",
            &s[..s.len() - 1],
            rng.below(100)
        ) + "."
    } else {
        s
    }
}

/// A link to another page, in one of the forms authors use: `@/` paths,
/// relative `.md` paths, with or without an `#anchor` to a heading.
fn link_to(site: &Site, from: usize, to: usize, rng: &mut Rng) -> String {
    let t = &site.plans[to];
    let path = if rng.chance(0.5) {
        format!("@/{}/{}.md", t.coll.dir(), t.slug)
    } else if site.plans[from].coll == t.coll {
        format!("{}.md", t.slug)
    } else {
        format!("../{}/{}.md", t.coll.dir(), t.slug)
    };
    let anchor = if rng.chance(0.4) {
        format!("#{}", slugify(rng.pick(t.coll.headings())))
    } else {
        String::new()
    };
    format!("[{}]({path}{anchor})", t.title)
}

fn random_page(site: &Site, rng: &mut Rng) -> usize {
    let lists = [&site.cs, &site.methods, &site.diss, &site.cities];
    loop {
        let list = lists[rng.below(lists.len())];
        if !list.is_empty() {
            return list[rng.below(list.len())];
        }
    }
}

fn body(site: &Site, id: usize, rng: &mut Rng) -> (String, usize) {
    let p = &site.plans[id];
    let small = matches!(p.coll, Coll::Cities | Coll::Projects);
    let target = if small {
        rng.range(150, 300)
    } else {
        rng.range(600, 1400)
    };
    let headings = p.coll.headings();
    let per_section = target / (headings.len() + 1);
    let mut out = String::with_capacity(target * 8);
    let mut words = 0usize;
    let mut links: Vec<String> = (0..rng.range(3, 6))
        .map(|_| {
            let to = random_page(site, rng);
            link_to(site, id, to, rng)
        })
        .collect();
    let paragraph = |out: &mut String, words: &mut usize, rng: &mut Rng, budget: usize| {
        let mut w = 0;
        let mut first = true;
        while w < budget {
            let s = sentence(rng);
            w += s.split_whitespace().count();
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(&s);
        }
        out.push_str("\n\n");
        *words += w;
    };
    // Lead paragraph (the summary fallback), then one section per heading.
    paragraph(&mut out, &mut words, rng, per_section.min(80));
    let mut extras = vec!["list", "olist", "table", "code", "quote", "sub", "self"];
    for i in (1..extras.len()).rev() {
        extras.swap(i, rng.below(i + 1));
    }
    for (hi, heading) in headings.iter().enumerate() {
        writeln!(out, "## {heading}\n").ok();
        words += heading.split_whitespace().count();
        let mut left = per_section;
        while left > 0 {
            let chunk = left.min(rng.range(50, 110));
            paragraph(&mut out, &mut words, rng, chunk);
            left -= chunk;
            if let Some(l) = links.pop() {
                if rng.chance(0.7) {
                    let line = format!("This work builds on {l}.\n\n");
                    words += line.split_whitespace().count();
                    out.push_str(&line);
                } else {
                    links.push(l);
                }
            }
        }
        if small && hi > 0 {
            continue;
        }
        match extras.pop() {
            Some("list") => {
                for _ in 0..rng.range(3, 6) {
                    let line = format!(
                        "- {} {} {}\n",
                        capitalise(rng.pick(&VERBS)),
                        rng.pick(&OBJECTS),
                        rng.pick(&CLAUSES)
                    );
                    words += line.split_whitespace().count() - 1;
                    out.push_str(&line);
                }
                out.push('\n');
            }
            Some("olist") => {
                for n in 1..=rng.range(3, 5) {
                    let line = format!(
                        "{n}. **{}** {}\n",
                        capitalise(rng.pick(&VERBS)),
                        rng.pick(&OBJECTS)
                    );
                    words += line.split_whitespace().count() - 1;
                    out.push_str(&line);
                }
                out.push('\n');
            }
            Some("table") => {
                out.push_str(
                    "| Indicator | Baseline | Target 2030 | Latest |\n|---|---:|---:|---:|\n",
                );
                for i in rng.some_of(INDICATORS.len(), 3, 5) {
                    let (name, lo, hi) = INDICATORS[i];
                    let span = (hi - lo) as usize;
                    let a = lo as usize + rng.below(span);
                    let b = lo as usize + rng.below(span);
                    let c = lo as usize + rng.below(span);
                    writeln!(out, "| {name} | {a} | {b} | {c} |").ok();
                    words += name.split_whitespace().count() + 3;
                }
                out.push('\n');
            }
            Some("code") if rng.chance(0.4) => {
                writeln!(
                    out,
                    "```yaml\nindicator: {}\nbaseline: {}\ntarget: {}\nsource: open-data-portal\n```\n",
                    slugify(INDICATORS[rng.below(INDICATORS.len())].0),
                    rng.range(10, 500),
                    rng.range(10, 500)
                )
                .ok();
                words += 8;
            }
            Some("quote") => {
                let q = format!("> {} {}\n\n", sentence(rng), sentence(rng));
                words += q.split_whitespace().count() - 1;
                out.push_str(&q);
            }
            Some("sub") => {
                writeln!(out, "### In focus: {}\n", rng.pick(&OBJECTS)).ok();
                paragraph(&mut out, &mut words, rng, 40);
            }
            Some("self") => {
                let h = headings[rng.below(headings.len())];
                let line = format!(
                    "More on this under [{h}](#{}) on this page.\n\n",
                    slugify(h)
                );
                words += line.split_whitespace().count();
                out.push_str(&line);
            }
            _ => {}
        }
    }
    if !links.is_empty() {
        out.push_str("## Related\n\n");
        for l in &links {
            writeln!(out, "- {l}").ok();
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    (out, words)
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
