//! `clusterhub schema`: one JSON Schema (draft 2020-12) per collection,
//! generated from hub.yaml's content model, for editors that check front
//! matter while you type.

use super::{EXIT_FAILURE, EXIT_OK};
use crate::cli::SchemaArgs;
use crate::config::{Collection, Config};
use crate::model::DATE_PATTERN;
use crate::pipeline;
use serde_json::{Map, Value, json};

pub(crate) fn run(args: &SchemaArgs) -> u8 {
    let mut diags = Vec::new();
    let Some(config) = pipeline::load_config(args.root(), &mut diags) else {
        super::report(&mut diags, crate::cli::Format::Human);
        return EXIT_FAILURE;
    };
    let output = if args.output.is_absolute() {
        args.output.clone()
    } else {
        args.root().join(&args.output)
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
        properties.insert(def.name.clone(), def.schema(config));
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
