//! `clusterhub schema`: one JSON Schema (draft 2020-12) per collection,
//! generated from hub.yaml's content model, for editors that check front
//! matter while you type.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::SchemaArgs;
use crate::config::{Collection, Config, FieldDef, FieldKind};
use crate::pipeline;
use serde_json::{Map, Value, json};

/// `YYYY-MM-DD` or `YYYY-MM` (the calendar itself is checked by `check`).
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$";

pub fn run(args: &SchemaArgs) -> u8 {
    let config = match pipeline::load_config(&args.root) {
        Ok((config, _)) => config,
        Err(mut diags) => {
            super::report(&mut diags, crate::cli::Format::Human);
            return EXIT_FAILURE;
        }
    };
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        args.root.join(&args.output)
    };
    if let Err(e) = std::fs::create_dir_all(&output) {
        eprintln!("error: cannot create {}: {e}", output.display());
        return EXIT_FAILURE;
    }
    for collection in &config.collections {
        let path = output.join(format!("{}.schema.json", collection.name));
        let text = schema_text(&config, collection);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_FAILURE;
        }
    }
    eprintln!(
        "wrote {} schemas into {}",
        config.collections.len(),
        output.display()
    );
    EXIT_OK
}

/// The schema file's text: pretty JSON with a final newline, stable from
/// run to run so it can be committed.
pub(crate) fn schema_text(config: &Config, collection: &Collection) -> String {
    let mut text = serde_json::to_string_pretty(&schema(config, collection))
        .unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// The JSON Schema of the front matter of a page in `collection`.
pub(crate) fn schema(config: &Config, collection: &Collection) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "title".into(),
        json!({
            "description": "The page title, as readers will see it.",
            "type": ["string", "number"],
            "minLength": 1
        }),
    );
    properties.insert(
        "summary".into(),
        json!({
            "description": format!("One or two sentences saying what the page is about (at most {} characters).", config.summary_max_length),
            "type": ["string", "null"]
        }),
    );
    properties.insert(
        "date".into(),
        date_schema(
            "The date of the page: YYYY-MM-DD, or YYYY-MM when only the month is known.",
            false,
        ),
    );
    properties.insert(
        "updated".into(),
        date_schema(
            "When the page was last changed substantially: YYYY-MM-DD or YYYY-MM.",
            false,
        ),
    );
    properties.insert(
        "draft".into(),
        json!({
            "description": "true keeps the page out of the published site.",
            "type": "boolean"
        }),
    );
    properties.insert(
        "sources".into(),
        json!({
            "description": "Web addresses of the sources for what the page says.",
            "type": ["array", "null"],
            "items": {"type": "string", "format": "uri"}
        }),
    );
    let mut required = vec![Value::from("title")];
    for def in &collection.fields {
        properties.insert(def.name.clone(), field_schema(config, def));
        if def.required {
            required.push(Value::from(def.name.clone()));
        }
    }
    let mut description = format!("Front matter of a page in content/{}/", collection.name);
    if !collection.description.is_empty() {
        description = format!("{description}: {}", collection.description);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{}.schema.json", collection.name),
        "title": format!("{} ({})", collection.singular, config.title),
        "description": description,
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false
    })
}

fn date_schema(description: &str, required: bool) -> Value {
    json!({
        "description": description,
        "type": if required { json!("string") } else { json!(["string", "null"]) },
        "pattern": DATE_PATTERN
    })
}

/// One declared field. Empty values (`field:`) mean "not filled in", so an
/// optional field also accepts null; a required one does not.
fn field_schema(config: &Config, def: &FieldDef) -> Value {
    let mut description = def.help.clone();
    let optional = !def.required;
    let with_null = |types: &[&str]| -> Value {
        let mut t: Vec<Value> = types.iter().map(|s| Value::from(*s)).collect();
        if optional {
            t.push(Value::from("null"));
        }
        if t.len() == 1 {
            t.remove(0)
        } else {
            Value::Array(t)
        }
    };
    let mut s = Map::new();
    match &def.kind {
        // `check` reads numbers and true/false as their text here.
        FieldKind::String | FieldKind::Text => {
            s.insert("type".into(), with_null(&["string", "number", "boolean"]));
        }
        FieldKind::Integer { min, max } | FieldKind::Number { min, max } => {
            let t = if matches!(def.kind, FieldKind::Integer { .. }) {
                "integer"
            } else {
                "number"
            };
            s.insert("type".into(), with_null(&[t]));
            if let Some(min) = min {
                s.insert("minimum".into(), number(*min));
            }
            if let Some(max) = max {
                s.insert("maximum".into(), number(*max));
            }
        }
        FieldKind::Bool => {
            s.insert("type".into(), with_null(&["boolean"]));
        }
        FieldKind::Date => {
            s.insert("type".into(), with_null(&["string"]));
            s.insert("pattern".into(), DATE_PATTERN.into());
        }
        FieldKind::Url => {
            s.insert("type".into(), with_null(&["string"]));
            s.insert("format".into(), "uri".into());
            s.insert("pattern".into(), "^https?://".into());
        }
        FieldKind::Enum { values } => {
            let mut allowed: Vec<Value> = values.iter().map(|v| Value::from(v.as_str())).collect();
            if optional {
                allowed.push(Value::Null);
            }
            s.insert("enum".into(), Value::Array(allowed));
        }
        FieldKind::List { values } => {
            s.insert("type".into(), with_null(&["array"]));
            let items = match values {
                Some(values) => json!({"enum": values}),
                None => json!({"type": ["string", "number", "boolean"]}),
            };
            s.insert("items".into(), items);
        }
        FieldKind::Ref { to } => {
            s.insert("type".into(), with_null(&["string"]));
            s.insert("pattern".into(), "^[a-z0-9_-]+$".into());
            description.push_str(&ref_note(config, to, false));
        }
        FieldKind::Refs { to } => {
            s.insert("type".into(), with_null(&["array"]));
            s.insert(
                "items".into(),
                json!({"type": "string", "pattern": "^[a-z0-9_-]+$"}),
            );
            description.push_str(&ref_note(config, to, true));
        }
    }
    let mut out = Map::new();
    out.insert("title".into(), def.label.clone().into());
    if !description.is_empty() {
        out.insert("description".into(), description.trim_start().into());
    }
    out.extend(s);
    Value::Object(out)
}

fn ref_note(config: &Config, to: &str, many: bool) -> String {
    let label = config
        .collection(to)
        .map_or(to.to_string(), |c| c.label.to_lowercase());
    if many {
        format!(" A list of {label}: the file names of pages in content/{to}/, without .md.")
    } else {
        format!(" One of the {label}: the file name of a page in content/{to}/, without .md.")
    }
}

/// Whole numbers as JSON integers (`0`, not `0.0`).
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}
