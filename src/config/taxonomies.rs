//! hub.yaml's `taxonomies:`: each taxonomy's name, label and field.

use super::read::Parser;
use super::{Collection, TERM_PER_PAGE, Taxonomy};
use crate::text::{humanize, nearest};
use crate::yaml::Yaml;

const TAXONOMY_KEYS: [&str; 4] = ["label", "field", "description", "per_page"];

impl Parser<'_> {
    pub(super) fn taxonomies(&mut self, root: &Yaml, collections: &[Collection]) -> Vec<Taxonomy> {
        let Some(Yaml::Map(entries)) = root.get("taxonomies") else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(name, body)| self.taxonomy(name, body, collections))
            .collect()
    }

    fn taxonomy(
        &mut self,
        name: &String,
        body: &Yaml,
        collections: &[Collection],
    ) -> Option<Taxonomy> {
        let path = ["taxonomies", name.as_str()];
        self.check_keys(body, &path, &TAXONOMY_KEYS);
        if let Some((message, hint)) = name_problem(name, collections) {
            self.error(&path, "bad-name", message, Some(hint));
            return None;
        }
        let field = self
            .string(body, &path, "field")
            .unwrap_or_else(|| name.clone());
        let usable = collections
            .iter()
            .flat_map(|c| &c.fields)
            .any(|f| f.name == field && f.kind.gives_terms());
        if !usable {
            let candidates: Vec<&str> = collections
                .iter()
                .flat_map(|c| &c.fields)
                .filter(|f| f.kind.gives_terms())
                .map(|f| f.name.as_str())
                .collect();
            let hint = match nearest(&field, candidates.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => {
                    "a taxonomy needs a list, enum or string field declared in a collection".into()
                }
            };
            let fpath = ["taxonomies", name.as_str(), "field"];
            self.error(&fpath, "unknown-field", format!("taxonomy `{name}` uses field `{field}`, which no collection declares as a list, enum or string"), Some(hint));
            return None;
        }
        Some(Taxonomy {
            label: self
                .string(body, &path, "label")
                .unwrap_or_else(|| humanize(name)),
            description: self.string(body, &path, "description").unwrap_or_default(),
            per_page: self
                .number(body, &path, "per_page")
                .map_or(TERM_PER_PAGE, |n| n.max(1.0) as usize),
            field,
            name: name.clone(),
        })
    }
}

/// The name is the folder of the taxonomy's pages: it must be a slug, and
/// not a folder clusterhub or a collection fills. (message, hint).
fn name_problem(name: &str, collections: &[Collection]) -> Option<(String, String)> {
    let slug = crate::text::slugify(name);
    if slug != name {
        let hint = if slug.is_empty() {
            "use a name such as `themes`".to_string()
        } else {
            format!("use `{slug}`")
        };
        let message =
            format!("taxonomy name `{name}` must be lowercase letters, digits and hyphens");
        return Some((message, hint));
    }
    if let Some(what) = crate::routes::generated_folder(name) {
        return Some((
            format!("taxonomy `{name}` would write its pages where clusterhub writes {what}"),
            "choose another name".to_string(),
        ));
    }
    collections.iter().any(|c| c.name == name).then(|| {
        (
            format!("taxonomy `{name}` has the same name as a collection"),
            format!("both would write their pages in {name}/; choose another name"),
        )
    })
}
