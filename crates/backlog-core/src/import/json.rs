//! git-backlog's own JSON (`list --format json`, or a list of such stories): a round trip.
//! IDs are kept when free; every field comes back as it was, unknown keys included.

use serde_json::Value;

use super::{Mapping, Record};
use crate::error::{Result, invalid};

/// The fields of a story's JSON that are no field to set (derived, or said otherwise).
const SKIPPED: &[&str] = &[
    "id",
    "title",
    "done",
    "description",
    "criteria",
    "path",
    "fields",
    "extra",
    "comments",
    "epic",
    "depends_on",
    "version",
    "progress",
];

pub fn read(doc: &Value, map: &Mapping) -> Result<(Vec<Record>, Vec<String>)> {
    let stories = match doc {
        Value::Object(o) if o.contains_key("stories") => o["stories"].as_array(),
        Value::Array(a) => Some(a),
        _ => None,
    };
    let Some(stories) = stories else {
        return invalid("expected `list --format json` output, or a list of stories");
    };
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    for (i, story) in stories.iter().enumerate() {
        let Some(object) = story.as_object() else {
            return invalid(format!("story {}: expected an object", i + 1));
        };
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(|s| s.replace(',', " ")))
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .filter(|s| !s.is_empty()),
            _ => None,
        };
        let id = object.get("id").and_then(Value::as_str).map(str::to_string);
        let key = id.clone().unwrap_or_else(|| format!("json:{}", i + 1));
        let mut record = Record {
            key: key.clone(),
            id,
            title: object
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            description: object
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            epic: object
                .get("epic")
                .and_then(Value::as_str)
                .map(str::to_string),
            depends_on: object
                .get("depends_on")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str().map(str::to_string))
                .collect(),
            ..Record::default()
        };
        record.criteria = object
            .get("criteria")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                Some((
                    c.get("text")?.as_str()?.to_string(),
                    c.get("done").and_then(Value::as_bool).unwrap_or(false),
                ))
            })
            .collect();
        let declared = object
            .iter()
            .filter(|(k, _)| !SKIPPED.contains(&k.as_str()))
            .chain(
                object
                    .get("fields")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten(),
            )
            .map(|kv| (kv, false));
        // Keys no field declared in the exporting backlog: kept as they were.
        let undeclared = object
            .get("extra")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|kv| (kv, true));
        for ((field, value), extra) in declared.chain(undeclared) {
            let field = map.field(field).unwrap_or(field);
            let empty = value.is_null() || value.as_array().is_some_and(|a| a.is_empty());
            match text(value) {
                Some(value) => {
                    let value = map.value(field, &value);
                    let to = if extra {
                        &mut record.extra
                    } else {
                        &mut record.values
                    };
                    to.push((field.to_string(), value));
                }
                None if empty => {}
                None => warnings.push(format!(
                    "{key}: {field} is not kept (a value of this shape has no field here)"
                )),
            }
        }
        // YAML comments have no field to go to: said, with their text.
        for comment in object
            .get("comments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(text) = comment.get("text").and_then(Value::as_str) {
                warnings.push(format!(
                    "{key}: the comment \"# {text}\" is not kept (add it back by hand)"
                ));
            }
        }
        records.push(record);
    }
    Ok((records, warnings))
}
