//! Machine-facing files written from data, not templates: Atom feeds per
//! collection that asks for one, `sitemap.xml` and `robots.txt`.

use crate::config::Config;
use crate::render::{Output, summary_text};
use crate::resolve::Site;
use crate::text::escape_xml;
use std::fmt::Write as _;

pub fn feed_path(collection: &str) -> String {
    format!("{collection}/atom.xml")
}

/// Absolute URL of a root-relative URL.
fn absolute(config: &Config, url: &str) -> String {
    let origin = config
        .base_url
        .strip_suffix(&config.base_path())
        .unwrap_or(config.base_url.trim_end_matches('/'));
    format!("{origin}{url}")
}

pub fn feeds(config: &Config, site: &Site, urls: &[String]) -> Vec<Output> {
    let mut out = Vec::new();
    for (c, cp) in config.collections.iter().zip(&site.collections) {
        if !c.feed {
            continue;
        }
        let mut ids = cp.pages.clone();
        ids.sort_by(|&a, &b| {
            let (da, db) = (&site.pages[a].doc, &site.pages[b].doc);
            db.updated
                .or(db.date)
                .cmp(&da.updated.or(da.date))
                .then_with(|| da.path.cmp(&db.path))
        });
        ids.truncate(50);
        let feed_url = format!("{}{}", config.base_url, feed_path(&c.name));
        let updated = ids
            .first()
            .and_then(|&id| site.pages[id].doc.updated.or(site.pages[id].doc.date))
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let mut xml = String::with_capacity(4096 + ids.len() * 1024);
        xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
        let _ = writeln!(xml, " xml:lang=\"{}\">", escape_xml(&config.language));
        let _ = writeln!(
            xml,
            "  <title>{} – {}</title>",
            escape_xml(&config.title),
            escape_xml(&c.label)
        );
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(&c.description));
        let _ = writeln!(
            xml,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            escape_xml(&feed_url)
        );
        let _ = writeln!(
            xml,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}{}/\"/>",
            escape_xml(&config.base_url),
            escape_xml(&c.name)
        );
        let _ = writeln!(xml, "  <id>{}</id>", escape_xml(&feed_url));
        let _ = writeln!(xml, "  <updated>{updated}</updated>");
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            escape_xml(&config.title)
        );
        for id in ids {
            let doc = &site.pages[id].doc;
            let link = absolute(config, &urls[id]);
            let date = doc
                .updated
                .or(doc.date)
                .map_or_else(|| updated.clone(), |d| d.rfc3339());
            xml.push_str("  <entry>\n");
            let _ = writeln!(xml, "    <title>{}</title>", escape_xml(&doc.title));
            let _ = writeln!(
                xml,
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                escape_xml(&link)
            );
            let _ = writeln!(xml, "    <id>{}</id>", escape_xml(&link));
            if let Some(d) = doc.date {
                let _ = writeln!(xml, "    <published>{}</published>", d.rfc3339());
            }
            let _ = writeln!(xml, "    <updated>{date}</updated>");
            let _ = writeln!(
                xml,
                "    <summary>{}</summary>",
                escape_xml(&summary_text(doc))
            );
            let _ = writeln!(
                xml,
                "    <content type=\"html\">{}</content>",
                escape_xml(&doc.body.html)
            );
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        out.push(Output {
            path: feed_path(&c.name),
            bytes: xml.into_bytes(),
        });
    }
    out
}

pub fn sitemap(config: &Config, site: &Site) -> Output {
    let mut xml = String::with_capacity(256 + site.pages.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut entry = |path: &str, lastmod: Option<String>| {
        let _ = write!(
            xml,
            "  <url><loc>{}{}</loc>",
            escape_xml(&config.base_url),
            escape_xml(path)
        );
        if let Some(m) = lastmod {
            let _ = write!(xml, "<lastmod>{m}</lastmod>");
        }
        xml.push_str("</url>\n");
    };
    entry("", None);
    for c in &config.collections {
        entry(&format!("{}/", c.name), None);
    }
    for (tax, terms) in config.taxonomies.iter().zip(&site.taxonomies) {
        entry(&format!("{}/", tax.name), None);
        for t in &terms.terms {
            entry(&format!("{}/{}/", tax.name, t.slug), None);
        }
    }
    for page in &site.pages {
        let lastmod = page
            .doc
            .updated
            .or(page.doc.date)
            .filter(|d| d.day.is_some())
            .map(|d| d.iso());
        entry(&page.path, lastmod);
    }
    xml.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

pub fn robots(config: &Config) -> Output {
    Output {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            config.base_url
        )
        .into_bytes(),
    }
}
