//! CSV with a header row: git-backlog's own `list --format csv` (a round trip), or any
//! export whose columns are named after our fields (by key or label) or mapped to them
//! with `--map` (`fields: {"Story Points": points}`).
//!
//! Lists are comma-separated (`payments, api`); the `criteria` column holds one criterion
//! a line, `[x] text` or `[ ] text`; derived columns (`criteria_done`, `criteria_total`,
//! `path`) are skipped; a column no field takes is said once.

use super::{Mapping, Record};
use crate::config::Config;
use crate::error::{Result, invalid};
use crate::schema;

const DERIVED: &[&str] = &["criteria_done", "criteria_total", "path"];

pub fn read(text: &str, map: &Mapping, config: &Config) -> Result<(Vec<Record>, Vec<String>)> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| crate::error::Error::Invalid(format!("the header row: {e}")))?
        .clone();
    // Each column's field, or why it has none.
    let mut fields: Vec<Option<String>> = Vec::new();
    let mut warnings = Vec::new();
    for column in headers.iter() {
        let column = column.trim();
        let field = map.field(column).map(str::to_string).or_else(|| {
            let by_key = schema::lookup(column, config).map(|f| f.key);
            let by_label = || {
                schema::all(config)
                    .into_iter()
                    .find(|f| f.label.eq_ignore_ascii_case(column))
                    .map(|f| f.key)
            };
            match column {
                "id" | "title" | "description" | "criteria" => Some(column.to_string()),
                c if DERIVED.contains(&c) => None,
                _ => by_key.or_else(by_label),
            }
        });
        if field.is_none() && !DERIVED.contains(&column) && !column.is_empty() {
            warnings.push(format!(
                "column {column:?} has no field here and is not kept (map it: --map with `fields: {{{column:?}: FIELD}}`)"
            ));
        }
        fields.push(field);
    }
    if !fields.iter().any(|f| f.as_deref() == Some("title")) {
        return invalid(
            "no `title` column (name one, or map it with --map `fields: {Summary: title}`)",
        );
    }
    let mut records = Vec::new();
    for (row, result) in reader.records().enumerate() {
        let line = row + 2;
        let cells =
            result.map_err(|e| crate::error::Error::Invalid(format!("line {line}: {e}")))?;
        let mut record = Record::default();
        for (cell, field) in cells.iter().zip(&fields) {
            let Some(field) = field else { continue };
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let list = |c: &str| -> Vec<String> {
                c.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            match field.as_str() {
                "id" => record.id = Some(cell.to_string()),
                "source" => record.key = cell.to_string(),
                "title" => record.title = cell.to_string(),
                "description" => record.description = Some(cell.replace("\r\n", "\n")),
                "criteria" => {
                    record.criteria = cell
                        .lines()
                        .filter_map(|l| {
                            let l = l.trim();
                            let (done, text) = if let Some(t) =
                                l.strip_prefix("[x]").or_else(|| l.strip_prefix("[X]"))
                            {
                                (true, t)
                            } else {
                                (false, l.strip_prefix("[ ]").unwrap_or(l))
                            };
                            Some((text.trim().to_string(), done)).filter(|(t, _)| !t.is_empty())
                        })
                        .collect();
                }
                "epic" => record.epic = Some(cell.to_string()),
                "depends_on" => record.depends_on = list(cell),
                other => {
                    let value = map.value(other, cell);
                    let value = if schema::lookup(other, config)
                        .is_some_and(|f| f.kind == crate::config::FieldKind::List)
                    {
                        list(&value).join(",")
                    } else {
                        value
                    };
                    record.values.push((other.to_string(), value));
                }
            }
        }
        if record.title.is_empty() {
            return invalid(format!("line {line}: no title"));
        }
        if record.key.is_empty() {
            record.key = record.id.clone().unwrap_or_else(|| format!("csv:{line}"));
        }
        records.push(record);
    }
    Ok((records, warnings))
}
