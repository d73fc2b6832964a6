//! The plan of a synthetic hub (its pages, collections and titles) and the
//! text of each page: front matter with refs and taxonomy values that
//! resolve, and a body with links between pages.

use super::rng::Rng;
use super::words::*;
use std::fmt::Write as _;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Coll {
    CaseStudies,
    Methods,
    Dissemination,
    Projects,
    Cities,
}

impl Coll {
    pub(super) fn dir(self) -> &'static str {
        match self {
            Coll::CaseStudies => "case-studies",
            Coll::Methods => "methods",
            Coll::Dissemination => "dissemination",
            Coll::Projects => "projects",
            Coll::Cities => "cities",
        }
    }
    pub(super) fn headings(self) -> &'static [&'static str] {
        match self {
            Coll::CaseStudies => &CS_HEADINGS,
            Coll::Methods => &METHOD_HEADINGS,
            Coll::Dissemination => &DISS_HEADINGS,
            Coll::Projects | Coll::Cities => &SMALL_HEADINGS,
        }
    }
}

/// One planned page: everything other pages need to know about it.
pub(super) struct Plan {
    pub(super) coll: Coll,
    pub(super) slug: String,
    pub(super) title: String,
}

/// Page lists per collection, as indices into `Site::plans`.
pub(super) struct Site {
    pub(super) plans: Vec<Plan>,
    pub(super) cs: Vec<usize>,
    pub(super) methods: Vec<usize>,
    pub(super) diss: Vec<usize>,
    pub(super) projects: Vec<usize>,
    pub(super) cities: Vec<usize>,
}

pub(super) fn slugify(text: &str) -> String {
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// YAML double-quoted scalar.
pub(super) fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub(super) fn ylist(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

pub(super) fn city_name(rng: &mut Rng) -> String {
    let n = rng.range(2, 3);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(&SYLLABLES));
    }
    capitalise(&s)
}

pub(super) fn plan(pages: usize, seed: u64) -> Site {
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
pub(super) fn page_text(site: &Site, id: usize, k: usize, rng: &mut Rng) -> (String, usize) {
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

pub(super) fn ylist_s(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

pub(super) fn sentence(rng: &mut Rng) -> String {
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
pub(super) fn link_to(site: &Site, from: usize, to: usize, rng: &mut Rng) -> String {
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

pub(super) fn random_page(site: &Site, rng: &mut Rng) -> usize {
    let lists = [&site.cs, &site.methods, &site.diss, &site.cities];
    loop {
        let list = lists[rng.below(lists.len())];
        if !list.is_empty() {
            return list[rng.below(list.len())];
        }
    }
}

pub(super) fn body(site: &Site, id: usize, rng: &mut Rng) -> (String, usize) {
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
