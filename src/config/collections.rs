//! hub.yaml's `collections:`: each collection's settings, typed fields,
//! outline for `new`, and findability (`feed_per_item`, `map`,
//! `schema_org`).

use super::read::Parser;
use super::{
    COMMON_FIELDS, CONFIG_FILE, Collection, CollectionFind, FieldDef, FieldKind, FormSettings,
    MapFields, Section, Sort, SortKey, singular_of,
};
use crate::diag::Diagnostic;
use crate::model::Decl;
use crate::text::{humanize, nearest};
use crate::yaml::{self, Yaml};
use std::collections::BTreeMap;

const COLLECTION_KEYS: [&str; 13] = [
    "label",
    "singular",
    "description",
    "sort",
    "per_page",
    "feed",
    "fields",
    "feed_per_item",
    "map",
    "schema_org",
    "outline",
    "nav",
    "form",
];
const FORM_KEYS: [&str; 2] = ["title", "labels"];
const MAP_KEYS: [&str; 4] = ["lat", "lon", "count", "colour"];
const SCHEMA_ORG_KEYS: [&str; 4] = ["type", "field", "types", "properties"];
const FIELD_KEYS: [&str; 13] = [
    "pattern",
    "pattern_help",
    "not_before",
    "type",
    "to",
    "values",
    "labels",
    "required",
    "label",
    "help",
    "min",
    "max",
    "backlinks_label",
];

impl Parser<'_> {
    pub(super) fn collections(&mut self, root: &Yaml) -> Vec<Collection> {
        let Some(Yaml::Map(entries)) = root.get("collections") else {
            self.error(
                &["collections"],
                "missing-field",
                "hub.yaml declares no `collections`".into(),
                Some("declare at least one collection with its fields".into()),
            );
            return Vec::new();
        };
        let names: Vec<String> = entries.iter().map(|(k, _)| k.clone()).collect();
        let collections: Vec<Collection> = entries
            .iter()
            .filter_map(|(name, body)| self.collection(name, body, &names))
            .collect();
        for c in &collections {
            self.map_colour(c, &collections);
        }
        collections
    }

    /// One collection; `names`: every collection's.
    fn collection(&mut self, name: &String, body: &Yaml, names: &[String]) -> Option<Collection> {
        let path = ["collections", name.as_str()];
        self.collection_name(&path, name);
        let body = if matches!(body, Yaml::Null) {
            &Yaml::Map(Vec::new())
        } else {
            body
        };
        if !matches!(body, Yaml::Map(_)) {
            self.error(
                &path,
                "wrong-type",
                format!("collection `{name}` must be a mapping with `label` and `fields`"),
                None,
            );
            return None;
        }
        self.check_keys(body, &path, &COLLECTION_KEYS);
        let label = self
            .string(body, &path, "label")
            .unwrap_or_else(|| humanize(name));
        let sort_text = self
            .string(body, &path, "sort")
            .unwrap_or_else(|| "title".into());
        let sort = self.sort(&sort_text, &path);
        let per_page = self
            .number(body, &path, "per_page")
            .map_or(20, |n| n.max(1.0) as usize);
        let fields = self.fields(body, &path, names);
        self.sort_field(&path, &sort, &fields);
        let find = self.collection_find(body, &path, &fields, names);
        let outline = self.outline(body, &path);
        let singular = self
            .string(body, &path, "singular")
            .unwrap_or_else(|| singular_of(&label));
        Some(Collection {
            outline,
            find,
            form: self.form(body, &path, &singular),
            singular,
            label,
            description: self.string(body, &path, "description").unwrap_or_default(),
            sort,
            per_page,
            feed: self.boolean(body, &path, "feed").unwrap_or(false),
            nav: self.boolean(body, &path, "nav").unwrap_or(true),
            fields,
            name: name.clone(),
        })
    }

    /// A collection's name is the folder of its pages: a slug, and not a
    /// folder clusterhub fills itself.
    fn collection_name(&mut self, path: &[&str], name: &str) {
        if crate::text::slugify(name) != name {
            self.error(
                path,
                "bad-name",
                format!("collection name `{name}` must be lowercase letters, digits and hyphens"),
                Some(format!("use `{}`", crate::text::slugify(name))),
            );
        }
        if let Some(what) = crate::routes::generated_folder(name) {
            self.error(
                path,
                "bad-name",
                format!("collection `{name}` would write its pages where clusterhub writes {what}"),
                Some("choose another name".into()),
            );
        } else if ["static", "page", "tags"].contains(&name) {
            self.error(
                path,
                "bad-name",
                format!("`{name}` is reserved for clusterhub's own pages"),
                None,
            );
        }
    }

    /// `form: true`, or `form: {title, labels}`: the collection's GitHub
    /// issue form, each mistake at its key.
    fn form(&mut self, body: &Yaml, path: &[&str], singular: &str) -> Option<FormSettings> {
        let fpath: Vec<&str> = path.iter().copied().chain(["form"]).collect();
        let default = FormSettings {
            title: format!("{singular}: "),
            labels: Vec::new(),
            url: String::new(),
        };
        match body.get("form")? {
            Yaml::Null | Yaml::Bool(false) => None,
            Yaml::Bool(true) => Some(default),
            form @ Yaml::Map(_) => {
                self.check_keys(form, &fpath, &FORM_KEYS);
                let title = self.string(form, &fpath, "title").unwrap_or(default.title);
                let labels = self.string_list(form, &fpath, "labels").unwrap_or_default();
                self.form_labels(&fpath, &labels);
                Some(FormSettings {
                    title,
                    labels,
                    url: String::new(),
                })
            }
            other => {
                self.error(
                    &fpath,
                    "wrong-type",
                    format!("`form` must be true, false or a mapping, found {}", other.type_name()),
                    Some("write `form: true`, or `form: {title: \"Case study: \", labels: [proposal]}`".into()),
                );
                None
            }
        }
    }

    /// An issue form's labels: each not empty, none twice (GitHub refuses
    /// the form otherwise).
    fn form_labels(&mut self, fpath: &[&str], labels: &[String]) {
        let lpath: Vec<&str> = fpath.iter().copied().chain(["labels"]).collect();
        for (i, label) in labels.iter().enumerate() {
            let message = if label.trim().is_empty() {
                "an issue label must not be empty".to_string()
            } else if labels[..i].contains(label) {
                format!("issue label `{label}` is listed twice")
            } else {
                continue;
            };
            let (line, col) = yaml::locate_item(self.text, &lpath, i)
                .or_else(|| yaml::locate_key(self.text, &lpath))
                .unwrap_or((1, 1));
            let d = Diagnostic::error("bad-form", CONFIG_FILE, message)
                .at(self.text, line, col)
                .width(label.chars().count().max(1))
                .hint("give each label once, as it is named in the repository's issue labels");
            self.diags.push(d);
        }
    }

    /// A sort by a field needs the field.
    fn sort_field(&mut self, path: &[&str], sort: &Sort, fields: &[FieldDef]) {
        let SortKey::Field(f) = &sort.key else { return };
        if fields.iter().any(|d| &d.name == f) {
            return;
        }
        let mut full = path.to_vec();
        full.push("sort");
        self.error(
            &full,
            "bad-sort",
            format!("cannot sort by `{f}`: no such field in `{}`", path[1]),
            Some("use `date`, `title` or a declared field, optionally followed by `desc`".into()),
        );
    }

    /// A collection's `outline`, each mistake at its item.
    fn outline(&mut self, body: &Yaml, path: &[&str]) -> Vec<Section> {
        let Some(value) = body.get("outline") else {
            return Vec::new();
        };
        let (sections, problems) = crate::model::outline::read(value);
        let opath: Vec<&str> = path.iter().copied().chain(["outline"]).collect();
        for p in problems {
            let key = yaml::locate_key(self.text, &opath).unwrap_or((1, 1));
            let at = p
                .index
                .and_then(|i| yaml::locate_item(self.text, &opath, i));
            let (line, col) = at.unwrap_or(key);
            let mut d = Diagnostic::error(p.code, CONFIG_FILE, p.message)
                .at(self.text, line, col)
                .hint(p.hint);
            if at.is_none() {
                d = d.width("outline".len());
            } else if let Some(text) = p.underline.filter(|u| {
                self.text
                    .lines()
                    .nth(line - 1)
                    .is_some_and(|l| l.contains(u.as_str()))
            }) {
                d = d.width(text.chars().count());
            }
            self.diags.push(d);
        }
        sections
    }

    /// `feed_per_item`, `map` and `schema_org` of a collection.
    fn collection_find(
        &mut self,
        body: &Yaml,
        path: &[&str],
        fields: &[FieldDef],
        collections: &[String],
    ) -> CollectionFind {
        let mut find = CollectionFind {
            feed_per_item: self.boolean(body, path, "feed_per_item").unwrap_or(false),
            ..CollectionFind::default()
        };
        if let Some(map) = body.get("map") {
            find.map = self.map_fields(map, path, fields, collections);
        }
        if let Some(so) = body.get("schema_org") {
            self.schema_org(so, path, fields, &mut find);
        }
        find
    }

    /// A field that `sub` (below the collection at `path`) names must be
    /// declared (and hold a number when `numeric`).
    fn need_field(
        &mut self,
        path: &[&str],
        sub: &[&str],
        fields: &[FieldDef],
        field: &str,
        numeric: bool,
    ) {
        let ok = match fields.iter().find(|f| f.name == field) {
            Some(d) => !numeric || d.kind.is_numeric(),
            None => COMMON_FIELDS.contains(&field) && !numeric,
        };
        if ok {
            return;
        }
        let mut full = path.to_vec();
        full.extend_from_slice(sub);
        let hint = match nearest(field, fields.iter().map(|f| f.name.as_str())) {
            Some(n) => format!("did you mean `{n}`?"),
            None => "name a field declared in this collection's `fields`".into(),
        };
        let what = if numeric { "number field" } else { "field" };
        self.error(
            &full,
            "unknown-field",
            format!("no {what} `{field}` in this collection"),
            Some(hint),
        );
    }

    /// `map: {lat, lon, count}`: the collection's pages are places.
    fn map_fields(
        &mut self,
        map: &Yaml,
        path: &[&str],
        fields: &[FieldDef],
        collections: &[String],
    ) -> Option<MapFields> {
        let mpath: Vec<&str> = path.iter().copied().chain(["map"]).collect();
        if !matches!(map, Yaml::Map(_)) {
            self.error(
                &mpath,
                "wrong-type",
                "`map` must be a mapping like `{lat: lat, lon: lon}`".into(),
                None,
            );
            return None;
        }
        self.check_keys(map, &mpath, &MAP_KEYS);
        let lat = self
            .string(map, &mpath, "lat")
            .unwrap_or_else(|| "lat".into());
        let lon = self
            .string(map, &mpath, "lon")
            .unwrap_or_else(|| "lon".into());
        let count = self.string(map, &mpath, "count").unwrap_or_default();
        self.need_field(path, &["map", "lat"], fields, &lat, true);
        self.need_field(path, &["map", "lon"], fields, &lon, true);
        if !count.is_empty() && !collections.contains(&count) {
            let mut full = mpath.clone();
            full.push("count");
            let hint = match nearest(&count, collections.iter().map(String::as_str)) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("declared collections: {}", collections.join(", ")),
            };
            self.error(
                &full,
                "unknown-collection",
                format!("`count` names collection `{count}`, which is not declared"),
                Some(hint),
            );
        }
        let colour = self.string(map, &mpath, "colour").unwrap_or_default();
        Some(MapFields {
            lat,
            lon,
            count,
            colour,
        })
    }

    /// `map.colour` names a ref or refs field of the `count` collection.
    fn map_colour(&mut self, c: &Collection, all: &[Collection]) {
        let Some(map) = &c.find.map else { return };
        if map.colour.is_empty() {
            return;
        }
        let counted = all.iter().find(|k| k.name == map.count);
        let refs: Vec<&str> = counted.map_or(Vec::new(), |k| {
            k.fields
                .iter()
                .filter(|f| f.kind.target().is_some())
                .map(|f| f.name.as_str())
                .collect()
        });
        if refs.contains(&map.colour.as_str()) {
            return;
        }
        let hint = match (counted, nearest(&map.colour, refs.iter().copied())) {
            (None, _) => "`colour` needs `count`: the collection whose pages are counted".into(),
            (_, Some(n)) => format!("did you mean `{n}`?"),
            (Some(k), None) if refs.is_empty() => format!("`{}` has no ref or refs field", k.name),
            (Some(_), None) => format!("ref and refs fields there: {}", refs.join(", ")),
        };
        self.error_at_value(
            &["collections", c.name.as_str(), "map", "colour"],
            Some(&map.colour),
            "unknown-field",
            format!(
                "`colour` must name a ref or refs field of `{}`, the counted collection",
                map.count
            ),
            Some(hint),
        );
    }

    /// `schema_org`: a type name, or `{type, field, types, properties}`.
    fn schema_org(
        &mut self,
        so: &Yaml,
        path: &[&str],
        fields: &[FieldDef],
        find: &mut CollectionFind,
    ) {
        let spath: Vec<&str> = path.iter().copied().chain(["schema_org"]).collect();
        match so {
            Yaml::Str(t) => find.schema_type = Some(t.clone()),
            Yaml::Map(_) => {
                self.check_keys(so, &spath, &SCHEMA_ORG_KEYS);
                find.schema_type = self.string(so, &spath, "type");
                if let Some(field) = self.string(so, &spath, "field") {
                    self.need_field(path, &["schema_org", "field"], fields, &field, false);
                    let mut types = BTreeMap::new();
                    if let Some(Yaml::Map(entries)) = so.get("types") {
                        for (k, v) in entries {
                            types.insert(k.clone(), v.display());
                        }
                    }
                    find.schema_type_by = Some((field, types));
                }
                if let Some(Yaml::Map(entries)) = so.get("properties") {
                    for (prop, field) in entries {
                        let field = field.display();
                        let sub = ["schema_org", "properties", prop.as_str()];
                        self.need_field(path, &sub, fields, &field, false);
                        find.schema_properties.push((prop.clone(), field));
                    }
                }
            }
            other => self.error(
                &spath,
                "wrong-type",
                format!(
                    "`schema_org` must be a type name like `Article` or a mapping, found {}",
                    other.type_name()
                ),
                None,
            ),
        }
    }

    fn sort(&mut self, text: &str, path: &[&str]) -> Sort {
        let mut words = text.split_whitespace();
        let key = words.next().unwrap_or("title");
        let descending = match words.next() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => {
                let mut full = path.to_vec();
                full.push("sort");
                self.error(
                    &full,
                    "bad-sort",
                    format!("unknown sort direction `{other}`"),
                    Some("write `asc` or `desc`".into()),
                );
                false
            }
        };
        let key = match key {
            "date" => SortKey::Date,
            "title" => SortKey::Title,
            other => SortKey::Field(other.to_string()),
        };
        Sort { key, descending }
    }

    fn fields(&mut self, body: &Yaml, path: &[&str], collections: &[String]) -> Vec<FieldDef> {
        let Some(fields) = body.get("fields") else {
            return Vec::new();
        };
        let Yaml::Map(entries) = fields else {
            if !matches!(fields, Yaml::Null) {
                let mut full = path.to_vec();
                full.push("fields");
                self.error(
                    &full,
                    "wrong-type",
                    "`fields` must be a mapping of field names to their definition".into(),
                    None,
                );
            }
            return Vec::new();
        };
        let fields: Vec<FieldDef> = entries
            .iter()
            .filter_map(|(name, def)| self.field(path, name, def, collections))
            .collect();
        self.check_not_before(path, &fields);
        fields
    }

    /// Each `not_before` names another date field of the collection.
    fn check_not_before(&mut self, path: &[&str], fields: &[FieldDef]) {
        for f in fields {
            let FieldKind::Date {
                not_before: Some(other),
            } = &f.kind
            else {
                continue;
            };
            let is_date = |d: &&FieldDef| matches!(d.kind, FieldKind::Date { .. });
            let dates: Vec<&str> = fields
                .iter()
                .filter(is_date)
                .filter(|d| d.name != f.name)
                .map(|d| d.name.as_str())
                .collect();
            if dates.contains(&other.as_str()) {
                continue;
            }
            let at: Vec<&str> = path
                .iter()
                .copied()
                .chain(["fields", f.name.as_str(), "not_before"])
                .collect();
            let hint = match nearest(other, dates.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None if dates.is_empty() => {
                    "declare the other date field first, with `type: date`".into()
                }
                None => format!("date fields of this collection: {}", dates.join(", ")),
            };
            self.error_at_value(
                &at,
                Some(other),
                "bad-field",
                format!("`not_before: {other}` must name another date field of this collection"),
                Some(hint),
            );
        }
    }

    /// One declared field, its kind read by the kinds (`FieldKind::declare`).
    fn field(
        &mut self,
        path: &[&str],
        name: &String,
        def: &Yaml,
        collections: &[String],
    ) -> Option<FieldDef> {
        let fpath: Vec<&str> = path
            .iter()
            .copied()
            .chain(["fields", name.as_str()])
            .collect();
        if COMMON_FIELDS.contains(&name.as_str()) {
            self.error(
                &fpath,
                "bad-name",
                format!("`{name}` is a common field of every page and cannot be redeclared"),
                None,
            );
            return None;
        }
        if name == super::RECORD_KEY {
            self.error(
                &fpath,
                "bad-name",
                format!("`{name}` is what a translation records its original's version under"),
                Some("give the field another name".into()),
            );
            return None;
        }
        let def = match def {
            Yaml::Str(t) => Yaml::Map(vec![("type".into(), Yaml::Str(t.clone()))]),
            other => other.clone(),
        };
        if !matches!(def, Yaml::Map(_)) {
            self.error(
                &fpath,
                "wrong-type",
                format!("field `{name}` must be a mapping with at least `type`"),
                None,
            );
            return None;
        }
        self.check_keys(&def, &fpath, &FIELD_KEYS);
        let kind = self.field_kind(&def, &fpath, name, collections)?;
        let backlinks_label = self
            .string(&def, &fpath, "backlinks_label")
            .unwrap_or_default();
        if !backlinks_label.is_empty()
            && let Err(p) = kind.check_backlinks_label(name)
        {
            let mut at = fpath.clone();
            at.push(p.key);
            self.error(&at, p.code, p.message, Some(p.hint));
        }
        let mut value_labels = BTreeMap::new();
        if let Some(Yaml::Map(labels)) = def.get("labels") {
            for (k, v) in labels {
                value_labels.insert(k.clone(), v.display());
            }
        }
        Some(FieldDef {
            label: self
                .string(&def, &fpath, "label")
                .unwrap_or_else(|| humanize(name)),
            help: self.string(&def, &fpath, "help").unwrap_or_default(),
            required: self.boolean(&def, &fpath, "required").unwrap_or(false),
            kind,
            value_labels,
            backlinks_label,
            name: name.clone(),
        })
    }

    /// The kind a field declares (`type`, `to`, `values`, `min`, `max`),
    /// or the problem with it at the key to edit.
    fn field_kind(
        &mut self,
        def: &Yaml,
        fpath: &[&str],
        name: &str,
        collections: &[String],
    ) -> Option<FieldKind> {
        let type_name = self.string(def, fpath, "type").unwrap_or_default();
        let min = self.number(def, fpath, "min");
        let max = self.number(def, fpath, "max");
        let values = self.string_list(def, fpath, "values");
        let pattern = self.string(def, fpath, "pattern").map(|p| {
            (
                p,
                self.string(def, fpath, "pattern_help").unwrap_or_default(),
            )
        });
        let decl = Decl {
            min,
            max,
            values,
            collections,
            pattern,
            not_before: self.string(def, fpath, "not_before"),
        };
        let declared = FieldKind::declare(name, &type_name, decl, &mut || {
            self.string(def, fpath, "to")
        });
        match declared {
            Ok(kind) => Some(kind),
            Err(p) => {
                let mut at = fpath.to_vec();
                if !p.key.is_empty() {
                    at.push(p.key);
                }
                self.error_at_value(&at, p.underline.as_deref(), p.code, p.message, Some(p.hint));
                None
            }
        }
    }
}
