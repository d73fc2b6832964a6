//! Machine-readable exports generated from the content model: JSON and CSV
//! per collection, GeoJSON of the mapped collection, an index of them under
//! `/api/`, and each item page's schema.org JSON-LD.

use crate::config::{Collection, Config};
use crate::map;
use crate::output::Output;
use crate::parse::FieldValue;
use crate::resolve::{PageId, Site};
use crate::routes::{Route, Routes};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Every export: `/api/<collection>.json` and `.csv` for each collection,
/// `/api/<collection>.geojson` for each mapped collection, `/api/index.json`.
pub(crate) fn exports(config: &Config, site: &Site, routes: &Routes) -> Vec<Output> {
    let mut out = Vec::new();
    let mut index = Vec::new();
    for (c, cp) in config.collections.iter().zip(site.collections()) {
        // Each record is serialised as soon as it is made (in parallel),
        // so the JSON trees of a whole collection (hundreds of MB at
        // 100,000 pages) never exist at once.
        let records: Vec<Vec<u8>> = cp
            .pages
            .par_iter()
            .map(|&id| pretty_nested(&page_record(site, routes, id), 2))
            .collect();
        let mut head = json!({
            "collection": c.name,
            "label": c.label,
            "count": records.len(),
        });
        if let Some(l) = &config.content_license {
            head["license"] = json!(l);
        }
        let (json, csv) = (Route::Json(&c.name), Route::Csv(&c.name));
        out.push(Output {
            path: json.output(),
            bytes: pretty_with_list(&head, "pages", &records),
        });
        out.push(Output {
            path: csv.output(),
            bytes: csv_bytes(c, site, &cp.pages, routes),
        });
        let mut entry = json!({
            "name": c.name,
            "label": c.label,
            "description": c.description,
            "count": cp.pages.len(),
            "json": routes.absolute(&json),
            "csv": routes.absolute(&csv),
            "feed": if c.feed { Value::from(routes.absolute(&Route::CollectionFeed(&c.name))) } else { Value::Null },
        });
        if let Some(fields) = &c.find.map {
            let geojson_route = Route::GeoJson(&c.name);
            out.push(Output {
                path: geojson_route.output(),
                bytes: pretty(&geojson(config, site, routes, c, fields)),
            });
            entry["geojson"] = Value::from(routes.absolute(&geojson_route));
        }
        index.push(entry);
    }
    let mut doc = json!({
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "language": config.language,
        "generator": "clusterhub",
        "collections": index,
    });
    if let Some(l) = &config.content_license {
        doc["license"] = json!(l);
    }
    out.push(Output {
        path: Route::ApiIndex.output(),
        bytes: pretty(&doc),
    });
    out
}

fn pretty(v: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `v` pretty-printed as it appears `depth` levels deep in a pretty-printed
/// document (two spaces a level; JSON strings hold no raw newline, so every
/// line break is the printer's).
fn pretty_nested(v: &Value, depth: usize) -> Vec<u8> {
    let flat = serde_json::to_vec_pretty(v).unwrap_or_default();
    let indent = "  ".repeat(depth);
    let mut out = Vec::with_capacity(flat.len() + flat.len() / 8);
    out.extend_from_slice(indent.as_bytes());
    for &b in &flat {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(indent.as_bytes());
        }
    }
    out
}

/// What `pretty` prints for the object `head` with `key` (which must sort
/// after `head`'s keys) added, holding the array of already printed
/// `items` (from `pretty_nested` at depth 2).
fn pretty_with_list(head: &Value, key: &str, items: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(head).unwrap_or_default();
    // Reopen the object: drop its closing "\n}" (or the "}" of "{}").
    let reopen = if bytes.ends_with(b"\n}") { 2 } else { 1 };
    bytes.truncate(bytes.len().saturating_sub(reopen));
    if bytes.len() > 1 {
        bytes.push(b',');
    }
    bytes.extend_from_slice(format!("\n  {}: [", Value::from(key)).as_bytes());
    for (i, item) in items.iter().enumerate() {
        bytes.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        bytes.extend_from_slice(item);
    }
    if !items.is_empty() {
        bytes.extend_from_slice(b"\n  ");
    }
    bytes.extend_from_slice(b"]\n}\n");
    bytes
}

/// `{slug, title, url}` of a page, for refs.
fn ref_value(site: &Site, routes: &Routes, id: PageId) -> Value {
    json!({
        "slug": site.pages[id].slug,
        "title": site.pages[id].doc().title,
        "url": routes.absolute(&site.pages[id].route()),
    })
}

/// The targets of a ref field of a page, resolved.
fn ref_targets<'a>(site: &'a Site, id: PageId, field: &str) -> &'a [PageId] {
    site.pages[id]
        .refs()
        .iter()
        .find(|(f, _)| f == field)
        .map_or(&[], |(_, t)| t.as_slice())
}

/// A page as exported: URL, slug, title, summary, common fields and every
/// declared field (refs expanded to `{slug, title, url}`).
pub(crate) fn page_record(site: &Site, routes: &Routes, id: PageId) -> Value {
    let page = &site.pages[id];
    let doc = &page.doc();
    let mut fields = Map::new();
    for (name, value) in &doc.fields {
        let v = match value {
            FieldValue::Ref(_) => ref_targets(site, id, name)
                .first()
                .map_or(Value::Null, |&t| ref_value(site, routes, t)),
            FieldValue::Refs(_) => Value::from(
                ref_targets(site, id, name)
                    .iter()
                    .map(|&t| ref_value(site, routes, t))
                    .collect::<Vec<_>>(),
            ),
            other => other.to_json(),
        };
        fields.insert(name.clone(), v);
    }
    json!({
        "collection": page.collection,
        "slug": page.slug,
        "url": routes.absolute(&page.route()),
        "title": doc.title,
        "summary": doc.summary_text(),
        "date": doc.date.map(|d| d.iso()),
        "updated": doc.updated.map(|d| d.iso()),
        "sources": doc.sources,
        "fields": fields,
    })
}

/// A text cell that a spreadsheet would run as a formula (OWASP's CSV
/// injection rule: it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, which spreadsheets show as text. Numbers
/// we format ourselves (integer and number fields, dates) are never passed
/// here, so `-5` stays a number.
pub(crate) fn csv_text(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The byte order mark that starts each CSV export.
pub(crate) const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();

/// One row per page; list and refs fields joined with `; ` (refs as slugs).
/// Every text cell goes through `csv_text`. The file starts with a UTF-8
/// byte order mark, without which Excel reads it in the machine's legacy
/// code page (Ålesund would show as Ã…lesund).
fn csv_bytes(c: &Collection, site: &Site, ids: &[PageId], routes: &Routes) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec());
    let mut header: Vec<&str> = vec![
        "url", "slug", "title", "summary", "date", "updated", "sources",
    ];
    header.extend(c.fields.iter().map(|f| f.name.as_str()));
    let _ = w.write_record(&header);
    for &id in ids {
        let doc = &site.pages[id].doc();
        let mut row: Vec<String> = vec![
            csv_text(routes.absolute(&site.pages[id].route())),
            csv_text(site.pages[id].slug.clone()),
            csv_text(doc.title.clone()),
            csv_text(doc.summary_text()),
            doc.date.map(|d| d.iso()).unwrap_or_default(),
            doc.updated.map(|d| d.iso()).unwrap_or_default(),
            csv_text(doc.sources.join("; ")),
        ];
        for f in &c.fields {
            row.push(
                doc.field(&f.name)
                    .map_or_else(String::new, |v| v.csv_cell(csv_text)),
            );
        }
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

fn geojson(
    config: &Config,
    site: &Site,
    routes: &Routes,
    c: &Collection,
    fields: &crate::config::MapFields,
) -> Value {
    let features: Vec<Value> = map::places(config, site, c, fields)
        .into_iter()
        .filter_map(|p| {
            let (lat, lon) = p.coords?;
            let mut props = page_record(site, routes, p.id);
            if let Some(obj) = props.as_object_mut() {
                obj.insert("count".into(), Value::from(p.count));
            }
            Some(json!({
                "type": "Feature",
                "id": site.pages[p.id].slug,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }))
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "count_of": fields.count,
        "features": features,
    })
}

/// The schema.org type of a page: by field value, else the collection's.
pub(crate) fn schema_type(config: &Config, site: &Site, id: PageId) -> String {
    let page = &site.pages[id];
    let Some(c) = config.collection(&page.collection) else {
        return "CreativeWork".into();
    };
    if let Some((field, types)) = &c.find.schema_type_by
        && let Some(FieldValue::Str(v)) = page.doc().field(field)
        && let Some(t) = types.get(v)
    {
        return t.clone();
    }
    c.find
        .schema_type
        .clone()
        .unwrap_or_else(|| "CreativeWork".into())
}

/// A referenced page as a nested schema.org object.
fn ld_ref(config: &Config, site: &Site, routes: &Routes, id: PageId) -> Value {
    let mut obj = Map::new();
    obj.insert("@type".into(), Value::from(schema_type(config, site, id)));
    obj.insert(
        "name".into(),
        Value::from(site.pages[id].doc().title.as_str()),
    );
    obj.insert(
        "url".into(),
        Value::from(routes.absolute(&site.pages[id].route())),
    );
    if let Some((lat, lon)) = map::coords_of(config, site, id) {
        obj.insert("geo".into(), geo(lat, lon));
    }
    Value::from(obj)
}

fn geo(lat: f64, lon: f64) -> Value {
    json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon})
}

/// Inserts `value` at a dotted property path (`address.addressCountry`).
fn insert_path(obj: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            obj.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = obj
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

/// The page's JSON-LD (`script_safe` writes it inside `<script>`).
pub(crate) fn jsonld(config: &Config, site: &Site, routes: &Routes, id: PageId) -> Value {
    let page = &site.pages[id];
    let doc = &page.doc();
    let kind = schema_type(config, site, id);
    let url = routes.absolute(&page.route());
    let mut obj = Map::new();
    obj.insert("@context".into(), Value::from("https://schema.org"));
    obj.insert("@type".into(), Value::from(kind.as_str()));
    obj.insert("@id".into(), Value::from(url.as_str()));
    obj.insert("url".into(), Value::from(url.as_str()));
    obj.insert("name".into(), Value::from(doc.title.as_str()));
    if let Some(l) = &config.content_license {
        obj.insert("license".into(), Value::from(l.url.as_str()));
    }
    if matches!(
        kind.as_str(),
        "Article" | "NewsArticle" | "BlogPosting" | "Report"
    ) {
        obj.insert("headline".into(), Value::from(doc.title.as_str()));
        // The hub publishes it (a `publisher` property mapped in hub.yaml
        // replaces this below).
        obj.insert("publisher".into(), organization(config, routes));
    }
    let summary = doc.summary_text();
    if !summary.is_empty() {
        obj.insert("description".into(), Value::from(summary));
    }
    // Consumers of schema.org dates expect full ISO 8601 dates: a
    // month-only date is left out rather than given a day no source
    // states, except an event's start, which an Event cannot do without
    // (ISO 8601's reduced precision, `2024-03`).
    let event = kind == "Event";
    if let Some(d) = doc.date.filter(|d| d.day.is_some() || event) {
        let key = if event { "startDate" } else { "datePublished" };
        obj.insert(key.into(), Value::from(d.iso()));
    }
    if let Some(d) = doc.updated.filter(|d| d.day.is_some()) {
        obj.insert("dateModified".into(), Value::from(d.iso()));
    }
    obj.insert("inLanguage".into(), Value::from(config.language.as_str()));
    obj.insert(
        "isPartOf".into(),
        json!({"@type": "WebSite", "name": config.title, "url": routes.base_url()}),
    );
    if !doc.sources.is_empty() {
        obj.insert("citation".into(), Value::from(doc.sources.clone()));
    }
    if let Some((lat, lon)) = map::coords_of(config, site, id) {
        obj.insert("geo".into(), geo(lat, lon));
    }
    let collection = config.collection(&page.collection);
    for (prop, field) in collection
        .map(|c| c.find.schema_properties.as_slice())
        .unwrap_or_default()
    {
        let def = collection.and_then(|c| c.field(field));
        let value = match doc.field(field) {
            None => continue,
            Some(FieldValue::Ref(_)) => match ref_targets(site, id, field).first() {
                Some(&t) => ld_ref(config, site, routes, t),
                None => continue,
            },
            Some(FieldValue::Refs(_)) => Value::from(
                ref_targets(site, id, field)
                    .iter()
                    .map(|&t| ld_ref(config, site, routes, t))
                    .collect::<Vec<_>>(),
            ),
            Some(other) => def.map_or_else(|| other.to_json(), |d| d.ld_value(other)),
        };
        insert_path(&mut obj, prop, value);
    }
    Value::Object(obj)
}

/// The organisation behind the hub: hub.yaml's `footer.publisher` when
/// set, else the hub itself by its title.
fn organization(config: &Config, routes: &Routes) -> Value {
    let name = if config.footer.publisher.is_empty() {
        config.title.as_str()
    } else {
        config.footer.publisher.as_str()
    };
    json!({"@type": "Organization", "name": name, "url": routes.base_url()})
}

/// The home page's JSON-LD: the WebSite (with its search) and the
/// Organization (`script_safe` writes it inside `<script>`).
pub(crate) fn home_jsonld(config: &Config, routes: &Routes) -> Value {
    let search = format!(
        "{}?q={{search_term_string}}",
        routes.absolute(&Route::Search)
    );
    let mut org = organization(config, routes);
    org["@id"] = Value::from(format!("{}#organization", routes.base_url()));
    let ld = json!({
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebSite",
                "@id": format!("{}#website", routes.base_url()),
                "name": config.title,
                "description": config.description,
                "url": routes.base_url(),
                "inLanguage": config.language,
                "publisher": {"@id": format!("{}#organization", routes.base_url())},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint", "urlTemplate": search},
                    "query-input": "required name=search_term_string",
                },
            },
            org,
        ],
    });
    ld
}

/// A page's BreadcrumbList (home, its collection, the page; `script_safe`
/// writes it inside `<script>`).
pub(crate) fn breadcrumb_jsonld(
    config: &Config,
    site: &Site,
    routes: &Routes,
    id: PageId,
) -> Value {
    let page = &site.pages[id];
    let listing = Route::Listing {
        collection: &page.collection,
        page: 1,
    };
    let label = config
        .collection(&page.collection)
        .map_or(page.collection.as_str(), |c| c.label.as_str());
    let crumbs = [
        (config.title.as_str(), routes.base_url().to_string()),
        (label, routes.absolute(&listing)),
        (page.doc().title.as_str(), routes.absolute(&page.route())),
    ];
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "item": url})
        })
        .collect();
    let ld = json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items});
    ld
}

/// JSON that cannot end a `<script>` element or open a comment: compact
/// serde_json output with `<`, `>`, `&`, U+2028 and U+2029 written as
/// `\u` escapes. They can only occur inside strings, so the escapes are
/// made as each string is written, in one pass.
pub(crate) fn script_safe(value: &Value) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 and the escapes are ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's compact formatter, escaping what `script_safe` escapes.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            // Most bytes are none of the four that may start an escape.
            if !matches!(b, b'<' | b'>' | b'&' | 0xE2) {
                continue;
            }
            let escape: &[u8] = match (b, bytes.get(i + 1..i + 3)) {
                (b'<', _) => b"\\u003c",
                (b'>', _) => b"\\u003e",
                (b'&', _) => b"\\u0026",
                (0xE2, Some([0x80, 0xA8])) => b"\\u2028",
                (0xE2, Some([0x80, 0xA9])) => b"\\u2029",
                _ => continue,
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escape)?;
            start = i + if b == 0xE2 { 3 } else { 1 };
        }
        writer.write_all(&bytes[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_printed_in_pieces_is_the_one_printed_whole() {
        let record = |n: i64| json!({"title": format!("Page {n}\nwith \"quotes\""), "tags": ["a", "b"], "empty": [], "n": n, "nested": {"x": {}}});
        for count in [0, 1, 3] {
            let records: Vec<Value> = (0..count).map(record).collect();
            let whole =
                pretty(&json!({"collection": "c", "label": "C", "count": count, "pages": records}));
            let items: Vec<Vec<u8>> = records.iter().map(|r| pretty_nested(r, 2)).collect();
            let head = json!({"collection": "c", "label": "C", "count": count});
            assert_eq!(
                String::from_utf8(pretty_with_list(&head, "pages", &items)).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        let value =
            json!({"a</script>": "</script><!-- & ]]> \u{2028}\u{2029} é\n\"", "n": [1, 2.5]});
        let safe = script_safe(&value);
        assert!(!safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
        assert_eq!(
            safe,
            r#"{"a\u003c/script\u003e":"\u003c/script\u003e\u003c!-- \u0026 ]]\u003e \u2028\u2029 é\n\"","n":[1,2.5]}"#
        );
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
