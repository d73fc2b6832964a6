//! The shipped hub's sources (issue 16), read from the `/api/` exports of
//! a build of the repository's hub through the binary: every page cites a
//! source; news aggregators are refused where an official page exists (a
//! short list below, with the few citations allowed because no official
//! page exists); timeline entries are dated and in order; and a report of
//! pages whose newest source is over two years old.
//!
//! How a page's sources are dated: the newest of its `date`, its `updated`
//! (the date of the newest source it was last revised against) and, for a
//! case study, its `status_as_of`. A page with none of them is reported as
//! undated. News and events (`dissemination`) are records of their own date
//! and are left out of the report. Run `cargo test --test suite sources:: -- --nocapture` to see the report
//! and the number of citations per web domain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Domains not accepted where an official source exists, and why: each
/// republishes or machine-translates other sites' text, and the official
/// page it copies is known.
const AGGREGATORS: &[(&str, &str)] = &[
    (
        "breakinglatest.news",
        "machine-translated press copies; CLIMABOROUGH's own releases (climaborough.eu) and CORDIS say the same",
    ),
    (
        "einpresswire.com",
        "press-release wire; POLIS Network and NetZeroCities report the label rounds",
    ),
    (
        "horizon.scienceblog.com",
        "republished Horizon Magazine text; the Re-Value cities' own pages (smart.pisek.eu, re-value-cities.eu) say the same",
    ),
    (
        "newseurope.io",
        "news aggregator; NetZeroCities and POLIS report the label rounds",
    ),
];

/// Citations of an aggregator allowed because no official page states the
/// fact (checked March 2026): page (collection/slug), domain, the fact.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "dissemination/mission-labels-2025",
        "newseurope.io",
        "the only stored full list of the 39 cities labelled in May 2025",
    ),
    (
        "cities/istanbul",
        "newseurope.io",
        "Istanbul's May 2025 label: named only in that full list",
    ),
    (
        "cities/grenoble",
        "newseurope.io",
        "Grenoble-Alpes Métropole's May 2025 label: named only in that full list",
    ),
];

/// Every published page of the shipped hub, as exported to `/api/`.
fn pages() -> &'static [Value] {
    static PAGES: OnceLock<Vec<Value>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let run = clusterhub(&[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let read = |name: &str| -> Value {
            let text = std::fs::read_to_string(out.join("api").join(name)).unwrap();
            serde_json::from_str(&text).unwrap()
        };
        let mut all = Vec::new();
        for c in read("index.json")["collections"].as_array().unwrap() {
            let name = c["name"].as_str().unwrap();
            let pages = read(&format!("{name}.json"))["pages"].clone();
            all.extend(pages.as_array().unwrap().iter().cloned());
        }
        all
    })
}

/// `collection/slug`, how the lists above name a page.
fn id(page: &Value) -> String {
    format!(
        "{}/{}",
        page["collection"].as_str().unwrap(),
        page["slug"].as_str().unwrap()
    )
}

fn sources(page: &Value) -> Vec<&str> {
    page["sources"]
        .as_array()
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The host of a web address, without a leading `www.` or a trailing dot.
fn domain(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.');
    host.strip_prefix("www.").unwrap_or(host).to_lowercase()
}

fn aggregator_of(url: &str) -> Option<&'static str> {
    let d = domain(url);
    AGGREGATORS
        .iter()
        .map(|(a, _)| *a)
        .find(|a| d == *a || d.ends_with(&format!(".{a}")))
}

/// Each citation of an aggregator that the allowed list does not cover,
/// as "page: address".
fn aggregator_problems(pages: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    for page in pages {
        for url in sources(page) {
            if let Some(a) = aggregator_of(url)
                && !ALLOWED.iter().any(|(p, d, _)| *p == id(page) && *d == a)
            {
                problems.push(format!("{}: {url}", id(page)));
            }
        }
    }
    problems
}

/// A date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as (year, month, day)
/// with 0 for a part not given; `None` if it is not such a date.
fn date_parts(text: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = num(parts.first()?, 4)?;
    let month = match parts.get(1) {
        Some(m) => num(m, 2).filter(|m| (1..=12).contains(m))?,
        None => 0,
    };
    let day = match parts.get(2) {
        Some(d) => {
            let d = num(d, 2)?;
            jiff::civil::Date::new(year as i16, month as i8, d as i8).ok()?;
            d
        }
        None => 0,
    };
    (parts.len() <= 3).then_some((year, month, day))
}

/// The date of a page's newest source: the newest of `date`, `updated`
/// and `status_as_of`.
fn source_date(page: &Value) -> Option<(u32, u32, u32)> {
    [
        &page["date"],
        &page["updated"],
        &page["fields"]["status_as_of"],
    ]
    .into_iter()
    .filter_map(|v| v.as_str().and_then(date_parts))
    .max()
}

fn today() -> (u32, u32, u32) {
    let d = jiff::ZonedDateTime::now().date();
    (d.year() as u32, d.month() as u32, d.day() as u32)
}

#[test]
fn every_shipped_page_cites_a_source() {
    let pages = pages();
    assert!(pages.len() > 100, "only {} pages exported", pages.len());
    let without: Vec<String> = pages
        .iter()
        .filter(|p| sources(p).is_empty())
        .map(id)
        .collect();
    assert!(without.is_empty(), "pages without sources: {without:#?}");
}

#[test]
fn no_page_cites_an_aggregator_where_an_official_source_exists() {
    let problems = aggregator_problems(pages());
    assert!(
        problems.is_empty(),
        "cite the official page instead (see AGGREGATORS in tests/suite/sources.rs): {problems:#?}"
    );
    // The allowed citations are still made: the list stays short and true.
    for (page, domain, why) in ALLOWED {
        let cited = pages()
            .iter()
            .filter(|p| id(p) == *page)
            .flat_map(sources)
            .any(|u| aggregator_of(u) == Some(domain));
        assert!(
            cited,
            "{page} no longer cites {domain} ({why}): remove it from ALLOWED"
        );
    }
}

#[test]
fn the_aggregator_check_flags_a_citation_and_its_subdomains() {
    let page = serde_json::json!({
        "collection": "case-studies",
        "slug": "example",
        "sources": [
            "https://climaborough.eu/the-project/",
            "https://www.breakinglatest.news/business/x/",
            "http://m.einpresswire.com/article/1",
            "https://notbreakinglatest.news/",
        ],
    });
    assert_eq!(
        aggregator_problems(std::slice::from_ref(&page)),
        [
            "case-studies/example: https://www.breakinglatest.news/business/x/",
            "case-studies/example: http://m.einpresswire.com/article/1",
        ]
    );
    // An allowed citation is allowed on its own page only.
    let mut labels = page;
    labels["collection"] = "dissemination".into();
    labels["slug"] = "mission-labels-2025".into();
    labels["sources"] = serde_json::json!(["https://www.newseurope.io/2025/05/x/?amp=1"]);
    assert!(aggregator_problems(&[labels.clone()]).is_empty());
    labels["slug"] = "another-round".into();
    assert_eq!(aggregator_problems(&[labels]).len(), 1);
}

#[test]
fn timeline_entries_are_dated_and_in_order() {
    let mut problems = Vec::new();
    let mut entries = 0;
    for page in pages() {
        let Some(timeline) = page["fields"]["timeline"].as_array() else {
            continue;
        };
        let mut previous = (0, 0, 0);
        for entry in timeline.iter().filter_map(Value::as_str) {
            entries += 1;
            let dated = entry
                .split_once(": ")
                .filter(|(_, what)| !what.trim().is_empty())
                .and_then(|(when, _)| date_parts(when));
            match dated {
                None => problems.push(format!(
                    "{}: `{entry}` is not \"YYYY-MM-DD: what happened\"",
                    id(page)
                )),
                Some(d) if d < previous => {
                    problems.push(format!("{}: `{entry}` is out of order", id(page)))
                }
                Some(d) => previous = d,
            }
        }
    }
    assert!(entries > 50, "only {entries} timeline entries");
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(date_parts("2023-02-30"), None, "a day that does not exist");
    assert_eq!(date_parts("2023-13"), None);
    assert_eq!(date_parts("2023"), Some((2023, 0, 0)));
}

/// Prints the pages whose newest source is over two years old (and the
/// undated ones) and the citations per domain; fails only on a source date
/// in the future, which is a typo.
#[test]
fn report_pages_whose_newest_source_is_older_than_two_years() {
    let now = today();
    let cutoff = (now.0 - 2, now.1, now.2);
    let (mut old, mut undated, mut future) = (Vec::new(), Vec::new(), Vec::new());
    let mut domains: BTreeMap<String, usize> = BTreeMap::new();
    for page in pages() {
        for url in sources(page) {
            *domains.entry(domain(url)).or_default() += 1;
        }
        let date = source_date(page);
        if let Some(d) = date.filter(|d| *d > now) {
            future.push(format!("{}: {d:?}", id(page)));
        } else if page["collection"] == "dissemination" {
            continue;
        } else if let Some(d) = date.filter(|d| *d < cutoff) {
            old.push(format!("{} ({}-{:02})", id(page), d.0, d.1));
        } else if date.is_none() {
            undated.push(id(page));
        }
    }
    eprintln!(
        "Pages whose newest source is older than {}-{:02}-{:02} ({}): review them against newer sources",
        cutoff.0,
        cutoff.1,
        cutoff.2,
        old.len()
    );
    for p in &old {
        eprintln!("  {p}");
    }
    eprintln!(
        "Pages with no dated source ({}): set `updated` when revising them",
        undated.len()
    );
    for p in &undated {
        eprintln!("  {p}");
    }
    let mut by_count: Vec<_> = domains.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total: usize = by_count.iter().map(|(_, n)| n).sum();
    eprintln!("Source citations per domain ({total} in all):");
    for (d, n) in &by_count {
        eprintln!("  {n:4}  {d}");
    }
    assert!(future.is_empty(), "source dates in the future: {future:#?}");
}
