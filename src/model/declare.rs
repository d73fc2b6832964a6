//! How hub.yaml declares a field's kind (`FieldKind::declare`), with the
//! rules it may add (`pattern:`, `not_before:`), and those rules checked
//! across a page's fields (`check_order`).

use super::{FIELD_TYPES, FieldDef, FieldKind, FieldValue, Problem, choice, date, refs, text};

/// The keys of a field's declaration in hub.yaml that say what its kind
/// holds (`type` aside), read by `config` (which reports wrong types).
pub(crate) struct Decl<'a> {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub values: Option<Vec<String>>,
    /// The collections hub.yaml declares (refs point to one).
    pub collections: &'a [String],
    /// `pattern` and `pattern_help` (text kinds).
    pub pattern: Option<(String, String)>,
    /// `not_before` (dates): another field of the collection.
    pub not_before: Option<String>,
}

/// A `pattern` or `not_before` declared on a kind that has no such rule.
fn rules_problem(
    name: &str,
    type_name: &str,
    pattern: bool,
    not_before: bool,
) -> Option<DeclProblem> {
    let (key, only) = if pattern && !matches!(type_name, "string" | "text") {
        ("pattern", "`string` and `text` fields")
    } else if not_before && type_name != "date" {
        ("not_before", "`date` fields")
    } else {
        return None;
    };
    Some(DeclProblem {
        key,
        underline: None,
        code: "bad-field",
        message: format!("field `{name}` is of type `{type_name}`, which has no `{key}`"),
        hint: format!("`{key}` is for {only}; remove it"),
    })
}

/// Cross-field rules of a collection (`not_before`): for each date field
/// whose value is earlier than the one of the field it may not precede,
/// (that field's name, the problem at its value).
pub(crate) fn check_order(
    defs: &[FieldDef],
    value_of: &dyn Fn(&str) -> Option<FieldValue>,
) -> Vec<(String, Problem)> {
    let mut out = Vec::new();
    for def in defs {
        let FieldKind::Date {
            not_before: Some(other),
        } = &def.kind
        else {
            continue;
        };
        if let (Some(FieldValue::Date(this)), Some(FieldValue::Date(first))) =
            (value_of(&def.name), value_of(other))
            && let Some(p) = date::order_problem(&def.name, &this, other, &first)
        {
            out.push((def.name.clone(), p));
        }
    }
    out
}

/// A mistake in a field's declaration, for `config` to place: at the
/// field's name (`key` empty) or at its `type` or `to`, underlining
/// `underline` when given.
#[derive(Debug, PartialEq)]
pub(crate) struct DeclProblem {
    pub key: &'static str,
    pub underline: Option<String>,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

impl FieldKind {
    /// The kind of field `name` declared with `type: <type_name>`; `to`
    /// reads its `to` key, which only refs use.
    pub(crate) fn declare(
        name: &str,
        type_name: &str,
        decl: Decl<'_>,
        to: &mut dyn FnMut() -> Option<String>,
    ) -> Result<FieldKind, DeclProblem> {
        let Decl {
            min,
            max,
            values,
            pattern,
            not_before,
            ..
        } = decl;
        if let Some(p) = rules_problem(name, type_name, pattern.is_some(), not_before.is_some()) {
            return Err(p);
        }
        let pattern = match pattern {
            Some((source, help)) => Some(text::declare_pattern(name, &source, help)?),
            None => None,
        };
        match type_name {
            "string" => Ok(FieldKind::String { pattern }),
            "text" => Ok(FieldKind::Text { pattern }),
            "integer" => Ok(FieldKind::Integer { min, max }),
            "number" => Ok(FieldKind::Number { min, max }),
            "bool" => Ok(FieldKind::Bool),
            "date" => Ok(FieldKind::Date { not_before }),
            "url" => Ok(FieldKind::Url),
            "enum" => choice::declare_enum(name, values),
            "list" => Ok(FieldKind::List { values }),
            "ref" | "refs" => refs::declare(name, type_name, to(), decl.collections),
            "" => Err(DeclProblem {
                key: "",
                underline: None,
                code: "bad-field",
                message: format!("field `{name}` has no `type`"),
                hint: format!("add `type:` with one of: {}", FIELD_TYPES.join(", ")),
            }),
            other => Err(DeclProblem {
                key: "type",
                underline: Some(other.to_string()),
                code: "unknown-type",
                message: format!("unknown field type `{other}` for field `{name}`"),
                hint: match crate::text::nearest(other, FIELD_TYPES.iter().copied()) {
                    Some(n) => format!(
                        "did you mean `{n}`? Field types: {}",
                        FIELD_TYPES.join(", ")
                    ),
                    None => format!("field types: {}", FIELD_TYPES.join(", ")),
                },
            }),
        }
    }
}

impl FieldKind {
    /// Whether field `name`, of this kind, may declare `backlinks_label`:
    /// only a ref makes the pages it points to list the pages referring to
    /// them.
    pub(crate) fn check_backlinks_label(&self, name: &str) -> Result<(), DeclProblem> {
        match self.target() {
            Some(_) => Ok(()),
            None => Err(refs::backlinks_label_problem(name, self.type_name())),
        }
    }
}
